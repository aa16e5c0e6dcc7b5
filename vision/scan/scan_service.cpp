// ScanService: the scan thread (read, decode, filter, post) and the UI's thread-safe views.
#include "vision/scan/scan_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace kiosk::vision {
namespace {

using SteadyClock = std::chrono::steady_clock;

double msBetween(SteadyClock::time_point a, SteadyClock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

RectI boundingBox(const std::array<PointF, 4>& c, int width, int height) {
    float x0 = c[0].x, x1 = c[0].x, y0 = c[0].y, y1 = c[0].y;
    for (const auto& p : c) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    const int left = std::clamp(static_cast<int>(std::floor(x0)), 0, width);
    const int top = std::clamp(static_cast<int>(std::floor(y0)), 0, height);
    const int right = std::clamp(static_cast<int>(std::ceil(x1)), 0, width);
    const int bottom = std::clamp(static_cast<int>(std::ceil(y1)), 0, height);
    return RectI{left, top, right - left, bottom - top};
}

}  // namespace

ScanService::ScanService(std::unique_ptr<FrameSource> source, std::unique_ptr<FrameDecoder> decoder,
                         ScanServiceOptions options, EventSink onScan, HealthSink onHealth)
    : source_(std::move(source)),
      decoder_(std::move(decoder)),
      options_(std::move(options)),
      onScan_(std::move(onScan)),
      onHealth_(std::move(onHealth)),
      filter_(options_.filter) {
    still_ = dynamic_cast<StillSource*>(source_.get());
    health_ = source_->health();
}

ScanService::~ScanService() {
    stop();
}

void ScanService::start() {
    if (running_.exchange(true))
        return;
    stopRequested_ = false;
    thread_ = std::thread([this] { run(); });
}

void ScanService::stop() {
    stopRequested_ = true;
    if (thread_.joinable())
        thread_.join();
    running_ = false;
}

bool ScanService::waitUntilEnded(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return endedCv_.wait_for(lock, timeout, [&] { return ended_.load(); });
}

std::optional<PreviewFrame> ScanService::latestPreview() const {
    std::lock_guard lock(mutex_);
    return preview_;
}

uint64_t ScanService::previewSequence() const {
    std::lock_guard lock(mutex_);
    return previewSeq_;
}

devices::DeviceHealth ScanService::cameraHealth() const {
    std::lock_guard lock(mutex_);
    return health_;
}

ScanCounters ScanService::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

SourceStats ScanService::sourceStats() const {
    std::lock_guard lock(mutex_);
    return sourceStats_;
}

Result<void> ScanService::show(const std::optional<std::string>& imagePath) {
    if (!still_)
        return makeError(ErrorCode::Unsupported, "the camera source is not a still source");
    return still_->show(imagePath);
}

void ScanService::resetFilter() {
    resetRequested_ = true;
}

void ScanService::publishHealth() {
    const devices::DeviceHealth now = source_->health();
    bool changed = false;
    {
        std::lock_guard lock(mutex_);
        changed =
            !healthPublished_ || now.state != health_.state || now.lastError != health_.lastError;
        health_ = now;
        healthPublished_ = true;
        sourceStats_ = source_->stats();
    }
    if (changed) {
        spdlog::info("vision: camera {} is {}{}{}", now.address, devices::toString(now.state),
                     now.lastError.empty() ? "" : ": ", now.lastError);
        if (onHealth_)
            onHealth_(now);
    }
}

void ScanService::run() {
    spdlog::info("vision: scanning from {}", source_->describe());
    SourceFrame frame;
    while (!stopRequested_) {
        if (ended_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        ReadStatus status = ReadStatus::Waiting;
        try {
            status = source_->read(frame);
        } catch (const std::exception& e) {  // sources never throw; a bug must not kill us
            spdlog::error("vision: frame source failed: {}", e.what());
            status = ReadStatus::Skipped;
        }
        const auto readAt = SteadyClock::now();
        publishHealth();
        switch (status) {
            case ReadStatus::Frame:
                processFrame(frame, readAt);
                break;
            case ReadStatus::Skipped: {
                std::lock_guard lock(mutex_);
                ++counters_.skipped;
                break;
            }
            case ReadStatus::Waiting:
                break;
            case ReadStatus::Ended: {
                std::lock_guard lock(mutex_);
                ended_ = true;
                endedCv_.notify_all();
                spdlog::info("vision: the source {} has ended", source_->describe());
                break;
            }
        }
    }
}

void ScanService::processFrame(SourceFrame& frame, SteadyClock::time_point readAt) {
    if (resetRequested_.exchange(false))
        filter_.reset();
    DecodeHints hints;
    hints.tryHarder = options_.tryHarder;
    if (lastBox_ && framesSinceBox_ < options_.roiFrames)
        hints.roi = lastBox_;
    const auto decodeStart = SteadyClock::now();
    DecodeResult result;
    try {
        result = decoder_->decode(frame.gray, hints);
    } catch (const std::exception& e) {  // decoders report errors as values; belt and braces
        result.error = e.what();
    }
    const auto decodeEnd = SteadyClock::now();

    ++framesSinceBox_;
    if (!result.detections.empty()) {
        lastBox_ =
            boundingBox(result.detections.front().corners, frame.gray.width, frame.gray.height);
        framesSinceBox_ = 0;
    }
    // A frame the decoder failed on (crash, deadline, no worker) saw nothing: it must not count
    // as a frame without the item held up, or a run of failures rescans that item.
    const bool observed =
        !result.crashed && !result.timedOut && (result.error.empty() || !result.detections.empty());
    const auto hits = observed ? filter_.update(frame.gray.capturedAt, result.detections)
                               : std::vector<FilterHit>{};

    std::vector<ScanEvent> events;
    for (const FilterHit& hit : hits) {
        ScanEvent e;
        e.format = hit.detection.format;
        e.symbologyId = hit.detection.symbologyId;
        e.text = hit.detection.text;
        auto code =
            interpretScan(e.text, e.symbologyId.empty() ? e.format : e.symbologyId, options_.gs1);
        if (code) {
            // The AIM id says GS1 or not; the format name says UPC-A vs EAN-13.
            if (code->symbology == Symbology::Ean13 && e.format == "UPC-A")
                code->symbology = Symbology::UpcA;
            e.code = std::move(*code);
        } else {
            e.error = code.error().message;
        }
        e.confidence = hit.detection.confidence;
        e.agreeingFrames = hit.agreeingFrames;
        e.frameIndex = frame.gray.index;
        e.capturedAt = frame.gray.capturedAt;
        e.firstSeenAt = hit.firstSeen;
        e.corners = hit.detection.corners;
        e.waitMs = msBetween(readAt, decodeStart);
        e.decodeMs = result.ms > 0 ? result.ms : msBetween(decodeStart, decodeEnd);
        e.agreementMs = hit.acceptedAt - hit.firstSeen;
        events.push_back(std::move(e));
    }

    {
        std::lock_guard lock(mutex_);
        ++counters_.frames;
        if (!result.detections.empty())
            ++counters_.decoded;
        counters_.detections += result.detections.size();
        counters_.accepted += events.size();
        for (const auto& e : events)
            if (!e.error.empty())
                ++counters_.refused;
        if (result.crashed)
            ++counters_.decoderCrashes;
        if (result.timedOut)
            ++counters_.decoderTimeouts;
        if (!result.crashed && !result.timedOut && !result.error.empty())
            ++counters_.decoderErrors;
        counters_.lastDecodeMs = msBetween(decodeStart, decodeEnd);
    }
    if (result.crashed || result.timedOut)
        spdlog::warn("vision: decoder {} on frame {} ({}); restarted",
                     result.crashed ? "crashed" : "timed out", frame.gray.index, result.error);

    updatePreview(frame, result.detections);

    for (auto& e : events) {
        e.acceptMs = msBetween(readAt, SteadyClock::now());
        if (!e.error.empty())
            spdlog::info("vision: scan {} '{}' refused: {}", e.format, e.text, e.error);
        if (onScan_)
            onScan_(std::move(e));
    }
}

void ScanService::updatePreview(const SourceFrame& frame,
                                const std::vector<Detection>& detections) {
    if (options_.previewWidth <= 0 || frame.colorWidth <= 0 || frame.colorHeight <= 0)
        return;
    const double scale = std::min(
        1.0, static_cast<double>(options_.previewWidth) / static_cast<double>(frame.colorWidth));
    PreviewFrame p;
    p.frameIndex = frame.gray.index;
    p.width = std::max(1, static_cast<int>(std::lround(frame.colorWidth * scale)));
    p.height = std::max(1, static_cast<int>(std::lround(frame.colorHeight * scale)));
    p.rgb.resize(static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 3);
    try {
        const cv::Mat src(frame.colorHeight, frame.colorWidth, CV_8UC3,
                          const_cast<uint8_t*>(frame.rgb.data()));
        cv::Mat dst(p.height, p.width, CV_8UC3, p.rgb.data());
        if (scale < 1.0)
            cv::resize(src, dst, dst.size(), 0, 0, cv::INTER_AREA);
        else
            src.copyTo(dst);
    } catch (const cv::Exception& e) {
        spdlog::warn("vision: preview failed: {}", e.what());
        return;
    }
    for (const auto& d : detections) {
        std::array<PointF, 4> o{};
        for (size_t i = 0; i < 4; ++i)
            o[i] = PointF{static_cast<float>(d.corners[i].x * scale),
                          static_cast<float>(d.corners[i].y * scale)};
        p.outlines.push_back(o);
    }
    const RectI area =
        options_.scanArea.value_or(RectI{frame.colorWidth / 5, frame.colorHeight / 5,
                                         frame.colorWidth * 3 / 5, frame.colorHeight * 3 / 5});
    p.scanArea = RectI{static_cast<int>(std::lround(area.x * scale)),
                       static_cast<int>(std::lround(area.y * scale)),
                       static_cast<int>(std::lround(area.width * scale)),
                       static_cast<int>(std::lround(area.height * scale))};
    std::lock_guard lock(mutex_);
    p.sequence = ++previewSeq_;
    preview_ = std::move(p);
}

}  // namespace kiosk::vision
