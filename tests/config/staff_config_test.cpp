// [staff], [age] and [reasons]: defaults, every key, and a message naming file, line and key for
// every kind of mistake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kiosk/config/config.hpp"

namespace kiosk::config {
namespace {

using ::testing::HasSubstr;

constexpr const char* kMinimal = R"([store]
id = "s1"
name = "Test Store"
currency = "IDR"

[kiosk]
id = "k1"

[database]
path = "kasir.db"

[tax]
mode = "inclusive"

[[tax.class]]
code = "PPN"
name = "PPN 11%"
rate = "11"
)";

Config load(std::string_view extra) {
    auto config = parseConfig(std::string(kMinimal) + std::string(extra), "kasir.toml", "/etc");
    EXPECT_TRUE(config.ok()) << (config ? "" : config.error().message);
    return config ? *config : Config{};
}

std::string problemsOf(std::string_view extra) {
    auto config = parseConfig(std::string(kMinimal) + std::string(extra), "kasir.toml", "/etc");
    EXPECT_FALSE(config.ok()) << "expected the configuration to be refused";
    return config ? std::string() : config.error().message;
}

TEST(StaffConfig, DefaultsWhenTheSectionsAreAbsent) {
    const Config c = load("");
    EXPECT_EQ(c.staff.idleSignoutSeconds, 60);
    EXPECT_EQ(c.staff.lockout.maxFailures, 5);
    EXPECT_EQ(c.staff.lockout.firstLockout, 60'000);
    EXPECT_EQ(c.staff.lockout.factor, 4);
    EXPECT_EQ(c.staff.lockout.maxLockout, 24 * 3'600'000LL);
    EXPECT_EQ(c.staff.pinCost, "interactive");
    EXPECT_EQ(c.agePolicy.country, "ID");
    EXPECT_EQ(c.agePolicy.challengeAge, 0);
    EXPECT_EQ(c.agePolicy, [] {
        AgePolicy p = defaultAgePolicy("ID");
        p.country = "ID";
        return p;
    }());
    EXPECT_EQ(c.reasons, defaultReasonCodes());
    const CheckoutSetup setup = checkoutSetupOf(c);
    EXPECT_EQ(setup.agePolicy, c.agePolicy);
    EXPECT_EQ(setup.reasons, defaultReasonCodes());
}

TEST(StaffConfig, EveryStaffKeyIsRead) {
    const Config c = load(R"(
[staff]
idle_signout_seconds = 20
pin_cost = "minimum"
[staff.lockout]
max_failures = 3
first_lockout_seconds = 30
factor = 2
max_lockout_hours = 2
)");
    EXPECT_EQ(c.staff.idleSignoutSeconds, 20);
    EXPECT_EQ(c.staff.pinCost, "minimum");
    EXPECT_EQ(c.staff.lockout.maxFailures, 3);
    EXPECT_EQ(c.staff.lockout.firstLockout, 30'000);
    EXPECT_EQ(c.staff.lockout.factor, 2);
    EXPECT_EQ(c.staff.lockout.maxLockout, 2 * 3'600'000LL);
}

TEST(StaffConfig, StaffMistakesAreNamed) {
    EXPECT_THAT(
        problemsOf("[staff]\nidle_signout_seconds = 2\n"),
        HasSubstr("kasir.toml:20: staff.idle_signout_seconds: 2 is out of range (5 to 3600)"));
    EXPECT_THAT(problemsOf("[staff]\nidle_signout_seconds = \"60\"\n"),
                HasSubstr("staff.idle_signout_seconds: expected an integer"));
    EXPECT_THAT(problemsOf("[staff]\npin_cost = \"cheap\"\n"),
                HasSubstr("staff.pin_cost: \"cheap\" is not \"interactive\" or \"minimum\""));
    EXPECT_THAT(problemsOf("[staff]\nidle_signout_secnds = 60\n"),
                HasSubstr("staff.idle_signout_secnds: unknown key (did you mean "
                          "staff.idle_signout_seconds?)"));
    EXPECT_THAT(problemsOf("[staff.lockout]\nmax_failures = 0\n"),
                HasSubstr("staff.lockout.max_failures: 0 is out of range (1 to 100)"));
    EXPECT_THAT(problemsOf("[staff.lockout]\nfactor = 0\n"),
                HasSubstr("staff.lockout.factor: 0 is out of range"));
    EXPECT_THAT(problemsOf("[staff.lockout]\nfirst_lockout_seconds = 0\n"),
                HasSubstr("staff.lockout.first_lockout_seconds: 0 is out of range"));
    EXPECT_THAT(problemsOf("[staff.lockout]\nmax_lockout_hours = 0\n"),
                HasSubstr("staff.lockout.max_lockout_hours: 0 is out of range"));
    EXPECT_THAT(
        problemsOf("[staff.lockout]\nfirst_lockout_seconds = 86400\nmax_lockout_hours = 1\n"),
        HasSubstr("staff.lockout.max_lockout_hours: is shorter than"));
    EXPECT_THAT(problemsOf("[staff.lockout]\nminutes = 3\n"),
                HasSubstr("staff.lockout.minutes: unknown key"));
    EXPECT_THAT(problemsOf("[staff]\nlockout = 5\n"), HasSubstr("staff.lockout: expected a table"));
}

TEST(StaffConfig, AgePolicyFromCountryChallengeAndOverrides) {
    const Config us = load(
        "[age]\ncountry = \"US\"\nchallenge = 25\n[age.minimum]\nalcohol = 21\nfireworks = 18\n");
    EXPECT_EQ(us.agePolicy.country, "US");
    EXPECT_EQ(us.agePolicy.challengeAge, 25);
    EXPECT_EQ(us.agePolicy.minimumAge.at("alcohol"), 21);
    EXPECT_EQ(us.agePolicy.minimumAge.at("fireworks"), 18);
    // Categories not overridden keep the country's table.
    const AgePolicy table = defaultAgePolicy("US");
    for (const auto& [category, years] : table.minimumAge) {
        if (category != "alcohol" && category != "fireworks") {
            EXPECT_EQ(us.agePolicy.minimumAge.at(category), years) << category;
        }
    }
    EXPECT_EQ(checkoutSetupOf(us).agePolicy, us.agePolicy);

    const Config gb = load("[age]\ncountry = \"GB\"\n");
    EXPECT_EQ(gb.agePolicy.country, "GB");
    // Without a challenge key the country's practice stands; 0 switches it off.
    EXPECT_EQ(gb.agePolicy.challengeAge, defaultAgePolicy("GB").challengeAge);
    EXPECT_EQ(load("[age]\ncountry = \"GB\"\nchallenge = 0\n").agePolicy.challengeAge, 0);
}

TEST(StaffConfig, AgeMistakesAreNamed) {
    EXPECT_THAT(problemsOf("[age]\ncountry = \"id\"\n"),
                HasSubstr("age.country: \"id\" is not a two-letter uppercase ISO 3166 code"));
    EXPECT_THAT(problemsOf("[age]\ncountry = \"IDN\"\n"), HasSubstr("age.country"));
    EXPECT_THAT(problemsOf("[age]\nchallenge = 5\n"),
                HasSubstr("age.challenge: 5 is not a challenge age"));
    EXPECT_THAT(problemsOf("[age]\nchallenge = 120\n"),
                HasSubstr("age.challenge: 120 is out of range (0 to 99)"));
    EXPECT_THAT(problemsOf("[age.minimum]\nalcohol = 0\n"),
                HasSubstr("age.minimum.alcohol: 0 is out of range (1 to 99)"));
    EXPECT_THAT(problemsOf("[age.minimum]\nalcohol = \"18\"\n"),
                HasSubstr("age.minimum.alcohol: expected an integer"));
    EXPECT_THAT(problemsOf("[age]\ncontry = \"ID\"\n"),
                HasSubstr("age.contry: unknown key (did you mean age.country?)"));
    EXPECT_THAT(problemsOf("[age]\nminimum = 18\n"), HasSubstr("age.minimum: expected a table"));
}

TEST(StaffConfig, ReasonListsReplaceTheDefaultsOneByOne) {
    const Config c = load(R"(
[reasons]
void = ["scan-error = Scanned twice", ["broken", "Broken item"], "other"]
cancel = ["left = Shopper left"]
)");
    ASSERT_EQ(c.reasons.voids.size(), 3u);
    EXPECT_EQ(c.reasons.voids[0], (ReasonCode{"scan-error", "Scanned twice"}));
    EXPECT_EQ(c.reasons.voids[1], (ReasonCode{"broken", "Broken item"}));
    EXPECT_EQ(c.reasons.voids[2], (ReasonCode{"other", "other"}));
    ASSERT_EQ(c.reasons.cancels.size(), 1u);
    EXPECT_EQ(c.reasons.cancels[0], (ReasonCode{"left", "Shopper left"}));
    // Lists not given keep their defaults.
    EXPECT_EQ(c.reasons.overrides, defaultReasonCodes().overrides);
    EXPECT_EQ(c.reasons.discounts, defaultReasonCodes().discounts);
    EXPECT_EQ(checkoutSetupOf(c).reasons, c.reasons);
}

TEST(StaffConfig, ReasonMistakesAreNamed) {
    EXPECT_THAT(problemsOf("[reasons]\nvoid = []\n"),
                HasSubstr("reasons.void: expected a non-empty array of reasons"));
    EXPECT_THAT(problemsOf("[reasons]\nvoid = \"damaged\"\n"),
                HasSubstr("reasons.void: expected a non-empty array"));
    EXPECT_THAT(problemsOf("[reasons]\nvoid = [\"Damaged Item = x\"]\n"),
                HasSubstr("reasons.void[0]: \"Damaged Item\" is not a reason code"));
    EXPECT_THAT(problemsOf("[reasons]\noverride = [\"a = A\", \"a = B\"]\n"),
                HasSubstr("reasons.override[1]: \"a\" is listed twice"));
    EXPECT_THAT(problemsOf("[reasons]\ndiscount = [\"damaged = \"]\n"),
                HasSubstr("reasons.discount[0]: the label of \"damaged\" is empty"));
    EXPECT_THAT(problemsOf("[reasons]\ndiscount = [3]\n"),
                HasSubstr("reasons.discount[0]: expected \"code = Label\""));
    EXPECT_THAT(problemsOf("[reasons]\nvoids = [\"a\"]\n"),
                HasSubstr("reasons.voids: unknown key (did you mean reasons.void?)"));
}

TEST(StaffConfig, TheDemoConfigHasTheStaffSections) {
    auto c = loadConfig(std::string(KASIR_TEST_DATA) + "/../../assets/demo/kasir.toml");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->agePolicy.country, "ID");
    EXPECT_EQ(c->agePolicy.challengeAge, 25);
    EXPECT_EQ(c->staff.idleSignoutSeconds, 60);
    EXPECT_EQ(c->staff.pinCost, "interactive");
}

}  // namespace
}  // namespace kiosk::config
