// kasir-scan-replay: runs ScanService over any frame source with the real decoder process and
// prints each scan event, the counters and timing figures; with --expected (a generator's
// expected_scans.csv) it checks that exactly those items were scanned, in order.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <mutex>
#include <vector>

#include "vision/gen/generate.hpp"
#include "vision/scan/scan_service.hpp"
#include "vision/worker/decoder_process.hpp"

using namespace kiosk::vision;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Scan a frame source with the kiosk's ScanService and print the scans"};
    std::string spec;
    std::string expectedPath;
    int agree = 2;
    long long agreeWindow = 700, absence = 1000;
    double timeout = 600;
    app.add_option("source", spec,
                   "frame source: folder:DIR?fps=30, video:FILE, v4l2:/dev/video0, ...")
        ->required();
    app.add_option("--expected", expectedPath, "expected_scans.csv from kasir-barcode-gen");
    app.add_option("--agree", agree, "frames that must agree")->capture_default_str();
    app.add_option("--agree-window", agreeWindow, "ms")->capture_default_str();
    app.add_option("--absence", absence, "ms out of view before a code scans again")
        ->capture_default_str();
    app.add_option("--timeout", timeout, "seconds before giving up on a live source")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    auto source = openFrameSource(spec);
    if (!source) {
        std::fprintf(stderr, "kasir-scan-replay: %s\n", source.error().message.c_str());
        return 2;
    }
    std::mutex m;
    std::vector<ScanEvent> events;
    ScanServiceOptions options;
    options.filter = ScanFilterOptions{agree, agreeWindow, absence};
    auto decoder = std::make_unique<DecoderProcess>();
    ScanService svc(
        std::move(*source), std::move(decoder), options,
        [&](ScanEvent e) {
            std::printf(
                "frame %6lld  %-8s %-3s %-40s %s  decode %.1f ms, read->event %.1f ms, "
                "agreement %lld ms\n",
                static_cast<long long>(e.frameIndex), e.format.c_str(), e.symbologyId.c_str(),
                e.text.c_str(),
                e.code ? (std::string(kiosk::toString(e.code->kind)) + " " + e.code->gtin14).c_str()
                       : ("REFUSED: " + e.error).c_str(),
                e.decodeMs, e.acceptMs, static_cast<long long>(e.agreementMs));
            std::fflush(stdout);
            std::lock_guard lock(m);
            events.push_back(std::move(e));
        },
        [](const kiosk::devices::DeviceHealth& h) {
            std::printf("camera %s: %s%s%s\n", h.address.c_str(), kiosk::devices::toString(h.state),
                        h.lastError.empty() ? "" : " - ", h.lastError.c_str());
        });
    const auto t0 = std::chrono::steady_clock::now();
    svc.start();
    const bool ended =
        svc.waitUntilEnded(std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000)));
    svc.stop();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const ScanCounters c = svc.counters();
    const SourceStats s = svc.sourceStats();
    std::vector<double> decode, accept;
    for (const auto& e : events) {
        decode.push_back(e.decodeMs);
        accept.push_back(e.acceptMs);
    }
    std::printf(
        "\n%llu frames in %.1f s (%.1f frames/s), %llu skipped, %llu with a code, %llu "
        "scans (%llu refused)\n",
        static_cast<unsigned long long>(c.frames), wall,
        wall > 0 ? static_cast<double>(c.frames) / wall : 0.0,
        static_cast<unsigned long long>(c.skipped), static_cast<unsigned long long>(c.decoded),
        static_cast<unsigned long long>(c.accepted), static_cast<unsigned long long>(c.refused));
    std::printf("decoder: %llu crashes, %llu timeouts, %llu errors survived\n",
                static_cast<unsigned long long>(c.decoderCrashes),
                static_cast<unsigned long long>(c.decoderTimeouts),
                static_cast<unsigned long long>(c.decoderErrors));
    std::printf("source: %llu bad files, %llu converted, %llu empty frames%s%s\n",
                static_cast<unsigned long long>(s.badFiles),
                static_cast<unsigned long long>(s.converted),
                static_cast<unsigned long long>(s.emptyFrames),
                s.lastProblem.empty() ? "" : "; last: ", s.lastProblem.c_str());
    std::printf(
        "accepting frame: decode median %.1f ms, p95 %.1f ms; frame read -> event "
        "median %.1f ms, p95 %.1f ms\n",
        percentile(decode, 0.5), percentile(decode, 0.95), percentile(accept, 0.5),
        percentile(accept, 0.95));
    if (!ended)
        std::printf("(stopped after %.0f s: the source had not ended)\n", timeout);
    if (expectedPath.empty())
        return 0;

    auto expected = gen::readExpectedScans(expectedPath);
    if (!expected) {
        std::fprintf(stderr, "kasir-scan-replay: %s\n", expected.error().message.c_str());
        return 2;
    }
    // Every event must be the item in view at its frame, once: misses are counted, a wrong
    // or repeated scan fails.
    size_t next = 0, matched = 0, wrong = 0;
    for (const auto& e : events) {
        while (next < expected->size() && (*expected)[next].lastFrame < e.frameIndex)
            ++next;
        const bool ok = next < expected->size() && e.frameIndex >= (*expected)[next].firstFrame &&
                        e.code && e.code->gtin14 == (*expected)[next].gtin14;
        if (ok) {
            ++matched;
            ++next;
        } else {
            ++wrong;
            std::printf("WRONG: frame %lld '%s'\n", static_cast<long long>(e.frameIndex),
                        e.text.c_str());
        }
    }
    std::printf("expected %zu scans: %zu scanned, %zu missed, %zu wrong or repeated\n",
                expected->size(), matched, expected->size() - matched, wrong);
    return wrong == 0 ? 0 : 1;
}
