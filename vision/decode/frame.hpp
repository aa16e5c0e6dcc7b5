// Plain frame and detection types shared by every part of vision/ and by its users. No OpenCV
// or ZXing here: the kiosk program includes this header.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/time.hpp"

namespace kiosk::vision {

// An 8-bit luminance image, rows packed (stride == width).
struct GrayFrame {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height bytes
    int64_t index = 0;            // frame number from its source
    Timestamp capturedAt = 0;     // ms, monotonic (steady clock; a file's own time for files)
};

struct PointF {
    float x = 0;
    float y = 0;
};

struct RectI {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// One barcode found in one frame.
struct Detection {
    std::string format;       // "EAN-13", "EAN-8", "UPC-A", "UPC-E", "DataBar", "DataBarExpanded",
                              // "Code128", "QRCode", "DataMatrix" (ZXing-cpp's names)
    std::string text;         // as decoded; an add-on follows the main code after a space
    std::string symbologyId;  // AIM identifier ("]E0", "]C1", "]e0", "]Q3", ...)
    std::array<PointF, 4> corners{};  // in frame coordinates, clockwise from top-left
    int confidence = 0;               // 0..100: how many independent passes agreed, scaled
    std::string pass;                 // which pass of the strategy found it (for figures)
};

struct DecodeHints {
    std::optional<RectI> roi;  // where the code was in the previous frame, if anywhere
    bool tryHarder = true;     // false: the cheap pass only
};

struct DecodeResult {
    std::vector<Detection> detections;
    double ms = 0;          // decode time (DecoderProcess: the round trip, wall clock)
    double cpuMs = 0;       // CPU time the decoder itself spent on the frame
    bool crashed = false;   // the decoder process died on this frame (and was restarted)
    bool timedOut = false;  // the decoder passed its deadline on this frame (and was restarted)
    std::string error;      // a bad frame (zero size, ...) or the reason of a crash
};

// Decodes frames. Implementations: the in-process strategy (used inside the worker process
// and by the benchmark's child) and DecoderProcess, which runs it in a separate process so an
// abort inside a decoder library never takes the kiosk down.
class FrameDecoder {
  public:
    virtual ~FrameDecoder() = default;
    virtual DecodeResult decode(const GrayFrame& frame, const DecodeHints& hints) = 0;
};

}  // namespace kiosk::vision
