// A payment terminal simulator speaking nexo JSON over HTTP on a local port, with the faults
// the exactly-once rules must survive. Used by kasir-terminal-sim, by "url = sim" and by the
// tests (in-process, behind a real socket). Rules: devices/payment/sim/README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices::sim {

enum class SimOutcome {
    Approve,
    Refusal,
    InvalidCard,
    WrongPin,
    NotAllowed,
    PaymentRestriction,
    Cancel,  // the shopper pressed Cancel on the terminal
};

enum class SimFault {
    None,
    DropBeforeProcessing,  // close the connection at once; the payment never happened
    IgnoreRequest,         // keep the connection open, never act or answer (never got it)
    DropAfterApprove,      // decide (and charge), then close without answering
    HalfResponse,          // decide, send half the answer, close
    HalfResponseStall,     // decide, send half the answer, then go silent
    Late,                  // take `lateMs` more before deciding (status says InProgress)
    NoAnswer,              // hold the payment until the terminal's own timeout, then Cancel
    RestartDuring,         // restart while the payment runs: in-flight state is lost
    CrashAfterApprove,     // decide (and charge), then restart without answering
    Malformed,             // decide, answer with broken JSON
};

struct SimRule {
    SimOutcome outcome = SimOutcome::Approve;
    SimFault fault = SimFault::None;
    Millis lateMs = 0;
};

const char* toString(SimOutcome outcome);
const char* toString(SimFault fault);
// "approve", "refusal", ... and "drop-before", "late:3000", ...; for rule files and flags.
Result<SimRule> parseRule(std::string_view outcome, std::string_view fault);

struct SimOptions {
    std::string host = "127.0.0.1";
    int port = 0;            // 0: pick a free port (see TerminalSimulator::port)
    std::string ledgerPath;  // the "bank" ledger (JSON lines); empty: kept in memory only
    std::string rulesPath;   // optional rule file
    bool byAmount = false;   // outcomes by the amount's last two digits
    Millis tapDelayMs = 1500;
    Millis noAnswerMs = 30'000;  // NoAnswer: the terminal's own timeout
    std::string poiId = "kasir-sim";
    // Adds a full test card number to one receipt line, as a careless terminal might, so the
    // card-data test proves kasir masks it.
    bool leakyReceipts = false;
};

struct LedgerEntry {
    std::string event;  // "approved" | "reversed"
    std::string serviceId;
    std::string saleId;
    std::string transactionId;  // the sale's SaleTransactionID (kasir: the sale uuid)
    std::string poiTransactionId;
    int64_t amount = 0;  // minor units as requested (decimal text parsed exactly)
    std::string currency;
};

// What the simulator tells a test, on its connection threads.
enum class SimEventKind { PaymentReceived, Decided, ResponsePartlySent, Restarted, StatusQuery };
struct SimEvent {
    SimEventKind kind;
    std::string serviceId;
};

struct SimCounts {
    int64_t payments = 0;  // payment requests received
    int64_t approved = 0;
    int64_t declined = 0;
    int64_t busy = 0;
    int64_t statusQueries = 0;
    int64_t aborts = 0;
    int64_t reversals = 0;
    int64_t restarts = 0;
    int64_t malformedRequests = 0;
};

class TerminalSimulator {
  public:
    static Result<std::unique_ptr<TerminalSimulator>> start(const SimOptions& options);
    ~TerminalSimulator();

    int port() const;
    std::string url() const;  // "http://127.0.0.1:PORT/nexo"

    // Rules for the next payment requests, used before the rule file and by-amount rules.
    void pushRule(const SimRule& rule);
    void clearRules();
    void setTapDelay(Millis ms);
    void onEvent(std::function<void(const SimEvent&)> callback);

    // Drops every connection and the in-flight payment, then listens again on the same port.
    // Decided payments survive (a terminal keeps its transaction log).
    void restart();
    // Stops listening (connections are refused) until resume().
    void pause();
    Result<void> resume();

    SimCounts counts() const;
    std::vector<LedgerEntry> ledger() const;
    static Result<std::vector<LedgerEntry>> readLedger(const std::string& path);

  private:
    struct Impl;
    explicit TerminalSimulator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::devices::sim
