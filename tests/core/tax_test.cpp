// Tax on a priced cart: inclusive and exclusive pricing, per-line and per-receipt rounding,
// the per-class breakdown, unknown classes, overflow and cash rounding.
#include <gtest/gtest.h>

#include <limits>

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
