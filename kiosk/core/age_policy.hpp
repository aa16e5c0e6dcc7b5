// Who may buy what: the minimum age per restricted category for the store's country, and the
// store's challenge policy (Challenge 21 / 25). Pure data and lookups; config fills it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/product.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk {

struct AgePolicy {
    std::string country;                    // ISO 3166-1 alpha-2, e.g. "ID", "GB", "US"
    std::map<std::string, int> minimumAge;  // category ("alcohol", "tobacco", ...) -> years
    // Challenge policy: anyone who looks under this age is asked for ID; 0 = none. The
    // attendant's "looks clearly over" method means over this age (or the item's age when 0).
    int challengeAge = 0;
    friend bool operator==(const AgePolicy&, const AgePolicy&) = default;
};

// The built-in table for a country, "ID", "GB" or "US" in any case (each figure's legal source
// is in age_policy.cpp); unknown countries get an empty table, so only the catalogue's own
// minimum ages apply. Category names are lower case: alcohol, tobacco, e-cigarettes, knives,
// fireworks; requiredAge compares them ignoring case.
AgePolicy defaultAgePolicy(std::string_view country);

// The age a shopper must have to buy `product`: the larger of the catalogue's minAge and the
// policy's age for its category (the stricter rule wins); 0 when it is not restricted.
int requiredAge(const Product& product, const AgePolicy& policy);

// The threshold the "looks clearly over" method refers to for an item of `required` years:
// the challenge age when there is one (never below `required`), else `required`.
int looksOverAge(const AgePolicy& policy, int required);

}  // namespace kiosk
