#include "devices/common/pty.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kiosk::devices {

Result<Pty> Pty::open() {
    int master = -1;
    int slave = -1;
    char name[256] = {};
    if (openpty(&master, &slave, name, nullptr, nullptr) != 0)
        return makeError(ErrorCode::Io,
                         std::string("cannot open a pseudo-terminal: ") + std::strerror(errno));
    termios tio{};
    if (tcgetattr(slave, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(slave, TCSANOW, &tio);
    }
    fcntl(master, F_SETFD, FD_CLOEXEC);
    fcntl(slave, F_SETFD, FD_CLOEXEC);
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    Pty p;
    p.master_ = master;
    p.slave_ = slave;
    p.slavePath_ = name;
    return p;
}

Pty::Pty(Pty&& other) noexcept
    : master_(other.master_), slave_(other.slave_), slavePath_(std::move(other.slavePath_)) {
    other.master_ = -1;
    other.slave_ = -1;
}

Pty& Pty::operator=(Pty&& other) noexcept {
    if (this != &other) {
        close();
        master_ = other.master_;
        slave_ = other.slave_;
        slavePath_ = std::move(other.slavePath_);
        other.master_ = -1;
        other.slave_ = -1;
    }
    return *this;
}

Pty::~Pty() {
    close();
}

void Pty::close() {
    if (slave_ >= 0)
        ::close(slave_);
    if (master_ >= 0)
        ::close(master_);
    slave_ = -1;
    master_ = -1;
}

Result<void> replaceSymlink(const std::string& target, const std::string& link) {
    const std::string tmp = link + ".new";
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) != 0 || ::rename(tmp.c_str(), link.c_str()) != 0)
        return makeError(ErrorCode::Io,
                         "cannot point " + link + " at " + target + ": " + std::strerror(errno));
    return {};
}

}  // namespace kiosk::devices
