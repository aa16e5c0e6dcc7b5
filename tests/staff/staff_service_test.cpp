// StaffService over a real store database in a temporary directory: sign-in by PIN and badge,
// the lockout under a brute force, permissions per role and action, and every change audited
// in the same transaction as the change.
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "forwarding_store.hpp"
#include "kiosk/staff/pin_checks.hpp"
#include "kiosk/staff/staff_service.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::staff;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr Timestamp kStart = 1'795'651'200'000;  // 2026-11-26 00:00 UTC
constexpr Millis kMinute = 60'000;

class StaffServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("kasir-staff-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        auto opened = storage::Store::open((dir_ / "store.db").string());
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::make_unique<storage::ForwardingStore>(std::move(*opened));
        service_ = std::make_unique<StaffService>(*store_, options());
        add("1", "Ana", Role::Attendant, "1357");
        add("2", "Budi", Role::Supervisor, "2468");
        add("3", "Citra", Role::Manager, "8024");
    }
    void TearDown() override {
        service_.reset();
        store_.reset();
        fs::remove_all(dir_);
    }

    static StaffServiceOptions options() {
        StaffServiceOptions o;
        o.cost = HashCost::minimum();
        o.kioskId = "k1";
        return o;
    }

    void add(std::string id, std::string name, Role role, std::string pin) {
        storage::StaffMember member;
        member.id = std::move(id);
        member.name = std::move(name);
        member.role = role;
        auto added = service_->addMember(member, pin, "admin:test", kStart);
        ASSERT_TRUE(added) << added.error().message;
    }

    storage::StaffMember member(std::string_view id) {
        auto found = store_->staffMember(id);
        EXPECT_TRUE(found && *found);
        return found && *found ? **found : storage::StaffMember{};
    }

    std::vector<storage::AuditEntry> auditRows(std::string action = {}) {
        storage::AuditFilter filter;
        filter.action = std::move(action);
        filter.limit = 1'000'000;
        auto rows = store_->audit(filter);
        EXPECT_TRUE(rows) << rows.error().message;
        return rows ? *rows : std::vector<storage::AuditEntry>{};
    }

    size_t auditCount() { return auditRows().size(); }

    fs::path dir_;
    std::unique_ptr<storage::ForwardingStore> store_;
    std::unique_ptr<StaffService> service_;
};

TEST_F(StaffServiceTest, RightPinSignsInAndIsAudited) {
    const auto result = service_->signInWithPin("2", "2468", kStart + kMinute);
    ASSERT_TRUE(result.ok()) << result.failure.message;
    EXPECT_EQ(*result.session, (Session{"2", "Budi", Role::Supervisor, "pin", kStart + kMinute}));
    const auto rows = auditRows("staff.signin");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].staffId, "2");
    EXPECT_EQ(rows[0].kioskId, "k1");
    EXPECT_EQ(rows[0].at, kStart + kMinute);
}

TEST_F(StaffServiceTest, UnknownIdAndWrongPinGiveTheSameWords) {
    const auto unknown = service_->signInWithPin("99", "2468", kStart);
    const auto wrong = service_->signInWithPin("2", "2469", kStart);
    ASSERT_FALSE(unknown.ok());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(unknown.failure.problem, SignInProblem::UnknownOrWrong);
    EXPECT_EQ(wrong.failure.problem, SignInProblem::UnknownOrWrong);
    EXPECT_EQ(unknown.failure.message, wrong.failure.message);
    EXPECT_EQ(wrong.failure.failuresLeft, 4);
    EXPECT_EQ(member("2").failedPins, 1);
    // Both audited; the unknown id typed is not recorded (it could be a PIN typed there).
    const auto failed = auditRows("staff.signin.failed");
    ASSERT_EQ(failed.size(), 2u);
    for (const auto& row : failed) {
        EXPECT_EQ(row.details.find("99"), std::string::npos) << row.details;
    }
}

TEST_F(StaffServiceTest, APinNeverReachesTheAuditLog) {
    (void)service_->signInWithPin("1", "9753", kStart);
    (void)service_->signInWithPin("1", "1357", kStart);
    (void)service_->signInWithPin("4711", "4711", kStart);
    ASSERT_TRUE(service_->resetPin("1", "6420", "admin:test", kStart));
    for (const auto& row : auditRows())
        for (const std::string* field : {&row.details, &row.before, &row.after, &row.staffId})
            for (const char* pin : {"9753", "1357", "4711", "6420"})
                EXPECT_EQ(field->find(pin), std::string::npos) << row.action << ": " << *field;
}

TEST_F(StaffServiceTest, AGoodPinResetsTheRunOfFailures) {
    for (int i = 0; i < 4; ++i)
        EXPECT_FALSE(service_->signInWithPin("1", "0000", kStart).ok());
    EXPECT_EQ(member("1").failedPins, 4);
    EXPECT_TRUE(service_->signInWithPin("1", "1357", kStart).ok());
    EXPECT_EQ(member("1").failedPins, 0);
    // Four more wrong ones do not lock: the run started again.
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(service_->signInWithPin("1", "0000", kStart).failure.problem,
                  SignInProblem::UnknownOrWrong);
    EXPECT_EQ(member("1").lockedUntil, 0);
}

TEST_F(StaffServiceTest, FiveWrongPinsLockAndTheRightPinIsRefusedUntilItOpens) {
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(service_->signInWithPin("1", "0000", kStart).failure.failuresLeft, 4 - i);
    const auto fifth = service_->signInWithPin("1", "0000", kStart);
    EXPECT_EQ(fifth.failure.problem, SignInProblem::LockedOut);
    EXPECT_EQ(fifth.failure.until, kStart + kMinute);
    EXPECT_EQ(auditRows("staff.lockout").size(), 1u);

    const uint64_t checked = pinChecksSoFar();
    const auto locked = service_->signInWithPin("1", "1357", kStart + kMinute - 1);
    EXPECT_EQ(locked.failure.problem, SignInProblem::LockedOut);
    EXPECT_THAT(locked.failure.message, HasSubstr("locked"));
    EXPECT_EQ(pinChecksSoFar(), checked) << "a locked account's PIN was checked";
    EXPECT_EQ(auditRows("staff.signin.locked").size(), 1u);

    EXPECT_TRUE(service_->signInWithPin("1", "1357", kStart + kMinute).ok());
    // The second lockout lasts 4 minutes.
    for (int i = 0; i < 5; ++i)
        (void)service_->signInWithPin("1", "0000", kStart + 2 * kMinute);
    EXPECT_EQ(member("1").lockedUntil, kStart + 6 * kMinute);
    EXPECT_EQ(member("1").lockouts, 2);
}

TEST_F(StaffServiceTest, UnlockAndResetPinOpenTheAccountAndResetTheCount) {
    for (int i = 0; i < 5; ++i)
        (void)service_->signInWithPin("1", "0000", kStart);
    ASSERT_TRUE(service_->unlock("1", "admin:test", kStart + 1));
    EXPECT_EQ(member("1").lockedUntil, 0);
    EXPECT_EQ(member("1").lockouts, 0);
    EXPECT_TRUE(service_->signInWithPin("1", "1357", kStart + 2).ok());
    for (int i = 0; i < 5; ++i)
        (void)service_->signInWithPin("1", "0000", kStart + 3);
    EXPECT_EQ(member("1").lockedUntil, kStart + 3 + kMinute) << "the count started again";
    ASSERT_TRUE(service_->resetPin("1", "6420", "admin:test", kStart + 4));
    EXPECT_FALSE(service_->signInWithPin("1", "1357", kStart + 5).ok());
    EXPECT_TRUE(service_->signInWithPin("1", "6420", kStart + 5).ok());
    EXPECT_EQ(auditRows("staff.unlock").size(), 1u);
    EXPECT_EQ(auditRows("staff.pin.reset").size(), 1u);
}

TEST_F(StaffServiceTest, AnInactiveMemberCannotSignIn) {
    ASSERT_TRUE(service_->setActive("1", false, "admin:test", kStart));
    const auto result = service_->signInWithPin("1", "1357", kStart);
    EXPECT_EQ(result.failure.problem, SignInProblem::Inactive);
    auto badge = service_->issueBadge("1", "admin:test", kStart);
    ASSERT_TRUE(badge);
    EXPECT_EQ(service_->signInWithBadge(*badge, kStart).failure.problem, SignInProblem::Inactive);
    ASSERT_TRUE(service_->setActive("1", true, "admin:test", kStart));
    EXPECT_TRUE(service_->signInWithPin("1", "1357", kStart).ok());
    EXPECT_EQ(auditRows("staff.deactivate").size(), 1u);
    EXPECT_EQ(auditRows("staff.activate").size(), 1u);
}

TEST_F(StaffServiceTest, BadgeSignInAndReissueInvalidatesTheOldBadge) {
    EXPECT_EQ(
        service_->signInWithBadge("KASIR-STAFF:1:" + std::string(32, 'a'), kStart).failure.problem,
        SignInProblem::BadBadge)
        << "no badge issued yet";
    auto first = service_->issueBadge("1", "admin:test", kStart);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->rfind("KASIR-STAFF:1:", 0), 0u);
    EXPECT_TRUE(member("1").hasBadge);
    const auto in = service_->signInWithBadge(*first, kStart);
    ASSERT_TRUE(in.ok()) << in.failure.message;
    EXPECT_EQ(in.session->method, "badge");
    EXPECT_EQ(in.session->role, Role::Attendant);

    auto second = service_->issueBadge("1", "admin:test", kStart + 1);
    ASSERT_TRUE(second);
    EXPECT_NE(*first, *second);
    EXPECT_EQ(service_->signInWithBadge(*first, kStart + 2).failure.problem,
              SignInProblem::BadBadge);
    EXPECT_TRUE(service_->signInWithBadge(*second, kStart + 2).ok());

    // Another member's id with this secret, a changed digit, and text that is no badge.
    std::string otherId = *second;
    otherId.replace(0, 14, "KASIR-STAFF:2:");
    EXPECT_FALSE(service_->signInWithBadge(otherId, kStart).ok());
    std::string changed = *second;
    changed.back() = changed.back() == '0' ? '1' : '0';
    EXPECT_FALSE(service_->signInWithBadge(changed, kStart).ok());
    EXPECT_EQ(service_->signInWithBadge("8991234567890", kStart).failure.problem,
              SignInProblem::BadBadge);
    // The secret never reaches the audit log.
    const std::string secret = second->substr(14);
    for (const auto& row : auditRows())
        EXPECT_EQ((row.details + row.before + row.after).find(secret), std::string::npos);
    EXPECT_EQ(auditRows("staff.badge").size(), 2u);
}

TEST_F(StaffServiceTest, ALockedAccountRefusesItsBadgeToo) {
    auto badge = service_->issueBadge("1", "admin:test", kStart);
    ASSERT_TRUE(badge);
    for (int i = 0; i < 5; ++i)
        (void)service_->signInWithPin("1", "0000", kStart);
    EXPECT_EQ(service_->signInWithBadge(*badge, kStart + 1).failure.problem,
              SignInProblem::LockedOut);
    EXPECT_TRUE(service_->signInWithBadge(*badge, kStart + kMinute).ok());
}

// A brute force: 10,000 guesses, one every 10 seconds of a fake clock (about 28 hours), none of
// them right until the very end. The lockout must bound how many PINs were checked, open the
// account only when its lockout is over, and audit every attempt.
TEST_F(StaffServiceTest, BruteForceIsBoundedByTheLockoutPolicy) {
    const LockoutPolicy policy;
    const Millis step = 10'000;
    const int attempts = 10'000;
    const uint64_t checksBefore = pinChecksSoFar();
    const size_t auditBefore = auditCount();
    Timestamp now = kStart;
    Timestamp openAt = 0;  // when the current lockout ends, as the test tracks it
    int lockouts = 0;
    int refusedWhileLocked = 0;
    int wrong = 0;
    for (int i = 0; i < attempts; ++i, now += step) {
        // Guesses go through 0000-9999; the real PIN 1357 is tried only while locked (it must
        // be refused) so the account is never opened by luck.
        const bool locked = now < openAt;
        std::string guess = std::to_string(10'000 + i).substr(1);
        if (guess == "1357")
            guess = "0001";
        if (locked && i % 7 == 0)
            guess = "1357";
        const auto result = service_->signInWithPin("1", guess, now);
        ASSERT_FALSE(result.ok()) << "signed in at attempt " << i;
        if (locked) {
            ASSERT_EQ(result.failure.problem, SignInProblem::LockedOut) << "attempt " << i;
            ASSERT_EQ(result.failure.until, openAt);
            ++refusedWhileLocked;
            continue;
        }
        ++wrong;
        if (result.failure.problem == SignInProblem::LockedOut) {
            ++lockouts;
            ASSERT_EQ(wrong % policy.maxFailures, 0) << "locked after " << wrong << " wrong PINs";
            openAt = now + lockoutDuration(policy, lockouts);
            ASSERT_EQ(result.failure.until, openAt);
        } else {
            ASSERT_EQ(result.failure.problem, SignInProblem::UnknownOrWrong);
        }
    }
    const uint64_t checked = pinChecksSoFar() - checksBefore;
    // Only attempts on an open account were checked: 5 per lockout, plus the run after.
    EXPECT_EQ(checked, static_cast<uint64_t>(wrong));
    EXPECT_LE(checked, static_cast<uint64_t>(policy.maxFailures * (lockouts + 1)));
    // 28 hours hold 1 + 4 + 16 + 64 + 256 + 1024 minutes of lockout, then the 1440 cap: 7.
    EXPECT_EQ(lockouts, 7);
    EXPECT_LE(checked, 40u);
    EXPECT_EQ(refusedWhileLocked + wrong, attempts);
    // Every attempt audited (failed or refused), plus one row per lockout.
    EXPECT_EQ(auditRows("staff.signin.failed").size(), static_cast<size_t>(wrong));
    EXPECT_EQ(auditRows("staff.signin.locked").size(), static_cast<size_t>(refusedWhileLocked));
    EXPECT_EQ(auditRows("staff.lockout").size(), static_cast<size_t>(lockouts));
    EXPECT_EQ(auditCount() - auditBefore, static_cast<size_t>(attempts + lockouts));
    // When the last lockout is over, the right PIN opens the account.
    EXPECT_FALSE(service_->signInWithPin("1", "1357", openAt - 1).ok());
    EXPECT_TRUE(service_->signInWithPin("1", "1357", std::max(openAt, now)).ok());
}

TEST_F(StaffServiceTest, EveryRoleAndActionGoesThroughTheStoredTable) {
    const PermissionTable defaults = defaultPermissions();
    // The members seeded with each role (authorize reads the member's stored role).
    const auto idOf = [](Role role) {
        return role == Role::Attendant ? "1" : role == Role::Supervisor ? "2" : "3";
    };
    size_t denied = 0;
    for (Role role : kAllRoles) {
        const Session session{idOf(role), "X", role, "pin", kStart};
        for (StaffAction action : kAllStaffActions) {
            auto allowed = service_->authorize(session, action, kStart);
            ASSERT_TRUE(allowed) << allowed.error().message;
            EXPECT_EQ(*allowed, defaults.allows(role, action))
                << roleName(role) << " " << actionName(action);
            denied += !*allowed;
        }
    }
    EXPECT_EQ(auditRows("permission.denied").size(), denied);
    EXPECT_GT(denied, 0u);

    // The store changes the table: every cell flipped, through another connection (kasir-admin
    // on the same file); this service must see it on its next call.
    {
        auto other = storage::Store::open(store_->path());
        ASSERT_TRUE(other);
        StaffService admin(**other, options());
        for (Role role : kAllRoles)
            for (StaffAction action : kAllStaffActions)
                ASSERT_TRUE(admin.setPermission(role, action, !defaults.allows(role, action),
                                                "admin:test", kStart));
    }
    for (Role role : kAllRoles) {
        const Session session{idOf(role), "X", role, "pin", kStart};
        for (StaffAction action : kAllStaffActions) {
            auto allowed = service_->authorize(session, action, kStart);
            ASSERT_TRUE(allowed);
            EXPECT_EQ(*allowed, !defaults.allows(role, action))
                << roleName(role) << " " << actionName(action);
        }
    }
    EXPECT_EQ(auditRows("permission.change").size(), kAllRoles.size() * kAllStaffActions.size());
    const auto denial = auditRows("permission.denied").front();
    EXPECT_EQ(denial.staffId, "3");  // newest first: the manager, refused last
    EXPECT_FALSE(denial.details.empty());
}

// A session outlives a change made meanwhile by a manager on another connection (kasir-admin):
// the stored account decides, so a switched-off or demoted member loses the right at once.
TEST_F(StaffServiceTest, AuthorizeFollowsTheStoredAccountNotTheSession) {
    const auto signedIn = service_->signInWithPin("2", "2468", kStart);
    ASSERT_TRUE(signedIn.ok());
    const Session session = *signedIn.session;
    ASSERT_TRUE(*service_->authorize(session, StaffAction::PriceOverride, kStart));
    {
        auto other = storage::Store::open(store_->path());
        ASSERT_TRUE(other);
        StaffService admin(**other, options());
        ASSERT_TRUE(admin.setRole("2", Role::Attendant, "admin:test", kStart + kMinute));
    }
    auto allowed = service_->authorize(session, StaffAction::PriceOverride, kStart + 2 * kMinute);
    ASSERT_TRUE(allowed) << allowed.error().message;
    EXPECT_FALSE(*allowed);
    EXPECT_TRUE(*service_->authorize(session, StaffAction::VoidLine, kStart + 2 * kMinute));
    {
        auto other = storage::Store::open(store_->path());
        ASSERT_TRUE(other);
        StaffService admin(**other, options());
        ASSERT_TRUE(admin.setActive("2", false, "admin:test", kStart + 3 * kMinute));
    }
    allowed = service_->authorize(session, StaffAction::VoidLine, kStart + 4 * kMinute);
    ASSERT_TRUE(allowed) << allowed.error().message;
    EXPECT_FALSE(*allowed);
    // An id nobody has (a session forged or left over from a deleted account) is refused too.
    allowed = service_->authorize(Session{"77", "Nobody", Role::Manager, "pin", kStart},
                                  StaffAction::ManageStaff, kStart + 4 * kMinute);
    ASSERT_TRUE(allowed) << allowed.error().message;
    EXPECT_FALSE(*allowed);
    const auto denials = auditRows("permission.denied");  // newest first
    ASSERT_EQ(denials.size(), 3u);
    EXPECT_EQ(denials[2].staffId, "2");
    EXPECT_EQ(denials[2].before, "attendant");
    EXPECT_THAT(denials[1].details, HasSubstr("switched off"));
    EXPECT_EQ(denials[0].staffId, "77");
}

TEST_F(StaffServiceTest, AddMemberValidatesIdNameAndPin) {
    storage::StaffMember bad;
    bad.name = "Dewi";
    bad.id = "has space";
    EXPECT_EQ(service_->addMember(bad, "5827", "admin:test", kStart).error().code,
              ErrorCode::InvalidArgument);
    bad.id = "4";
    bad.name = "  ";
    EXPECT_EQ(service_->addMember(bad, "5827", "admin:test", kStart).error().code,
              ErrorCode::InvalidArgument);
    bad.name = "Dewi\n";
    EXPECT_EQ(service_->addMember(bad, "5827", "admin:test", kStart).error().code,
              ErrorCode::InvalidArgument);
    bad.name = "Dewi";
    for (const char* pin : {"1111", "1234", "9876", "12a4", "123", ""}) {
        auto added = service_->addMember(bad, pin, "admin:test", kStart);
        ASSERT_FALSE(added) << pin;
        EXPECT_EQ(added.error().code, ErrorCode::InvalidArgument) << pin;
    }
    auto taken = service_->addMember(storage::StaffMember{.id = "1", .name = "Other"}, "5827",
                                     "admin:test", kStart);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
    EXPECT_EQ(member("1").name, "Ana");
    EXPECT_FALSE(*store_->staffMember("4"));
    ASSERT_TRUE(service_->addMember(bad, "5827", "admin:test", kStart));
    EXPECT_TRUE(service_->signInWithPin("4", "5827", kStart).ok());
}

TEST_F(StaffServiceTest, RoleChangesAreAuditedWithBeforeAndAfter) {
    ASSERT_TRUE(service_->setRole("1", Role::Supervisor, "3", kStart));
    EXPECT_EQ(member("1").role, Role::Supervisor);
    EXPECT_EQ(service_->signInWithPin("1", "1357", kStart).session->role, Role::Supervisor);
    const auto rows = auditRows("staff.role");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].staffId, "3");
    EXPECT_EQ(rows[0].before, "attendant");
    EXPECT_EQ(rows[0].after, "supervisor");
    EXPECT_EQ(service_->setRole("99", Role::Manager, "3", kStart).error().code,
              ErrorCode::NotFound);
}

TEST_F(StaffServiceTest, AFailingAuditRollsTheChangeBack) {
    store_->failAudit = true;
    EXPECT_FALSE(service_->setRole("1", Role::Manager, "admin:test", kStart));
    EXPECT_FALSE(service_->setActive("1", false, "admin:test", kStart));
    EXPECT_FALSE(service_->issueBadge("1", "admin:test", kStart));
    EXPECT_FALSE(service_->resetPin("1", "6420", "admin:test", kStart));
    EXPECT_FALSE(
        service_->setPermission(Role::Attendant, StaffAction::Refund, true, "admin:test", kStart));
    EXPECT_FALSE(service_->clockIn("1", kStart));
    EXPECT_FALSE(service_->addMember(storage::StaffMember{.id = "5", .name = "Eka"}, "5827",
                                     "admin:test", kStart));
    const auto wrong = service_->signInWithPin("1", "0000", kStart);
    EXPECT_EQ(wrong.failure.problem, SignInProblem::Storage);
    EXPECT_EQ(service_->signInWithPin("1", "1357", kStart).failure.problem, SignInProblem::Storage);
    store_->failAudit = false;

    const auto ana = member("1");
    EXPECT_EQ(ana.role, Role::Attendant);
    EXPECT_TRUE(ana.active);
    EXPECT_FALSE(ana.hasBadge);
    EXPECT_EQ(ana.failedPins, 0) << "the failure count was kept without its audit row";
    EXPECT_FALSE(*store_->staffMember("5"));
    EXPECT_FALSE(*store_->openShift("1"));
    auto table = store_->permissions();
    ASSERT_TRUE(table);
    EXPECT_FALSE(table->allows(Role::Attendant, StaffAction::Refund));
    EXPECT_TRUE(service_->signInWithPin("1", "1357", kStart).ok()) << "the old PIN still works";
}

TEST_F(StaffServiceTest, ShiftsClockInAndOutOnce) {
    auto in = service_->clockIn("1", kStart);
    ASSERT_TRUE(in) << in.error().message;
    EXPECT_EQ(in->kioskId, "k1");
    EXPECT_EQ(service_->clockIn("1", kStart + 1).error().code, ErrorCode::Conflict);
    auto out = service_->clockOut("1", kStart + 90 * kMinute);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->end - out->start, 90 * kMinute);
    EXPECT_EQ(service_->clockOut("1", kStart + 91 * kMinute).error().code, ErrorCode::NotFound);
    EXPECT_EQ(auditRows("shift.").size(), 2u);
    ASSERT_TRUE(service_->setActive("2", false, "admin:test", kStart));
    EXPECT_FALSE(service_->clockIn("2", kStart));
}

TEST_F(StaffServiceTest, SignOutIsAuditedWithWhy) {
    const auto session = service_->signInWithPin("3", "8024", kStart);
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE(service_->signOut(*session.session, "idle", kStart + kMinute));
    const auto rows = auditRows("staff.signout");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].staffId, "3");
    EXPECT_EQ(rows[0].details, "idle");
}

}  // namespace
