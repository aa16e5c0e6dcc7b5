// Money: arithmetic limits, parsing and formatting per currency and language.
#include "kiosk/core/money.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace kiosk {
namespace {

TEST(Money, FormatsRupiahWithDotGroupsAndNoDecimals) {
    EXPECT_EQ(formatMoney(Money(12500, currencyIdr()), "id"), "Rp 12.500");
    EXPECT_EQ(formatMoney(Money(12500, currencyIdr()), "en"), "Rp 12.500");
    EXPECT_EQ(formatMoney(Money(1234567890, currencyIdr()), "id"), "Rp 1.234.567.890");
    EXPECT_EQ(formatMoney(Money(0, currencyIdr()), "id"), "Rp 0");
    EXPECT_EQ(formatMoney(Money(-500, currencyIdr()), "id"), "-Rp 500");
}

TEST(Money, FormatsDollarsAndEurosPerLanguage) {
    EXPECT_EQ(formatMoney(Money(1250, currencyUsd()), "en"), "$12.50");
    EXPECT_EQ(formatMoney(Money(123456789, currencyUsd()), "en"), "$1,234,567.89");
    EXPECT_EQ(formatMoney(Money(5, currencyUsd()), "en"), "$0.05");
    EXPECT_EQ(formatMoney(Money(1250, currencyEur()), "de"), "12,50 €");
    EXPECT_EQ(formatMoney(Money(1250, currencyEur()), "en"), "€12.50");
    EXPECT_EQ(formatMoney(Money(123456, currencyEur()), "id"), "1.234,56 €");
}

TEST(Money, FormatsExtremesWithoutOverflow) {
    const auto min = std::numeric_limits<int64_t>::min();
    EXPECT_EQ(formatMinor(min, currencyIdr(), "id"), "-Rp 9.223.372.036.854.775.808");
}

TEST(Money, ArithmeticIsCheckedForOverflowAndCurrency) {
    const Money big(std::numeric_limits<int64_t>::max(), currencyIdr());
    auto sum = big.plus(Money(1, currencyIdr()));
    ASSERT_FALSE(sum.ok());
    EXPECT_EQ(sum.error().code, ErrorCode::Overflow);
    EXPECT_FALSE(big.times(2).ok());
    EXPECT_FALSE(Money(1, currencyIdr()).plus(Money(1, currencyUsd())).ok());
    auto ok = Money(1500, currencyIdr()).plus(Money(500, currencyIdr()));
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->minor(), 2000);
    EXPECT_EQ(Money(300, currencyIdr()).times(3)->minor(), 900);
    EXPECT_EQ(Money(300, currencyIdr()).minus(Money(500, currencyIdr()))->minor(), -200);
}

TEST(Money, MulDivRoundsHalfAwayFromZero) {
    EXPECT_EQ(mulDivRound(15, 1, 10), 2);
    EXPECT_EQ(mulDivRound(14, 1, 10), 1);
    EXPECT_EQ(mulDivRound(-15, 1, 10), -2);
    EXPECT_EQ(mulDivRound(std::numeric_limits<int64_t>::max(), 2, 2),
              std::numeric_limits<int64_t>::max());
    EXPECT_FALSE(mulDivRound(std::numeric_limits<int64_t>::max(), 3, 2).has_value());
    EXPECT_FALSE(mulDivRound(1, 1, 0).has_value());
}

TEST(Money, ParsesAmountsInMinorUnits) {
    EXPECT_EQ(*parseAmount("12.50", currencyUsd()), 1250);
    EXPECT_EQ(*parseAmount("12.5", currencyUsd()), 1250);
    EXPECT_EQ(*parseAmount("12", currencyUsd()), 1200);
    EXPECT_EQ(*parseAmount("12500", currencyIdr()), 12500);
    EXPECT_FALSE(parseAmount("12.5", currencyIdr()).ok());
    EXPECT_FALSE(parseAmount("1.234", currencyUsd()).ok());
    EXPECT_FALSE(parseAmount("-1", currencyUsd()).ok());
    EXPECT_FALSE(parseAmount("", currencyUsd()).ok());
    EXPECT_FALSE(parseAmount("1e3", currencyUsd()).ok());
    EXPECT_FALSE(parseAmount("99999999999999999999", currencyIdr()).ok());
}

// A decimal point needs a digit on each side: "12." and ".5" are typos, not amounts.
TEST(Money, AmountsNeedDigitsOnBothSidesOfThePoint) {
    using ::testing::HasSubstr;
    EXPECT_EQ(*parseAmount("0.5", currencyUsd()), 50);
    EXPECT_EQ(*parseAmount("12.0", currencyUsd()), 1200);
    for (const char* text : {"12.", ".5", ".", "..5", "12..5", ".50"}) {
        EXPECT_FALSE(parseAmount(text, currencyUsd()).ok()) << text;
        EXPECT_FALSE(parseAmount(text, currencyIdr()).ok()) << text;
    }
    for (const char* text : {"12.", ".5"}) {
        auto parsed = parseAmount(text, currencyUsd());
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_THAT(parsed.error().message, HasSubstr("a digit on each side of the '.'"));
    }
}

TEST(Money, KnowsCurrencyExponents) {
    EXPECT_EQ(currencyFromCode("IDR")->exponent, 0);
    EXPECT_EQ(currencyFromCode("EUR")->exponent, 2);
    EXPECT_EQ(currencyFromCode("JPY")->exponent, 0);
    EXPECT_FALSE(currencyFromCode("XXX").ok());
}

}  // namespace
}  // namespace kiosk
