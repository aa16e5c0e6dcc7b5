// The built-in age tables and the required-age rule.
#include "kiosk/core/age_policy.hpp"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

Product restricted(std::string category, int minAge) {
    Product p;
    p.id = 1;
    p.names = {{"en", "Item"}};
    p.age = AgeRestriction{std::move(category), minAge};
    return p;
}

TEST(AgePolicy, Indonesia) {
    const AgePolicy id = defaultAgePolicy("ID");
    EXPECT_EQ(id.country, "ID");
    EXPECT_EQ(id.minimumAge.at("alcohol"), 21);
    EXPECT_EQ(id.minimumAge.at("tobacco"), 21);
    EXPECT_EQ(id.minimumAge.at("e-cigarettes"), 21);
    EXPECT_EQ(id.challengeAge, 0);
    EXPECT_EQ(defaultAgePolicy("id"), id);  // the country code is read ignoring case
}

TEST(AgePolicy, UnitedKingdom) {
    const AgePolicy gb = defaultAgePolicy("GB");
    for (const char* c : {"alcohol", "tobacco", "e-cigarettes", "knives", "fireworks"})
        EXPECT_EQ(gb.minimumAge.at(c), 18) << c;
    EXPECT_EQ(gb.challengeAge, 25);
}

TEST(AgePolicy, UnitedStates) {
    const AgePolicy us = defaultAgePolicy("US");
    EXPECT_EQ(us.minimumAge.at("alcohol"), 21);
    EXPECT_EQ(us.minimumAge.at("tobacco"), 21);
    EXPECT_EQ(us.minimumAge.count("knives"), 0u);  // state law, no national figure
}

TEST(AgePolicy, UnknownCountryHasNoTable) {
    const AgePolicy xx = defaultAgePolicy("XX");
    EXPECT_EQ(xx.country, "XX");
    EXPECT_TRUE(xx.minimumAge.empty());
    EXPECT_EQ(xx.challengeAge, 0);
    EXPECT_TRUE(defaultAgePolicy("").minimumAge.empty());
}

TEST(AgePolicy, RequiredAgeIsTheStricterRule) {
    const AgePolicy id = defaultAgePolicy("ID");
    const AgePolicy gb = defaultAgePolicy("GB");
    // The catalogue says 18, Indonesian law 21: 21.
    EXPECT_EQ(requiredAge(restricted("alcohol", 18), id), 21);
    EXPECT_EQ(requiredAge(restricted("alcohol", 18), gb), 18);
    // A store rule above the law stays (energy drinks at 16 where no law says so).
    EXPECT_EQ(requiredAge(restricted("alcohol", 25), gb), 25);
    EXPECT_EQ(requiredAge(restricted("energy-drinks", 16), gb), 16);
    // A category the law restricts even when the catalogue gives no age.
    EXPECT_EQ(requiredAge(restricted("knives", 0), gb), 18);
    EXPECT_EQ(requiredAge(restricted("Knives", 0), gb), 18);  // categories typed by people
    EXPECT_EQ(requiredAge(restricted("knives", 0), id), 0);
    EXPECT_EQ(requiredAge(restricted("knives", -5), id), 0);
    // Not restricted at all.
    Product bread;
    bread.id = 2;
    EXPECT_EQ(requiredAge(bread, id), 0);
    AgePolicy custom = id;
    custom.minimumAge["alcohol"] = 25;  // a config override
    EXPECT_EQ(requiredAge(restricted("alcohol", 18), custom), 25);
}

TEST(AgePolicy, LooksOverAge) {
    AgePolicy p = defaultAgePolicy("ID");
    EXPECT_EQ(looksOverAge(p, 21), 21);
    p.challengeAge = 25;
    EXPECT_EQ(looksOverAge(p, 21), 25);
    p.challengeAge = 18;  // never below the item's own age
    EXPECT_EQ(looksOverAge(p, 21), 21);
}

}  // namespace
}  // namespace kiosk
