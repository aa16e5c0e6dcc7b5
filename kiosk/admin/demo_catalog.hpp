// The demo store's catalogue: the Open Food Facts sample with prices, stock, tax classes, age
// limits, weighed items and promotions derived from each product's code and category tags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::admin {

// A promotion whose products are named by GTIN-14 until storage gives them ids.
struct DemoPromotion {
    Promotion promotion;  // productIds empty
    std::vector<std::string> gtins;
};

struct DemoCatalog {
    std::vector<ProductPatch> products;  // every field set, ready for applyPatch
    std::vector<Rejection> skipped;      // rows of the CSV the import rules refuse
    std::vector<DemoPromotion> promotions;
    int restricted = 0;
    int weighed = 0;
    int basicFood = 0;  // in the zero-rate tax class
};

// Builds the catalogue from the CSV text (the Open Food Facts slim format). Pure and
// deterministic: values come from a hash of each code, never from a clock or RNG. Tax classes
// are taken from `context`: its default class for ordinary goods and its first class with a
// rate of 0, when there is one, for basic food.
Result<DemoCatalog> buildDemoCatalog(std::string_view csvText, const std::string& sourceName,
                                     const CatalogContext& context);

// 64-bit FNV-1a with a final mix: stable across compilers and runs, unlike std::hash.
uint64_t stableHash(std::string_view text);

}  // namespace kiosk::admin
