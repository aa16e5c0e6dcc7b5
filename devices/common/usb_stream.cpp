#include "devices/common/usb_stream.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace kiosk::devices {
namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool unplugged(int err) {
    return err == ENODEV || err == ENXIO || err == EIO || err == ENOENT;
}

}  // namespace

Result<std::unique_ptr<UsbStream>> UsbStream::open(const std::string& path) {
    bool readable = true;
    int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        readable = false;
        fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    }
    if (fd < 0) {
        const int err = errno;
        return makeError(ErrorCode::Io,
                         "usb://" + path + ": " +
                             (err == ENOENT ? std::string("no such device (unplugged?)")
                                            : std::string("cannot open: ") + std::strerror(err)));
    }
    struct stat st {};
    if (fstat(fd, &st) == 0 && !S_ISCHR(st.st_mode))
        readable = false;  // a plain file or pipe standing in for the node never answers
    return std::unique_ptr<UsbStream>(new UsbStream(fd, path, readable));
}

UsbStream::~UsbStream() {
    if (fd_ >= 0)
        ::close(fd_);
}

Result<void> UsbStream::writeAll(std::span<const uint8_t> data, Millis timeout) {
    const int64_t deadline = nowMs() + timeout;
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN) {
            const int err = errno;
            return makeError(ErrorCode::Io,
                             describe() + ": " +
                                 (unplugged(err) ? "printer unplugged" : std::strerror(err)) +
                                 " after " + std::to_string(done) + " of " +
                                 std::to_string(data.size()) + " bytes");
        }
        const int64_t left = deadline - nowMs();
        pollfd pfd{fd_, POLLOUT, 0};
        if (left <= 0 || poll(&pfd, 1, static_cast<int>(left)) == 0)
            return makeError(ErrorCode::Io, describe() + ": the printer stopped accepting data (" +
                                                std::to_string(done) + " of " +
                                                std::to_string(data.size()) + " bytes sent)");
    }
    return {};
}

Result<size_t> UsbStream::readSome(std::span<uint8_t> out, Millis timeout) {
    if (!readable_)
        return makeError(ErrorCode::Unsupported, describe() + ": opened write-only, cannot answer");
    const int64_t deadline = nowMs() + timeout;
    for (;;) {
        const ssize_t n = ::read(fd_, out.data(), out.size());
        if (n > 0)
            return static_cast<size_t>(n);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN) {
            const int err = errno;
            return makeError(
                ErrorCode::Io,
                describe() + ": " + (unplugged(err) ? "printer unplugged" : std::strerror(err)));
        }
        // usblp returns 0 or EAGAIN while the printer has nothing to say: wait and retry.
        const int64_t left = deadline - nowMs();
        if (left <= 0)
            return size_t{0};
        pollfd pfd{fd_, POLLIN, 0};
        if (poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left, 20))) < 0 && errno != EINTR)
            return makeError(ErrorCode::Io, describe() + ": poll: " + std::strerror(errno));
    }
}

}  // namespace kiosk::devices
