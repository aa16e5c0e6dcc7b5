// kasir-scanner-sim as a program: scans typed on its stdin reach the serial driver, and its
// --evdev-out recording decodes back to the scans.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "devices/common/serial_port.hpp"
#include "devices/scanner/evdev_scanner.hpp"
#include "devices/scanner/serial_scanner.hpp"

extern char** environ;

namespace kiosk::devices {
namespace {

const std::string kProgram = std::string(KASIR_BINARY_DIR) + "/devices/scanner/kasir-scanner-sim";

struct Child {
    pid_t pid = -1;
    int in = -1;
    FILE* out = nullptr;
    ~Child() {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
        if (in >= 0)
            ::close(in);
        if (out)
            std::fclose(out);
    }
};

bool spawn(Child& c, std::vector<std::string> args) {
    int toChild[2], fromChild[2];
    if (::pipe(toChild) != 0 || ::pipe(fromChild) != 0)
        return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, toChild[0], 0);
    posix_spawn_file_actions_adddup2(&fa, fromChild[1], 1);
    posix_spawn_file_actions_addclose(&fa, toChild[1]);
    posix_spawn_file_actions_addclose(&fa, fromChild[0]);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(toChild[0]);
    ::close(fromChild[1]);
    c.in = toChild[1];
    c.out = ::fdopen(fromChild[0], "r");
    return rc == 0;
}

TEST(ScannerSimProgram, StdinLinesBecomeScans) {
    Child sim;
    ASSERT_TRUE(spawn(sim, {kProgram, "--terminator", "crlf"}));
    char line[512] = {};
    ASSERT_NE(std::fgets(line, sizeof line, sim.out), nullptr);
    std::string address(line);
    address.pop_back();
    auto url = parseDeviceUrl(address);
    ASSERT_TRUE(url) << address;
    auto port = SerialPort::open(*url, {});
    ASSERT_TRUE(port) << port.error().message;
    SerialScanner scanner(std::move(*port));
    const std::string input =
        "]C1"
        "0104006381333931<GS>10ABC\n4006381333931\n";
    ASSERT_EQ(::write(sim.in, input.data(), input.size()), static_cast<ssize_t>(input.size()));
    auto a = scanner.next(5000);
    ASSERT_TRUE(a && *a);
    EXPECT_EQ(**a, (HandScan{"0104006381333931\x1d"
                             "10ABC",
                             "]C1"}));
    auto b = scanner.next(5000);
    ASSERT_TRUE(b && *b);
    EXPECT_EQ(**b, (HandScan{"4006381333931", ""}));
}

TEST(ScannerSimProgram, EvdevRecordingDecodes) {
    char path[] = "/tmp/kasir-wedge-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    {
        Child sim;
        ASSERT_TRUE(spawn(sim, {kProgram, "--evdev-out", path, "--layout", "de", "--scan",
                                "]E04006381333931", "--scan", "]d2<GS>0104006381333931"}));
        int status = 0;
        ASSERT_EQ(::waitpid(sim.pid, &status, 0), sim.pid);
        sim.pid = -1;
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 0);
    }
    auto s = EvdevScanner::open(path, KeyLayout::De);
    ASSERT_TRUE(s) << s.error().message;
    auto a = (*s)->next(2000);
    ASSERT_TRUE(a && *a);
    EXPECT_EQ(**a, (HandScan{"4006381333931", "]E0"}));
    auto b = (*s)->next(2000);
    ASSERT_TRUE(b && *b);
    EXPECT_EQ(**b, (HandScan{"\x1d"
                             "0104006381333931",
                             "]d2"}));
    ::unlink(path);
}

}  // namespace
}  // namespace kiosk::devices
