// docs/staff.md and the code cannot drift: the permission table, the lockout durations, the
// reason codes and the age table in the document are generated here from the code and must
// appear in it word for word (between their <!-- name:begin/end --> markers). On a mismatch the
// test prints the block to paste.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "kiosk/core/age_policy.hpp"
#include "kiosk/core/staff.hpp"

namespace {

using namespace kiosk;

std::string documentBlock(const std::string& name) {
    std::ifstream in(std::string(KASIR_SOURCE_DIR) + "/docs/staff.md");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::string begin = "<!-- " + name + ":begin -->\n";
    const std::string end = "<!-- " + name + ":end -->";
    const size_t from = doc.find(begin);
    const size_t to = doc.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from)
        return "(no " + name + " block in docs/staff.md)";
    return doc.substr(from + begin.size(), to - from - begin.size());
}

std::string permissionsBlock() {
    const PermissionTable table = defaultPermissions();
    std::string out = "| action | attendant | supervisor | manager |\n|---|---|---|---|\n";
    for (StaffAction action : kAllStaffActions) {
        out += fmt::format("| {} |", actionName(action));
        for (Role role : kAllRoles)
            out += table.allows(role, action) ? " yes |" : " - |";
        out += "\n";
    }
    return out;
}

std::string lockoutBlock() {
    const LockoutPolicy policy;
    std::string out = fmt::format(
        "| lockout (after each run of {} wrong PINs) | lasts |\n|---|---|\n", policy.maxFailures);
    for (int n = 1; n <= 8; ++n) {
        const Millis ms = lockoutDuration(policy, n);
        out += fmt::format("| {} | {} min{} |\n", n, ms / 60'000,
                           ms == policy.maxLockout ? " (the cap)" : "");
    }
    return out;
}

std::string reasonsBlock() {
    const ReasonCodes codes = defaultReasonCodes();
    std::string out = "| list | code | label |\n|---|---|---|\n";
    const std::pair<const char*, const std::vector<ReasonCode>*> lists[] = {
        {"void", &codes.voids},
        {"override", &codes.overrides},
        {"discount", &codes.discounts},
        {"cancel", &codes.cancels}};
    for (const auto& [name, list] : lists)
        for (const auto& code : *list)
            out += fmt::format("| {} | {} | {} |\n", name, code.code, code.label);
    return out;
}

std::string ageBlock() {
    std::string out = "| country | category | minimum age |\n|---|---|---|\n";
    for (const char* country : {"ID", "GB", "US"}) {
        const AgePolicy policy = defaultAgePolicy(country);
        for (const auto& [category, years] : policy.minimumAge)
            out += fmt::format("| {} | {} | {} |\n", country, category, years);
        out += fmt::format("| {} | (challenge) | {} |\n", country,
                           policy.challengeAge ? std::to_string(policy.challengeAge) : "none");
    }
    return out;
}

TEST(StaffDoc, PermissionTableMatchesDefaultPermissions) {
    EXPECT_EQ(documentBlock("permissions"), permissionsBlock());
}

TEST(StaffDoc, LockoutTableMatchesTheDefaultPolicy) {
    EXPECT_EQ(documentBlock("lockout"), lockoutBlock());
}

TEST(StaffDoc, ReasonCodesMatchTheDefaults) {
    EXPECT_EQ(documentBlock("reasons"), reasonsBlock());
}

TEST(StaffDoc, AgeTableMatchesTheBuiltInPolicies) {
    EXPECT_EQ(documentBlock("ages"), ageBlock());
}

}  // namespace
