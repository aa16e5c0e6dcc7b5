#include "devices/scanner/evdev_scanner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace kiosk::devices {
namespace {

int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<std::unique_ptr<EvdevScanner>> EvdevScanner::open(const std::string& path,
                                                         KeyLayout layout) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        std::string why = err == ENOENT   ? "not found (unplugged?)"
                          : err == EACCES ? "permission denied (is the user in group input?)"
                                          : std::strerror(err);
        return makeError(ErrorCode::Io, "hand scanner " + path + ": " + why);
    }
    struct stat st {};
    fstat(fd, &st);
    const bool recording = S_ISREG(st.st_mode);
    std::unique_ptr<EvdevScanner> s(new EvdevScanner(fd, path, layout, recording));
    if (!recording) {
        if (!S_ISCHR(st.st_mode))
            return makeError(ErrorCode::InvalidArgument,
                             "hand scanner " + path + ": not an input device");
        if (ioctl(fd, EVIOCGRAB, 1) != 0) {
            const int err = errno;
            return makeError(ErrorCode::Io,
                             "hand scanner " + path + ": cannot take it exclusively (" +
                                 (err == EBUSY ? std::string("another program holds it")
                                               : std::string(std::strerror(err))) +
                                 ")");
        }
        s->grabbed_ = true;
    }
    return s;
}

EvdevScanner::~EvdevScanner() {
    if (fd_ >= 0) {
        if (grabbed_)
            ioctl(fd_, EVIOCGRAB, 0);
        ::close(fd_);
    }
}

std::string EvdevScanner::describe() const {
    return "evdev://" + path_ + " (" + toString(decoder_.layout()) + " layout)";
}

Result<std::optional<HandScan>> EvdevScanner::next(Millis timeout) {
    const int64_t deadline = nowMs() + timeout;
    for (;;) {
        if (!ready_.empty()) {
            HandScan s = std::move(ready_.front());
            ready_.pop_front();
            return std::optional<HandScan>(std::move(s));
        }
        char buf[sizeof(input_event) * 64];
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n > 0) {
            partial_.append(buf, static_cast<size_t>(n));
            size_t used = 0;
            while (partial_.size() - used >= sizeof(input_event)) {
                input_event e;
                std::memcpy(&e, partial_.data() + used, sizeof e);
                used += sizeof e;
                if (auto scan = decoder_.feed(e))
                    ready_.push_back(std::move(*scan));
            }
            partial_.erase(0, used);
            continue;
        }
        const int err = n < 0 ? errno : 0;
        if (n < 0 && err == EINTR)
            continue;
        if (n < 0 && err != EAGAIN)
            return makeError(ErrorCode::Io, "hand scanner " + path_ + ": " +
                                                (err == ENODEV ? std::string("disconnected")
                                                               : std::string(std::strerror(err))));
        const int64_t left = deadline - nowMs();
        if (left <= 0)
            return std::optional<HandScan>();
        if (n == 0) {
            if (!recording_)
                return makeError(ErrorCode::Io, "hand scanner " + path_ + ": disconnected");
            // The end of a recording: nothing more will come; wait out the timeout quietly.
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(left, 50)));
            continue;
        }
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r > 0 && !(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
            return makeError(ErrorCode::Io, "hand scanner " + path_ + ": disconnected");
    }
}

}  // namespace kiosk::devices
