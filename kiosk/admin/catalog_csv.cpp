// Catalogue CSV rows to product patches and back.
#include "kiosk/admin/catalog_csv.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "kiosk/admin/csv.hpp"
#include "kiosk/core/gtin.hpp"

namespace kiosk::admin {

const char* const kCatalogFormatHelp =
    R"(Catalogue CSV format (RFC 4180, UTF-8; a byte order mark is tolerated):
  The first line is a header; columns are found by name, in any order, and columns kasir
  does not know (brands, quantity, ... of Open Food Facts exports) are ignored.
  Required columns:
    code          GTIN-8/12/13/14 with a valid check digit (leading zeros kept); codes
                  starting with 2 (restricted circulation) are store-internal items and
                  are accepted. Empty only for a PLU-only item (then plu is required).
    product_name  the product's default (English, "en") name; must not be empty.
  Optional columns (a column missing from the file leaves stored values unchanged; an
  empty cell means the default shown in brackets):
    name_XX       the name in language XX (name_id, name_en, ...); name_en overrides
                  product_name as the English name [no name in that language]
    price         shelf price in currency units, '.' as decimal point: 12500 or 12.50;
                  per kg for weighed items; at most 10^13 minor units (Rp 10 trillion,
                  $100 billion) [0]
    tax_class     code of a tax class of the store, e.g. PPN [the configured default]
    unit          each | kg [each]
    age_category  age-restricted category, e.g. alcohol, tobacco [not restricted]
    min_age       minimum age for age_category, 1 to 99 [required with age_category]
    plu           price look-up code, 1 to 8 digits, unique [none]
    category      category shown and used by promotions [from Open Food Facts
                  main_category/categories_tags when those columns exist]
    barcodes      further GTINs selling the same product, separated by spaces [none]
    image         image path [none]
    active        1 or 0 (also true/false, yes/no) [1 when the price is above 0, else 0:
                  a product without a price is not sold]. Without this column a new
                  product, or one whose price goes from 0 to above 0 or back, follows the
                  same rule; any other stored product keeps its value (repricing does not
                  put a withdrawn product back on sale)
    stock         units on hand, or grams for kg items; sets the level [unchanged]
    low_stock     low-stock threshold, same unit as stock [unchanged]
  A row is imported when its code is valid and it has a name; every other row is
  reported with its line (where the record starts) and the reason, and stored nowhere.
  Codes of other lengths are never zero-padded into validity. Importing the same code
  again updates that product.)";

namespace {

// Columns of the Open Food Facts slim export (products.csv) that kasir reads no value from;
// they are ignored silently, anything else unknown is named so a typo ("prcie") shows.
constexpr std::string_view kOffColumns[] = {
    "code_type",       "check_digit_ok", "restricted_circulation_prefix2",
    "brands",          "quantity",       "categories",
    "categories_tags", "main_category",  "countries",
    "stores",          "off_url",        "url"};

constexpr std::string_view kKasirColumns[] = {
    "code", "product_name", "price",    "tax_class", "unit",   "age_category", "min_age",
    "plu",  "category",     "barcodes", "image",     "active", "stock",        "low_stock"};

std::string trim(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isLanguageColumn(std::string_view name) {
    return name.size() == 7 && name.substr(0, 5) == "name_" && name[5] >= 'a' && name[5] <= 'z' &&
           name[6] >= 'a' && name[6] <= 'z';
}

// A non-negative integer that fits comfortably (stock counts and thresholds).
std::optional<int64_t> parseCount(std::string_view s) {
    if (!allDigits(s) || s.size() > 12)
        return std::nullopt;
    int64_t v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

std::optional<bool> parseFlag(std::string_view s) {
    const std::string v = lower(std::string(s));
    if (v == "1" || v == "true" || v == "yes")
        return true;
    if (v == "0" || v == "false" || v == "no")
        return false;
    return std::nullopt;
}

// Column positions of one file, -1 for absent columns.
struct Columns {
    std::unordered_map<std::string, size_t> index;
    std::vector<std::pair<std::string, size_t>> languages;  // "id" -> column of name_id

    bool has(const std::string& name) const { return index.count(name) != 0; }
    std::string get(const std::vector<std::string>& fields, const std::string& name) const {
        auto it = index.find(name);
        return it == index.end() ? std::string() : trim(fields[it->second]);
    }
};

// Row validation: returns the patch or the reason it is refused.
Result<ProductPatch> readRow(const Columns& cols, const CsvRecord& record,
                             const CatalogContext& context) {
    const auto reject = [](std::string reason) {
        return makeError(ErrorCode::InvalidArgument, std::move(reason));
    };
    const auto& f = record.fields;
    for (const auto& field : f)
        if (!isValidUtf8(field))
            return reject("the row is not valid UTF-8");

    ProductPatch patch;
    patch.line = record.line;
    const std::string code = cols.get(f, "code");
    const std::string plu = cols.get(f, "plu");
    if (code.empty()) {
        if (plu.empty())
            return reject("code is empty (and there is no plu)");
    } else {
        auto gtin = normalizeGtin14(code);
        if (!gtin)
            return reject(gtin.error().message);
        patch.gtin = *gtin;
    }

    const std::string name = cols.get(f, "product_name");
    if (name.empty())
        return reject("product_name is empty");
    patch.names["en"] = name;
    for (const auto& [language, column] : cols.languages) {
        std::string localized = trim(f[column]);
        if (language == "en") {
            if (!localized.empty())
                patch.names["en"] = localized;
        } else if (localized.empty()) {
            patch.names[language] = std::nullopt;
        } else {
            patch.names[language] = localized;
        }
    }

    if (cols.has("price")) {
        const std::string price = cols.get(f, "price");
        if (price.empty()) {
            patch.price = 0;
        } else {
            auto amount = parseAmount(price, context.currency);
            if (!amount)
                return reject("price: " + amount.error().message);
            if (*amount > kMaxPrice)
                return reject("price " + price + " is above the highest price, " +
                              plainAmount(kMaxPrice, context.currency));
            patch.price = *amount;
        }
    }

    const std::string taxClass = cols.get(f, "tax_class");
    if (!taxClass.empty()) {
        const auto& classes = context.taxClasses;
        if (std::none_of(classes.begin(), classes.end(),
                         [&](const TaxClass& t) { return t.code == taxClass; })) {
            std::string known;
            for (const auto& t : classes)
                known += (known.empty() ? "" : ", ") + t.code;
            return reject("tax_class '" + taxClass + "' is not a tax class of this store (" +
                          known + ")");
        }
        patch.taxClass = taxClass;
    } else if (cols.has("tax_class")) {
        patch.taxClass = context.defaultTaxClass;
    }

    if (cols.has("unit")) {
        const std::string unit = lower(cols.get(f, "unit"));
        if (unit.empty() || unit == "each")
            patch.unit = SaleUnit::Each;
        else if (unit == "kg")
            patch.unit = SaleUnit::Weight;
        else
            return reject("unit '" + cols.get(f, "unit") + "' is not 'each' or 'kg'");
    }

    if (cols.has("age_category") || cols.has("min_age")) {
        const std::string category = cols.get(f, "age_category");
        const std::string minAge = cols.get(f, "min_age");
        if (category.empty() && minAge.empty()) {
            patch.age = std::optional<AgeRestriction>{};
        } else if (category.empty()) {
            return reject("min_age is given without an age_category");
        } else {
            auto age = parseCount(minAge);
            if (minAge.empty())
                return reject("age_category '" + category + "' needs a min_age");
            if (!age || *age < 1 || *age > 99)
                return reject("min_age '" + minAge + "' is not an age from 1 to 99");
            patch.age = AgeRestriction{category, static_cast<int>(*age)};
        }
    }

    if (cols.has("plu")) {
        if (!plu.empty() && (!allDigits(plu) || plu.size() > 8))
            return reject("plu '" + plu + "' is not 1 to 8 digits");
        patch.plu = plu;
    }

    if (cols.has("category")) {
        patch.category = cols.get(f, "category");
    } else if (cols.has("main_category") || cols.has("categories_tags")) {
        patch.category =
            englishCategory(cols.get(f, "main_category"), cols.get(f, "categories_tags"));
    }
    if (cols.has("image"))
        patch.imagePath = cols.get(f, "image");

    if (cols.has("barcodes")) {
        std::vector<std::string> extra;
        std::string list = cols.get(f, "barcodes");
        for (char& c : list)
            if (c == ';' || c == '|' || c == '\t')
                c = ' ';
        size_t pos = 0;
        while (pos < list.size()) {
            const size_t end = std::min(list.find(' ', pos), list.size());
            const std::string item = list.substr(pos, end - pos);
            pos = end + 1;
            if (item.empty())
                continue;
            auto gtin = normalizeGtin14(item);
            if (!gtin)
                return reject("barcodes: " + gtin.error().message);
            if (*gtin != patch.gtin && std::find(extra.begin(), extra.end(), *gtin) == extra.end())
                extra.push_back(*gtin);
        }
        patch.extraBarcodes = extra;
    }

    if (cols.has("active")) {
        const std::string value = cols.get(f, "active");
        if (value.empty()) {
            patch.active = std::optional<bool>{};
        } else {
            auto active = parseFlag(value);
            if (!active)
                return reject("active '" + value + "' is not 1 or 0");
            patch.active = *active;
        }
    }
    for (const auto& [column, target] :
         {std::pair{"stock", &patch.stock}, std::pair{"low_stock", &patch.lowStock}}) {
        const std::string value = cols.get(f, column);
        if (value.empty())
            continue;
        auto count = parseCount(value);
        if (!count)
            return reject(std::string(column) + " '" + value + "' is not a whole number >= 0");
        *target = *count;
    }
    patch.fallbackTaxClass = context.defaultTaxClass;
    return patch;
}

}  // namespace

Product applyPatch(Product base, const ProductPatch& patch) {
    const bool stored = base.id != 0;
    const int64_t storedPrice = base.price;
    if (!patch.gtin.empty())
        base.gtin = patch.gtin;
    for (const auto& [language, name] : patch.names) {
        if (name)
            base.names[language] = *name;
        else
            base.names.erase(language);
    }
    if (patch.price)
        base.price = *patch.price;
    if (patch.taxClass)
        base.taxClass = *patch.taxClass;
    if (base.taxClass.empty())
        base.taxClass = patch.fallbackTaxClass;
    if (patch.unit)
        base.unit = *patch.unit;
    if (patch.age)
        base.age = *patch.age;
    if (patch.plu)
        base.plu = *patch.plu;
    if (patch.category)
        base.category = *patch.category;
    if (patch.imagePath)
        base.imagePath = *patch.imagePath;
    if (patch.extraBarcodes) {
        base.barcodes.clear();
        if (!base.gtin.empty())
            base.barcodes.push_back(base.gtin);
        base.barcodes.insert(base.barcodes.end(), patch.extraBarcodes->begin(),
                             patch.extraBarcodes->end());
    } else if (!base.gtin.empty() && std::find(base.barcodes.begin(), base.barcodes.end(),
                                               base.gtin) == base.barcodes.end()) {
        base.barcodes.insert(base.barcodes.begin(), base.gtin);
    }
    if (patch.active && *patch.active) {
        base.active = **patch.active;
    } else if (patch.active || !stored || (storedPrice > 0) != (base.price > 0)) {
        // An empty cell, a new product, or a price going from none to some or back: a product
        // is sold exactly when it has a price (the Open Food Facts catalogue comes unpriced).
        base.active = base.price > 0;
    }
    // Otherwise there is no active column and the product keeps its flag: repricing a
    // withdrawn product does not put it back on sale.
    return base;
}

Result<ParsedCatalog> parseCatalogCsv(std::string_view text, const std::string& sourceName,
                                      const CatalogContext& context) {
    auto records = parseCsv(text, sourceName);
    if (!records)
        return records.error();
    if (records->empty())
        return makeError(ErrorCode::InvalidArgument,
                         sourceName +
                             ": the file is empty; expected a header line with at least "
                             "the columns code and product_name");

    const CsvRecord& header = records->front();
    Columns cols;
    ParsedCatalog parsed;
    for (size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = lower(trim(header.fields[i]));
        if (name.empty())
            continue;
        if (!cols.index.emplace(name, i).second)
            return makeError(ErrorCode::InvalidArgument,
                             sourceName + ":" + std::to_string(header.line) + ": the column '" +
                                 name + "' appears twice in the header");
        if (isLanguageColumn(name)) {
            cols.languages.emplace_back(name.substr(5), i);
            continue;
        }
        const auto known = [&](const auto& list) {
            return std::find(std::begin(list), std::end(list), name) != std::end(list);
        };
        if (!known(kKasirColumns) && !known(kOffColumns))
            parsed.ignoredColumns.push_back(name);
    }
    for (const char* required : {"code", "product_name"}) {
        if (cols.has(required))
            continue;
        std::string found;
        for (const auto& field : header.fields)
            found += (found.empty() ? "" : ", ") + trim(field).substr(0, 40);
        return makeError(
            ErrorCode::InvalidArgument,
            sourceName + ":" + std::to_string(header.line) + ": the header has no '" + required +
                "' column (the first line must name the columns; it has: " + found + ")");
    }

    // Codes and PLUs already taken by an earlier accepted row of this file, with its line.
    std::unordered_map<std::string, int64_t> seenCodes;
    std::unordered_map<std::string, int64_t> seenPlus;
    for (size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        const std::string code = record.fields.size() > cols.index.at("code")
                                     ? trim(record.fields[cols.index.at("code")])
                                     : std::string();
        if (record.fields.size() != header.fields.size()) {
            parsed.rejected.push_back({record.line, code,
                                       "has " + std::to_string(record.fields.size()) +
                                           " fields, the header has " +
                                           std::to_string(header.fields.size())});
            continue;
        }
        auto patch = readRow(cols, record, context);
        if (!patch) {
            parsed.rejected.push_back({record.line, code, patch.error().message});
            continue;
        }
        std::vector<std::string> codes;
        if (!patch->gtin.empty())
            codes.push_back(patch->gtin);
        if (patch->extraBarcodes)
            codes.insert(codes.end(), patch->extraBarcodes->begin(), patch->extraBarcodes->end());
        std::string duplicate;
        for (const auto& c : codes)
            if (auto it = seenCodes.find(c); it != seenCodes.end() && duplicate.empty())
                duplicate = "code " + displayCode(c) + " already appears on line " +
                            std::to_string(it->second);
        if (patch->plu && !patch->plu->empty())
            if (auto it = seenPlus.find(*patch->plu); it != seenPlus.end() && duplicate.empty())
                duplicate =
                    "plu " + *patch->plu + " already appears on line " + std::to_string(it->second);
        if (!duplicate.empty()) {
            parsed.rejected.push_back({record.line, code, duplicate});
            continue;
        }
        for (const auto& c : codes)
            seenCodes.emplace(c, record.line);
        if (patch->plu && !patch->plu->empty())
            seenPlus.emplace(*patch->plu, record.line);
        parsed.rows.push_back(std::move(*patch));
    }
    return parsed;
}

std::string writeCatalogCsv(std::vector<ExportRow> rows, const Currency& currency, bool withStock) {
    std::sort(rows.begin(), rows.end(), [](const ExportRow& a, const ExportRow& b) {
        const Product& x = a.product;
        const Product& y = b.product;
        if (x.gtin.empty() != y.gtin.empty())
            return !x.gtin.empty();
        if (x.gtin != y.gtin)
            return x.gtin < y.gtin;
        return x.plu < y.plu;
    });
    std::set<std::string> languages;
    for (const auto& row : rows)
        for (const auto& [language, name] : row.product.names)
            if (language != "en")
                languages.insert(language);

    std::vector<std::string> header{"code", "product_name"};
    for (const auto& language : languages)
        header.push_back("name_" + language);
    for (const char* column : {"price", "tax_class", "unit", "age_category", "min_age", "plu",
                               "category", "barcodes", "image", "active"})
        header.push_back(column);
    if (withStock) {
        header.push_back("stock");
        header.push_back("low_stock");
    }

    std::string out = csvRecord(header);
    for (const auto& row : rows) {
        const Product& p = row.product;
        std::vector<std::string> fields{p.gtin.empty() ? std::string() : displayCode(p.gtin)};
        auto en = p.names.find("en");
        fields.push_back(en != p.names.end() ? en->second : p.nameFor("en"));
        for (const auto& language : languages) {
            auto it = p.names.find(language);
            fields.push_back(it != p.names.end() ? it->second : std::string());
        }
        fields.push_back(plainAmount(p.price, currency));
        fields.push_back(p.taxClass);
        fields.push_back(p.unit == SaleUnit::Weight ? "kg" : "each");
        fields.push_back(p.age ? p.age->category : std::string());
        fields.push_back(p.age ? std::to_string(p.age->minAge) : std::string());
        fields.push_back(p.plu);
        fields.push_back(p.category);
        std::string barcodes;
        for (const auto& b : p.barcodes)
            if (b != p.gtin)
                barcodes += (barcodes.empty() ? "" : " ") + displayCode(b);
        fields.push_back(barcodes);
        fields.push_back(p.imagePath);
        fields.push_back(p.active ? "1" : "0");
        if (withStock) {
            fields.push_back(std::to_string(row.stock));
            fields.push_back(std::to_string(row.lowStock));
        }
        out += csvRecord(fields);
    }
    return out;
}

std::string displayCode(std::string_view gtin14) {
    if (gtin14.size() != 14)
        return std::string(gtin14);
    if (gtin14.substr(0, 6) == "000000")
        return std::string(gtin14.substr(6));
    if (gtin14.front() == '0')
        return std::string(gtin14.substr(1));
    return std::string(gtin14);
}

std::string plainAmount(int64_t minor, const Currency& currency) {
    const bool negative = minor < 0;
    uint64_t magnitude =
        negative ? ~static_cast<uint64_t>(minor) + 1 : static_cast<uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    if (currency.exponent > 0) {
        const size_t exponent = static_cast<size_t>(currency.exponent);
        if (digits.size() <= exponent)
            digits.insert(0, exponent + 1 - digits.size(), '0');
        digits.insert(digits.size() - exponent, ".");
    }
    return negative ? "-" + digits : digits;
}

std::string englishCategory(std::string_view mainCategory, std::string_view categoriesTags) {
    if (mainCategory.substr(0, 3) == "en:")
        return trim(mainCategory.substr(3));
    std::string best;
    size_t pos = 0;
    while (pos <= categoriesTags.size()) {
        const size_t end = std::min(categoriesTags.find(',', pos), categoriesTags.size());
        const std::string tag = trim(categoriesTags.substr(pos, end - pos));
        if (tag.substr(0, 3) == "en:")
            best = tag.substr(3);
        pos = end + 1;
    }
    return best;
}

bool isValidUtf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        size_t length = 0;
        uint32_t codePoint = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        } else if ((byte & 0xE0) == 0xC0) {
            length = 2;
            codePoint = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            codePoint = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            codePoint = byte & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size())
            return false;
        for (size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
        const uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        if (codePoint < minimum || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

}  // namespace kiosk::admin
