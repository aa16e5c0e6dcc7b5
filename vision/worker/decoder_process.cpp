#include "vision/worker/decoder_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "vision/worker/wire.hpp"

extern char** environ;

#ifndef KASIR_VISION_WORKER_BUILD_PATH
#define KASIR_VISION_WORKER_BUILD_PATH ""
#endif

namespace kiosk::vision {

namespace {

constexpr const char* kWorkerName = "kasir-vision-worker";
// The worker's end of the socket is always this descriptor number.
constexpr int kWorkerFd = 3;

bool isExecutable(const std::string& path) {
    struct stat st {};
    return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string describeStatus(int status) {
    if (WIFEXITED(status)) {
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char* name = ::strsignal(sig);
        return "killed by signal " + std::to_string(sig) + " (" + (name ? name : "?") + ")";
    }
    return "ended with wait status " + std::to_string(status);
}

}  // namespace

std::string defaultWorkerPath() {
    if (const char* env = std::getenv("KASIR_VISION_WORKER"); env && *env) {
        return env;
    }
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto beside = (self.parent_path() / kWorkerName).string();
        if (isExecutable(beside)) {
            return beside;
        }
    }
    return KASIR_VISION_WORKER_BUILD_PATH;
}

DecoderProcess::DecoderProcess(DecoderProcessOptions options)
    : options_(std::move(options)),
      path_(options_.workerPath.empty() ? defaultWorkerPath() : options_.workerPath),
      retryDelay_(options_.retryDelay) {}

DecoderProcess::~DecoderProcess() {
    if (pid_ < 0) {
        return;
    }
    // Closing the socket tells the worker to finish; it gets a moment before SIGKILL.
    ::close(fd_);
    fd_ = -1;
    auto until = Clock::now() + std::chrono::milliseconds(300);
    while (Clock::now() < until) {
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_ || (r < 0 && errno != EINTR)) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    stopWorker(true);
}

bool DecoderProcess::spawn() {
    if (path_.empty()) {
        stats_.lastFailure = "no kasir-vision-worker found (set KASIR_VISION_WORKER)";
        return false;
    }
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        stats_.lastFailure = std::string("socketpair: ") + std::strerror(errno);
        return false;
    }
    // dup2 onto the same number would keep close-on-exec set, so keep the child's end clear
    // of descriptor 3 before mapping it there.
    int childFd = ::fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
    ::close(sv[1]);
    if (childFd < 0) {
        stats_.lastFailure = std::string("fcntl: ") + std::strerror(errno);
        ::close(sv[0]);
        return false;
    }

    std::vector<std::string> args{path_, "--fd", std::to_string(kWorkerFd)};
    args.insert(args.end(), options_.workerArgs.begin(), options_.workerArgs.end());
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, childFd, kWorkerFd);
    // Descriptors the kiosk opened without close-on-exec stay out of the worker.
    posix_spawn_file_actions_addclosefrom_np(&actions, kWorkerFd + 1);
    // The scan thread may block signals or the program may ignore SIGPIPE: the worker
    // starts with default dispositions and an empty mask either way.
    sigset_t none;
    sigset_t defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, path_.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(childFd);
    if (rc != 0) {
        stats_.lastFailure = "cannot start " + path_ + ": " + std::strerror(rc);
        ::close(sv[0]);
        return false;
    }
    ::fcntl(sv[0], F_SETFL, ::fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    int sndbuf = 1 << 20;
    ::setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    fd_ = sv[0];
    pid_ = pid;
    helloPending_ = true;
    stats_.workerPid = pid;
    if (everStarted_) {
        ++stats_.restarts;
    }
    everStarted_ = true;
    spdlog::info("vision: decoder worker {} started ({})", pid, path_);
    return true;
}

bool DecoderProcess::awaitHello(Clock::time_point deadline) {
    wire::Hello hello;
    Io io = recvAll(&hello, sizeof hello, deadline);
    if (io != Io::Ok) {
        stats_.lastFailure = io == Io::Timeout ? "worker did not say hello in time"
                                               : "worker ended before saying hello";
        return false;
    }
    if (hello.magic != wire::kHelloMagic || hello.version != wire::kVersion) {
        stats_.lastFailure = "worker speaks another protocol version (stale binary?)";
        return false;
    }
    helloPending_ = false;
    return true;
}

bool DecoderProcess::ensureRunning() {
    if (pid_ < 0) {
        if (Clock::now() < nextStartAttempt_) {
            return false;
        }
        if (!spawn()) {
            ++stats_.startFailures;
            spdlog::error("vision: {}", stats_.lastFailure);
            nextStartAttempt_ = Clock::now() + retryDelay_;
            retryDelay_ = std::min(retryDelay_ * 2, options_.maxRetryDelay);
            return false;
        }
    }
    if (helloPending_ && !awaitHello(Clock::now() + options_.startDeadline)) {
        std::string why = stats_.lastFailure;
        std::string end = stopWorker(true);
        stats_.lastFailure = why + "; " + end;
        ++stats_.startFailures;
        spdlog::error("vision: decoder worker failed to start: {}", stats_.lastFailure);
        nextStartAttempt_ = Clock::now() + retryDelay_;
        retryDelay_ = std::min(retryDelay_ * 2, options_.maxRetryDelay);
        return false;
    }
    retryDelay_ = options_.retryDelay;
    return true;
}

bool DecoderProcess::start() {
    return ensureRunning();
}

std::string DecoderProcess::stopWorker(bool kill) {
    if (pid_ < 0) {
        return "no worker";
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    int status = 0;
    pid_t r = 0;
    if (!kill) {
        // A worker that closed its socket is normally dying already: let it finish so its
        // real cause (an abort, a signal) is what we log, not our SIGKILL.
        auto until = Clock::now() + std::chrono::milliseconds(200);
        while ((r = ::waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    if (r == 0) {
        ::kill(pid_, SIGKILL);
        do {
            r = ::waitpid(pid_, &status, 0);
        } while (r < 0 && errno == EINTR);
    }
    std::string how = r == pid_ ? describeStatus(status) : "was reaped elsewhere";
    pid_ = -1;
    stats_.workerPid = -1;
    helloPending_ = false;
    return how;
}

DecoderProcess::Io DecoderProcess::sendAll(const void* data, std::size_t size,
                                           Clock::time_point deadline) {
    auto p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::send(fd_, p, size, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return Io::Closed;  // EPIPE, ECONNRESET: the worker is gone
        }
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return Io::Timeout;
        }
        pollfd pfd{fd_, POLLOUT, 0};
        int pr = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left.count(), INT_MAX)));
        if (pr < 0 && errno != EINTR) {
            return Io::Closed;
        }
    }
    return Io::Ok;
}

DecoderProcess::Io DecoderProcess::recvAll(void* data, std::size_t size,
                                           Clock::time_point deadline) {
    auto p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::recv(fd_, p, size, 0);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n == 0) {
            return Io::Closed;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return Io::Closed;
        }
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return Io::Timeout;
        }
        pollfd pfd{fd_, POLLIN, 0};
        int pr = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left.count(), INT_MAX)));
        if (pr < 0 && errno != EINTR) {
            return Io::Closed;
        }
    }
    return Io::Ok;
}

DecodeResult DecoderProcess::decode(const GrayFrame& frame, const DecodeHints& hints) {
    auto started = Clock::now();
    DecodeResult result;
    auto elapsed = [&] {
        return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    };
    if (auto bad = wire::checkFrame(frame.width, frame.height, frame.pixels.size()); !bad.empty()) {
        ++stats_.badFrames;
        result.error = bad;
        return result;
    }
    if (!ensureRunning()) {
        result.error = "decoder worker unavailable: " + stats_.lastFailure;
        result.ms = elapsed();
        return result;
    }

    auto deadline = Clock::now() + options_.frameDeadline;
    uint32_t seq = ++seq_;
    wire::RequestHeader request = wire::makeRequest(seq, frame, hints);
    Io io = sendAll(&request, sizeof request, deadline);
    if (io == Io::Ok) {
        io = sendAll(frame.pixels.data(), frame.pixels.size(), deadline);
    }
    wire::ResponseHeader header;
    if (io == Io::Ok) {
        io = recvAll(&header, sizeof header, deadline);
    }
    std::string body;
    bool garbled = false;
    if (io == Io::Ok) {
        garbled = header.magic != wire::kResponseMagic || header.seq != seq ||
                  header.bodyBytes > wire::kMaxResponseBytes;
        if (!garbled) {
            body.resize(header.bodyBytes);
            io = recvAll(body.data(), body.size(), deadline);
        }
    }
    if (io == Io::Ok && !garbled) {
        auto decoded = wire::decodeResult(body);
        if (decoded.ok()) {
            ++stats_.frames;
            result = std::move(decoded).value();
            result.ms = elapsed();
            return result;
        }
        garbled = true;
    }

    // The worker died, hung or spoke nonsense: this frame is lost, the next one gets a new
    // worker (started now, so its start-up overlaps the camera's next frame).
    if (io == Io::Timeout) {
        std::string end = stopWorker(true);
        ++stats_.timeouts;
        result.timedOut = true;
        result.error = "decoder passed its " + std::to_string(options_.frameDeadline.count()) +
                       " ms deadline; worker " + end;
    } else {
        std::string end = stopWorker(garbled);
        ++stats_.crashes;
        result.crashed = true;
        result.error =
            (garbled ? "decoder worker sent a garbled answer; worker " : "decoder worker died: ") +
            end;
    }
    stats_.lastFailure = result.error;
    spdlog::warn("vision: frame {}: {}; restarting the worker", frame.index, result.error);
    if (!spawn()) {
        ++stats_.startFailures;
        spdlog::error("vision: {}", stats_.lastFailure);
        nextStartAttempt_ = Clock::now() + retryDelay_;
    }
    result.ms = elapsed();
    return result;
}

}  // namespace kiosk::vision
