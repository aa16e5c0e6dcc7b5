// kasir-scan-bench: kasir's decoding strategy (through DecoderProcess, as the kiosk runs it)
// against plain ZXing-cpp ReadBarcode (in a child process, so its aborts are counted) on a
// manifest of real photos, and optionally on synthetic 1280x720 camera frames.
#include <ZXing/ReadBarcode.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include <spdlog/spdlog.h>

#include "vision/bench/child_runner.hpp"
#include "vision/bench/compare.hpp"
#include "vision/bench/synth.hpp"
#include "vision/worker/decoder_process.hpp"

namespace {

using namespace kiosk::vision;
using namespace kiosk::vision::bench;
using json = nlohmann::json;

struct Figures {
    int cases = 0;
    int correct = 0;
    int wrong = 0;
    int none = 0;
    int crashes = 0;
    int timeouts = 0;
    int unreadable = 0;
    std::vector<double> ms;      // CPU time of the decoder on the image (one core)
    std::vector<double> wallMs;  // wall clock, including the trip to the worker process

    // An image that could not be read from its file counts as a case but has no time.
    void add(ReadClass c, double cpu, double wall, bool timed = true) {
        ++cases;
        (c == ReadClass::Correct ? correct : c == ReadClass::Wrong ? wrong : none)++;
        if (timed) {
            ms.push_back(cpu);
            wallMs.push_back(wall);
        }
    }
    double percentile(double p, bool wall = false) const {
        const auto& v = wall ? wallMs : ms;
        if (v.empty()) {
            return 0;
        }
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        // Nearest rank.
        auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(s.size())));
        return s[std::clamp<std::size_t>(rank, 1, s.size()) - 1];
    }
    json toJson() const {
        return {{"cases", cases},
                {"correct", correct},
                {"wrong", wrong},
                {"none", none},
                {"crashes", crashes},
                {"timeouts", timeouts},
                {"unreadable", unreadable},
                {"median_ms", round3(percentile(50))},
                {"p95_ms", round3(percentile(95))},
                {"wall_median_ms", round3(percentile(50, true))},
                {"wall_p95_ms", round3(percentile(95, true))}};
    }
    static double round3(double v) { return std::round(v * 1000) / 1000; }
};

struct Outcome {
    std::vector<Decoded> decoded;
    ReadClass cls = ReadClass::None;
    double ms = 0;
    double wallMs = 0;
    bool crashed = false;
    bool timedOut = false;
    std::string passes;
};

GrayFrame toFrame(const cv::Mat& gray, int64_t index) {
    GrayFrame f;
    cv::Mat packed = gray.isContinuous() ? gray : gray.clone();
    f.width = packed.cols;
    f.height = packed.rows;
    f.pixels.assign(packed.data, packed.data + packed.total());
    f.index = index;
    return f;
}

double threadCpuMs() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The baseline: one plain ReadBarcode call with its default hints, as an integrator would.
ChildAnswer baselineDecode(const cv::Mat& gray) {
    ChildAnswer a;
    if (gray.empty()) {
        return a;
    }
    auto start = std::chrono::steady_clock::now();
    double cpu0 = threadCpuMs();
    try {
        ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum,
                              static_cast<int>(gray.step));
        ZXing::Result r = ZXing::ReadBarcode(view);
        if (r.isValid()) {
            a.format = ZXing::ToString(r.format());
            a.text = r.text();
        }
    } catch (...) {
        // A throwing decoder decodes nothing.
    }
    a.ms = threadCpuMs() - cpu0;
    a.wallMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return a;
}

std::string joinDecoded(const std::vector<Decoded>& d) {
    std::string s;
    for (const auto& x : d) {
        s += (s.empty() ? "" : " | ") + x.text;
    }
    return s;
}

std::string fmtMs(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

void printTable(const std::map<std::string, std::pair<Figures, Figures>>& sets,
                const Figures& total, const Figures& baseTotal) {
    std::printf("%-22s %5s | %7s %5s %5s %7s %7s %7s | %7s %5s %5s %7s %7s %7s | %6s\n", "set",
                "cases", "correct", "wrong", "none", "crashes", "med ms", "p95 ms", "base ok",
                "wrong", "none", "crashes", "med ms", "p95 ms", "ratio");
    auto row = [](const std::string& name, const Figures& f, const Figures& b) {
        std::string ratio = b.correct > 0 ? fmtMs(double(f.correct) / b.correct) : "-";
        std::printf("%-22s %5d | %7d %5d %5d %7d %7s %7s | %7d %5d %5d %7d %7s %7s | %6s\n",
                    name.c_str(), f.cases, f.correct, f.wrong, f.none, f.crashes + f.timeouts,
                    fmtMs(f.percentile(50)).c_str(), fmtMs(f.percentile(95)).c_str(), b.correct,
                    b.wrong, b.none, b.crashes, fmtMs(b.percentile(50)).c_str(),
                    fmtMs(b.percentile(95)).c_str(), ratio.c_str());
    };
    for (const auto& [name, fb] : sets) {
        row(name, fb.first, fb.second);
    }
    row("TOTAL", total, baseTotal);
}

bool parseSize(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w <= 8192 && h <= 8192;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "kasir-scan-bench: kasir's decoding strategy (in its worker process) against plain "
        "ZXing-cpp ReadBarcode (in a child process) on a manifest of barcode images"};
    std::string manifestPath;
    std::string root;
    bool asJson = false;
    std::string frameSize;
    int frameCount = 300;
    int deadlineMs = 2000;
    app.add_option("--manifest", manifestPath, "CSV: relative_path,format,expected_text,source_set")
        ->required();
    app.add_option("--root", root, "folder the relative paths start from")->required();
    app.add_flag("--json", asJson, "print one JSON object instead of tables");
    app.add_option("--frames", frameSize,
                   "also time synthetic camera frames of this size, e.g. 1280x720");
    app.add_option("--frame-count", frameCount, "number of synthetic frames")
        ->check(CLI::Range(1, 100000));
    std::string saveFrames;
    app.add_option("--save-frames", saveFrames,
                   "write the synthetic frames as PNG into this folder");
    std::vector<std::string> workerArgs;
    app.add_option("--worker-arg", workerArgs,
                   "pass to kasir-vision-worker, e.g. --worker-arg=--exhaustive --worker-arg=1");
    app.add_option("--deadline-ms", deadlineMs, "per-image deadline of the decoder worker")
        ->check(CLI::Range(10, 600000));
    CLI11_PARSE(app, argc, argv);

    int frameW = 0;
    int frameH = 0;
    if (!frameSize.empty() && !parseSize(frameSize, frameW, frameH)) {
        std::fprintf(stderr, "kasir-scan-bench: --frames wants WIDTHxHEIGHT, got '%s'\n",
                     frameSize.c_str());
        return 2;
    }
    // One core, as the kiosk gives the decoder; OpenCV would otherwise spread over all.
    cv::setNumThreads(1);
    spdlog::set_level(asJson ? spdlog::level::err : spdlog::level::warn);

    std::ifstream in(manifestPath, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "kasir-scan-bench: cannot read %s\n", manifestPath.c_str());
        return 1;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    auto parsed = parseManifest(buf.str());
    if (!parsed.ok()) {
        std::fprintf(stderr, "kasir-scan-bench: %s: %s\n", manifestPath.c_str(),
                     parsed.error().message.c_str());
        return 1;
    }
    const auto& rows = parsed.value();

    // Load every image first, so decoding times exclude file reading.
    std::vector<cv::Mat> images(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        try {
            images[i] = cv::imread(root + "/" + rows[i].relativePath, cv::IMREAD_GRAYSCALE);
        } catch (const cv::Exception&) {
            images[i] = cv::Mat();
        }
        if (images[i].empty()) {
            std::fprintf(stderr, "kasir-scan-bench: cannot read image %s/%s (counted as none)\n",
                         root.c_str(), rows[i].relativePath.c_str());
        }
    }

    // Baseline first, in children.
    auto base = runInChildren(static_cast<int>(rows.size()),
                              [&](int i) { return baselineDecode(images[i]); });

    DecoderProcessOptions options;
    options.frameDeadline = std::chrono::milliseconds(deadlineMs);
    options.workerArgs = workerArgs;
    DecoderProcess decoder(options);
    if (!decoder.start()) {
        std::fprintf(stderr, "kasir-scan-bench: the decoder worker does not start: %s\n",
                     decoder.stats().lastFailure.c_str());
        return 1;
    }

    std::map<std::string, std::pair<Figures, Figures>> sets;
    Figures total;
    Figures baseTotal;
    json imagesJson = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        auto& [mine, theirs] = sets[row.sourceSet];
        Outcome o;
        if (images[i].empty()) {
            ++mine.unreadable;
            ++total.unreadable;
            ++theirs.unreadable;
            ++baseTotal.unreadable;
        } else {
            DecodeResult r = decoder.decode(toFrame(images[i], static_cast<int64_t>(i)), {});
            for (const auto& d : r.detections) {
                o.decoded.push_back({d.format, d.text});
                o.passes += (o.passes.empty() ? "" : " | ") + d.pass;
            }
            o.ms = r.cpuMs;
            o.wallMs = r.ms;
            o.crashed = r.crashed;
            o.timedOut = r.timedOut;
        }
        o.cls = classify(row, o.decoded);
        mine.add(o.cls, o.ms, o.wallMs, !images[i].empty());
        total.add(o.cls, o.ms, o.wallMs, !images[i].empty());
        mine.crashes += o.crashed;
        total.crashes += o.crashed;
        mine.timeouts += o.timedOut;
        total.timeouts += o.timedOut;

        const auto& b = base[i];
        std::vector<Decoded> bd;
        if (!b.format.empty()) {
            bd.push_back({b.format, b.text});
        }
        ReadClass bc = classify(row, bd);
        theirs.add(bc, b.ms, b.wallMs, !images[i].empty());
        baseTotal.add(bc, b.ms, b.wallMs, !images[i].empty());
        theirs.crashes += b.crashed;
        baseTotal.crashes += b.crashed;

        json img = {{"relative_path", row.relativePath},
                    {"decoded", joinDecoded(o.decoded)},
                    {"class", toString(o.cls)},
                    {"ms", Figures::round3(o.ms)},
                    {"wall_ms", Figures::round3(o.wallMs)},
                    {"pass", o.passes},
                    {"baseline_decoded", b.text},
                    {"baseline_class", toString(bc)},
                    {"baseline_ms", Figures::round3(b.ms)}};
        if (o.crashed || o.timedOut) {
            img["worker"] = o.crashed ? "crashed" : "timed out";
        }
        if (b.crashed) {
            img["baseline_crashed"] = true;
        }
        if (images[i].empty()) {
            img["error"] = "unreadable image";
        }
        imagesJson.push_back(std::move(img));
    }

    json out;
    out["total"] = total.toJson();
    out["baseline"]["total"] = baseTotal.toJson();
    for (const auto& [name, fb] : sets) {
        out["sets"][name] = fb.first.toJson();
        out["baseline"]["sets"][name] = fb.second.toJson();
    }
    out["images"] = std::move(imagesJson);
    out["worker"] = {{"restarts", decoder.stats().restarts},
                     {"crashes", decoder.stats().crashes},
                     {"timeouts", decoder.stats().timeouts}};

    if (!asJson) {
        std::printf(
            "kasir strategy (worker process) vs baseline (plain ZXing ReadBarcode); "
            "ms = decoder CPU time per image (one core)\n\n");
        printTable(sets, total, baseTotal);
        std::printf("\nworker restarts: %llu; unreadable images: %d\n",
                    static_cast<unsigned long long>(decoder.stats().restarts), total.unreadable);
    }

    if (frameW > 0) {
        std::vector<PasteSource> photos;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& f = rows[i].format;
            if (!images[i].empty() && (f == "EAN-13" || f == "UPC-A" || f == "EAN-8") &&
                base[i].format.size() > 0 &&
                classify(rows[i], {{base[i].format, base[i].text}}) == ReadClass::Correct) {
                photos.push_back({images[i], f, rows[i].expectedText});
            }
        }
        cv::theRNG().state = 12345;
        auto frames = makeFrames(frameW, frameH, frameCount, photos);
        if (!saveFrames.empty()) {
            for (std::size_t i = 0; i < frames.size(); ++i) {
                char name[64];
                std::snprintf(name, sizeof name, "/frame_%04zu.png", i);
                if (!cv::imwrite(saveFrames + name, frames[i].gray)) {
                    std::fprintf(stderr, "kasir-scan-bench: cannot write %s%s\n",
                                 saveFrames.c_str(), name);
                    break;
                }
            }
        }
        auto fbase = runInChildren(static_cast<int>(frames.size()),
                                   [&](int i) { return baselineDecode(frames[i].gray); });
        Figures all, withRoi, withoutCode, baseAll;
        json frameImages = json::array();
        // Per item held up (a sequence of frames): was it read in some frame, and in which?
        std::map<int, std::pair<int, int>> firstRead;  // sequence -> first frame read (mine, base)
        std::map<int, int> sequenceStart;
        std::optional<RectI> roi;
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const auto& sf = frames[i];
            if (sf.firstOfSequence) {
                roi.reset();
            }
            DecodeHints hints;
            hints.roi = roi;
            DecodeResult r = decoder.decode(toFrame(sf.gray, static_cast<int64_t>(i)), hints);
            std::vector<Decoded> d;
            for (const auto& x : r.detections) {
                d.push_back({x.format, x.text});
            }
            ManifestRow row{"", sf.format, sf.expectedText, ""};
            ReadClass c = sf.format.empty() ? (d.empty() ? ReadClass::Correct : ReadClass::Wrong)
                                            : classify(row, d);
            all.add(c, r.cpuMs, r.ms);
            all.crashes += r.crashed;
            all.timeouts += r.timedOut;
            if (roi) {
                withRoi.add(c, r.cpuMs, r.ms);
            }
            if (sf.format.empty()) {
                withoutCode.add(c, r.cpuMs, r.ms);
            }
            // Track the code as the scan filter does: the next frame looks where it was.
            roi.reset();
            if (!r.detections.empty()) {
                const auto& k = r.detections.front().corners;
                float x0 = k[0].x, x1 = k[0].x, y0 = k[0].y, y1 = k[0].y;
                for (const auto& p : k) {
                    x0 = std::min(x0, p.x);
                    x1 = std::max(x1, p.x);
                    y0 = std::min(y0, p.y);
                    y1 = std::max(y1, p.y);
                }
                roi = RectI{int(x0), int(y0), int(x1 - x0) + 1, int(y1 - y0) + 1};
            }
            const auto& b = fbase[i];
            std::vector<Decoded> bd;
            if (!b.format.empty()) {
                bd.push_back({b.format, b.text});
            }
            ReadClass bc = sf.format.empty() ? (bd.empty() ? ReadClass::Correct : ReadClass::Wrong)
                                             : classify(row, bd);
            baseAll.add(bc, b.ms, b.wallMs);
            if (!sf.format.empty()) {
                sequenceStart.try_emplace(sf.sequence, static_cast<int>(i));
                auto& fr = firstRead.try_emplace(sf.sequence, -1, -1).first->second;
                int at = static_cast<int>(i) - sequenceStart[sf.sequence];
                if (c == ReadClass::Correct && fr.first < 0) {
                    fr.first = at;
                }
                if (bc == ReadClass::Correct && fr.second < 0) {
                    fr.second = at;
                }
            }
            frameImages.push_back({{"index", i},
                                   {"expected", sf.expectedText},
                                   {"decoded", joinDecoded(d)},
                                   {"class", toString(c)},
                                   {"ms", Figures::round3(r.cpuMs)},
                                   {"roi", static_cast<bool>(hints.roi)},
                                   {"baseline_decoded", b.text},
                                   {"baseline_class", toString(bc)}});
            baseAll.crashes += b.crashed;
        }
        int items = static_cast<int>(firstRead.size());
        int itemsMine = 0;
        int itemsBase = 0;
        for (const auto& [seq, fr] : firstRead) {
            itemsMine += fr.first >= 0;
            itemsBase += fr.second >= 0;
        }
        out["frames"] = {{"size", frameSize},
                         {"items", items},
                         {"items_read", itemsMine},
                         {"baseline_items_read", itemsBase},
                         {"all", all.toJson()},
                         {"with_roi", withRoi.toJson()},
                         {"without_code", withoutCode.toJson()},
                         {"baseline", baseAll.toJson()},
                         {"images", std::move(frameImages)}};
        if (!asJson) {
            std::printf(
                "\n%dx%d synthetic camera frames (%zu; a frame without a code counts "
                "correct when nothing is read)\n",
                frameW, frameH, frames.size());
            std::printf("%-22s %5s | %7s %5s %5s %7s %7s %7s\n", "", "cases", "correct", "wrong",
                        "none", "crashes", "med ms", "p95 ms");
            auto line = [](const char* name, const Figures& f) {
                std::printf("%-22s %5d | %7d %5d %5d %7d %7s %7s\n", name, f.cases, f.correct,
                            f.wrong, f.none, f.crashes + f.timeouts,
                            fmtMs(f.percentile(50)).c_str(), fmtMs(f.percentile(95)).c_str());
            };
            line("kasir, all frames", all);
            line("kasir, with ROI", withRoi);
            line("kasir, no code", withoutCode);
            line("baseline ReadBarcode", baseAll);
            std::printf(
                "items held up (sequences with a code): %d; read in at least one frame: "
                "kasir %d, baseline %d\n",
                items, itemsMine, itemsBase);
        }
    }
    if (asJson) {
        std::printf("%s\n", out.dump(2).c_str());
    }
    return 0;
}
