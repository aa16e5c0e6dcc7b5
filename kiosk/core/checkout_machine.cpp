// The checkout state machine's transitions, one handler per event type.
// Handlers work on a copy of the state; a refusal throws the copy away, so state never
// half-changes.
#include "kiosk/core/checkout_machine.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace kiosk {
namespace {

using Outcome = std::optional<Refusal>;

Outcome refuse(RefusalCode code, std::string reason) {
    return Refusal{code, std::move(reason)};
}

// Saturating, so that a garbage timestamp in an event cannot overflow into the past.
Timestamp after(Timestamp at, Millis span) {
    if (span > 0 && at > std::numeric_limits<Timestamp>::max() - span)
        return std::numeric_limits<Timestamp>::max();
    return at + span;
}

// A few characters bound what an id may be, so a garbled scan or UI bug is refused early.
constexpr size_t kMaxIdLength = 128;
constexpr size_t kMaxCodeLength = 512;  // GS1 element strings and Digital Link URLs are long
constexpr size_t kMaxPendingLookups = 32;

bool validLanguage(std::string_view language) {
    if (language.size() < 2 || language.size() > 8)
        return false;
    return std::all_of(language.begin(), language.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    });
}

std::string_view ageMethodName(AgeCheckMethod method) {
    switch (method) {
        case AgeCheckMethod::IdViewed:
            return "id-viewed";
        case AgeCheckMethod::IdScanned:
            return "id-scanned";
        case AgeCheckMethod::LooksOverThreshold:
            return "looks-over-threshold";
    }
    return "?";
}

// With the unit price, for the audit's before/after.
std::string describeLinePriced(const CartLine& line) {
    const int64_t price = line.priceOverride.value_or(line.product.price);
    if (line.product.unit == SaleUnit::Weight)
        return fmt::format("'{}' {} g @ {}/kg", line.product.nameFor("en"), line.weightGrams,
                           price);
    return fmt::format("'{}' x{} @ {}", line.product.nameFor("en"), line.quantity, price);
}

std::string reasonList(const std::vector<ReasonCode>& list) {
    std::string s;
    for (const auto& r : list)
        s += (s.empty() ? "" : ", ") + r.code;
    return s.empty() ? std::string("none are configured") : s;
}

std::string describeLine(const CartLine& line) {
    if (line.product.unit == SaleUnit::Weight)
        return fmt::format("line {} '{}' {} g", line.lineId, line.product.nameFor("en"),
                           line.weightGrams);
    return fmt::format("line {} '{}' x{}", line.lineId, line.product.nameFor("en"), line.quantity);
}

// Where the inactivity timer runs: Shopping, Review, and Paying after a decline (no payment is
// in flight then, and a shopper who walked away must not leave the kiosk stuck); never while the
// terminal or storage has the word (Waiting, Aborting, Completing), never under a lock (the
// attendant owns a locked kiosk), and not at all when switched off.
bool inactivityTimerRuns(const CheckoutState& state, const CheckoutConfig& config) {
    if (!state.locks.empty() || config.inactivityWarnAfter <= 0)
        return false;
    if (!state.suspending.empty() || !state.resuming.empty())
        return false;  // storage has the word
    switch (state.phase) {
        case Phase::Shopping:
        case Phase::Review:
            return true;
        case Phase::Paying:
            return state.payment.status == PaymentStatus::Declined ||
                   state.payment.status == PaymentStatus::PartiallyPaid;
        case Phase::Attract:
        case Phase::Receipt:
        case Phase::Finished:
            return false;
    }
    return false;
}

// Applies one event to a copy of the state. Each operator() returns nullopt when the event is
// accepted (next_ and out_ then hold the result) or the refusal.
class Transition {
  public:
    Transition(const CheckoutMachine& machine, const CheckoutState& before, Timestamp now)
        : m_(machine), before_(before), next_(before), now_(now) {}

    CheckoutState& next() { return next_; }
    std::vector<Command>& commands() { return out_; }

    Outcome operator()(const Tick&);
    Outcome operator()(const Touch& e);
    Outcome operator()(const LanguageChosen& e);
    Outcome operator()(const BarcodeScanned& e);
    Outcome operator()(const ItemPicked& e);
    Outcome operator()(const WeightStable& e);
    Outcome operator()(const CancelWeighing&);
    Outcome operator()(const ReviewPressed&);
    Outcome operator()(const BackToShopping&);
    Outcome operator()(const ChangeQuantity& e);
    Outcome operator()(const RemoveLine& e);
    Outcome operator()(const HelpPressed&);
    Outcome operator()(const PayPressed&);
    Outcome operator()(const CancelPayment&);
    Outcome operator()(const ReceiptChosen& e);
    Outcome operator()(const StillHere&);
    Outcome operator()(const CancelTransaction&);
    Outcome operator()(const AttendantApproveAge& e);
    Outcome operator()(const AttendantRefuseAge& e);
    Outcome operator()(const AttendantApproveEdit& e);
    Outcome operator()(const AttendantVoidLine& e);
    Outcome operator()(const AttendantOverridePrice& e);
    Outcome operator()(const AttendantClearLock& e);
    Outcome operator()(const AttendantCancelTransaction& e);
    Outcome operator()(const AttendantRaiseIntervention& e);
    Outcome operator()(const AttendantDiscountLine& e);
    Outcome operator()(const AttendantSuspendTransaction& e);
    Outcome operator()(const ResumeSuspended& e);
    Outcome operator()(const LookupResult& e);
    Outcome operator()(const PaymentApproved& e);
    Outcome operator()(const PaymentDeclined& e);
    Outcome operator()(const PaymentCancelled&);
    Outcome operator()(const PaymentFailed& e);
    Outcome operator()(const SaleCommitted& e);
    Outcome operator()(const SaleCommitFailed& e);
    Outcome operator()(const CartRestored& e);
    Outcome operator()(const CartSuspended& e);
    Outcome operator()(const SuspendFailed& e);
    Outcome operator()(const SuspendedLoaded& e);
    Outcome operator()(const SuspendedNotFound& e);

  private:
    Phase phase() const { return before_.phase; }
    bool shoppingOrReview() const { return phase() == Phase::Shopping || phase() == Phase::Review; }
    std::string inPhase() const { return fmt::format("in {}", phaseName(phase())); }
    void emit(Command command) { out_.push_back(std::move(command)); }
    void say(ShopperMessage message) { next_.message = message; }

    void persist() {
        emit(PersistCart{next_.saleUuid, next_.startedAt, next_.language, next_.cart});
    }
    void audit(std::string action, const std::string& staffId, std::string details,
               std::string before, std::string after) {
        emit(AuditLog{now_, std::move(action), staffId, std::move(details),
                      before_.saleUuid.empty() ? next_.saleUuid : before_.saleUuid,
                      std::move(before), std::move(after)});
    }
    std::string cartSummary(const CheckoutState& s) const {
        return fmt::format("{} lines, total {}", s.cart.lines().size(), s.priced.total);
    }
    const PricedLine* pricedLine(const CheckoutState& s, int64_t lineId) const {
        for (const auto& pl : s.priced.lines)
            if (pl.lineId == lineId)
                return &pl;
        return nullptr;
    }
    Outcome needReason(const std::vector<ReasonCode>& list, const std::string& code,
                       std::string_view what) const {
        if (hasReason(list, code))
            return std::nullopt;
        return refuse(RefusalCode::InvalidInput,
                      fmt::format("{} needs a reason code ({}); got '{}'", what, reasonList(list),
                                  code.size() > 40 ? code.substr(0, 40) + "..." : code));
    }

    // --- age
    int ageOf(const Product& product) const { return requiredAge(product, m_.agePolicy()); }
    // The age the shopper was approved for in this transaction; 0 when not approved.
    int approvedAge(const CheckoutState& s) const {
        return s.ageDecision && s.ageDecision->approved ? s.ageDecision->requiredAge : 0;
    }
    // The restricted line needing the highest age the approval does not cover; nullptr: none.
    const CartLine* uncheckedLine(const CheckoutState& s) const {
        const CartLine* worst = nullptr;
        int worstAge = approvedAge(s);
        for (const auto& line : s.cart.lines()) {
            const int age = ageOf(line.product);
            if (age > worstAge) {
                worst = &line;
                worstAge = age;
            }
        }
        return worst;
    }
    std::string ageLabel(const Product& product) const {
        const std::string category = product.age ? product.age->category : std::string();
        std::string label = fmt::format("{} {}+", category, ageOf(product));
        if (m_.agePolicy().challengeAge > 0)
            label += fmt::format(", Challenge {}", m_.agePolicy().challengeAge);
        return label;
    }
    std::string ageMethodTag(AgeCheckMethod method, int age) const {
        if (method == AgeCheckMethod::LooksOverThreshold)
            return fmt::format("looks-over-{}", looksOverAge(m_.agePolicy(), age));
        return std::string(ageMethodName(method));
    }
    // Raises the age check (or, while it is pending, names the line needing the highest age
    // without alerting again) when a line the approval does not cover is in the cart.
    void requireAgeCheck(std::string_view context) {
        const CartLine* line = uncheckedLine(next_);
        if (!line)
            return;
        std::string reason = fmt::format("age check{}: '{}' ({})", context,
                                         line->product.nameFor("en"), ageLabel(line->product));
        auto it = std::find_if(next_.locks.begin(), next_.locks.end(), [](const AttendantLock& l) {
            return l.kind == LockKind::AgeCheckPending;
        });
        if (it != next_.locks.end())
            it->reason = std::move(reason);
        else
            raiseLock(LockKind::AgeCheckPending, std::move(reason));
    }

    PricedCart emptyPriced() const {
        auto priced = priceCart(Cart{}, m_.rules(), now_);
        if (priced)
            return std::move(priced).value();
        PricedCart fallback;
        fallback.currency = m_.rules().currency;
        return fallback;
    }
    Result<void> reprice() {
        auto priced = priceCart(next_.cart, m_.rules(), now_);
        if (!priced)
            return priced.error();
        next_.priced = std::move(priced).value();
        return {};
    }

    // --- locks
    void raiseLock(LockKind kind, std::string reason) {
        auto it = std::find_if(next_.locks.begin(), next_.locks.end(),
                               [&](const AttendantLock& l) { return l.kind == kind; });
        if (it != next_.locks.end()) {
            it->reason = reason;
        } else {
            auto pos = std::find_if(next_.locks.begin(), next_.locks.end(),
                                    [&](const AttendantLock& l) { return l.kind > kind; });
            next_.locks.insert(pos, AttendantLock{kind, reason, now_});
        }
        const AttendantLock* lock = findLock(next_, kind);
        emit(AlertAttendant{kind, std::move(reason), lock ? lock->since : now_, next_.saleUuid});
    }
    void clearLock(LockKind kind, const std::string& staffId = "system",
                   const std::string& how = "cleared") {
        auto it = std::find_if(next_.locks.begin(), next_.locks.end(),
                               [&](const AttendantLock& l) { return l.kind == kind; });
        if (it == next_.locks.end())
            return;
        next_.locks.erase(it);
        emit(ClearAttendantAlert{kind, staffId, how});
        if (kind == LockKind::Intervention)
            next_.pendingEdit.reset();
    }
    void clearLocksIf(bool (*pred)(LockKind), const std::string& staffId, const std::string& how) {
        std::vector<LockKind> kinds;
        for (const auto& l : next_.locks)
            if (pred(l.kind))
                kinds.push_back(l.kind);
        for (LockKind k : kinds)
            clearLock(k, staffId, how);
    }
    std::string lockList() const {
        std::string s;
        for (const auto& l : before_.locks) {
            if (!s.empty())
                s += ", ";
            s += lockKindName(l.kind);
        }
        return s;
    }

    // No restricted line left means nothing to check: the pending age check goes away.
    void syncAgeLock() {
        if (!hasLock(next_, LockKind::AgeCheckPending))
            return;
        if (!uncheckedLine(next_))
            clearLock(LockKind::AgeCheckPending, "system", "nothing-to-check");
        else
            requireAgeCheck("");  // the reason names the line still needing the highest age
    }
    // A pending edit of a line that is gone has nothing left to approve.
    // An attendant's void of that very line answers the request ("voided", by them).
    void syncPendingEdit(const std::string& staffId, const std::string& how) {
        if (next_.pendingEdit && !next_.cart.find(next_.pendingEdit->lineId))
            clearLock(LockKind::Intervention, staffId, how);
    }
    void afterRemoval(const std::string& voidedBy = {}) {
        syncAgeLock();
        if (voidedBy.empty())
            syncPendingEdit("system", "nothing-to-check");
        else
            syncPendingEdit(voidedBy, "voided");
        if (next_.newestLineId != 0 && !next_.cart.find(next_.newestLineId))
            next_.newestLineId = 0;
    }

    // --- transaction life cycle
    Outcome checkNewSaleUuid(const std::string& uuid) const {
        if (uuid.empty())
            return refuse(RefusalCode::InvalidInput, "starting a transaction needs a sale uuid");
        if (uuid.size() > kMaxIdLength)
            return refuse(RefusalCode::InvalidInput, "the sale uuid is too long");
        if (uuid == before_.saleUuid || (before_.lastSale && before_.lastSale->saleUuid == uuid))
            return refuse(RefusalCode::InvalidInput,
                          "sale uuid " + uuid + " was already used by the previous sale");
        return std::nullopt;
    }
    void resetTransaction() {
        next_.saleUuid.clear();
        next_.startedAt = 0;
        next_.cart = Cart{};
        next_.priced = emptyPriced();
        next_.newestLineId = 0;
        next_.pendingLookups.clear();
        next_.pendingWeight.reset();
        next_.pendingEdit.reset();
        next_.ageDecision.reset();
        next_.payment = PaymentState{};
        next_.receiptNo = 0;
        next_.phaseDeadline = 0;
        next_.inactivity = Inactivity{};
        next_.suspending.clear();
        next_.suspendingStaff.clear();
        // `resuming` survives: a load may be answered after the thank-you screen timed out.
    }
    void startTransaction(const std::string& uuid) {
        resetTransaction();
        next_.phase = Phase::Shopping;
        next_.saleUuid = uuid;
        next_.startedAt = now_;
        say(ShopperMessage::Welcome);
        persist();  // the uuid and start time must survive a crash too
    }
    // Ends an open, uncommitted transaction. Attendant-owned locks (help, intervention) stay
    // unless the attendant cancels; the transaction's own locks go with its cart.
    // `staffId` empty: the shopper or inactivity ended it (no lock is up then, by the rules of
    // CancelTransaction and the timer; the transaction's own locks would end with it).
    void cancelTransaction(const std::string& staffId) {
        next_.lastSale =
            LastSale{next_.saleUuid, SaleOutcome::Cancelled, 0, next_.priced.total, ""};
        if (!staffId.empty())
            clearLocksIf([](LockKind) { return true; }, staffId, "cancelled");
        else
            clearLocksIf(
                [](LockKind k) {
                    return k == LockKind::AgeCheckPending || k == LockKind::UnknownItem;
                },
                "system", "transaction-ended");
        emit(ClearPersistedCart{});
        resetTransaction();
        next_.phase = Phase::Attract;
        next_.language = m_.defaultLanguage();
        say(ShopperMessage::TransactionCancelled);
    }
    void finishToAttract() {
        emit(ClearPersistedCart{});
        resetTransaction();
        next_.phase = Phase::Attract;
        next_.language = m_.defaultLanguage();
        say(ShopperMessage::None);
    }

    // --- adding items
    void addProduct(const Product& product, const std::string& code) {
        next_.pendingWeight.reset();  // a new item abandons an unfinished weighing
        if (ageOf(product) > 0 && next_.ageDecision && !next_.ageDecision->approved) {
            emit(PlaySound{Sound::Error});
            say(ShopperMessage::RestrictedNotAllowed);
            return;
        }
        if (product.unit == SaleUnit::Weight) {
            next_.pendingWeight = PendingWeight{product, code};
            emit(RequestWeight{product.id});
            say(ShopperMessage::PlaceItemOnScale);
            return;
        }
        addLine(product, code, 0);
    }
    void addLine(const Product& product, const std::string& code, int64_t grams) {
        Cart saved = next_.cart;
        auto added = product.unit == SaleUnit::Weight ? next_.cart.addWeighed(product, code, grams)
                                                      : next_.cart.addUnits(product, code, 1);
        Result<void> priced = added ? reprice() : Result<void>(added.error());
        if (!priced) {
            // Never sell what cannot be priced; staff fix the catalogue or key it in.
            next_.cart = std::move(saved);
            raiseLock(LockKind::PriceCheck,
                      fmt::format("cannot add '{}' ({}): {}", product.nameFor("en"), code,
                                  priced.error().message));
            emit(PlaySound{Sound::Error});
            say(ShopperMessage::CallStaff);
            return;
        }
        next_.newestLineId = added.value();
        persist();
        // A line above the approved age (none approved: above 0) needs the check (again).
        if (ageOf(product) > approvedAge(next_)) {
            requireAgeCheck("");
            emit(PlaySound{Sound::Attention});
            say(ShopperMessage::AgeCheckNeeded);
            return;
        }
        emit(PlaySound{Sound::Good});
        say(ShopperMessage::ItemAdded);
    }

    SaleRecord buildSale(const Tender* tender) const {
        SaleRecord sale = makeSaleRecord(next_.cart, next_.priced, next_.language);
        sale.saleUuid = next_.saleUuid;
        sale.storeId = m_.storeId();
        sale.kioskId = m_.kioskId();
        sale.startedAt = next_.startedAt;
        sale.endedAt = now_;
        sale.tenders = next_.payment.tenders;
        if (tender)
            sale.tenders.push_back(*tender);
        return sale;
    }
    void completeSale(const Tender* tender) {
        next_.payment.status = PaymentStatus::Completing;
        next_.payment.sale = buildSale(tender);
        emit(CompleteSale{*next_.payment.sale});
        say(ShopperMessage::PaymentCompleting);
    }
    // An attempt ended without money: back to Review, or, with tenders already approved, stay
    // in Paying for the rest (the cart cannot be reopened).
    void stopAttempt() {
        if (next_.payment.tenders.empty()) {
            backToReview(ShopperMessage::PaymentCancelled);
            return;
        }
        next_.payment.status = PaymentStatus::PartiallyPaid;
        say(ShopperMessage::PaymentCancelled);
    }
    void backToReview(ShopperMessage message) {
        next_.phase = Phase::Review;
        next_.payment.status = PaymentStatus::Idle;
        say(message);
    }
    void chooseReceipt(ReceiptChoice choice) {
        if (choice == ReceiptChoice::Print)
            emit(PrintReceipt{next_.saleUuid, next_.receiptNo});
        else if (choice == ReceiptChoice::Digital)
            emit(ShowDigitalReceipt{next_.saleUuid, next_.receiptNo});
        next_.phase = Phase::Finished;
        next_.phaseDeadline = after(now_, m_.config().finishedDisplay);
        say(ShopperMessage::ThankYou);
    }

    Outcome needStaff(const std::string& staffId) const {
        if (staffId.empty())
            return refuse(RefusalCode::InvalidInput, "attendant actions need a staff id");
        if (staffId.size() > kMaxIdLength)
            return refuse(RefusalCode::InvalidInput, "the staff id is too long");
        return std::nullopt;
    }
    Outcome needCartEditable(std::string_view what) const {
        if (shoppingOrReview())
            return std::nullopt;
        if (auto r = needNothingPaid(what))
            return r;
        if (phase() == Phase::Paying)
            return refuse(RefusalCode::Busy,
                          fmt::format("{} refused in Paying: the amount is at the terminal", what));
        return refuse(RefusalCode::WrongPhase, fmt::format("{} refused {}", what, inPhase()));
    }
    // Once a tender is approved the cart and the sale are fixed: the shopper cannot leave it.
    Outcome needNothingPaid(std::string_view what) const {
        if (phase() != Phase::Paying || before_.payment.tenders.empty())
            return std::nullopt;
        return refuse(
            RefusalCode::Locked,
            fmt::format("{} refused: {} of {} is already paid; {} still to pay", what,
                        before_.payment.paid, before_.priced.total, paymentRemaining(before_)));
    }
    Outcome needLine(int64_t lineId) const {
        if (!before_.cart.find(lineId))
            return refuse(RefusalCode::NoSuchLine,
                          fmt::format("line {} is not in the cart", lineId));
        return std::nullopt;
    }
    Outcome unexpected(std::string_view what) const {
        return refuse(RefusalCode::Unexpected,
                      fmt::format("{} not expected {} (payment {})", what, inPhase(),
                                  paymentStatusName(before_.payment.status)));
    }

    const CheckoutMachine& m_;
    const CheckoutState& before_;
    CheckoutState next_;
    std::vector<Command> out_;
    Timestamp now_;
};

// --- timers -----------------------------------------------------------------------------------

Outcome Transition::operator()(const Tick&) {
    const CheckoutConfig& c = m_.config();
    switch (phase()) {
        case Phase::Shopping:
        case Phase::Review:
        case Phase::Paying: {
            if (!inactivityTimerRuns(next_, c))
                break;
            Inactivity& in = next_.inactivity;
            if (!in.warning) {
                if (now_ >= after(in.since, c.inactivityWarnAfter)) {
                    // The countdown starts when the warning is shown, so the shopper always
                    // gets the whole countdown even if ticks were sparse.
                    in.warning = true;
                    in.deadline = after(now_, c.inactivityCountdown);
                    emit(PlaySound{Sound::Attention});
                }
            } else if (now_ >= in.deadline) {
                if (next_.payment.tenders.empty()) {
                    cancelTransaction("");
                } else {
                    // Money is taken: a walk-away never cancels it; the attendant decides.
                    in.warning = false;
                    raiseLock(LockKind::Intervention,
                              fmt::format("shopper left after paying {} of {}; {} still to pay",
                                          next_.payment.paid, next_.priced.total,
                                          paymentRemaining(next_)));
                    emit(PlaySound{Sound::Attention});
                    say(ShopperMessage::CallStaff);
                }
            }
            break;
        }
        case Phase::Receipt:
            if (now_ >= next_.phaseDeadline)
                chooseReceipt(ReceiptChoice::None);
            break;
        case Phase::Finished:
            if (now_ >= next_.phaseDeadline)
                finishToAttract();
            break;
        case Phase::Attract:
            break;
    }
    return std::nullopt;
}

// --- shopper intents --------------------------------------------------------------------------

Outcome Transition::operator()(const Touch& e) {
    switch (phase()) {
        case Phase::Attract:
            if (auto r = checkNewSaleUuid(e.saleUuid))
                return r;
            startTransaction(e.saleUuid);
            return std::nullopt;
        case Phase::Shopping:
        case Phase::Review:
            return std::nullopt;  // input: handle() restarts the inactivity timer
        case Phase::Finished:
            finishToAttract();  // the next shopper need not wait for the thank-you screen
            return std::nullopt;
        case Phase::Paying:
        case Phase::Receipt:
            break;
    }
    return refuse(RefusalCode::WrongPhase, "a touch means nothing " + inPhase());
}

Outcome Transition::operator()(const LanguageChosen& e) {
    if (!validLanguage(e.language))
        return refuse(RefusalCode::InvalidInput,
                      "'" + e.language + "' is not a language code (ISO 639-1, e.g. en, id)");
    next_.language = e.language;
    if (transactionOpen(next_) && next_.payment.status != PaymentStatus::Completing &&
        e.language != before_.language)
        persist();
    return std::nullopt;
}

Outcome Transition::operator()(const BarcodeScanned& e) {
    if (e.code.empty())
        return refuse(RefusalCode::InvalidInput, "an empty scan");
    if (e.code.size() > kMaxCodeLength)
        return refuse(RefusalCode::InvalidInput, "the scanned code is too long");
    switch (phase()) {
        case Phase::Attract:
            if (auto r = checkNewSaleUuid(e.saleUuid))
                return r;
            startTransaction(e.saleUuid);
            break;
        case Phase::Finished:
            // The next shopper scans while the thank-you screen shows: end, then start.
            if (auto r = checkNewSaleUuid(e.saleUuid))
                return r;
            finishToAttract();
            startTransaction(e.saleUuid);
            break;
        case Phase::Shopping:
        case Phase::Review:
            if (before_.pendingLookups.size() >= kMaxPendingLookups)
                return refuse(RefusalCode::Busy, "too many lookups are still unanswered");
            next_.phase = Phase::Shopping;  // the new line is shown on the shopping screen
            next_.pendingWeight.reset();    // a new scan abandons an unfinished weighing
            break;
        case Phase::Paying:
            return refuse(RefusalCode::Busy, "scans are refused while paying");
        case Phase::Receipt:
            return refuse(RefusalCode::WrongPhase, "scans are refused " + inPhase());
    }
    next_.pendingLookups.push_back(e.code);
    emit(LookUpProduct{e.code, e.symbology});
    return std::nullopt;
}

Outcome Transition::operator()(const ItemPicked& e) {
    if (!e.product.active)
        return refuse(RefusalCode::InvalidInput,
                      "'" + e.product.nameFor("en") + "' is not for sale");
    std::string code = e.product.plu.empty() ? e.product.gtin : e.product.plu;
    switch (phase()) {
        case Phase::Attract:
            if (auto r = checkNewSaleUuid(e.saleUuid))
                return r;
            startTransaction(e.saleUuid);
            break;
        case Phase::Shopping:
        case Phase::Review:
            next_.phase = Phase::Shopping;
            break;
        case Phase::Paying:
            return refuse(RefusalCode::Busy, "items are refused while paying");
        case Phase::Receipt:
        case Phase::Finished:
            return refuse(RefusalCode::WrongPhase, "items are refused " + inPhase());
    }
    addProduct(e.product, code);
    return std::nullopt;
}

Outcome Transition::operator()(const WeightStable& e) {
    if (!before_.pendingWeight)
        return unexpected("a weight");
    const int64_t grams = e.grams;
    if (grams <= 0 || grams > kMaxLineWeightGrams) {
        // A legal reading of nothing or too much: ask again rather than strand the item.
        emit(RequestWeight{before_.pendingWeight->product.id});
        say(ShopperMessage::WeightNotValid);
        return std::nullopt;
    }
    PendingWeight pending = *before_.pendingWeight;
    next_.pendingWeight.reset();
    addLine(pending.product, pending.code, grams);
    return std::nullopt;
}

Outcome Transition::operator()(const CancelWeighing&) {
    if (!before_.pendingWeight)
        return refuse(RefusalCode::WrongPhase, "no item is waiting for a weight");
    next_.pendingWeight.reset();
    say(ShopperMessage::None);
    return std::nullopt;
}

Outcome Transition::operator()(const ReviewPressed&) {
    if (phase() != Phase::Shopping)
        return refuse(RefusalCode::WrongPhase, "Review refused " + inPhase());
    if (before_.cart.empty())
        return refuse(RefusalCode::EmptyCart, "the cart is empty");
    next_.phase = Phase::Review;
    return std::nullopt;
}

Outcome Transition::operator()(const BackToShopping&) {
    if (phase() == Phase::Review) {
        next_.phase = Phase::Shopping;
        return std::nullopt;
    }
    if (auto r = needNothingPaid("Back"))
        return r;
    if (phase() == Phase::Paying && before_.payment.status == PaymentStatus::Declined) {
        next_.phase = Phase::Shopping;
        next_.payment.status = PaymentStatus::Idle;
        say(ShopperMessage::None);
        return std::nullopt;
    }
    return refuse(RefusalCode::WrongPhase, fmt::format("Back refused {} (payment {})", inPhase(),
                                                       paymentStatusName(before_.payment.status)));
}

Outcome Transition::operator()(const ChangeQuantity& e) {
    if (auto r = needCartEditable("a quantity change"))
        return r;
    if (auto r = needLine(e.lineId))
        return r;
    const CartLine& line = *before_.cart.find(e.lineId);
    if (line.product.unit == SaleUnit::Weight)
        return refuse(RefusalCode::InvalidInput, "a weighed item's quantity cannot change");
    if (e.quantity < 1 || e.quantity > kMaxLineQuantity)
        return refuse(RefusalCode::InvalidInput,
                      fmt::format("quantity must be between 1 and {}", kMaxLineQuantity));
    if (e.quantity == line.quantity)
        return std::nullopt;
    if (e.quantity < line.quantity && m_.config().removalNeedsAttendant) {
        if (before_.pendingEdit)
            return refuse(RefusalCode::Locked, "another change already waits for an attendant");
        next_.pendingEdit = PendingEdit{e.lineId, e.quantity};
        raiseLock(LockKind::Intervention,
                  fmt::format("shopper asks to lower {} to {}", describeLine(line), e.quantity));
        emit(PlaySound{Sound::Attention});
        say(ShopperMessage::AttendantApprovalNeeded);
        return std::nullopt;
    }
    if (auto r = next_.cart.setQuantity(e.lineId, e.quantity); !r)
        return refuse(RefusalCode::InvalidInput, r.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    persist();
    say(ShopperMessage::QuantityChanged);
    return std::nullopt;
}

Outcome Transition::operator()(const RemoveLine& e) {
    if (auto r = needCartEditable("a removal"))
        return r;
    if (auto r = needLine(e.lineId))
        return r;
    if (m_.config().removalNeedsAttendant) {
        if (before_.pendingEdit)
            return refuse(RefusalCode::Locked, "another change already waits for an attendant");
        next_.pendingEdit = PendingEdit{e.lineId, 0};
        raiseLock(LockKind::Intervention,
                  "shopper asks to remove " + describeLine(*before_.cart.find(e.lineId)));
        emit(PlaySound{Sound::Attention});
        say(ShopperMessage::AttendantApprovalNeeded);
        return std::nullopt;
    }
    if (auto r = next_.cart.remove(e.lineId); !r)
        return refuse(RefusalCode::NoSuchLine, r.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    afterRemoval();
    persist();
    say(ShopperMessage::ItemRemoved);
    return std::nullopt;
}

Outcome Transition::operator()(const HelpPressed&) {
    if (hasLock(before_, LockKind::HelpRequested))
        return refuse(RefusalCode::AlreadyDone, "help is already on the way");
    raiseLock(LockKind::HelpRequested, "shopper asked for help " + inPhase());
    emit(PlaySound{Sound::Attention});
    say(ShopperMessage::HelpComing);
    return std::nullopt;
}

Outcome Transition::operator()(const PayPressed&) {
    switch (phase()) {
        case Phase::Shopping:
        case Phase::Review:
            break;
        case Phase::Paying:
            if (before_.payment.status == PaymentStatus::Declined ||
                before_.payment.status == PaymentStatus::PartiallyPaid)
                break;  // a retry, or the rest after a partial approval
            if (before_.payment.status == PaymentStatus::Completing)
                return refuse(RefusalCode::AlreadyDone, "the payment is already approved");
            return refuse(RefusalCode::Busy, "a payment is already in progress");
        case Phase::Attract:
            return refuse(RefusalCode::NoTransaction, "Pay refused in Attract: nothing to pay");
        case Phase::Receipt:
        case Phase::Finished:
            return refuse(RefusalCode::AlreadyDone, "the sale is already paid");
    }
    if (before_.cart.empty())
        return refuse(RefusalCode::EmptyCart, "the cart is empty");
    if (!before_.locks.empty())
        return refuse(RefusalCode::Locked, "an attendant must clear first: " + lockList());
    if (!before_.pendingLookups.empty())
        return refuse(RefusalCode::Busy, "an item is still being looked up");
    if (before_.pendingWeight)
        return refuse(RefusalCode::Busy, "an item is still waiting to be weighed");
    if (!before_.payment.tenders.empty()) {
        // The total was fixed when the first tender was approved; only the rest is asked.
        next_.payment.declineReason = DeclineReason::Other;
        next_.payment.declineDetail.clear();
        next_.payment.status = PaymentStatus::Waiting;
        next_.payment.amount = paymentRemaining(before_);
        next_.payment.attempts += 1;
        emit(StartPayment{next_.saleUuid, next_.payment.amount, next_.priced.currency,
                          next_.payment.attempts});
        say(ShopperMessage::PaymentWaiting);
        return std::nullopt;
    }
    // Priced again now: promotions have validity windows, and this is the amount charged.
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    if (next_.priced.total < 0)
        return refuse(RefusalCode::PricingFailed, "the total is negative");
    next_.phase = Phase::Paying;
    next_.payment.declineReason = DeclineReason::Other;
    next_.payment.declineDetail.clear();
    persist();
    if (next_.priced.total == 0) {
        // Only staff can make a cart free (overrides); there is nothing to charge.
        next_.payment.amount = 0;
        completeSale(nullptr);
        return std::nullopt;
    }
    next_.payment.status = PaymentStatus::Waiting;
    next_.payment.amount = next_.priced.total;
    next_.payment.attempts += 1;
    emit(StartPayment{next_.saleUuid, next_.payment.amount, next_.priced.currency,
                      next_.payment.attempts});
    say(ShopperMessage::PaymentWaiting);
    return std::nullopt;
}

Outcome Transition::operator()(const CancelPayment&) {
    if (phase() != Phase::Paying)
        return refuse(RefusalCode::WrongPhase, "Cancel payment refused " + inPhase());
    switch (before_.payment.status) {
        case PaymentStatus::Waiting:
            // The terminal has the last word: an approval may still arrive and is honoured.
            next_.payment.status = PaymentStatus::Aborting;
            emit(AbortPayment{next_.saleUuid});
            say(ShopperMessage::PaymentCancelling);
            return std::nullopt;
        case PaymentStatus::Declined:
        case PaymentStatus::PartiallyPaid:
            if (auto r = needNothingPaid("Cancel payment"))
                return r;
            backToReview(ShopperMessage::PaymentCancelled);
            return std::nullopt;
        case PaymentStatus::Aborting:
            return refuse(RefusalCode::AlreadyDone, "the payment is already being cancelled");
        case PaymentStatus::Completing:
            return refuse(RefusalCode::AlreadyDone, "the payment is already approved");
        case PaymentStatus::Idle:
            break;
    }
    return refuse(RefusalCode::WrongPhase, "no payment to cancel");
}

Outcome Transition::operator()(const ReceiptChosen& e) {
    if (phase() != Phase::Receipt)
        return refuse(RefusalCode::WrongPhase, "a receipt choice refused " + inPhase());
    chooseReceipt(e.choice);
    return std::nullopt;
}

Outcome Transition::operator()(const StillHere&) {
    if (!inactivityTimerRuns(before_, m_.config()) || !before_.inactivity.warning)
        return refuse(RefusalCode::WrongPhase, "no inactivity warning is showing");
    return std::nullopt;  // handle() restarts the timer and hides the warning
}

Outcome Transition::operator()(const CancelTransaction&) {
    const bool declined =
        phase() == Phase::Paying && before_.payment.status == PaymentStatus::Declined;
    if (phase() == Phase::Attract)
        return refuse(RefusalCode::NoTransaction, "no transaction to cancel");
    if (auto r = needNothingPaid("Cancel"))
        return r;
    if (phase() == Phase::Paying && !declined)
        return refuse(RefusalCode::Busy, "a payment is in progress; cancel the payment first");
    if (phase() == Phase::Receipt || phase() == Phase::Finished)
        return refuse(RefusalCode::AlreadyDone, "the sale is complete");
    if (!before_.locks.empty())
        return refuse(RefusalCode::Locked,
                      "an attendant is on the way and will cancel if needed: " + lockList());
    cancelTransaction("");
    return std::nullopt;
}

// --- attendant intents ------------------------------------------------------------------------

Outcome Transition::operator()(const AttendantApproveAge& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    const AttendantLock* lock = findLock(before_, LockKind::AgeCheckPending);
    if (!lock)
        return refuse(RefusalCode::NoSuchLock, "no age check is pending");
    const CartLine* line = uncheckedLine(before_);
    const int age = std::max(line ? ageOf(line->product) : 0, approvedAge(before_));
    const std::string method = ageMethodTag(e.method, age);
    next_.ageDecision = AgeDecision{true, age, e.staffId, e.method, now_};
    clearLock(LockKind::AgeCheckPending, e.staffId, "approved:" + method);
    audit("age.approve", e.staffId, fmt::format("method={} age={}", method, age), lock->reason,
          fmt::format("approved {}+ ({})", age, method));
    say(ShopperMessage::AgeApproved);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantRefuseAge& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    const AttendantLock* lock = findLock(before_, LockKind::AgeCheckPending);
    if (!lock)
        return refuse(RefusalCode::NoSuchLock, "no age check is pending");
    // Lines an earlier approval covers stay: the shopper proved that age already. Every line
    // needing more goes, and no further restricted item is taken in this transaction.
    const int kept = approvedAge(before_);
    const CartLine* worst = uncheckedLine(before_);
    const int age = worst ? ageOf(worst->product) : 0;
    std::string removed;
    for (const auto& line : before_.cart.lines()) {
        if (ageOf(line.product) <= kept)
            continue;
        if (auto r = next_.cart.remove(line.lineId); !r)
            return refuse(RefusalCode::Internal, r.error().message);
        removed += (removed.empty() ? "" : "; ") + describeLine(line);
    }
    if (next_.pendingWeight && ageOf(next_.pendingWeight->product) > 0)
        next_.pendingWeight.reset();
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    next_.ageDecision = AgeDecision{false, age, e.staffId, AgeCheckMethod::IdViewed, now_};
    clearLock(LockKind::AgeCheckPending, e.staffId, "refused");
    afterRemoval();
    persist();
    audit("age.refuse", e.staffId, fmt::format("age={}: removed {}", age, removed), lock->reason,
          "removed " + removed);
    emit(PlaySound{Sound::Attention});
    say(ShopperMessage::AgeRefused);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantApproveEdit& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (!before_.pendingEdit)
        return refuse(RefusalCode::NoSuchLock, "no change waits for approval");
    const PendingEdit edit = *before_.pendingEdit;
    const CartLine* line = before_.cart.find(edit.lineId);
    if (!line)
        return refuse(RefusalCode::NoSuchLine, "the line to change is gone");
    const std::string what = describeLine(*line);
    const std::string was = describeLinePriced(*line);
    Result<void> applied = edit.quantity == 0 ? next_.cart.remove(edit.lineId)
                                              : next_.cart.setQuantity(edit.lineId, edit.quantity);
    if (!applied)
        return refuse(RefusalCode::InvalidInput, applied.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    clearLock(LockKind::Intervention, e.staffId, "edit-approved");
    afterRemoval();
    persist();
    if (edit.quantity == 0) {
        audit("line.remove.approve", e.staffId, what, was, "removed");
        say(ShopperMessage::ItemRemoved);
    } else {
        audit("line.quantity.approve", e.staffId, fmt::format("{} -> {}", what, edit.quantity), was,
              describeLinePriced(*next_.cart.find(edit.lineId)));
        say(ShopperMessage::QuantityChanged);
    }
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantVoidLine& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (auto r = needCartEditable("a void"))
        return r;
    if (auto r = needLine(e.lineId))
        return r;
    if (auto r = needReason(m_.reasons().voids, e.reason, "a void"))
        return r;
    const CartLine& line = *before_.cart.find(e.lineId);
    const std::string what = describeLine(line);
    const std::string was = describeLinePriced(line);
    if (auto r = next_.cart.remove(e.lineId); !r)
        return refuse(RefusalCode::NoSuchLine, r.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    afterRemoval(e.staffId);
    persist();
    audit("line.void", e.staffId, what + ": " + e.reason, was, "removed");
    say(ShopperMessage::ItemRemoved);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantOverridePrice& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (auto r = needCartEditable("a price override"))
        return r;
    if (auto r = needLine(e.lineId))
        return r;
    if (auto r = needReason(m_.reasons().overrides, e.reason, "a price override"))
        return r;
    const CartLine& line = *before_.cart.find(e.lineId);
    const int64_t was = line.priceOverride.value_or(line.product.price);
    if (auto r = next_.cart.overridePrice(e.lineId, e.price, e.reason); !r)
        return refuse(RefusalCode::InvalidInput, r.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    persist();
    audit("price.override", e.staffId,
          fmt::format("{}: {} -> {}: {}", describeLine(line), was, e.price, e.reason),
          fmt::format("@ {}", was), fmt::format("@ {}", e.price));
    say(ShopperMessage::PriceOverridden);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantDiscountLine& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (auto r = needCartEditable("a discount"))
        return r;
    if (auto r = needLine(e.lineId))
        return r;
    if (e.percent < 1 || e.percent > 100)
        return refuse(RefusalCode::InvalidInput,
                      fmt::format("a discount is 1 to 100 percent, not {}", e.percent));
    if (auto r = needReason(m_.reasons().discounts, e.reason, "a discount"))
        return r;
    const CartLine& line = *before_.cart.find(e.lineId);
    const PricedLine* was = pricedLine(before_, e.lineId);
    const int64_t wasNet = was ? was->net : 0;
    if (auto r = next_.cart.discount(e.lineId, e.percent, e.reason); !r)
        return refuse(RefusalCode::InvalidInput, r.error().message);
    if (auto r = reprice(); !r)
        return refuse(RefusalCode::PricingFailed, r.error().message);
    const PricedLine* now = pricedLine(next_, e.lineId);
    persist();
    audit("line.discount", e.staffId,
          fmt::format("{}: {}% off: {}", describeLine(line), e.percent, e.reason),
          fmt::format("{}% off, net {}", line.discountPercent, wasNet),
          fmt::format("{}% off, net {}", e.percent, now ? now->net : 0));
    emit(PlaySound{Sound::Good});
    say(ShopperMessage::DiscountApplied);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantClearLock& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    const AttendantLock* lock = findLock(before_, e.kind);
    if (!lock)
        return refuse(RefusalCode::NoSuchLock,
                      fmt::format("no {} lock to clear", lockKindName(e.kind)));
    if (e.kind == LockKind::AgeCheckPending)
        return refuse(RefusalCode::InvalidInput,
                      "an age check is approved or refused, never just cleared");
    const bool retryCommit = e.kind == LockKind::Intervention && phase() == Phase::Paying &&
                             before_.payment.status == PaymentStatus::Completing &&
                             before_.payment.commitFailed && before_.payment.sale.has_value();
    // A protected removal the attendant clears instead of approving is refused: the line stays.
    const bool editRefused = e.kind == LockKind::Intervention && before_.pendingEdit.has_value();
    const std::string how = retryCommit ? "retried" : editRefused ? "edit-refused" : "cleared";
    clearLock(e.kind, e.staffId, how);
    audit("lock.clear", e.staffId, std::string(lockKindName(e.kind)),
          fmt::format("{}: {}", lockKindName(e.kind), lock->reason), how);
    if (retryCommit) {
        // The payment is taken: clearing the intervention means "try saving the sale again".
        // The same uuid makes a duplicate commit a no-op in storage.
        next_.payment.commitFailed = false;
        emit(CompleteSale{*next_.payment.sale});
        say(ShopperMessage::PaymentCompleting);
    } else if (next_.message == ShopperMessage::HelpComing ||
               next_.message == ShopperMessage::CallStaff ||
               next_.message == ShopperMessage::UnknownItem ||
               next_.message == ShopperMessage::AttendantApprovalNeeded) {
        say(ShopperMessage::None);
    }
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantCancelTransaction& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    switch (phase()) {
        case Phase::Attract:
            return refuse(RefusalCode::NoTransaction, "no transaction to cancel");
        case Phase::Paying:
            if (!before_.payment.tenders.empty() &&
                before_.payment.status != PaymentStatus::Completing)
                // No refund path in the kiosk: cancelling would keep the shopper's money.
                return refuse(
                    RefusalCode::Locked,
                    fmt::format("{} of {} is already paid: take the remaining {} (Pay), or "
                                "refund the paid tenders with `kasir-admin refund` first",
                                before_.payment.paid, before_.priced.total,
                                paymentRemaining(before_)));
            if (before_.payment.status == PaymentStatus::Declined)
                break;
            if (before_.payment.status == PaymentStatus::Completing)
                return refuse(RefusalCode::AlreadyDone,
                              "the payment is taken: the sale must be saved (or refunded)");
            return refuse(RefusalCode::Busy, "a payment is in flight; cancel it first");
        case Phase::Receipt:
        case Phase::Finished:
            return refuse(RefusalCode::AlreadyDone, "the sale is complete");
        case Phase::Shopping:
        case Phase::Review:
            break;
    }
    if (auto r = needReason(m_.reasons().cancels, e.reason, "a cancellation"))
        return r;
    audit("transaction.cancel", e.staffId,
          fmt::format("sale {} with {} lines, total {}: {}", before_.saleUuid,
                      before_.cart.lines().size(), before_.priced.total, e.reason),
          cartSummary(before_), "cancelled");
    cancelTransaction(e.staffId);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantRaiseIntervention& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (e.reason.empty())
        return refuse(RefusalCode::InvalidInput, "an intervention needs a reason");
    if (e.kind != LockKind::Intervention && e.kind != LockKind::DeviceFault &&
        e.kind != LockKind::PaymentProblem && e.kind != LockKind::PriceCheck)
        return refuse(RefusalCode::InvalidInput,
                      fmt::format("staff raise Intervention, DeviceFault, PaymentProblem or "
                                  "PriceCheck, not {}",
                                  lockKindName(e.kind)));
    raiseLock(e.kind, e.reason);
    audit("intervention.raise", e.staffId, fmt::format("{}: {}", lockKindName(e.kind), e.reason),
          "", fmt::format("{}: {}", lockKindName(e.kind), e.reason));
    say(ShopperMessage::HelpComing);
    return std::nullopt;
}

Outcome Transition::operator()(const AttendantSuspendTransaction& e) {
    if (auto r = needStaff(e.staffId))
        return r;
    if (!validSuspendCode(e.code))
        return refuse(RefusalCode::InvalidInput, "a suspend code is 8 digits");
    switch (phase()) {
        case Phase::Attract:
            return refuse(RefusalCode::NoTransaction, "no transaction to suspend");
        case Phase::Receipt:
        case Phase::Finished:
            return refuse(RefusalCode::AlreadyDone, "the sale is complete");
        case Phase::Paying:
            if (!before_.payment.tenders.empty() ||
                before_.payment.status == PaymentStatus::Completing)
                return refuse(RefusalCode::Locked,
                              "a tender is approved: the sale cannot be suspended");
            if (before_.payment.status != PaymentStatus::Declined)
                return refuse(RefusalCode::Busy, "a payment is in flight; cancel it first");
            break;
        case Phase::Shopping:
        case Phase::Review:
            break;
    }
    if (!before_.pendingLookups.empty())
        return refuse(RefusalCode::Busy, "an item is still being looked up");
    if (before_.pendingWeight)
        return refuse(RefusalCode::Busy, "an item is still waiting to be weighed");
    if (before_.cart.empty())
        return refuse(RefusalCode::EmptyCart, "an empty cart has nothing to suspend");
    next_.suspending = e.code;
    next_.suspendingStaff = e.staffId;
    emit(SuspendCart{e.code, e.staffId, next_.saleUuid, next_.startedAt, next_.language,
                     next_.cart});
    return std::nullopt;
}

Outcome Transition::operator()(const ResumeSuspended& e) {
    if (!validSuspendCode(e.code))
        return refuse(RefusalCode::InvalidInput, "a suspend code is 8 digits");
    if (e.staffId.size() > kMaxIdLength)
        return refuse(RefusalCode::InvalidInput, "the staff id is too long");
    switch (phase()) {
        case Phase::Attract:
        case Phase::Finished:
            break;
        case Phase::Shopping:
            if (!before_.cart.empty() || !before_.pendingLookups.empty() || before_.pendingWeight)
                return refuse(RefusalCode::WrongPhase,
                              "a suspended transaction resumes only on an empty cart");
            break;
        case Phase::Review:
        case Phase::Paying:
        case Phase::Receipt:
            return refuse(RefusalCode::WrongPhase,
                          "a suspended transaction cannot resume " + inPhase());
    }
    next_.resuming = e.code;
    next_.resumingStaff = e.staffId;
    emit(LoadSuspended{e.code});
    return std::nullopt;
}

// --- device and storage results ----------------------------------------------------------------

Outcome Transition::operator()(const LookupResult& e) {
    auto it = std::find(next_.pendingLookups.begin(), next_.pendingLookups.end(), e.code);
    if (it == next_.pendingLookups.end())
        return refuse(RefusalCode::Unexpected, "no lookup of '" + e.code + "' is pending");
    next_.pendingLookups.erase(it);
    if (!e.product || !e.product->active) {
        raiseLock(LockKind::UnknownItem, e.product ? fmt::format("'{}' ({}) is not for sale",
                                                                 e.product->nameFor("en"), e.code)
                                                   : "unknown code " + e.code);
        emit(PlaySound{Sound::Error});
        say(ShopperMessage::UnknownItem);
        return std::nullopt;
    }
    addProduct(*e.product, e.code);
    return std::nullopt;
}

Outcome Transition::operator()(const PaymentApproved& e) {
    if (phase() != Phase::Paying)
        return unexpected("a payment approval");
    const PaymentStatus s = before_.payment.status;
    if (s == PaymentStatus::Completing)
        return refuse(RefusalCode::AlreadyDone, "the payment was already approved");
    if (s != PaymentStatus::Waiting && s != PaymentStatus::Aborting)
        return unexpected("a payment approval");
    if (e.tender.amount > 0 && e.tender.amount < before_.payment.amount) {
        // A partial approval (e.g. a prepaid card's balance): keep it and ask for the rest.
        // Honoured even after CancelPayment, like a full one: the money is taken.
        next_.payment.tenders.push_back(e.tender);
        next_.payment.paid += e.tender.amount;
        next_.payment.status = PaymentStatus::PartiallyPaid;
        emit(PlaySound{Sound::Good});
        // The UI shows "X paid, Y still to pay" from payment.paid and paymentRemaining(); a
        // dedicated ShopperMessage needs its text in kiosk/ui first (its switch has no default).
        say(ShopperMessage::None);
        return std::nullopt;
    }
    // Honoured even after CancelPayment: the money is taken, so the sale must complete.
    completeSale(&e.tender);
    if (e.tender.amount != before_.payment.amount)
        raiseLock(LockKind::PaymentProblem, fmt::format("terminal approved {} but {} was asked",
                                                        e.tender.amount, before_.payment.amount));
    emit(PlaySound{Sound::Good});
    return std::nullopt;
}

Outcome Transition::operator()(const PaymentDeclined& e) {
    if (phase() != Phase::Paying)
        return unexpected("a payment decline");
    if (before_.payment.status == PaymentStatus::Aborting) {
        stopAttempt();  // the shopper asked to stop anyway
        return std::nullopt;
    }
    if (before_.payment.status != PaymentStatus::Waiting)
        return unexpected("a payment decline");
    next_.payment.status = PaymentStatus::Declined;
    next_.payment.declineReason = e.reason;
    next_.payment.declineDetail = e.detail;
    emit(PlaySound{Sound::Error});
    say(ShopperMessage::PaymentDeclined);
    return std::nullopt;
}

Outcome Transition::operator()(const PaymentCancelled&) {
    if (phase() != Phase::Paying)
        return unexpected("a payment cancellation");
    const PaymentStatus s = before_.payment.status;
    if (s != PaymentStatus::Waiting && s != PaymentStatus::Aborting)
        return unexpected("a payment cancellation");
    stopAttempt();
    return std::nullopt;
}

Outcome Transition::operator()(const PaymentFailed& e) {
    if (phase() != Phase::Paying)
        return unexpected("a payment failure");
    const PaymentStatus s = before_.payment.status;
    if (s != PaymentStatus::Waiting && s != PaymentStatus::Aborting)
        return unexpected("a payment failure");
    // A device fault: staff must look at the terminal before the next attempt.
    raiseLock(LockKind::PaymentProblem, "payment terminal unavailable: " + e.detail);
    if (s == PaymentStatus::Aborting) {
        stopAttempt();
    } else {
        next_.payment.status = PaymentStatus::Declined;
        next_.payment.declineReason = DeclineReason::TerminalUnavailable;
        next_.payment.declineDetail = e.detail;
    }
    emit(PlaySound{Sound::Error});
    say(ShopperMessage::CallStaff);
    return std::nullopt;
}

Outcome Transition::operator()(const SaleCommitted& e) {
    if (phase() == Phase::Receipt || phase() == Phase::Finished)
        return refuse(RefusalCode::AlreadyDone, "the sale is already committed");
    if (phase() != Phase::Paying || before_.payment.status != PaymentStatus::Completing)
        return unexpected("a sale commit");
    if (e.receiptNo <= 0)
        return refuse(RefusalCode::InvalidInput, "a committed sale needs a receipt number");
    next_.phase = Phase::Receipt;
    next_.receiptNo = e.receiptNo;
    next_.payment.commitFailed = false;
    next_.phaseDeadline = after(now_, m_.config().receiptChoiceTimeout);
    next_.lastSale =
        LastSale{next_.saleUuid, SaleOutcome::Completed, e.receiptNo, next_.priced.total, ""};
    say(ShopperMessage::ChooseReceipt);
    return std::nullopt;
}

Outcome Transition::operator()(const SaleCommitFailed& e) {
    if (phase() != Phase::Paying || before_.payment.status != PaymentStatus::Completing)
        return unexpected("a sale commit failure");
    // Paid but not saved: keep everything (cart, record, phase) until staff retry.
    next_.payment.commitFailed = true;
    raiseLock(LockKind::Intervention, "paid sale not saved: " + e.message);
    emit(PlaySound{Sound::Attention});
    say(ShopperMessage::CallStaff);
    return std::nullopt;
}

Outcome Transition::operator()(const CartRestored& e) {
    if (phase() != Phase::Attract)
        return refuse(RefusalCode::WrongPhase,
                      "a cart can only be restored " + std::string("in Attract"));
    if (e.saleUuid.empty() || e.saleUuid.size() > kMaxIdLength)
        return refuse(RefusalCode::InvalidInput, "a restored cart needs its sale uuid");
    if (!e.language.empty() && !validLanguage(e.language))
        return refuse(RefusalCode::InvalidInput, "'" + e.language + "' is not a language code");
    resetTransaction();
    next_.phase = Phase::Shopping;
    next_.saleUuid = e.saleUuid;
    next_.startedAt = e.startedAt;
    next_.language = e.language.empty() ? m_.defaultLanguage() : e.language;
    next_.cart = e.cart;
    say(ShopperMessage::CartRestored);
    if (auto r = reprice(); !r)
        raiseLock(LockKind::PriceCheck, "restored cart cannot be priced: " + r.error().message);
    // The age decision was not persisted: ask again rather than assume.
    requireAgeCheck(" (restored cart)");
    return std::nullopt;
}

Outcome Transition::operator()(const CartSuspended& e) {
    if (before_.suspending.empty() || e.code != before_.suspending)
        return unexpected("a suspended cart");
    const std::string staffId = before_.suspendingStaff;
    clearLocksIf([](LockKind) { return true; }, staffId, "suspended");
    emit(PrintSuspendSlip{e.code, next_.priced.total,
                          static_cast<int64_t>(next_.cart.lines().size())});
    audit("transaction.suspend", staffId,
          fmt::format("sale {} suspended with {} lines, total {}", next_.saleUuid,
                      next_.cart.lines().size(), next_.priced.total),
          cartSummary(next_), "suspended under code " + e.code);
    next_.lastSale =
        LastSale{next_.saleUuid, SaleOutcome::Suspended, 0, next_.priced.total, e.code};
    next_.suspending.clear();
    next_.suspendingStaff.clear();
    next_.pendingEdit.reset();
    next_.payment.status = PaymentStatus::Idle;
    next_.phase = Phase::Finished;
    next_.phaseDeadline = after(now_, m_.config().finishedDisplay);
    emit(PlaySound{Sound::Good});
    say(ShopperMessage::TransactionSuspended);
    return std::nullopt;
}

Outcome Transition::operator()(const SuspendFailed& e) {
    if (before_.suspending.empty())
        return unexpected("a suspend failure");
    next_.suspending.clear();
    next_.suspendingStaff.clear();
    raiseLock(LockKind::Intervention, "suspend failed: " + e.message);
    emit(PlaySound{Sound::Attention});
    say(ShopperMessage::CallStaff);
    return std::nullopt;
}

// Like CartRestored, but asked for: the cart was put aside (maybe on another kiosk) and keeps
// its uuid and start time.
Outcome Transition::operator()(const SuspendedLoaded& e) {
    if (before_.resuming.empty() || e.code != before_.resuming)
        return unexpected("a loaded suspended cart");
    if (e.saleUuid.empty() || e.saleUuid.size() > kMaxIdLength)
        return refuse(RefusalCode::InvalidInput, "a resumed cart needs its sale uuid");
    if (!e.language.empty() && !validLanguage(e.language))
        return refuse(RefusalCode::InvalidInput, "'" + e.language + "' is not a language code");
    const std::string staffId = before_.resumingStaff.empty() ? "shopper" : before_.resumingStaff;
    resetTransaction();
    next_.resuming.clear();
    next_.resumingStaff.clear();
    next_.phase = Phase::Shopping;
    next_.saleUuid = e.saleUuid;
    next_.startedAt = e.startedAt;
    next_.language = e.language.empty() ? m_.defaultLanguage() : e.language;
    next_.cart = e.cart;
    if (auto r = reprice(); !r)
        raiseLock(LockKind::PriceCheck, "resumed cart cannot be priced: " + r.error().message);
    // The age decision was not kept with the cart: ask again rather than assume.
    requireAgeCheck(" (resumed cart)");
    persist();
    audit("transaction.resume", staffId,
          fmt::format("sale {} resumed from code {}", e.saleUuid, e.code),
          "suspended under code " + e.code, cartSummary(next_));
    emit(PlaySound{Sound::Good});
    say(ShopperMessage::CartResumed);
    return std::nullopt;
}

Outcome Transition::operator()(const SuspendedNotFound& e) {
    if (before_.resuming.empty() || e.code != before_.resuming)
        return unexpected("a suspended cart not found");
    next_.resuming.clear();
    next_.resumingStaff.clear();
    emit(PlaySound{Sound::Error});
    say(ShopperMessage::ResumeFailed);
    return std::nullopt;
}

// Indexed like Event's alternatives.
constexpr std::array<std::string_view, std::variant_size_v<Event>> kEventNames = {
    "Tick",
    "Touch",
    "LanguageChosen",
    "BarcodeScanned",
    "ItemPicked",
    "WeightStable",
    "CancelWeighing",
    "ReviewPressed",
    "BackToShopping",
    "ChangeQuantity",
    "RemoveLine",
    "HelpPressed",
    "PayPressed",
    "CancelPayment",
    "ReceiptChosen",
    "StillHere",
    "CancelTransaction",
    "AttendantApproveAge",
    "AttendantRefuseAge",
    "AttendantApproveEdit",
    "AttendantVoidLine",
    "AttendantOverridePrice",
    "AttendantClearLock",
    "AttendantCancelTransaction",
    "AttendantRaiseIntervention",
    "AttendantDiscountLine",
    "AttendantSuspendTransaction",
    "ResumeSuspended",
    "LookupResult",
    "PaymentApproved",
    "PaymentDeclined",
    "PaymentCancelled",
    "PaymentFailed",
    "SaleCommitted",
    "SaleCommitFailed",
    "CartRestored",
    "CartSuspended",
    "SuspendFailed",
    "SuspendedLoaded",
    "SuspendedNotFound",
};

constexpr std::array<std::string_view, std::variant_size_v<Command>> kCommandNames = {
    "LookUpProduct",      "RequestWeight", "PersistCart",      "ClearPersistedCart",
    "StartPayment",       "AbortPayment",  "CompleteSale",     "PrintReceipt",
    "ShowDigitalReceipt", "PlaySound",     "AlertAttendant",   "ClearAttendantAlert",
    "AuditLog",           "SuspendCart",   "PrintSuspendSlip", "LoadSuspended",
};

// While storage saves the cart under a suspend code, or loads a suspended cart, nothing may
// change the cart or start a transaction: the answer would find a different kiosk. Only the
// answer, timers, help and locks get through.
Outcome waitingForStorage(const CheckoutState& state, const Event& event) {
    const bool common = std::holds_alternative<Tick>(event) ||
                        std::holds_alternative<HelpPressed>(event) ||
                        std::holds_alternative<AttendantRaiseIntervention>(event) ||
                        std::holds_alternative<AttendantClearLock>(event);
    if (!state.suspending.empty() && !common && !std::holds_alternative<CartSuspended>(event) &&
        !std::holds_alternative<SuspendFailed>(event))
        return refuse(RefusalCode::Busy, fmt::format("{} refused: the transaction is being "
                                                     "suspended",
                                                     eventName(event)));
    if (!state.resuming.empty() && !common && !std::holds_alternative<LanguageChosen>(event) &&
        !std::holds_alternative<SuspendedLoaded>(event) &&
        !std::holds_alternative<SuspendedNotFound>(event))
        return refuse(
            RefusalCode::Busy,
            fmt::format("{} refused: a suspended transaction is being loaded", eventName(event)));
    return std::nullopt;
}

}  // namespace

Result<void> checkCheckoutConfig(const CheckoutConfig& config) {
    const std::pair<const char*, Millis> durations[] = {
        {"inactivityWarnAfter", config.inactivityWarnAfter},
        {"inactivityCountdown", config.inactivityCountdown},
        {"receiptChoiceTimeout", config.receiptChoiceTimeout},
        {"finishedDisplay", config.finishedDisplay},
    };
    for (const auto& [name, value] : durations)
        if (value < 0)
            return makeError(
                ErrorCode::InvalidArgument,
                fmt::format("checkout.{} must not be negative (got {} ms)", name, value));
    return {};
}

const AttendantLock* findLock(const CheckoutState& state, LockKind kind) {
    for (const auto& l : state.locks)
        if (l.kind == kind)
            return &l;
    return nullptr;
}

bool transactionOpen(const CheckoutState& state) {
    return state.phase == Phase::Shopping || state.phase == Phase::Review ||
           state.phase == Phase::Paying;
}

int64_t paymentRemaining(const CheckoutState& state) {
    return std::max<int64_t>(0, state.priced.total - state.payment.paid);
}

CheckoutMachine::CheckoutMachine(CheckoutSetup setup) : setup_(std::move(setup)) {
    auto& c = setup_.config;
    for (Millis* d : {&c.inactivityWarnAfter, &c.inactivityCountdown, &c.receiptChoiceTimeout,
                      &c.finishedDisplay})
        *d = std::max<Millis>(*d, 0);
    if (!validLanguage(setup_.defaultLanguage))
        setup_.defaultLanguage = "en";
}

CheckoutState CheckoutMachine::initialState() const {
    CheckoutState state;
    state.language = setup_.defaultLanguage;
    auto priced = priceCart(Cart{}, setup_.rules, 0);
    if (priced) {
        state.priced = std::move(priced).value();
    } else {
        state.priced.currency = setup_.rules.currency;
    }
    return state;
}

Step CheckoutMachine::handle(const CheckoutState& state, const Event& event, Timestamp now) const {
    now = std::max(now, state.clock);
    Transition t(*this, state, now);
    Outcome refusal = waitingForStorage(state, event);
    if (!refusal)
        refusal = std::visit(t, event);
    if (refusal) {
        if (refusal->reason.empty())
            refusal->reason = "refused";
        return Step{state, {}, std::move(refusal)};
    }
    CheckoutState& next = t.next();
    next.clock = now;
    if (!std::holds_alternative<Tick>(event) && next.phase != Phase::Attract) {
        // Any accepted input shows someone is at the kiosk: restart the inactivity timer.
        next.inactivity.since = now;
        next.inactivity.warning = false;
        next.inactivity.deadline = 0;
    }
    return Step{std::move(next), std::move(t.commands()), std::nullopt};
}

std::optional<Timestamp> CheckoutMachine::nextTimeout(const CheckoutState& state) const {
    switch (state.phase) {
        case Phase::Shopping:
        case Phase::Review:
        case Phase::Paying:
            if (!inactivityTimerRuns(state, setup_.config))
                return std::nullopt;
            if (state.inactivity.warning)
                return state.inactivity.deadline;
            return after(state.inactivity.since, setup_.config.inactivityWarnAfter);
        case Phase::Receipt:
        case Phase::Finished:
            return state.phaseDeadline;
        case Phase::Attract:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<StaffAction> requiredAction(const Event& event) {
    return std::visit(
        [](const auto& e) -> std::optional<StaffAction> {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, AttendantApproveAge> ||
                          std::is_same_v<T, AttendantRefuseAge>)
                return StaffAction::ApproveAge;
            else if constexpr (std::is_same_v<T, AttendantApproveEdit>)
                return StaffAction::ApproveRemoval;
            else if constexpr (std::is_same_v<T, AttendantVoidLine>)
                return StaffAction::VoidLine;
            else if constexpr (std::is_same_v<T, AttendantOverridePrice>)
                return StaffAction::PriceOverride;
            else if constexpr (std::is_same_v<T, AttendantDiscountLine>)
                return StaffAction::Discount;
            else if constexpr (std::is_same_v<T, AttendantClearLock>)
                return StaffAction::ClearLock;
            else if constexpr (std::is_same_v<T, AttendantCancelTransaction>)
                return StaffAction::CancelTransaction;
            else if constexpr (std::is_same_v<T, AttendantSuspendTransaction>)
                return StaffAction::SuspendTransaction;
            else
                return std::nullopt;
        },
        event);
}

std::string_view phaseName(Phase phase) {
    switch (phase) {
        case Phase::Attract:
            return "Attract";
        case Phase::Shopping:
            return "Shopping";
        case Phase::Review:
            return "Review";
        case Phase::Paying:
            return "Paying";
        case Phase::Receipt:
            return "Receipt";
        case Phase::Finished:
            return "Finished";
    }
    return "?";
}

std::string_view lockKindName(LockKind kind) {
    switch (kind) {
        case LockKind::HelpRequested:
            return "HelpRequested";
        case LockKind::AgeCheckPending:
            return "AgeCheckPending";
        case LockKind::UnknownItem:
            return "UnknownItem";
        case LockKind::PriceCheck:
            return "PriceCheck";
        case LockKind::PaymentProblem:
            return "PaymentProblem";
        case LockKind::DeviceFault:
            return "DeviceFault";
        case LockKind::Intervention:
            return "Intervention";
    }
    return "?";
}

std::string_view eventName(const Event& event) {
    return kEventNames[event.index()];
}

std::string_view commandName(const Command& command) {
    return kCommandNames[command.index()];
}

std::string_view refusalCodeName(RefusalCode code) {
    switch (code) {
        case RefusalCode::WrongPhase:
            return "WrongPhase";
        case RefusalCode::NoTransaction:
            return "NoTransaction";
        case RefusalCode::EmptyCart:
            return "EmptyCart";
        case RefusalCode::Locked:
            return "Locked";
        case RefusalCode::Busy:
            return "Busy";
        case RefusalCode::NoSuchLine:
            return "NoSuchLine";
        case RefusalCode::NoSuchLock:
            return "NoSuchLock";
        case RefusalCode::InvalidInput:
            return "InvalidInput";
        case RefusalCode::PricingFailed:
            return "PricingFailed";
        case RefusalCode::Unexpected:
            return "Unexpected";
        case RefusalCode::AlreadyDone:
            return "AlreadyDone";
        case RefusalCode::Internal:
            return "Internal";
    }
    return "?";
}

std::string_view shopperMessageName(ShopperMessage message) {
    switch (message) {
        case ShopperMessage::None:
            return "None";
        case ShopperMessage::Welcome:
            return "Welcome";
        case ShopperMessage::ItemAdded:
            return "ItemAdded";
        case ShopperMessage::ItemRemoved:
            return "ItemRemoved";
        case ShopperMessage::QuantityChanged:
            return "QuantityChanged";
        case ShopperMessage::UnknownItem:
            return "UnknownItem";
        case ShopperMessage::AgeCheckNeeded:
            return "AgeCheckNeeded";
        case ShopperMessage::AgeApproved:
            return "AgeApproved";
        case ShopperMessage::AgeRefused:
            return "AgeRefused";
        case ShopperMessage::RestrictedNotAllowed:
            return "RestrictedNotAllowed";
        case ShopperMessage::PlaceItemOnScale:
            return "PlaceItemOnScale";
        case ShopperMessage::WeightNotValid:
            return "WeightNotValid";
        case ShopperMessage::AttendantApprovalNeeded:
            return "AttendantApprovalNeeded";
        case ShopperMessage::HelpComing:
            return "HelpComing";
        case ShopperMessage::PriceOverridden:
            return "PriceOverridden";
        case ShopperMessage::PaymentWaiting:
            return "PaymentWaiting";
        case ShopperMessage::PaymentCancelling:
            return "PaymentCancelling";
        case ShopperMessage::PaymentDeclined:
            return "PaymentDeclined";
        case ShopperMessage::PaymentCancelled:
            return "PaymentCancelled";
        case ShopperMessage::PaymentCompleting:
            return "PaymentCompleting";
        case ShopperMessage::CallStaff:
            return "CallStaff";
        case ShopperMessage::ChooseReceipt:
            return "ChooseReceipt";
        case ShopperMessage::ThankYou:
            return "ThankYou";
        case ShopperMessage::TransactionCancelled:
            return "TransactionCancelled";
        case ShopperMessage::CartRestored:
            return "CartRestored";
        case ShopperMessage::DiscountApplied:
            return "DiscountApplied";
        case ShopperMessage::TransactionSuspended:
            return "TransactionSuspended";
        case ShopperMessage::CartResumed:
            return "CartResumed";
        case ShopperMessage::ResumeFailed:
            return "ResumeFailed";
    }
    return "?";
}

std::string_view paymentStatusName(PaymentStatus status) {
    switch (status) {
        case PaymentStatus::Idle:
            return "Idle";
        case PaymentStatus::Waiting:
            return "Waiting";
        case PaymentStatus::Aborting:
            return "Aborting";
        case PaymentStatus::Declined:
            return "Declined";
        case PaymentStatus::Completing:
            return "Completing";
        case PaymentStatus::PartiallyPaid:
            return "PartiallyPaid";
    }
    return "?";
}

}  // namespace kiosk
