// Tests for the catalogue CSV rules: which rows go in, why the others are refused, what a
// partial file changes, and that writing then reading gives the same products.
#include "kiosk/admin/catalog_csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiosk::admin {
namespace {

using ::testing::HasSubstr;

CatalogContext idrContext() {
    return CatalogContext{
        currencyIdr(), {{"PPN", "PPN 11%", 110'000}, {"PPN0", "Bebas PPN", 0}}, "PPN"};
}

ParsedCatalog parsed(std::string_view text, const CatalogContext& context = idrContext()) {
    auto catalog = parseCatalogCsv(text, "c.csv", context);
    EXPECT_TRUE(catalog.ok()) << catalog.error().message;
    return catalog.ok() ? *catalog : ParsedCatalog{};
}

TEST(CatalogCsv, AcceptsValidGtinsOfEveryLengthAndRestrictedCirculation) {
    auto catalog = parsed(
        "code,product_name\n"
        "8076809570787,EAN-13\n"
        "80529200,EAN-8\n"
        "858102007102,UPC-A\n"
        "18076809570784,GTIN-14\n"
        "2000000065151,store-internal EAN-13\n"
        "20359409,store-internal EAN-8\n");
    ASSERT_EQ(catalog.rows.size(), 6u);
    EXPECT_TRUE(catalog.rejected.empty());
    EXPECT_EQ(catalog.rows[0].gtin, "08076809570787");
    EXPECT_EQ(catalog.rows[1].gtin, "00000080529200");
    EXPECT_EQ(catalog.rows[2].gtin, "00858102007102");
    EXPECT_EQ(catalog.rows[3].gtin, "18076809570784");
    EXPECT_EQ(catalog.rows[4].gtin, "02000000065151");
    EXPECT_EQ(catalog.rows[5].gtin, "00000020359409");
}

TEST(CatalogCsv, RejectsBadRowsWithLineAndReasonAndNeverPadsShortCodes) {
    auto catalog = parsed(
        "code,product_name\n"
        "8076809570780,wrong check digit\n"
        "1234,four digits\n"
        "07622304,\n"  // valid EAN-8 but no name
        "80A6809570787,letters\n"
        ",no code\n"
        "5449000000996,ok\n"
        "12,3,extra field\n");
    ASSERT_EQ(catalog.rows.size(), 1u);
    EXPECT_EQ(catalog.rows[0].line, 7);
    ASSERT_EQ(catalog.rejected.size(), 6u);
    EXPECT_EQ(catalog.rejected[0].line, 2);
    EXPECT_THAT(catalog.rejected[0].reason, HasSubstr("wrong check digit"));
    EXPECT_EQ(catalog.rejected[1].line, 3);
    EXPECT_THAT(catalog.rejected[1].reason, HasSubstr("has 4 digits"));
    EXPECT_EQ(catalog.rejected[2].line, 4);
    EXPECT_EQ(catalog.rejected[2].reason, "product_name is empty");
    EXPECT_THAT(catalog.rejected[3].reason, HasSubstr("digits only"));
    EXPECT_THAT(catalog.rejected[4].reason, HasSubstr("code is empty"));
    EXPECT_EQ(catalog.rejected[5].line, 8);
    EXPECT_EQ(catalog.rejected[5].reason, "has 3 fields, the header has 2");
}

TEST(CatalogCsv, LaterDuplicatesOfACodeAreRejected) {
    auto catalog = parsed("code,product_name\n5449000000996,first\n05449000000996,again\n");
    ASSERT_EQ(catalog.rows.size(), 1u);
    ASSERT_EQ(catalog.rejected.size(), 1u);
    EXPECT_EQ(catalog.rejected[0].reason, "code 5449000000996 already appears on line 2");
}

TEST(CatalogCsv, ReadsEveryKasirColumn) {
    auto catalog = parsed(
        "code,product_name,name_id,price,tax_class,unit,age_category,min_age,plu,category,"
        "barcodes,image,active,stock,low_stock\n"
        "8001120021625,Oranges,Jeruk,32500,PPN0,kg,,,1001,fruits,,img/o.png,1,12500,2000\n"
        "8006890151190,Beer,Bir,27500,,each,alcohol,21,,beers,5741000110638 80529200,,0,24,6\n");
    ASSERT_EQ(catalog.rows.size(), 2u)
        << (catalog.rejected.empty() ? "" : catalog.rejected[0].reason);
    const Product oranges = applyPatch(Product{}, catalog.rows[0]);
    EXPECT_EQ(oranges.names.at("en"), "Oranges");
    EXPECT_EQ(oranges.names.at("id"), "Jeruk");
    EXPECT_EQ(oranges.price, 32'500);
    EXPECT_EQ(oranges.taxClass, "PPN0");
    EXPECT_EQ(oranges.unit, SaleUnit::Weight);
    EXPECT_EQ(oranges.plu, "1001");
    EXPECT_EQ(oranges.category, "fruits");
    EXPECT_EQ(oranges.imagePath, "img/o.png");
    EXPECT_FALSE(oranges.age.has_value());
    EXPECT_TRUE(oranges.active);
    EXPECT_EQ(catalog.rows[0].stock, 12'500);
    EXPECT_EQ(catalog.rows[0].lowStock, 2'000);

    const Product beer = applyPatch(Product{}, catalog.rows[1]);
    EXPECT_EQ(beer.taxClass, "PPN") << "an empty tax_class takes the default class";
    EXPECT_EQ(beer.age, (AgeRestriction{"alcohol", 21}));
    EXPECT_EQ(beer.barcodes,
              (std::vector<std::string>{"08006890151190", "05741000110638", "00000080529200"}));
    EXPECT_FALSE(beer.active);
}

TEST(CatalogCsv, RejectsBadKasirValues) {
    const std::string header = "code,product_name,price,tax_class,unit,age_category,min_age,plu\n";
    const std::pair<const char*, const char*> cases[] = {
        {"5449000000996,x,12.50,,,,,", "price: invalid amount '12.50'"},
        {"5449000000996,x,abc,,,,,", "price: invalid amount 'abc'"},
        {"5449000000996,x,12.,,,,,", "price: invalid amount '12.'"},
        {"5449000000996,x,9223372036854775807,,,,,",
         "price 9223372036854775807 is above the highest price, 10000000000000"},
        {"5449000000996,x,10000000000001,,,,,", "is above the highest price"},
        {"5449000000996,x,1,VAT,,,,",
         "tax_class 'VAT' is not a tax class of this store (PPN, PPN0)"},
        {"5449000000996,x,1,,litre,,,", "unit 'litre' is not 'each' or 'kg'"},
        {"5449000000996,x,1,,,alcohol,,", "age_category 'alcohol' needs a min_age"},
        {"5449000000996,x,1,,,,18,", "min_age is given without an age_category"},
        {"5449000000996,x,1,,,alcohol,150,", "min_age '150' is not an age from 1 to 99"},
        {"5449000000996,x,1,,,,,12a", "plu '12a' is not 1 to 8 digits"},
    };
    for (const auto& [row, reason] : cases) {
        auto catalog = parsed(header + row + "\n");
        ASSERT_EQ(catalog.rejected.size(), 1u) << row;
        EXPECT_THAT(catalog.rejected[0].reason, HasSubstr(reason)) << row;
    }
}

// The highest price is kMaxPrice minor units, in the currency's own units in the message.
TEST(CatalogCsv, PricesUpToTheMaximumAreTaken) {
    auto catalog = parsed("code,product_name,price\n5449000000996,x,10000000000000\n");
    ASSERT_EQ(catalog.rows.size(), 1u);
    EXPECT_EQ(catalog.rows[0].price, kMaxPrice);
    CatalogContext usd{currencyUsd(), {TaxClass{"VAT", "VAT", 0}}, "VAT"};
    catalog = parsed("code,product_name,price\n5449000000996,x,100000000000.00\n", usd);
    ASSERT_EQ(catalog.rows.size(), 1u);
    EXPECT_EQ(catalog.rows[0].price, kMaxPrice);
    catalog = parsed("code,product_name,price\n5449000000996,x,100000000000.01\n", usd);
    ASSERT_EQ(catalog.rejected.size(), 1u);
    EXPECT_EQ(catalog.rejected[0].line, 2);
    EXPECT_EQ(catalog.rejected[0].reason,
              "price 100000000000.01 is above the highest price, 100000000000.00");
}

TEST(CatalogCsv, MissingColumnsLeaveStoredValuesAlone) {
    Product stored;
    stored.id = 7;
    stored.gtin = "05449000000996";
    stored.barcodes = {"05449000000996"};
    stored.names = {{"en", "Old"}, {"id", "Lama"}};
    stored.price = 9'000;
    stored.taxClass = "PPN0";
    stored.age = AgeRestriction{"alcohol", 21};
    stored.category = "drinks";
    auto catalog = parsed("code,product_name\n5449000000996,New\n");
    ASSERT_EQ(catalog.rows.size(), 1u);
    const Product updated = applyPatch(stored, catalog.rows[0]);
    Product expected = stored;
    expected.names["en"] = "New";
    EXPECT_EQ(updated, expected);
}

TEST(CatalogCsv, ProductsWithoutAPriceAreNotForSale) {
    auto catalog = parsed("code,product_name,price\n5449000000996,a,\n8076809570787,b,1500\n");
    ASSERT_EQ(catalog.rows.size(), 2u);
    EXPECT_FALSE(applyPatch(Product{}, catalog.rows[0]).active);
    EXPECT_TRUE(applyPatch(Product{}, catalog.rows[1]).active);
}

// Without an active column a stored product keeps its flag, unless the row takes its price from
// none to some (the unpriced Open Food Facts catalogue being priced) or back to none.
TEST(CatalogCsv, ActiveFlagOfStoredProductsWithoutAnActiveColumn) {
    Product stored;
    stored.id = 7;
    stored.gtin = "05449000000996";
    stored.barcodes = {"05449000000996"};
    stored.names = {{"en", "Cola"}};
    stored.taxClass = "PPN";
    const auto activeAfter = [&](int64_t price, bool active, const std::string& csv) {
        Product p = stored;
        p.price = price;
        p.active = active;
        auto catalog = parsed(csv);
        EXPECT_EQ(catalog.rows.size(), 1u) << csv;
        return catalog.rows.empty() ? active : applyPatch(p, catalog.rows[0]).active;
    };
    const std::string priceOnly = "code,product_name,price\n5449000000996,Cola,";
    EXPECT_FALSE(activeAfter(12'000, false, priceOnly + "12500\n")) << "withdrawn stays so";
    EXPECT_TRUE(activeAfter(12'000, true, priceOnly + "12500\n"));
    EXPECT_TRUE(activeAfter(0, false, priceOnly + "12500\n")) << "priced: now for sale";
    EXPECT_FALSE(activeAfter(12'000, true, priceOnly + "\n")) << "no price: not sold";
    EXPECT_TRUE(activeAfter(0, true, priceOnly + "0\n")) << "a listed free item stays listed";
    EXPECT_FALSE(activeAfter(12'000, false, "code,product_name\n5449000000996,Cola\n"));
    // An empty active cell means the default: sold exactly when priced.
    const std::string emptyCell = "code,product_name,price,active\n5449000000996,Cola,";
    EXPECT_TRUE(activeAfter(12'000, false, emptyCell + "12500,\n"));
    EXPECT_FALSE(activeAfter(12'000, true, emptyCell + "0,\n"));
    EXPECT_FALSE(activeAfter(12'000, true, emptyCell + "12500,0\n"));
}

TEST(CatalogCsv, HeaderMustNameCodeAndProductName) {
    auto noHeader =
        parseCatalogCsv("8076809570787,Riso\n5449000000996,Cola\n", "c.csv", idrContext());
    ASSERT_FALSE(noHeader.ok());
    EXPECT_THAT(noHeader.error().message, HasSubstr("c.csv:1: the header has no 'code' column"));
    auto empty = parseCatalogCsv("", "c.csv", idrContext());
    ASSERT_FALSE(empty.ok());
    EXPECT_THAT(empty.error().message, HasSubstr("c.csv: the file is empty"));
    auto twice = parseCatalogCsv("code,product_name,code\n", "c.csv", idrContext());
    ASSERT_FALSE(twice.ok());
    EXPECT_THAT(twice.error().message, HasSubstr("'code' appears twice"));
}

TEST(CatalogCsv, UnknownColumnsAreNamedButOpenFoodFactsColumnsAreNot) {
    auto catalog = parsed("code,product_name,brands,prcie\n5449000000996,Cola,Coca-Cola,1\n");
    EXPECT_EQ(catalog.ignoredColumns, std::vector<std::string>{"prcie"});
}

TEST(CatalogCsv, CategoryComesFromOpenFoodFactsTagsWhenThereIsNoCategoryColumn) {
    EXPECT_EQ(englishCategory("en:rices", "en:cereals,en:rices"), "rices");
    EXPECT_EQ(englishCategory("it:zuppa", "en:soups,it:zuppa,en:vegetable-soups,it:x"),
              "vegetable-soups");
    EXPECT_EQ(englishCategory("it:zuppa", "it:zuppa"), "");
    auto catalog = parsed(
        "code,product_name,categories_tags,main_category\n"
        "8012666011223,Riso,\"en:plant-based-foods,en:rices\",en:rices\n");
    ASSERT_EQ(catalog.rows.size(), 1u);
    EXPECT_EQ(catalog.rows[0].category, "rices");
}

TEST(CatalogCsv, WritingThenReadingGivesTheSameProducts) {
    Product weighed;
    weighed.gtin = "08001120021625";
    weighed.barcodes = {"08001120021625"};
    weighed.names = {{"en", "Arance, \"bio\""}, {"id", "Jeruk\norganik"}};
    weighed.price = 32'500;
    weighed.taxClass = "PPN0";
    weighed.unit = SaleUnit::Weight;
    weighed.plu = "1001";
    weighed.category = "fruits";
    Product restricted;
    restricted.gtin = "00000080529200";
    restricted.barcodes = {"00000080529200", "05741000110638"};
    restricted.names = {{"en", "Birra"}};
    restricted.price = 27'500;
    restricted.taxClass = "PPN";
    restricted.age = AgeRestriction{"alcohol", 21};
    restricted.imagePath = "img/b.png";
    Product unpriced;
    unpriced.gtin = "00858102007102";
    unpriced.barcodes = {"00858102007102"};
    unpriced.names = {{"en", "Pinto Beans"}};
    unpriced.taxClass = "PPN";
    unpriced.active = false;

    const std::string csv = writeCatalogCsv(
        {{weighed, 12'500, 2'000}, {restricted, 3, 5}, {unpriced, 0, 0}}, currencyIdr(), true);
    auto catalog = parsed(csv);
    ASSERT_EQ(catalog.rows.size(), 3u);
    EXPECT_TRUE(catalog.rejected.empty());
    // Rows come out sorted by GTIN-14.
    EXPECT_EQ(applyPatch(Product{}, catalog.rows[0]), restricted);
    EXPECT_EQ(applyPatch(Product{}, catalog.rows[1]), unpriced);
    EXPECT_EQ(applyPatch(Product{}, catalog.rows[2]), weighed);
    EXPECT_EQ(catalog.rows[0].stock, 3);
    EXPECT_EQ(catalog.rows[2].stock, 12'500);
    EXPECT_EQ(writeCatalogCsv({{weighed, 12'500, 2'000}, {restricted, 3, 5}, {unpriced, 0, 0}},
                              currencyIdr(), true),
              csv);
}

TEST(CatalogCsv, CodesAndAmountsAreWrittenInTheirShortestExactForm) {
    EXPECT_EQ(displayCode("08076809570787"), "8076809570787");
    EXPECT_EQ(displayCode("00000080529200"), "80529200");
    EXPECT_EQ(displayCode("18076809570784"), "18076809570784");
    EXPECT_EQ(plainAmount(12'500, currencyIdr()), "12500");
    EXPECT_EQ(plainAmount(1'250, currencyUsd()), "12.50");
    EXPECT_EQ(plainAmount(5, currencyUsd()), "0.05");
    EXPECT_EQ(*parseAmount(plainAmount(5, currencyUsd()), currencyUsd()), 5);
}

TEST(CatalogCsv, Utf8IsChecked) {
    EXPECT_TRUE(isValidUtf8("Caffè, Gewürztraminer, €"));
    EXPECT_FALSE(isValidUtf8("caff\xE8"));      // Latin-1
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));      // overlong
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));  // surrogate
    auto catalog = parsed("code,product_name\n5449000000996,caff\xE8\n");
    ASSERT_EQ(catalog.rejected.size(), 1u);
    EXPECT_EQ(catalog.rejected[0].reason, "the row is not valid UTF-8");
}

}  // namespace
}  // namespace kiosk::admin
