// kasir-terminal-sim: a nexo payment terminal on a local port, for the demo and for tests.
// Prints "listening on http://127.0.0.1:PORT/nexo" once ready; stops on SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "devices/payment/sim/terminal_sim.hpp"

namespace {
volatile std::sig_atomic_t gStop = 0;
void onSignal(int) {
    gStop = 1;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk::devices::sim;
    CLI::App app{
        "kasir-terminal-sim: a nexo Sale-to-POI payment terminal simulator (JSON over "
        "HTTP). One payment at a time; outcomes by rule file, by the amount's last two "
        "digits (--by-amount) or approve; a ledger file of approved and reversed "
        "payments."};
    SimOptions options;
    std::vector<std::string> next;
    app.add_option("--host", options.host, "IPv4 address to listen on")->capture_default_str();
    app.add_option("--port", options.port, "TCP port; 0 picks a free one (printed)")
        ->capture_default_str();
    app.add_option("--ledger", options.ledgerPath, "the bank's ledger file (JSON lines)");
    app.add_option("--rules", options.rulesPath,
                   "rule file: lines 'MATCH OUTCOME [FAULT]', MATCH = * | amount=N | last=DIGITS "
                   "| nth=N")
        ->check(CLI::ExistingFile);
    app.add_flag("--by-amount", options.byAmount,
                 "outcome by the amount's last two digits: 01 refusal, 02 wrong PIN, 03 no "
                 "answer, 04 invalid card, 05 crash after approving, 06 drop after approving, "
                 "07 drop before, 08 late, 09 malformed, 10 not allowed, 11 restriction, 12 "
                 "cancel; else approve");
    app.add_option("--tap-delay-ms", options.tapDelayMs, "time the shopper takes to tap")
        ->capture_default_str();
    app.add_option("--no-answer-ms", options.noAnswerMs,
                   "how long a no-answer payment is held before the terminal cancels it")
        ->capture_default_str();
    app.add_option("--poi-id", options.poiId, "the terminal's POIID")->capture_default_str();
    app.add_option("--next", next,
                   "rules for the next payments in order, as OUTCOME[/FAULT], e.g. approve/"
                   "drop-after refusal late:5000 is approve/late:5000");
    CLI11_PARSE(app, argc, argv);

    std::vector<SimRule> queued;
    for (const std::string& spec : next) {
        auto slash = spec.find('/');
        auto rule = parseRule(spec.substr(0, slash),
                              slash == std::string::npos ? "" : spec.substr(slash + 1));
        if (!rule) {
            std::fprintf(stderr, "kasir-terminal-sim: --next %s: %s\n", spec.c_str(),
                         rule.error().message.c_str());
            return 2;
        }
        queued.push_back(*rule);
    }
    auto sim = TerminalSimulator::start(options);
    if (!sim) {
        std::fprintf(stderr, "kasir-terminal-sim: %s\n", sim.error().message.c_str());
        return 1;
    }
    for (const SimRule& r : queued)
        (*sim)->pushRule(r);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::printf("listening on %s\n", (*sim)->url().c_str());
    std::fflush(stdout);
    while (!gStop) {
        struct timespec ts {
            0, 100'000'000
        };
        nanosleep(&ts, nullptr);
    }
    const SimCounts c = (*sim)->counts();
    std::printf(
        "payments %lld approved %lld declined %lld busy %lld status %lld aborts %lld "
        "reversals %lld restarts %lld\n",
        static_cast<long long>(c.payments), static_cast<long long>(c.approved),
        static_cast<long long>(c.declined), static_cast<long long>(c.busy),
        static_cast<long long>(c.statusQueries), static_cast<long long>(c.aborts),
        static_cast<long long>(c.reversals), static_cast<long long>(c.restarts));
    return 0;
}
