// The kiosk's configuration file (TOML): store, kiosk, database, tax classes and checkout timing.
// Loading validates everything up front so a kiosk never starts half-configured.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/config/section.hpp"
#include "kiosk/core/age_policy.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::config {

// [store]
struct StoreSettings {
    std::string id;                            // required; letters, digits, '.', '_', '-'
    std::string name;                          // required; printed on receipts
    Currency currency;                         // required; ISO 4217 code
    std::vector<std::string> languages{"en"};  // ISO 639-1 codes offered to the shopper
    std::string defaultLanguage = "en";        // default: the first of `languages`
    int utcOffsetMinutes = 0;                  // receipts and reports show local time
};

// [staff]: attendant sign-in on the kiosk.
struct StaffSettings {
    int idleSignoutSeconds = 60;  // idle_signout_seconds (5 to 3600): attendant mode ends
    // lockout.max_failures 5, lockout.first_lockout_seconds 60, lockout.factor 4,
    // lockout.max_lockout_hours 24 (LockoutPolicy's defaults).
    LockoutPolicy lockout;
    // pin_cost: "interactive" (libsodium's interactive Argon2id limits) or "minimum" (the
    // library's minimum: for tests only, never in a store).
    std::string pinCost = "interactive";
};

struct Config {
    std::string sourcePath;  // the file it was loaded from, for messages
    StoreSettings store;
    std::string kioskId;       // [kiosk] id, required
    std::string databasePath;  // [database] path, relative ones resolved against the file's dir
    TaxConfig tax;
    std::string defaultTaxClass;  // [tax] default_class; default: the first [[tax.class]]
    // [checkout], defaults as in CheckoutConfig: inactivity_warning_seconds 60 (0: off),
    // inactivity_countdown_seconds 20, receipt_choice_seconds 30, finished_seconds 5,
    // removal_needs_attendant false.
    CheckoutConfig checkout;
    // [devices.NAME] for NAME in kDeviceNames: each a table of scalar settings that the
    // device's own code validates (url = "sim" | "tcp://..." | "serial://..." | ...). A device
    // without a table is absent from the map; the app decides its default (usually "sim" in
    // the demo, none in a store).
    std::map<std::string, Section> devices;
    // [ui]: scalar settings validated by the screens.
    Section ui;
    StaffSettings staff;
    // [age] country = "ID" (default), challenge = 0 (none; 21 or 25: Challenge 21/25), and
    // [age.minimum] CATEGORY = YEARS overriding the country's table.
    AgePolicy agePolicy;
    // [reasons] void / override / discount / cancel: each replaces its default list with
    // entries "code = Label" (or ["code", "Label"]).
    ReasonCodes reasons = defaultReasonCodes();
};

inline constexpr std::string_view kDeviceNames[] = {"camera", "terminal", "printer", "scale",
                                                    "hand_scanner"};

// Reads and validates the file. On failure the Error's message lists every problem, one per
// line, as "FILE:LINE: dotted.key: what is wrong" (LINE omitted where no line applies).
// Unknown keys and sections are errors too: a misspelt key must not silently do nothing.
Result<Config> loadConfig(const std::string& path);

// Same for text already in memory; `sourceName` names it in messages and `baseDir` resolves a
// relative database path.
Result<Config> parseConfig(std::string_view text, const std::string& sourceName,
                           const std::string& baseDir);

// A decimal percentage ("11", "8.875", "11%") as parts per million of kRateOne, computed
// exactly: at most four decimals, no sign, no exponent, 0 to 100.
Result<int64_t> parsePercentPpm(std::string_view text);

// The pricing rules the configuration describes (promotions come from the store database).
PricingRules pricingRulesOf(const Config& config);

// Everything the checkout machine needs from the configuration (promotions still empty).
CheckoutSetup checkoutSetupOf(const Config& config);

}  // namespace kiosk::config
