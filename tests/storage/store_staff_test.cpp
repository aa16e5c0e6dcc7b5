// Staff rows, sign-in state, badges, the permission table and shifts: what kiosk/staff keeps in
// the store. The rules (hashing, lockout) live in kiosk/staff; these tests check the rows and
// that bad input is refused with a clear error and changes nothing.
#include <sqlite3.h>

#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

StaffMember member(const std::string& id, const std::string& name, Role role) {
    StaffMember m;
    m.id = id;
    m.name = name;
    m.role = role;
    m.createdAt = 1'700'000'000'000;
    return m;
}

class StoreStaff : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = testing::openStore(path());
        ASSERT_TRUE(store_);
        ASSERT_TRUE(store_->addStaff(member("1", "Ana", Role::Attendant), "$pin-ana").ok());
        ASSERT_TRUE(store_->addStaff(member("2", "Budi", Role::Supervisor), "$pin-budi").ok());
    }
    std::string path() const { return dir_.file("store.db"); }

    void expectError(const Error& error, ErrorCode code, const std::string& words) {
        EXPECT_EQ(error.code, code) << error.message;
        EXPECT_NE(error.message.find(words), std::string::npos) << error.message;
    }

    StaffMember get(const std::string& id) {
        auto m = store_->staffMember(id);
        EXPECT_TRUE(m.ok() && m->has_value()) << id;
        return m.ok() && m->has_value() ? **m : StaffMember{};
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(StoreStaff, MembersRoundTripAndSurviveReopening) {
    StaffMember citra = member("citra.m", "Citra Ménard", Role::Manager);
    citra.active = false;
    ASSERT_TRUE(store_->addStaff(citra, "$argon2id$v=19$m=65536,t=2,p=1$abc$def").ok());
    store_ = testing::openStore(path());
    EXPECT_EQ(get("citra.m"), citra);
    EXPECT_EQ(get("1"), member("1", "Ana", Role::Attendant));
    auto pin = store_->staffPinHash("citra.m");
    ASSERT_TRUE(pin.ok());
    EXPECT_EQ(*pin, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");

    auto active = store_->staffMembers(false);
    ASSERT_TRUE(active.ok());
    ASSERT_EQ(active->size(), 2u);
    EXPECT_EQ((*active)[0].id, "1");
    EXPECT_EQ((*active)[1].id, "2");
    auto all = store_->staffMembers(true);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[2], citra);

    auto unknown = store_->staffMember("9");
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->has_value());
}

TEST_F(StoreStaff, TakenIdIsAConflictAndKeepsTheFirst) {
    auto again = store_->addStaff(member("1", "Someone Else", Role::Manager), "$x");
    ASSERT_FALSE(again.ok());
    expectError(again.error(), ErrorCode::Conflict, "staff id '1' is taken");
    EXPECT_EQ(get("1").name, "Ana");
    EXPECT_EQ(*store_->staffPinHash("1"), "$pin-ana");
}

TEST_F(StoreStaff, BadMembersAreRefusedNamingTheField) {
    struct Case {
        StaffMember m;
        std::string pinHash;
        std::string words;
    };
    std::vector<Case> cases = {
        {member("", "Empty", Role::Attendant), "$h", "staff id"},
        {member("has space", "X", Role::Attendant), "$h", "staff id 'has space' is not valid"},
        {member(std::string(33, 'a'), "X", Role::Attendant), "$h", "staff id"},
        {member("caf\xc3\xa9", "X", Role::Attendant), "$h", "staff id"},
        {member("bad\xff", "X", Role::Attendant), "$h", "not UTF-8"},
        {member("5", "", Role::Attendant), "$h", "needs a name"},
        {member("5", "Dewi \xff", Role::Attendant), "$h", "name is not valid UTF-8"},
        {member("5", std::string(201, 'x'), Role::Attendant), "$h", "name is too long"},
        {member("5", "Dewi", static_cast<Role>(7)), "$h", "role"},
        {member("5", "Dewi", Role::Attendant), "", "no PIN hash"},
        {member("5", "Dewi", Role::Attendant), "bad\xff", "PIN hash"},
    };
    for (const Case& c : cases) {
        auto added = store_->addStaff(c.m, c.pinHash);
        ASSERT_FALSE(added.ok()) << c.words;
        expectError(added.error(), ErrorCode::InvalidArgument, c.words);
    }
    auto all = store_->staffMembers(true);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 2u);
}

TEST_F(StoreStaff, UpdateChangesNameRoleAndActiveOnly) {
    StaffMember ana = get("1");
    ASSERT_TRUE(store_->setSignInState("1", 3, 1, 5'000).ok());
    ana.name = "Ana Putri";
    ana.role = Role::Supervisor;
    ana.active = false;
    ana.createdAt = 42;  // not changed by updateStaff
    ana.failedPins = 0;  // nor the sign-in state
    ASSERT_TRUE(store_->updateStaff(ana).ok());
    const StaffMember back = get("1");
    EXPECT_EQ(back.name, "Ana Putri");
    EXPECT_EQ(back.role, Role::Supervisor);
    EXPECT_FALSE(back.active);
    EXPECT_EQ(back.createdAt, 1'700'000'000'000);
    EXPECT_EQ(back.failedPins, 3);

    auto unknown = store_->updateStaff(member("9", "Nobody", Role::Attendant));
    ASSERT_FALSE(unknown.ok());
    expectError(unknown.error(), ErrorCode::NotFound, "no staff member '9'");
    auto badName = store_->updateStaff(member("1", "", Role::Attendant));
    ASSERT_FALSE(badName.ok());
    expectError(badName.error(), ErrorCode::InvalidArgument, "name");
    EXPECT_EQ(get("1").name, "Ana Putri");
}

TEST_F(StoreStaff, SignInStateIsKeptAndANewPinClearsIt) {
    ASSERT_TRUE(store_->setSignInState("2", 4, 2, 1'700'000'960'000).ok());
    StaffMember budi = get("2");
    EXPECT_EQ(budi.failedPins, 4);
    EXPECT_EQ(budi.lockouts, 2);
    EXPECT_EQ(budi.lockedUntil, 1'700'000'960'000);

    ASSERT_TRUE(store_->setStaffPinHash("2", "$new").ok());
    budi = get("2");
    EXPECT_EQ(budi.failedPins, 0);
    EXPECT_EQ(budi.lockouts, 0);
    EXPECT_EQ(budi.lockedUntil, 0);
    EXPECT_EQ(*store_->staffPinHash("2"), "$new");

    for (auto bad :
         {std::tuple{-1, 0, int64_t{0}, "failedPins"}, std::tuple{0, -1, int64_t{0}, "lockouts"},
          std::tuple{0, 0, int64_t{-5}, "lockedUntil"}}) {
        auto refused =
            store_->setSignInState("2", std::get<0>(bad), std::get<1>(bad), std::get<2>(bad));
        ASSERT_FALSE(refused.ok());
        expectError(refused.error(), ErrorCode::InvalidArgument, std::get<3>(bad));
    }
    EXPECT_EQ(get("2").failedPins, 0);
}

TEST_F(StoreStaff, SettersOfAnUnknownMemberAreNotFound) {
    const std::string words = "no staff member 'ghost'";
    auto pin = store_->staffPinHash("ghost");
    ASSERT_FALSE(pin.ok());
    expectError(pin.error(), ErrorCode::NotFound, words);
    auto setPin = store_->setStaffPinHash("ghost", "$h");
    ASSERT_FALSE(setPin.ok());
    expectError(setPin.error(), ErrorCode::NotFound, words);
    auto state = store_->setSignInState("ghost", 1, 0, 0);
    ASSERT_FALSE(state.ok());
    expectError(state.error(), ErrorCode::NotFound, words);
    auto badge = store_->staffBadgeHash("ghost");
    ASSERT_FALSE(badge.ok());
    expectError(badge.error(), ErrorCode::NotFound, words);
    auto setBadge = store_->setStaffBadgeHash("ghost", "abc");
    ASSERT_FALSE(setBadge.ok());
    expectError(setBadge.error(), ErrorCode::NotFound, words);
    auto emptyPin = store_->setStaffPinHash("1", "");
    ASSERT_FALSE(emptyPin.ok());
    expectError(emptyPin.error(), ErrorCode::InvalidArgument, "no PIN hash");
}

TEST_F(StoreStaff, BadgeHashIsKeptAndCanBeWithdrawn) {
    auto none = store_->staffBadgeHash("1");
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(*none, "");
    EXPECT_FALSE(get("1").hasBadge);
    const std::string hash(64, 'c');
    ASSERT_TRUE(store_->setStaffBadgeHash("1", hash).ok());
    EXPECT_EQ(*store_->staffBadgeHash("1"), hash);
    EXPECT_TRUE(get("1").hasBadge);
    EXPECT_FALSE(get("2").hasBadge);
    ASSERT_TRUE(store_->setStaffBadgeHash("1", "").ok());
    EXPECT_EQ(*store_->staffBadgeHash("1"), "");
    EXPECT_FALSE(get("1").hasBadge);
    auto tooLong = store_->setStaffBadgeHash("1", std::string(2000, 'a'));
    ASSERT_FALSE(tooLong.ok());
    expectError(tooLong.error(), ErrorCode::InvalidArgument, "badge hash");
}

// --- Permissions ---

TEST_F(StoreStaff, PermissionsStartAsTheDefaults) {
    auto table = store_->permissions();
    ASSERT_TRUE(table.ok()) << table.error().message;
    EXPECT_EQ(*table, defaultPermissions());
}

TEST_F(StoreStaff, ChangedPermissionsArePersistedAndTheRestStayDefault) {
    ASSERT_TRUE(store_->setPermission(Role::Attendant, StaffAction::Discount, true).ok());
    ASSERT_TRUE(store_->setPermission(Role::Supervisor, StaffAction::Refund, false).ok());
    ASSERT_TRUE(store_->setPermission(Role::Supervisor, StaffAction::Refund, false).ok());
    store_ = testing::openStore(path());
    auto table = store_->permissions();
    ASSERT_TRUE(table.ok());
    PermissionTable expected = defaultPermissions();
    expected.set(Role::Attendant, StaffAction::Discount, true);
    expected.set(Role::Supervisor, StaffAction::Refund, false);
    EXPECT_EQ(*table, expected);
    for (Role role : kAllRoles)
        for (StaffAction action : kAllStaffActions)
            EXPECT_EQ(table->allows(role, action), expected.allows(role, action))
                << roleName(role) << " " << actionName(action);

    // Setting a value back to the default keeps an explicit row; the table is the same.
    ASSERT_TRUE(store_->setPermission(Role::Attendant, StaffAction::Discount, false).ok());
    table = store_->permissions();
    ASSERT_TRUE(table.ok());
    expected.set(Role::Attendant, StaffAction::Discount, false);
    EXPECT_EQ(*table, expected);
}

TEST_F(StoreStaff, UnknownRowsFromANewerKasirAreIgnored) {
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO role_permissions VALUES ('manager', 'teleport', 1),"
                           "('attendant', 'refund', 1)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    store_ = testing::openStore(path());
    auto table = store_->permissions();
    ASSERT_TRUE(table.ok()) << table.error().message;
    PermissionTable expected = defaultPermissions();
    expected.set(Role::Attendant, StaffAction::Refund, true);
    EXPECT_EQ(*table, expected);
}

TEST_F(StoreStaff, PermissionOutOfRangeIsRefused) {
    auto badRole = store_->setPermission(static_cast<Role>(9), StaffAction::Refund, true);
    ASSERT_FALSE(badRole.ok());
    expectError(badRole.error(), ErrorCode::InvalidArgument, "role");
    auto badAction = store_->setPermission(Role::Manager, static_cast<StaffAction>(99), true);
    ASSERT_FALSE(badAction.ok());
    expectError(badAction.error(), ErrorCode::InvalidArgument, "action");
    EXPECT_EQ(*store_->permissions(), defaultPermissions());
}

// --- Shifts ---

TEST_F(StoreStaff, ClockInAndOut) {
    auto in = store_->clockIn("1", "K1", 1'000);
    ASSERT_TRUE(in.ok()) << in.error().message;
    EXPECT_GT(in->id, 0);
    EXPECT_EQ(in->staffId, "1");
    EXPECT_EQ(in->kioskId, "K1");
    EXPECT_EQ(in->start, 1'000);
    EXPECT_EQ(in->end, 0);
    auto open = store_->openShift("1");
    ASSERT_TRUE(open.ok());
    ASSERT_TRUE(open->has_value());
    EXPECT_EQ(**open, *in);

    auto out = store_->clockOut("1", 9'000);
    ASSERT_TRUE(out.ok()) << out.error().message;
    Shift closed = *in;
    closed.end = 9'000;
    EXPECT_EQ(*out, closed);
    open = store_->openShift("1");
    ASSERT_TRUE(open.ok());
    EXPECT_FALSE(open->has_value());

    // A new shift may start after the last one ended.
    auto again = store_->clockIn("1", "K2", 10'000);
    ASSERT_TRUE(again.ok());
    EXPECT_NE(again->id, in->id);
}

TEST_F(StoreStaff, SecondClockInIsAConflictNamingTheOpenShift) {
    ASSERT_TRUE(store_->clockIn("1", "K1", 1'700'000'000'000).ok());
    auto twice = store_->clockIn("1", "K2", 1'700'000'100'000);
    ASSERT_FALSE(twice.ok());
    expectError(twice.error(), ErrorCode::Conflict,
                "1 is clocked in already (on kiosk K1 since 2023-11-14 22:13:20 UTC)");
    // Someone else may clock in meanwhile.
    EXPECT_TRUE(store_->clockIn("2", "K2", 1'700'000'100'000).ok());
    auto shifts = store_->shifts(0, INT64_MAX);
    ASSERT_TRUE(shifts.ok());
    EXPECT_EQ(shifts->size(), 2u);
}

TEST_F(StoreStaff, ShiftErrors) {
    auto unknown = store_->clockIn("ghost", "K1", 1'000);
    ASSERT_FALSE(unknown.ok());
    expectError(unknown.error(), ErrorCode::NotFound, "no staff member 'ghost'");
    auto noKiosk = store_->clockIn("1", "", 1'000);
    ASSERT_FALSE(noKiosk.ok());
    expectError(noKiosk.error(), ErrorCode::InvalidArgument, "kiosk id");
    auto notIn = store_->clockOut("1", 2'000);
    ASSERT_FALSE(notIn.ok());
    expectError(notIn.error(), ErrorCode::NotFound, "1 is not clocked in");

    ASSERT_TRUE(store_->clockIn("1", "K1", 5'000).ok());
    auto early = store_->clockOut("1", 4'000);
    ASSERT_FALSE(early.ok());
    expectError(early.error(), ErrorCode::InvalidArgument, "is before 1's clock-in");
    auto open = store_->openShift("1");
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->has_value());  // still open
}

TEST_F(StoreStaff, ShiftsOverlappingASpanOldestFirst) {
    ASSERT_TRUE(store_->clockIn("1", "K1", 1'000).ok());
    ASSERT_TRUE(store_->clockOut("1", 2'000).ok());
    ASSERT_TRUE(store_->clockIn("2", "K1", 1'500).ok());
    ASSERT_TRUE(store_->clockOut("2", 5'000).ok());
    ASSERT_TRUE(store_->clockIn("1", "K2", 6'000).ok());  // still open
    auto starts = [&](Timestamp from, Timestamp to) {
        std::vector<Timestamp> out;
        auto got = store_->shifts(from, to);
        EXPECT_TRUE(got.ok());
        if (got.ok())
            for (const Shift& s : *got)
                out.push_back(s.start);
        return out;
    };
    EXPECT_EQ(starts(0, INT64_MAX), (std::vector<Timestamp>{1'000, 1'500, 6'000}));
    EXPECT_EQ(starts(2'000, 5'000), (std::vector<Timestamp>{1'500}));  // [from, to)
    EXPECT_EQ(starts(1'999, 2'000), (std::vector<Timestamp>{1'000, 1'500}));
    EXPECT_EQ(starts(100'000, 200'000), (std::vector<Timestamp>{6'000}));  // open
    EXPECT_TRUE(starts(0, 1'000).empty());
}

TEST_F(StoreStaff, OneOpenShiftPerMemberEvenBehindTheStoresBack) {
    ASSERT_TRUE(store_->clockIn("1", "K1", 1'000).ok());
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db,
                           "INSERT INTO shifts (staff_id, kiosk_id, start_at) "
                           "VALUES ('1', 'K9', 2000)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
}

}  // namespace
}  // namespace kiosk::storage
