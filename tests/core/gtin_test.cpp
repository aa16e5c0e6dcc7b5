// GTIN check digits, normalisation to GTIN-14 and restricted-circulation detection.
#include "kiosk/core/gtin.hpp"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(Gtin, ComputesCheckDigits) {
    EXPECT_EQ(gtinCheckDigit("400638133393"), 1);  // GS1's example
    EXPECT_EQ(gtinCheckDigit("807680957078"), 7);
    EXPECT_EQ(gtinCheckDigit("9638507"), 4);  // EAN-8 96385074
    EXPECT_EQ(gtinCheckDigit("12a"), -1);
}

TEST(Gtin, ValidatesEveryLength) {
    EXPECT_TRUE(isValidGtin("4006381333931"));
    EXPECT_TRUE(isValidGtin("96385074"));
    EXPECT_TRUE(isValidGtin("036000291452"));
    EXPECT_TRUE(isValidGtin("14006381333938"));
    EXPECT_FALSE(isValidGtin("4006381333932"));
    EXPECT_FALSE(isValidGtin("400638133393"));  // 12 digits, wrong check
    EXPECT_FALSE(isValidGtin("12345"));
    EXPECT_FALSE(isValidGtin("400638133393A"));
}

TEST(Gtin, NormalisesToGtin14WithoutPaddingIntoValidity) {
    EXPECT_EQ(*normalizeGtin14("4006381333931"), "04006381333931");
    EXPECT_EQ(*normalizeGtin14("96385074"), "00000096385074");
    EXPECT_EQ(*normalizeGtin14("036000291452"), "00036000291452");
    EXPECT_FALSE(normalizeGtin14("6381333931").ok());  // 10 digits
    EXPECT_FALSE(normalizeGtin14("4006381333932").ok());
    EXPECT_FALSE(normalizeGtin14("").ok());
}

TEST(Gtin, RecognisesRestrictedCirculationNumbers) {
    EXPECT_TRUE(isRestrictedCirculation(*normalizeGtin14("2012345678903")));
    EXPECT_TRUE(isRestrictedCirculation(*normalizeGtin14("2987654321096")));
    EXPECT_TRUE(isRestrictedCirculation("00212345678909"));  // UPC-A number system 2
    EXPECT_TRUE(isRestrictedCirculation("00000002000008"));  // EAN-8 prefix 0 (02000008)
    EXPECT_FALSE(isRestrictedCirculation(*normalizeGtin14("4006381333931")));
    EXPECT_FALSE(isRestrictedCirculation(*normalizeGtin14("96385074")));
    EXPECT_TRUE(isRestrictedCirculation(*normalizeGtin14("20000004")));
}

TEST(Gtin, ExpandsUpcE) {
    EXPECT_EQ(*expandUpcE("0425261"), "042100005264");
    EXPECT_EQ(*expandUpcE("04252614"), "042100005264");
    EXPECT_FALSE(expandUpcE("04252615").ok());
    EXPECT_FALSE(expandUpcE("2425261").ok());
}

}  // namespace
}  // namespace kiosk
