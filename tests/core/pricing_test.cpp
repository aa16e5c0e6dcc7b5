// Promotions and line amounts: every promotion kind, mix and match, validity windows, the best
// plan for the shopper (checked against brute force), determinism and discount allocation.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <random>

#include "kiosk/core/pricing.hpp"

namespace kiosk {
namespace {

Product product(int64_t id, int64_t price, std::string taxClass = "PPN") {
    Product p;
    p.id = id;
    p.price = price;
    p.taxClass = std::move(taxClass);
    p.names["en"] = "product " + std::to_string(id);
    return p;
}

Product weighed(int64_t id, int64_t pricePerKg) {
    Product p = product(id, pricePerKg);
    p.unit = SaleUnit::Weight;
    return p;
}

PricingRules rules(std::vector<Promotion> promotions = {}) {
    PricingRules r;
    r.currency = currencyIdr();
    r.tax.mode = TaxMode::Inclusive;
    r.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}, TaxClass{"EXEMPT", "Bebas PPN", 0}};
    r.promotions = std::move(promotions);
    return r;
}

Promotion buyNPayM(int64_t id, std::vector<int64_t> products, int64_t n, int64_t m) {
    Promotion p;
    p.id = id;
    p.label = std::to_string(n) + " for " + std::to_string(m);
    p.kind = PromotionKind::BuyNPayM;
    p.productIds = std::move(products);
    p.n = n;
    p.m = m;
    return p;
}

Promotion nForPrice(int64_t id, std::vector<int64_t> products, int64_t n, int64_t amount) {
    Promotion p;
    p.id = id;
    p.label = std::to_string(n) + " for " + std::to_string(amount);
    p.kind = PromotionKind::NForPrice;
    p.productIds = std::move(products);
    p.n = n;
    p.amount = amount;
    return p;
}

Promotion percentOff(int64_t id, std::vector<int64_t> products, int64_t basisPoints) {
    Promotion p;
    p.id = id;
    p.label = std::to_string(basisPoints / 100) + "% off";
    p.kind = PromotionKind::PercentOff;
    p.productIds = std::move(products);
    p.percent = basisPoints;
    return p;
}

Promotion amountOff(int64_t id, std::vector<int64_t> products, int64_t amount) {
    Promotion p;
    p.id = id;
    p.label = std::to_string(amount) + " off";
    p.kind = PromotionKind::AmountOff;
    p.productIds = std::move(products);
    p.amount = amount;
    return p;
}

PricedCart price(const Cart& cart, const PricingRules& r, Timestamp now = 1'000) {
    auto priced = priceCart(cart, r, now);
    EXPECT_TRUE(priced.ok()) << (priced.ok() ? "" : priced.error().message);
    return priced.ok() ? *priced : PricedCart{};
}

// Sum of the discounts one promotion gave, over all lines.
int64_t savedBy(const PricedCart& priced, int64_t promotionId) {
    int64_t sum = 0;
    for (const auto& d : priced.discounts)
        if (d.promotionId == promotionId)
            sum += d.amount;
    return sum;
}

int64_t discountOn(const PricedCart& priced, int64_t lineId, int64_t promotionId) {
    for (const auto& d : priced.discounts)
        if (d.lineId == lineId && d.promotionId == promotionId)
            return d.amount;
    return 0;
}

// The invariants every priced cart keeps, whatever the promotions.
void expectConsistent(const PricedCart& priced) {
    int64_t subtotal = 0;
    int64_t discounts = 0;
    for (const auto& line : priced.lines) {
        int64_t fromList = 0;
        for (const auto& d : priced.discounts)
            if (d.lineId == line.lineId) {
                EXPECT_GT(d.amount, 0);
                fromList += d.amount;
            }
        EXPECT_EQ(fromList, line.discount) << "line " << line.lineId;
        EXPECT_EQ(line.net, line.gross - line.discount);
        EXPECT_GE(line.net, 0);
        subtotal += line.gross;
        discounts += line.discount;
    }
    EXPECT_EQ(priced.subtotal, subtotal);
    EXPECT_EQ(priced.discountTotal, discounts);
    // Discounts are listed by line (cart order), then promotion id.
    std::map<int64_t, size_t> position;
    for (size_t i = 0; i < priced.lines.size(); ++i)
        position[priced.lines[i].lineId] = i;
    for (size_t i = 1; i < priced.discounts.size(); ++i) {
        const auto& a = priced.discounts[i - 1];
        const auto& b = priced.discounts[i];
        EXPECT_TRUE(position[a.lineId] < position[b.lineId] ||
                    (a.lineId == b.lineId && a.promotionId < b.promotionId));
    }
}

TEST(Pricing, ThreeForTwoFreesTheCheapestOfEachThree) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 9'000), "1", 2);
    const int64_t b = *cart.addUnits(product(2, 7'000), "2", 2);
    const int64_t c = *cart.addUnits(product(3, 5'000), "3", 3);
    const auto priced = price(cart, rules({buyNPayM(10, {1, 2, 3}, 3, 2)}));
    expectConsistent(priced);
    // Dearest first: [9000 9000 7000] [7000 5000 5000] 5000 -> 7000 and 5000 free; the last
    // unit is no deal. Any other grouping frees less.
    EXPECT_EQ(priced.discountTotal, 12'000);
    EXPECT_EQ(savedBy(priced, 10), 12'000);
    EXPECT_EQ(priced.total, 18'000 + 14'000 + 15'000 - 12'000);
    // Each group's saving is spread over its lines by value: group one's 7000 over 18000 (A)
    // and 7000 (B), group two's 5000 over 7000 (B) and 10000 (C), by largest remainder.
    EXPECT_EQ(discountOn(priced, a, 10), 5'040);
    EXPECT_EQ(discountOn(priced, b, 10), 1'960 + 2'059);
    EXPECT_EQ(discountOn(priced, c, 10), 2'941);
}

TEST(Pricing, BuyNPayMOnOneItemFreesWholeUnits) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 4'500), "1", 7);
    const auto priced = price(cart, rules({buyNPayM(3, {1}, 3, 2)}));
    EXPECT_EQ(discountOn(priced, a, 3), 2 * 4'500);  // two groups of three, one unit left
    EXPECT_EQ(priced.total, 5 * 4'500);
}

TEST(Pricing, NForPriceChargesTheDealPriceForEachGroup) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 6'000), "1", 5);
    const auto priced = price(cart, rules({nForPrice(4, {1}, 2, 10'000)}));
    expectConsistent(priced);
    EXPECT_EQ(discountOn(priced, a, 4), 2 * 2'000);  // two pairs at 10.000, one at 6.000
    EXPECT_EQ(priced.total, 26'000);
}

TEST(Pricing, NForPriceNeverRaisesThePrice) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 4'000), "1", 4).ok());
    const auto priced = price(cart, rules({nForPrice(4, {1}, 2, 10'000)}));
    EXPECT_TRUE(priced.discounts.empty());
    EXPECT_EQ(priced.total, 16'000);
}

TEST(Pricing, NForPriceMixAndMatchTakesTheDearestUnits) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 8'000), "1", 1);
    const int64_t b = *cart.addUnits(product(2, 6'000), "2", 1);
    const int64_t c = *cart.addUnits(product(3, 3'000), "3", 1);
    // "2 for 10.000": the pair 8000+6000 saves 4000; 3000 alone is no deal.
    const auto priced = price(cart, rules({nForPrice(4, {1, 2, 3}, 2, 10'000)}));
    expectConsistent(priced);
    EXPECT_EQ(savedBy(priced, 4), 4'000);
    EXPECT_EQ(discountOn(priced, a, 4), 2'286);  // 4000 x 8/14 = 2285.7
    EXPECT_EQ(discountOn(priced, b, 4), 1'714);
    EXPECT_EQ(discountOn(priced, c, 4), 0);
}

TEST(Pricing, PercentOffEveryUnitRoundedHalfUp) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 1'005), "1", 3);
    const auto priced = price(cart, rules({percentOff(5, {1}, 1'000)}));
    EXPECT_EQ(discountOn(priced, a, 5), 3 * 101);  // 100.5 per unit rounds up to 101
}

TEST(Pricing, AmountOffNeverMakesALineNegative) {
    Cart cart;
    const int64_t cheap = *cart.addUnits(product(1, 700), "1", 2);
    const int64_t dear = *cart.addUnits(product(2, 5'000), "2", 1);
    const auto priced = price(cart, rules({amountOff(6, {1, 2}, 1'000)}));
    expectConsistent(priced);
    EXPECT_EQ(discountOn(priced, cheap, 6), 1'400);  // capped at the unit price
    EXPECT_EQ(priced.lines[0].net, 0);
    EXPECT_EQ(discountOn(priced, dear, 6), 1'000);
}

TEST(Pricing, PromotionsApplyOnlyInsideTheirWindow) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 10'000), "1").ok());
    Promotion p = percentOff(7, {1}, 2'000);
    p.validFrom = 5'000;
    p.validUntil = 9'000;
    const PricingRules r = rules({p});
    EXPECT_EQ(price(cart, r, 4'999).discountTotal, 0);      // before
    EXPECT_EQ(price(cart, r, 5'000).discountTotal, 2'000);  // at start: inclusive
    EXPECT_EQ(price(cart, r, 8'999).discountTotal, 2'000);
    EXPECT_EQ(price(cart, r, 9'000).discountTotal, 0);  // at end: exclusive
}

TEST(Pricing, BestPlanBeatsTheGreedyChoice) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 10'000), "1");
    const int64_t b = *cart.addUnits(product(2, 8'000), "2");
    const int64_t c = *cart.addUnits(product(3, 8'000), "3");
    const int64_t d = *cart.addUnits(product(4, 8'000), "4");
    // A greedy engine gives the 3-for-2 its dearest units {A, B, C} (saving 8000) and leaves
    // A without its 50%; the best plan groups {B, C, D} (8000) and halves A (5000).
    const auto priced =
        price(cart, rules({buyNPayM(1, {1, 2, 3, 4}, 3, 2), percentOff(2, {1}, 5'000)}));
    expectConsistent(priced);
    EXPECT_EQ(priced.discountTotal, 13'000);
    EXPECT_EQ(discountOn(priced, a, 2), 5'000);
    EXPECT_EQ(discountOn(priced, a, 1), 0);
    EXPECT_EQ(discountOn(priced, b, 1) + discountOn(priced, c, 1) + discountOn(priced, d, 1),
              8'000);
}

TEST(Pricing, PercentOnOneItemBeatsAGroupDealWhenItSavesMore) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 20'000), "1");
    ASSERT_TRUE(cart.addUnits(product(2, 3'000), "2").ok());
    ASSERT_TRUE(cart.addUnits(product(3, 3'000), "3").ok());
    // 3-for-2 on {A, B, C} would free 3000; 25% off A saves 5000, and a unit takes one deal.
    const auto priced =
        price(cart, rules({buyNPayM(1, {1, 2, 3}, 3, 2), percentOff(9, {1}, 2'500)}));
    EXPECT_EQ(priced.discountTotal, 5'000);
    EXPECT_EQ(discountOn(priced, a, 9), 5'000);
    EXPECT_EQ(savedBy(priced, 1), 0);
}

TEST(Pricing, SplitsAUnitsQuantityBetweenTwoDeals) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 5'000), "1", 4);
    const int64_t b = *cart.addUnits(product(2, 5'000), "2", 1);
    // 2-for-8000 on A saves 2000 per pair; 3-for-2 on {A, B} frees 5000 per three. Best:
    // one 3-for-2 group (two A and B) and one pair of A: 5000 + 2000. Neither deal alone
    // does as well (two pairs: 4000; one three: 5000).
    const auto priced =
        price(cart, rules({nForPrice(1, {1}, 2, 8'000), buyNPayM(2, {1, 2}, 3, 2)}));
    expectConsistent(priced);
    EXPECT_EQ(priced.discountTotal, 7'000);
    EXPECT_EQ(savedBy(priced, 1), 2'000);
    EXPECT_EQ(savedBy(priced, 2), 5'000);
    EXPECT_EQ(discountOn(priced, a, 1), 2'000);
    EXPECT_EQ(discountOn(priced, a, 2), 3'333);  // 5000 over A 10000 and B 5000
    EXPECT_EQ(discountOn(priced, b, 2), 1'667);
}

TEST(Pricing, LowerPromotionIdWinsATie) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 10'000), "1", 2);
    const auto forward = price(cart, rules({percentOff(8, {1}, 1'000), percentOff(3, {1}, 1'000)}));
    ASSERT_EQ(forward.discounts.size(), 1u);
    EXPECT_EQ(forward.discounts[0].promotionId, 3);
    EXPECT_EQ(discountOn(forward, a, 3), 2'000);
}

TEST(Pricing, OverriddenLinesGetNoPromotion) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 10'000), "1", 3);
    ASSERT_TRUE(cart.overridePrice(a, 7'500, "damaged box").ok());
    const int64_t b = *cart.addUnits(product(1, 10'000), "1", 1);  // a new, normal line
    ASSERT_NE(a, b);
    const auto priced = price(cart, rules({percentOff(1, {1}, 1'000), buyNPayM(2, {1}, 3, 2)}));
    expectConsistent(priced);
    EXPECT_EQ(priced.lines[0].unitPrice, 7'500);
    EXPECT_EQ(priced.lines[0].gross, 22'500);
    EXPECT_EQ(priced.lines[0].discount, 0);
    EXPECT_EQ(discountOn(priced, b, 1), 1'000);  // the 3-for-2 cannot use the override units
    EXPECT_EQ(priced.total, 22'500 + 9'000);
}

TEST(Pricing, WeighedLinesArePricePerKgTimesGramsRoundedHalfUp) {
    Cart cart;
    const int64_t a = *cart.addWeighed(weighed(1, 25'999), "PLU4011", 1'234);
    const int64_t b = *cart.addWeighed(weighed(2, 1'000), "PLU4012", 1'500);
    auto r = rules({percentOff(1, {1}, 1'000), buyNPayM(2, {1}, 2, 1), amountOff(3, {2}, 300)});
    const auto priced = price(cart, r);
    expectConsistent(priced);
    // 25.999 x 1.234 = 32082.766 -> 32083; 1.000 x 1.5 = 1500.
    EXPECT_EQ(priced.lines[0].gross, 32'083);
    EXPECT_EQ(priced.lines[0].weightGrams, 1'234);
    EXPECT_EQ(priced.lines[0].unitPrice, 25'999);
    EXPECT_EQ(priced.lines[1].gross, 1'500);
    // Percent off applies to the weighed amount; multi-buys do not apply to weight.
    EXPECT_EQ(discountOn(priced, a, 1), 3'208);
    EXPECT_EQ(savedBy(priced, 2), 0);
    // Amount off a weighed line is per kg: 300 x 1.5 kg.
    EXPECT_EQ(discountOn(priced, b, 3), 450);
}

TEST(Pricing, AbsurdPricesGiveAnOverflowError) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, std::numeric_limits<int64_t>::max() / 2), "1", 3).ok());
    auto priced = priceCart(cart, rules(), 0);
    ASSERT_FALSE(priced.ok());
    EXPECT_EQ(priced.error().code, ErrorCode::Overflow);

    Cart two;
    ASSERT_TRUE(two.addUnits(product(1, std::numeric_limits<int64_t>::max() / 2 + 1), "1").ok());
    ASSERT_TRUE(two.addUnits(product(2, std::numeric_limits<int64_t>::max() / 2 + 1), "2").ok());
    priced = priceCart(two, rules(), 0);
    ASSERT_FALSE(priced.ok());
    EXPECT_EQ(priced.error().code, ErrorCode::Overflow);

    Cart heavy;
    ASSERT_TRUE(heavy.addWeighed(weighed(3, std::numeric_limits<int64_t>::max()), "3", 2'000).ok());
    priced = priceCart(heavy, rules(), 0);
    ASSERT_FALSE(priced.ok());
    EXPECT_EQ(priced.error().code, ErrorCode::Overflow);
}

TEST(Pricing, HugePricesWithPromotionsStayExact) {
    // Close to the int64 limit the engine's arithmetic must neither overflow nor lose units.
    const int64_t big = std::numeric_limits<int64_t>::max() / 4;
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, big), "1", 3).ok());
    const auto priced = price(cart, rules({buyNPayM(1, {1}, 3, 2), nForPrice(2, {1}, 3, 1)}));
    expectConsistent(priced);
    EXPECT_EQ(priced.discountTotal, 3 * big - 1);  // 3 for 1 rupiah beats one free unit
}

TEST(Pricing, DealSavingIsSplitSoItSumsExactly) {
    Cart cart;
    const int64_t a = *cart.addUnits(product(1, 1'000), "1");
    const int64_t b = *cart.addUnits(product(2, 1'000), "2");
    const int64_t c = *cart.addUnits(product(3, 1'000), "3");
    const auto priced = price(cart, rules({buyNPayM(1, {1, 2, 3}, 3, 2)}));
    expectConsistent(priced);
    // 1000 over three equal lines: 334 + 333 + 333, the odd unit to the first.
    EXPECT_EQ(discountOn(priced, a, 1), 334);
    EXPECT_EQ(discountOn(priced, b, 1), 333);
    EXPECT_EQ(discountOn(priced, c, 1), 333);
}

TEST(Pricing, DealSplitKeepsEachTaxClassItsShare) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 11'100, "PPN"), "1", 2).ok());
    ASSERT_TRUE(cart.addUnits(product(2, 5'550, "EXEMPT"), "2", 1).ok());
    // 3-for-2 frees 5550, spread 4440 / 1110 by value so tax is not charged on a discount.
    const auto priced = price(cart, rules({buyNPayM(1, {1, 2}, 3, 2)}));
    expectConsistent(priced);
    EXPECT_EQ(priced.lines[0].discount, 4'440);
    EXPECT_EQ(priced.lines[1].discount, 1'110);
    ASSERT_EQ(priced.taxes.size(), 2u);
    EXPECT_EQ(priced.taxes[1].taxClass, "PPN");
    EXPECT_EQ(priced.taxes[1].gross, 22'200 - 4'440);
    EXPECT_EQ(priced.taxes[1].tax, 1'760);  // 17760 x 0.11 / 1.11
    EXPECT_EQ(priced.taxes[0].gross, 5'550 - 1'110);
}

TEST(Pricing, InvalidPromotionsAreIgnored) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 1'000), "1", 4).ok());
    const auto priced = price(
        cart, rules({buyNPayM(1, {1}, 0, 0), buyNPayM(2, {1}, 2, 2), nForPrice(3, {1}, 0, 100),
                     percentOff(4, {1}, 20'000), amountOff(5, {1}, -5)}));
    EXPECT_EQ(priced.discountTotal, 0);
}

// ---- random carts ---------------------------------------------------------------------------

struct RandomCase {
    Cart cart;
    std::vector<Promotion> promotions;
};

RandomCase randomCase(std::mt19937_64& rng, int maxLines, int maxQuantity, int maxPromotions,
                      int productCount) {
    auto pick = [&](int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    RandomCase rc;
    const int lines = static_cast<int>(pick(1, maxLines));
    for (int i = 0; i < lines; ++i) {
        const int64_t id = pick(1, productCount);
        const int64_t unitPrice = pick(1, 60) * 100 + pick(0, 1) * pick(0, 99);
        if (pick(0, 9) == 0) {
            (void)rc.cart.addWeighed(weighed(id + 100, unitPrice), "w", pick(100, 2'500));
            continue;
        }
        auto added = rc.cart.addUnits(product(id, unitPrice), "p", pick(1, maxQuantity));
        if (added.ok() && pick(0, 14) == 0)
            (void)rc.cart.overridePrice(*added, unitPrice / 2, "test");
    }
    const int promotions = static_cast<int>(pick(1, maxPromotions));
    for (int i = 0; i < promotions; ++i) {
        std::vector<int64_t> group;
        for (int64_t id = 1; id <= productCount; ++id)
            if (pick(0, 2) == 0)
                group.push_back(id);
        if (pick(0, 3) == 0)
            group.push_back(pick(101, 100 + productCount));  // a weighed product
        if (group.empty())
            group.push_back(pick(1, productCount));
        const int64_t id = pick(1, 1'000'000);
        switch (pick(0, 3)) {
            case 0: {
                const int64_t n = pick(2, 4);
                rc.promotions.push_back(buyNPayM(id, group, n, pick(1, n - 1)));
                break;
            }
            case 1: {
                const int64_t n = pick(1, 3);
                rc.promotions.push_back(nForPrice(id, group, n, pick(1, n * 40) * 100));
                break;
            }
            case 2:
                rc.promotions.push_back(percentOff(id, group, pick(1, 60) * 100 + pick(0, 9)));
                break;
            default:
                rc.promotions.push_back(amountOff(id, group, pick(1, 30) * 100));
        }
    }
    return rc;
}

// Exhaustive: every way to give each unit to one covering promotion or none, each deal's units
// grouped in every possible way. Shares nothing with the engine but the rounding rules.
int64_t bruteForceSaving(const Cart& cart, const std::vector<Promotion>& promotions) {
    struct Unit {
        int64_t price;
        std::vector<size_t> promos;
        std::vector<int64_t> perUnit;  // saving per promo (unused for deals)
        int64_t count;
    };
    std::vector<Unit> units;
    for (const auto& line : cart.lines()) {
        if (line.priceOverride)
            continue;
        const bool isWeighed = line.product.unit == SaleUnit::Weight;
        const int64_t gross = isWeighed ? *mulDivRound(line.product.price, line.weightGrams, 1000)
                                        : line.product.price;
        Unit u{gross, {}, {}, isWeighed ? 1 : line.quantity};
        for (size_t p = 0; p < promotions.size(); ++p) {
            const auto& promo = promotions[p];
            if (std::find(promo.productIds.begin(), promo.productIds.end(), line.product.id) ==
                promo.productIds.end())
                continue;
            const bool deal =
                promo.kind == PromotionKind::BuyNPayM || promo.kind == PromotionKind::NForPrice;
            if (deal && isWeighed)
                continue;
            int64_t saving = 0;
            if (promo.kind == PromotionKind::PercentOff)
                saving = *mulDivRound(gross, promo.percent, 10'000);
            if (promo.kind == PromotionKind::AmountOff)
                saving = std::min(
                    isWeighed ? *mulDivRound(promo.amount, line.weightGrams, 1000) : promo.amount,
                    gross);
            u.promos.push_back(p);
            u.perUnit.push_back(saving);
        }
        units.push_back(u);
    }
    std::map<std::pair<size_t, std::vector<int64_t>>, int64_t> memo;
    // Best saving of a deal over a multiset of unit prices, trying every grouping.
    std::function<int64_t(size_t, std::vector<int64_t>)> bestGrouping =
        [&](size_t p, std::vector<int64_t> prices) -> int64_t {
        const Promotion& promo = promotions[p];
        if (static_cast<int64_t>(prices.size()) < promo.n)
            return 0;
        std::sort(prices.begin(), prices.end());
        auto key = std::make_pair(p, prices);
        if (auto it = memo.find(key); it != memo.end())
            return it->second;
        const int64_t first = prices.back();
        std::vector<int64_t> rest(prices.begin(), prices.end() - 1);
        int64_t best = bestGrouping(p, rest);  // the first unit in no group
        // ...or in a group with every choice of n-1 others.
        std::vector<int> choose(rest.size(), 0);
        std::fill(choose.end() - (promo.n - 1), choose.end(), 1);
        do {
            std::vector<int64_t> group{first};
            std::vector<int64_t> others;
            for (size_t i = 0; i < rest.size(); ++i)
                (choose[i] ? group : others).push_back(rest[i]);
            std::sort(group.begin(), group.end());
            int64_t saving = 0;
            if (promo.kind == PromotionKind::BuyNPayM) {
                for (int64_t i = 0; i < promo.n - promo.m; ++i)
                    saving += group[static_cast<size_t>(i)];
            } else {
                saving = std::max<int64_t>(
                    0, std::accumulate(group.begin(), group.end(), int64_t{0}) - promo.amount);
            }
            best = std::max(best, saving + bestGrouping(p, others));
        } while (std::next_permutation(choose.begin(), choose.end()));
        memo[key] = best;
        return best;
    };
    int64_t best = 0;
    std::vector<std::vector<int64_t>> dealPrices(promotions.size());
    // Units of a line are identical, so they take options in non-decreasing order only
    // (option 0: no promotion, k + 1: the line's k-th promotion).
    std::function<void(size_t, int64_t, int64_t, size_t)> assign =
        [&](size_t u, int64_t unit, int64_t saved, size_t minOption) {
            if (u == units.size()) {
                int64_t total = saved;
                for (size_t p = 0; p < promotions.size(); ++p)
                    if (!dealPrices[p].empty())
                        total += bestGrouping(p, dealPrices[p]);
                best = std::max(best, total);
                return;
            }
            if (unit == units[u].count) {
                assign(u + 1, 0, saved, 0);
                return;
            }
            for (size_t option = minOption; option <= units[u].promos.size(); ++option) {
                if (option == 0) {
                    assign(u, unit + 1, saved, option);
                    continue;
                }
                const size_t p = units[u].promos[option - 1];
                const auto kind = promotions[p].kind;
                if (kind == PromotionKind::BuyNPayM || kind == PromotionKind::NForPrice) {
                    dealPrices[p].push_back(units[u].price);
                    assign(u, unit + 1, saved, option);
                    dealPrices[p].pop_back();
                } else {
                    assign(u, unit + 1, saved + units[u].perUnit[option - 1], option);
                }
            }
        };
    assign(0, 0, 0, 0);
    return best;
}

TEST(Pricing, MatchesBruteForceOnRandomSmallCarts) {
    std::mt19937_64 rng(20240611);
    int withDeals = 0;
    for (int round = 0; round < 4'000; ++round) {
        RandomCase rc = randomCase(rng, 4, 3, 4, 4);
        int64_t units = 0;
        for (const auto& l : rc.cart.lines())
            units += l.quantity;
        if (units > 8)
            continue;  // keep the exhaustive search quick
        const auto priced = price(rc.cart, rules(rc.promotions));
        expectConsistent(priced);
        const int64_t expected = bruteForceSaving(rc.cart, rc.promotions);
        ASSERT_EQ(priced.discountTotal, expected) << "round " << round;
        withDeals += priced.discountTotal > 0;
    }
    EXPECT_GT(withDeals, 1'500);  // the cases really exercise promotions
}

TEST(Pricing, IsIndependentOfPromotionOrder) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 300; ++round) {
        RandomCase rc = randomCase(rng, 12, 6, 8, 6);
        const auto first = price(rc.cart, rules(rc.promotions));
        std::vector<Promotion> shuffled = rc.promotions;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        EXPECT_EQ(price(rc.cart, rules(shuffled)), first) << "round " << round;
        std::reverse(shuffled.begin(), shuffled.end());
        EXPECT_EQ(price(rc.cart, rules(shuffled)), first) << "round " << round;
    }
}

TEST(Pricing, LargeCartsWithManyOverlappingDealsStayConsistent) {
    // Big enough that some components exceed the exact budget and use the heuristic.
    std::mt19937_64 rng(99);
    for (int round = 0; round < 20; ++round) {
        RandomCase rc = randomCase(rng, 200, 5, 50, 40);
        const auto priced = price(rc.cart, rules(rc.promotions));
        expectConsistent(priced);
        EXPECT_EQ(price(rc.cart, rules(rc.promotions)), priced);
    }
}

// kMaxPrice is the import's limit because lines at that price still price: the most units,
// or the heaviest weight, and several such lines together, with a percentage off.
TEST(Pricing, LinesAtTheHighestPriceAlwaysPrice) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, kMaxPrice), "1", kMaxLineQuantity).ok());
    ASSERT_TRUE(cart.addWeighed(weighed(2, kMaxPrice), "2", kMaxLineWeightGrams).ok());
    ASSERT_TRUE(cart.addUnits(product(3, kMaxPrice, "EXEMPT"), "3", kMaxLineQuantity).ok());
    auto priced = priceCart(cart, rules({percentOff(1, {1, 2, 3}, 1'000)}), 0);
    ASSERT_TRUE(priced.ok()) << priced.error().message;
    EXPECT_EQ(priced->lines[0].gross, kMaxPrice * kMaxLineQuantity);
    EXPECT_EQ(priced->lines[1].gross, kMaxPrice * (kMaxLineWeightGrams / 1'000));
    EXPECT_EQ(priced->subtotal, kMaxPrice * (2 * kMaxLineQuantity + kMaxLineWeightGrams / 1'000));
}

// --- the attendant's percentage off a line (after promotions)

TEST(Pricing, AttendantDiscountComesAfterPromotions) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 10'000), "a", 2));
    ASSERT_TRUE(cart.addUnits(product(2, 5'000), "b", 1));
    ASSERT_TRUE(cart.discount(1, 50, "damaged"));
    const auto priced = price(cart, rules({percentOff(5, {1}, 1'000)}));  // 10% off product 1
    // 20'000 gross, 2'000 promotion, then 50% of the remaining 18'000.
    ASSERT_EQ(priced.discounts.size(), 2u);
    EXPECT_EQ(priced.discounts[0].promotionId, 5);
    EXPECT_EQ(priced.discounts[0].amount, 2'000);
    EXPECT_EQ(priced.discounts[1], (AppliedDiscount{0, "Discount 50%", 1, 9'000}));
    EXPECT_EQ(priced.lines[0].discount, 11'000);
    EXPECT_EQ(priced.lines[0].net, 9'000);
    EXPECT_EQ(priced.lines[1].net, 5'000);
    EXPECT_EQ(priced.discountTotal, 11'000);
    EXPECT_EQ(priced.total, 14'000);
}

TEST(Pricing, AttendantDiscountRoundsHalfUpAndStaysExact) {
    for (int64_t unit : {1, 3, 7, 99, 999, 12'345, 1'000'001}) {
        for (int64_t percent : {1, 10, 33, 50, 67, 99, 100}) {
            Cart cart;
            ASSERT_TRUE(cart.addUnits(product(1, unit), "a", 3));
            ASSERT_TRUE(cart.discount(1, percent, "other"));
            const auto priced = price(cart, rules());
            const int64_t gross = 3 * unit;
            const int64_t want = (gross * percent * 2 + 100) / 200;  // half up, integers only
            ASSERT_EQ(priced.lines[0].discount, want) << unit << " at " << percent << "%";
            EXPECT_EQ(priced.lines[0].net, gross - want);
            EXPECT_GE(priced.total, 0);
            EXPECT_EQ(priced.total, priced.subtotal - priced.discountTotal);
            int64_t taxBase = 0;
            for (const auto& t : priced.taxes)
                taxBase += t.gross;
            EXPECT_EQ(taxBase, priced.total);  // tax is worked out on the discounted amount
        }
    }
}

TEST(Pricing, HundredPercentOnAPromotedLineIsFreeNotNegative) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 10'000), "a", 3));
    ASSERT_TRUE(cart.discount(1, 100, "goodwill"));
    const auto priced = price(cart, rules({buyNPayM(4, {1}, 3, 2)}));  // one of three free
    EXPECT_EQ(priced.lines[0].net, 0);
    EXPECT_EQ(priced.lines[0].discount, 30'000);
    EXPECT_EQ(priced.total, 0);
    EXPECT_EQ(priced.discounts.back().amount, 20'000);
}

TEST(Pricing, AttendantDiscountOnAWeighedLine) {
    Cart cart;
    ASSERT_TRUE(cart.addWeighed(weighed(1, 30'000), "4011", 333));  // 9'990
    ASSERT_TRUE(cart.discount(1, 15, "short-dated"));
    const auto priced = price(cart, rules());
    EXPECT_EQ(priced.lines[0].gross, 9'990);
    EXPECT_EQ(priced.lines[0].discount, 1'499);  // 1'498.5 rounds up
    EXPECT_EQ(priced.total, 8'491);
}

}  // namespace
}  // namespace kiosk
