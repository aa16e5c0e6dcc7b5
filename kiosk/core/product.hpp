// A catalogue product as the checkout sees it: codes, names per language, price and rules.
// Plain data: storage loads it, the cart keeps a copy of it as scanned.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class SaleUnit { Each, Weight };

// Age-restricted category (e.g. "alcohol", "tobacco") with the minimum age to buy.
struct AgeRestriction {
    std::string category;
    int minAge = 0;
    friend bool operator==(const AgeRestriction&, const AgeRestriction&) = default;
};

struct Product {
    int64_t id = 0;
    std::string gtin;                          // primary code as GTIN-14; empty for PLU-only items
    std::vector<std::string> barcodes;         // every code that sells this product, GTIN-14
    std::map<std::string, std::string> names;  // language code -> name
    int64_t price = 0;     // minor units: per unit (Each) or per kilogram (Weight)
    std::string taxClass;  // code of a configured tax class, e.g. "PPN"
    std::optional<AgeRestriction> age;
    SaleUnit unit = SaleUnit::Each;
    std::string plu;  // price look-up code for produce without a barcode
    std::string imagePath;
    std::string category;
    bool active = true;

    // The name in the language, else English, else any name, else the code.
    std::string nameFor(std::string_view language) const;

    friend bool operator==(const Product&, const Product&) = default;
};

}  // namespace kiosk
