// The executor's staff, intervention, audit and suspend work against a real SQLite store (a
// second connection to the same file checks what landed), with the stand-in devices.
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <filesystem>
#include <thread>

#include "kiosk/app/executor.hpp"
#include "kiosk/app/stand_ins.hpp"
#include "kiosk/staff/staff_service.hpp"
#include "kiosk/storage/store.hpp"

using namespace kiosk;
using namespace kiosk::app;

namespace {

class ExecutorStaff : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("kasir-executor-staff-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "store.db").string();
        auto setup = storage::Store::open(path_);
        ASSERT_TRUE(setup.ok()) << setup.error().message;
        check_ = std::move(*setup);
        staff::StaffService admin(*check_, {LockoutPolicy{}, staff::HashCost::minimum(), "k1"});
        storage::StaffMember ana;
        ana.id = "1";
        ana.name = "Ana";
        ana.role = Role::Attendant;
        ASSERT_TRUE(admin.addMember(ana, "1357", "admin:test", 1000).ok());
        payment_ = makeStandInPayment("", 0, {});
        printer_ = makeLogPrinter("");
        scale_ = makeStandInScale(0, 0, {});
    }
    void TearDown() override {
        executor_.reset();
        check_.reset();
        std::filesystem::remove_all(dir_);
    }

    Executor& executor() {
        if (!executor_) {
            auto store = storage::Store::open(path_);
            EXPECT_TRUE(store.ok());
            ExecutorSetup es;
            es.kioskId = "k1";
            es.staff.cost = staff::HashCost::minimum();
            executor_ = std::make_unique<Executor>(std::move(*store), es, queue_, *payment_,
                                                   *printer_, *scale_);
        }
        return *executor_;
    }

    // The next thing the executor posts (its workers answer asynchronously).
    Posted next() {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < until) {
            auto items = queue_.drain();
            for (auto& i : items)
                pending_.push_back(std::move(i));
            if (!pending_.empty()) {
                Posted p = std::move(pending_.front());
                pending_.erase(pending_.begin());
                return p;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ADD_FAILURE() << "nothing was posted";
        return AppNotice{};
    }

    static Cart oneLineCart() {
        Product p;
        p.id = 7;
        p.gtin = "08076809570787";
        p.names["en"] = "Bread";
        p.price = 12'500;
        p.taxClass = "PPN";
        Cart cart;
        EXPECT_TRUE(cart.addUnits(p, "08076809570787", 2).ok());
        return cart;
    }

    std::filesystem::path dir_;
    std::string path_;
    std::unique_ptr<storage::Store> check_;
    EventQueue queue_;
    std::vector<Posted> pending_;
    std::unique_ptr<PaymentPort> payment_;
    std::unique_ptr<PrinterPort> printer_;
    std::unique_ptr<ScalePort> scale_;
    std::unique_ptr<Executor> executor_;
};

TEST_F(ExecutorStaff, LocksBecomeInterventionsOpenedAndClosedInTheStore) {
    executor().execute(AlertAttendant{LockKind::AgeCheckPending, "beer 21+", 5000, "sale-1"});
    executor().flush();
    auto open = check_->openInterventions("k1");
    ASSERT_TRUE(open.ok()) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].kind, "AgeCheckPending");
    EXPECT_EQ((*open)[0].reason, "beer 21+");
    EXPECT_EQ((*open)[0].saleUuid, "sale-1");
    EXPECT_EQ((*open)[0].start, 5000);

    executor().execute(ClearAttendantAlert{LockKind::AgeCheckPending, "1", "approved:id-viewed"});
    executor().flush();
    open = check_->openInterventions("k1");
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->empty());
    auto all = check_->interventions(0, INT64_MAX);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0].clearedBy, "1");
    EXPECT_EQ((*all)[0].how, "approved:id-viewed");
    EXPECT_GT((*all)[0].end, 0);
}

TEST_F(ExecutorStaff, InterventionsLeftOpenAreClosedAtStartUpForThisKioskOnly) {
    ASSERT_TRUE(check_->openIntervention("k1", "HelpRequested", "help", "s", 100).ok());
    ASSERT_TRUE(check_->openIntervention("k2", "UnknownItem", "?", "t", 100).ok());
    executor().closeStaleInterventions(2000);
    auto mine = check_->openInterventions("k1");
    ASSERT_TRUE(mine.ok());
    EXPECT_TRUE(mine->empty());
    auto other = check_->openInterventions("k2");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->size(), 1u);
    auto all = check_->interventions(0, INT64_MAX);
    ASSERT_TRUE(all.ok());
    bool found = false;
    for (const auto& r : *all)
        if (r.kioskId == "k1") {
            found = true;
            EXPECT_EQ(r.clearedBy, "system");
            EXPECT_EQ(r.how, "kiosk-restarted");
            EXPECT_EQ(r.end, 2000);
        }
    EXPECT_TRUE(found);
}

TEST_F(ExecutorStaff, AuditEntriesKeepSaleBeforeAndAfter) {
    executor().execute(AuditLog{3000, "price.override", "2", "shelf-price", "sale-9",
                                "Bread x1 @ 12500", "@ 9000"});
    executor().flush();
    auto rows = check_->audit(10);
    ASSERT_TRUE(rows.ok());
    ASSERT_FALSE(rows->empty());
    const auto& newest = rows->front();
    EXPECT_EQ(newest.action, "price.override");
    EXPECT_EQ(newest.kioskId, "k1");
    EXPECT_EQ(newest.staffId, "2");
    EXPECT_EQ(newest.saleUuid, "sale-9");
    EXPECT_EQ(newest.before, "Bread x1 @ 12500");
    EXPECT_EQ(newest.after, "@ 9000");
}

TEST_F(ExecutorStaff, SuspendTakenCodeAndResumeOnce) {
    const Cart cart = oneLineCart();
    executor().execute(SuspendCart{"12345678", "1", "sale-a", 1000, "en", cart});
    Posted p = next();
    ASSERT_TRUE(std::holds_alternative<Event>(p));
    ASSERT_TRUE(std::holds_alternative<CartSuspended>(std::get<Event>(p)));
    EXPECT_EQ(std::get<CartSuspended>(std::get<Event>(p)).code, "12345678");

    // Another sale under the same code: storage refuses, the app is told to draw again.
    executor().execute(SuspendCart{"12345678", "1", "sale-b", 1000, "en", cart});
    p = next();
    ASSERT_TRUE(std::holds_alternative<Event>(p));
    const auto* failed = std::get_if<SuspendFailed>(&std::get<Event>(p));
    ASSERT_NE(failed, nullptr);
    EXPECT_EQ(failed->message, kSuspendCodeTaken);

    executor().execute(LoadSuspended{"12345678"});
    p = next();
    ASSERT_TRUE(std::holds_alternative<Event>(p));
    const auto* loaded = std::get_if<SuspendedLoaded>(&std::get<Event>(p));
    ASSERT_NE(loaded, nullptr);
    EXPECT_EQ(loaded->saleUuid, "sale-a");
    EXPECT_EQ(loaded->startedAt, 1000);
    EXPECT_EQ(loaded->cart, cart);

    executor().execute(LoadSuspended{"12345678"});
    p = next();
    ASSERT_TRUE(std::holds_alternative<Event>(p));
    EXPECT_TRUE(std::holds_alternative<SuspendedNotFound>(std::get<Event>(p)));
    executor().execute(LoadSuspended{"87654321"});
    p = next();
    ASSERT_TRUE(std::holds_alternative<Event>(p));
    const auto* unknown = std::get_if<SuspendedNotFound>(&std::get<Event>(p));
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->message, "no suspended transaction has this code");
}

TEST_F(ExecutorStaff, SignInOnTheStorageThreadThenAuthorizeBeforeTheMachine) {
    executor().signInWithPin("1", "9999", 10'000);
    Posted p = next();
    ASSERT_TRUE(std::holds_alternative<AppNotice>(p));
    auto n = std::get<AppNotice>(p);
    ASSERT_EQ(n.kind, AppNotice::Kind::StaffSignIn);
    ASSERT_TRUE(n.signIn.has_value());
    EXPECT_FALSE(n.signIn->ok());
    EXPECT_EQ(n.signIn->failure.problem, staff::SignInProblem::UnknownOrWrong);
    EXPECT_EQ(n.signIn->failure.failuresLeft, 4);

    executor().signInWithPin("1", "1357", 11'000);
    p = next();
    n = std::get<AppNotice>(p);
    ASSERT_TRUE(n.signIn && n.signIn->ok());
    const staff::Session session = *n.signIn->session;
    EXPECT_EQ(session.staffId, "1");
    EXPECT_EQ(session.name, "Ana");
    EXPECT_EQ(session.role, Role::Attendant);
    EXPECT_EQ(n.permissions, defaultPermissions());
    EXPECT_FALSE(n.onShift);

    // An attendant may not override a price: refused, the event comes back unhandled, audited.
    const Event override = AttendantOverridePrice{"1", 1, 9000, "shelf-price"};
    executor().authorize(session, override, StaffAction::PriceOverride, 12'000);
    n = std::get<AppNotice>(next());
    ASSERT_EQ(n.kind, AppNotice::Kind::StaffAuthorized);
    EXPECT_FALSE(n.allowed);
    ASSERT_TRUE(n.event.has_value());
    EXPECT_TRUE(std::holds_alternative<AttendantOverridePrice>(*n.event));
    auto denied = check_->audit(5);
    ASSERT_TRUE(denied.ok());
    ASSERT_FALSE(denied->empty());
    EXPECT_EQ(denied->front().action, "permission.denied");

    executor().authorize(session, AttendantApproveAge{"1", AgeCheckMethod::IdViewed},
                         StaffAction::ApproveAge, 13'000);
    n = std::get<AppNotice>(next());
    EXPECT_TRUE(n.allowed);
    executor().authorizeAction(session, StaffAction::OpenDrawer, 13'500);
    n = std::get<AppNotice>(next());
    EXPECT_FALSE(n.allowed);
    EXPECT_FALSE(n.event.has_value());
    EXPECT_EQ(n.path, "open-drawer");

    executor().clockInOut("1", true, 14'000);
    n = std::get<AppNotice>(next());
    ASSERT_EQ(n.kind, AppNotice::Kind::ShiftChanged);
    EXPECT_TRUE(n.onShift);
    EXPECT_TRUE(n.text.empty()) << n.text;
    executor().clockInOut("1", false, 15'000);
    n = std::get<AppNotice>(next());
    EXPECT_FALSE(n.onShift);

    executor().signOut(session, "idle", 16'000);
    executor().flush();
    auto rows = check_->audit(1);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().action, "staff.signout");
    EXPECT_NE(rows->front().details.find("idle"), std::string::npos) << rows->front().details;
}

TEST_F(ExecutorStaff, ABadgeSignsInAndAForgedOneIsRefused) {
    staff::StaffService admin(*check_, {LockoutPolicy{}, staff::HashCost::minimum(), "k1"});
    auto badge = admin.issueBadge("1", "admin:test", 2000);
    ASSERT_TRUE(badge.ok()) << badge.error().message;
    executor().signInWithBadge(*badge, 3000);
    auto n = std::get<AppNotice>(next());
    ASSERT_TRUE(n.signIn && n.signIn->ok());
    EXPECT_EQ(n.signIn->session->method, "badge");
    executor().signInWithBadge("KASIR-STAFF:1:00000000000000000000000000000000", 4000);
    n = std::get<AppNotice>(next());
    ASSERT_TRUE(n.signIn.has_value());
    EXPECT_FALSE(n.signIn->ok());
    EXPECT_EQ(n.signIn->failure.problem, staff::SignInProblem::BadBadge);
}

}  // namespace
