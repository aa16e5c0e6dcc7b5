#include "devices/common/file_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiosk::devices {

Result<std::unique_ptr<FileStream>> FileStream::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorCode::Io,
                         "file://" + path + ": cannot open for writing: " + std::strerror(errno));
    return std::unique_ptr<FileStream>(new FileStream(fd, path));
}

FileStream::~FileStream() {
    if (fd_ >= 0)
        ::close(fd_);
}

Result<void> FileStream::writeAll(std::span<const uint8_t> data, Millis /*timeout*/) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        const int err = n < 0 ? errno : EIO;
        return makeError(err == ENOSPC ? ErrorCode::DiskFull : ErrorCode::Io,
                         describe() + ": write failed after " + std::to_string(done) + " of " +
                             std::to_string(data.size()) + " bytes: " + std::strerror(err));
    }
    return {};
}

Result<size_t> FileStream::readSome(std::span<uint8_t> /*out*/, Millis /*timeout*/) {
    return makeError(ErrorCode::Unsupported, describe() + ": a file cannot answer");
}

}  // namespace kiosk::devices
