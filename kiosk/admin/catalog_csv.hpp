// The catalogue CSV format of kasir-admin: the Open Food Facts "slim" columns plus kasir's own.
// Reading turns each row into a ProductPatch (or a rejection with its line); writing is the
// inverse.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/money.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/product.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::admin {

// The format, as printed by `kasir-admin import-catalog --help` and kept in assets/demo/README.md.
extern const char* const kCatalogFormatHelp;

// What a row changes. A column missing from the file leaves the stored value as it is (so a
// file of just code,product_name,price reprices without touching stock or names in other
// languages); a present column sets the value, an empty cell meaning the default.
struct ProductPatch {
    int64_t line = 0;
    std::string gtin;                                         // GTIN-14; empty for a PLU-only item
    std::map<std::string, std::optional<std::string>> names;  // nullopt: remove that language
    std::optional<int64_t> price;
    std::optional<std::string> taxClass;
    std::optional<SaleUnit> unit;
    std::optional<std::optional<AgeRestriction>> age;
    std::optional<std::string> plu;
    std::optional<std::string> category;
    std::optional<std::string> imagePath;
    std::optional<std::vector<std::string>> extraBarcodes;  // GTIN-14, without the primary
    // An empty cell (inner nullopt): active exactly when priced. No active column (nullopt): the
    // same for a new product and for a price going from 0 to above 0 or back; any other stored
    // product keeps its flag, so repricing a withdrawn product leaves it withdrawn.
    std::optional<std::optional<bool>> active;
    std::optional<int64_t> stock;     // units, or grams for weighed products
    std::optional<int64_t> lowStock;  // same unit as stock
    std::string fallbackTaxClass;     // for a product that has no tax class yet
};

// The product after the patch; `base` is the stored product (id > 0, as storage hands it out) or
// a new default one (id 0), which decides what a missing active column means.
Product applyPatch(Product base, const ProductPatch& patch);

struct Rejection {
    int64_t line = 0;
    std::string code;  // as written in the file
    std::string reason;
};

struct CatalogContext {
    Currency currency;
    std::vector<TaxClass> taxClasses;
    std::string defaultTaxClass;  // for new products without a tax_class
};

struct ParsedCatalog {
    std::vector<ProductPatch> rows;
    std::vector<Rejection> rejected;
    std::vector<std::string> ignoredColumns;  // neither kasir nor Open Food Facts columns
};

// Reads the CSV text. Fails as a whole only on malformed CSV or a header without the required
// columns; every bad row is a Rejection and the others still go in.
Result<ParsedCatalog> parseCatalogCsv(std::string_view text, const std::string& sourceName,
                                      const CatalogContext& context);

struct ExportRow {
    Product product;
    int64_t stock = 0;
    int64_t lowStock = 0;
};

// Writes the products (sorted by code, then PLU) in the same format; stock columns on request.
std::string writeCatalogCsv(std::vector<ExportRow> rows, const Currency& currency, bool withStock);

// The code as written in files and tables: the shortest GTIN form (8 or 13 digits when the
// GTIN-14 has the leading zeros for it), which normalises back to the same GTIN-14.
std::string displayCode(std::string_view gtin14);

// Minor units as a plain decimal for files ("12500", "12.50"), the inverse of parseAmount.
std::string plainAmount(int64_t minor, const Currency& currency);

// The English category from Open Food Facts tags: main_category when it is an "en:" tag, else
// the last (most specific) "en:" tag of categories_tags, without the prefix; empty if none.
std::string englishCategory(std::string_view mainCategory, std::string_view categoriesTags);

bool isValidUtf8(std::string_view text);

}  // namespace kiosk::admin
