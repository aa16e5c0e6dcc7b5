// Every state of the checkout machine (each phase, locked, warned and pending variants) against
// every event type: the documented transition or a clear refusal, never a crash.
#include "kiosk/core/checkout_machine.hpp"

#include <gtest/gtest.h>

#include "checkout_fixtures.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiosk {
namespace {

using namespace testing;  // NOLINT: the shared checkout fixtures
Tender tender(int64_t amount) {
    Tender t;
    t.method = "card";
    t.amount = amount;
    return t;
}

// --- one representative instance per event type. A new alternative of Event without an
// overload here does not compile.
Tick sample(std::type_identity<Tick>) {
    return {};
}
Touch sample(std::type_identity<Touch>) {
    return {"sale-new"};
}
LanguageChosen sample(std::type_identity<LanguageChosen>) {
    return {"id"};
}
BarcodeScanned sample(std::type_identity<BarcodeScanned>) {
    return {kBreadCode, "]E0", "sale-new"};
}
ItemPicked sample(std::type_identity<ItemPicked>) {
    return {bread(), "sale-new"};
}
WeightStable sample(std::type_identity<WeightStable>) {
    return {500};
}
CancelWeighing sample(std::type_identity<CancelWeighing>) {
    return {};
}
ReviewPressed sample(std::type_identity<ReviewPressed>) {
    return {};
}
BackToShopping sample(std::type_identity<BackToShopping>) {
    return {};
}
ChangeQuantity sample(std::type_identity<ChangeQuantity>) {
    return {1, 3};
}
RemoveLine sample(std::type_identity<RemoveLine>) {
    return {1};
}
HelpPressed sample(std::type_identity<HelpPressed>) {
    return {};
}
PayPressed sample(std::type_identity<PayPressed>) {
    return {};
}
CancelPayment sample(std::type_identity<CancelPayment>) {
    return {};
}
ReceiptChosen sample(std::type_identity<ReceiptChosen>) {
    return {ReceiptChoice::Print};
}
StillHere sample(std::type_identity<StillHere>) {
    return {};
}
CancelTransaction sample(std::type_identity<CancelTransaction>) {
    return {};
}
AttendantApproveAge sample(std::type_identity<AttendantApproveAge>) {
    return {"staff-1", AgeCheckMethod::IdViewed};
}
AttendantRefuseAge sample(std::type_identity<AttendantRefuseAge>) {
    return {"staff-1"};
}
AttendantApproveEdit sample(std::type_identity<AttendantApproveEdit>) {
    return {"staff-1"};
}
AttendantVoidLine sample(std::type_identity<AttendantVoidLine>) {
    return {"staff-1", 1, "damaged"};
}
AttendantOverridePrice sample(std::type_identity<AttendantOverridePrice>) {
    return {"staff-1", 1, 1'000, "shelf-price"};
}
AttendantClearLock sample(std::type_identity<AttendantClearLock>) {
    return {"staff-1", LockKind::Intervention};
}
AttendantCancelTransaction sample(std::type_identity<AttendantCancelTransaction>) {
    return {"staff-1", "other"};
}
AttendantRaiseIntervention sample(std::type_identity<AttendantRaiseIntervention>) {
    return {"staff-1", "check bag", LockKind::Intervention};
}
AttendantDiscountLine sample(std::type_identity<AttendantDiscountLine>) {
    return {"staff-1", 1, 20, "damaged"};
}
const std::string kSuspendCode = "12345678";
const std::string kResumeCode = "87654321";
AttendantSuspendTransaction sample(std::type_identity<AttendantSuspendTransaction>) {
    return {"staff-1", kSuspendCode};
}
ResumeSuspended sample(std::type_identity<ResumeSuspended>) {
    return {kResumeCode, ""};
}
LookupResult sample(std::type_identity<LookupResult>) {
    return {kBreadCode, bread()};
}
PaymentApproved sample(std::type_identity<PaymentApproved>) {
    return {tender(15'000)};
}
PaymentDeclined sample(std::type_identity<PaymentDeclined>) {
    return {DeclineReason::Refused, "Refusal"};
}
PaymentCancelled sample(std::type_identity<PaymentCancelled>) {
    return {};
}
PaymentFailed sample(std::type_identity<PaymentFailed>) {
    return {"connection refused"};
}
SaleCommitted sample(std::type_identity<SaleCommitted>) {
    return {42};
}
SaleCommitFailed sample(std::type_identity<SaleCommitFailed>) {
    return {"disk full"};
}
CartRestored sample(std::type_identity<CartRestored>) {
    Cart cart;
    (void)cart.addUnits(bread(), kBreadCode, 2);
    return {"sale-restored", kT0 - 1'000, "en", cart};
}
CartSuspended sample(std::type_identity<CartSuspended>) {
    return {kSuspendCode};
}
SuspendFailed sample(std::type_identity<SuspendFailed>) {
    return {"disk full"};
}
SuspendedLoaded sample(std::type_identity<SuspendedLoaded>) {
    Cart cart;
    (void)cart.addUnits(bread(), kBreadCode, 3);
    return {kResumeCode, "sale-suspended", kT0 - 5'000, "id", cart};
}
SuspendedNotFound sample(std::type_identity<SuspendedNotFound>) {
    return {kResumeCode, "no suspended transaction has this code"};
}

template <size_t... I>
std::vector<Event> allSamples(std::index_sequence<I...>) {
    return {Event{sample(std::type_identity<std::variant_alternative_t<I, Event>>{})}...};
}
std::vector<Event> allSamples() {
    return allSamples(std::make_index_sequence<std::variant_size_v<Event>>{});
}

// --- the states, built by driving the machine as a shopper, attendant and devices would.
struct Named {
    std::string name;
    CheckoutState state;
};

class Builder {
  public:
    explicit Builder(const CheckoutMachine& m) : m_(m), s_(m.initialState()) {}
    Builder& go(const Event& e) {
        now_ += 100;
        Step step = m_.handle(s_, e, now_);
        EXPECT_TRUE(step.accepted()) << "building: " << eventName(e)
                                     << " refused: " << (step.refusal ? step.refusal->reason : "");
        s_ = step.state;
        return *this;
    }
    Builder& scan(const Product& p) {
        return go(BarcodeScanned{p.gtin, "]E0", "sale-1"}).go(LookupResult{p.gtin, p});
    }
    Builder& wait(Millis ms) {
        now_ += ms;
        return go(Tick{});
    }
    CheckoutState state() const { return s_; }

  private:
    const CheckoutMachine& m_;
    CheckoutState s_;
    Timestamp now_ = kT0;
};

std::vector<Named> buildStates(const CheckoutMachine& m) {
    auto fresh = [&] { return Builder(m); };
    auto shopping = [&] { return fresh().scan(bread()); };
    auto shoppingAge = [&] { return shopping().scan(beer()); };
    auto paying = [&] { return shopping().go(PayPressed{}); };
    auto completing = [&] { return paying().go(PaymentApproved{tender(15'000)}); };
    auto receipt = [&] { return completing().go(SaleCommitted{1}); };
    auto partial = [&] { return paying().go(PaymentApproved{tender(5'000)}); };
    std::vector<Named> states = {
        {"Attract", fresh().state()},
        {"Attract+Help", fresh().go(HelpPressed{}).state()},
        {"Shopping(empty)", fresh().go(Touch{"sale-1"}).state()},
        {"Shopping", shopping().state()},
        {"Shopping+Warning", shopping().wait(60'000).state()},
        {"Shopping+Lookup", shopping().go(BarcodeScanned{kBreadCode, "]E0", ""}).state()},
        {"Shopping+Weighing", shopping().go(ItemPicked{bananas(), ""}).state()},
        {"Shopping+Help", shopping().go(HelpPressed{}).state()},
        {"Shopping+AgeCheck", shoppingAge().state()},
        {"Shopping+Unknown", shopping()
                                 .go(BarcodeScanned{kUnknownCode, "]E0", ""})
                                 .go(LookupResult{kUnknownCode, std::nullopt})
                                 .state()},
        {"Shopping+Intervention",
         shopping().go(AttendantRaiseIntervention{"staff-1", "check"}).state()},
        {"Shopping+EditPending", {}},  // only when removal needs an attendant
        {"Review", shopping().go(ReviewPressed{}).state()},
        {"Review+AgeCheck", shoppingAge().go(ReviewPressed{}).state()},
        {"Paying(waiting)", paying().state()},
        {"Paying(aborting)", paying().go(CancelPayment{}).state()},
        {"Paying(declined)", paying().go(PaymentDeclined{DeclineReason::Refused, ""}).state()},
        {"Paying(declined)+Warning",
         paying().go(PaymentDeclined{DeclineReason::Refused, ""}).wait(60'000).state()},
        {"Paying(completing)", completing().state()},
        {"Paying(commit failed)", completing().go(SaleCommitFailed{"disk full"}).state()},
        {"Receipt", receipt().state()},
        {"Finished", receipt().go(ReceiptChosen{ReceiptChoice::None}).state()},
        {"Paying(partial)", partial().state()},
        {"Paying(partial, waiting)", partial().go(PayPressed{}).state()},
        {"Paying(partial, declined)",
         partial().go(PayPressed{}).go(PaymentDeclined{DeclineReason::Refused, ""}).state()},
        {"Paying(partial)+Inactive", partial().wait(60'000).wait(20'000).state()},
        {"Suspending", shopping().go(AttendantSuspendTransaction{"staff-1", kSuspendCode}).state()},
        {"Resuming", fresh().go(ResumeSuspended{kResumeCode, "staff-1"}).state()},
    };
    if (m.config().removalNeedsAttendant)
        states[11].state = shopping().go(RemoveLine{1}).state();
    else
        states.erase(states.begin() + 11);
    return states;
}

// --- what each event does in each state: the phase after it (A Attract, S Shopping, R Review,
// P Paying, C reCeipt, F Finished) or '-' for a refusal. Spaces are for reading only.
// Columns, in buildStates order:
//   A  Attract            a  Attract+Help        e  Shopping(empty)     s  Shopping
//   w  +Warning           l  +Lookup             g  +Weighing           h  +Help
//   y  +AgeCheck          u  +Unknown            i  +Intervention       d  +EditPending
//   R  Review             r  Review+AgeCheck     W  Paying waiting      B  aborting
//   D  declined           V  declined+Warning    K  completing          X  commit failed
//   c  Receipt            F  Finished
//   p  Paying partial     q  partial, waiting    x  partial, declined   z  partial+inactive
//   t  Suspending (Shopping, SuspendCart sent)  o  Resuming (Attract, LoadSuspended sent)
struct Row {
    std::string_view event;
    std::string_view expect;
};
// clang-format off
constexpr std::array<Row, std::variant_size_v<Event>> kTable = {{
    //                              A a  e s w l g h y u i d  R r  W B D V K X  c F  p q x z  t o
    {"Tick",                       "A A  S S S S S S S S S S  R R  P P P P P P  C F  P P P P  S A"},
    {"Touch",                      "S S  S S S S S S S S S S  R R  - - - - - -  - A  - - - -  - -"},
    {"LanguageChosen",             "A A  S S S S S S S S S S  R R  P P P P P P  C F  P P P P  - A"},
    {"BarcodeScanned",             "S S  S S S S S S S S S S  S S  - - - - - -  - S  - - - -  - -"},
    {"ItemPicked",                 "S S  S S S S S S S S S S  S S  - - - - - -  - -  - - - -  - -"},
    {"WeightStable",               "- -  - - - - S - - - - -  - -  - - - - - -  - -  - - - -  - -"},
    {"CancelWeighing",             "- -  - - - - S - - - - -  - -  - - - - - -  - -  - - - -  - -"},
    {"ReviewPressed",              "- -  - R R R R R R R R R  - -  - - - - - -  - -  - - - -  - -"},
    {"BackToShopping",             "- -  - - - - - - - - - -  S S  - - S S - -  - -  - - - -  - -"},
    {"ChangeQuantity",             "- -  - S S S S S S S S S  R R  - - - - - -  - -  - - - -  - -"},
    {"RemoveLine",                 "- -  - S S S S S S S S -  R R  - - - - - -  - -  - - - -  - -"},
    {"HelpPressed",                "A -  S S S S S - S S S S  R R  P P P P P P  C F  P P P P  S A"},
    {"PayPressed",                 "- -  - P P - - - - - - -  P -  - - P P - -  - -  P - P -  - -"},
    {"CancelPayment",              "- -  - - - - - - - - - -  - -  P - R R - -  - -  - P - -  - -"},
    {"ReceiptChosen",              "- -  - - - - - - - - - -  - -  - - - - - -  F -  - - - -  - -"},
    {"StillHere",                  "- -  - - S - - - - - - -  - -  - - - P - -  - -  - - - -  - -"},
    {"CancelTransaction",          "- -  A A A A A - - - - -  A -  - - A A - -  - -  - - - -  - -"},
    {"AttendantApproveAge",        "- -  - - - - - - S - - -  - R  - - - - - -  - -  - - - -  - -"},
    {"AttendantRefuseAge",         "- -  - - - - - - S - - -  - R  - - - - - -  - -  - - - -  - -"},
    {"AttendantApproveEdit",       "- -  - - - - - - - - - S  - -  - - - - - -  - -  - - - -  - -"},
    {"AttendantVoidLine",          "- -  - S S S S S S S S S  R R  - - - - - -  - -  - - - -  - -"},
    {"AttendantOverridePrice",     "- -  - S S S S S S S S S  R R  - - - - - -  - -  - - - -  - -"},
    {"AttendantClearLock",         "- -  - - - - - - - - S S  - -  - - - - - P  - -  - - - P  - -"},
    {"AttendantCancelTransaction", "- -  A A A A A A A A A A  A A  - - A A - -  - -  - - - -  - -"},
    {"AttendantRaiseIntervention", "A A  S S S S S S S S S S  R R  P P P P P P  C F  P P P P  S A"},
    {"AttendantDiscountLine",      "- -  - S S S S S S S S S  R R  - - - - - -  - -  - - - -  - -"},
    {"AttendantSuspendTransaction","- -  - S S - - S S S S S  R R  - - P P - -  - -  - - - -  - -"},
    {"ResumeSuspended",            "A A  S - - - - - - - - -  - -  - - - - - -  - F  - - - -  - -"},
    {"LookupResult",               "- -  - - - S - - - - - -  - -  - - - - - -  - -  - - - -  - -"},
    {"PaymentApproved",            "- -  - - - - - - - - - -  - -  P P - - - -  - -  - P - -  - -"},
    {"PaymentDeclined",            "- -  - - - - - - - - - -  - -  P R - - - -  - -  - P - -  - -"},
    {"PaymentCancelled",           "- -  - - - - - - - - - -  - -  R R - - - -  - -  - P - -  - -"},
    {"PaymentFailed",              "- -  - - - - - - - - - -  - -  P R - - - -  - -  - P - -  - -"},
    {"SaleCommitted",              "- -  - - - - - - - - - -  - -  - - - - C C  - -  - - - -  - -"},
    {"SaleCommitFailed",           "- -  - - - - - - - - - -  - -  - - - - P P  - -  - - - -  - -"},
    {"CartRestored",               "S S  - - - - - - - - - -  - -  - - - - - -  - -  - - - -  - -"},
    {"CartSuspended",              "- -  - - - - - - - - - -  - -  - - - - - -  - -  - - - -  F -"},
    {"SuspendFailed",              "- -  - - - - - - - - - -  - -  - - - - - -  - -  - - - -  S -"},
    {"SuspendedLoaded",            "- -  - - - - - - - - - -  - -  - - - - - -  - -  - - - -  - S"},
    {"SuspendedNotFound",          "- -  - - - - - - - - - -  - -  - - - - - -  - -  - - - -  - A"},
}};
// clang-format on
constexpr size_t kEditPendingColumn = 11;

std::string compact(std::string_view row) {
    std::string out;
    for (char c : row)
        if (c != ' ')
            out += c;
    return out;
}

char phaseLetter(Phase p) {
    switch (p) {
        case Phase::Attract:
            return 'A';
        case Phase::Shopping:
            return 'S';
        case Phase::Review:
            return 'R';
        case Phase::Paying:
            return 'P';
        case Phase::Receipt:
            return 'C';
        case Phase::Finished:
            return 'F';
    }
    return '?';
}

template <typename T>
bool has(const std::vector<Command>& commands) {
    for (const auto& c : commands)
        if (std::holds_alternative<T>(c))
            return true;
    return false;
}

// Every lock is an intervention the app records from AlertAttendant to ClearAttendantAlert: a
// lock that appears is alerted, a lock that goes away is cleared exactly once (by someone, in
// some way), and a lock that stays is not cleared.
void checkLockPairing(const CheckoutState& before, const Step& step, const std::string& where) {
    const CheckoutState& s = step.state;
    for (int k = 0; k <= static_cast<int>(LockKind::Intervention); ++k) {
        const auto kind = static_cast<LockKind>(k);
        int alerts = 0;
        int clears = 0;
        for (const auto& c : step.commands) {
            if (auto* a = std::get_if<AlertAttendant>(&c); a && a->kind == kind) {
                ++alerts;
                const AttendantLock* lock = findLock(s, kind);
                EXPECT_TRUE(lock != nullptr) << where << ": alert without a lock";
                if (lock) {
                    EXPECT_EQ(a->since, lock->since) << where;
                    EXPECT_EQ(a->reason, lock->reason) << where;
                }
                EXPECT_EQ(a->saleUuid, s.saleUuid) << where;
            }
            if (auto* c2 = std::get_if<ClearAttendantAlert>(&c); c2 && c2->kind == kind) {
                ++clears;
                EXPECT_FALSE(c2->staffId.empty()) << where << ": a lock cleared by nobody";
                EXPECT_FALSE(c2->how.empty()) << where << ": a lock cleared somehow";
            }
        }
        const bool was = hasLock(before, kind);
        const bool is = hasLock(s, kind);
        const std::string what = where + " " + std::string(lockKindName(kind));
        if (was && !is) {
            EXPECT_EQ(clears, 1) << what << ": a lock went away without exactly one clear";
            EXPECT_EQ(alerts, 0) << what;
        } else if (!was && is) {
            EXPECT_GE(alerts, 1) << what << ": a lock appeared without an alert";
            EXPECT_EQ(clears, 0) << what;
        } else if (was && is) {
            EXPECT_EQ(clears, 0) << what << ": a lock still up was reported cleared";
            EXPECT_EQ(findLock(s, kind)->since, findLock(before, kind)->since) << what;
        } else {
            EXPECT_EQ(clears, 0) << what << ": no lock to clear";
            EXPECT_EQ(alerts, 0) << what;
        }
    }
}

// Properties every accepted step keeps, whatever the event.
void checkInvariants(const CheckoutState& before, const Step& step, Timestamp now,
                     const std::string& where) {
    const CheckoutState& s = step.state;
    for (size_t i = 1; i < s.locks.size(); ++i)
        EXPECT_LT(s.locks[i - 1].kind, s.locks[i].kind) << where << ": locks unordered or twice";
    for (const auto& l : s.locks) {
        if (l.kind == LockKind::AgeCheckPending || l.kind == LockKind::UnknownItem) {
            EXPECT_TRUE(s.phase == Phase::Shopping || s.phase == Phase::Review) << where;
        }
    }
    if (s.phase == Phase::Attract) {
        EXPECT_TRUE(s.cart.empty()) << where;
        EXPECT_TRUE(s.saleUuid.empty()) << where;
    } else {
        EXPECT_FALSE(s.saleUuid.empty()) << where;
    }
    EXPECT_EQ(s.clock, std::max(now, before.clock)) << where;
    if (has<StartPayment>(step.commands)) {
        EXPECT_TRUE(before.locks.empty()) << where << ": payment started under a lock";
        EXPECT_FALSE(before.cart.empty()) << where;
    }
    if (before.phase == Phase::Paying &&
        (before.payment.status != PaymentStatus::Declined || !before.payment.tenders.empty())) {
        EXPECT_EQ(s.cart, before.cart) << where << ": the cart changed during a payment";
    }
    if (before.phase == Phase::Paying && !before.payment.tenders.empty()) {
        // A tender taken is never dropped: the sale stays in Paying or is committed.
        EXPECT_TRUE(s.phase == Phase::Paying || s.phase == Phase::Receipt)
            << where << ": a partly paid sale was dropped";
        if (s.phase == Phase::Paying) {
            ASSERT_GE(s.payment.tenders.size(), before.payment.tenders.size()) << where;
            EXPECT_TRUE(std::equal(before.payment.tenders.begin(), before.payment.tenders.end(),
                                   s.payment.tenders.begin()))
                << where;
        }
    }
    for (const auto& c : step.commands) {
        if (auto* done = std::get_if<CompleteSale>(&c)) {
            int64_t sum = 0;
            for (const auto& t : done->sale.tenders)
                sum += t.amount;
            // A terminal approving more than asked is recorded as it is, under an Intervention.
            if (!hasLock(s, LockKind::PaymentProblem) && done->sale.total > 0) {
                EXPECT_EQ(sum, done->sale.total) << where << ": tenders do not add up";
            }
        }
    }
    if (transactionOpen(s) && s.saleUuid == before.saleUuid && !(s.cart == before.cart)) {
        bool persisted = false;
        for (const auto& c : step.commands)
            if (auto* p = std::get_if<PersistCart>(&c))
                persisted = p->cart == s.cart;
        EXPECT_TRUE(persisted) << where << ": cart changed without PersistCart";
    }
    if (before.phase != Phase::Attract && s.phase == Phase::Attract) {
        EXPECT_TRUE(has<ClearPersistedCart>(step.commands)) << where;
    }
    if (before.phase == Phase::Paying && before.payment.status == PaymentStatus::Completing) {
        EXPECT_TRUE(s.phase == Phase::Paying || s.phase == Phase::Receipt)
            << where << ": a paid sale was dropped";
    }
    checkLockPairing(before, step, where);
}

void sweep(const CheckoutConfig& config) {
    const CheckoutMachine m(makeSetup(config));
    const std::vector<Named> states = buildStates(m);
    const std::vector<Event> events = allSamples();
    ASSERT_EQ(events.size(), kTable.size());
    int accepted = 0;
    int refused = 0;
    for (size_t e = 0; e < events.size(); ++e) {
        ASSERT_EQ(eventName(events[e]), kTable[e].event) << "table row " << e << " out of order";
        std::string expect = compact(kTable[e].expect);
        ASSERT_EQ(expect.size(), 28u) << kTable[e].event;
        if (!config.removalNeedsAttendant)
            expect.erase(kEditPendingColumn, 1);
        ASSERT_EQ(expect.size(), states.size());
        for (size_t s = 0; s < states.size(); ++s) {
            const CheckoutState& before = states[s].state;
            const std::string where = states[s].name + " x " + std::string(kTable[e].event);
            const Timestamp now = before.clock + 1;
            const Step step = m.handle(before, events[e], now);
            if (expect[s] == '-') {
                ++refused;
                EXPECT_FALSE(step.accepted()) << where << " should be refused";
                if (step.accepted())
                    continue;
                EXPECT_FALSE(step.refusal->reason.empty()) << where;
                EXPECT_EQ(step.state, before) << where << ": a refusal changed the state";
                EXPECT_TRUE(step.commands.empty()) << where << ": a refusal emitted commands";
            } else {
                ++accepted;
                EXPECT_TRUE(step.accepted())
                    << where << " refused: " << refusalCodeName(step.refusal->code) << " "
                    << step.refusal->reason;
                if (!step.accepted())
                    continue;
                EXPECT_EQ(phaseLetter(step.state.phase), expect[s])
                    << where << " went to " << phaseName(step.state.phase);
                checkInvariants(before, step, now, where);
            }
        }
    }
    // Both kinds of outcome are exercised in quantity, so a table of dashes cannot pass.
    EXPECT_GT(accepted, 200);
    EXPECT_GT(refused, 300);
}

TEST(CheckoutMachine, EveryStateTimesEveryEvent) {
    sweep(CheckoutConfig{});
}

TEST(CheckoutMachine, EveryStateTimesEveryEventWhenRemovalNeedsAttendant) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    sweep(config);
}

TEST(CheckoutMachine, BuiltStatesAreTheOnesNamed) {
    const CheckoutMachine m(makeSetup({.removalNeedsAttendant = true}, "s", "k"));
    const auto states = buildStates(m);
    ASSERT_EQ(states.size(), 28u);
    EXPECT_EQ(states[4].state.inactivity.warning, true);
    EXPECT_EQ(states[5].state.pendingLookups.size(), 1u);
    EXPECT_TRUE(states[6].state.pendingWeight.has_value());
    EXPECT_TRUE(hasLock(states[7].state, LockKind::HelpRequested));
    EXPECT_TRUE(hasLock(states[8].state, LockKind::AgeCheckPending));
    EXPECT_TRUE(hasLock(states[9].state, LockKind::UnknownItem));
    EXPECT_TRUE(hasLock(states[10].state, LockKind::Intervention));
    EXPECT_TRUE(states[11].state.pendingEdit.has_value());
    EXPECT_EQ(states[14].state.payment.status, PaymentStatus::Waiting);
    EXPECT_EQ(states[15].state.payment.status, PaymentStatus::Aborting);
    EXPECT_EQ(states[16].state.payment.status, PaymentStatus::Declined);
    EXPECT_FALSE(states[16].state.inactivity.warning);
    EXPECT_EQ(states[17].state.payment.status, PaymentStatus::Declined);
    EXPECT_TRUE(states[17].state.inactivity.warning);
    EXPECT_EQ(states[18].state.payment.status, PaymentStatus::Completing);
    EXPECT_TRUE(states[19].state.payment.commitFailed);
    EXPECT_EQ(states[20].state.phase, Phase::Receipt);
    EXPECT_EQ(states[21].state.phase, Phase::Finished);
    EXPECT_EQ(states[22].state.payment.status, PaymentStatus::PartiallyPaid);
    EXPECT_EQ(states[22].state.payment.paid, 5'000);
    EXPECT_EQ(states[23].state.payment.status, PaymentStatus::Waiting);
    EXPECT_EQ(states[23].state.payment.amount, 10'000);
    EXPECT_EQ(states[24].state.payment.status, PaymentStatus::Declined);
    EXPECT_EQ(states[24].state.payment.tenders.size(), 1u);
    EXPECT_TRUE(hasLock(states[25].state, LockKind::Intervention));
    EXPECT_EQ(states[25].state.payment.status, PaymentStatus::PartiallyPaid);
    EXPECT_EQ(states[26].state.suspending, kSuspendCode);
    EXPECT_EQ(states[26].state.phase, Phase::Shopping);
    EXPECT_EQ(states[27].state.resuming, kResumeCode);
    EXPECT_EQ(states[27].state.phase, Phase::Attract);
    for (const auto& s : states)
        EXPECT_EQ(s.state.locks.size() <= 1, true) << s.name;
    for (size_t i = 0; i < 22; ++i)
        EXPECT_TRUE(states[i].state.payment.tenders.empty()) << states[i].name;
}

// Random walks: long sequences of events with odd values, checking the invariants at every
// step. Deterministic (fixed seed) so a failure reproduces.
TEST(CheckoutMachine, RandomWalksKeepInvariants) {
    for (bool policy : {false, true}) {
        CheckoutConfig config;
        config.removalNeedsAttendant = policy;
        const CheckoutMachine m(makeSetup(config));
        std::mt19937 rng(policy ? 7 : 11);
        const std::vector<Event> samples = allSamples();
        CheckoutState state = m.initialState();
        Timestamp now = kT0;
        int uuid = 0;
        std::set<Phase> visited;
        for (int i = 0; i < 20'000; ++i) {
            visited.insert(state.phase);
            Event e = samples[rng() % samples.size()];
            // A partly paid sale has no way out but paying the rest, so nudge the walk the way
            // the refusals tell the attendant to (clear the lock, take the rest) or it sticks.
            if (!state.payment.tenders.empty() && rng() % 2 == 0) {
                if (!state.locks.empty())
                    e = AttendantClearLock{"staff-1", state.locks.front().kind};
                else if (state.payment.status == PaymentStatus::Waiting)
                    e = PaymentApproved{tender(0)};
                else
                    e = PayPressed{};
            }
            // Vary the values so refusals and edge cases are reached too.
            if (auto* t = std::get_if<Touch>(&e))
                t->saleUuid = "s" + std::to_string(++uuid);
            if (auto* b = std::get_if<BarcodeScanned>(&e)) {
                b->saleUuid = "s" + std::to_string(++uuid);
                if (rng() % 3 == 0)
                    b->code = kBeerCode;
                if (rng() % 5 == 0)
                    b->code = kUnknownCode;
            }
            if (auto* l = std::get_if<LookupResult>(&e)) {
                if (!state.pendingLookups.empty())
                    l->code = state.pendingLookups.front();
                if (l->code == kBeerCode)
                    l->product = beer();
                if (l->code == kUnknownCode)
                    l->product.reset();
            }
            if (auto* p = std::get_if<ItemPicked>(&e)) {
                p->saleUuid = "s" + std::to_string(++uuid);
                if (rng() % 2)
                    p->product = bananas();
            }
            if (auto* q = std::get_if<ChangeQuantity>(&e)) {
                q->lineId = static_cast<int64_t>(rng() % 4);
                q->quantity = static_cast<int64_t>(rng() % 5);
            }
            if (auto* r = std::get_if<RemoveLine>(&e))
                r->lineId = static_cast<int64_t>(rng() % 4);
            if (auto* w = std::get_if<WeightStable>(&e))
                w->grams = static_cast<int64_t>(rng() % 3) * 400;
            if (auto* c = std::get_if<AttendantClearLock>(&e))
                c->kind = static_cast<LockKind>(rng() % 7);
            if (auto* r = std::get_if<AttendantRaiseIntervention>(&e))
                r->kind = static_cast<LockKind>(rng() % 7);
            if (auto* d = std::get_if<AttendantDiscountLine>(&e)) {
                d->lineId = static_cast<int64_t>(rng() % 4);
                d->percent = static_cast<int64_t>(rng() % 120);
            }
            // Storage answers what was asked (mostly), so suspend and resume complete.
            if (auto* c = std::get_if<CartSuspended>(&e); c && !state.suspending.empty())
                c->code = state.suspending;
            if (auto* l = std::get_if<SuspendedLoaded>(&e); l && !state.resuming.empty()) {
                l->code = state.resuming;
                if (rng() % 2)
                    (void)l->cart.addUnits(beer(), kBeerCode, 1);
            }
            if (auto* n = std::get_if<SuspendedNotFound>(&e); n && !state.resuming.empty())
                n->code = state.resuming;
            if (auto* r = std::get_if<ResumeSuspended>(&e))
                r->code = std::to_string(10'000'000 + rng() % 90'000'000);
            if (auto* a = std::get_if<PaymentApproved>(&e)) {
                a->tender.amount = state.payment.amount;
                if (rng() % 3 == 0 && a->tender.amount > 1)  // a partial approval
                    a->tender.amount /= 2;
            }
            now += static_cast<Timestamp>(rng() % 30'000);
            const Step step = m.handle(state, e, now);
            const std::string where = "step " + std::to_string(i) + " " +
                                      std::string(eventName(e)) + " in " +
                                      std::string(phaseName(state.phase));
            if (step.accepted()) {
                checkInvariants(state, step, now, where);
                state = step.state;
            } else {
                ASSERT_FALSE(step.refusal->reason.empty()) << where;
                ASSERT_EQ(step.state, state) << where;
                ASSERT_TRUE(step.commands.empty()) << where;
            }
            if (::testing::Test::HasFailure())
                return;
        }
        EXPECT_EQ(visited.size(), 6u) << "the walk should reach every phase";
    }
}

}  // namespace
}  // namespace kiosk
