// Image folder and video file sources: deterministic frame clocks, every bad input counted.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <opencv2/videoio.hpp>
#include <thread>

#include "vision/source/capture_device.hpp"

namespace kiosk::vision {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

Timestamp nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool isImageFile(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* const kExts[] = {".png", ".jpg", ".jpeg", ".bmp",  ".pgm",
                                        ".ppm", ".pbm", ".tif",  ".tiff", ".webp"};
    return std::find(std::begin(kExts), std::end(kExts), ext) != std::end(kExts);
}

// Sleeps until `slot` frame intervals after `start` when pacing in real time.
void paceTo(SteadyClock::time_point start, int64_t slot, double fps) {
    if (fps <= 0)
        return;
    const auto due = start + std::chrono::microseconds(static_cast<int64_t>(slot * 1e6 / fps));
    std::this_thread::sleep_until(due);
}

devices::DeviceHealth makeHealth(std::string address) {
    devices::DeviceHealth h;
    h.device = "camera";
    h.address = std::move(address);
    h.state = devices::DeviceState::Connecting;
    h.since = nowMs();
    return h;
}

void setState(devices::DeviceHealth& h, devices::DeviceState s, const std::string& error = {}) {
    if (h.state != s) {
        h.state = s;
        h.since = nowMs();
    }
    if (!error.empty()) {
        h.lastError = error;
        h.lastErrorAt = nowMs();
    }
}

class FolderSource final : public FrameSource {
  public:
    explicit FolderSource(FolderOptions o) : options_(std::move(o)) {
        health_ = makeHealth("folder:" + options_.path);
        std::error_code ec;
        fs::directory_iterator it(options_.path, ec);
        if (ec) {
            fail("cannot read the image folder " + options_.path + ": " + ec.message());
            return;
        }
        for (const auto& entry : it) {
            std::error_code fec;
            if (entry.is_regular_file(fec) && isImageFile(entry.path()))
                files_.push_back(entry.path().string());
        }
        std::sort(files_.begin(), files_.end());
        if (files_.empty()) {
            fail("the image folder " + options_.path + " has no images");
            return;
        }
        setState(health_, devices::DeviceState::Ready);
    }

    ReadStatus read(SourceFrame& out) override {
        if (ended_)
            return ReadStatus::Ended;
        if (next_ == files_.size()) {
            ++stats_.ends;
            if (!options_.loop || stats_.frames == 0) {
                // A looping folder whose every file is bad would spin forever: it ends too.
                ended_ = true;
                setState(health_, devices::DeviceState::Disconnected,
                         stats_.frames == 0 ? "no readable image in " + options_.path
                                            : "the image folder has been played to its end");
                return ReadStatus::Ended;
            }
            next_ = 0;
        }
        if (slot_ == 0)
            start_ = SteadyClock::now();
        if (options_.realtime)
            paceTo(start_, slot_, options_.fps);
        const Timestamp t =
            options_.fps > 0
                ? static_cast<Timestamp>(static_cast<double>(slot_) * 1000.0 / options_.fps)
                : slot_;
        const std::string& file = files_[next_++];
        const int64_t slot = slot_++;
        bool converted = false;
        auto img = loadImageFile(file, &converted);
        if (!img) {
            ++stats_.badFiles;
            stats_.lastProblem = img.error().message;
            spdlog::warn("vision: skipped {}", img.error().message);
            return ReadStatus::Skipped;
        }
        if (converted)
            ++stats_.converted;
        fillFrame(*img, slot, t, out);
        ++stats_.frames;
        return ReadStatus::Frame;
    }

    devices::DeviceHealth health() const override { return health_; }
    const SourceStats& stats() const override { return stats_; }
    std::string describe() const override {
        return "folder " + options_.path + " (" + std::to_string(files_.size()) + " images" +
               (options_.loop ? ", loop" : "") + ")";
    }

  private:
    void fail(const std::string& why) {
        ended_ = true;
        stats_.lastProblem = why;
        setState(health_, devices::DeviceState::Fault, why);
        spdlog::warn("vision: {}", why);
    }

    FolderOptions options_;
    std::vector<std::string> files_;
    size_t next_ = 0;
    int64_t slot_ = 0;
    bool ended_ = false;
    SteadyClock::time_point start_{};
    SourceStats stats_;
    devices::DeviceHealth health_;
};

class VideoSource final : public FrameSource {
  public:
    explicit VideoSource(VideoOptions o) : options_(std::move(o)) {
        health_ = makeHealth("video:" + options_.path);
        if (!open()) {
            ended_ = true;
            std::error_code ec;
            const std::string why =
                fs::is_regular_file(options_.path, ec)
                    ? "cannot open the video " + options_.path + " (corrupt or an unknown format)"
                    : "the video " + options_.path + " does not exist";
            stats_.lastProblem = why;
            setState(health_, devices::DeviceState::Fault, why);
            spdlog::warn("vision: {}", why);
            return;
        }
        setState(health_, devices::DeviceState::Ready);
    }

    ReadStatus read(SourceFrame& out) override {
        if (ended_)
            return ReadStatus::Ended;
        cv::Mat frame;
        bool got = false;
        try {
            got = cap_.read(frame);
        } catch (const cv::Exception& e) {
            stats_.lastProblem = std::string("video read failed: ") + e.what();
        }
        if (!got) {
            ++stats_.ends;
            if (!options_.loop || framesThisPass_ == 0) {
                ended_ = true;
                setState(health_, devices::DeviceState::Disconnected, "the video ended");
                return ReadStatus::Ended;
            }
            cap_.release();
            framesThisPass_ = 0;
            if (!open()) {
                ended_ = true;
                setState(health_, devices::DeviceState::Fault, "cannot reopen the video");
                return ReadStatus::Ended;
            }
            return ReadStatus::Skipped;
        }
        if (frame.empty() || frame.cols <= 0 || frame.rows <= 0) {
            ++stats_.emptyFrames;
            stats_.lastProblem = "the video gave an empty frame";
            if (++emptyRun_ > 100) {  // a stream of nothing is an end, not a loop forever
                ended_ = true;
                setState(health_, devices::DeviceState::Fault, "the video gives only empty frames");
                return ReadStatus::Ended;
            }
            return ReadStatus::Skipped;
        }
        emptyRun_ = 0;
        bool converted = false;
        auto bgr = toBgr8(frame, &converted);
        if (!bgr) {
            ++stats_.emptyFrames;
            stats_.lastProblem = bgr.error().message;
            return ReadStatus::Skipped;
        }
        if (converted)
            ++stats_.converted;
        if (slot_ == 0)
            start_ = SteadyClock::now();
        if (options_.realtime)
            paceTo(start_, slot_, fps_);
        const auto t = static_cast<Timestamp>(static_cast<double>(slot_) * 1000.0 / fps_);
        fillFrame(*bgr, slot_, t, out);
        ++slot_;
        ++framesThisPass_;
        ++stats_.frames;
        return ReadStatus::Frame;
    }

    devices::DeviceHealth health() const override { return health_; }
    const SourceStats& stats() const override { return stats_; }
    std::string describe() const override {
        return "video " + options_.path + (options_.loop ? " (loop)" : "");
    }

  private:
    bool open() {
        std::error_code ec;
        if (!fs::is_regular_file(options_.path, ec))
            return false;
        try {
            // FFmpeg reads every container we write. No CAP_ANY fallback: on a corrupt file it
            // probes every backend, camera ones included, which leak (libusb) and fail CI's
            // leak check.
            if (!cap_.open(options_.path, cv::CAP_FFMPEG))
                return false;
            const double fps = cap_.get(cv::CAP_PROP_FPS);
            fps_ = fps > 0 && fps < 1000 ? fps : 30;
            return cap_.isOpened();
        } catch (const cv::Exception&) {
            return false;
        }
    }

    VideoOptions options_;
    cv::VideoCapture cap_;
    double fps_ = 30;
    int64_t slot_ = 0;
    int64_t framesThisPass_ = 0;
    int emptyRun_ = 0;
    bool ended_ = false;
    SteadyClock::time_point start_{};
    SourceStats stats_;
    devices::DeviceHealth health_;
};

}  // namespace

std::unique_ptr<FrameSource> makeFolderSource(FolderOptions options) {
    return std::make_unique<FolderSource>(std::move(options));
}

std::unique_ptr<FrameSource> makeVideoSource(VideoOptions options) {
    return std::make_unique<VideoSource>(std::move(options));
}

}  // namespace kiosk::vision
