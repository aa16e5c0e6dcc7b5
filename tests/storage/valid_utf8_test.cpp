// UTF-8 validation and repair for journaled text: valid text untouched, each ill-formed
// sequence one U+FFFD per maximal subpart, as Unicode chapter 3 shows it.
#include <gtest/gtest.h>

#include <string>

#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string repaired(std::string text) {
    repairUtf8(text);
    return text;
}

TEST(ValidUtf8, WellFormedTextIsLeftAlone) {
    using namespace std::string_literals;
    for (const std::string& text :
         {""s, "TOTAL 5.00"s, "nul \0 inside"s, "Caf\xC3\xA9"s, "\xE2\x82\xAC 5"s,
          "\xF0\x9F\x98\x80"s, "\xEF\xBF\xBD"s, "\xF4\x8F\xBF\xBF"s, "\xED\x9F\xBF"s}) {
        EXPECT_TRUE(isValidUtf8(text)) << text;
        std::string copy = text;
        EXPECT_FALSE(repairUtf8(copy)) << text;
        EXPECT_EQ(copy, text);
    }
}

TEST(ValidUtf8, Latin1BytesBecomeReplacementCharacters) {
    std::string line =
        "TOTAL \xA3"
        "5.00";
    EXPECT_FALSE(isValidUtf8(line));
    EXPECT_TRUE(repairUtf8(line));
    EXPECT_EQ(line, "TOTAL " + kFffd + "5.00");
    EXPECT_EQ(repaired("Caf\xE9"), "Caf" + kFffd);
}

TEST(ValidUtf8, ForbiddenFormsAreReplacedBytewise) {
    EXPECT_EQ(repaired("\xC0\xAF"), kFffd + kFffd);                          // overlong '/'
    EXPECT_EQ(repaired("\xE0\x80\x80"), kFffd + kFffd + kFffd);              // overlong NUL
    EXPECT_EQ(repaired("\xED\xA0\x80"), kFffd + kFffd + kFffd);              // surrogate D800
    EXPECT_EQ(repaired("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
    EXPECT_EQ(repaired("\xF5\xFF"), kFffd + kFffd);
    EXPECT_EQ(repaired("\x80"), kFffd);  // a continuation byte alone
}

TEST(ValidUtf8, TruncatedSequenceIsOneReplacement) {
    EXPECT_EQ(repaired("\xE2\x82"), kFffd);
    EXPECT_EQ(repaired("\xE2\x82"
                       "A"),
              kFffd + "A");
    EXPECT_EQ(repaired("\xF0\x9F\x98x"), kFffd + "x");
}

TEST(ValidUtf8, MatchesUnicodesMaximalSubpartExample) {
    // Unicode 15, chapter 3, table 3-8.
    EXPECT_EQ(repaired("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
              "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d");
}

TEST(ValidUtf8, RepairedTextIsValidAndStable) {
    std::string all;
    for (int b = 0; b < 256; ++b)
        all += static_cast<char>(b);
    std::string once = all;
    EXPECT_TRUE(repairUtf8(once));
    EXPECT_TRUE(isValidUtf8(once));
    std::string twice = once;
    EXPECT_FALSE(repairUtf8(twice));
    EXPECT_EQ(twice, once);
}

}  // namespace
}  // namespace kiosk::storage
