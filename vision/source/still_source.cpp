// StillSource: an image "held in front of the camera" on demand, for scripted runs and demos.
#include <chrono>
#include <mutex>
#include <thread>

#include "vision/source/capture_device.hpp"

namespace kiosk::vision {

struct StillSource::Impl {
    double fps;
    cv::Mat empty;
    mutable std::mutex mutex;
    cv::Mat shown;  // guarded by mutex; empty = nothing in view
    std::string shownPath;
    int64_t index = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    SourceStats stats;
    devices::DeviceHealth health;
};

StillSource::StillSource(double fps, int emptyWidth, int emptyHeight)
    : impl_(std::make_unique<Impl>()) {
    impl_->fps = fps > 0 ? fps : 15;
    impl_->empty =
        cv::Mat(std::max(1, emptyHeight), std::max(1, emptyWidth), CV_8UC3, cv::Scalar(96, 96, 96));
    impl_->health.device = "camera";
    impl_->health.address = "still";
    impl_->health.state = devices::DeviceState::Ready;
}

StillSource::~StillSource() = default;

Result<void> StillSource::show(const std::optional<std::string>& imagePath) {
    cv::Mat next;
    if (imagePath) {
        bool converted = false;
        auto img = loadImageFile(*imagePath, &converted);
        std::lock_guard lock(impl_->mutex);
        if (!img) {
            ++impl_->stats.badFiles;
            impl_->stats.lastProblem = img.error().message;
            return img.error();
        }
        if (converted)
            ++impl_->stats.converted;
        impl_->shown = *img;
        impl_->shownPath = *imagePath;
        return {};
    }
    std::lock_guard lock(impl_->mutex);
    impl_->shown = cv::Mat();
    impl_->shownPath.clear();
    return {};
}

ReadStatus StillSource::read(SourceFrame& out) {
    const auto due = impl_->start + std::chrono::microseconds(static_cast<int64_t>(
                                        static_cast<double>(impl_->index) * 1e6 / impl_->fps));
    std::this_thread::sleep_until(due);
    cv::Mat scene;
    {
        std::lock_guard lock(impl_->mutex);
        scene = impl_->shown.empty() ? impl_->empty : impl_->shown;  // shares, never copies
    }
    // Monotonic, like the camera's: the scan filter's windows are differences of these times.
    const auto t = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
    fillFrame(scene, impl_->index++, t, out);
    std::lock_guard lock(impl_->mutex);
    ++impl_->stats.frames;
    return ReadStatus::Frame;
}

devices::DeviceHealth StillSource::health() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->health;
}

const SourceStats& StillSource::stats() const {
    return impl_->stats;
}

std::string StillSource::describe() const {
    std::lock_guard lock(impl_->mutex);
    return "still " +
           (impl_->shownPath.empty() ? std::string("(nothing shown)") : impl_->shownPath);
}

}  // namespace kiosk::vision
