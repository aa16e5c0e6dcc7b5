// ScanService: the kiosk's camera scanning thread. Pulls frames from a FrameSource, decodes
// them with a FrameDecoder (DecoderProcess in the kiosk), filters reads into scans and posts
// ScanEvents; keeps the latest preview and the camera's health for the UI. No OpenCV or ZXing
// in this header: the kiosk program includes it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "devices/common/health.hpp"
#include "kiosk/core/gs1.hpp"
#include "vision/decode/frame.hpp"
#include "vision/scan/scan_filter.hpp"
#include "vision/source/frame_source.hpp"

namespace kiosk::vision {

// One accepted scan.
struct ScanEvent {
    std::string format;       // ZXing's name: "EAN-13", "QRCode", ...
    std::string symbologyId;  // AIM identifier: "]E0", "]C1", ...
    std::string text;         // as decoded (an add-on after a space)
    // interpretScan's answer: the GTIN-14 to look up, price/weight, batch, expiry, ...
    std::optional<ScanCode> code;
    std::string error;       // set instead of `code` when interpretScan refused the read
    int confidence = 0;      // the decoder's 0..100 for the accepting read
    int agreeingFrames = 0;  // frames that read this code before it was accepted
    int64_t frameIndex = 0;
    Timestamp capturedAt = 0;  // the accepting frame, in the source's clock
    Timestamp firstSeenAt = 0;
    std::array<PointF, 4> corners{};  // in frame coordinates
    // Timings of the accepting frame, measured on the scan thread's steady clock (ms).
    double waitMs = 0;    // frame read -> decode start
    double decodeMs = 0;  // decode (including the trip to the worker process)
    double acceptMs = 0;  // frame read -> event posted
    // Source clock: first read of the code -> accepted (the agreement's cost).
    Millis agreementMs = 0;
};

// The latest camera picture for the UI, downscaled, with outlines in its own coordinates.
struct PreviewFrame {
    uint64_t sequence = 0;  // grows with every new preview: upload the texture only on change
    int64_t frameIndex = 0;
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;                     // width * height * 3
    std::vector<std::array<PointF, 4>> outlines;  // codes read in this frame
    RectI scanArea;                               // where the shopper should hold the code
};

struct ScanCounters {
    uint64_t frames = 0;           // frames read from the source
    uint64_t skipped = 0;          // bad files or frames the source skipped
    uint64_t decoded = 0;          // frames with at least one detection
    uint64_t detections = 0;       // detections over all frames
    uint64_t accepted = 0;         // scan events posted
    uint64_t refused = 0;          // of those, interpretScan refused (event.error set)
    uint64_t decoderCrashes = 0;   // frames on which the decoder process died (restarted)
    uint64_t decoderTimeouts = 0;  // frames that passed the decoder's deadline (restarted)
    uint64_t decoderErrors = 0;    // other decoder errors (bad frame, worker unavailable)
    double lastDecodeMs = 0;
};

struct ScanServiceOptions {
    ScanFilterOptions filter;
    VariableMeasureRules gs1;  // for interpretScan
    int previewWidth = 640;    // preview downscaled to at most this width (0: no preview)
    // The scan area in frame coordinates, for the preview's guide; empty: the middle 60%.
    std::optional<RectI> scanArea;
    // Use the last code's box as the decoder's ROI for this many frames after it was seen.
    int roiFrames = 5;
    bool tryHarder = true;
};

class ScanService {
  public:
    using EventSink = std::function<void(ScanEvent)>;
    using HealthSink = std::function<void(const devices::DeviceHealth&)>;

    // `onScan` and `onHealth` are called on the scan thread: push to a queue, return quickly.
    // `onHealth` is called whenever the camera's state changes (and once at start).
    ScanService(std::unique_ptr<FrameSource> source, std::unique_ptr<FrameDecoder> decoder,
                ScanServiceOptions options, EventSink onScan, HealthSink onHealth = {});
    ~ScanService();  // stops the thread
    ScanService(const ScanService&) = delete;
    ScanService& operator=(const ScanService&) = delete;

    void start();
    void stop();  // returns once the thread has finished its current frame
    bool running() const { return running_.load(); }

    // Whether the source has ended (video or folder played out, no loop); the thread then
    // idles until stop(). waitUntilEnded returns false on timeout.
    bool sourceEnded() const { return ended_.load(); }
    bool waitUntilEnded(std::chrono::milliseconds timeout);

    // Thread-safe getters for the UI thread.
    std::optional<PreviewFrame> latestPreview() const;
    uint64_t previewSequence() const;
    devices::DeviceHealth cameraHealth() const;
    ScanCounters counters() const;
    SourceStats sourceStats() const;

    // Shows an image to a StillSource (scripted runs, the demo); std::nullopt takes it away.
    // Unsupported for other sources.
    Result<void> show(const std::optional<std::string>& imagePath);

    // Forget codes in view (a new sale): the item still held up scans again.
    void resetFilter();

  private:
    void run();
    void processFrame(SourceFrame& frame, std::chrono::steady_clock::time_point readAt);
    void updatePreview(const SourceFrame& frame, const std::vector<Detection>& detections);
    void publishHealth();

    std::unique_ptr<FrameSource> source_;
    std::unique_ptr<FrameDecoder> decoder_;
    StillSource* still_ = nullptr;  // source_ when it is a StillSource
    ScanServiceOptions options_;
    EventSink onScan_;
    HealthSink onHealth_;
    ScanFilter filter_;  // scan thread only
    std::atomic<bool> resetRequested_{false};

    std::optional<RectI> lastBox_;  // scan thread only
    int64_t framesSinceBox_ = 0;

    std::thread thread_;
    std::atomic<bool> running_{false};
    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> ended_{false};

    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable endedCv_;
    std::optional<PreviewFrame> preview_;
    uint64_t previewSeq_ = 0;
    devices::DeviceHealth health_;
    bool healthPublished_ = false;
    ScanCounters counters_;
    SourceStats sourceStats_;
};

}  // namespace kiosk::vision
