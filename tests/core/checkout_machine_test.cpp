// Scenario tests of the checkout state machine: whole checkouts, locks, timers and payment races.
// The state x event sweep lives in checkout_exhaustive_test.cpp.
#include "kiosk/core/checkout_machine.hpp"

#include <gtest/gtest.h>

#include "checkout_fixtures.hpp"
#include "checkout_kiosk.hpp"

#include <string>
#include <vector>

namespace kiosk {
namespace {

using namespace testing;  // NOLINT: the shared checkout fixtures

TEST(CheckoutMachine, HappyPathFromAttractBackToAttract) {
    Kiosk k;
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_EQ(k.state().language, "en");

    auto c = k.ok(BarcodeScanned{kBreadCode, "]E0", "sale-1"});
    EXPECT_EQ(names(c), (Names{"PersistCart", "LookUpProduct"}));
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().saleUuid, "sale-1");
    EXPECT_EQ(k.state().startedAt, kT0 + 100);
    EXPECT_EQ(find<PersistCart>(c)->saleUuid, "sale-1");
    EXPECT_TRUE(find<PersistCart>(c)->cart.empty());
    EXPECT_EQ(find<LookUpProduct>(c)->code, kBreadCode);
    EXPECT_EQ(find<LookUpProduct>(c)->symbology, "]E0");

    c = k.ok(LookupResult{kBreadCode, bread()});
    EXPECT_EQ(names(c), (Names{"PersistCart", "PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Good);
    EXPECT_EQ(find<PersistCart>(c)->cart.lines().size(), 1u);
    EXPECT_EQ(k.state().newestLineId, 1);
    EXPECT_EQ(k.state().priced.total, 15'000);
    EXPECT_EQ(k.state().message, ShopperMessage::ItemAdded);

    c = k.ok(BarcodeScanned{kBreadCode, "]E0", ""});  // same item again merges
    c = k.ok(LookupResult{kBreadCode, bread()});
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_EQ(k.state().cart.lines()[0].quantity, 2);
    EXPECT_EQ(k.state().priced.total, 30'000);

    EXPECT_TRUE(k.ok(ReviewPressed{}).empty());
    EXPECT_EQ(k.state().phase, Phase::Review);

    c = k.ok(PayPressed{});
    EXPECT_EQ(names(c), (Names{"PersistCart", "StartPayment"}));
    const auto* start = find<StartPayment>(c);
    EXPECT_EQ(start->saleUuid, "sale-1");
    EXPECT_EQ(start->amount, 30'000);
    EXPECT_EQ(start->currency, currencyIdr());
    EXPECT_EQ(start->attempt, 1);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Waiting);

    const Timestamp paidAt = k.now() + 100;
    c = k.ok(PaymentApproved{cardTender(30'000)});
    EXPECT_EQ(names(c), (Names{"CompleteSale", "PlaySound"}));
    const SaleRecord& sale = find<CompleteSale>(c)->sale;
    EXPECT_EQ(sale.saleUuid, "sale-1");
    EXPECT_EQ(sale.storeId, "store-1");
    EXPECT_EQ(sale.kioskId, "kiosk-1");
    EXPECT_EQ(sale.startedAt, kT0 + 100);
    EXPECT_EQ(sale.endedAt, paidAt);
    EXPECT_EQ(sale.total, 30'000);
    EXPECT_EQ(sale.language, "en");
    ASSERT_EQ(sale.lines.size(), 1u);
    EXPECT_EQ(sale.lines[0].quantity, 2);
    ASSERT_EQ(sale.tenders.size(), 1u);
    EXPECT_EQ(sale.tenders[0], cardTender(30'000));
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Completing);

    EXPECT_TRUE(k.ok(SaleCommitted{7}).empty());
    EXPECT_EQ(k.state().phase, Phase::Receipt);
    EXPECT_EQ(k.state().receiptNo, 7);
    ASSERT_TRUE(k.state().lastSale.has_value());
    EXPECT_EQ(k.state().lastSale->outcome, SaleOutcome::Completed);
    EXPECT_EQ(k.state().lastSale->total, 30'000);

    c = k.ok(ReceiptChosen{ReceiptChoice::Print});
    EXPECT_EQ(names(c), (Names{"PrintReceipt"}));
    EXPECT_EQ(find<PrintReceipt>(c)->receiptNo, 7);
    EXPECT_EQ(find<PrintReceipt>(c)->saleUuid, "sale-1");
    EXPECT_EQ(k.state().phase, Phase::Finished);

    const Timestamp finishedAt = k.now();
    EXPECT_TRUE(k.tickAt(finishedAt + 4'999).empty());
    EXPECT_EQ(k.state().phase, Phase::Finished);
    c = k.tickAt(finishedAt + 5'000);
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_TRUE(k.state().cart.empty());
    EXPECT_TRUE(k.state().saleUuid.empty());
    EXPECT_EQ(k.state().lastSale->receiptNo, 7);
}

TEST(CheckoutMachine, TouchStartsTransactionWithCallersUuid) {
    Kiosk k;
    k.refused(Touch{""}, RefusalCode::InvalidInput);
    auto c = k.ok(Touch{"sale-1"});
    EXPECT_EQ(names(c), (Names{"PersistCart"}));
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().message, ShopperMessage::Welcome);
    // A touch inside a transaction is only input.
    EXPECT_TRUE(k.ok(Touch{"ignored"}).empty());
    EXPECT_EQ(k.state().saleUuid, "sale-1");
    // The uuid of the sale that just ended is refused for the next one.
    k.ok(CancelTransaction{});
    k.refused(Touch{"sale-1"}, RefusalCode::InvalidInput);
    k.ok(Touch{"sale-2"});
}

TEST(CheckoutMachine, EveryLockKindBlocksPayUntilCleared) {
    struct Case {
        LockKind kind;
        std::function<void(Kiosk&)> raise;
        std::function<void(Kiosk&)> clear;
    };
    const std::vector<Case> cases = {
        {LockKind::HelpRequested, [](Kiosk& k) { k.ok(HelpPressed{}); },
         [](Kiosk& k) {
             k.ok(AttendantClearLock{"staff-1", LockKind::HelpRequested});
         }},
        {LockKind::AgeCheckPending, [](Kiosk& k) { k.scan(beer()); },
         [](Kiosk& k) {
             k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
         }},
        {LockKind::UnknownItem,
         [](Kiosk& k) {
             k.ok(BarcodeScanned{kUnknownCode, "]E0", ""});
             k.ok(LookupResult{kUnknownCode, std::nullopt});
         },
         [](Kiosk& k) {
             k.ok(AttendantClearLock{"staff-1", LockKind::UnknownItem});
         }},
        {LockKind::Intervention,
         [](Kiosk& k) {
             k.ok(AttendantRaiseIntervention{"staff-1", "bag check"});
         },
         [](Kiosk& k) {
             k.ok(AttendantClearLock{"staff-1", LockKind::Intervention});
         }},
    };
    for (const auto& tc : cases) {
        SCOPED_TRACE(std::string(lockKindName(tc.kind)));
        Kiosk k;
        k.scan(bread());
        tc.raise(k);
        ASSERT_TRUE(hasLock(k.state(), tc.kind));
        EXPECT_EQ(k.state().locks.size(), 1u);
        Refusal r = k.refused(PayPressed{}, RefusalCode::Locked);
        EXPECT_NE(r.reason.find(lockKindName(tc.kind)), std::string::npos) << r.reason;
        k.ok(ReviewPressed{});
        k.refused(PayPressed{}, RefusalCode::Locked);  // also from Review
        tc.clear(k);
        EXPECT_FALSE(hasLock(k.state(), tc.kind));
        auto c = k.ok(PayPressed{});
        EXPECT_EQ(count<StartPayment>(c), 1);
    }
}

TEST(CheckoutMachine, LocksRaiseAndClearAttendantAlerts) {
    Kiosk k;
    k.scan(bread());
    auto c = k.ok(HelpPressed{});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(find<AlertAttendant>(c)->kind, LockKind::HelpRequested);
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Attention);
    EXPECT_EQ(k.state().message, ShopperMessage::HelpComing);
    k.refused(HelpPressed{}, RefusalCode::AlreadyDone);
    k.refused(AttendantClearLock{"", LockKind::HelpRequested}, RefusalCode::InvalidInput);
    k.refused(AttendantClearLock{"staff-1", LockKind::UnknownItem}, RefusalCode::NoSuchLock);
    c = k.ok(AttendantClearLock{"staff-1", LockKind::HelpRequested});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "AuditLog"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "lock.clear");
    EXPECT_EQ(find<AuditLog>(c)->staffId, "staff-1");
    EXPECT_EQ(find<AuditLog>(c)->at, k.now());
}

TEST(CheckoutMachine, AgeRestrictedItemLocksUntilApproved) {
    Kiosk k;
    k.scan(bread());
    auto c = k.scan(beer());
    EXPECT_EQ(names(c), (Names{"LookUpProduct", "PersistCart", "AlertAttendant", "PlaySound"}));
    EXPECT_EQ(find<AlertAttendant>(c)->kind, LockKind::AgeCheckPending);
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Attention);
    EXPECT_EQ(k.state().cart.lines().size(), 2u);  // the line is added; only payment waits
    EXPECT_EQ(k.state().message, ShopperMessage::AgeCheckNeeded);
    ASSERT_TRUE(hasLock(k.state(), LockKind::AgeCheckPending));
    EXPECT_EQ(findLock(k.state(), LockKind::AgeCheckPending)->since, k.now());

    k.scan(bread());  // the shopper keeps scanning
    EXPECT_EQ(k.state().cart.lines()[0].quantity, 2);
    k.refused(PayPressed{}, RefusalCode::Locked);
    // Clearing is not approving.
    k.refused(AttendantClearLock{"staff-1", LockKind::AgeCheckPending}, RefusalCode::InvalidInput);

    const Timestamp approvedAt = k.now() + 100;
    c = k.ok(AttendantApproveAge{"staff-7", AgeCheckMethod::IdScanned});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "AuditLog"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "age.approve");
    EXPECT_EQ(find<AuditLog>(c)->details, "method=id-scanned age=18");
    ASSERT_TRUE(k.state().ageDecision.has_value());
    EXPECT_EQ(*k.state().ageDecision,
              (AgeDecision{true, 18, "staff-7", AgeCheckMethod::IdScanned, approvedAt}));
    EXPECT_EQ(k.state().message, ShopperMessage::AgeApproved);
    k.ok(PayPressed{});
    EXPECT_EQ(k.state().payment.amount, 2 * 15'000 + 25'000);
}

TEST(CheckoutMachine, AgeApprovalAskedOncePerTransaction) {
    Kiosk k;
    k.scan(beer());
    auto c = k.scan(cigars());  // a second restricted item while the check is pending
    EXPECT_EQ(count<AlertAttendant>(c), 0);
    EXPECT_EQ(k.state().locks.size(), 1u);
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::LooksOverThreshold});
    c = k.scan(beer());  // after approval: no new lock
    EXPECT_EQ(names(c), (Names{"LookUpProduct", "PersistCart", "PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Good);
    EXPECT_TRUE(k.state().locks.empty());
    k.refused(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed}, RefusalCode::NoSuchLock);
    k.payAndCommit(1);
    k.ok(ReceiptChosen{ReceiptChoice::None});
    k.tickAt(k.now() + 5'000);
    ASSERT_EQ(k.state().phase, Phase::Attract);
    EXPECT_FALSE(k.state().ageDecision.has_value());
    // The next transaction asks again.
    k.scan(beer(), "sale-2");
    EXPECT_TRUE(hasLock(k.state(), LockKind::AgeCheckPending));
}

TEST(CheckoutMachine, AgeRefusalRemovesRestrictedItems) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());
    k.scan(cigars());
    k.ok(ReviewPressed{});
    auto c = k.ok(AttendantRefuseAge{"staff-2"});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "PersistCart", "AuditLog", "PlaySound"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "age.refuse");
    EXPECT_NE(find<AuditLog>(c)->details.find("Beer"), std::string::npos);
    EXPECT_NE(find<AuditLog>(c)->details.find("Cigars"), std::string::npos);
    ASSERT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_EQ(k.state().cart.lines()[0].product.id, bread().id);
    EXPECT_EQ(find<PersistCart>(c)->cart, k.state().cart);
    EXPECT_EQ(k.state().priced.total, 15'000);
    EXPECT_TRUE(k.state().locks.empty());
    EXPECT_EQ(k.state().message, ShopperMessage::AgeRefused);
    ASSERT_TRUE(k.state().ageDecision.has_value());
    EXPECT_FALSE(k.state().ageDecision->approved);
    EXPECT_EQ(k.state().phase, Phase::Review);

    // Refused once means refused for this transaction: no new line, no new lock.
    c = k.scan(beer());
    EXPECT_EQ(names(c), (Names{"LookUpProduct", "PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Error);
    EXPECT_EQ(k.state().message, ShopperMessage::RestrictedNotAllowed);
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_TRUE(k.state().locks.empty());
    k.ok(PayPressed{});
}

TEST(CheckoutMachine, RemovingLastRestrictedLineDropsTheAgeCheck) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());
    ASSERT_TRUE(hasLock(k.state(), LockKind::AgeCheckPending));
    auto c = k.ok(RemoveLine{2});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "PersistCart"}));
    EXPECT_TRUE(k.state().locks.empty());
    EXPECT_FALSE(k.state().ageDecision.has_value());
    k.ok(PayPressed{});
}

TEST(CheckoutMachine, UnknownItemLocksAndTellsTheShopper) {
    Kiosk k;
    k.scan(bread());
    k.ok(BarcodeScanned{kUnknownCode, "]E0", ""});
    auto c = k.ok(LookupResult{kUnknownCode, std::nullopt});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(find<AlertAttendant>(c)->kind, LockKind::UnknownItem);
    EXPECT_NE(find<AlertAttendant>(c)->reason.find(kUnknownCode), std::string::npos);
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Error);
    EXPECT_EQ(k.state().message, ShopperMessage::UnknownItem);
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_TRUE(k.state().pendingLookups.empty());
    // An inactive product is not for sale either; the lock stays one lock.
    Product retired = bread();
    retired.active = false;
    k.ok(BarcodeScanned{kBreadCode, "]E0", ""});
    c = k.ok(LookupResult{kBreadCode, retired});
    EXPECT_EQ(count<AlertAttendant>(c), 1);
    EXPECT_EQ(k.state().locks.size(), 1u);
    EXPECT_NE(k.state().locks[0].reason.find("not for sale"), std::string::npos);
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    // A lookup answer nobody asked for is refused.
    k.refused(LookupResult{kUnknownCode, bread()}, RefusalCode::Unexpected);
}

TEST(CheckoutMachine, LookupsCanOverlap) {
    Kiosk k;
    k.ok(BarcodeScanned{kBreadCode, "]E0", "sale-1"});
    k.ok(BarcodeScanned{kBeerCode, "]E0", ""});
    EXPECT_EQ(k.state().pendingLookups.size(), 2u);
    k.refused(PayPressed{}, RefusalCode::EmptyCart);
    k.ok(LookupResult{kBeerCode, beer()});
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
    k.refused(PayPressed{}, RefusalCode::Busy);  // bread is still being looked up
    k.ok(LookupResult{kBreadCode, bread()});
    k.ok(PayPressed{});
}

TEST(CheckoutMachine, WeighedItemWaitsForStableWeight) {
    Kiosk k;
    k.scan(bread());
    k.refused(WeightStable{500}, RefusalCode::Unexpected);
    auto c = k.ok(ItemPicked{bananas(), ""});
    EXPECT_EQ(names(c), (Names{"RequestWeight"}));
    EXPECT_EQ(find<RequestWeight>(c)->productId, bananas().id);
    EXPECT_EQ(k.state().message, ShopperMessage::PlaceItemOnScale);
    ASSERT_TRUE(k.state().pendingWeight.has_value());
    EXPECT_EQ(k.state().pendingWeight->code, "4011");
    k.refused(PayPressed{}, RefusalCode::Busy);

    c = k.ok(WeightStable{0});  // nothing on the scale yet: ask again
    EXPECT_EQ(names(c), (Names{"RequestWeight"}));
    EXPECT_EQ(k.state().message, ShopperMessage::WeightNotValid);
    EXPECT_TRUE(k.state().pendingWeight.has_value());

    c = k.ok(WeightStable{1'250});
    EXPECT_EQ(names(c), (Names{"PersistCart", "PlaySound"}));
    ASSERT_EQ(k.state().cart.lines().size(), 2u);
    EXPECT_EQ(k.state().cart.lines()[1].weightGrams, 1'250);
    EXPECT_EQ(k.state().newestLineId, 2);
    EXPECT_EQ(k.state().priced.total, 15'000 + 37'500);
    EXPECT_FALSE(k.state().pendingWeight.has_value());
    k.refused(WeightStable{1'250}, RefusalCode::Unexpected);  // one reading, one line
    k.refused(ChangeQuantity{2, 3}, RefusalCode::InvalidInput);

    // The shopper may give up on a weighing, or scan something else instead.
    k.ok(ItemPicked{bananas(), ""});
    k.ok(CancelWeighing{});
    EXPECT_FALSE(k.state().pendingWeight.has_value());
    k.refused(CancelWeighing{}, RefusalCode::WrongPhase);
    k.ok(ItemPicked{bananas(), ""});
    k.scan(bread());
    EXPECT_FALSE(k.state().pendingWeight.has_value());
    k.ok(PayPressed{});
}

TEST(CheckoutMachine, InactivityWarnsAndCancelsAtExactBoundaries) {
    Kiosk k;
    k.scan(bread());
    const Timestamp last = k.now();
    EXPECT_EQ(k.machine().nextTimeout(k.state()), last + 60'000);
    EXPECT_TRUE(k.tickAt(last + 59'999).empty());
    EXPECT_FALSE(k.state().inactivity.warning);
    auto c = k.tickAt(last + 60'000);
    EXPECT_EQ(names(c), (Names{"PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Attention);
    EXPECT_TRUE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().inactivity.deadline, last + 80'000);
    EXPECT_EQ(k.machine().nextTimeout(k.state()), last + 80'000);
    EXPECT_TRUE(k.tickAt(last + 79'999).empty());
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    c = k.tickAt(last + 80'000);
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_TRUE(k.state().cart.empty());
    EXPECT_EQ(k.state().message, ShopperMessage::TransactionCancelled);
    ASSERT_TRUE(k.state().lastSale.has_value());
    EXPECT_EQ(k.state().lastSale->outcome, SaleOutcome::Cancelled);
    EXPECT_EQ(k.state().lastSale->saleUuid, "sale-1");
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
}

TEST(CheckoutMachine, SparseTicksStillGiveTheWholeCountdown) {
    Kiosk k;
    k.scan(bread());
    const Timestamp late = k.now() + 500'000;  // the app slept far past both deadlines
    k.tickAt(late);
    EXPECT_TRUE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().inactivity.deadline, late + 20'000);
}

TEST(CheckoutMachine, InputDismissesInactivityWarning) {
    Kiosk k;
    k.scan(bread());
    k.tickAt(k.now() + 60'000);
    ASSERT_TRUE(k.state().inactivity.warning);
    EXPECT_TRUE(k.ok(StillHere{}).empty());
    EXPECT_FALSE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().inactivity.since, k.now());
    k.refused(StillHere{}, RefusalCode::WrongPhase);  // nothing to dismiss now

    k.tickAt(k.now() + 60'000);
    ASSERT_TRUE(k.state().inactivity.warning);
    k.scan(bread());  // any input counts
    EXPECT_FALSE(k.state().inactivity.warning);
    const Timestamp last = k.now();
    k.tickAt(last + 59'999);
    EXPECT_FALSE(k.state().inactivity.warning);
    k.tickAt(last + 60'000);
    EXPECT_TRUE(k.state().inactivity.warning);
}

TEST(CheckoutMachine, InactivityNeverWhileAPaymentIsInFlight) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    const Timestamp end = k.now() + 3'600'000;
    for (Timestamp t = k.now(); t < end; t += 30'000)
        k.tickAt(t);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_FALSE(k.state().inactivity.warning);
    k.ok(CancelPayment{});
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    k.tickAt(k.now() + 3'600'000);  // nor while aborting: the terminal has the last word
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Aborting);
    EXPECT_FALSE(k.state().inactivity.warning);
    k.ok(PaymentApproved{cardTender(15'000)});
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    k.tickAt(k.now() + 3'600'000);  // nor while completing
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Completing);
    // Back in Review after a cancellation the timer starts afresh.
    Kiosk j;
    j.scan(bread());
    j.ok(PayPressed{});
    j.tickAt(j.now() + 600'000);
    j.ok(PaymentCancelled{});
    EXPECT_EQ(j.state().phase, Phase::Review);
    EXPECT_EQ(j.machine().nextTimeout(j.state()), j.now() + 60'000);
}

// A declined payment leaves nothing in flight; a shopper who walks away then must not leave the
// kiosk stuck on the declined screen, so the inactivity timer runs there as in Shopping.
TEST(CheckoutMachine, DeclinedPaymentTimesOutAtExactBoundaries) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.tickAt(k.now() + 600'000);  // the terminal took its time; no timer while waiting
    k.ok(PaymentDeclined{DeclineReason::Refused, "05"});
    Timestamp last = k.now();  // the decline restarts the timer
    EXPECT_EQ(k.machine().nextTimeout(k.state()), last + 60'000);
    EXPECT_TRUE(k.tickAt(last + 59'999).empty());
    EXPECT_FALSE(k.state().inactivity.warning);
    auto c = k.tickAt(last + 60'000);
    ASSERT_EQ(names(c), (Names{"PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Attention);
    EXPECT_TRUE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().inactivity.deadline, last + 80'000);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Declined);

    // The shopper is still there: the warning goes and the timer starts again.
    EXPECT_TRUE(k.ok(StillHere{}).empty());
    EXPECT_FALSE(k.state().inactivity.warning);
    k.refused(StillHere{}, RefusalCode::WrongPhase);
    last = k.now();
    k.tickAt(last + 60'000);
    ASSERT_TRUE(k.state().inactivity.warning);
    EXPECT_EQ(k.machine().nextTimeout(k.state()), last + 80'000);
    EXPECT_TRUE(k.tickAt(last + 79'999).empty());
    EXPECT_EQ(k.state().phase, Phase::Paying);
    c = k.tickAt(last + 80'000);
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_EQ(k.state().payment, PaymentState{});
    EXPECT_TRUE(k.state().cart.empty());
    EXPECT_EQ(k.state().message, ShopperMessage::TransactionCancelled);
    ASSERT_TRUE(k.state().lastSale.has_value());
    EXPECT_EQ(k.state().lastSale->outcome, SaleOutcome::Cancelled);
    EXPECT_EQ(k.state().lastSale->saleUuid, "sale-1");
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);

    // A retry from the declined screen stops the timer again while the terminal works.
    Kiosk r;
    r.scan(bread());
    r.ok(PayPressed{});
    r.ok(PaymentDeclined{DeclineReason::WrongPin, "WrongPIN"});
    r.tickAt(r.now() + 60'000);
    ASSERT_TRUE(r.state().inactivity.warning);
    r.ok(PayPressed{});
    EXPECT_FALSE(r.state().inactivity.warning);
    EXPECT_EQ(r.machine().nextTimeout(r.state()), std::nullopt);
    r.tickAt(r.now() + 3'600'000);
    EXPECT_EQ(r.state().payment.status, PaymentStatus::Waiting);
}

// A terminal that could not be reached raises a PaymentProblem lock: staff own the kiosk then.
TEST(CheckoutMachine, DeclinedPaymentUnderALockNeverTimesOut) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(PaymentFailed{"connection refused"});
    ASSERT_TRUE(hasLock(k.state(), LockKind::PaymentProblem));
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    k.tickAt(k.now() + 3'600'000);
    EXPECT_FALSE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    k.ok(AttendantClearLock{"staff-1", LockKind::PaymentProblem});
    EXPECT_EQ(k.machine().nextTimeout(k.state()), k.now() + 60'000);
}

TEST(CheckoutMachine, InactivityNeverWithALock) {
    Kiosk k;
    k.scan(bread());
    k.ok(HelpPressed{});
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    k.tickAt(k.now() + 3'600'000);
    EXPECT_FALSE(k.state().inactivity.warning);
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    k.ok(AttendantClearLock{"staff-1", LockKind::HelpRequested});
    const Timestamp cleared = k.now();  // the timer restarts when the attendant leaves
    k.tickAt(cleared + 59'999);
    EXPECT_FALSE(k.state().inactivity.warning);
    k.tickAt(cleared + 60'000);
    EXPECT_TRUE(k.state().inactivity.warning);
    // A lock raised while the warning shows hides it and stops the countdown.
    k.ok(AttendantRaiseIntervention{"staff-1", "shopper at the counter"});
    EXPECT_FALSE(k.state().inactivity.warning);
    k.tickAt(k.now() + 3'600'000);
    EXPECT_EQ(k.state().phase, Phase::Shopping);
}

TEST(CheckoutMachine, InactivityCanBeSwitchedOff) {
    CheckoutConfig config;
    config.inactivityWarnAfter = 0;
    Kiosk k(config);
    k.scan(bread());
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    k.tickAt(k.now() + 86'400'000);
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_FALSE(k.state().inactivity.warning);
}

TEST(CheckoutMachine, AbortRacingApprovalCompletesTheSale) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    auto c = k.ok(CancelPayment{});
    EXPECT_EQ(names(c), (Names{"AbortPayment"}));
    EXPECT_EQ(find<AbortPayment>(c)->saleUuid, "sale-1");
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Aborting);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    k.refused(CancelPayment{}, RefusalCode::AlreadyDone);
    k.refused(BackToShopping{}, RefusalCode::WrongPhase);  // wait for the terminal's word
    k.refused(CancelTransaction{}, RefusalCode::Busy);
    // The terminal approved before the abort reached it: the money is taken, so we sell.
    c = k.ok(PaymentApproved{cardTender(15'000)});
    EXPECT_EQ(names(c), (Names{"CompleteSale", "PlaySound"}));
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Completing);
    k.refused(PaymentApproved{cardTender(15'000)}, RefusalCode::AlreadyDone);
    k.refused(CancelPayment{}, RefusalCode::AlreadyDone);
    k.ok(SaleCommitted{3});
    EXPECT_EQ(k.state().phase, Phase::Receipt);
}

TEST(CheckoutMachine, ConfirmedAbortReturnsToReview) {
    for (bool declined : {false, true}) {
        Kiosk k;
        k.scan(bread());
        k.ok(PayPressed{});
        k.ok(CancelPayment{});
        if (declined)
            k.ok(PaymentDeclined{DeclineReason::Other, "Aborted"});
        else
            k.ok(PaymentCancelled{});
        EXPECT_EQ(k.state().phase, Phase::Review);
        EXPECT_EQ(k.state().payment.status, PaymentStatus::Idle);
        EXPECT_EQ(k.state().message, ShopperMessage::PaymentCancelled);
        EXPECT_EQ(k.state().cart.lines().size(), 1u);
        k.refused(PaymentApproved{cardTender(15'000)}, RefusalCode::Unexpected);
        auto c = k.ok(PayPressed{});
        EXPECT_EQ(find<StartPayment>(c)->attempt, 2);
    }
}

TEST(CheckoutMachine, DeclinedThenRetryApproved) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    auto c = k.ok(PaymentDeclined{DeclineReason::WrongPin, "WrongPIN"});
    EXPECT_EQ(names(c), (Names{"PlaySound"}));
    EXPECT_EQ(find<PlaySound>(c)->sound, Sound::Error);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Declined);
    EXPECT_EQ(k.state().payment.declineReason, DeclineReason::WrongPin);
    EXPECT_EQ(k.state().payment.declineDetail, "WrongPIN");
    EXPECT_EQ(k.state().message, ShopperMessage::PaymentDeclined);
    k.refused(PaymentDeclined{DeclineReason::Refused, ""}, RefusalCode::Unexpected);
    k.refused(PaymentApproved{cardTender(15'000)}, RefusalCode::Unexpected);
    k.refused(BarcodeScanned{kBreadCode, "]E0", ""}, RefusalCode::Busy);

    c = k.ok(PayPressed{});
    EXPECT_EQ(names(c), (Names{"PersistCart", "StartPayment"}));
    EXPECT_EQ(find<StartPayment>(c)->attempt, 2);
    EXPECT_EQ(find<StartPayment>(c)->amount, 15'000);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Waiting);
    k.ok(PaymentApproved{cardTender(15'000)});
    k.ok(SaleCommitted{1});
    EXPECT_EQ(k.state().phase, Phase::Receipt);
}

TEST(CheckoutMachine, DeclinedShopperMayGoBackOrCancel) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(PaymentDeclined{DeclineReason::Refused, "Refusal"});
    k.ok(BackToShopping{});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    k.scan(bread());
    k.ok(PayPressed{});
    EXPECT_EQ(k.state().payment.amount, 30'000);
    k.ok(PaymentDeclined{DeclineReason::Refused, "Refusal"});
    auto c = k.ok(CancelTransaction{});
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
}

TEST(CheckoutMachine, TerminalUnavailableNeedsStaffBeforeRetry) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    auto c = k.ok(PaymentFailed{"connection refused"});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Declined);
    EXPECT_EQ(k.state().payment.declineReason, DeclineReason::TerminalUnavailable);
    ASSERT_TRUE(hasLock(k.state(), LockKind::PaymentProblem));
    k.refused(PayPressed{}, RefusalCode::Locked);
    k.ok(AttendantClearLock{"staff-1", LockKind::PaymentProblem});
    c = k.ok(PayPressed{});
    EXPECT_EQ(find<StartPayment>(c)->attempt, 2);
}

TEST(CheckoutMachine, CommitFailureKeepsTheCartAndRetries) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
    k.ok(PayPressed{});
    auto approved = k.ok(PaymentApproved{cardTender(40'000)});
    const SaleRecord record = find<CompleteSale>(approved)->sale;
    const Cart cart = k.state().cart;

    auto c = k.ok(SaleCommitFailed{"disk I/O error"});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(find<AlertAttendant>(c)->kind, LockKind::Intervention);
    EXPECT_NE(find<AlertAttendant>(c)->reason.find("disk I/O error"), std::string::npos);
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Completing);
    EXPECT_TRUE(k.state().payment.commitFailed);
    EXPECT_EQ(k.state().cart, cart);
    EXPECT_EQ(k.state().message, ShopperMessage::CallStaff);
    // Nothing the shopper or attendant does can drop a paid sale.
    k.refused(CancelTransaction{}, RefusalCode::Busy);
    k.refused(AttendantCancelTransaction{"staff-1", "stuck"}, RefusalCode::AlreadyDone);
    k.refused(AttendantVoidLine{"staff-1", 1, "x"}, RefusalCode::Busy);
    k.tickAt(k.now() + 3'600'000);
    EXPECT_EQ(k.state().cart, cart);

    // Clearing the intervention retries with the very same record (same uuid: idempotent).
    c = k.ok(AttendantClearLock{"staff-1", LockKind::Intervention});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "AuditLog", "CompleteSale"}));
    EXPECT_EQ(find<CompleteSale>(c)->sale, record);
    EXPECT_FALSE(k.state().payment.commitFailed);
    k.ok(SaleCommitted{12});
    EXPECT_EQ(k.state().phase, Phase::Receipt);
    EXPECT_EQ(k.state().receiptNo, 12);
}

TEST(CheckoutMachine, ApprovedAmountMismatchRaisesPaymentProblem) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    auto c = k.ok(PaymentApproved{cardTender(20'000)});  // more than asked
    EXPECT_EQ(count<CompleteSale>(c), 1);                // the money is taken: record what happened
    EXPECT_EQ(count<AlertAttendant>(c), 1);
    EXPECT_TRUE(hasLock(k.state(), LockKind::PaymentProblem));
}

// --- split tender: a terminal approving less than asked (a prepaid card's balance).

int64_t tenderSum(const SaleRecord& sale) {
    int64_t sum = 0;
    for (const auto& t : sale.tenders)
        sum += t.amount;
    return sum;
}

TEST(CheckoutMachine, PartialThenFullApproval) {
    Kiosk k;
    k.scan(bread());
    k.scan(bread());
    k.ok(PayPressed{});
    ASSERT_EQ(k.state().payment.amount, 30'000);
    auto c = k.ok(PaymentApproved{cardTender(12'000)});
    EXPECT_EQ(names(c), (Names{"PlaySound"}));
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::PartiallyPaid);
    ASSERT_EQ(k.state().payment.tenders.size(), 1u);
    EXPECT_EQ(k.state().payment.paid, 12'000);
    EXPECT_EQ(paymentRemaining(k.state()), 18'000);
    EXPECT_FALSE(hasLock(k.state(), LockKind::Intervention));

    c = k.ok(PayPressed{});
    ASSERT_EQ(names(c), (Names{"StartPayment"}));  // the cart is fixed: nothing to persist
    EXPECT_EQ(find<StartPayment>(c)->amount, 18'000);
    EXPECT_EQ(find<StartPayment>(c)->attempt, 2);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Waiting);

    Tender second = cardTender(18'000);
    second.terminalTransactionId = "POI-2";
    c = k.ok(PaymentApproved{second});
    ASSERT_EQ(count<CompleteSale>(c), 1);
    EXPECT_EQ(count<AlertAttendant>(c), 0);
    const SaleRecord& sale = find<CompleteSale>(c)->sale;
    ASSERT_EQ(sale.tenders.size(), 2u);
    EXPECT_EQ(sale.tenders[0], cardTender(12'000));
    EXPECT_EQ(sale.tenders[1], second);
    EXPECT_EQ(tenderSum(sale), sale.total);
    EXPECT_EQ(sale.total, 30'000);
    k.ok(SaleCommitted{3});
    EXPECT_EQ(k.state().phase, Phase::Receipt);
}

TEST(CheckoutMachine, TwoPartialsThenFull) {
    Kiosk k;
    k.scan(bread());
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(PaymentApproved{cardTender(10'000)});
    auto c = k.ok(PayPressed{});
    EXPECT_EQ(find<StartPayment>(c)->amount, 20'000);
    k.ok(PaymentApproved{cardTender(5'000)});
    EXPECT_EQ(k.state().payment.status, PaymentStatus::PartiallyPaid);
    EXPECT_EQ(k.state().payment.paid, 15'000);
    c = k.ok(PayPressed{});
    EXPECT_EQ(find<StartPayment>(c)->amount, 15'000);
    EXPECT_EQ(find<StartPayment>(c)->attempt, 3);
    c = k.ok(PaymentApproved{cardTender(15'000)});
    ASSERT_EQ(count<CompleteSale>(c), 1);
    const SaleRecord& sale = find<CompleteSale>(c)->sale;
    ASSERT_EQ(sale.tenders.size(), 3u);
    EXPECT_EQ(sale.tenders[0].amount, 10'000);
    EXPECT_EQ(sale.tenders[1].amount, 5'000);
    EXPECT_EQ(sale.tenders[2].amount, 15'000);
    EXPECT_EQ(tenderSum(sale), sale.total);
}

TEST(CheckoutMachine, DeclineAfterPartialKeepsTheFirstTender) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(PaymentApproved{cardTender(6'000)});
    k.ok(PayPressed{});
    k.ok(PaymentDeclined{DeclineReason::Refused, "05"});
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Declined);
    ASSERT_EQ(k.state().payment.tenders.size(), 1u);
    EXPECT_EQ(k.state().payment.paid, 6'000);
    // Neither back, nor cancel: the first tender is taken.
    k.refused(BackToShopping{}, RefusalCode::Locked);
    k.refused(CancelPayment{}, RefusalCode::Locked);
    k.refused(CancelTransaction{}, RefusalCode::Locked);
    // An aborted or cancelled attempt also stays in Paying with the tender.
    auto c = k.ok(PayPressed{});
    EXPECT_EQ(find<StartPayment>(c)->amount, 9'000);
    k.ok(CancelPayment{});
    k.ok(PaymentCancelled{});
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.status, PaymentStatus::PartiallyPaid);
    k.ok(PayPressed{});
    k.ok(PaymentFailed{"connection refused"});
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Declined);
    k.ok(AttendantClearLock{"staff-1", LockKind::PaymentProblem});
    k.ok(PayPressed{});
    c = k.ok(PaymentApproved{cardTender(9'000)});
    const SaleRecord& sale = find<CompleteSale>(c)->sale;
    ASSERT_EQ(sale.tenders.size(), 2u);
    EXPECT_EQ(sale.tenders[0].amount, 6'000);
    EXPECT_EQ(tenderSum(sale), sale.total);
}

TEST(CheckoutMachine, NothingLeavesAPartlyPaidSale) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(PaymentApproved{cardTender(5'000)});
    const CheckoutState paid = k.state();
    k.refused(BackToShopping{}, RefusalCode::Locked);
    k.refused(CancelPayment{}, RefusalCode::Locked);
    k.refused(CancelTransaction{}, RefusalCode::Locked);
    k.refused(ChangeQuantity{1, 3}, RefusalCode::Locked);
    k.refused(RemoveLine{1}, RefusalCode::Locked);
    k.refused(AttendantVoidLine{"staff-1", 1, "x"}, RefusalCode::Locked);
    k.refused(AttendantOverridePrice{"staff-1", 1, 1, "x"}, RefusalCode::Locked);
    Refusal r = k.refused(AttendantCancelTransaction{"staff-1", "walked off"}, RefusalCode::Locked);
    EXPECT_NE(r.reason.find("kasir-admin refund"), std::string::npos) << r.reason;
    k.refused(BarcodeScanned{kBreadCode, "]E0", ""}, RefusalCode::Busy);
    EXPECT_EQ(k.state(), paid);

    // Inactivity warns as usual, but ends in an Intervention, never a cancel.
    const Timestamp last = k.now();
    k.tickAt(last + 60'000);
    ASSERT_TRUE(k.state().inactivity.warning);
    auto c = k.tickAt(last + 80'000);
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(k.state().phase, Phase::Paying);
    EXPECT_EQ(k.state().payment.tenders, paid.payment.tenders);
    EXPECT_EQ(k.state().cart, paid.cart);
    EXPECT_TRUE(hasLock(k.state(), LockKind::Intervention));
    EXPECT_FALSE(k.state().inactivity.warning);
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);
    EXPECT_TRUE(k.tickAt(k.now() + 3'600'000).empty());
    k.refused(PayPressed{}, RefusalCode::Locked);
    k.refused(AttendantCancelTransaction{"staff-1", "gone"}, RefusalCode::Locked);
    // The attendant takes the rest.
    k.ok(AttendantClearLock{"staff-1", LockKind::Intervention});
    c = k.ok(PayPressed{});
    EXPECT_EQ(find<StartPayment>(c)->amount, 10'000);
}

TEST(CheckoutMachine, PartialApprovalDuringAbortIsKept) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    k.ok(CancelPayment{});
    k.ok(PaymentApproved{cardTender(4'000)});
    EXPECT_EQ(k.state().payment.status, PaymentStatus::PartiallyPaid);
    EXPECT_EQ(k.state().payment.paid, 4'000);
    EXPECT_EQ(k.state().phase, Phase::Paying);
}

TEST(CheckoutMachine, RestoreAfterAPartialSaleStartsClean) {
    // The app restores only after the payment layer resolved its intents; the machine's
    // restore is unchanged: a fresh Shopping transaction without tenders.
    Kiosk k;
    Cart cart;
    ASSERT_TRUE(cart.addUnits(bread(), kBreadCode, 1));
    k.ok(CartRestored{"sale-r", kT0, "en", cart});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().payment, PaymentState{});
    EXPECT_TRUE(k.state().payment.tenders.empty());
}

TEST(CheckoutMachine, CartRestoredAtStartUp) {
    Kiosk k;
    Cart cart;
    ASSERT_TRUE(cart.addUnits(bread(), kBreadCode, 3));
    ASSERT_TRUE(cart.addUnits(beer(), kBeerCode, 1));
    auto c = k.ok(CartRestored{"sale-9", kT0 - 5'000, "id", cart});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().saleUuid, "sale-9");
    EXPECT_EQ(k.state().startedAt, kT0 - 5'000);
    EXPECT_EQ(k.state().language, "id");
    EXPECT_EQ(k.state().cart, cart);
    EXPECT_EQ(k.state().priced.total, 3 * 15'000 + 25'000);
    EXPECT_EQ(k.state().message, ShopperMessage::CartRestored);
    // The age decision was not persisted, so it is asked again.
    EXPECT_EQ(names(c), (Names{"AlertAttendant"}));
    EXPECT_TRUE(hasLock(k.state(), LockKind::AgeCheckPending));
    k.refused(CartRestored{"sale-10", kT0, "en", cart}, RefusalCode::WrongPhase);
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
    // The line ids continue after the restored ones.
    k.ok(ItemPicked{bananas(), ""});
    k.ok(WeightStable{500});
    EXPECT_EQ(k.state().newestLineId, 3);
    k.payAndCommit(5);
    EXPECT_EQ(k.state().lastSale->saleUuid, "sale-9");

    Kiosk j;
    j.refused(CartRestored{"", kT0, "en", cart}, RefusalCode::InvalidInput);
}

TEST(CheckoutMachine, RestoredCartThatCannotBePricedNeedsStaff) {
    Kiosk k;
    Product odd = bread();
    odd.taxClass = "NOPE";
    Cart cart;
    ASSERT_TRUE(cart.addUnits(odd, kBreadCode, 1));
    auto c = k.ok(CartRestored{"sale-9", kT0, "en", cart});
    EXPECT_EQ(names(c), (Names{"AlertAttendant"}));
    EXPECT_TRUE(hasLock(k.state(), LockKind::PriceCheck));
    EXPECT_EQ(k.state().cart, cart);  // nothing lost
    k.ok(AttendantClearLock{"staff-1", LockKind::PriceCheck});
    k.refused(PayPressed{}, RefusalCode::PricingFailed);  // still unpriceable
    k.ok(AttendantVoidLine{"staff-1", 1, "other"});
    k.scan(bread());
    k.ok(PayPressed{});
}

TEST(CheckoutMachine, ItemThatCannotBePricedIsNotAdded) {
    Kiosk k;
    k.scan(bread());
    Product odd = makeProduct(9, "Odd", 1'000, kUnknownCode);
    odd.taxClass = "NOPE";
    k.ok(BarcodeScanned{kUnknownCode, "]E0", ""});
    auto c = k.ok(LookupResult{kUnknownCode, odd});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_TRUE(hasLock(k.state(), LockKind::PriceCheck));
    EXPECT_EQ(k.state().message, ShopperMessage::CallStaff);
}

TEST(CheckoutMachine, RemovalNeedsAttendantWhenPolicySaysSo) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    Kiosk k(config);
    k.scan(bread());
    k.scan(bread());
    k.scan(beer());
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
    k.ok(ReviewPressed{});

    auto c = k.ok(RemoveLine{2});
    EXPECT_EQ(names(c), (Names{"AlertAttendant", "PlaySound"}));
    EXPECT_EQ(k.state().cart.lines().size(), 2u);  // not removed yet
    ASSERT_TRUE(k.state().pendingEdit.has_value());
    EXPECT_EQ(*k.state().pendingEdit, (PendingEdit{2, 0}));
    EXPECT_EQ(k.state().message, ShopperMessage::AttendantApprovalNeeded);
    k.refused(PayPressed{}, RefusalCode::Locked);
    k.refused(RemoveLine{1}, RefusalCode::Locked);
    k.refused(CancelTransaction{}, RefusalCode::Locked);

    c = k.ok(AttendantApproveEdit{"staff-3"});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "PersistCart", "AuditLog"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "line.remove.approve");
    EXPECT_EQ(k.state().cart.lines().size(), 1u);
    EXPECT_FALSE(k.state().pendingEdit.has_value());
    EXPECT_TRUE(k.state().locks.empty());
    k.refused(AttendantApproveEdit{"staff-3"}, RefusalCode::NoSuchLock);

    // Lowering a quantity is a removal too; raising it is not.
    k.ok(ChangeQuantity{1, 5});
    EXPECT_EQ(k.state().cart.lines()[0].quantity, 5);
    k.ok(ChangeQuantity{1, 1});
    EXPECT_EQ(k.state().cart.lines()[0].quantity, 5);
    EXPECT_EQ(*k.state().pendingEdit, (PendingEdit{1, 1}));
    // The attendant may turn the request down: the cart stays as it was.
    k.ok(AttendantClearLock{"staff-3", LockKind::Intervention});
    EXPECT_FALSE(k.state().pendingEdit.has_value());
    EXPECT_EQ(k.state().cart.lines()[0].quantity, 5);
    // Or void the line outright, which also answers a request for that line.
    k.ok(RemoveLine{1});
    c = k.ok(AttendantVoidLine{"staff-3", 1, "changed-mind"});
    EXPECT_EQ(names(c), (Names{"ClearAttendantAlert", "PersistCart", "AuditLog"}));
    EXPECT_TRUE(k.state().cart.empty());
    EXPECT_TRUE(k.state().locks.empty());
}

TEST(CheckoutMachine, ShopperEditsWithoutPolicy) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());
    k.ok(AttendantApproveAge{"staff-1", AgeCheckMethod::IdViewed});
    auto c = k.ok(ChangeQuantity{1, 4});
    EXPECT_EQ(names(c), (Names{"PersistCart"}));
    EXPECT_EQ(k.state().priced.total, 4 * 15'000 + 25'000);
    k.refused(ChangeQuantity{1, 0}, RefusalCode::InvalidInput);
    k.refused(ChangeQuantity{1, kMaxLineQuantity + 1}, RefusalCode::InvalidInput);
    k.refused(ChangeQuantity{99, 1}, RefusalCode::NoSuchLine);
    k.refused(RemoveLine{99}, RefusalCode::NoSuchLine);
    c = k.ok(RemoveLine{1});
    EXPECT_EQ(names(c), (Names{"PersistCart"}));
    EXPECT_EQ(k.state().message, ShopperMessage::ItemRemoved);
    EXPECT_EQ(k.state().priced.total, 25'000);
    EXPECT_EQ(k.state().newestLineId, 2);
    k.ok(RemoveLine{2});
    EXPECT_EQ(k.state().newestLineId, 0);
    k.refused(PayPressed{}, RefusalCode::EmptyCart);
    k.refused(ReviewPressed{}, RefusalCode::EmptyCart);
}

TEST(CheckoutMachine, AttendantOverrideAndVoidAreAudited) {
    Kiosk k;
    k.scan(bread());
    k.scan(bread());
    k.refused(AttendantOverridePrice{"staff-1", 1, 12'000, ""}, RefusalCode::InvalidInput);
    k.refused(AttendantOverridePrice{"staff-1", 1, -1, "other"}, RefusalCode::InvalidInput);
    k.refused(AttendantOverridePrice{"staff-1", 5, 12'000, "x"}, RefusalCode::NoSuchLine);
    k.refused(AttendantOverridePrice{"", 1, 12'000, "x"}, RefusalCode::InvalidInput);
    auto c = k.ok(AttendantOverridePrice{"staff-1", 1, 12'000, "shelf-price"});
    EXPECT_EQ(names(c), (Names{"PersistCart", "AuditLog"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "price.override");
    EXPECT_NE(find<AuditLog>(c)->details.find("15000 -> 12000"), std::string::npos)
        << find<AuditLog>(c)->details;
    EXPECT_EQ(k.state().priced.total, 24'000);
    k.refused(AttendantVoidLine{"staff-1", 1, ""}, RefusalCode::InvalidInput);
    c = k.ok(AttendantVoidLine{"staff-1", 1, "damaged"});
    EXPECT_EQ(names(c), (Names{"PersistCart", "AuditLog"}));
    EXPECT_EQ(find<AuditLog>(c)->action, "line.void");
    EXPECT_TRUE(k.state().cart.empty());
    c = k.ok(AttendantCancelTransaction{"staff-1", "other"});
    EXPECT_EQ(names(c), (Names{"AuditLog", "ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
}

TEST(CheckoutMachine, AttendantCancelClearsEveryLock) {
    Kiosk k;
    k.scan(beer());
    k.ok(HelpPressed{});
    k.refused(CancelTransaction{}, RefusalCode::Locked);  // the attendant owns it now
    auto c = k.ok(AttendantCancelTransaction{"staff-1", "shopper-left"});
    EXPECT_EQ(names(c), (Names{"AuditLog", "ClearAttendantAlert", "ClearAttendantAlert",
                               "ClearPersistedCart"}));
    EXPECT_TRUE(k.state().locks.empty());
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_EQ(k.state().lastSale->outcome, SaleOutcome::Cancelled);
}

TEST(CheckoutMachine, ReceiptChoiceTimesOutToNone) {
    Kiosk k;
    k.scan(bread());
    k.payAndCommit(4);
    const Timestamp committed = k.now();
    EXPECT_EQ(k.machine().nextTimeout(k.state()), committed + 30'000);
    EXPECT_TRUE(k.tickAt(committed + 29'999).empty());
    EXPECT_EQ(k.state().phase, Phase::Receipt);
    EXPECT_TRUE(k.tickAt(committed + 30'000).empty());  // no receipt: nothing to do
    EXPECT_EQ(k.state().phase, Phase::Finished);
    EXPECT_EQ(k.machine().nextTimeout(k.state()), committed + 35'000);
    auto c = k.tickAt(committed + 35'000);
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
}

TEST(CheckoutMachine, DigitalReceiptAndEarlyTouch) {
    Kiosk k;
    k.scan(bread());
    k.payAndCommit(4);
    auto c = k.ok(ReceiptChosen{ReceiptChoice::Digital});
    EXPECT_EQ(names(c), (Names{"ShowDigitalReceipt"}));
    EXPECT_EQ(find<ShowDigitalReceipt>(c)->receiptNo, 4);
    k.refused(ReceiptChosen{ReceiptChoice::Print}, RefusalCode::WrongPhase);
    c = k.ok(Touch{"sale-2"});  // the thank-you screen may be skipped
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart"}));
    EXPECT_EQ(k.state().phase, Phase::Attract);
}

TEST(CheckoutMachine, ScanOnThankYouScreenStartsTheNextSale) {
    Kiosk k;
    k.scan(bread());
    k.payAndCommit(4);
    k.ok(ReceiptChosen{ReceiptChoice::None});
    k.refused(BarcodeScanned{kBreadCode, "]E0", "sale-1"}, RefusalCode::InvalidInput);
    auto c = k.ok(BarcodeScanned{kBreadCode, "]E0", "sale-2"});
    EXPECT_EQ(names(c), (Names{"ClearPersistedCart", "PersistCart", "LookUpProduct"}));
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().saleUuid, "sale-2");
    EXPECT_TRUE(k.state().cart.empty());
    EXPECT_EQ(k.state().receiptNo, 0);
}

TEST(CheckoutMachine, FreeCartCompletesWithoutTheTerminal) {
    Kiosk k;
    k.scan(bread());
    k.ok(AttendantOverridePrice{"staff-1", 1, 0, "other"});
    auto c = k.ok(PayPressed{});
    EXPECT_EQ(names(c), (Names{"PersistCart", "CompleteSale"}));
    EXPECT_TRUE(find<CompleteSale>(c)->sale.tenders.empty());
    EXPECT_EQ(k.state().payment.status, PaymentStatus::Completing);
    EXPECT_EQ(k.state().payment.attempts, 0);
    k.ok(SaleCommitted{2});
}

TEST(CheckoutMachine, LanguageChoiceFollowsTheTransaction) {
    Kiosk k;
    k.refused(LanguageChosen{""}, RefusalCode::InvalidInput);
    k.refused(LanguageChosen{"e"}, RefusalCode::InvalidInput);
    k.refused(LanguageChosen{"en'; DROP"}, RefusalCode::InvalidInput);
    EXPECT_TRUE(k.ok(LanguageChosen{"id"}).empty());
    EXPECT_EQ(k.state().language, "id");
    k.scan(bread());
    EXPECT_EQ(k.state().language, "id");
    auto c = k.ok(LanguageChosen{"en"});
    EXPECT_EQ(names(c), (Names{"PersistCart"}));
    EXPECT_EQ(find<PersistCart>(c)->language, "en");
    k.ok(LanguageChosen{"id"});
    k.ok(PayPressed{});
    auto approved = k.ok(PaymentApproved{cardTender(15'000)});
    EXPECT_EQ(find<CompleteSale>(approved)->sale.language, "id");
    k.ok(SaleCommitted{1});
    k.ok(ReceiptChosen{ReceiptChoice::None});
    k.tickAt(k.now() + 5'000);
    EXPECT_EQ(k.state().language, "en");  // the next shopper starts in the default
}

TEST(CheckoutMachine, HelpWorksOnEveryScreenAndOutlivesTheSale) {
    Kiosk k;
    k.ok(HelpPressed{});  // even on the attract screen
    EXPECT_TRUE(hasLock(k.state(), LockKind::HelpRequested));
    k.scan(bread());
    k.refused(PayPressed{}, RefusalCode::Locked);
    k.ok(AttendantClearLock{"staff-1", LockKind::HelpRequested});
    k.payAndCommit(1);
    k.ok(HelpPressed{});  // "my receipt did not print"
    k.ok(ReceiptChosen{ReceiptChoice::None});
    k.tickAt(k.now() + 5'000);
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_TRUE(hasLock(k.state(), LockKind::HelpRequested));  // until someone comes
}

TEST(CheckoutMachine, ClockNeverGoesBack) {
    Kiosk k;
    k.scan(bread());
    const Timestamp t = k.state().clock;
    k.tickAt(t - 10'000);  // e.g. an NTP step backwards
    EXPECT_EQ(k.state().clock, t);
    EXPECT_EQ(k.state().inactivity.since, t);
}

TEST(CheckoutMachine, IllegalEventsAreRefusedClearly) {
    Kiosk k;
    k.refused(PayPressed{}, RefusalCode::NoTransaction);
    k.refused(CancelPayment{}, RefusalCode::WrongPhase);
    k.refused(ReceiptChosen{ReceiptChoice::Print}, RefusalCode::WrongPhase);
    k.refused(PaymentApproved{cardTender(1)}, RefusalCode::Unexpected);
    k.refused(SaleCommitted{1}, RefusalCode::Unexpected);
    k.refused(AttendantVoidLine{"staff-1", 1, "x"}, RefusalCode::WrongPhase);
    k.refused(BarcodeScanned{"", "", "sale-1"}, RefusalCode::InvalidInput);
    k.refused(BarcodeScanned{kBreadCode, "", ""}, RefusalCode::InvalidInput);
    k.ok(Touch{"sale-1"});
    k.refused(PayPressed{}, RefusalCode::EmptyCart);
    k.refused(AttendantVoidLine{"staff-1", 1, "x"}, RefusalCode::NoSuchLine);
    k.refused(AttendantOverridePrice{"staff-1", 1, 1, "x"}, RefusalCode::NoSuchLine);
    k.scan(bread());
    k.ok(PayPressed{});
    k.refused(PayPressed{}, RefusalCode::Busy);
    k.refused(BarcodeScanned{kBreadCode, "]E0", ""}, RefusalCode::Busy);
    k.refused(ItemPicked{bread(), ""}, RefusalCode::Busy);
    k.refused(ChangeQuantity{1, 2}, RefusalCode::Busy);
    k.refused(SaleCommitted{1}, RefusalCode::Unexpected);
    k.ok(PaymentApproved{cardTender(15'000)});
    k.refused(PaymentApproved{cardTender(15'000)}, RefusalCode::AlreadyDone);
    k.refused(SaleCommitted{0}, RefusalCode::InvalidInput);
    k.ok(SaleCommitted{1});
    k.refused(SaleCommitted{1}, RefusalCode::AlreadyDone);
    k.refused(PayPressed{}, RefusalCode::AlreadyDone);
    k.refused(CancelTransaction{}, RefusalCode::AlreadyDone);
}

TEST(CheckoutMachine, ConfigIsChecked) {
    EXPECT_TRUE(checkCheckoutConfig(CheckoutConfig{}));
    CheckoutConfig bad;
    bad.inactivityCountdown = -1;
    auto r = checkCheckoutConfig(bad);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("inactivityCountdown"), std::string::npos);
    // The machine itself never misbehaves on a bad config: negative means 0.
    CheckoutMachine m(makeSetup(bad, "s", "k", "not a language"));
    EXPECT_EQ(m.config().inactivityCountdown, 0);
    EXPECT_EQ(m.initialState().language, "en");
}

TEST(CheckoutMachine, NamesAreStable) {
    EXPECT_EQ(phaseName(Phase::Receipt), "Receipt");
    EXPECT_EQ(lockKindName(LockKind::AgeCheckPending), "AgeCheckPending");
    EXPECT_EQ(eventName(Event{CartRestored{}}), "CartRestored");
    EXPECT_EQ(eventName(Event{Tick{}}), "Tick");
    EXPECT_EQ(commandName(Command{AuditLog{}}), "AuditLog");
    EXPECT_EQ(refusalCodeName(RefusalCode::Locked), "Locked");
    EXPECT_EQ(shopperMessageName(ShopperMessage::CartRestored), "CartRestored");
    EXPECT_EQ(paymentStatusName(PaymentStatus::Aborting), "Aborting");
}

}  // namespace
}  // namespace kiosk
