// Roles, the permission table, lockout durations, PIN rules and the codes staff scan.
#include "kiosk/core/staff.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>
#include <vector>

namespace kiosk {
namespace {

TEST(Staff, RoleAndActionNamesRoundTrip) {
    std::set<std::string_view> seen;
    for (Role r : kAllRoles) {
        EXPECT_EQ(parseRole(roleName(r)), r);
        EXPECT_TRUE(seen.insert(roleName(r)).second);
    }
    for (StaffAction a : kAllStaffActions) {
        EXPECT_EQ(parseAction(actionName(a)), a) << actionName(a);
        EXPECT_TRUE(seen.insert(actionName(a)).second) << actionName(a) << " twice";
    }
    EXPECT_EQ(roleName(Role::Supervisor), "supervisor");
    EXPECT_EQ(actionName(StaffAction::VoidPaidSale), "void-paid-sale");
    EXPECT_EQ(actionName(StaffAction::ClearLock), "clear-lock");
    EXPECT_EQ(parseRole("Manager"), std::nullopt);  // names are exact
    EXPECT_EQ(parseRole(""), std::nullopt);
    EXPECT_EQ(parseAction("approve_age"), std::nullopt);
    EXPECT_EQ(parseAction("approve-age "), std::nullopt);
}

// The documented defaults, written out independently of defaultPermissions(): A attendant,
// S supervisor, M manager; '-' not allowed.
struct Expected {
    StaffAction action;
    const char* roles;  // "ASM" order
};
constexpr Expected kDefaults[] = {
    {StaffAction::ApproveAge, "ASM"},        {StaffAction::VoidLine, "ASM"},
    {StaffAction::VoidPaidSale, "-SM"},      {StaffAction::PriceOverride, "-SM"},
    {StaffAction::Discount, "-SM"},          {StaffAction::Refund, "-SM"},
    {StaffAction::Reprint, "ASM"},           {StaffAction::OpenDrawer, "-SM"},
    {StaffAction::CancelTransaction, "ASM"}, {StaffAction::EndOfDay, "--M"},
    {StaffAction::ManageStaff, "--M"},       {StaffAction::SuspendTransaction, "ASM"},
    {StaffAction::ApproveRemoval, "ASM"},    {StaffAction::ClearLock, "ASM"},
};
static_assert(std::size(kDefaults) == kAllStaffActions.size());

TEST(Staff, DefaultPermissionsEveryRoleTimesEveryAction) {
    const PermissionTable t = defaultPermissions();
    int allowed = 0;
    for (const Expected& e : kDefaults) {
        for (size_t r = 0; r < kAllRoles.size(); ++r) {
            const Role role = kAllRoles[r];
            const bool want = e.roles[r] != '-';
            EXPECT_EQ(t.allows(role, e.action), want)
                << roleName(role) << " x " << actionName(e.action) << ": expected "
                << (want ? "allowed" : "refused");
            allowed += want ? 1 : 0;
        }
    }
    EXPECT_EQ(allowed, 7 * 3 + 5 * 2 + 2);
    // Every action is listed once: the table above is complete.
    std::set<StaffAction> listed;
    for (const Expected& e : kDefaults)
        listed.insert(e.action);
    EXPECT_EQ(listed.size(), kAllStaffActions.size());
}

TEST(Staff, LeastRoleForTheHint) {
    const PermissionTable t = defaultPermissions();
    EXPECT_EQ(t.leastRole(StaffAction::ApproveAge), Role::Attendant);
    EXPECT_EQ(t.leastRole(StaffAction::PriceOverride), Role::Supervisor);
    EXPECT_EQ(t.leastRole(StaffAction::Discount), Role::Supervisor);
    EXPECT_EQ(t.leastRole(StaffAction::EndOfDay), Role::Manager);
    EXPECT_EQ(PermissionTable{}.leastRole(StaffAction::ApproveAge), std::nullopt);
}

TEST(Staff, SetChangesOneCellOnly) {
    PermissionTable t = defaultPermissions();
    const PermissionTable original = t;
    t.set(Role::Attendant, StaffAction::PriceOverride, true);
    EXPECT_TRUE(t.allows(Role::Attendant, StaffAction::PriceOverride));
    EXPECT_EQ(t.leastRole(StaffAction::PriceOverride), Role::Attendant);
    EXPECT_NE(t, original);
    for (Role r : kAllRoles) {
        for (StaffAction a : kAllStaffActions) {
            if (r == Role::Attendant && a == StaffAction::PriceOverride)
                continue;
            EXPECT_EQ(t.allows(r, a), original.allows(r, a))
                << roleName(r) << " x " << actionName(a);
        }
    }
    t.set(Role::Attendant, StaffAction::PriceOverride, false);
    EXPECT_EQ(t, original);
    // The store may take a right from a manager too; a role is not a superset by force.
    t.set(Role::Manager, StaffAction::Refund, false);
    EXPECT_FALSE(t.allows(Role::Manager, StaffAction::Refund));
    EXPECT_TRUE(t.allows(Role::Supervisor, StaffAction::Refund));
    t.set(Role::Supervisor, StaffAction::Refund, false);
    EXPECT_EQ(t.leastRole(StaffAction::Refund), std::nullopt);
    // Setting twice is idempotent.
    t.set(Role::Attendant, StaffAction::Reprint, true);
    t.set(Role::Attendant, StaffAction::Reprint, true);
    EXPECT_TRUE(t.allows(Role::Attendant, StaffAction::Reprint));
}

TEST(Staff, LockoutDurationsGrowAndCap) {
    const LockoutPolicy p;
    EXPECT_EQ(lockoutDuration(p, 0), 0);
    EXPECT_EQ(lockoutDuration(p, -3), 0);
    EXPECT_EQ(lockoutDuration(p, 1), 60'000);
    EXPECT_EQ(lockoutDuration(p, 2), 4 * 60'000);
    EXPECT_EQ(lockoutDuration(p, 3), 16 * 60'000);
    EXPECT_EQ(lockoutDuration(p, 4), 64 * 60'000);
    EXPECT_EQ(lockoutDuration(p, 5), 256 * 60'000);
    EXPECT_EQ(lockoutDuration(p, 6), 1024 * 60'000);
    EXPECT_EQ(lockoutDuration(p, 7), 24 * 3'600'000LL);  // 4096 min > a day: capped
    EXPECT_EQ(lockoutDuration(p, 1'000), 24 * 3'600'000LL);
    EXPECT_EQ(lockoutDuration(p, std::numeric_limits<int>::max()), 24 * 3'600'000LL);
    Millis previous = 0;
    for (int n = 1; n < 200; ++n) {
        const Millis d = lockoutDuration(p, n);
        EXPECT_GE(d, previous) << n;
        EXPECT_LE(d, p.maxLockout) << n;
        previous = d;
    }
}

TEST(Staff, LockoutDurationNeverOverflows) {
    LockoutPolicy p;
    p.firstLockout = std::numeric_limits<Millis>::max() / 3;
    p.factor = 1'000'000;
    p.maxLockout = std::numeric_limits<Millis>::max();
    EXPECT_EQ(lockoutDuration(p, 1), p.firstLockout);
    EXPECT_EQ(lockoutDuration(p, 2), p.maxLockout);  // would overflow: the cap instead
    EXPECT_EQ(lockoutDuration(p, 50), p.maxLockout);
    LockoutPolicy flat;
    flat.factor = 1;
    EXPECT_EQ(lockoutDuration(flat, 9), flat.firstLockout);
    LockoutPolicy odd;
    odd.factor = 0;  // a broken config never shortens or zeroes the lockout
    EXPECT_EQ(lockoutDuration(odd, 3), odd.firstLockout);
    LockoutPolicy small;
    small.firstLockout = 2 * 3'600'000LL;
    small.maxLockout = 3'600'000;  // first above the cap: the cap
    EXPECT_EQ(lockoutDuration(small, 1), 3'600'000);
}

TEST(Staff, PinRules) {
    for (const char* good :
         {"1357", "2468", "8024", "1470", "9517", "13579", "2580", "123457", "000012345678"})
        EXPECT_TRUE(checkPinRules(good)) << good;
    const std::pair<const char*, const char*> bad[] = {
        {"1111", "repeated"},         {"0000", "repeated"},
        {"99999999", "repeated"},     {"1234", "consecutive"},
        {"0123", "consecutive"},      {"9876", "consecutive"},
        {"3210", "consecutive"},      {"456789", "consecutive"},
        {"123", "4 to 12"},           {"", "4 to 12"},
        {"1234567890123", "4 to 12"}, {"12a4", "digits only"},
        {"abcd", "digits only"},      {"13 5", "digits only"},
        {"١٣٥٧", "digits only"},  // Arabic-Indic digits are not 0-9
    };
    for (const auto& [pin, why] : bad) {
        auto r = checkPinRules(pin);
        ASSERT_FALSE(r) << pin;
        EXPECT_NE(r.error().message.find(why), std::string::npos)
            << pin << ": " << r.error().message;
    }
}

TEST(Staff, BadgeCodesRoundTrip) {
    const BadgeCode badge{"1", "0123456789abcdef0123456789abcdef"};
    const std::string text = formatBadgeCode(badge);
    EXPECT_EQ(text, "KASIR-STAFF:1:0123456789abcdef0123456789abcdef");
    EXPECT_EQ(parseBadgeCode(text), badge);
    const BadgeCode named{"ana.s_2-x", "ffffffffffffffffffffffffffffffff"};
    EXPECT_EQ(parseBadgeCode(formatBadgeCode(named)), named);
    // A keyboard-wedge scanner's line ending is not data.
    EXPECT_EQ(parseBadgeCode(text + "\r\n"), badge);
}

// Decision: upper-case hex (a hand scanner with Caps Lock on) is normalised to lower case, and
// the prefix is matched ignoring case; the staff id is kept as scanned.
TEST(Staff, BadgeUpperCaseHexIsNormalised) {
    auto b = parseBadgeCode("KASIR-STAFF:7:0123456789ABCDEF0123456789ABCDEF");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->secret, "0123456789abcdef0123456789abcdef");
    auto lower = parseBadgeCode("kasir-staff:Ana:0123456789abcdef0123456789abcdef");
    ASSERT_TRUE(lower);
    EXPECT_EQ(lower->staffId, "Ana");
}

TEST(Staff, BadgeJunkIsRefused) {
    const std::string secret = "0123456789abcdef0123456789abcdef";
    const std::vector<std::string> junks = {
        std::string(),
        std::string("KASIR-STAFF:"),
        "KASIR-STAFF:1",
        "KASIR-STAFF:1:",
        "KASIR-STAFF::" + secret,                          // no id
        "KASIR-STAFF:1:" + secret.substr(1),               // 31 digits
        "KASIR-STAFF:1:" + secret + "0",                   // 33 digits
        "KASIR-STAFF:1:0123456789abcdeg0123456789abcdef",  // not hex
        "KASIR-STAFF:1:" + secret + ":x",
        "KASIR-STAFF:a b:" + secret,                           // space in the id
        "KASIR-STAFF:" + std::string(33, '1') + ":" + secret,  // id too long
        "KASIR-STAF:1:" + secret,
        "X" + std::string("KASIR-STAFF:1:") + secret,
        "08991234567891",  // a product barcode
        "KASIR-SUSPENDED:12345678",
    };
    for (const std::string& junk : junks)
        EXPECT_EQ(parseBadgeCode(junk), std::nullopt) << junk;
}

TEST(Staff, SuspendCodes) {
    EXPECT_TRUE(validSuspendCode("00000000"));
    EXPECT_TRUE(validSuspendCode("12345678"));
    EXPECT_FALSE(validSuspendCode("1234567"));
    EXPECT_FALSE(validSuspendCode("123456789"));
    EXPECT_FALSE(validSuspendCode("1234567a"));
    EXPECT_FALSE(validSuspendCode(""));
    EXPECT_EQ(formatSuspendSlip("12345678"), "KASIR-SUSPENDED:12345678");
    EXPECT_EQ(parseSuspendCode("KASIR-SUSPENDED:12345678"), "12345678");
    EXPECT_EQ(parseSuspendCode(formatSuspendSlip("00420042")), "00420042");
    EXPECT_EQ(parseSuspendCode("kasir-suspended:12345678\n"), "12345678");
    EXPECT_EQ(parseSuspendCode("12345678"), "12345678");    // typed
    EXPECT_EQ(parseSuspendCode(" 12345678 "), "12345678");  // typed with spaces around
    for (const char* junk :
         {"", "KASIR-SUSPENDED:", "KASIR-SUSPENDED:1234567", "KASIR-SUSPENDED:123456789",
          "KASIR-SUSPENDED:1234 678", "KASIR-SUSPENDED:12345678x", "SUSPENDED:12345678",
          "1234-5678", "KASIR-STAFF:1:12345678", "08991234567891"})
        EXPECT_EQ(parseSuspendCode(junk), std::nullopt) << junk;
}

TEST(Staff, StaffIds) {
    const std::vector<std::string> good = {"1",     "42",    "ana",
                                           "Ana.S", "a_b-c", std::string(32, '9')};
    for (const std::string& id : good)
        EXPECT_TRUE(validStaffId(id)) << id;
    for (const std::string& bad :
         {std::string(), std::string(33, '9'), std::string("a b"), std::string("a:b"),
          std::string("ana@shop"), std::string("é"), std::string("a\nb"), std::string("a\0b", 3)})
        EXPECT_FALSE(validStaffId(bad)) << bad;
}

TEST(Staff, DefaultReasonCodes) {
    const ReasonCodes r = defaultReasonCodes();
    auto codes = [](const std::vector<ReasonCode>& list) {
        std::vector<std::string> out;
        for (const auto& c : list) {
            EXPECT_FALSE(c.label.empty()) << c.code;
            out.push_back(c.code);
        }
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(codes(r.voids),
              (V{"scan-error", "changed-mind", "damaged", "price-dispute", "other"}));
    EXPECT_EQ(codes(r.overrides),
              (V{"shelf-price", "damaged", "price-match", "missing-price", "other"}));
    EXPECT_EQ(codes(r.discounts), (V{"damaged", "short-dated", "goodwill", "staff", "other"}));
    EXPECT_EQ(codes(r.cancels),
              (V{"shopper-left", "changed-mind", "payment-problem", "suspicious", "other"}));
    EXPECT_TRUE(hasReason(r.voids, "damaged"));
    EXPECT_FALSE(hasReason(r.voids, "shelf-price"));
    EXPECT_FALSE(hasReason(r.voids, "Damaged"));  // codes are exact
    EXPECT_FALSE(hasReason(r.voids, ""));
    EXPECT_FALSE(hasReason({}, "other"));
}

}  // namespace
}  // namespace kiosk
