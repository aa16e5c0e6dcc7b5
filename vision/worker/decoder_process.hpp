// DecoderProcess: the kiosk's FrameDecoder. It runs the decoding strategy in a separate
// process (kasir-vision-worker), so an abort or a hang inside ZXing/OpenCV never takes the
// kiosk down: the worker is killed if needed, restarted, and the frame is reported as
// crashed or timed out. No OpenCV or ZXing in this header or its library.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "vision/decode/frame.hpp"

namespace kiosk::vision {

struct DecoderProcessOptions {
    // The worker executable. Empty: $KASIR_VISION_WORKER, else kasir-vision-worker next to
    // this program (/proc/self/exe), else the one in the build tree this was compiled in.
    std::string workerPath;
    // Extra command-line arguments for the worker (tests use its --test-* hooks).
    std::vector<std::string> workerArgs;
    // A frame whose answer takes longer is abandoned: the worker is killed and restarted.
    // The strategy's own CPU budget keeps a healthy frame near 15 ms; a second is for a hung
    // decoder, with room for a loaded machine (or a sanitizer build) not to look like one.
    std::chrono::milliseconds frameDeadline{1000};
    // How long a freshly started worker may take to load its libraries and say hello.
    std::chrono::milliseconds startDeadline{5000};
    // After a worker fails to start, wait this long before trying again (doubling up to
    // maxRetryDelay), answering frames with an error meanwhile instead of blocking.
    std::chrono::milliseconds retryDelay{200};
    std::chrono::milliseconds maxRetryDelay{5000};
};

struct DecoderProcessStats {
    uint64_t frames = 0;         // frames answered by a worker
    uint64_t crashes = 0;        // workers that died while decoding a frame
    uint64_t timeouts = 0;       // frames that passed the deadline (worker killed)
    uint64_t restarts = 0;       // workers started after the first one
    uint64_t badFrames = 0;      // frames refused before reaching the worker
    uint64_t startFailures = 0;  // workers that did not come up (missing binary, ...)
    pid_t workerPid = -1;        // the current worker, -1 when none runs
    std::string lastFailure;     // what happened to the last worker that died or failed
};

// Thread safety: none. One thread (the scan thread) owns a DecoderProcess and calls all of
// its functions; it never blocks longer than startDeadline + frameDeadline per call.
// The destructor stops the worker and reaps it. SIGPIPE is never raised (sends use
// MSG_NOSIGNAL); SIGCHLD handling of the program is left alone (children are reaped with
// waitpid on their own pid, so a program-wide SIGCHLD handler must not reap them itself).
class DecoderProcess final : public FrameDecoder {
  public:
    explicit DecoderProcess(DecoderProcessOptions options = {});
    ~DecoderProcess() override;
    DecoderProcess(const DecoderProcess&) = delete;
    DecoderProcess& operator=(const DecoderProcess&) = delete;

    // Starts the worker now rather than on the first frame; false (with stats().lastFailure)
    // if it could not start. decode() starts it anyway when needed.
    bool start();

    // Never throws. A bad frame, a crash, a hang or an unavailable worker is reported in the
    // result (error, crashed, timedOut) and the next call works with a fresh worker.
    DecodeResult decode(const GrayFrame& frame, const DecodeHints& hints) override;

    const DecoderProcessStats& stats() const { return stats_; }
    // The executable that is (or would be) started.
    const std::string& workerPath() const { return path_; }

  private:
    enum class Io { Ok, Timeout, Closed };
    using Clock = std::chrono::steady_clock;

    bool spawn();
    bool awaitHello(Clock::time_point deadline);
    bool ensureRunning();
    // Kills (if still alive) and reaps the worker; returns how it ended.
    std::string stopWorker(bool kill);
    Io sendAll(const void* data, std::size_t size, Clock::time_point deadline);
    Io recvAll(void* data, std::size_t size, Clock::time_point deadline);

    DecoderProcessOptions options_;
    std::string path_;
    int fd_ = -1;
    pid_t pid_ = -1;
    bool helloPending_ = false;
    bool everStarted_ = false;
    uint32_t seq_ = 0;
    Clock::time_point nextStartAttempt_{};
    std::chrono::milliseconds retryDelay_{0};
    DecoderProcessStats stats_;
};

// Where DecoderProcess looks for the worker when no path is given (see workerPath above).
std::string defaultWorkerPath();

}  // namespace kiosk::vision
