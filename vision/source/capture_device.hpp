// The capture device behind CameraSource, and image conversion shared by the sources.
// Internal to vision/source (OpenCV inside); tests include it to fake an unplugged camera.
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "kiosk/core/result.hpp"
#include "vision/source/frame_source.hpp"

namespace kiosk::vision {

class CaptureDevice {
  public:
    virtual ~CaptureDevice() = default;
    virtual bool open(const CameraOptions& options) = 0;
    virtual bool isOpen() const = 0;
    // False, or an empty image, when the camera gives nothing.
    virtual bool read(cv::Mat& frame) = 0;
    virtual void release() = 0;
};

// cv::VideoCapture with CAP_V4L2: device path or index, FOURCC, size and rate as asked.
std::unique_ptr<CaptureDevice> makeV4l2Capture();

// Any decoded image to 8-bit BGR: 16-bit and float scaled, gray/2-/4-channel converted.
// `converted` is set when the input was not already 8-bit BGR or gray. Empty input: error.
Result<cv::Mat> toBgr8(const cv::Mat& image, bool* converted = nullptr);

// Reads and decodes an image file: empty, unreadable, corrupt and truncated files are errors
// whose message says which.
Result<cv::Mat> loadImageFile(const std::string& path, bool* converted = nullptr);

// Fills `out` from an 8-bit BGR image.
void fillFrame(const cv::Mat& bgr, int64_t index, Timestamp capturedAt, SourceFrame& out);

// Exponential reconnect delay: initial, doubled after each failure, capped; reset on success.
class Backoff {
  public:
    Backoff(Millis initial, Millis max) : initial_(initial), max_(max), next_(initial) {}
    Millis next() {
        const Millis d = next_;
        next_ = std::min(max_, next_ * 2);
        return d;
    }
    void reset() { next_ = initial_; }

  private:
    Millis initial_;
    Millis max_;
    Millis next_;
};

}  // namespace kiosk::vision
