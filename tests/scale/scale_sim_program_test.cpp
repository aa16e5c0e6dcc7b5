// kasir-scale-sim as a program: the address it prints is one the real driver can weigh on, and
// a step typed on its stdin changes what the scale answers.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "devices/scale/serial_scale.hpp"
#include "scale_fixtures.hpp"

extern char** environ;

namespace kiosk::devices {
namespace {

struct Child {
    pid_t pid = -1;
    int in = -1;          // its stdin
    FILE* out = nullptr;  // its stdout
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

TEST(ScaleSimProgram, PrintsAnAddressAndTakesStepsOnStdin) {
    Child sim;
    ASSERT_TRUE(spawn(sim, {std::string(KASIR_BINARY_DIR) + "/devices/scale/kasir-scale-sim",
                            "--protocol", "sci", "--step", "motion 1", "--step", "weight 1234"}));
    char line[512] = {};
    ASSERT_NE(std::fgets(line, sizeof line, sim.out), nullptr);
    std::string address(line);
    while (!address.empty() && address.back() == '\n')
        address.pop_back();
    auto url = parseDeviceUrl(address);
    ASSERT_TRUE(url) << address;
    auto port = SerialPort::open(*url, defaultSerialOptions(ScaleProtocol::DatalogicSci));
    ASSERT_TRUE(port) << port.error().message;
    SerialScale scale(std::move(*port), testing::fastOptions(ScaleProtocol::DatalogicSci));
    auto first = scale.read();
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->state, WeightState::Motion);
    auto second = scale.read();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->grams, 1234);

    const std::string step = "under 1; weight 777\n";
    ASSERT_EQ(::write(sim.in, step.data(), step.size()), static_cast<ssize_t>(step.size()));
    ASSERT_TRUE(testing::eventually([&] {
        auto r = scale.read();
        return r && r->state == WeightState::Stable && r->grams == 777;
    }));
}

}  // namespace
}  // namespace kiosk::devices
