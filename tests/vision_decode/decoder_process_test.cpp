// DecoderProcess against the real kasir-vision-worker: decoding, bad frames, a worker that
// aborts or hangs, a worker killed from outside, a missing worker binary.
#include "vision/worker/decoder_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include <fstream>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "render.hpp"
#include "vision/bench/compare.hpp"

namespace kiosk::vision {
namespace {

const std::string kWorker = std::string(KASIR_BINARY_DIR) + "/vision/worker/kasir-vision-worker";

DecoderProcessOptions options(std::vector<std::string> args = {}) {
    DecoderProcessOptions o;
    o.workerPath = kWorker;
    o.workerArgs = std::move(args);
    // Generous: sanitizer builds decode slowly, and only the hang test relies on the deadline.
    o.frameDeadline = std::chrono::milliseconds(3000);
    return o;
}

GrayFrame ean13Frame(int padTo = 0) {
    cv::Mat code = test::renderCode(ZXing::BarcodeFormat::EAN13, "4006381333931", 3, 80);
    if (padTo > code.cols) {
        cv::copyMakeBorder(code, code, 0, 0, 0, padTo - code.cols, cv::BORDER_CONSTANT,
                           cv::Scalar(255));
    }
    return test::toFrame(code);
}

bool decodesEan13(DecoderProcess& decoder, const GrayFrame& frame) {
    DecodeResult r = decoder.decode(frame, {});
    return !r.crashed && !r.timedOut && r.error.empty() && r.detections.size() == 1 &&
           r.detections[0].text == "4006381333931" && r.detections[0].format == "EAN-13";
}

// True once `pid` is neither running nor a zombie waiting to be reaped.
bool reaped(pid_t pid) {
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

TEST(DecoderProcess, DecodesThroughTheWorker) {
    DecoderProcess decoder(options());
    ASSERT_TRUE(decoder.start()) << decoder.stats().lastFailure;
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
    }
    EXPECT_EQ(decoder.stats().frames, 3u);
    EXPECT_EQ(decoder.stats().restarts, 0u);
    EXPECT_EQ(decoder.stats().crashes, 0u);
}

TEST(DecoderProcess, DecodesACameraSizedFrame) {
    // 1280x720: larger than the socket buffer, so the frame goes over in pieces.
    cv::Mat frame(720, 1280, CV_8UC1);
    cv::randu(frame, 60, 200);
    cv::Mat code = test::renderCode(ZXing::BarcodeFormat::EAN13, "4006381333931", 3, 90);
    code.copyTo(frame(cv::Rect(500, 300, code.cols, code.rows)));
    DecoderProcess decoder(options());
    DecodeResult r = decoder.decode(test::toFrame(frame), {});
    ASSERT_EQ(r.detections.size(), 1u) << r.error;
    EXPECT_EQ(r.detections[0].text, "4006381333931");
    EXPECT_GT(r.detections[0].corners[0].x, 450);
    EXPECT_GE(r.ms, r.cpuMs);
}

TEST(DecoderProcess, ReportsBadFramesAndKeepsGoing) {
    DecoderProcess decoder(options());
    GrayFrame empty;
    DecodeResult r = decoder.decode(empty, {});
    EXPECT_NE(r.error.find("zero size"), std::string::npos) << r.error;
    EXPECT_FALSE(r.crashed);

    GrayFrame wrong = ean13Frame();
    wrong.pixels.pop_back();
    r = decoder.decode(wrong, {});
    EXPECT_NE(r.error.find("bytes of pixels"), std::string::npos) << r.error;
    EXPECT_TRUE(r.detections.empty());

    GrayFrame negative;
    negative.width = -5;
    negative.height = 10;
    r = decoder.decode(negative, {});
    EXPECT_FALSE(r.error.empty());

    EXPECT_EQ(decoder.stats().badFrames, 3u);
    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
    EXPECT_EQ(decoder.stats().crashes, 0u);
}

TEST(DecoderProcess, AWorkerThatAbortsIsRestartedAndReaped) {
    DecoderProcess decoder(options({"--test-crash-width", "777"}));
    ASSERT_TRUE(decodesEan13(decoder, ean13Frame()));
    pid_t first = decoder.stats().workerPid;
    ASSERT_GT(first, 0);

    DecodeResult r = decoder.decode(ean13Frame(777), {});
    EXPECT_TRUE(r.crashed);
    EXPECT_FALSE(r.timedOut);
    EXPECT_NE(r.error.find("signal 6"), std::string::npos) << r.error;
    EXPECT_TRUE(reaped(first));

    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
    EXPECT_EQ(decoder.stats().crashes, 1u);
    EXPECT_EQ(decoder.stats().restarts, 1u);
    EXPECT_NE(decoder.stats().workerPid, first);
}

TEST(DecoderProcess, AWorkerPastTheDeadlineIsKilledAndRestarted) {
    auto o = options({"--test-hang-width", "555"});
    // Long enough for a fresh worker's first real frame on a loaded CI machine (the test
    // below decodes through it); the hang itself lasts a minute.
    o.frameDeadline = std::chrono::milliseconds(2000);
    DecoderProcess decoder(o);
    ASSERT_TRUE(decoder.start());
    pid_t first = decoder.stats().workerPid;

    DecodeResult r = decoder.decode(ean13Frame(555), {});
    EXPECT_TRUE(r.timedOut);
    EXPECT_FALSE(r.crashed);
    EXPECT_TRUE(r.detections.empty());
    EXPECT_TRUE(reaped(first));
    EXPECT_EQ(decoder.stats().timeouts, 1u);

    // The next frames decode with a fresh worker.
    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
    EXPECT_EQ(decoder.stats().restarts, 1u);
}

TEST(DecoderProcess, AWorkerKilledFromOutsideIsNoticedWithoutSigpipe) {
    // A send to a dead worker must not raise SIGPIPE here (default action: end the process).
    DecoderProcess decoder(options());
    ASSERT_TRUE(decoder.start());
    pid_t first = decoder.stats().workerPid;
    ASSERT_EQ(::kill(first, SIGKILL), 0);
    // Large frame: the send cannot fit in the socket buffer of a dead peer.
    cv::Mat big(1000, 1500, CV_8UC1, cv::Scalar(255));
    DecodeResult r = decoder.decode(test::toFrame(big), {});
    EXPECT_TRUE(r.crashed);
    EXPECT_NE(r.error.find("signal 9"), std::string::npos) << r.error;
    EXPECT_TRUE(reaped(first));
    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
}

TEST(DecoderProcess, AMissingWorkerIsReportedNotFatal) {
    DecoderProcessOptions o;
    o.workerPath = "/nonexistent/kasir-vision-worker";
    DecoderProcess decoder(o);
    EXPECT_FALSE(decoder.start());
    EXPECT_NE(decoder.stats().lastFailure.find("/nonexistent"), std::string::npos);
    DecodeResult r = decoder.decode(ean13Frame(), {});
    EXPECT_NE(r.error.find("unavailable"), std::string::npos) << r.error;
    EXPECT_TRUE(r.detections.empty());
    EXPECT_GE(decoder.stats().startFailures, 1u);
}

TEST(DecoderProcess, OutlivesTheThreadThatStartedTheWorker) {
    // ScanService::stop() ends the scan thread and start() makes a new one; the worker
    // started on the first thread must keep working for the second (PR_SET_PDEATHSIG, which
    // fires when the parent *thread* ends, killed it: a false crash and restart).
    DecoderProcess decoder(options());
    bool first = false;
    std::thread([&] { first = decodesEan13(decoder, ean13Frame()); }).join();
    ASSERT_TRUE(first);
    const pid_t worker = decoder.stats().workerPid;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let a signal land
    EXPECT_FALSE(reaped(worker));
    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
    EXPECT_EQ(decoder.stats().crashes, 0u);
    EXPECT_EQ(decoder.stats().restarts, 0u);
}

// Whether `pid` has ended: gone, or a zombie waiting for whoever adopted it.
bool ended(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return true;
    const size_t close = line.rfind(')');
    return close == std::string::npos || line.substr(close + 2, 1) == "Z";
}

TEST(DecoderProcess, ABusyWorkerEndsWithTheKiosk) {
    // A "kiosk" process starts a worker, keeps it busy on a frame that hangs (so it does not
    // notice its socket closing) and dies: the worker must not linger as an orphan.
    int pipeFds[2];
    ASSERT_EQ(::pipe(pipeFds), 0);
    const pid_t kiosk = ::fork();
    ASSERT_GE(kiosk, 0);
    if (kiosk == 0) {
        ::close(pipeFds[0]);
        auto o = options({"--test-hang-width", "555"});
        o.frameDeadline = std::chrono::milliseconds(120000);
        DecoderProcess decoder(o);
        if (!decoder.start())
            ::_exit(2);
        const pid_t w = decoder.stats().workerPid;
        std::thread([&] { decoder.decode(ean13Frame(555), {}); }).detach();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the worker is asleep
        if (::write(pipeFds[1], &w, sizeof w) != sizeof w)
            ::_exit(3);
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    pid_t worker = -1;
    ASSERT_EQ(::read(pipeFds[0], &worker, sizeof worker), static_cast<ssize_t>(sizeof worker));
    ::close(pipeFds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(kiosk, &status, 0), kiosk);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    bool gone = false;
    for (int i = 0; i < 300 && !(gone = ended(worker)); ++i)  // up to 30 s on a loaded machine
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!gone)
        ::kill(worker, SIGKILL);
    EXPECT_TRUE(gone) << "worker " << worker << " outlived its kiosk";
}

TEST(DecoderProcess, TheDestructorReapsTheWorker) {
    pid_t pid = -1;
    {
        DecoderProcess decoder(options());
        ASSERT_TRUE(decoder.start());
        pid = decoder.stats().workerPid;
        EXPECT_FALSE(reaped(pid));
    }
    EXPECT_TRUE(reaped(pid));
}

// Real photos (tests/data/barcodes, from zxing-cpp's test samples) on which ZXing-cpp 1.4.0's
// ReadBarcodes dies on an assertion, and photos it reads.
const std::string kData = std::string(KASIR_TEST_DATA) + "/barcodes/";
const std::vector<std::string> kAbortingImages = {"code128-1/4.png",
                                                  "rss14-1/9.webp",
                                                  "rss14-1/14.webp",
                                                  "rss14-2/20.webp",
                                                  "rss14-2/23.webp",
                                                  "rssexpandedstacked-1/1.png",
                                                  "rssexpandedstacked-1/10.png",
                                                  "rssexpandedstacked-1/12.png"};

bench::ManifestRow manifestRow(const std::string& path) {
    std::ifstream in(kData + "manifest.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto rows = bench::parseManifest(text.str());
    EXPECT_TRUE(rows.ok());
    for (const auto& r : *rows) {
        if (r.relativePath == path) {
            return r;
        }
    }
    ADD_FAILURE() << path << " is not in the manifest";
    return {};
}

bench::ReadClass classify(const std::string& path, const DecodeResult& r) {
    std::vector<bench::Decoded> decoded;
    for (const auto& d : r.detections) {
        decoded.push_back({d.format, d.text});
    }
    return bench::classify(manifestRow(path), decoded);
}

GrayFrame photo(const std::string& path) {
    cv::Mat img = test::loadGray(kData + path);
    EXPECT_FALSE(img.empty()) << path;
    return test::toFrame(img);
}

TEST(DecoderProcess, SurvivesZxingAbortsAndKeepsDecoding) {
    // The worker runs ZXing's own multi-symbol reader, which aborts on these images: the
    // kiosk side must notice, restart it and decode the next frames as before.
    DecoderProcess decoder(options({"--decoder", "zxing-multi"}));
    const std::string good = "ean13-1/10.webp";
    ASSERT_EQ(classify(good, decoder.decode(photo(good), {})), bench::ReadClass::Correct);
    for (const auto& path : kAbortingImages) {
        pid_t before = decoder.stats().workerPid;
        DecodeResult r = decoder.decode(photo(path), {});
        EXPECT_TRUE(r.crashed) << path;
        EXPECT_NE(r.error.find("signal 6"), std::string::npos) << path << ": " << r.error;
        EXPECT_TRUE(reaped(before)) << path;
        EXPECT_EQ(classify(good, decoder.decode(photo(good), {})), bench::ReadClass::Correct)
            << "after " << path;
    }
    EXPECT_EQ(decoder.stats().crashes, kAbortingImages.size());
    EXPECT_EQ(decoder.stats().restarts, kAbortingImages.size());
    EXPECT_EQ(decoder.stats().timeouts, 0u);
}

TEST(DecoderProcess, TheStrategyReadsTheImagesThatAbortZxing) {
    auto o = options({"--budget-ms", "100000"});
    DecoderProcess decoder(o);
    std::ifstream in(kData + "manifest.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto rows = bench::parseManifest(text.str());
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 14u);
    for (const auto& row : *rows) {
        DecodeResult r = decoder.decode(photo(row.relativePath), {});
        EXPECT_FALSE(r.crashed) << row.relativePath;
        EXPECT_EQ(classify(row.relativePath, r), bench::ReadClass::Correct) << row.relativePath;
    }
    EXPECT_EQ(decoder.stats().crashes, 0u);
    EXPECT_EQ(decoder.stats().restarts, 0u);
}

TEST(DecoderProcess, FindsTheWorkerThroughTheEnvironment) {
    ::setenv("KASIR_VISION_WORKER", kWorker.c_str(), 1);
    EXPECT_EQ(defaultWorkerPath(), kWorker);
    ::unsetenv("KASIR_VISION_WORKER");
    DecoderProcessOptions o;                    // no path: falls back to the build tree's worker
    o.frameDeadline = options().frameDeadline;  // the kiosk's 250 ms is too tight for CI
    DecoderProcess decoder(o);
    EXPECT_TRUE(decodesEan13(decoder, ean13Frame()));
}

}  // namespace
}  // namespace kiosk::vision
