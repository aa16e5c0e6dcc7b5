// kasir-vision-worker: runs the decoding strategy for DecoderProcess, one frame at a time,
// over the socket it inherits. If a decoder library aborts, only this process dies.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "vision/decode/plain_zxing.hpp"
#include "vision/decode/strategy.hpp"
#include "vision/worker/wire.hpp"

namespace {

using namespace kiosk::vision;

bool readAll(int fd, void* data, std::size_t size) {
    auto p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::read(fd, p, size);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return false;
        }
    }
    return true;
}

bool writeAll(int fd, const void* data, std::size_t size) {
    auto p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return false;
        }
    }
    return true;
}

int usage(const char* why) {
    std::fprintf(stderr,
                 "kasir-vision-worker: %s\n"
                 "usage: kasir-vision-worker --fd N [--decoder strategy|zxing-single|zxing-multi]\n"
                 "       [--budget-ms MS] [--exhaustive 0|1] [--opencv-detector 0|1]\n"
                 "       [--localise-tilted 0|1] [--test-hang-width W] [--test-crash-width W]\n"
                 "Started by the kiosk (DecoderProcess), not by hand: frames arrive on "
                 "descriptor N.\n",
                 why);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    int fd = -1;
    // Test hooks: a frame of this width makes the worker hang or abort, so tests can show
    // that the kiosk side recovers without depending on a particular decoder bug.
    int hangWidth = -1;
    int crashWidth = -1;
    StrategyOptions strategy;
    std::string decoderName = "strategy";
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) {
            return usage(("missing value after " + arg).c_str());
        }
        if (arg == "--decoder") {
            decoderName = argv[++i];
            if (decoderName != "strategy" && decoderName != "zxing-single" &&
                decoderName != "zxing-multi") {
                return usage(("unknown decoder " + decoderName).c_str());
            }
            continue;
        }
        if (arg == "--budget-ms") {
            strategy.budgetMs = std::atof(argv[++i]);
            strategy.frameBudgetMs = strategy.budgetMs;
            continue;
        }
        char* end = nullptr;
        long value = std::strtol(argv[++i], &end, 10);
        if (*end != '\0') {
            return usage(("not a number after " + arg).c_str());
        }
        if (arg == "--fd") {
            fd = static_cast<int>(value);
        } else if (arg == "--test-hang-width") {
            hangWidth = static_cast<int>(value);
        } else if (arg == "--test-crash-width") {
            crashWidth = static_cast<int>(value);
        } else if (arg == "--exhaustive") {
            strategy.exhaustive = value != 0;
        } else if (arg == "--opencv-detector") {
            strategy.openCvDetector = value != 0;
        } else if (arg == "--localise-tilted") {
            strategy.localiseTilted = value != 0;
        } else {
            return usage(("unknown option " + arg).c_str());
        }
    }
    if (fd < 0) {
        return usage("--fd is required");
    }

    // Logs go to stderr (inherited from the kiosk); the socket carries only the protocol.
    spdlog::set_default_logger(spdlog::stderr_color_st("vision-worker"));
    spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug traces every pass
    // Die with the kiosk instead of lingering as an orphan. Not PR_SET_PDEATHSIG: it fires when
    // the kiosk *thread* that started us ends (a ScanService stopped and started again), which
    // killed a healthy worker. An idle worker sees its socket close; this thread covers one
    // that is busy in a long decode.
    const pid_t parent = ::getppid();
    if (parent == 1) {
        return 1;
    }
    std::thread([parent] {
        while (::getppid() == parent) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        ::_exit(0);
    }).detach();
    ::signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<FrameDecoder> decoder =
        decoderName == "zxing-multi"    ? makePlainZxingDecoder(PlainZxing::Multi)
        : decoderName == "zxing-single" ? makePlainZxingDecoder(PlainZxing::Single)
                                        : makeStrategyDecoder(strategy);
    wire::Hello hello;
    hello.pid = static_cast<int32_t>(::getpid());
    if (!writeAll(fd, &hello, sizeof hello)) {
        return 1;
    }

    GrayFrame frame;
    while (true) {
        wire::RequestHeader request;
        if (!readAll(fd, &request, sizeof request)) {
            return 0;  // the kiosk closed the socket: normal end
        }
        if (request.magic != wire::kRequestMagic) {
            spdlog::error("bad request header; stopping");
            return 3;
        }
        DecodeResult result;
        std::string bad = wire::checkFrame(request.width, request.height, request.pixelBytes);
        if (!bad.empty() && request.pixelBytes > (64u << 20)) {
            spdlog::error("{}; stopping", bad);
            return 3;  // cannot skip that many bytes safely
        }
        frame.width = request.width;
        frame.height = request.height;
        frame.index = request.index;
        frame.capturedAt = request.capturedAt;
        frame.pixels.resize(request.pixelBytes);
        if (!readAll(fd, frame.pixels.data(), frame.pixels.size())) {
            return 0;
        }
        if (!bad.empty()) {
            result.error = bad;
        } else {
            if (frame.width == hangWidth) {
                std::this_thread::sleep_for(std::chrono::seconds(60));
            }
            if (frame.width == crashWidth) {
                std::abort();
            }
            result = decoder->decode(frame, wire::hintsOf(request));
        }
        std::string body = wire::encodeResult(result);
        wire::ResponseHeader response;
        response.seq = request.seq;
        response.bodyBytes = static_cast<uint32_t>(body.size());
        if (!writeAll(fd, &response, sizeof response) || !writeAll(fd, body.data(), body.size())) {
            return 0;
        }
    }
}
