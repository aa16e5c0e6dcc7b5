// The checkout state machine: (state, event, time) -> (state, commands) or a refusal.
// Pure: no clock, device, database or RNG; the transition table is in CHECKOUT_MACHINE.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/core/age_policy.hpp"
#include "kiosk/core/cart.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/product.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/sale.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk {

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

struct CheckoutConfig {
    // Inactivity in Shopping, Review and Paying after a decline or a partial approval (never
    // with a payment in flight, never under a lock): warning after `inactivityWarnAfter`
    // without input, then the transaction is cancelled `inactivityCountdown` after the warning
    // appeared -- or, once a tender is approved, an Intervention lock is raised instead.
    // A warnAfter of 0 switches inactivity handling off.
    Millis inactivityWarnAfter = 60'000;
    Millis inactivityCountdown = 20'000;
    Millis receiptChoiceTimeout = 30'000;  // then "no receipt"
    Millis finishedDisplay = 5'000;        // the thank-you screen, then Attract
    // Store policy: removing a scanned line (or lowering its quantity) needs an attendant.
    bool removalNeedsAttendant = false;
};

// Negative durations are refused here (naming the field) so the app can refuse a bad config
// file; the machine itself treats a negative duration as 0.
Result<void> checkCheckoutConfig(const CheckoutConfig& config);

// ---------------------------------------------------------------------------------------------
// State (plain data; also the snapshot the UI draws)
// ---------------------------------------------------------------------------------------------

enum class Phase { Attract, Shopping, Review, Paying, Receipt, Finished };

// Locks sit on top of the phase and block payment until cleared. Ordered by kind. Each is an
// intervention: raised with a reason, cleared by someone in some way (ClearAttendantAlert).
enum class LockKind {
    HelpRequested,
    AgeCheckPending,
    UnknownItem,
    PriceCheck,      // an item that cannot be priced (catalogue problem), a price to check
    PaymentProblem,  // terminal unavailable, an approval for another amount, unresolved payment
    DeviceFault,     // printer, scale, camera or storage trouble raised by the app
    Intervention,    // staff raised it, a protected removal waits, a paid sale is not saved
};

struct AttendantLock {
    LockKind kind = LockKind::HelpRequested;
    std::string reason;   // for the attendant (not translated); the newest reason of that kind
    Timestamp since = 0;  // when the kind was first raised; kept when raised again
    friend bool operator==(const AttendantLock&, const AttendantLock&) = default;
};

// What the shopper is told; the UI translates the id.
enum class ShopperMessage {
    None,
    Welcome,  // transaction started
    ItemAdded,
    ItemRemoved,
    QuantityChanged,
    UnknownItem,     // an attendant is coming
    AgeCheckNeeded,  // an attendant will check age; keep scanning
    AgeApproved,
    AgeRefused,            // restricted items removed
    RestrictedNotAllowed,  // age was refused earlier in this transaction
    PlaceItemOnScale,
    WeightNotValid,           // reading was zero or out of range; place it again
    AttendantApprovalNeeded,  // removal waits for an attendant (store policy)
    HelpComing,
    PriceOverridden,
    PaymentWaiting,  // tap, insert or swipe
    PaymentCancelling,
    PaymentDeclined,
    PaymentCancelled,
    PaymentCompleting,
    CallStaff,  // something only staff can fix (sale not saved, price error)
    ChooseReceipt,
    ThankYou,
    TransactionCancelled,  // by the shopper, the attendant or inactivity
    CartRestored,
    DiscountApplied,
    TransactionSuspended,  // put aside: the code is shown (and printed)
    CartResumed,           // a suspended transaction is back
    ResumeFailed,          // unknown or already resumed code
};

enum class AgeCheckMethod { IdViewed, IdScanned, LooksOverThreshold };

// Once per transaction. No ID document data, by design.
struct AgeDecision {
    bool approved = false;
    int requiredAge = 0;  // the highest age any restricted line needed when decided
    std::string staffId;
    AgeCheckMethod method = AgeCheckMethod::IdViewed;  // meaningful when approved
    Timestamp at = 0;
    friend bool operator==(const AgeDecision&, const AgeDecision&) = default;
};

// A shopper's removal (quantity 0) or quantity decrease waiting for an attendant.
struct PendingEdit {
    int64_t lineId = 0;
    int64_t quantity = 0;
    friend bool operator==(const PendingEdit&, const PendingEdit&) = default;
};

// A product sold by weight that waits for a stable reading before it becomes a line.
struct PendingWeight {
    Product product;
    std::string code;
    friend bool operator==(const PendingWeight&, const PendingWeight&) = default;
};

struct Inactivity {
    Timestamp since = 0;     // last input (any accepted event but Tick)
    bool warning = false;    // "are you still there?" is showing
    Timestamp deadline = 0;  // when the warning cancels the transaction
    friend bool operator==(const Inactivity&, const Inactivity&) = default;
};

enum class PaymentStatus {
    Idle,           // no payment in this phase
    Waiting,        // StartPayment sent, waiting for the terminal
    Aborting,       // AbortPayment sent, waiting for the terminal's final outcome
    Declined,       // no payment in flight; the shopper may retry, go back or cancel (not once
                    // something is paid: then only retry, or an attendant)
    PartiallyPaid,  // a tender covered part of the total; Pay asks for the rest
    Completing,     // approved: CompleteSale sent, waiting for storage
};

enum class DeclineReason {
    Refused,  // by the issuer
    InvalidCard,
    WrongPin,
    NotAllowed,
    PaymentRestriction,
    TerminalBusy,
    TerminalUnavailable,  // PaymentFailed: the request never reached the terminal
    Other,
};

struct PaymentState {
    PaymentStatus status = PaymentStatus::Idle;
    int64_t amount = 0;  // minor units asked of the terminal in the current attempt
    // Approved tenders of this sale so far, in order; CompleteSale carries all of them. Once
    // any is approved the money is taken: no cancel, no going back, no cart change.
    std::vector<Tender> tenders;
    int64_t paid = 0;  // sum of tenders' amounts
    int attempts = 0;  // StartPayment commands in this transaction
    DeclineReason declineReason = DeclineReason::Other;
    std::string declineDetail;       // for the attendant and the log
    bool commitFailed = false;       // SaleCommitFailed seen; clearing the Intervention retries
    std::optional<SaleRecord> sale;  // the record sent with CompleteSale (resent on retry)
    friend bool operator==(const PaymentState&, const PaymentState&) = default;
};

enum class ReceiptChoice { Print, Digital, None };

enum class SaleOutcome { Completed, Cancelled, Suspended };

// The newest transaction that ended, for the UI and scripted checks.
struct LastSale {
    std::string saleUuid;
    SaleOutcome outcome = SaleOutcome::Cancelled;
    int64_t receiptNo = 0;  // 0 when cancelled
    int64_t total = 0;
    std::string suspendCode;  // Suspended: the code to resume it
    friend bool operator==(const LastSale&, const LastSale&) = default;
};

struct CheckoutState {
    Phase phase = Phase::Attract;
    Timestamp clock = 0;  // time of the newest accepted event (never goes back)
    std::string language = "en";

    // The open transaction (empty/zero in Attract).
    std::string saleUuid;
    Timestamp startedAt = 0;
    Cart cart;
    PricedCart priced;         // the cart priced at its last change (Pay re-prices at its own time)
    int64_t newestLineId = 0;  // for highlighting; 0 when none
    std::vector<std::string> pendingLookups;  // codes sent with LookUpProduct, in order
    std::optional<PendingWeight> pendingWeight;
    std::optional<PendingEdit> pendingEdit;  // with an Intervention lock
    std::optional<AgeDecision> ageDecision;
    PaymentState payment;
    std::string suspending;       // SuspendCart sent with this code, waiting for storage
    std::string suspendingStaff;  // who asked for it (the audit and the cleared locks name them)
    std::string resuming;         // LoadSuspended sent with this code (Attract/Finished), waiting
    std::string resumingStaff;    // who typed the code; empty when the shopper scanned the slip
    int64_t receiptNo = 0;        // once the sale is committed
    Timestamp phaseDeadline = 0;  // Receipt: choice timeout; Finished: back to Attract

    std::vector<AttendantLock> locks;  // at most one per kind, ordered by kind
    Inactivity inactivity;
    ShopperMessage message = ShopperMessage::None;
    std::optional<LastSale> lastSale;

    friend bool operator==(const CheckoutState&, const CheckoutState&) = default;
};

const AttendantLock* findLock(const CheckoutState& state, LockKind kind);
inline bool hasLock(const CheckoutState& state, LockKind kind) {
    return findLock(state, kind) != nullptr;
}
// Shopping, Review or Paying: a sale is open and not yet committed.
bool transactionOpen(const CheckoutState& state);
// What is still to pay: the priced total less the approved tenders (never below 0).
int64_t paymentRemaining(const CheckoutState& state);

// ---------------------------------------------------------------------------------------------
// Events. The time of every event is the `now` argument of CheckoutMachine::handle, so no
// event repeats it. Events that may start a transaction carry the new sale's uuid (the core
// has no RNG); it is ignored when no transaction starts.
// ---------------------------------------------------------------------------------------------

// Timers: inactivity, receipt choice and the thank-you screen only move on a Tick.
struct Tick {};

// --- shopper intents
struct Touch {  // any touch: starts in Attract, counts as input elsewhere
    std::string saleUuid;
};
struct LanguageChosen {
    std::string language;  // ISO 639-1
};
struct BarcodeScanned {
    std::string code;
    std::string symbology;  // as the scanner reports it (AIM id or format); passed through
    std::string saleUuid;
};
struct ItemPicked {  // from the picture grid (produce, bakery): no lookup needed
    Product product;
    std::string saleUuid;
};
struct WeightStable {
    int64_t grams = 0;
};
struct CancelWeighing {};
struct ReviewPressed {};
struct BackToShopping {};
struct ChangeQuantity {
    int64_t lineId = 0;
    int64_t quantity = 1;
};
struct RemoveLine {
    int64_t lineId = 0;
};
struct HelpPressed {};
struct PayPressed {};
struct CancelPayment {};
struct ReceiptChosen {
    ReceiptChoice choice = ReceiptChoice::None;
};
struct StillHere {};
struct CancelTransaction {};

// --- attendant intents (staffId is required: every one is audited)
struct AttendantApproveAge {
    std::string staffId;
    AgeCheckMethod method = AgeCheckMethod::IdViewed;
};
struct AttendantRefuseAge {
    std::string staffId;
};
struct AttendantApproveEdit {  // applies the shopper's PendingEdit
    std::string staffId;
};
struct AttendantVoidLine {
    std::string staffId;
    int64_t lineId = 0;
    std::string reason;
};
struct AttendantOverridePrice {
    std::string staffId;
    int64_t lineId = 0;
    int64_t price = 0;  // per unit or per kg, minor units
    std::string reason;
};
struct AttendantClearLock {
    std::string staffId;
    LockKind kind = LockKind::HelpRequested;
};
struct AttendantCancelTransaction {
    std::string staffId;
    std::string reason;
};
// Staff, or the app as "system", lock the kiosk: kind is Intervention, DeviceFault,
// PaymentProblem or PriceCheck (others are refused as InvalidInput).
struct AttendantRaiseIntervention {
    std::string staffId;
    std::string reason;
    LockKind kind = LockKind::Intervention;
};
// A percentage off one line (1..100), with a reason code from ReasonCodes::discounts.
struct AttendantDiscountLine {
    std::string staffId;
    int64_t lineId = 0;
    int64_t percent = 0;
    std::string reason;
};
// Puts the open transaction aside under `code` (8 digits the app drew): not once anything is
// paid or while a payment, lookup or weighing is in flight.
struct AttendantSuspendTransaction {
    std::string staffId;
    std::string code;
};
// The shopper scanned a suspend slip, or the attendant typed its code: in Attract, Finished,
// or Shopping with an empty cart.
struct ResumeSuspended {
    std::string code;
    std::string staffId;  // empty when the shopper scanned the slip
};

// --- device and storage results
struct LookupResult {
    std::string code;  // as sent in LookUpProduct
    std::optional<Product> product;
};
struct PaymentApproved {
    Tender tender;
};
struct PaymentDeclined {
    DeclineReason reason = DeclineReason::Refused;
    std::string detail;
};
struct PaymentCancelled {};  // final: nothing was charged (shopper, terminal or our abort)
// Final: the request never reached the terminal, so nothing was charged. An unknown outcome
// is resolved by the payment layer (TransactionStatus) before it reports anything.
struct PaymentFailed {
    std::string detail;
};
struct SaleCommitted {
    int64_t receiptNo = 0;
};
struct SaleCommitFailed {
    std::string message;
};
struct CartSuspended {  // SuspendCart committed
    std::string code;
};
struct SuspendFailed {  // SuspendCart failed: the cart stays open (an Intervention is raised)
    std::string message;
};
struct SuspendedLoaded {  // LoadSuspended found it and it is now this kiosk's open cart
    std::string code;
    std::string saleUuid;
    Timestamp startedAt = 0;
    std::string language;
    Cart cart;
};
struct SuspendedNotFound {  // unknown, already resumed, or storage failed: `message` says which
    std::string code;
    std::string message;
};
// At start-up: the open cart persisted before a crash or power cut. The app sends it only
// after any pending payment intent is resolved.
struct CartRestored {
    std::string saleUuid;
    Timestamp startedAt = 0;
    std::string language;
    Cart cart;
};

using Event =
    std::variant<Tick, Touch, LanguageChosen, BarcodeScanned, ItemPicked, WeightStable,
                 CancelWeighing, ReviewPressed, BackToShopping, ChangeQuantity, RemoveLine,
                 HelpPressed, PayPressed, CancelPayment, ReceiptChosen, StillHere,
                 CancelTransaction, AttendantApproveAge, AttendantRefuseAge, AttendantApproveEdit,
                 AttendantVoidLine, AttendantOverridePrice, AttendantClearLock,
                 AttendantCancelTransaction, AttendantRaiseIntervention, AttendantDiscountLine,
                 AttendantSuspendTransaction, ResumeSuspended, LookupResult, PaymentApproved,
                 PaymentDeclined, PaymentCancelled, PaymentFailed, SaleCommitted, SaleCommitFailed,
                 CartRestored, CartSuspended, SuspendFailed, SuspendedLoaded, SuspendedNotFound>;

// ---------------------------------------------------------------------------------------------
// Commands: what the app must do, in order.
// ---------------------------------------------------------------------------------------------

struct LookUpProduct {
    std::string code;
    std::string symbology;
};
struct RequestWeight {
    int64_t productId = 0;
};
// The open cart as storage keeps it (storage::OpenCart has the same fields).
struct PersistCart {
    std::string saleUuid;
    Timestamp startedAt = 0;
    std::string language;
    Cart cart;
};
struct ClearPersistedCart {};
struct StartPayment {
    std::string saleUuid;
    int64_t amount = 0;
    Currency currency;
    int attempt = 1;  // 1 for the first request of the sale; a retry is a new request
};
struct AbortPayment {
    std::string saleUuid;
};
struct CompleteSale {
    SaleRecord sale;  // receipt number and hashes are assigned by storage
};
struct PrintReceipt {
    std::string saleUuid;
    int64_t receiptNo = 0;
};
struct ShowDigitalReceipt {
    std::string saleUuid;
    int64_t receiptNo = 0;
};
enum class Sound { Good, Error, Attention };
struct PlaySound {
    Sound sound = Sound::Good;
};
struct AlertAttendant {
    LockKind kind = LockKind::HelpRequested;
    std::string reason;
    Timestamp since = 0;  // the lock's start (kept when the same kind is raised again)
    std::string saleUuid;
};
// A lock ended: who cleared it ("system" when it ended by itself) and how ("approved:id-viewed",
// "refused", "voided", "edit-approved", "edit-refused", "cleared", "cancelled", "suspended",
// "nothing-to-check", "transaction-ended", "retried").
struct ClearAttendantAlert {
    LockKind kind = LockKind::HelpRequested;
    std::string staffId;
    std::string how;
};
struct AuditLog {
    Timestamp at = 0;
    std::string action;  // "age.approve", "line.void", "price.override", ...
    std::string staffId;
    std::string details;  // never card or ID document data
    std::string saleUuid;
    std::string before;  // e.g. "Bintang 620ml x2 @ 25000"
    std::string after;   // e.g. "removed", "@ 20000"
};
// Save the open cart under the code and clear it as the kiosk's open cart (one transaction).
struct SuspendCart {
    std::string code;
    std::string staffId;
    std::string saleUuid;
    Timestamp startedAt = 0;
    std::string language;
    Cart cart;
};
struct PrintSuspendSlip {
    std::string code;
    int64_t total = 0;
    int64_t lines = 0;
};
struct LoadSuspended {
    std::string code;
};

using Command = std::variant<LookUpProduct, RequestWeight, PersistCart, ClearPersistedCart,
                             StartPayment, AbortPayment, CompleteSale, PrintReceipt,
                             ShowDigitalReceipt, PlaySound, AlertAttendant, ClearAttendantAlert,
                             AuditLog, SuspendCart, PrintSuspendSlip, LoadSuspended>;

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

enum class RefusalCode {
    WrongPhase,  // the event means nothing in this phase
    NoTransaction,
    EmptyCart,
    Locked,  // an attendant lock (or a pending edit) is in the way
    Busy,    // a lookup, weighing or payment is still in flight
    NoSuchLine,
    NoSuchLock,
    InvalidInput,   // a value the event carries is out of range or missing
    PricingFailed,  // the change would leave a cart that cannot be priced
    Unexpected,     // a device/storage result nobody asked for
    AlreadyDone,
    Internal,  // an invariant did not hold; a bug, refused rather than crashing
};

struct Refusal {
    RefusalCode code = RefusalCode::WrongPhase;
    std::string reason;  // for logs and the attendant; never empty
    friend bool operator==(const Refusal&, const Refusal&) = default;
};

// A refused event leaves `state` equal to the input and `commands` empty.
struct Step {
    CheckoutState state;
    std::vector<Command> commands;
    std::optional<Refusal> refusal;
    bool accepted() const { return !refusal.has_value(); }
};

struct CheckoutSetup {
    CheckoutConfig config;
    PricingRules rules;
    std::string storeId;
    std::string kioskId;
    std::string defaultLanguage = "en";
    AgePolicy agePolicy;
    ReasonCodes reasons = defaultReasonCodes();
};

class CheckoutMachine {
  public:
    explicit CheckoutMachine(CheckoutSetup setup);

    // Attract, in the default language, at time 0.
    CheckoutState initialState() const;

    // The whole machine. Never throws on input and never asserts on it: an event that is
    // illegal in `state` comes back refused with `state` unchanged. `now` is the event's time;
    // a `now` older than state.clock is taken as state.clock (clocks can step back).
    // Also a dry run: ask with PayPressed to know whether Pay may be enabled.
    Step handle(const CheckoutState& state, const Event& event, Timestamp now) const;

    // When a Tick would next change something (inactivity, receipt choice, thank-you screen),
    // so an idle app can sleep until then; nullopt when no timer runs.
    std::optional<Timestamp> nextTimeout(const CheckoutState& state) const;

    const CheckoutConfig& config() const { return setup_.config; }
    const PricingRules& rules() const { return setup_.rules; }
    const std::string& storeId() const { return setup_.storeId; }
    const std::string& kioskId() const { return setup_.kioskId; }
    const std::string& defaultLanguage() const { return setup_.defaultLanguage; }
    const AgePolicy& agePolicy() const { return setup_.agePolicy; }
    const ReasonCodes& reasons() const { return setup_.reasons; }

  private:
    CheckoutSetup setup_;
};

// The permission an event needs from the signed-in staff member (the app asks StaffService
// before it hands the event to the machine); nullopt for events anyone may send.
std::optional<StaffAction> requiredAction(const Event& event);

// Stable English names for logs, scripts (`expect state Shopping`) and tests.
std::string_view phaseName(Phase phase);
std::string_view lockKindName(LockKind kind);
std::string_view eventName(const Event& event);
std::string_view commandName(const Command& command);
std::string_view refusalCodeName(RefusalCode code);
std::string_view shopperMessageName(ShopperMessage message);
std::string_view paymentStatusName(PaymentStatus status);

}  // namespace kiosk
