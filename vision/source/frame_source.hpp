// FrameSource: where camera frames come from (V4L2 camera, video file, image folder, or a still
// image shown on demand). Plain header, no OpenCV: the kiosk program includes it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/common/health.hpp"
#include "kiosk/core/result.hpp"
#include "vision/decode/frame.hpp"

namespace kiosk::vision {

// One frame: the luminance image the decoder reads and the colour image for the preview.
struct SourceFrame {
    GrayFrame gray;
    int colorWidth = 0;
    int colorHeight = 0;
    std::vector<uint8_t> rgb;  // colorWidth * colorHeight * 3, R G B
};

enum class ReadStatus {
    Frame,    // `out` holds a new frame
    Skipped,  // a bad file or frame was counted and skipped; call again
    Waiting,  // nothing now (camera reconnecting, pacing); call again
    Ended,    // no more frames (video or folder done, no loop); stays ended
};

// What went wrong so far; every bad input is counted here, none is fatal.
struct SourceStats {
    uint64_t frames = 0;        // frames delivered
    uint64_t badFiles = 0;      // corrupt, truncated, empty or unreadable image files
    uint64_t converted = 0;     // 16-bit, float, 2- or 4-channel images converted to 8-bit
    uint64_t emptyFrames = 0;   // zero-size frames from a camera or a video
    uint64_t readFailures = 0;  // camera reads that failed
    uint64_t reconnects = 0;    // camera (re)open attempts after the first
    uint64_t ends = 0;          // times a video or folder reached its end (loops count each)
    std::string lastProblem;    // plain words, for the log and the attendant
};

class FrameSource {
  public:
    virtual ~FrameSource() = default;
    // Blocks at most about one frame interval (a camera reconnect waits in short slices), so
    // the caller's loop can stop promptly. Never throws.
    virtual ReadStatus read(SourceFrame& out) = 0;
    // For the attendant screen: device "camera", its address, state (Ready, Connecting,
    // Disconnected, Fault) and the last error.
    virtual devices::DeviceHealth health() const = 0;
    virtual const SourceStats& stats() const = 0;
    // A line for logs: "v4l2 /dev/video0 1280x720@30 MJPG", "folder demo/frames (42 images)".
    virtual std::string describe() const = 0;
};

// --- V4L2 camera ------------------------------------------------------------------------------

struct CameraOptions {
    std::string device = "/dev/video0";  // a path or an index ("0")
    int width = 1280;
    int height = 720;
    int fps = 30;
    std::string fourcc = "MJPG";  // "MJPG" or "YUYV"
    // Consecutive failed reads before the camera counts as unplugged and is reopened.
    int failuresBeforeDisconnect = 3;
    Millis initialBackoff = 250;  // reconnect delay, doubling up to maxBackoff
    Millis maxBackoff = 5000;
};

// The capture behind a CameraSource: cv::VideoCapture with CAP_V4L2 in the kiosk; tests pass
// their own (vision/source/capture_device.hpp) to unplug a camera mid-run.
class CaptureDevice;

std::unique_ptr<FrameSource> makeCameraSource(CameraOptions options);
std::unique_ptr<FrameSource> makeCameraSource(CameraOptions options,
                                              std::unique_ptr<CaptureDevice> device);

// --- video file -------------------------------------------------------------------------------

struct VideoOptions {
    std::string path;
    bool loop = false;
    // true: deliver frames at the video's rate (sleeping); false: as fast as they decode.
    bool realtime = false;
};
std::unique_ptr<FrameSource> makeVideoSource(VideoOptions options);

// --- image folder -----------------------------------------------------------------------------

struct FolderOptions {
    std::string path;
    // Frame timestamps advance by 1000/fps ms from 0, so runs are deterministic whatever the
    // machine's speed. realtime additionally sleeps to deliver them at that rate.
    double fps = 30;
    bool realtime = false;
    bool loop = false;
};
// Images (png, jpg, jpeg, bmp, pgm, ppm, pbm, tif, tiff, webp) sorted by file name.
std::unique_ptr<FrameSource> makeFolderSource(FolderOptions options);

// --- a still image held in front of the camera ------------------------------------------------

// For scripted UI runs and the demo: the camera "sees" the shown image as repeated frames at
// `fps`, as an item held still; show(std::nullopt) takes it away (an empty scene). show() may
// be called from any thread; read() from the scan thread.
class StillSource final : public FrameSource {
  public:
    explicit StillSource(double fps = 15, int emptyWidth = 640, int emptyHeight = 480);
    ~StillSource() override;
    StillSource(const StillSource&) = delete;
    StillSource& operator=(const StillSource&) = delete;

    // Loads the image now: a bad file is an error and the previous scene stays.
    Result<void> show(const std::optional<std::string>& imagePath);

    ReadStatus read(SourceFrame& out) override;
    devices::DeviceHealth health() const override;
    const SourceStats& stats() const override;
    std::string describe() const override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Opens a source from a one-line description, as a configuration file gives it:
//   "v4l2:/dev/video0?width=1280&height=720&fps=30&fourcc=MJPG"   (or "v4l2:0")
//   "video:clip.mkv?loop=1&realtime=1"
//   "folder:frames/?fps=30&loop=1&realtime=1"
//   "still:?fps=15"
Result<std::unique_ptr<FrameSource>> openFrameSource(const std::string& spec);

}  // namespace kiosk::vision
