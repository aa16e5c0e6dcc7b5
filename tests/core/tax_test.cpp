// Tax on a priced cart: inclusive and exclusive pricing, per-line and per-receipt rounding,
// the per-class breakdown, unknown classes, overflow and cash rounding.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>

#include "kiosk/core/pricing.hpp"

namespace kiosk {
namespace {

Product makeProduct(int64_t id, int64_t price, std::string taxClass, std::string name = "item") {
    Product p;
    p.id = id;
    p.price = price;
    p.taxClass = std::move(taxClass);
    p.names["en"] = std::move(name);
    return p;
}

TaxClass ppn() {
    return TaxClass{"PPN", "PPN 11%", 110'000};
}

PricingRules idrRules(TaxMode mode, TaxRounding rounding) {
    PricingRules r;
    r.currency = currencyIdr();
    r.tax.mode = mode;
    r.tax.rounding = rounding;
    r.tax.classes = {ppn(), TaxClass{"EXEMPT", "Bebas PPN", 0}};
    return r;
}

TEST(Tax, PpnElevenPercentIsExtractedFromAnIdrCart) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(makeProduct(1, 11'100, "PPN"), "1", 2).ok());  // 22.200
    ASSERT_TRUE(cart.addUnits(makeProduct(2, 5'000, "EXEMPT"), "2", 1).ok());
    auto priced = priceCart(cart, idrRules(TaxMode::Inclusive, TaxRounding::PerLine), 0);
    ASSERT_TRUE(priced.ok()) << priced.error().message;
    EXPECT_EQ(priced->subtotal, 27'200);
    EXPECT_EQ(priced->total, 27'200);  // inclusive: tax is inside the shelf price
    // 22.200 x 0.11 / 1.11 = 2.200 exactly.
    EXPECT_EQ(priced->taxTotal, 2'200);
    ASSERT_EQ(priced->taxes.size(), 2u);
    // Ordered by class code; the zero-rate class still shows its base.
    EXPECT_EQ(priced->taxes[0], (TaxLine{"EXEMPT", "Bebas PPN", 0, 5'000, 0, 5'000}));
    EXPECT_EQ(priced->taxes[1], (TaxLine{"PPN", "PPN 11%", 110'000, 20'000, 2'200, 22'200}));
    EXPECT_EQ(priced->lines[0].tax, 2'200);
    EXPECT_EQ(priced->lines[1].tax, 0);
}

TEST(Tax, UnknownTaxClassIsAnErrorNamingClassAndProduct) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(makeProduct(42, 1'000, "VAT20", "Biscotti"), "1").ok());
    auto priced = priceCart(cart, idrRules(TaxMode::Inclusive, TaxRounding::PerLine), 0);
    ASSERT_FALSE(priced.ok());
    EXPECT_EQ(priced.error().code, ErrorCode::NotFound);
    EXPECT_NE(priced.error().message.find("VAT20"), std::string::npos);
    EXPECT_NE(priced.error().message.find("Biscotti"), std::string::npos);
    EXPECT_NE(priced.error().message.find("42"), std::string::npos);
}

PricingRules usdRules(TaxRounding rounding) {
    PricingRules r;
    r.currency = currencyUsd();
    r.tax.mode = TaxMode::Exclusive;
    r.tax.rounding = rounding;
    r.tax.classes = {TaxClass{"NY", "NYC sales tax 8.875%", 88'750},
                     TaxClass{"FOOD", "Groceries (exempt)", 0}};
    return r;
}

PricedCart priced(const Cart& cart, const PricingRules& rules) {
    auto result = priceCart(cart, rules, 0);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : PricedCart{};
}

TEST(Tax, UsSalesTaxIsAddedOnTopOfShelfPrices) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(makeProduct(1, 499, "NY", "Bagel"), "1", 2).ok());
    ASSERT_TRUE(cart.addUnits(makeProduct(2, 350, "NY", "Coffee"), "2").ok());
    ASSERT_TRUE(cart.addUnits(makeProduct(3, 289, "FOOD", "Milk"), "3").ok());
    const PricedCart p = priced(cart, usdRules(TaxRounding::PerLine));
    // 9.98 x 8.875% = 0.885725 -> 0.89; 3.50 x 8.875% = 0.310625 -> 0.31.
    EXPECT_EQ(p.lines[0].tax, 89);
    EXPECT_EQ(p.lines[1].tax, 31);
    EXPECT_EQ(p.lines[2].tax, 0);
    EXPECT_EQ(p.subtotal, 1'637);
    EXPECT_EQ(p.taxTotal, 120);
    EXPECT_EQ(p.total, 1'757);  // exclusive: net + tax
    ASSERT_EQ(p.taxes.size(), 2u);
    EXPECT_EQ(p.taxes[0], (TaxLine{"FOOD", "Groceries (exempt)", 0, 289, 0, 289}));
    EXPECT_EQ(p.taxes[1], (TaxLine{"NY", "NYC sales tax 8.875%", 88'750, 1'348, 120, 1'468}));
}

TEST(Tax, PerLineAndPerReceiptRoundingDifferInExclusiveMode) {
    // Three different 99-cent items: 0.99 x 8.875% = 0.0878625 per line.
    Cart cart;
    for (int64_t id = 1; id <= 3; ++id)
        ASSERT_TRUE(cart.addUnits(makeProduct(id, 99, "NY"), std::to_string(id)).ok());
    const PricedCart perLine = priced(cart, usdRules(TaxRounding::PerLine));
    const PricedCart perReceipt = priced(cart, usdRules(TaxRounding::PerReceipt));
    EXPECT_EQ(perLine.taxTotal, 27);     // 9 cents on each line
    EXPECT_EQ(perReceipt.taxTotal, 26);  // 2.97 x 8.875% = 0.2635875 -> 26 cents, once
    EXPECT_EQ(perLine.total, 324);
    EXPECT_EQ(perReceipt.total, 323);  // the shopper pays a cent less
    for (const auto& line : perLine.lines)
        EXPECT_EQ(line.tax, 9);
    for (const auto& line : perReceipt.lines)
        EXPECT_EQ(line.tax, 0);  // per-receipt rounding has no per-line tax
}

TEST(Tax, PerLineAndPerReceiptRoundingDifferInInclusiveMode) {
    // Three different Rp 1.500 items: 1.500 x 11/111 = 148.65 per line.
    Cart cart;
    for (int64_t id = 1; id <= 3; ++id)
        ASSERT_TRUE(cart.addUnits(makeProduct(id, 1'500, "PPN"), std::to_string(id)).ok());
    const PricedCart perLine = priced(cart, idrRules(TaxMode::Inclusive, TaxRounding::PerLine));
    const PricedCart perReceipt =
        priced(cart, idrRules(TaxMode::Inclusive, TaxRounding::PerReceipt));
    EXPECT_EQ(perLine.taxTotal, 447);     // 149 x 3
    EXPECT_EQ(perReceipt.taxTotal, 446);  // 4.500 x 11/111 = 445.95
    EXPECT_EQ(perLine.taxes[0].base, 4'053);
    EXPECT_EQ(perReceipt.taxes[0].base, 4'054);
    // Inclusive: the shelf prices are what is paid, whatever the rounding.
    EXPECT_EQ(perLine.total, 4'500);
    EXPECT_EQ(perReceipt.total, 4'500);
}

TEST(Tax, PpnOnAnIdrCartWithPerReceiptRounding) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(makeProduct(1, 15'900, "PPN"), "1", 3).ok());
    ASSERT_TRUE(cart.addUnits(makeProduct(2, 2'750, "PPN"), "2", 1).ok());
    const PricedCart p = priced(cart, idrRules(TaxMode::Inclusive, TaxRounding::PerReceipt));
    // 50.450 x 0.11 / 1.11 = 4.999,55 -> 5.000 (DPP 45.450).
    EXPECT_EQ(p.total, 50'450);
    ASSERT_EQ(p.taxes.size(), 1u);
    EXPECT_EQ(p.taxes[0], (TaxLine{"PPN", "PPN 11%", 110'000, 45'450, 5'000, 50'450}));
    EXPECT_EQ(p.taxTotal, 5'000);
}

TEST(Tax, DiscountsLowerTheTaxBase) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(makeProduct(1, 1'000, "NY"), "1").ok());
    PricingRules r = usdRules(TaxRounding::PerLine);
    Promotion off;
    off.id = 1;
    off.kind = PromotionKind::PercentOff;
    off.percent = 2'000;
    off.productIds = {1};
    r.promotions = {off};
    const PricedCart p = priced(cart, r);
    EXPECT_EQ(p.lines[0].net, 800);
    EXPECT_EQ(p.lines[0].tax, 71);  // 8.00 x 8.875% = 0.71, not 0.89 on the shelf price
    EXPECT_EQ(p.total, 871);
    EXPECT_EQ(p.taxes[0].base, 800);
}

TEST(Tax, OverflowingTaxIsAnError) {
    Cart cart;
    ASSERT_TRUE(
        cart.addUnits(makeProduct(1, std::numeric_limits<int64_t>::max() / 2 + 1, "ALL"), "1")
            .ok());
    PricingRules r = usdRules(TaxRounding::PerLine);
    r.tax.classes.push_back(TaxClass{"ALL", "100%", kRateOne});
    auto p = priceCart(cart, r, 0);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::Overflow);
    r.tax.rounding = TaxRounding::PerReceipt;
    p = priceCart(cart, r, 0);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::Overflow);
}

TEST(Tax, TotalsStayConsistentOnRandomCarts) {
    std::mt19937_64 rng(11);
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    const std::vector<std::string> classes = {"A", "B", "C"};
    for (int round = 0; round < 500; ++round) {
        PricingRules r;
        r.currency = currencyUsd();
        r.tax.mode = pick(0, 1) ? TaxMode::Inclusive : TaxMode::Exclusive;
        r.tax.rounding = pick(0, 1) ? TaxRounding::PerLine : TaxRounding::PerReceipt;
        r.tax.classes = {TaxClass{"A", "a", pick(0, 250'000)}, TaxClass{"B", "b", 0},
                         TaxClass{"C", "c", pick(1, 99'999)}};
        Cart cart;
        const int64_t lines = pick(1, 15);
        for (int64_t i = 0; i < lines; ++i) {
            Product p =
                makeProduct(i + 1, pick(0, 100'000), classes[static_cast<size_t>(pick(0, 2))]);
            if (pick(0, 4) == 0) {
                p.unit = SaleUnit::Weight;
                ASSERT_TRUE(cart.addWeighed(p, "w", pick(1, 5'000)).ok());
            } else {
                ASSERT_TRUE(cart.addUnits(p, "u", pick(1, 20)).ok());
            }
        }
        Promotion off;
        off.id = 1;
        off.kind = PromotionKind::PercentOff;
        off.percent = pick(1, 10'000);
        off.productIds = {1, 3, 5, 7};
        r.promotions = {off};
        const PricedCart p = priced(cart, r);
        int64_t net = 0;
        std::map<std::string, int64_t> lineTax;
        for (const auto& l : p.lines) {
            net += l.net;
            lineTax[l.taxClass] += l.tax;
        }
        EXPECT_EQ(p.subtotal - p.discountTotal, net);
        int64_t taxes = 0;
        int64_t gross = 0;
        std::string previous;
        for (const auto& t : p.taxes) {
            EXPECT_LT(previous, t.taxClass);  // one line per class, ordered by code
            previous = t.taxClass;
            EXPECT_EQ(t.base + t.tax, t.gross);
            EXPECT_GE(t.tax, 0);
            if (r.tax.rounding == TaxRounding::PerLine) {
                EXPECT_EQ(lineTax[t.taxClass], t.tax);
            }
            taxes += t.tax;
            gross += t.gross;
        }
        EXPECT_EQ(p.taxTotal, taxes);
        EXPECT_EQ(p.total, gross);
        EXPECT_EQ(p.total, r.tax.mode == TaxMode::Inclusive ? net : net + taxes);
    }
}

TEST(Tax, CashRoundingIsHalfUpToTheIncrement) {
    EXPECT_EQ(cashRounded(12'349, CashRounding{100}), 12'300);
    EXPECT_EQ(cashRounded(12'350, CashRounding{100}), 12'400);
    EXPECT_EQ(cashRounded(12'351, CashRounding{100}), 12'400);
    EXPECT_EQ(cashRounded(12'345, CashRounding{0}), 12'345);
    EXPECT_EQ(cashRounded(-150, CashRounding{100}), -100);  // half up, not away from zero
    EXPECT_EQ(cashRounded(7, CashRounding{5}), 5);
    EXPECT_EQ(cashRounded(8, CashRounding{5}), 10);
    const int64_t max = std::numeric_limits<int64_t>::max();
    EXPECT_EQ(cashRounded(max, CashRounding{100}), max - max % 100);  // no overflow
}

}  // namespace
}  // namespace kiosk
