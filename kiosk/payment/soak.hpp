// The payment soak: many scripted payments with random faults (terminal side) and random
// kiosk crashes (the coordinator stops dead at a random step and a new one starts up), then
// the kiosk's journal is compared with the simulator's ledger. Shared by kasir-bench-payment
// (1,000 payments) and a short ctest.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "kiosk/core/result.hpp"

namespace kiosk::payment {

struct SoakOptions {
    int payments = 1000;
    uint64_t seed = 1;
    std::string directory;  // database and ledger go here
    bool verbose = false;
    bool trace = false;  // print each payment's script
};

struct SoakReport {
    int payments = 0;
    int approved = 0;  // sales journaled
    int declined = 0;
    int cancelled = 0;
    int failed = 0;
    int kioskCrashes = 0;
    int aborts = 0;
    std::map<std::string, int> faults;  // by simulator fault name
    int64_t terminalPaymentRequests = 0;
    int64_t statusQueries = 0;
    int64_t ledgerCharges = 0;
    int mismatches = 0;     // sales where the ledger and the journal disagree
    int doubleCharges = 0;  // sales charged more than once
    int unresolved = 0;     // intents still pending or approved-but-not-journaled at the end
    double seconds = 0;
    std::string firstMismatch;
};

Result<SoakReport> runPaymentSoak(const SoakOptions& options);
std::string formatSoakReport(const SoakReport& report);

}  // namespace kiosk::payment

namespace kiosk::payment {

// How soon the coordinator asks TransactionStatus after the terminal dropped the link (it
// closes the connection right after approving): `runs` payments, milliseconds from the drop
// to the first status query, as measured at the simulator.
struct StatusLatency {
    int runs = 0;
    double minMs = 0;
    double medianMs = 0;
    double maxMs = 0;
};
Result<StatusLatency> measureStatusLatency(const std::string& directory, int runs);

}  // namespace kiosk::payment
