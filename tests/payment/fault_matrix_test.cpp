// The fault matrix: for each step of a payment (before send, after send, during the response,
// after the response before the commit, after the commit before the sale) and each fault
// (dropped link, terminal restart, kiosk SIGKILL and restart, timeout), one payment runs in a
// child process (the real coordinator and driver) against the simulator on a real socket;
// then the kiosk restarts (a second child: resolvePending and journal). From both ledgers:
// exactly one approved charge and one sale, or no charge and no sale, and the kiosk's intents
// say which. Each cell runs with an approving and with a declining card.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "payment_fixtures.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::payment::testing;
using devices::sim::SimEventKind;
using devices::sim::SimFault;
using devices::sim::SimOutcome;
using devices::sim::SimRule;

enum class Step { BeforeSend, AfterSend, DuringResponse, AfterResponse, AfterCommit };
enum class Fault { DroppedLink, TerminalRestart, KioskKill, Timeout };

const char* name(Step s) {
    switch (s) {
        case Step::BeforeSend:
            return "BeforeSend";
        case Step::AfterSend:
            return "AfterSend";
        case Step::DuringResponse:
            return "DuringResponse";
        case Step::AfterResponse:
            return "AfterResponse";
        case Step::AfterCommit:
            return "AfterCommit";
    }
    return "";
}
const char* name(Fault f) {
    switch (f) {
        case Fault::DroppedLink:
            return "DroppedLink";
        case Fault::TerminalRestart:
            return "TerminalRestart";
        case Fault::KioskKill:
            return "KioskKill";
        case Fault::Timeout:
            return "Timeout";
    }
    return "";
}

enum class SimAction { None, KillKiosk, PauseTerminal, RestartTerminal };

struct Plan {
    SimFault fault = SimFault::None;
    Millis lateMs = 0;
    std::string childKillAt = "none";
    bool terminalDownAtStart = false;
    SimEventKind trigger = SimEventKind::Decided;
    SimAction action = SimAction::None;
    bool chargeWhenApproving = true;  // what an approving card ends in
};

// The child's payment timeout is 1000 ms and the simulator's tap delay 100 ms.
Plan planFor(Step step, Fault fault) {
    Plan p;
    switch (step) {
        case Step::BeforeSend:
            switch (fault) {
                case Fault::DroppedLink:  // no link at all: the request cannot leave
                    p.terminalDownAtStart = true;
                    p.chargeWhenApproving = false;
                    break;
                case Fault::TerminalRestart:  // the restart swallowed the request unread
                    p.fault = SimFault::DropBeforeProcessing;
                    break;
                case Fault::KioskKill:  // intent committed, nothing sent
                    p.childKillAt = "intent";
                    p.chargeWhenApproving = false;
                    break;
                case Fault::Timeout:  // accepted, never read, never answered
                    p.fault = SimFault::IgnoreRequest;
                    break;
            }
            break;
        case Step::AfterSend:
            switch (fault) {
                case Fault::DroppedLink:
                    p.fault = SimFault::DropAfterApprove;
                    break;
                case Fault::TerminalRestart:
                    p.fault = SimFault::RestartDuring;
                    break;
                case Fault::KioskKill:
                    p.trigger = SimEventKind::PaymentReceived;
                    p.action = SimAction::KillKiosk;
                    break;
                case Fault::Timeout:
                    p.fault = SimFault::Late;
                    p.lateMs = 2000;
                    break;
            }
            break;
        case Step::DuringResponse:
            switch (fault) {
                case Fault::DroppedLink:
                    p.fault = SimFault::HalfResponse;
                    break;
                case Fault::TerminalRestart:
                    p.fault = SimFault::CrashAfterApprove;
                    break;
                case Fault::KioskKill:
                    p.fault = SimFault::HalfResponseStall;
                    p.trigger = SimEventKind::ResponsePartlySent;
                    p.action = SimAction::KillKiosk;
                    break;
                case Fault::Timeout:
                    p.fault = SimFault::HalfResponseStall;
                    break;
            }
            break;
        case Step::AfterResponse:
            switch (fault) {
                case Fault::DroppedLink:
                    p.action = SimAction::PauseTerminal;
                    break;
                case Fault::TerminalRestart:
                    p.action = SimAction::RestartTerminal;
                    break;
                case Fault::KioskKill:
                    p.childKillAt = "response";
                    break;
                case Fault::Timeout:  // the answer comes just inside the timeout
                    p.fault = SimFault::Late;
                    p.lateMs = 500;
                    break;
            }
            break;
        case Step::AfterCommit:
            switch (fault) {
                case Fault::KioskKill:
                    p.childKillAt = "outcome";
                    break;
                case Fault::DroppedLink:
                    p.action = SimAction::PauseTerminal;
                    p.childKillAt = "outcome";
                    break;
                case Fault::TerminalRestart:
                    p.action = SimAction::RestartTerminal;
                    p.childKillAt = "outcome";
                    break;
                case Fault::Timeout:
                    p.fault = SimFault::Late;
                    p.lateMs = 500;
                    p.childKillAt = "outcome";
                    break;
            }
            break;
    }
    return p;
}

struct ChildResult {
    bool killed = false;
    int exitCode = -1;
    std::string out;
};

class Child {
  public:
    Child(std::vector<std::string> args, const std::string& outFile) : outFile_(outFile) {
        pid_ = ::fork();
        if (pid_ == 0) {
            FILE* f = std::freopen(outFile.c_str(), "w", stdout);
            (void)f;
            std::vector<char*> argv;
            std::string exe = KASIR_PAYMENT_CHILD;
            argv.push_back(exe.data());
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(exe.c_str(), argv.data());
            std::_Exit(127);
        }
    }
    pid_t pid() const { return pid_; }
    ChildResult wait(std::chrono::seconds limit = std::chrono::seconds(40)) {
        ChildResult r;
        const auto until = std::chrono::steady_clock::now() + limit;
        int status = 0;
        for (;;) {
            pid_t done = ::waitpid(pid_, &status, WNOHANG);
            if (done == pid_)
                break;
            if (std::chrono::steady_clock::now() > until) {
                ADD_FAILURE() << "child did not finish in time";
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::ifstream in(outFile_);
        std::stringstream s;
        s << in.rdbuf();
        r.out = s.str();
        return r;
    }

  private:
    pid_t pid_ = -1;
    std::string outFile_;
};

using Cell = std::tuple<Step, Fault, bool /*approving card*/>;

class FaultMatrix : public ::testing::TestWithParam<Cell> {};

TEST_P(FaultMatrix, ExactlyOneChargeAndOneSaleOrNeither) {
    const auto [step, fault, approving] = GetParam();
    const Plan plan = planFor(step, fault);
    TempDir dir;
    devices::sim::SimOptions o;
    o.ledgerPath = dir.file("bank.jsonl");
    o.tapDelayMs = 100;
    auto simulator = devices::sim::TerminalSimulator::start(o);
    ASSERT_TRUE(simulator) << simulator.error().message;
    auto& sim = **simulator;
    const SimOutcome outcome = approving ? SimOutcome::Approve : SimOutcome::Refusal;
    sim.pushRule(SimRule{outcome, plan.fault, plan.lateMs});
    sim.pushRule(SimRule{outcome, SimFault::None, 0});  // the one automatic retry, if any

    std::atomic<pid_t> kioskPid{-1};
    std::vector<std::thread> actions;
    std::mutex actionsMu;
    sim.onEvent([&](const devices::sim::SimEvent& e) {
        if (e.kind != plan.trigger || plan.action == SimAction::None)
            return;
        if (plan.action == SimAction::KillKiosk) {
            if (kioskPid > 0)
                ::kill(kioskPid, SIGKILL);
            return;
        }
        std::lock_guard lock(actionsMu);
        actions.emplace_back([&sim, action = plan.action] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (action == SimAction::PauseTerminal) {
                sim.pause();
                std::this_thread::sleep_for(std::chrono::milliseconds(600));
                (void)sim.resume();
            } else {
                sim.restart();
            }
        });
    });
    if (plan.terminalDownAtStart)
        sim.pause();

    const std::string db = dir.file("kasir.db");
    const std::string sale = std::string("sale-") + name(step) + "-" + name(fault);
    Child kiosk({"pay", sim.url(), db, sale, "1234", plan.childKillAt}, dir.file("pay.out"));
    kioskPid = kiosk.pid();
    ChildResult first = kiosk.wait();
    {
        std::lock_guard lock(actionsMu);
        for (auto& t : actions)
            t.join();
        actions.clear();
    }
    sim.onEvent(nullptr);
    if (plan.terminalDownAtStart) {
        ASSERT_TRUE(sim.resume());
    }
    const bool expectKill = plan.childKillAt != "none" || plan.action == SimAction::KillKiosk;
    if (expectKill) {
        EXPECT_TRUE(first.killed || first.exitCode == 0) << first.out;
    }
    if (!expectKill) {
        EXPECT_EQ(first.exitCode, 0) << first.out;
    }

    // The kiosk starts again: everything pending is resolved and paid sales are journaled.
    Child restart({"recover", sim.url(), db}, dir.file("recover.out"));
    ChildResult second = restart.wait();
    EXPECT_EQ(second.exitCode, 0) << second.out;

    // Both ledgers.
    const int charges = approvedCharges(sim.ledger(), sale);
    auto store = openStore(db);
    auto journaled = store->saleByUuid(sale);
    ASSERT_TRUE(journaled);
    const int sales = *journaled ? 1 : 0;
    auto intents = store->paymentIntents(sale);
    ASSERT_TRUE(intents);
    int approvedIntents = 0;
    for (const auto& in : *intents) {
        EXPECT_NE(in.state, storage::IntentState::Pending) << in.serviceId;
        approvedIntents += in.state == storage::IntentState::Approved;
    }
    auto unresolved = store->unresolvedPaymentIntents("KIOSK1");
    ASSERT_TRUE(unresolved);
    EXPECT_TRUE(unresolved->empty());

    EXPECT_LE(charges, 1);
    EXPECT_EQ(charges, sales) << "bank and journal disagree\n" << first.out << second.out;
    EXPECT_EQ(approvedIntents, charges) << "the kiosk does not know what the bank did";
    const int expected = approving && plan.chargeWhenApproving ? 1 : 0;
    EXPECT_EQ(charges, expected);
    if (*journaled) {
        EXPECT_EQ((*journaled)->tenders.size(), 1u);
    }
    // Never the same payment twice: every payment request carried a new ServiceID.
    EXPECT_LE(sim.counts().payments, 2);
    std::printf(
        "[matrix] %-15s %-16s %-9s charges=%d sales=%d intents=%zu payments=%lld "
        "status=%lld killed=%d\n",
        name(step), name(fault), approving ? "approve" : "decline", charges, sales, intents->size(),
        static_cast<long long>(sim.counts().payments),
        static_cast<long long>(sim.counts().statusQueries), first.killed ? 1 : 0);
}

std::string cellName(const ::testing::TestParamInfo<Cell>& info) {
    const auto [step, fault, approving] = info.param;
    return std::string(name(step)) + "_" + name(fault) + (approving ? "_Approve" : "_Decline");
}

INSTANTIATE_TEST_SUITE_P(
    AllCells, FaultMatrix,
    ::testing::Combine(::testing::Values(Step::BeforeSend, Step::AfterSend, Step::DuringResponse,
                                         Step::AfterResponse, Step::AfterCommit),
                       ::testing::Values(Fault::DroppedLink, Fault::TerminalRestart,
                                         Fault::KioskKill, Fault::Timeout),
                       ::testing::Bool()),
    cellName);

}  // namespace
