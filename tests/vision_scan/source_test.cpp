// FrameSource: image folders, videos, the still source and the camera's reconnection, with
// every kind of bad input counted and none fatal.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "vision/source/capture_device.hpp"
#include "vision/source/frame_source.hpp"

namespace kiosk::vision {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        path_ = fs::temp_directory_path() /
                ("kasir-source-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }

  private:
    fs::path path_;
    static inline int counter_ = 0;
};

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A 64x48 image whose grey level says which one it is.
cv::Mat level(int v) {
    return cv::Mat(48, 64, CV_8UC3, cv::Scalar(v, v, v));
}

TEST(FolderSource, ReadsImagesSortedWithDeterministicTimestamps) {
    TempDir dir;
    cv::imwrite(dir.file("b.png"), level(20));
    cv::imwrite(dir.file("a.png"), level(10));
    cv::imwrite(dir.file("c.bmp"), level(30));
    writeBytes(dir.file("notes.txt"), "not an image");
    auto src = makeFolderSource({dir.str(), 10, false, false});
    SourceFrame f;
    std::vector<int> levels;
    std::vector<Timestamp> times;
    while (src->read(f) == ReadStatus::Frame) {
        levels.push_back(f.gray.pixels[0]);
        times.push_back(f.gray.capturedAt);
        EXPECT_EQ(f.gray.width, 64);
        EXPECT_EQ(f.gray.height, 48);
        EXPECT_EQ(f.rgb.size(), 64u * 48u * 3u);
    }
    EXPECT_EQ(levels, (std::vector<int>{10, 20, 30}));
    EXPECT_EQ(times, (std::vector<Timestamp>{0, 100, 200}));
    EXPECT_EQ(src->read(f), ReadStatus::Ended);
    EXPECT_EQ(src->stats().frames, 3u);
    EXPECT_EQ(src->stats().ends, 1u);
    EXPECT_EQ(src->health().state, devices::DeviceState::Disconnected);
}

TEST(FolderSource, BadFilesAreCountedAndSkipped) {
    TempDir dir;
    cv::imwrite(dir.file("01-good.png"), level(50));
    writeBytes(dir.file("02-empty.jpg"), "");
    writeBytes(dir.file("03-corrupt.png"), std::string(300, '\x42'));
    cv::imwrite(dir.file("tmp.png"), level(60));
    const std::string png = readBytes(dir.file("tmp.png"));
    fs::remove(dir.file("tmp.png"));
    writeBytes(dir.file("04-truncated.png"), png.substr(0, png.size() / 2));
    cv::imwrite(dir.file("tmp.jpg"), level(70));
    const std::string jpg = readBytes(dir.file("tmp.jpg"));
    fs::remove(dir.file("tmp.jpg"));
    writeBytes(dir.file("05-truncated.jpg"), jpg.substr(0, jpg.size() * 2 / 3));
    cv::Mat sixteen(48, 64, CV_16UC1, cv::Scalar(65535));
    cv::imwrite(dir.file("06-sixteen.png"), sixteen);
    cv::Mat rgba(48, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0));  // fully transparent: white
    cv::imwrite(dir.file("07-rgba.png"), rgba);
    cv::imwrite(dir.file("08-good.png"), level(80));

    auto src = makeFolderSource({dir.str(), 30, false, false});
    SourceFrame f;
    std::vector<int> levels;
    int skipped = 0;
    for (int i = 0; i < 20; ++i) {
        const ReadStatus s = src->read(f);
        if (s == ReadStatus::Ended)
            break;
        if (s == ReadStatus::Skipped)
            ++skipped;
        if (s == ReadStatus::Frame)
            levels.push_back(f.gray.pixels[0]);
    }
    EXPECT_EQ(levels, (std::vector<int>{50, 255, 255, 80}));
    EXPECT_EQ(skipped, 4);
    EXPECT_EQ(src->stats().badFiles, 4u);
    EXPECT_EQ(src->stats().converted, 2u);
    EXPECT_FALSE(src->stats().lastProblem.empty());
}

TEST(FolderSource, NoImagesOrNoFolderEndsWithAReason) {
    TempDir dir;
    writeBytes(dir.file("readme.txt"), "x");
    auto empty = makeFolderSource({dir.str(), 30, false, false});
    SourceFrame f;
    EXPECT_EQ(empty->read(f), ReadStatus::Ended);
    EXPECT_EQ(empty->health().state, devices::DeviceState::Fault);
    EXPECT_NE(empty->stats().lastProblem.find("no images"), std::string::npos);

    auto missing = makeFolderSource({dir.file("nope"), 30, false, false});
    EXPECT_EQ(missing->read(f), ReadStatus::Ended);
    EXPECT_NE(missing->health().lastError.find("cannot read"), std::string::npos);
}

TEST(FolderSource, LoopsAndEndsWhenEveryFileIsBad) {
    TempDir dir;
    cv::imwrite(dir.file("a.png"), level(1));
    cv::imwrite(dir.file("b.png"), level(2));
    auto src = makeFolderSource({dir.str(), 30, false, true});
    SourceFrame f;
    std::vector<int> levels;
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(src->read(f), ReadStatus::Frame);
        levels.push_back(f.gray.pixels[0]);
    }
    EXPECT_EQ(levels, (std::vector<int>{1, 2, 1, 2, 1}));
    EXPECT_EQ(f.gray.index, 4);

    TempDir bad;
    writeBytes(bad.file("x.png"), "garbage");
    auto looping = makeFolderSource({bad.str(), 30, false, true});
    EXPECT_EQ(looping->read(f), ReadStatus::Skipped);
    EXPECT_EQ(looping->read(f), ReadStatus::Ended);  // not an endless loop of nothing
}

TEST(VideoSource, ReadsToTheEndAndLoops) {
    TempDir dir;
    const std::string path = dir.file("clip.avi");
    cv::VideoWriter w(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, cv::Size(64, 48));
    ASSERT_TRUE(w.isOpened());
    for (int i = 0; i < 6; ++i)
        w.write(level(40 * i));
    w.release();

    auto src = makeVideoSource({path, false, false});
    SourceFrame f;
    int frames = 0;
    while (src->read(f) == ReadStatus::Frame)
        ++frames;
    EXPECT_EQ(frames, 6);
    EXPECT_EQ(f.gray.capturedAt, 200);  // frame 5 at 25 fps
    EXPECT_EQ(src->read(f), ReadStatus::Ended);
    EXPECT_EQ(src->stats().ends, 1u);

    auto loop = makeVideoSource({path, true, false});
    int got = 0;
    for (int i = 0; i < 20 && got < 14; ++i)
        if (loop->read(f) == ReadStatus::Frame)
            ++got;
    EXPECT_EQ(got, 14);
    EXPECT_GE(loop->stats().ends, 2u);
}

TEST(VideoSource, MissingOrCorruptVideoEnds) {
    TempDir dir;
    SourceFrame f;
    auto missing = makeVideoSource({dir.file("none.mkv"), true, false});
    EXPECT_EQ(missing->read(f), ReadStatus::Ended);
    EXPECT_EQ(missing->health().state, devices::DeviceState::Fault);
    writeBytes(dir.file("junk.avi"), std::string(5000, '\x07'));
    auto junk = makeVideoSource({dir.file("junk.avi"), true, false});
    EXPECT_EQ(junk->read(f), ReadStatus::Ended);
}

// A camera that works, is unplugged mid-run, refuses to open twice, then comes back.
class ScriptedCapture final : public CaptureDevice {
  public:
    struct Script {
        int goodFrames = 3;
        int emptyFrames = 0;
        int failedOpens = 2;
    };
    ScriptedCapture(Script s, int* opens) : script_(s), opens_(opens) {}
    bool open(const CameraOptions&) override {
        ++*opens_;
        if (unplugged_ && script_.failedOpens-- > 0)
            return false;
        open_ = true;
        unplugged_ = false;
        return true;
    }
    bool isOpen() const override { return open_; }
    bool read(cv::Mat& frame) override {
        if (!open_)
            return false;
        if (script_.goodFrames > 0) {
            --script_.goodFrames;
            frame = level(100);
            return true;
        }
        if (script_.emptyFrames > 0) {
            --script_.emptyFrames;
            frame = cv::Mat();
            return true;
        }
        if (!plugBack_) {
            unplugged_ = true;  // reads fail until reopened
            plugBack_ = true;
            return false;
        }
        if (unplugged_)
            return false;
        frame = level(200);
        return true;
    }
    void release() override { open_ = false; }

  private:
    Script script_;
    int* opens_;
    bool open_ = false;
    bool unplugged_ = false;
    bool plugBack_ = false;
};

TEST(CameraSource, UnpluggedCameraReconnectsWithBackoff) {
    int opens = 0;
    CameraOptions o;
    o.device = "/dev/video7";
    o.failuresBeforeDisconnect = 2;
    o.initialBackoff = 1;
    o.maxBackoff = 4;
    auto src = makeCameraSource(
        o, std::make_unique<ScriptedCapture>(ScriptedCapture::Script{3, 0, 2}, &opens));
    SourceFrame f;
    std::vector<devices::DeviceState> states;
    std::string unplugMessage;
    int frames = 0;
    int after = 0;
    for (int i = 0; i < 200 && after < 2; ++i) {
        const ReadStatus s = src->read(f);
        if (states.empty() || states.back() != src->health().state) {
            states.push_back(src->health().state);
            if (states.back() == devices::DeviceState::Disconnected)
                unplugMessage = src->health().lastError;
        }
        if (s == ReadStatus::Frame) {
            ++frames;
            if (f.gray.pixels[0] == 200)
                ++after;
        }
    }
    EXPECT_EQ(after, 2) << "the camera came back";
    EXPECT_EQ(states, (std::vector<devices::DeviceState>{devices::DeviceState::Ready,
                                                         devices::DeviceState::Disconnected,
                                                         devices::DeviceState::Ready}));
    EXPECT_EQ(opens, 4);  // first open, two refused, one that works
    EXPECT_EQ(src->stats().reconnects, 3u);
    EXPECT_EQ(src->health().reconnects, 3);
    EXPECT_GE(src->stats().readFailures, 2u);
    EXPECT_NE(unplugMessage.find("unplugged"), std::string::npos) << unplugMessage;
}

TEST(CameraSource, ZeroSizeFramesAreCounted) {
    int opens = 0;
    CameraOptions o;
    o.failuresBeforeDisconnect = 10;
    auto src = makeCameraSource(
        o, std::make_unique<ScriptedCapture>(ScriptedCapture::Script{1, 3, 0}, &opens));
    SourceFrame f;
    EXPECT_EQ(src->read(f), ReadStatus::Frame);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(src->read(f), ReadStatus::Skipped);
    EXPECT_EQ(src->stats().emptyFrames, 3u);
    EXPECT_EQ(src->health().state, devices::DeviceState::Ready);
}

TEST(CameraSource, MissingDeviceIsDisconnectedNotFatal) {
    CameraOptions o;
    o.device = "/dev/video-kasir-missing";
    o.initialBackoff = 1;
    o.maxBackoff = 2;
    auto src = makeCameraSource(o);
    SourceFrame f;
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(src->read(f), ReadStatus::Waiting);
    EXPECT_EQ(src->health().state, devices::DeviceState::Disconnected);
    EXPECT_NE(src->health().lastError.find("cannot open"), std::string::npos);
    EXPECT_GE(src->stats().reconnects, 1u);
}

TEST(Backoff, DoublesUpToTheCapAndResets) {
    Backoff b(250, 2000);
    EXPECT_EQ(b.next(), 250);
    EXPECT_EQ(b.next(), 500);
    EXPECT_EQ(b.next(), 1000);
    EXPECT_EQ(b.next(), 2000);
    EXPECT_EQ(b.next(), 2000);
    b.reset();
    EXPECT_EQ(b.next(), 250);
}

// Live frames are timed by the monotonic clock: the scan filter's agreement and absence windows
// are differences of these times, and a wall clock stepped back by NTP kept every code scanned
// before the step "in view" (no second can of the same drink) until the clock caught up.
TEST(LiveSources, FramesAreTimedByTheMonotonicClock) {
    auto steadyMs = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    };
    int opens = 0;
    CameraOptions o;
    o.device = "/dev/video7";
    auto camera = makeCameraSource(
        o, std::make_unique<ScriptedCapture>(ScriptedCapture::Script{3, 0, 0}, &opens));
    SourceFrame f;
    ASSERT_EQ(camera->read(f), ReadStatus::Frame);
    EXPECT_LE(std::abs(f.gray.capturedAt - steadyMs()), 60000);
    StillSource still(200, 32, 24);
    ASSERT_EQ(still.read(f), ReadStatus::Frame);
    EXPECT_LE(std::abs(f.gray.capturedAt - steadyMs()), 60000);
}

TEST(StillSource, ShowsAnImageUntilTakenAway) {
    TempDir dir;
    cv::imwrite(dir.file("item.png"), level(222));
    StillSource still(200, 32, 24);
    SourceFrame f;
    ASSERT_EQ(still.read(f), ReadStatus::Frame);
    EXPECT_EQ(f.gray.width, 32);
    EXPECT_EQ(f.gray.pixels[0], 96);  // the empty scene
    ASSERT_TRUE(still.show(dir.file("item.png")).ok());
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(still.read(f), ReadStatus::Frame);
        EXPECT_EQ(f.gray.width, 64);
        EXPECT_EQ(f.gray.pixels[0], 222);
    }
    auto bad = still.show(dir.file("missing.png"));
    EXPECT_FALSE(bad.ok());
    ASSERT_EQ(still.read(f), ReadStatus::Frame);
    EXPECT_EQ(f.gray.pixels[0], 222);  // the previous item stays in view
    ASSERT_TRUE(still.show(std::nullopt).ok());
    ASSERT_EQ(still.read(f), ReadStatus::Frame);
    EXPECT_EQ(f.gray.pixels[0], 96);
    EXPECT_EQ(still.stats().badFiles, 1u);
}

TEST(ImageConversion, OddFormatsBecomeEightBitBgr) {
    bool converted = false;
    cv::Mat sixteen(2, 2, CV_16UC3, cv::Scalar(257 * 10, 257 * 20, 257 * 30));
    auto a = toBgr8(sixteen, &converted);
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(converted);
    EXPECT_EQ(a->type(), CV_8UC3);
    EXPECT_EQ(a->at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 30));
    cv::Mat flt(2, 2, CV_32FC1, cv::Scalar(0.5));
    auto b = toBgr8(flt, &converted);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->at<cv::Vec3b>(0, 0)[0], 128);
    cv::Mat grayAlpha(2, 2, CV_8UC2, cv::Scalar(0, 255));  // opaque black
    auto c = toBgr8(grayAlpha, &converted);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->at<cv::Vec3b>(0, 0)[0], 0);
    EXPECT_FALSE(toBgr8(cv::Mat(), &converted).ok());
    EXPECT_FALSE(toBgr8(cv::Mat::zeros(2, 2, CV_8UC(5))).ok());
}

TEST(OpenFrameSource, ParsesSpecsAndRejectsMistakes) {
    TempDir dir;
    cv::imwrite(dir.file("a.png"), level(5));
    auto folder = openFrameSource("folder:" + dir.str() + "?fps=10&loop=1");
    ASSERT_TRUE(folder.ok()) << folder.error().message;
    SourceFrame f;
    EXPECT_EQ((*folder)->read(f), ReadStatus::Frame);
    EXPECT_TRUE(openFrameSource("still:?fps=20").ok());
    EXPECT_TRUE(openFrameSource("v4l2:/dev/video3?width=640&height=480&fps=15&fourcc=YUYV").ok());
    EXPECT_FALSE(openFrameSource("v4l2:0?fourcc=H264").ok());
    EXPECT_FALSE(openFrameSource("v4l2:0?width=abc").ok());
    EXPECT_FALSE(openFrameSource("folder:x?colour=1").ok());
    EXPECT_FALSE(openFrameSource("folder:").ok());
    EXPECT_FALSE(openFrameSource("webcam:0").ok());
    EXPECT_FALSE(openFrameSource("nothing").ok());
    EXPECT_FALSE(openFrameSource("video:a.mkv?loop").ok());
}

}  // namespace
}  // namespace kiosk::vision
