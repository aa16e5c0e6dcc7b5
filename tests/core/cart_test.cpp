// The cart on its own: adding, merging and editing lines, and rebuilding a persisted cart.
// The checkout machine's use of it is in checkout_machine_test.cpp.
#include "kiosk/core/cart.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace kiosk {
namespace {

using ::testing::HasSubstr;

Product bread() {
    Product p;
    p.id = 1;
    p.gtin = "08991234567891";
    p.barcodes = {p.gtin};
    p.names = {{"en", "Bread"}};
    p.price = 15'000;
    p.taxClass = "PPN";
    return p;
}

Product water() {
    Product p = bread();
    p.id = 2;
    p.gtin = "08990000000033";
    p.barcodes = {p.gtin};
    p.names = {{"en", "Water"}};
    p.price = 5'000;
    return p;
}

Product bananas() {
    Product p;
    p.id = 4;
    p.plu = "4011";
    p.names = {{"en", "Bananas"}};
    p.price = 30'000;
    p.taxClass = "PPN";
    p.unit = SaleUnit::Weight;
    return p;
}

CartLine unitLine(int64_t lineId, int64_t quantity = 1) {
    CartLine line;
    line.lineId = lineId;
    line.product = bread();
    line.scannedCode = line.product.gtin;
    line.quantity = quantity;
    return line;
}

CartLine weighedLine(int64_t lineId, int64_t grams) {
    CartLine line;
    line.lineId = lineId;
    line.product = bananas();
    line.scannedCode = "4011";
    line.weightGrams = grams;
    return line;
}

// --- adding: a scan merges into the newest line of the product only when that line still
// holds exactly the product as scanned now and was not overridden.

TEST(Cart, ScanningAgainAddsToTheNewestLine) {
    Cart cart;
    EXPECT_EQ(*cart.addUnits(bread(), bread().gtin), 1);
    EXPECT_EQ(*cart.addUnits(water(), water().gtin), 2);
    EXPECT_EQ(*cart.addUnits(bread(), bread().gtin, 2), 1);
    EXPECT_EQ(cart.find(1)->quantity, 3);
    EXPECT_EQ(cart.lines().size(), 2u);
}

TEST(Cart, ScanAfterAnOverrideOfTheNewestLineStartsANewLine) {
    // Line 1 was scanned before a price change, line 2 after it and then overridden.
    Product before = bread();
    Product after = bread();
    after.price = 16'000;
    CartLine older = unitLine(1);
    older.product = before;
    CartLine overridden = unitLine(2);
    overridden.product = after;
    overridden.priceOverride = 12'000;
    overridden.overrideReason = "dented";
    auto restored = Cart::restore({older, overridden}, 3);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    Cart cart = *restored;

    auto added = cart.addUnits(after, after.gtin);
    ASSERT_TRUE(added.ok());
    ASSERT_EQ(*added, 3) << "not merged into line 1 and its old price";
    EXPECT_EQ(cart.find(1)->quantity, 1);
    EXPECT_EQ(cart.find(1)->product.price, 15'000);
    EXPECT_EQ(cart.find(3)->product, after);
    EXPECT_EQ(*cart.addUnits(after, after.gtin), 3);
    EXPECT_EQ(cart.find(3)->quantity, 2);
}

TEST(Cart, ScanAfterAPriceChangeStartsANewLine) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(bread(), bread().gtin).ok());
    Product repriced = bread();
    repriced.price = 16'000;
    auto added = cart.addUnits(repriced, repriced.gtin);
    ASSERT_TRUE(added.ok());
    ASSERT_EQ(*added, 2) << "line 1 keeps the product as it was when scanned";
    EXPECT_EQ(cart.find(1)->quantity, 1);
    EXPECT_EQ(cart.find(1)->product.price, 15'000);
    EXPECT_EQ(cart.find(2)->product.price, 16'000);
    EXPECT_EQ(*cart.addUnits(repriced, repriced.gtin), 2);
    EXPECT_EQ(cart.find(2)->quantity, 2);
    // Any change to the snapshot counts, not only the price.
    Product renamed = repriced;
    renamed.names["id"] = "Roti";
    EXPECT_EQ(*cart.addUnits(renamed, renamed.gtin), 3);
}

TEST(Cart, ScanAfterAnOverrideStartsANewLine) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(bread(), bread().gtin).ok());
    ASSERT_TRUE(cart.overridePrice(1, 10'000, "price check").ok());
    EXPECT_EQ(*cart.addUnits(bread(), bread().gtin), 2);
    EXPECT_EQ(*cart.addUnits(bread(), bread().gtin), 2);
    EXPECT_EQ(cart.find(1)->quantity, 1);
    EXPECT_EQ(cart.find(2)->quantity, 2);
}

// --- restore: a persisted cart is data from a file, checked like any other input.

TEST(Cart, RestoreKeepsAValidCartAndContinuesItsLineIds) {
    Cart made;
    ASSERT_TRUE(made.addUnits(bread(), bread().gtin, 3).ok());
    ASSERT_TRUE(made.addWeighed(bananas(), "4011", 1'234).ok());
    auto third = made.addUnits(water(), water().gtin);
    ASSERT_TRUE(third.ok());
    ASSERT_TRUE(made.overridePrice(*third, 0, "free sample").ok());
    ASSERT_TRUE(made.remove(1).ok());  // the next id stays past the removed line

    auto restored = Cart::restore(made.lines(), made.nextLineId());
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(*restored, made);

    // A stale nextLineId never hands out an id already in use.
    restored = Cart::restore({unitLine(7)}, 2);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(restored->nextLineId(), 8);
    restored = Cart::restore({}, 1);
    ASSERT_TRUE(restored.ok());
    EXPECT_TRUE(restored->empty());
}

CartLine discounted(int64_t lineId, int64_t percent, std::string reason) {
    CartLine l = unitLine(lineId);
    l.discountPercent = percent;
    l.discountReason = std::move(reason);
    return l;
}

TEST(Cart, DiscountALine) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(bread(), "c", 2));
    ASSERT_TRUE(cart.discount(1, 25, "damaged"));
    EXPECT_EQ(cart.find(1)->discountPercent, 25);
    EXPECT_EQ(cart.find(1)->discountReason, "damaged");
    ASSERT_TRUE(cart.discount(1, 100, "goodwill"));  // replaces
    EXPECT_EQ(cart.find(1)->discountPercent, 100);
    EXPECT_EQ(cart.find(1)->discountReason, "goodwill");
    const Cart before = cart;
    EXPECT_FALSE(cart.discount(1, 0, "x"));
    EXPECT_FALSE(cart.discount(1, 101, "x"));
    EXPECT_FALSE(cart.discount(1, 10, ""));
    auto missing = cart.discount(9, 10, "x");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(cart, before);  // refusals change nothing
    // A scan after a discount starts a new line: the discount covers the units looked at.
    ASSERT_TRUE(cart.addUnits(bread(), "c"));
    EXPECT_EQ(cart.lines().size(), 2u);
    EXPECT_EQ(cart.lines()[1].discountPercent, 0);
    // A valid discount survives a restore.
    auto restored = Cart::restore(cart.lines(), cart.nextLineId());
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored.value(), cart);
}

TEST(Cart, RestoreRefusesLinesTheCartWouldNeverMake) {
    CartLine override = unitLine(1);
    override.priceOverride = -100;
    override.overrideReason = "typo";
    CartLine weighedTwice = weighedLine(1, 500);
    weighedTwice.quantity = 2;
    CartLine unitsWithWeight = unitLine(1);
    unitsWithWeight.weightGrams = 500;
    const std::pair<std::vector<CartLine>, const char*> cases[] = {
        {{unitLine(0)}, "line id 0"},
        {{unitLine(-3)}, "line id -3"},
        {{unitLine(std::numeric_limits<int64_t>::max())}, "line id 9223372036854775807"},
        {{unitLine(kMaxLineId + 1)}, "line id"},
        {{unitLine(1), unitLine(2), unitLine(1)}, "line id 1 appears twice"},
        {{unitLine(1, -5)}, "quantity -5"},
        {{unitLine(1, 0)}, "quantity 0"},
        {{unitLine(1, kMaxLineQuantity + 1)}, "quantity 10000"},
        {{weighedLine(1, 0)}, "weight 0 g"},
        {{weighedLine(1, -1)}, "weight -1 g"},
        {{weighedLine(1, kMaxLineWeightGrams + 1)}, "weight 1000001 g"},
        {{weighedTwice}, "quantity 2"},
        {{unitsWithWeight}, "weight"},
        {{override}, "price override -100"},
        {{discounted(1, 101, "damaged")}, "discount 101%"},
        {{discounted(1, -1, "damaged")}, "discount -1%"},
        {{discounted(1, 10, "")}, "a discount without a reason"},
    };
    for (const auto& [lines, wording] : cases) {
        auto restored = Cart::restore(lines, 1);
        ASSERT_FALSE(restored.ok()) << wording;
        EXPECT_EQ(restored.error().code, ErrorCode::Corrupt) << wording;
        EXPECT_THAT(restored.error().message, HasSubstr(wording));
    }
}

TEST(Cart, RestoreRefusesANextLineIdOutOfRange) {
    for (int64_t next :
         {int64_t{0}, int64_t{-1}, kMaxLineId + 2, std::numeric_limits<int64_t>::max()}) {
        auto restored = Cart::restore({unitLine(1)}, next);
        ASSERT_FALSE(restored.ok()) << next;
        EXPECT_THAT(restored.error().message, HasSubstr("next line id")) << next;
    }
    // The largest ids still work, and the cart then refuses to add more lines than it can number.
    auto full = Cart::restore({unitLine(kMaxLineId)}, kMaxLineId + 1);
    ASSERT_TRUE(full.ok()) << full.error().message;
    EXPECT_FALSE(full->addWeighed(bananas(), "4011", 500).ok());
    EXPECT_FALSE(full->addUnits(water(), water().gtin).ok());
    EXPECT_TRUE(full->addUnits(bread(), bread().gtin).ok()) << "merging needs no new id";
}

}  // namespace
}  // namespace kiosk
