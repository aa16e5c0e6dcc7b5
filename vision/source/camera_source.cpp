// V4L2 camera source: a thin adapter over cv::VideoCapture, plus the part worth testing
// without a camera: unplug detection and reconnection with exponential backoff.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <opencv2/videoio.hpp>
#include <thread>

#include "vision/source/capture_device.hpp"

namespace kiosk::vision {
namespace {

using SteadyClock = std::chrono::steady_clock;

Timestamp nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Frame times feed the scan filter's windows: a wall clock stepped by NTP must not move them.
Timestamp steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               SteadyClock::now().time_since_epoch())
        .count();
}

class V4l2Capture final : public CaptureDevice {
  public:
    bool open(const CameraOptions& o) override {
        try {
            const bool isIndex =
                !o.device.empty() && std::all_of(o.device.begin(), o.device.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; });
            const bool opened = isIndex ? cap_.open(std::stoi(o.device), cv::CAP_V4L2)
                                        : cap_.open(o.device, cv::CAP_V4L2);
            if (!opened)
                return false;
            if (o.fourcc.size() == 4)
                cap_.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc(o.fourcc[0], o.fourcc[1],
                                                                      o.fourcc[2], o.fourcc[3]));
            cap_.set(cv::CAP_PROP_FRAME_WIDTH, o.width);
            cap_.set(cv::CAP_PROP_FRAME_HEIGHT, o.height);
            cap_.set(cv::CAP_PROP_FPS, o.fps);
            cap_.set(cv::CAP_PROP_BUFFERSIZE, 1);  // the newest frame, not a queue of old ones
            return cap_.isOpened();
        } catch (const std::exception&) {
            return false;
        }
    }
    bool isOpen() const override { return cap_.isOpened(); }
    bool read(cv::Mat& frame) override {
        try {
            return cap_.read(frame);
        } catch (const cv::Exception&) {
            return false;
        }
    }
    void release() override {
        try {
            cap_.release();
        } catch (const cv::Exception&) {
        }
    }

  private:
    cv::VideoCapture cap_;
};

class CameraSource final : public FrameSource {
  public:
    CameraSource(CameraOptions o, std::unique_ptr<CaptureDevice> device)
        : options_(std::move(o)),
          device_(std::move(device)),
          backoff_(options_.initialBackoff, options_.maxBackoff) {
        health_.device = "camera";
        health_.address = "v4l2:" + options_.device;
        health_.state = devices::DeviceState::Connecting;
        health_.since = nowMs();
    }
    ~CameraSource() override { device_->release(); }

    ReadStatus read(SourceFrame& out) override {
        if (!device_->isOpen()) {
            const auto now = SteadyClock::now();
            if (now < nextAttempt_) {
                // Wait in short slices so the scan thread can stop promptly.
                std::this_thread::sleep_for(std::min<SteadyClock::duration>(
                    nextAttempt_ - now, std::chrono::milliseconds(100)));
                return ReadStatus::Waiting;
            }
            if (attempts_++ > 0) {
                ++stats_.reconnects;
                ++health_.reconnects;
            }
            if (!device_->open(options_)) {
                disconnected("cannot open the camera " + options_.device);
                return ReadStatus::Waiting;
            }
            spdlog::info("vision: camera {} open", options_.device);
        }
        cv::Mat frame;
        if (!device_->read(frame) || frame.empty()) {
            if (frame.empty())
                ++stats_.emptyFrames;
            ++stats_.readFailures;
            if (++failures_ >= options_.failuresBeforeDisconnect) {
                device_->release();
                disconnected("the camera " + options_.device +
                             " stopped sending pictures (unplugged?)");
                return ReadStatus::Waiting;
            }
            return ReadStatus::Skipped;
        }
        bool converted = false;
        auto bgr = toBgr8(frame, &converted);
        if (!bgr) {
            ++stats_.emptyFrames;
            stats_.lastProblem = bgr.error().message;
            return ReadStatus::Skipped;
        }
        if (converted)
            ++stats_.converted;
        failures_ = 0;
        backoff_.reset();
        setState(devices::DeviceState::Ready);
        fillFrame(*bgr, index_++, steadyMs(), out);
        ++stats_.frames;
        return ReadStatus::Frame;
    }

    devices::DeviceHealth health() const override { return health_; }
    const SourceStats& stats() const override { return stats_; }
    std::string describe() const override {
        return "v4l2 " + options_.device + " " + std::to_string(options_.width) + "x" +
               std::to_string(options_.height) + "@" + std::to_string(options_.fps) + " " +
               options_.fourcc;
    }

  private:
    void setState(devices::DeviceState s) {
        if (health_.state != s) {
            health_.state = s;
            health_.since = nowMs();
        }
    }
    void disconnected(const std::string& why) {
        const Millis delay = backoff_.next();
        nextAttempt_ = SteadyClock::now() + std::chrono::milliseconds(delay);
        failures_ = 0;
        if (health_.state != devices::DeviceState::Disconnected)
            spdlog::warn("vision: {}; retrying (backoff from {} ms)", why, delay);
        setState(devices::DeviceState::Disconnected);
        health_.lastError = why;
        health_.lastErrorAt = nowMs();
        stats_.lastProblem = why;
    }

    CameraOptions options_;
    std::unique_ptr<CaptureDevice> device_;
    Backoff backoff_;
    SteadyClock::time_point nextAttempt_{};
    int attempts_ = 0;
    int failures_ = 0;
    int64_t index_ = 0;
    SourceStats stats_;
    devices::DeviceHealth health_;
};

}  // namespace

std::unique_ptr<CaptureDevice> makeV4l2Capture() {
    return std::make_unique<V4l2Capture>();
}

std::unique_ptr<FrameSource> makeCameraSource(CameraOptions options) {
    return makeCameraSource(std::move(options), makeV4l2Capture());
}

std::unique_ptr<FrameSource> makeCameraSource(CameraOptions options,
                                              std::unique_ptr<CaptureDevice> device) {
    return std::make_unique<CameraSource>(std::move(options), std::move(device));
}

}  // namespace kiosk::vision
