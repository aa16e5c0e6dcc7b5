// Scenario tests of the checkout machine's staff side (issue 7): lock kinds and their records,
// age policy checks, reason codes, line discounts, audit before/after, suspend and resume, and
// the permission each attendant event needs.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "checkout_fixtures.hpp"
#include "checkout_kiosk.hpp"
#include "kiosk/core/checkout_machine.hpp"

namespace kiosk {
namespace {

using namespace testing;  // NOLINT: the shared checkout fixtures

template <typename T>
std::vector<T> all(const std::vector<Command>& commands) {
    std::vector<T> out;
    for (const auto& c : commands)
        if (auto* p = std::get_if<T>(&c))
            out.push_back(*p);
    return out;
}

Product whisky() {
    Product p = makeProduct(5, "Whisky", 300'000, "08990000000033");
    p.age = AgeRestriction{"alcohol", 21};
    return p;
}

Product knife() {
    Product p = makeProduct(6, "Knife", 50'000, "08990000000040");
    p.age = AgeRestriction{"knives", 0};  // the catalogue gives no age; the law may
    return p;
}

CheckoutSetup setupFor(std::string_view country) {
    return makeSetup({}, "store-1", "kiosk-1", "en", defaultAgePolicy(country));
}

// --- interventions: kinds, alerts and clears ----------------------------------------------------

TEST(CheckoutAttendant, StaffRaiseTheFourStaffKinds) {
    Kiosk k;
    k.scan(bread());
    for (LockKind kind : {LockKind::Intervention, LockKind::DeviceFault, LockKind::PaymentProblem,
                          LockKind::PriceCheck}) {
        auto c = k.ok(AttendantRaiseIntervention{"system", "printer out of paper", kind});
        ASSERT_EQ(all<AlertAttendant>(c).size(), 1u);
        const AlertAttendant alert = all<AlertAttendant>(c)[0];
        EXPECT_EQ(alert.kind, kind);
        EXPECT_EQ(alert.reason, "printer out of paper");
        EXPECT_EQ(alert.since, k.now());
        EXPECT_EQ(alert.saleUuid, "sale-1");
        const AuditLog audit = all<AuditLog>(c).at(0);
        EXPECT_EQ(audit.action, "intervention.raise");
        EXPECT_EQ(audit.staffId, "system");
        EXPECT_EQ(audit.saleUuid, "sale-1");
        EXPECT_EQ(audit.after, std::string(lockKindName(kind)) + ": printer out of paper");
        EXPECT_TRUE(hasLock(k.state(), kind));
    }
    EXPECT_EQ(k.state().locks.size(), 4u);
    for (LockKind kind :
         {LockKind::HelpRequested, LockKind::AgeCheckPending, LockKind::UnknownItem}) {
        Refusal r =
            k.refused(AttendantRaiseIntervention{"staff-1", "x", kind}, RefusalCode::InvalidInput);
        EXPECT_NE(r.reason.find(lockKindName(kind)), std::string::npos) << r.reason;
    }
    k.refused(AttendantRaiseIntervention{"staff-1", "x", static_cast<LockKind>(42)},
              RefusalCode::InvalidInput);
    k.refused(AttendantRaiseIntervention{"staff-1", "", LockKind::DeviceFault},
              RefusalCode::InvalidInput);
}

TEST(CheckoutAttendant, RaisedAgainKeepsItsStart) {
    Kiosk k;
    k.scan(bread());
    k.ok(AttendantRaiseIntervention{"system", "scale fault", LockKind::DeviceFault});
    const Timestamp since = k.now();
    auto c = k.ok(AttendantRaiseIntervention{"system", "scale fault again", LockKind::DeviceFault},
                  5'000);
    EXPECT_EQ(all<AlertAttendant>(c).at(0).since, since);
    EXPECT_EQ(findLock(k.state(), LockKind::DeviceFault)->since, since);
    EXPECT_EQ(findLock(k.state(), LockKind::DeviceFault)->reason, "scale fault again");
}

TEST(CheckoutAttendant, ClearingNamesWhoAndHow) {
    Kiosk k;
    k.scan(bread());
    k.ok(HelpPressed{});
    k.ok(AttendantRaiseIntervention{"system", "camera blocked", LockKind::DeviceFault});
    auto c = k.ok(AttendantClearLock{"ana", LockKind::DeviceFault});
    ASSERT_EQ(all<ClearAttendantAlert>(c).size(), 1u);
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].kind, LockKind::DeviceFault);
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].staffId, "ana");
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].how, "cleared");
    const AuditLog audit = all<AuditLog>(c).at(0);
    EXPECT_EQ(audit.action, "lock.clear");
    EXPECT_EQ(audit.before, "DeviceFault: camera blocked");
    EXPECT_EQ(audit.after, "cleared");
    EXPECT_TRUE(hasLock(k.state(), LockKind::HelpRequested));  // only the one asked
}

TEST(CheckoutAttendant, PaymentProblemsAreTheirOwnKind) {
    Kiosk k;
    k.scan(bread());
    k.ok(PayPressed{});
    auto c = k.ok(PaymentFailed{"connection refused"});
    EXPECT_EQ(all<AlertAttendant>(c).at(0).kind, LockKind::PaymentProblem);
    EXPECT_FALSE(hasLock(k.state(), LockKind::Intervention));
    c = k.ok(AttendantClearLock{"ana", LockKind::PaymentProblem});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "cleared");
    k.ok(PayPressed{});
    // A paid sale that is not saved stays an Intervention, and clearing it retries.
    k.ok(PaymentApproved{cardTender(15'000)});
    k.ok(SaleCommitFailed{"disk full"});
    ASSERT_TRUE(hasLock(k.state(), LockKind::Intervention));
    c = k.ok(AttendantClearLock{"ana", LockKind::Intervention});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "retried");
    EXPECT_EQ(all<AuditLog>(c).at(0).after, "retried");
    EXPECT_EQ(all<CompleteSale>(c).size(), 1u);
}

TEST(CheckoutAttendant, UnpriceableItemIsAPriceCheck) {
    Kiosk k;
    Product odd = makeProduct(9, "Odd", 1'000, kUnknownCode);
    odd.taxClass = "NOPE";
    k.ok(BarcodeScanned{kUnknownCode, "]E0", "sale-1"});
    auto c = k.ok(LookupResult{kUnknownCode, odd});
    EXPECT_EQ(all<AlertAttendant>(c).at(0).kind, LockKind::PriceCheck);
    EXPECT_NE(all<AlertAttendant>(c).at(0).reason.find("Odd"), std::string::npos);
    EXPECT_TRUE(k.state().cart.empty());
}

TEST(CheckoutAttendant, ProtectedRemovalClearedIsRefused) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    Kiosk k(config);
    k.scan(bread());
    k.ok(RemoveLine{1});
    auto c = k.ok(AttendantClearLock{"ana", LockKind::Intervention});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "edit-refused");
    EXPECT_EQ(k.state().cart.lines().size(), 1u);  // the line stays
    EXPECT_FALSE(k.state().pendingEdit);
    k.ok(RemoveLine{1});
    c = k.ok(AttendantApproveEdit{"ana"});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "edit-approved");
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).staffId, "ana");
    const AuditLog audit = all<AuditLog>(c).at(0);
    EXPECT_EQ(audit.action, "line.remove.approve");
    EXPECT_EQ(audit.before, "'Bread' x1 @ 15000");
    EXPECT_EQ(audit.after, "removed");
}

TEST(CheckoutAttendant, VoidingTheLineOfAPendingEditAnswersIt) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    Kiosk k(config);
    k.scan(bread());
    k.scan(cigars());
    k.ok(RemoveLine{1});
    auto c = k.ok(AttendantVoidLine{"ana", 1, "changed-mind"});
    const auto clears = all<ClearAttendantAlert>(c);
    ASSERT_EQ(clears.size(), 1u);
    EXPECT_EQ(clears[0].kind, LockKind::Intervention);
    EXPECT_EQ(clears[0].staffId, "ana");
    EXPECT_EQ(clears[0].how, "voided");
    EXPECT_FALSE(k.state().pendingEdit);
    // A refusal that removes the line of a pending edit ends it by itself.
    k.ok(RemoveLine{2});
    c = k.ok(AttendantRefuseAge{"ana"});
    ASSERT_EQ(all<ClearAttendantAlert>(c).size(), 2u);
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].how, "refused");
    EXPECT_EQ(all<ClearAttendantAlert>(c)[1].staffId, "system");
    EXPECT_EQ(all<ClearAttendantAlert>(c)[1].how, "nothing-to-check");
}

TEST(CheckoutAttendant, QuantityApprovalAuditsBeforeAndAfter) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    Kiosk k(config);
    k.scan(bread());
    k.ok(ChangeQuantity{1, 5});
    k.ok(ChangeQuantity{1, 2});
    auto c = k.ok(AttendantApproveEdit{"ana"});
    const AuditLog audit = all<AuditLog>(c).at(0);
    EXPECT_EQ(audit.action, "line.quantity.approve");
    EXPECT_EQ(audit.before, "'Bread' x5 @ 15000");
    EXPECT_EQ(audit.after, "'Bread' x2 @ 15000");
}

// The app turns AlertAttendant into an open intervention and ClearAttendantAlert into its end:
// across whole sessions every raise is matched by one clear, and the locks left up are exactly
// the interventions still open.
class InterventionLedger {
  public:
    void apply(const std::vector<Command>& commands, const std::string& where) {
        for (const auto& c : commands) {
            if (auto* a = std::get_if<AlertAttendant>(&c)) {
                ++raised_;
                auto it = open_.find(a->kind);
                if (it != open_.end()) {
                    EXPECT_EQ(it->second, a->since) << where << ": raised again with a new start";
                } else {
                    open_[a->kind] = a->since;
                }
            }
            if (auto* cl = std::get_if<ClearAttendantAlert>(&c)) {
                ++cleared_;
                EXPECT_EQ(open_.count(cl->kind), 1u)
                    << where << ": " << lockKindName(cl->kind) << " cleared but not open";
                open_.erase(cl->kind);
                EXPECT_FALSE(cl->staffId.empty()) << where;
                EXPECT_FALSE(cl->how.empty()) << where;
                hows_.insert(cl->how);
            }
        }
    }
    void matches(const CheckoutState& state, const std::string& where) const {
        std::map<LockKind, Timestamp> locks;
        for (const auto& l : state.locks)
            locks[l.kind] = l.since;
        EXPECT_EQ(locks, open_) << where;
    }
    int raised() const { return raised_; }
    int cleared() const { return cleared_; }
    const std::set<std::string>& hows() const { return hows_; }

  private:
    std::map<LockKind, Timestamp> open_;
    int raised_ = 0;
    int cleared_ = 0;
    std::set<std::string> hows_;
};

TEST(CheckoutAttendant, EveryRaiseIsClearedOnceAcrossManyFlows) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    Kiosk k(config);
    InterventionLedger ledger;
    int step = 0;
    auto go = [&](const Event& e) {
        auto c = k.ok(e);
        const std::string where =
            "step " + std::to_string(++step) + " " + std::string(eventName(e));
        ledger.apply(c, where);
        ledger.matches(k.state(), where);
    };
    auto scan = [&](const Product& p, const std::string& uuid) {
        go(BarcodeScanned{p.gtin, "]E0", uuid});
        go(LookupResult{p.gtin, p});
    };
    // 1: age check approved, help, cancelled by the attendant with locks up.
    scan(beer(), "s1");
    go(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    scan(bread(), "");
    go(HelpPressed{});
    go(AttendantRaiseIntervention{"system", "scale", LockKind::DeviceFault});
    go(AttendantCancelTransaction{"ana", "shopper-left"});
    // 2: age check refused; unknown item cleared; protected removal approved; paid.
    scan(cigars(), "s2");
    go(AttendantRefuseAge{"ana"});
    go(BarcodeScanned{kUnknownCode, "]E0", ""});
    go(LookupResult{kUnknownCode, std::nullopt});
    go(AttendantClearLock{"ana", LockKind::UnknownItem});
    scan(bread(), "");
    scan(bread(), "");
    go(ChangeQuantity{2, 1});  // line 1 was the refused cigars
    go(AttendantApproveEdit{"ana"});
    go(PayPressed{});
    go(PaymentFailed{"offline"});
    go(AttendantClearLock{"ana", LockKind::PaymentProblem});
    go(PayPressed{});
    go(PaymentApproved{cardTender(15'000)});
    go(SaleCommitFailed{"disk"});
    go(AttendantClearLock{"ana", LockKind::Intervention});
    go(SaleCommitted{1});
    go(ReceiptChosen{ReceiptChoice::None});
    // 3: the void of the last restricted line ends the age check by itself.
    scan(beer(), "s3");
    go(AttendantVoidLine{"ana", 1, "scan-error"});
    // 4: suspended with locks up, then resumed (the age check comes back).
    scan(beer(), "");
    go(HelpPressed{});
    go(AttendantSuspendTransaction{"ana", "12345678"});
    go(CartSuspended{"12345678"});
    go(ResumeSuspended{"12345678", ""});
    Cart cart;
    ASSERT_TRUE(cart.addUnits(beer(), kBeerCode, 1));
    go(SuspendedLoaded{"12345678", "s3", kT0, "en", cart});
    go(AttendantApproveAge{"budi", AgeCheckMethod::LooksOverThreshold});
    // 5: a failed suspend raises an Intervention that staff clear.
    go(AttendantSuspendTransaction{"ana", "11112222"});
    go(SuspendFailed{"disk full"});
    go(AttendantClearLock{"ana", LockKind::Intervention});
    go(AttendantCancelTransaction{"ana", "other"});
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_TRUE(k.state().locks.empty());
    EXPECT_EQ(ledger.raised(), ledger.cleared());
    EXPECT_EQ(ledger.raised(), 13);  // counted by hand from the flows above
    for (const char* how :
         {"approved:id-viewed", "refused", "cleared", "cancelled", "edit-approved", "retried",
          "nothing-to-check", "suspended", "approved:looks-over-18"})
        EXPECT_EQ(ledger.hows().count(how), 1u) << how;
}

// Random sessions: whatever is accepted, the ledger of alerts and clears matches the locks.
TEST(CheckoutAttendant, RandomSessionsKeepTheLedger) {
    CheckoutConfig config;
    config.removalNeedsAttendant = true;
    const CheckoutMachine m(makeSetup(config, "s", "k", "en", defaultAgePolicy("GB")));
    std::mt19937 rng(2026);
    CheckoutState state = m.initialState();
    InterventionLedger ledger;
    Timestamp now = kT0;
    int uuid = 0;
    const std::vector<Product> products = {bread(), beer(), cigars(), whisky(), knife()};
    for (int i = 0; i < 20'000; ++i) {
        Event e = Tick{};
        const Product& p = products[rng() % products.size()];
        const int64_t line = 1 + static_cast<int64_t>(rng() % 3);
        const std::string id = "s" + std::to_string(++uuid);
        switch (rng() % 24) {
            case 0:
                e = BarcodeScanned{p.gtin, "]E0", id};
                break;
            case 1:
                e = LookupResult{
                    state.pendingLookups.empty() ? p.gtin : state.pendingLookups.front(),
                    rng() % 6 ? std::optional<Product>(p) : std::nullopt};
                if (auto* l = std::get_if<LookupResult>(&e); l && l->product)
                    for (const auto& q : products)
                        if (q.gtin == l->code)
                            l->product = q;
                break;
            case 2:
                e = HelpPressed{};
                break;
            case 3:
                e = AttendantApproveAge{"ana", static_cast<AgeCheckMethod>(rng() % 3)};
                break;
            case 4:
                e = AttendantRefuseAge{"ana"};
                break;
            case 5:
                e = AttendantClearLock{"ana", static_cast<LockKind>(rng() % 7)};
                break;
            case 6:
                e = AttendantRaiseIntervention{"system", "x", static_cast<LockKind>(rng() % 7)};
                break;
            case 7:
                e = AttendantVoidLine{"ana", line, "damaged"};
                break;
            case 8:
                e = RemoveLine{line};
                break;
            case 9:
                e = AttendantApproveEdit{"ana"};
                break;
            case 10:
                e = PayPressed{};
                break;
            case 11:
                e = PaymentApproved{cardTender(state.payment.amount)};
                break;
            case 12:
                e = PaymentFailed{"offline"};
                break;
            case 13:
                e = SaleCommitted{1 + i};
                break;
            case 14:
                e = SaleCommitFailed{"disk"};
                break;
            case 15:
                e = ReceiptChosen{ReceiptChoice::None};
                break;
            case 16:
                e = AttendantCancelTransaction{"ana", "other"};
                break;
            case 17:
                e = AttendantSuspendTransaction{"ana", std::to_string(10'000'000 + i)};
                break;
            case 18:
                e = CartSuspended{state.suspending};
                break;
            case 19:
                e = SuspendFailed{"disk"};
                break;
            case 20:
                e = ResumeSuspended{std::to_string(20'000'000 + i), ""};
                break;
            case 21: {
                Cart cart;
                (void)cart.addUnits(p, p.gtin, 1);
                e = SuspendedLoaded{state.resuming, "r" + id, kT0, "en", cart};
                break;
            }
            case 22:
                e = SuspendedNotFound{state.resuming, "not found"};
                break;
            default:
                e = Touch{id};
                break;
        }
        now += static_cast<Timestamp>(rng() % 40'000);
        const Step step = m.handle(state, e, now);
        if (!step.accepted())
            continue;
        const std::string where = "step " + std::to_string(i) + " " + std::string(eventName(e));
        ledger.apply(step.commands, where);
        state = step.state;
        ledger.matches(state, where);
        if (::testing::Test::HasFailure())
            return;
    }
    EXPECT_GT(ledger.raised(), 500);
    EXPECT_GT(ledger.cleared(), 500);
}

// --- age policy -------------------------------------------------------------------------------

TEST(CheckoutAttendant, AgeFromThePolicyNamesCategoryAndAge) {
    Kiosk k(setupFor("ID"));
    auto c = k.scan(beer());  // the catalogue says 18; Indonesian law 21
    const AlertAttendant alert = all<AlertAttendant>(c).at(0);
    EXPECT_EQ(alert.kind, LockKind::AgeCheckPending);
    EXPECT_EQ(alert.reason, "age check: 'Beer' (alcohol 21+)");
    c = k.ok(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    EXPECT_EQ(k.state().ageDecision->requiredAge, 21);
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "approved:id-viewed");
    const AuditLog audit = all<AuditLog>(c).at(0);
    EXPECT_EQ(audit.details, "method=id-viewed age=21");
    EXPECT_EQ(audit.before, "age check: 'Beer' (alcohol 21+)");
    EXPECT_EQ(audit.after, "approved 21+ (id-viewed)");
    EXPECT_EQ(audit.saleUuid, "sale-1");
}

TEST(CheckoutAttendant, ChallengeAgeInTheReasonAndTheLooksOverMethod) {
    Kiosk k(setupFor("GB"));
    auto c = k.scan(cigars());
    EXPECT_EQ(all<AlertAttendant>(c).at(0).reason,
              "age check: 'Cigars' (tobacco 18+, Challenge 25)");
    c = k.ok(AttendantApproveAge{"ana", AgeCheckMethod::LooksOverThreshold});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "approved:looks-over-25");
    EXPECT_EQ(all<AuditLog>(c).at(0).details, "method=looks-over-25 age=18");
    EXPECT_EQ(k.state().ageDecision->method, AgeCheckMethod::LooksOverThreshold);
}

TEST(CheckoutAttendant, PolicyRestrictsWhatTheCatalogueDoesNot) {
    Kiosk gb(setupFor("GB"));
    auto c = gb.scan(knife());  // knives: no age in the catalogue, 18 in GB law
    EXPECT_TRUE(hasLock(gb.state(), LockKind::AgeCheckPending));
    EXPECT_EQ(gb.state().message, ShopperMessage::AgeCheckNeeded);
    Kiosk id(setupFor("ID"));
    c = id.scan(knife());  // no figure in the Indonesian table: not a restricted sale
    EXPECT_FALSE(hasLock(id.state(), LockKind::AgeCheckPending));
    EXPECT_EQ(id.state().message, ShopperMessage::ItemAdded);
    EXPECT_TRUE(all<AlertAttendant>(c).empty());
}

TEST(CheckoutAttendant, HigherAgeAfterApprovalAsksAgain) {
    Kiosk k;  // no country table: beer 18, whisky 21 from the catalogue
    k.scan(beer());
    k.ok(AttendantApproveAge{"ana", AgeCheckMethod::LooksOverThreshold});
    EXPECT_EQ(k.state().ageDecision->requiredAge, 18);
    auto c = k.scan(cigars());  // 18 as well: covered
    EXPECT_TRUE(all<AlertAttendant>(c).empty());
    c = k.scan(whisky());  // 21: the approval for 18 does not cover it
    ASSERT_EQ(all<AlertAttendant>(c).size(), 1u);
    EXPECT_EQ(all<AlertAttendant>(c)[0].reason, "age check: 'Whisky' (alcohol 21+)");
    EXPECT_EQ(k.state().message, ShopperMessage::AgeCheckNeeded);
    k.refused(PayPressed{}, RefusalCode::Locked);
    c = k.ok(AttendantApproveAge{"budi", AgeCheckMethod::IdScanned});
    EXPECT_EQ(k.state().ageDecision->requiredAge, 21);
    EXPECT_EQ(k.state().ageDecision->staffId, "budi");
    EXPECT_EQ(all<AuditLog>(c).at(0).details, "method=id-scanned age=21");
    c = k.scan(beer());
    EXPECT_TRUE(all<AlertAttendant>(c).empty());
}

TEST(CheckoutAttendant, RefusedRecheckKeepsWhatWasApproved) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());
    k.ok(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    k.scan(whisky());
    auto c = k.ok(AttendantRefuseAge{"ana"});
    ASSERT_EQ(k.state().cart.lines().size(), 2u);  // bread and beer stay; whisky goes
    EXPECT_EQ(k.state().cart.lines()[1].product.id, beer().id);
    EXPECT_FALSE(k.state().ageDecision->approved);
    EXPECT_EQ(k.state().ageDecision->requiredAge, 21);
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "refused");
    const AuditLog audit = all<AuditLog>(c).at(0);
    EXPECT_EQ(audit.action, "age.refuse");
    EXPECT_NE(audit.after.find("Whisky"), std::string::npos);
    EXPECT_EQ(audit.after.find("Beer"), std::string::npos);
    // No further restricted item in this transaction.
    c = k.scan(cigars());
    EXPECT_EQ(k.state().message, ShopperMessage::RestrictedNotAllowed);
    EXPECT_EQ(k.state().cart.lines().size(), 2u);
}

TEST(CheckoutAttendant, VoidingTheLineNeedingTheHighestAgeEasesTheCheck) {
    Kiosk k;
    k.scan(beer());
    k.scan(whisky());
    EXPECT_NE(findLock(k.state(), LockKind::AgeCheckPending)->reason.find("21+"),
              std::string::npos);
    auto c = k.ok(AttendantVoidLine{"ana", 2, "changed-mind"});
    EXPECT_TRUE(all<ClearAttendantAlert>(c).empty());  // beer still needs the check
    EXPECT_EQ(findLock(k.state(), LockKind::AgeCheckPending)->reason,
              "age check: 'Beer' (alcohol 18+)");
    c = k.ok(AttendantVoidLine{"ana", 1, "changed-mind"});
    ASSERT_EQ(all<ClearAttendantAlert>(c).size(), 1u);
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].staffId, "system");
    EXPECT_EQ(all<ClearAttendantAlert>(c)[0].how, "nothing-to-check");
}

// --- reason codes -------------------------------------------------------------------------------

TEST(CheckoutAttendant, ReasonCodesComeFromTheStoreList) {
    Kiosk k;
    k.scan(bread());
    k.scan(cigars());
    k.ok(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    Refusal r = k.refused(AttendantVoidLine{"ana", 1, "because"}, RefusalCode::InvalidInput);
    EXPECT_NE(r.reason.find("scan-error, changed-mind, damaged, price-dispute, other"),
              std::string::npos)
        << r.reason;
    r = k.refused(AttendantOverridePrice{"ana", 1, 1'000, "damagedd"}, RefusalCode::InvalidInput);
    EXPECT_NE(r.reason.find("shelf-price"), std::string::npos) << r.reason;
    r = k.refused(AttendantDiscountLine{"ana", 1, 10, "shelf-price"}, RefusalCode::InvalidInput);
    EXPECT_NE(r.reason.find("short-dated"), std::string::npos) << r.reason;
    r = k.refused(AttendantCancelTransaction{"ana", ""}, RefusalCode::InvalidInput);
    EXPECT_NE(r.reason.find("shopper-left"), std::string::npos) << r.reason;
    k.ok(AttendantVoidLine{"ana", 1, "scan-error"});
    k.ok(AttendantOverridePrice{"ana", 2, 30'000, "price-match"});
    k.ok(AttendantDiscountLine{"ana", 2, 10, "short-dated"});
    k.ok(AttendantCancelTransaction{"ana", "suspicious"});
}

TEST(CheckoutAttendant, StoreReplacesTheReasonList) {
    CheckoutSetup setup = makeSetup({});
    setup.reasons.voids = {{"oops", "Oops"}};
    setup.reasons.cancels = {};
    Kiosk k(setup);
    k.scan(bread());
    k.refused(AttendantVoidLine{"ana", 1, "scan-error"}, RefusalCode::InvalidInput);
    Refusal r = k.refused(AttendantCancelTransaction{"ana", "other"}, RefusalCode::InvalidInput);
    EXPECT_NE(r.reason.find("none are configured"), std::string::npos) << r.reason;
    k.ok(AttendantVoidLine{"ana", 1, "oops"});
}

// --- audit before and after --------------------------------------------------------------------

TEST(CheckoutAttendant, AuditRecordsBeforeAndAfter) {
    Kiosk k;
    k.scan(bread());
    k.scan(bread());
    k.scan(cigars());
    k.ok(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    auto c = k.ok(AttendantOverridePrice{"budi", 1, 12'000, "shelf-price"});
    AuditLog a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "price.override");
    EXPECT_EQ(a.staffId, "budi");
    EXPECT_EQ(a.saleUuid, "sale-1");
    EXPECT_EQ(a.before, "@ 15000");
    EXPECT_EQ(a.after, "@ 12000");
    EXPECT_EQ(a.at, k.now());
    c = k.ok(AttendantVoidLine{"ana", 2, "damaged"});
    a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "line.void");
    EXPECT_EQ(a.before, "'Cigars' x1 @ 40000");
    EXPECT_EQ(a.after, "removed");
    EXPECT_NE(a.details.find("damaged"), std::string::npos);
    c = k.ok(AttendantCancelTransaction{"ana", "shopper-left"});
    a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "transaction.cancel");
    EXPECT_EQ(a.before, "1 lines, total 24000");
    EXPECT_EQ(a.after, "cancelled");
    EXPECT_EQ(a.saleUuid, "sale-1");  // named although the sale is gone after the step
}

// --- discounts ---------------------------------------------------------------------------------

TEST(CheckoutAttendant, DiscountComesOffTheLine) {
    Kiosk k;
    k.scan(bread());
    k.scan(bread());  // 30'000
    auto c = k.ok(AttendantDiscountLine{"budi", 1, 20, "damaged"});
    EXPECT_EQ(k.state().message, ShopperMessage::DiscountApplied);
    const CartLine& line = k.state().cart.lines()[0];
    EXPECT_EQ(line.discountPercent, 20);
    EXPECT_EQ(line.discountReason, "damaged");
    ASSERT_EQ(k.state().priced.discounts.size(), 1u);
    EXPECT_EQ(k.state().priced.discounts[0], (AppliedDiscount{0, "Discount 20%", 1, 6'000}));
    EXPECT_EQ(k.state().priced.total, 24'000);
    EXPECT_EQ(all<PersistCart>(c).at(0).cart, k.state().cart);
    AuditLog a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "line.discount");
    EXPECT_EQ(a.before, "0% off, net 30000");
    EXPECT_EQ(a.after, "20% off, net 24000");
    // A new discount replaces the old one.
    c = k.ok(AttendantDiscountLine{"budi", 1, 50, "short-dated"});
    a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.before, "20% off, net 24000");
    EXPECT_EQ(a.after, "50% off, net 15000");
    // A scan of the same product starts a new line: the discount is for the units looked at.
    k.scan(bread());
    EXPECT_EQ(k.state().cart.lines().size(), 2u);
    EXPECT_EQ(k.state().priced.total, 15'000 + 15'000);
    // Journaled like any other discount.
    k.ok(PayPressed{});
    c = k.ok(PaymentApproved{cardTender(30'000)});
    const SaleRecord sale = all<CompleteSale>(c).at(0).sale;
    ASSERT_EQ(sale.discounts.size(), 1u);
    EXPECT_EQ(sale.discounts[0].label, "Discount 50%");
    EXPECT_EQ(sale.discountTotal, 15'000);
    EXPECT_EQ(sale.lines[0].net, 15'000);
}

TEST(CheckoutAttendant, FreeByDiscountNeverNegative) {
    Kiosk k;
    k.scan(bread());
    k.ok(AttendantDiscountLine{"budi", 1, 100, "goodwill"});
    EXPECT_EQ(k.state().priced.total, 0);
    auto c = k.ok(PayPressed{});  // nothing to charge
    EXPECT_EQ(all<StartPayment>(c).size(), 0u);
    EXPECT_EQ(all<CompleteSale>(c).at(0).sale.total, 0);
}

TEST(CheckoutAttendant, DiscountRefusals) {
    Kiosk k;
    k.refused(AttendantDiscountLine{"budi", 1, 10, "damaged"}, RefusalCode::WrongPhase);
    k.scan(bread());
    k.refused(AttendantDiscountLine{"budi", 1, 0, "damaged"}, RefusalCode::InvalidInput);
    k.refused(AttendantDiscountLine{"budi", 1, 101, "damaged"}, RefusalCode::InvalidInput);
    k.refused(AttendantDiscountLine{"budi", 1, -5, "damaged"}, RefusalCode::InvalidInput);
    k.refused(AttendantDiscountLine{"budi", 7, 10, "damaged"}, RefusalCode::NoSuchLine);
    k.refused(AttendantDiscountLine{"", 1, 10, "damaged"}, RefusalCode::InvalidInput);
    k.ok(PayPressed{});
    k.refused(AttendantDiscountLine{"budi", 1, 10, "damaged"}, RefusalCode::Busy);
}

TEST(CheckoutAttendant, RequiredActionPerEvent) {
    EXPECT_EQ(requiredAction(AttendantApproveAge{}), StaffAction::ApproveAge);
    EXPECT_EQ(requiredAction(AttendantRefuseAge{}), StaffAction::ApproveAge);
    EXPECT_EQ(requiredAction(AttendantApproveEdit{}), StaffAction::ApproveRemoval);
    EXPECT_EQ(requiredAction(AttendantVoidLine{}), StaffAction::VoidLine);
    EXPECT_EQ(requiredAction(AttendantOverridePrice{}), StaffAction::PriceOverride);
    EXPECT_EQ(requiredAction(AttendantDiscountLine{}), StaffAction::Discount);
    EXPECT_EQ(requiredAction(AttendantClearLock{}), StaffAction::ClearLock);
    EXPECT_EQ(requiredAction(AttendantCancelTransaction{}), StaffAction::CancelTransaction);
    EXPECT_EQ(requiredAction(AttendantSuspendTransaction{}), StaffAction::SuspendTransaction);
    for (const Event& e : {Event{Tick{}}, Event{Touch{}}, Event{AttendantRaiseIntervention{}},
                           Event{ResumeSuspended{}}, Event{PayPressed{}}, Event{CartSuspended{}},
                           Event{CancelTransaction{}}, Event{HelpPressed{}}})
        EXPECT_EQ(requiredAction(e), std::nullopt) << eventName(e);
}

TEST(CheckoutAttendant, NewNamesAreStable) {
    EXPECT_EQ(lockKindName(LockKind::PriceCheck), "PriceCheck");
    EXPECT_EQ(lockKindName(LockKind::PaymentProblem), "PaymentProblem");
    EXPECT_EQ(lockKindName(LockKind::DeviceFault), "DeviceFault");
    EXPECT_EQ(eventName(Event{AttendantDiscountLine{}}), "AttendantDiscountLine");
    EXPECT_EQ(eventName(Event{SuspendedNotFound{}}), "SuspendedNotFound");
    EXPECT_EQ(eventName(Event{ResumeSuspended{}}), "ResumeSuspended");
    EXPECT_EQ(commandName(Command{SuspendCart{}}), "SuspendCart");
    EXPECT_EQ(commandName(Command{PrintSuspendSlip{}}), "PrintSuspendSlip");
    EXPECT_EQ(commandName(Command{LoadSuspended{}}), "LoadSuspended");
    EXPECT_EQ(shopperMessageName(ShopperMessage::TransactionSuspended), "TransactionSuspended");
    EXPECT_EQ(shopperMessageName(ShopperMessage::ResumeFailed), "ResumeFailed");
    EXPECT_EQ(shopperMessageName(ShopperMessage::DiscountApplied), "DiscountApplied");
    EXPECT_EQ(shopperMessageName(ShopperMessage::CartResumed), "CartResumed");
}

// --- suspend and resume ------------------------------------------------------------------------

TEST(CheckoutAttendant, SuspendPutsTheSaleAside) {
    Kiosk k;
    k.scan(bread());
    k.scan(beer());  // age check pending
    k.ok(HelpPressed{});
    const Timestamp started = k.state().startedAt;
    auto c = k.ok(AttendantSuspendTransaction{"ana", "12345678"});
    EXPECT_EQ(names(c), (Names{"SuspendCart"}));
    const SuspendCart cmd = all<SuspendCart>(c).at(0);
    EXPECT_EQ(cmd.code, "12345678");
    EXPECT_EQ(cmd.staffId, "ana");
    EXPECT_EQ(cmd.saleUuid, "sale-1");
    EXPECT_EQ(cmd.startedAt, started);
    EXPECT_EQ(cmd.language, "en");
    EXPECT_EQ(cmd.cart, k.state().cart);
    EXPECT_EQ(k.state().suspending, "12345678");
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    // Nothing changes the cart while storage saves it.
    k.refused(BarcodeScanned{kBreadCode, "]E0", ""}, RefusalCode::Busy);
    k.refused(AttendantVoidLine{"ana", 1, "damaged"}, RefusalCode::Busy);
    k.refused(PayPressed{}, RefusalCode::Busy);
    k.refused(AttendantCancelTransaction{"ana", "other"}, RefusalCode::Busy);
    k.refused(AttendantSuspendTransaction{"ana", "12345679"}, RefusalCode::Busy);
    k.refused(CartSuspended{"99999999"}, RefusalCode::Unexpected);  // another code
    EXPECT_EQ(k.machine().nextTimeout(k.state()), std::nullopt);    // no inactivity cancel

    c = k.ok(CartSuspended{"12345678"});
    const auto clears = all<ClearAttendantAlert>(c);
    ASSERT_EQ(clears.size(), 2u);  // help and the age check
    for (const auto& cl : clears) {
        EXPECT_EQ(cl.staffId, "ana");
        EXPECT_EQ(cl.how, "suspended");
    }
    const PrintSuspendSlip slip = all<PrintSuspendSlip>(c).at(0);
    EXPECT_EQ(slip.code, "12345678");
    EXPECT_EQ(slip.total, 40'000);
    EXPECT_EQ(slip.lines, 2);
    const AuditLog a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "transaction.suspend");
    EXPECT_EQ(a.staffId, "ana");
    EXPECT_EQ(a.saleUuid, "sale-1");
    EXPECT_EQ(a.before, "2 lines, total 40000");
    EXPECT_EQ(a.after, "suspended under code 12345678");
    EXPECT_EQ(all<ClearPersistedCart>(c).size(), 0u);  // SuspendCart took it off already
    EXPECT_EQ(k.state().phase, Phase::Finished);
    EXPECT_EQ(k.state().message, ShopperMessage::TransactionSuspended);
    EXPECT_TRUE(k.state().locks.empty());
    EXPECT_TRUE(k.state().suspending.empty());
    ASSERT_TRUE(k.state().lastSale);
    EXPECT_EQ(*k.state().lastSale,
              (LastSale{"sale-1", SaleOutcome::Suspended, 0, 40'000, "12345678"}));
    k.tickAt(k.now() + 5'000);
    EXPECT_EQ(k.state().phase, Phase::Attract);
}

TEST(CheckoutAttendant, SuspendRefusals) {
    Kiosk k;
    k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::NoTransaction);
    k.ok(Touch{"sale-1"});
    k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::EmptyCart);
    k.scan(bread());
    k.refused(AttendantSuspendTransaction{"ana", "1234567"}, RefusalCode::InvalidInput);
    k.refused(AttendantSuspendTransaction{"ana", "1234567x"}, RefusalCode::InvalidInput);
    k.refused(AttendantSuspendTransaction{"", "12345678"}, RefusalCode::InvalidInput);
    k.ok(BarcodeScanned{kBreadCode, "]E0", ""});
    k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::Busy);  // lookup
    k.ok(LookupResult{kBreadCode, bread()});
    k.ok(ItemPicked{bananas(), ""});
    k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::Busy);  // weighing
    k.ok(CancelWeighing{});
    k.ok(PayPressed{});
    k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::Busy);  // at terminal
    k.ok(PaymentDeclined{DeclineReason::Refused, ""});
    k.ok(AttendantSuspendTransaction{"ana", "12345678"});  // declined: nothing taken
    k.ok(SuspendFailed{"disk full"});
    k.ok(AttendantClearLock{"ana", LockKind::Intervention});
    k.ok(PayPressed{});
    k.ok(PaymentApproved{cardTender(10'000)});  // a partial tender is kept
    Refusal r = k.refused(AttendantSuspendTransaction{"ana", "12345678"}, RefusalCode::Locked);
    EXPECT_NE(r.reason.find("tender"), std::string::npos) << r.reason;
}

TEST(CheckoutAttendant, SuspendFailedKeepsTheCart) {
    Kiosk k;
    k.scan(bread());
    const Cart cart = k.state().cart;
    k.ok(AttendantSuspendTransaction{"ana", "12345678"});
    auto c = k.ok(SuspendFailed{"database is locked"});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().cart, cart);
    EXPECT_TRUE(k.state().suspending.empty());
    ASSERT_TRUE(hasLock(k.state(), LockKind::Intervention));
    EXPECT_EQ(all<AlertAttendant>(c).at(0).reason, "suspend failed: database is locked");
    EXPECT_EQ(k.state().message, ShopperMessage::CallStaff);
    k.refused(SuspendFailed{"again"}, RefusalCode::Unexpected);
    // Staff may try again under a lock: suspending clears it.
    k.ok(AttendantSuspendTransaction{"ana", "22223333"});
    c = k.ok(CartSuspended{"22223333"});
    EXPECT_EQ(all<ClearAttendantAlert>(c).at(0).how, "suspended");
}

Cart twoBeers() {
    Cart cart;
    EXPECT_TRUE(cart.addUnits(beer(), kBeerCode, 2));
    EXPECT_TRUE(cart.addUnits(bread(), kBreadCode, 1));
    return cart;
}

TEST(CheckoutAttendant, ResumeFromAttract) {
    Kiosk k(setupFor("ID"));
    auto c = k.ok(ResumeSuspended{"12345678", ""});  // the shopper scanned the slip
    EXPECT_EQ(names(c), (Names{"LoadSuspended"}));
    EXPECT_EQ(all<LoadSuspended>(c).at(0).code, "12345678");
    EXPECT_EQ(k.state().resuming, "12345678");
    EXPECT_EQ(k.state().phase, Phase::Attract);
    k.refused(Touch{"sale-x"}, RefusalCode::Busy);
    k.refused(BarcodeScanned{kBreadCode, "]E0", "sale-x"}, RefusalCode::Busy);
    k.refused(ResumeSuspended{"12345678", ""}, RefusalCode::Busy);
    k.refused(SuspendedLoaded{"87654321", "s", 0, "en", Cart{}}, RefusalCode::Unexpected);

    c = k.ok(SuspendedLoaded{"12345678", "sale-old", kT0 - 60'000, "id", twoBeers()});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().saleUuid, "sale-old");  // keeps its uuid and start
    EXPECT_EQ(k.state().startedAt, kT0 - 60'000);
    EXPECT_EQ(k.state().language, "id");
    EXPECT_EQ(k.state().cart, twoBeers());
    EXPECT_EQ(k.state().priced.total, 2 * 25'000 + 15'000);  // repriced
    EXPECT_TRUE(k.state().resuming.empty());
    EXPECT_EQ(k.state().message, ShopperMessage::CartResumed);
    // The age check is asked again, with the store's policy.
    ASSERT_EQ(all<AlertAttendant>(c).size(), 1u);
    EXPECT_EQ(all<AlertAttendant>(c)[0].reason, "age check (resumed cart): 'Beer' (alcohol 21+)");
    EXPECT_EQ(all<AlertAttendant>(c)[0].saleUuid, "sale-old");
    EXPECT_EQ(all<PersistCart>(c).at(0).saleUuid, "sale-old");
    const AuditLog a = all<AuditLog>(c).at(0);
    EXPECT_EQ(a.action, "transaction.resume");
    EXPECT_EQ(a.staffId, "shopper");
    EXPECT_EQ(a.saleUuid, "sale-old");
    EXPECT_EQ(a.before, "suspended under code 12345678");
    EXPECT_EQ(a.after, "2 lines, total 65000");
    k.ok(AttendantApproveAge{"ana", AgeCheckMethod::IdViewed});
    k.payAndCommit(7);
    EXPECT_EQ(k.state().lastSale->saleUuid, "sale-old");
}

TEST(CheckoutAttendant, ResumeOnTheSameKioskAfterSuspending) {
    Kiosk k;
    k.scan(bread());
    const Cart cart = k.state().cart;
    k.ok(AttendantSuspendTransaction{"ana", "12345678"});
    k.ok(CartSuspended{"12345678"});
    ASSERT_EQ(k.state().phase, Phase::Finished);
    k.ok(ResumeSuspended{"12345678", "budi"});  // the attendant types it at once
    auto c = k.ok(SuspendedLoaded{"12345678", "sale-1", kT0, "en", cart});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
    EXPECT_EQ(k.state().saleUuid, "sale-1");  // the same uuid as the suspended one is fine
    EXPECT_EQ(all<AuditLog>(c).at(0).staffId, "budi");
    EXPECT_TRUE(all<AlertAttendant>(c).empty());  // bread needs no check
}

TEST(CheckoutAttendant, ResumeOnAnEmptyShoppingCart) {
    Kiosk k;
    k.ok(Touch{"sale-1"});
    k.ok(ResumeSuspended{"12345678", ""});
    k.ok(SuspendedLoaded{"12345678", "sale-9", kT0, "", twoBeers()});
    EXPECT_EQ(k.state().saleUuid, "sale-9");
    EXPECT_EQ(k.state().language, "en");                                  // none saved: the default
    k.refused(ResumeSuspended{"11111111", ""}, RefusalCode::WrongPhase);  // a cart is open
    k.ok(ReviewPressed{});
    k.refused(ResumeSuspended{"11111111", ""}, RefusalCode::WrongPhase);
}

TEST(CheckoutAttendant, ResumeNotFound) {
    Kiosk k;
    k.ok(ResumeSuspended{"12345678", ""});
    k.refused(SuspendedNotFound{"87654321", "x"}, RefusalCode::Unexpected);
    auto c = k.ok(SuspendedNotFound{"12345678", "already resumed"});
    EXPECT_EQ(names(c), (Names{"PlaySound"}));
    EXPECT_EQ(all<PlaySound>(c).at(0).sound, Sound::Error);
    EXPECT_EQ(k.state().message, ShopperMessage::ResumeFailed);
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_TRUE(k.state().resuming.empty());
    k.refused(SuspendedNotFound{"12345678", "again"}, RefusalCode::Unexpected);
    k.ok(Touch{"sale-2"});  // the kiosk works as before
}

TEST(CheckoutAttendant, ResumeAnswerAfterTheThankYouTimedOut) {
    Kiosk k;
    k.scan(bread());
    k.ok(AttendantSuspendTransaction{"ana", "12345678"});
    k.ok(CartSuspended{"12345678"});
    k.ok(ResumeSuspended{"87654321", ""});
    k.tickAt(k.now() + 60'000);  // Finished times out while storage is slow
    EXPECT_EQ(k.state().phase, Phase::Attract);
    EXPECT_EQ(k.state().resuming, "87654321");
    k.ok(SuspendedLoaded{"87654321", "sale-7", kT0, "en", twoBeers()});
    EXPECT_EQ(k.state().phase, Phase::Shopping);
}

TEST(CheckoutAttendant, ResumeRefusals) {
    Kiosk k;
    k.refused(ResumeSuspended{"1234", ""}, RefusalCode::InvalidInput);
    k.refused(ResumeSuspended{"KASIR-SUSPENDED:12345678", ""}, RefusalCode::InvalidInput);
    k.refused(ResumeSuspended{"12345678", std::string(200, 'a')}, RefusalCode::InvalidInput);
    k.refused(SuspendedLoaded{"12345678", "s", 0, "en", Cart{}}, RefusalCode::Unexpected);
    k.ok(ResumeSuspended{"12345678", ""});
    k.refused(SuspendedLoaded{"12345678", "", 0, "en", Cart{}}, RefusalCode::InvalidInput);
    k.refused(SuspendedLoaded{"12345678", "s", 0, "not a language", Cart{}},
              RefusalCode::InvalidInput);
    k.refused(BarcodeScanned{kBreadCode, "]E0", "sale-1"}, RefusalCode::Busy);  // still loading
}

}  // namespace
}  // namespace kiosk
