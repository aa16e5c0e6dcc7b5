// kasir-terminal-sim as the demo starts it: a separate process on a free port that prints its
// address, serves the real driver, keeps its ledger file, and refuses a bad rule file clearly.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "payment_fixtures.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::payment::testing;

struct Program {
    pid_t pid = -1;
    FILE* out = nullptr;
};

Program launch(const std::vector<std::string>& args) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    Program p;
    p.pid = ::fork();
    if (p.pid == 0) {
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        ::close(fds[0]);
        std::vector<std::string> copy = args;
        std::vector<char*> argv;
        std::string exe = KASIR_TERMINAL_SIM;
        argv.push_back(exe.data());
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(exe.c_str(), argv.data());
        std::_Exit(127);
    }
    ::close(fds[1]);
    p.out = ::fdopen(fds[0], "r");
    return p;
}

std::string line(FILE* f) {
    char buf[512];
    if (!std::fgets(buf, sizeof buf, f))
        return {};
    std::string s(buf);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

int finish(Program& p) {
    int status = 0;
    ::waitpid(p.pid, &status, 0);
    std::fclose(p.out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(TerminalSimProgram, ServesTheDriverOnAFreePortAndKeepsItsLedger) {
    TempDir dir;
    const std::string ledger = dir.file("bank.jsonl");
    Program sim = launch({"--port", "0", "--ledger", ledger, "--tap-delay-ms", "0", "--by-amount"});
    const std::string first = line(sim.out);
    ASSERT_EQ(first.rfind("listening on http://127.0.0.1:", 0), 0u) << first;
    const std::string url = first.substr(std::string("listening on ").size());
    auto terminal = driverFor(url);
    devices::PaymentRequestData approve{"P1", "sale-a", 0, 1000, currencyEur()};
    devices::PaymentRequestData decline{"P2", "sale-b", 0, 1001, currencyEur()};  // ...01
    devices::PaymentRequestData pin{"P3", "sale-c", 0, 1002, currencyEur()};      // ...02
    EXPECT_EQ(terminal->pay(approve, 5000).kind, devices::OutcomeKind::Approved);
    auto declined = terminal->pay(decline, 5000);
    EXPECT_EQ(declined.kind, devices::OutcomeKind::Declined);
    EXPECT_EQ(declined.declineReason, DeclineReason::Refused);
    EXPECT_EQ(terminal->pay(pin, 5000).declineReason, DeclineReason::WrongPin);
    auto status = terminal->transactionStatus("P4", "P1", currencyEur(), 5000);
    EXPECT_EQ(status.kind, devices::OutcomeKind::Approved);
    EXPECT_EQ(terminal->transactionStatus("P5", "never", currencyEur(), 5000).kind,
              devices::OutcomeKind::NotFound);
    ::kill(sim.pid, SIGTERM);
    EXPECT_EQ(finish(sim), 0);
    auto entries = devices::sim::TerminalSimulator::readLedger(ledger);
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ((*entries)[0].transactionId, "sale-a");
    EXPECT_EQ((*entries)[0].amount, 1000);

    // A restarted terminal still knows what it charged.
    Program again = launch({"--port", "0", "--ledger", ledger});
    const std::string second = line(again.out);
    ASSERT_EQ(second.rfind("listening on ", 0), 0u) << second;
    auto t2 = driverFor(second.substr(std::string("listening on ").size()));
    EXPECT_EQ(t2->transactionStatus("P6", "P1", currencyEur(), 5000).kind,
              devices::OutcomeKind::Approved);
    ::kill(again.pid, SIGTERM);
    EXPECT_EQ(finish(again), 0);
}

TEST(TerminalSimProgram, ABadRuleFileIsRefusedNamingTheLine) {
    TempDir dir;
    const std::string rules = dir.file("rules.txt");
    std::ofstream(rules) << "# comment\n* approve\nlast=01 explode\n";
    Program sim = launch({"--port", "0", "--rules", rules});
    const std::string message = line(sim.out);
    EXPECT_NE(message.find("rules.txt:3"), std::string::npos) << message;
    EXPECT_NE(message.find("explode"), std::string::npos) << message;
    EXPECT_EQ(finish(sim), 1);
}

}  // namespace
