#include "devices/common/serial_port.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>

namespace kiosk::devices {
namespace {

struct BaudEntry {
    int rate;
    speed_t code;
};
constexpr BaudEntry kBauds[] = {{300, B300},       {600, B600},      {1200, B1200},
                                {2400, B2400},     {4800, B4800},    {9600, B9600},
                                {19200, B19200},   {38400, B38400},  {57600, B57600},
                                {115200, B115200}, {230400, B230400}};

std::optional<speed_t> baudCode(int rate) {
    for (const auto& b : kBauds)
        if (b.rate == rate)
            return b.code;
    return std::nullopt;
}

bool isPseudoTerminal(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))
        return false;
    const unsigned m = major(st.st_rdev);
    return m >= 136 && m <= 143;  // UNIX98 pty slaves
}

int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Error badUrl(const DeviceUrl& url, const std::string& why) {
    return makeError(ErrorCode::InvalidArgument, "device address \"" + url.text + "\": " + why);
}

}  // namespace

void applySerialOptions(const SerialOptions& o, termios& tio) {
    cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
    tio.c_cflag |= CLOCAL | CREAD | (o.dataBits == 7 ? CS7 : CS8);
    if (o.parity != Parity::None) {
        tio.c_cflag |= PARENB;
        if (o.parity == Parity::Odd)
            tio.c_cflag |= PARODD;
        // Drop bytes that arrive with a parity error instead of passing garbage on.
        tio.c_iflag |= INPCK;
        tio.c_iflag &= ~static_cast<tcflag_t>(PARMRK | IGNPAR);
    }
    if (o.stopBits == 2)
        tio.c_cflag |= CSTOPB;
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    // VMIN 1 makes an empty non-blocking read say EAGAIN, so a read of 0 bytes means hang-up.
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (auto speed = baudCode(o.baud)) {
        cfsetispeed(&tio, *speed);
        cfsetospeed(&tio, *speed);
    }
}

std::string describe(const SerialOptions& o) {
    const char p = o.parity == Parity::None ? 'N' : o.parity == Parity::Even ? 'E' : 'O';
    return std::to_string(o.baud) + " " + std::to_string(o.dataBits) + p +
           std::to_string(o.stopBits);
}

Result<SerialOptions> serialOptionsFromUrl(const DeviceUrl& url, SerialOptions o) {
    static const std::set<std::string> known = {"baud", "parity", "bits", "stop", "exclusive"};
    for (const auto& [key, value] : url.query)
        if (!known.count(key))
            return badUrl(url, "unknown setting \"" + key +
                                   "\" (known: baud, parity, bits, stop, exclusive)");
    auto baud = url.queryInt("baud", o.baud, 1, 4'000'000);
    if (!baud)
        return baud.error();
    if (!baudCode(static_cast<int>(*baud)))
        return badUrl(url, "baud " + std::to_string(*baud) +
                               " is not a standard rate (300, 600, 1200, 2400, 4800, 9600, "
                               "19200, 38400, 57600, 115200, 230400)");
    o.baud = static_cast<int>(*baud);
    if (auto it = url.query.find("parity"); it != url.query.end()) {
        const std::string& p = it->second;
        if (p == "none" || p == "n" || p == "N")
            o.parity = Parity::None;
        else if (p == "even" || p == "e" || p == "E")
            o.parity = Parity::Even;
        else if (p == "odd" || p == "o" || p == "O")
            o.parity = Parity::Odd;
        else
            return badUrl(url, "parity must be none, even or odd, not \"" + p + "\"");
    }
    auto bits = url.queryInt("bits", o.dataBits, 7, 8);
    if (!bits)
        return bits.error();
    o.dataBits = static_cast<int>(*bits);
    auto stop = url.queryInt("stop", o.stopBits, 1, 2);
    if (!stop)
        return stop.error();
    o.stopBits = static_cast<int>(*stop);
    auto excl = url.queryInt("exclusive", o.exclusive ? 1 : 0, 0, 1);
    if (!excl)
        return excl.error();
    o.exclusive = *excl == 1;
    return o;
}

Result<std::unique_ptr<SerialPort>> SerialPort::open(const DeviceUrl& url,
                                                     const SerialOptions& defaults) {
    if (url.scheme != "serial")
        return badUrl(url, "a serial line needs a serial:///dev/... address");
    auto options = serialOptionsFromUrl(url, defaults);
    if (!options)
        return options.error();
    return open(url.path, *options);
}

Result<std::unique_ptr<SerialPort>> SerialPort::open(const std::string& path,
                                                     const SerialOptions& o) {
    auto speed = baudCode(o.baud);
    if (!speed)
        return makeError(ErrorCode::InvalidArgument,
                         path + ": baud " + std::to_string(o.baud) + " is not a standard rate");
    if (o.dataBits != 7 && o.dataBits != 8)
        return makeError(ErrorCode::InvalidArgument, path + ": data bits must be 7 or 8");
    if (o.stopBits != 1 && o.stopBits != 2)
        return makeError(ErrorCode::InvalidArgument, path + ": stop bits must be 1 or 2");

    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        std::string why = err == ENOENT   ? "not found (unplugged?)"
                          : err == EACCES ? "permission denied (is the user in group dialout?)"
                          : err == EBUSY  ? "in use by another program"
                                          : std::strerror(err);
        return makeError(ErrorCode::Io, "serial line " + path + ": " + why);
    }
    auto fail = [&](const char* what) -> Error {
        const int err = errno;
        ::close(fd);
        return makeError(ErrorCode::Io,
                         "serial line " + path + ": " + what + ": " + std::strerror(err));
    };
    if (!isatty(fd)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidArgument, "serial line " + path + ": not a terminal");
    }
    if (o.exclusive && ioctl(fd, TIOCEXCL) != 0)
        return fail("cannot take the line exclusively");

    termios tio{};
    if (tcgetattr(fd, &tio) != 0)
        return fail("cannot read the line settings");
    applySerialOptions(o, tio);
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        // A Linux pty has no wire: it keeps CS8 without parity and, once it has been set up
        // before, refuses a request for 7E1 outright. Keep what it has; a real UART must
        // take the settings or the open fails.
        termios current{};
        if (errno != EINVAL || !isPseudoTerminal(fd) || tcgetattr(fd, &current) != 0)
            return fail("cannot apply the line settings");
        const tcflag_t wire = CSIZE | PARENB | PARODD;
        tio.c_cflag = (tio.c_cflag & ~wire) | (current.c_cflag & wire);
        if (tcsetattr(fd, TCSANOW, &tio) != 0)
            return fail("cannot apply the line settings");
    }
    tcflush(fd, TCIOFLUSH);
    return std::unique_ptr<SerialPort>(new SerialPort(fd, path, o));
}

SerialPort::~SerialPort() {
    if (fd_ < 0)
        return;
    // The exclusive flag belongs to the tty, not to our descriptor: it outlives this close
    // while anyone else (a pty's master side) keeps the line open, and would lock us out of
    // our own reconnect.
    if (options_.exclusive)
        ioctl(fd_, TIOCNXCL);
    ::close(fd_);
}

std::string SerialPort::describe() const {
    return "serial://" + path_ + " (" + devices::describe(options_) + ")";
}

Error SerialPort::lost(const char* what, int err) const {
    // EIO/ENXIO/ENODEV is what a USB-serial adapter pulled out (or a pty whose other side
    // closed) gives: the caller reconnects.
    const bool gone = err == EIO || err == ENXIO || err == ENODEV || err == EPIPE || err == 0;
    return makeError(ErrorCode::Io,
                     "serial line " + path_ + ": " + what + ": " +
                         (gone ? std::string("disconnected") : std::string(std::strerror(err))));
}

void SerialPort::discardInput() {
    tcflush(fd_, TCIFLUSH);
}

Result<void> SerialPort::writeAll(std::span<const uint8_t> data, Millis timeout) {
    const int64_t deadline = nowMs() + timeout;
    size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + sent, data.size() - sent);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN)
            return lost("write failed", errno);
        const int64_t left = deadline - nowMs();
        if (left <= 0)
            return makeError(ErrorCode::Io, "serial line " + path_ + ": write timed out after " +
                                                std::to_string(sent) + " of " +
                                                std::to_string(data.size()) + " bytes");
        pollfd p{fd_, POLLOUT, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno != EINTR)
            return lost("poll failed", errno);
        if (r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
            return lost("write failed", 0);
    }
    return {};
}

Result<size_t> SerialPort::readSome(std::span<uint8_t> out, Millis timeout) {
    if (out.empty())
        return size_t{0};
    const int64_t deadline = nowMs() + timeout;
    for (;;) {
        const ssize_t n = ::read(fd_, out.data(), out.size());
        if (n > 0)
            return static_cast<size_t>(n);
        if (n == 0)
            return lost("read failed", 0);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return lost("read failed", errno);
        const int64_t left = deadline - nowMs();
        if (left <= 0)
            return size_t{0};
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno != EINTR)
            return lost("poll failed", errno);
        if (r > 0 && !(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
            return lost("read failed", 0);
    }
}

}  // namespace kiosk::devices
