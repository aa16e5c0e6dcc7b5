// Tests for the demo store generator on the real Open Food Facts sample: deterministic, prices
// in range and rounded, the right tax class, age limits, weighed items with PLUs, promotions.
#include "kiosk/admin/demo_catalog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace kiosk::admin {
namespace {

std::string catalogueText() {
    std::ifstream in(std::string(KASIR_SOURCE_DIR) + "/assets/demo/products.csv", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

CatalogContext demoContext() {
    return CatalogContext{
        currencyIdr(), {{"PPN", "PPN 11%", 110'000}, {"PPN0", "Bebas PPN", 0}}, "PPN"};
}

const ProductPatch* byCode(const DemoCatalog& demo, std::string_view gtin14) {
    for (const auto& p : demo.products)
        if (p.gtin == gtin14)
            return &p;
    return nullptr;
}

TEST(DemoCatalog, SameInputGivesTheSameCatalogue) {
    const std::string text = catalogueText();
    auto first = buildDemoCatalog(text, "products.csv", demoContext());
    auto second = buildDemoCatalog(text, "products.csv", demoContext());
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(first->products.size(), second->products.size());
    for (size_t i = 0; i < first->products.size(); ++i)
        EXPECT_EQ(applyPatch(Product{}, first->products[i]),
                  applyPatch(Product{}, second->products[i]));
    // The hash is fixed by its definition, not by the platform or the standard library:
    // known values pin it, so the demo prices stay the same from build to build.
    EXPECT_EQ(stableHash(""), 17280346270528514342ULL);
    EXPECT_EQ(stableHash("price:08076809570787"), 7650980785011084534ULL);
}

TEST(DemoCatalog, EveryValidRowBecomesAPricedProductWithStock) {
    auto demo = buildDemoCatalog(catalogueText(), "products.csv", demoContext());
    ASSERT_TRUE(demo.ok()) << demo.error().message;
    EXPECT_EQ(demo->products.size(), 1213u);
    EXPECT_EQ(demo->skipped.size(), 50u);
    for (const auto& patch : demo->products) {
        const Product p = applyPatch(Product{}, patch);
        EXPECT_TRUE(p.active) << p.gtin;
        EXPECT_EQ(p.price % 500, 0) << p.gtin;
        EXPECT_GE(p.price, 5'000) << p.gtin;
        EXPECT_LE(p.price, 650'000) << p.gtin;
        ASSERT_TRUE(patch.stock.has_value());
        ASSERT_TRUE(patch.lowStock.has_value());
        EXPECT_GE(*patch.stock, 0);
    }
}

TEST(DemoCatalog, AlcoholIsRestrictedFrom21AndBasicFoodIsFreeOfTax) {
    auto demo = buildDemoCatalog(catalogueText(), "products.csv", demoContext());
    ASSERT_TRUE(demo.ok());
    // Dreher beer (en:beers) and Chianti (en:wines).
    for (const char* gtin : {"08006890151190", "08006030002412"}) {
        const ProductPatch* beer = byCode(*demo, gtin);
        ASSERT_NE(beer, nullptr) << gtin;
        ASSERT_TRUE(beer->age.has_value() && beer->age->has_value());
        EXPECT_EQ(**beer->age, (AgeRestriction{"alcohol", 21}));
        EXPECT_EQ(beer->taxClass, "PPN");
    }
    // Rice (en:rices) is a basic necessity; Nesquik (flavoured milk) is not.
    EXPECT_EQ(byCode(*demo, "08012666011223")->taxClass, "PPN0");
    EXPECT_EQ(byCode(*demo, "08000300379297")->taxClass, "PPN");
    EXPECT_GT(demo->restricted, 20);
    EXPECT_GT(demo->basicFood, 100);
}

TEST(DemoCatalog, ProduceAndDeliItemsAreWeighedWithTheirOwnPlu) {
    auto demo = buildDemoCatalog(catalogueText(), "products.csv", demoContext());
    ASSERT_TRUE(demo.ok());
    // Oranges (produce, no PPN) and a deli cheese with an in-store code (standard rate).
    const ProductPatch* oranges = byCode(*demo, "08001120021625");
    const ProductPatch* grana = byCode(*demo, "02207090007898");
    ASSERT_NE(oranges, nullptr);
    ASSERT_NE(grana, nullptr);
    EXPECT_EQ(oranges->unit, SaleUnit::Weight);
    EXPECT_EQ(oranges->taxClass, "PPN0");
    EXPECT_EQ(grana->unit, SaleUnit::Weight);
    EXPECT_EQ(grana->taxClass, "PPN");
    // A fruit bar is a snack, not loose fruit.
    EXPECT_EQ(byCode(*demo, "08007049500104")->unit, SaleUnit::Each);

    std::set<std::string> plus;
    int weighed = 0;
    for (const auto& p : demo->products) {
        if (p.unit != SaleUnit::Weight) {
            EXPECT_EQ(p.plu, std::string()) << p.gtin;
            continue;
        }
        ++weighed;
        ASSERT_TRUE(p.plu.has_value());
        plus.insert(*p.plu);
    }
    EXPECT_EQ(weighed, demo->weighed);
    EXPECT_EQ(plus.size(), static_cast<size_t>(weighed));
    EXPECT_EQ(*plus.begin(), "1001");
}

TEST(DemoCatalog, HasAThreeForTwoAndAPercentageOff) {
    auto demo = buildDemoCatalog(catalogueText(), "products.csv", demoContext());
    ASSERT_TRUE(demo.ok());
    ASSERT_EQ(demo->promotions.size(), 2u);
    EXPECT_EQ(demo->promotions[0].promotion.kind, PromotionKind::BuyNPayM);
    EXPECT_EQ(demo->promotions[0].promotion.n, 3);
    EXPECT_EQ(demo->promotions[0].promotion.m, 2);
    EXPECT_GT(demo->promotions[0].gtins.size(), 10u);
    EXPECT_EQ(demo->promotions[1].promotion.kind, PromotionKind::PercentOff);
    EXPECT_EQ(demo->promotions[1].promotion.percent, 2'000);
    EXPECT_GT(demo->promotions[1].gtins.size(), 10u);
}

TEST(DemoCatalog, WithoutAZeroRateClassEverythingTakesTheDefault) {
    CatalogContext context = demoContext();
    context.taxClasses.pop_back();
    auto demo = buildDemoCatalog(catalogueText(), "products.csv", context);
    ASSERT_TRUE(demo.ok());
    EXPECT_EQ(demo->basicFood, 0);
    for (const auto& p : demo->products)
        EXPECT_EQ(p.taxClass, "PPN");
}

}  // namespace
}  // namespace kiosk::admin
