// Rules that turn the Open Food Facts sample into a plausible Indonesian grocery catalogue.
// Prices are in rupiah and rounded to Rp 500; ranges are rough shelf prices of imported goods.
#include "kiosk/admin/demo_catalog.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "kiosk/admin/csv.hpp"

namespace kiosk::admin {
namespace {

enum class Kind { Ordinary, BasicFood, Weighed, WeighedBasicFood, Restricted };

// First matching rule wins, so specific tags come before the general ones they imply.
struct Rule {
    std::string_view tag;  // an Open Food Facts "en:" category tag
    Kind kind;
    int64_t lowest;  // rupiah, per unit (per kg for weighed items)
    int64_t highest;
    std::string_view ageCategory = {};
};

// Indonesia: alcoholic drinks and tobacco are sold from 21 (Permendag 20/2014, PP 28/2024).
constexpr int kMinimumAge = 21;

constexpr Rule kRules[] = {
    {"en:beers", Kind::Restricted, 25'000, 60'000, "alcohol"},
    {"en:wines", Kind::Restricted, 120'000, 450'000, "alcohol"},
    {"en:liqueurs", Kind::Restricted, 250'000, 650'000, "alcohol"},
    {"en:spirits", Kind::Restricted, 250'000, 650'000, "alcohol"},
    {"en:alcoholic-beverages", Kind::Restricted, 80'000, 300'000, "alcohol"},
    {"en:tobacco", Kind::Restricted, 30'000, 60'000, "tobacco"},
    {"en:cigarettes", Kind::Restricted, 30'000, 60'000, "tobacco"},
    // Loose produce and fresh meat, sold by weight and free of PPN as basic necessities.
    {"en:fresh-vegetables", Kind::WeighedBasicFood, 15'000, 45'000},
    {"en:fruits", Kind::WeighedBasicFood, 25'000, 70'000},
    {"en:fresh-meat-preparations", Kind::WeighedBasicFood, 90'000, 180'000},
    // Basic necessities (PP 49/2022): rice, eggs, plain milk, salt, sugar.
    {"en:rices", Kind::BasicFood, 20'000, 80'000},
    {"en:eggs", Kind::BasicFood, 25'000, 55'000},
    {"en:milks", Kind::BasicFood, 18'000, 40'000},
    {"en:salts", Kind::BasicFood, 8'000, 20'000},
    {"en:sugars", Kind::BasicFood, 15'000, 30'000},
    // Everything else pays PPN at the standard rate.
    {"en:olive-oils", Kind::Ordinary, 120'000, 280'000},
    {"en:vinegars", Kind::Ordinary, 45'000, 160'000},
    {"en:honeys", Kind::Ordinary, 70'000, 190'000},
    {"en:cheeses", Kind::Ordinary, 40'000, 140'000},
    {"en:meats", Kind::Ordinary, 35'000, 120'000},
    {"en:yogurts", Kind::Ordinary, 9'000, 28'000},
    {"en:butters", Kind::Ordinary, 35'000, 75'000},
    {"en:pastas", Kind::Ordinary, 18'000, 45'000},
    {"en:sauces", Kind::Ordinary, 18'000, 55'000},
    {"en:waters", Kind::Ordinary, 5'000, 15'000},
    {"en:juices-and-nectars", Kind::Ordinary, 18'000, 45'000},
    {"en:biscuits-and-cakes", Kind::Ordinary, 15'000, 55'000},
    {"en:sweet-snacks", Kind::Ordinary, 12'000, 50'000},
    {"en:salty-snacks", Kind::Ordinary, 12'000, 40'000},
    {"en:frozen-foods", Kind::Ordinary, 35'000, 95'000},
    {"en:breakfast-cereals", Kind::Ordinary, 35'000, 85'000},
    {"en:spreads", Kind::Ordinary, 30'000, 90'000},
    {"en:beverages", Kind::Ordinary, 12'000, 40'000},
    {"", Kind::Ordinary, 10'000, 60'000},
};

// Tags that take a product out of a rule it would otherwise match: a fruit bar is a snack,
// chocolate milk and soy drinks are not the plain milk the PPN exemption covers.
constexpr std::string_view kNotBasic[] = {
    "en:bars",        "en:sweet-snacks",    "en:flavoured-milks",
    "en:plant-milks", "en:milk-substitute", "en:dairy-drinks",
    "en:snacks"};

// Deli counter: in-store labels (EAN-13 prefixes 21-29; Open Food Facts gives 20... codes to
// products that have none) on cheese and cured meat, sold by weight at the standard rate.
constexpr std::string_view kDeliTags[] = {"en:cheeses", "en:meats", "en:meat-based-products"};
constexpr int64_t kDeliCheeseLowest = 180'000, kDeliCheeseHighest = 420'000;
constexpr int64_t kDeliMeatLowest = 120'000, kDeliMeatHighest = 300'000;

constexpr int64_t kPriceStep = 500;

std::set<std::string> tagsOf(std::string_view list) {
    std::set<std::string> tags;
    size_t pos = 0;
    while (pos <= list.size()) {
        const size_t end = std::min(list.find(',', pos), list.size());
        std::string_view tag = list.substr(pos, end - pos);
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ')
            tag.remove_suffix(1);
        if (!tag.empty())
            tags.emplace(tag);
        pos = end + 1;
    }
    return tags;
}

int64_t priceIn(uint64_t hash, int64_t lowest, int64_t highest) {
    const auto steps = static_cast<uint64_t>((highest - lowest) / kPriceStep + 1);
    return lowest + static_cast<int64_t>(hash % steps) * kPriceStep;
}

bool isDeliCode(std::string_view gtin14) {
    // GTIN-14 of an EAN-13: "0" + 13 digits; in-store prefixes 21-29.
    return gtin14.size() == 14 && gtin14[0] == '0' && gtin14[1] == '2' && gtin14[2] != '0' &&
           gtin14.substr(0, 6) != "000000";
}

}  // namespace

uint64_t stableHash(std::string_view text) {
    uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    // FNV's low bits follow the last bytes too closely (codes end in similar digits), so the
    // result is mixed with MurmurHash3's finaliser before anyone takes it modulo a small number.
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ULL;
    hash ^= hash >> 33;
    return hash;
}

Result<DemoCatalog> buildDemoCatalog(std::string_view csvText, const std::string& sourceName,
                                     const CatalogContext& context) {
    auto parsed = parseCatalogCsv(csvText, sourceName, context);
    if (!parsed)
        return parsed.error();
    auto records = parseCsv(csvText, sourceName);
    if (!records)
        return records.error();

    // The category tags of each record by line; the catalogue parser keeps only the category.
    size_t tagsColumn = SIZE_MAX;
    const auto& header = records->front().fields;
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == "categories_tags")
            tagsColumn = i;
    std::map<int64_t, std::set<std::string>> tagsByLine;
    for (size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        if (tagsColumn < record.fields.size())
            tagsByLine[record.line] = tagsOf(record.fields[tagsColumn]);
    }

    std::string zeroRateClass;
    for (const auto& taxClass : context.taxClasses)
        if (taxClass.rate == 0 && zeroRateClass.empty())
            zeroRateClass = taxClass.code;

    DemoCatalog demo;
    demo.skipped = parsed->rejected;
    std::vector<std::string> yogurts;
    std::vector<std::string> pastas;
    for (ProductPatch patch : parsed->rows) {
        const std::set<std::string>& tags = tagsByLine[patch.line];
        const auto has = [&](std::string_view tag) { return tags.count(std::string(tag)) != 0; };
        const bool notBasic = std::any_of(std::begin(kNotBasic), std::end(kNotBasic), has);

        const Rule* rule = nullptr;
        for (const Rule& candidate : kRules) {
            if (!candidate.tag.empty() && !has(candidate.tag))
                continue;
            const bool basic =
                candidate.kind == Kind::BasicFood || candidate.kind == Kind::WeighedBasicFood;
            if (basic && notBasic)
                continue;
            rule = &candidate;
            break;
        }
        Kind kind = rule->kind;
        int64_t lowest = rule->lowest;
        int64_t highest = rule->highest;
        if (kind == Kind::Ordinary && isDeliCode(patch.gtin) &&
            std::any_of(std::begin(kDeliTags), std::end(kDeliTags), has)) {
            kind = Kind::Weighed;
            const bool cheese = has("en:cheeses");
            lowest = cheese ? kDeliCheeseLowest : kDeliMeatLowest;
            highest = cheese ? kDeliCheeseHighest : kDeliMeatHighest;
        }

        const uint64_t priceHash = stableHash("price:" + patch.gtin);
        const uint64_t stockHash = stableHash("stock:" + patch.gtin);
        patch.price = priceIn(priceHash, lowest, highest);
        patch.active = true;
        patch.imagePath = std::string();
        patch.extraBarcodes = std::vector<std::string>{};
        patch.plu = std::string();
        patch.age = std::optional<AgeRestriction>{};
        patch.unit = SaleUnit::Each;
        patch.taxClass = context.defaultTaxClass;

        const bool isWeighed = kind == Kind::Weighed || kind == Kind::WeighedBasicFood;
        if (isWeighed) {
            patch.unit = SaleUnit::Weight;
            // Grams: 2 to 20 kg on hand, low below 2 kg.
            patch.stock = 2'000 + static_cast<int64_t>(stockHash % 19) * 1'000;
            patch.lowStock = 2'000;
            ++demo.weighed;
        } else {
            // Units: mostly 6 to 120 on hand; one product in 12 is at or below its threshold of
            // 5 so that `stock low` has something to show.
            patch.stock = stockHash % 12 == 0 ? static_cast<int64_t>(stockHash / 12 % 6)
                                              : 6 + static_cast<int64_t>(stockHash / 12 % 115);
            patch.lowStock = 5;
        }
        if ((kind == Kind::BasicFood || kind == Kind::WeighedBasicFood) && !zeroRateClass.empty()) {
            patch.taxClass = zeroRateClass;
            ++demo.basicFood;
        }
        if (kind == Kind::Restricted) {
            patch.age = AgeRestriction{std::string(rule->ageCategory), kMinimumAge};
            ++demo.restricted;
        }
        if (has("en:yogurts"))
            yogurts.push_back(patch.gtin);
        if (has("en:pastas"))
            pastas.push_back(patch.gtin);
        demo.products.push_back(std::move(patch));
    }

    // Store-internal PLUs for the weighed items (not IFPS codes), numbered in code order.
    std::vector<ProductPatch*> weighed;
    for (auto& product : demo.products)
        if (product.unit == SaleUnit::Weight)
            weighed.push_back(&product);
    std::sort(weighed.begin(), weighed.end(),
              [](const ProductPatch* a, const ProductPatch* b) { return a->gtin < b->gtin; });
    int plu = 1001;
    for (ProductPatch* product : weighed)
        product->plu = std::to_string(plu++);

    DemoPromotion threeForTwo;
    threeForTwo.promotion.label = "Yogurt: beli 3 bayar 2";
    threeForTwo.promotion.kind = PromotionKind::BuyNPayM;
    threeForTwo.promotion.n = 3;
    threeForTwo.promotion.m = 2;
    threeForTwo.gtins = yogurts;
    DemoPromotion percentOff;
    percentOff.promotion.label = "Pasta: hemat 20%";
    percentOff.promotion.kind = PromotionKind::PercentOff;
    percentOff.promotion.percent = 2'000;  // basis points
    percentOff.gtins = pastas;
    demo.promotions = {threeForTwo, percentOff};
    return demo;
}

}  // namespace kiosk::admin
