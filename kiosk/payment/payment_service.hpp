// The payment coordinator: turns the checkout machine's StartPayment/AbortPayment into nexo
// requests on its own thread, with the exactly-once rules, and hands final outcomes back as
// checkout events. See kiosk/payment/README.md for the rules and the start-up order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/payment/payment_terminal.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/sale.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::payment {

struct PaymentIds {
    std::string storeId;
    std::string kioskId;
    // Up to 2 alphanumerics in front of every ServiceID; the rest is a persisted counter.
    std::string serviceIdPrefix = "K";
};

// Where the coordinator may stop to let a test crash the kiosk there (see PaymentOptions).
enum class PaymentStep {
    IntentCommitted,   // the PENDING intent is durable, the request has not left
    ResponseReceived,  // a final answer is in hand, its outcome is not committed yet
    OutcomeCommitted,  // the outcome is durable, the event is not delivered yet
};

struct PaymentOptions {
    Millis paymentTimeout = 120'000;  // a terminal silent on an open connection
    Millis statusTimeout = 10'000;    // one TransactionStatus exchange
    Millis statusInterval = 1'000;    // between status queries (InProgress, unreachable)
    Millis firstStatusDelay = 500;    // after a dropped link; the bound is 5 s
    Millis abortTimeout = 10'000;
    Millis reversalTimeout = 60'000;
    // NotFound after a lost request: one new payment with a new ServiceID by itself.
    bool retryNotFoundOnce = true;
    // Test seam: called at each step; returning true makes the worker stop dead there, as a
    // crash would (nothing more is written or delivered). Left empty in the kiosk.
    std::function<bool(PaymentStep, const std::string& serviceId)> stepHook;
    // Wakes the app's loop when an event or progress change is ready (e.g. SDL_PushEvent).
    // Called on the worker thread; it must only post, never call back into the service.
    std::function<void()> notify;
};

// What the UI shows while a payment is in flight.
enum class PaymentStage {
    Idle,
    Starting,        // recording the intent, sending
    WaitingForCard,  // the request is at the terminal: "tap, insert or swipe"
    Aborting,        // the shopper pressed Cancel; the terminal has the last word
    Checking,        // the link dropped or timed out: asking the terminal what happened
    Unresolved,      // the terminal cannot be asked: "please wait for staff"
    Done,
};
const char* toString(PaymentStage stage);

struct PaymentProgress {
    std::string saleUuid;
    PaymentStage stage = PaymentStage::Idle;
    std::string text;  // English, for the attendant screen and the log
    std::string serviceId;
};

// One unresolved intent found at start-up and what became of it.
enum class ResolutionKind {
    Approved,    // the money was taken: complete the sale with the restored cart
    NotCharged,  // nothing was taken: restore the cart, the shopper may pay again
    Unresolved,  // the terminal could not be asked: "please wait for staff", alert
};
struct PendingResolution {
    std::string saleUuid;
    std::string serviceId;
    int64_t amount = 0;
    ResolutionKind kind = ResolutionKind::NotCharged;
    std::optional<Tender> tender;  // when Approved
    std::string detail;
};
struct StartupResolution {
    std::vector<PendingResolution> intents;
    bool allResolved() const;
    // The approved, not yet journaled tenders of `saleUuid` (split tender: several).
    std::vector<Tender> approvedTenders(const std::string& saleUuid) const;
};

struct RefundResult {
    bool reversed = false;
    int64_t amount = 0;
    std::string detail;
};

class PaymentService {
  public:
    // `store` is a connection of the service's own (Store::open on the kiosk's database
    // file): the service writes intents from its worker thread and a Store is single-threaded.
    // `terminal` is borrowed and must outlive the service.
    PaymentService(devices::PaymentTerminal& terminal, std::unique_ptr<storage::Store> store,
                   PaymentIds ids, PaymentOptions options = {});
    ~PaymentService();  // waits for the worker; an in-flight payment stays PENDING
    PaymentService(const PaymentService&) = delete;
    PaymentService& operator=(const PaymentService&) = delete;

    // At start-up, BEFORE the open cart is restored and before a shopper is served: asks the
    // terminal about every PENDING intent (TransactionStatus) and reports each. Blocks (it may
    // take a few status round trips). Approved ones are also remembered, so the StartPayment
    // that follows for that sale is answered at once with the same tender, never re-sent.
    Result<StartupResolution> resolvePending();

    // The StartPayment command: returns at once; the outcome arrives through poll(). A
    // second start while a payment runs is a programming error: logged and ignored.
    void start(const StartPayment& command);
    // The AbortPayment command: returns at once. The final outcome still comes from poll()
    // (PaymentCancelled, or PaymentApproved when the approval won the race).
    void abort(const std::string& saleUuid);

    // Final outcomes, in order: PaymentApproved, PaymentDeclined, PaymentCancelled,
    // PaymentFailed. Feed each to CheckoutMachine::handle.
    std::vector<Event> poll();
    PaymentProgress progress() const;
    bool busy() const;

    // Reversal of an approved payment of `saleUuid` (attendant only; the caller checks the
    // role and writes the audit entry). Journaled as its own intent, same rules.
    Result<RefundResult> refund(const std::string& saleUuid, const std::string& staffId,
                                const std::string& reason);

    // The approved tenders of a sale that is not journaled yet (split tender).
    Result<std::vector<Tender>> approvedTenders(const std::string& saleUuid);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Shopper-facing texts for a decline, in English and Bahasa Indonesia, with a stable id the
// UI may translate itself instead.
struct ShopperText {
    const char* id;  // "payment.declined.wrong_pin"
    const char* en;
    const char* id_ID;
};
ShopperText declineText(DeclineReason reason);
ShopperText stageText(PaymentStage stage);

}  // namespace kiosk::payment
