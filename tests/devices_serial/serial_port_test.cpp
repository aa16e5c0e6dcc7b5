#include "devices/common/serial_port.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "devices/common/pty.hpp"

namespace kiosk::devices {
namespace {

SerialOptions optionsOf(const std::string& text, SerialOptions defaults = {}) {
    auto url = parseDeviceUrl(text);
    EXPECT_TRUE(url) << text;
    auto o = serialOptionsFromUrl(*url, defaults);
    EXPECT_TRUE(o) << (o ? "" : o.error().message);
    return o ? *o : SerialOptions{};
}

std::string readMaster(int fd, size_t want) {
    std::string got;
    while (got.size() < want) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0)
            break;
        char buf[256];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        got.append(buf, static_cast<size_t>(n));
    }
    return got;
}

TEST(SerialOptions, FromUrl) {
    auto o = optionsOf("serial:///dev/ttyS0?baud=9600&parity=even&bits=7");
    EXPECT_EQ(o.baud, 9600);
    EXPECT_EQ(o.parity, Parity::Even);
    EXPECT_EQ(o.dataBits, 7);
    EXPECT_EQ(o.stopBits, 1);
    EXPECT_EQ(describe(o), "9600 7E1");

    auto odd = optionsOf("serial:///dev/ttyUSB0?baud=115200&parity=odd&stop=2");
    EXPECT_EQ(odd.baud, 115200);
    EXPECT_EQ(odd.parity, Parity::Odd);
    EXPECT_EQ(odd.dataBits, 8);
    EXPECT_EQ(odd.stopBits, 2);
    EXPECT_EQ(describe(odd), "115200 8O2");
}

TEST(SerialOptions, AbsentKeysKeepTheProtocolDefaults) {
    SerialOptions sevenE1{9600, Parity::Even, 7, 1};
    auto o = optionsOf("serial:///dev/ttyS0?baud=19200", sevenE1);
    EXPECT_EQ(o.baud, 19200);
    EXPECT_EQ(o.parity, Parity::Even);
    EXPECT_EQ(o.dataBits, 7);
}

TEST(SerialOptions, BadValuesAreNamed) {
    for (const char* text : {"serial:///dev/ttyS0?baud=9601", "serial:///dev/ttyS0?parity=mark",
                             "serial:///dev/ttyS0?bits=6", "serial:///dev/ttyS0?stop=3",
                             "serial:///dev/ttyS0?pairty=even", "serial:///dev/ttyS0?baud=fast"}) {
        auto url = parseDeviceUrl(text);
        ASSERT_TRUE(url) << text;
        auto o = serialOptionsFromUrl(*url, {});
        ASSERT_FALSE(o) << text;
        EXPECT_NE(o.error().message.find(text), std::string::npos) << o.error().message;
    }
}

TEST(SerialPort, AppliesLineSettingsInRawMode) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty) << pty.error().message;
    auto url = parseDeviceUrl("serial://" + pty->slavePath() + "?baud=4800&parity=odd&bits=7");
    ASSERT_TRUE(url);
    auto port = SerialPort::open(*url, {});
    ASSERT_TRUE(port) << port.error().message;
    termios tio{};
    ASSERT_EQ(tcgetattr((*port)->fd(), &tio), 0);
    // A pty keeps the speed and the raw flags (it forces CS8 and no parity: checked below on
    // the settings themselves).
    EXPECT_EQ(cfgetospeed(&tio), static_cast<speed_t>(B4800));
    EXPECT_FALSE(tio.c_lflag & ICANON);
    EXPECT_FALSE(tio.c_lflag & ECHO);
    EXPECT_FALSE(tio.c_oflag & OPOST);
    EXPECT_NE((*port)->describe().find("4800 7O1"), std::string::npos);
}

TEST(SerialPort, SevenEvenOneSettings) {
    termios tio{};
    tio.c_cflag = CS8 | CSTOPB | CRTSCTS;
    tio.c_lflag = ICANON | ECHO;
    applySerialOptions(SerialOptions{9600, Parity::Even, 7, 1}, tio);
    EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS7));
    EXPECT_TRUE(tio.c_cflag & PARENB);
    EXPECT_FALSE(tio.c_cflag & PARODD);
    EXPECT_FALSE(tio.c_cflag & CSTOPB);
    EXPECT_FALSE(tio.c_cflag & CRTSCTS);
    EXPECT_TRUE(tio.c_iflag & INPCK);
    EXPECT_FALSE(tio.c_lflag & (ICANON | ECHO));
    EXPECT_EQ(cfgetispeed(&tio), static_cast<speed_t>(B9600));

    applySerialOptions(SerialOptions{1200, Parity::Odd, 7, 2}, tio);
    EXPECT_TRUE(tio.c_cflag & PARODD);
    EXPECT_TRUE(tio.c_cflag & CSTOPB);
    EXPECT_EQ(cfgetospeed(&tio), static_cast<speed_t>(B1200));
}

TEST(SerialPort, EightNoneTwo) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto port = SerialPort::open(pty->slavePath(), SerialOptions{19200, Parity::None, 8, 2});
    ASSERT_TRUE(port) << port.error().message;
    termios tio{};
    ASSERT_EQ(tcgetattr((*port)->fd(), &tio), 0);
    EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
    EXPECT_FALSE(tio.c_cflag & PARENB);
    EXPECT_TRUE(tio.c_cflag & CSTOPB);
    EXPECT_EQ(cfgetispeed(&tio), static_cast<speed_t>(B19200));
}

TEST(SerialPort, BytesBothWaysUnchanged) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto port = SerialPort::open(pty->slavePath(), {});
    ASSERT_TRUE(port);
    // CR and LF must pass untranslated in raw mode (no ICRNL/ONLCR).
    const std::string out = "W\r\n\x02\x7f";
    ASSERT_TRUE(
        (*port)->writeAll({reinterpret_cast<const uint8_t*>(out.data()), out.size()}, 1000));
    EXPECT_EQ(readMaster(pty->master(), out.size()), out);

    const std::string in =
        "\x02"
        "01.234\r";
    ASSERT_EQ(::write(pty->master(), in.data(), in.size()), static_cast<ssize_t>(in.size()));
    std::string got;
    uint8_t buf[64];
    while (got.size() < in.size()) {
        auto n = (*port)->readSome(buf, 2000);
        ASSERT_TRUE(n) << n.error().message;
        ASSERT_GT(*n, 0u);
        got.append(reinterpret_cast<char*>(buf), *n);
    }
    EXPECT_EQ(got, in);
}

TEST(SerialPort, ReadTimesOutWithNothing) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto port = SerialPort::open(pty->slavePath(), {});
    ASSERT_TRUE(port);
    uint8_t buf[8];
    auto n = (*port)->readSome(buf, 50);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 0u);
}

TEST(SerialPort, UnplugIsAnErrorNotATimeout) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto port = SerialPort::open(pty->slavePath(), {});
    ASSERT_TRUE(port);
    pty->close();
    uint8_t buf[8];
    auto n = (*port)->readSome(buf, 1000);
    ASSERT_FALSE(n);
    EXPECT_NE(n.error().message.find("disconnected"), std::string::npos) << n.error().message;
    const uint8_t w = 'W';
    auto wr = (*port)->writeAll({&w, 1}, 1000);
    EXPECT_FALSE(wr);
}

TEST(SerialPort, MissingDeviceAndNonTerminalAreClearErrors) {
    auto missing = SerialPort::open("/dev/ttyKASIRnone", {});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("not found"), std::string::npos);

    char path[] = "/tmp/kasir-serial-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    auto file = SerialPort::open(path, {});
    ::unlink(path);
    ASSERT_FALSE(file);
    EXPECT_NE(file.error().message.find("not a terminal"), std::string::npos);

    auto http = parseDeviceUrl("tcp://127.0.0.1:9100");
    ASSERT_TRUE(http);
    EXPECT_FALSE(SerialPort::open(*http, {}));
}

TEST(Pty, SymlinkFollowsAReplug) {
    char dir[] = "/tmp/kasir-pty-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    const std::string link = std::string(dir) + "/scale";
    auto a = Pty::open();
    ASSERT_TRUE(a);
    ASSERT_TRUE(replaceSymlink(a->slavePath(), link));
    ASSERT_TRUE(SerialPort::open(link, {}));
    auto b = Pty::open();
    ASSERT_TRUE(b);
    ASSERT_TRUE(replaceSymlink(b->slavePath(), link));
    char target[256] = {};
    ASSERT_GT(readlink(link.c_str(), target, sizeof target - 1), 0);
    EXPECT_EQ(std::string(target), b->slavePath());
    ::unlink(link.c_str());
    ::rmdir(dir);
}

}  // namespace
}  // namespace kiosk::devices

namespace kiosk::devices {
namespace {

TEST(SerialPort, ReopensAfterClosingAnExclusiveLine) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    // 7E1 twice in a row: the second open once failed with EINVAL on a pty.
    for (int i = 0; i < 3; ++i) {
        auto port = SerialPort::open(pty->slavePath(), SerialOptions{9600, Parity::Even, 7, 1});
        ASSERT_TRUE(port) << i << ": " << port.error().message;
    }
}

}  // namespace
}  // namespace kiosk::devices
