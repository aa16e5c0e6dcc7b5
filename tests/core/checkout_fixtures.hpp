// Products, codes and rules shared by the checkout machine's scenario and exhaustive tests.
// An IDR store with PPN 11% and a few products: plain, age-restricted and weighed.
#pragma once

#include <string>
#include <utility>

#include "kiosk/core/checkout_machine.hpp"

namespace kiosk::testing {

inline constexpr Timestamp kT0 = 1'700'000'000'000;  // an ordinary epoch time, far from 0

inline const std::string kBreadCode = "08991234567891";
inline const std::string kBeerCode = "08990000000019";
inline const std::string kCigarCode = "08990000000026";
inline const std::string kUnknownCode = "04006381333931";

inline PricingRules idrRules() {
    PricingRules rules;
    rules.currency = currencyIdr();
    rules.tax.mode = TaxMode::Inclusive;
    rules.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}};
    return rules;
}

// A product sold by unit; an empty gtin gives a product without barcodes.
inline Product makeProduct(int64_t id, std::string name, int64_t price, std::string gtin) {
    Product p;
    p.id = id;
    if (!gtin.empty())
        p.barcodes = {gtin};
    p.gtin = std::move(gtin);
    p.names = {{"en", std::move(name)}};
    p.price = price;
    p.taxClass = "PPN";
    return p;
}

inline Product bread() {
    return makeProduct(1, "Bread", 15'000, kBreadCode);
}

inline Product beer() {
    Product p = makeProduct(2, "Beer", 25'000, kBeerCode);
    p.age = AgeRestriction{"alcohol", 18};
    return p;
}

inline Product cigars() {
    Product p = makeProduct(3, "Cigars", 40'000, kCigarCode);
    p.age = AgeRestriction{"tobacco", 18};
    return p;
}

// The machine's setup for tests: no country age table (only the catalogue's ages apply) and
// the default reason codes, unless a test says otherwise.
inline CheckoutSetup makeSetup(CheckoutConfig config, std::string storeId = "store-1",
                               std::string kioskId = "kiosk-1", std::string language = "en",
                               AgePolicy agePolicy = {}) {
    CheckoutSetup setup;
    setup.config = config;
    setup.rules = idrRules();
    setup.storeId = std::move(storeId);
    setup.kioskId = std::move(kioskId);
    setup.defaultLanguage = std::move(language);
    setup.agePolicy = std::move(agePolicy);
    return setup;
}

// Sold by weight, found by PLU.
inline Product bananas() {
    Product p = makeProduct(4, "Bananas", 30'000, "");
    p.unit = SaleUnit::Weight;
    p.plu = "4011";
    return p;
}

}  // namespace kiosk::testing
