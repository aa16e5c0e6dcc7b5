// ZXing 1.4.0's human-readable GS1 text back to the element string scanners send.
#include "vision/decode/gs1_text.hpp"

#include <gtest/gtest.h>

namespace kiosk::vision {
namespace {

TEST(Gs1Text, FixedLengthElementsRunTogether) {
    EXPECT_EQ(gs1HumanReadableToElementString("(01)90012345678908(3922)795"),
              "0190012345678908"
              "3922795");
    EXPECT_EQ(gs1HumanReadableToElementString("(11)100224(17)110224(3102)000100"),
              "11100224"
              "17110224"
              "3102000100");
}

TEST(Gs1Text, VariableLengthElementsEndWithGs) {
    EXPECT_EQ(gs1HumanReadableToElementString(
                  "(01)98898765432106(15)991231(3103)001750(10)12A(422)123(21)123456"),
              "0198898765432106"
              "15991231"
              "3103001750"
              "1012A\x1d"
              "422123\x1d"
              "21123456");
}

TEST(Gs1Text, RefusesOtherText) {
    EXPECT_FALSE(gs1HumanReadableToElementString("0190012345678908").has_value());
    EXPECT_FALSE(gs1HumanReadableToElementString("(01").has_value());
    EXPECT_FALSE(gs1HumanReadableToElementString("(1)23").has_value());
    EXPECT_FALSE(gs1HumanReadableToElementString("(01)").has_value());
    EXPECT_FALSE(gs1HumanReadableToElementString("").has_value());
}

}  // namespace
}  // namespace kiosk::vision
