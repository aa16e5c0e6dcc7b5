#include "devices/printer/code_page.hpp"

#include <gtest/gtest.h>

namespace kiosk::devices::printer {
namespace {

constexpr CodePage kAll[] = {CodePage::Pc437, CodePage::Pc850, CodePage::Pc858, CodePage::Wpc1252};

TEST(CodePage, LatinAccentsPrintAsTheyAreWherePagesHaveThem) {
    EXPECT_EQ(printable("Crème brûlée", CodePage::Pc858), "Crème brûlée");
    EXPECT_EQ(printable("Crème brûlée", CodePage::Pc437), "Crème brûlée");
    EXPECT_EQ(printable("Crème brûlée", CodePage::Wpc1252), "Crème brûlée");
    // The bytes are the page's, not UTF-8: è is 0x8A in PC437/PC850, 0xE8 in WPC1252.
    EXPECT_EQ(encodeText("è", CodePage::Pc850), "\x8A");
    EXPECT_EQ(encodeText("è", CodePage::Wpc1252), "\xE8");
}

TEST(CodePage, LettersOutsideThePageAreTransliterated) {
    EXPECT_EQ(printable("Łódź", CodePage::Pc850), "Lódz");
    EXPECT_EQ(printable("Łódź", CodePage::Pc437), "Lódz");
    EXPECT_EQ(printable("São Paulo", CodePage::Pc850), "São Paulo");
    EXPECT_EQ(printable("São Paulo", CodePage::Pc437), "Sao Paulo");  // PC437 has no ã
    EXPECT_EQ(printable("Œuvre Straße", CodePage::Pc437), "OEuvre Straße");
    EXPECT_EQ(printable("“quoted” – dash…", CodePage::Pc858), "\"quoted\" - dash...");
}

TEST(CodePage, EuroOnlyWhereThePageHasIt) {
    EXPECT_EQ(printable("€5", CodePage::Pc858), "€5");
    EXPECT_EQ(printable("€5", CodePage::Wpc1252), "€5");
    EXPECT_EQ(printable("€5", CodePage::Pc850), "EUR5");
    EXPECT_EQ(printable("€5", CodePage::Pc437), "EUR5");
    EXPECT_EQ(encodeText("€", CodePage::Pc858), "\xD5");
    EXPECT_EQ(encodeText("€", CodePage::Wpc1252), "\x80");
}

TEST(CodePage, CjkAndEmojiBecomeAnExplicitPlaceholder) {
    for (CodePage p : kAll) {
        EXPECT_EQ(printable("寿司 roll", p), "?? roll") << codePageName(p);
        EXPECT_EQ(printable("ok 🙂", p), "ok ?") << codePageName(p);
    }
}

TEST(CodePage, InvalidUtf8AndControlsNeverReachThePrinter) {
    for (CodePage p : kAll) {
        const std::string bytes = encodeText(std::string("a\xC3(b\x1B@c\x1D"
                                                         "V\x01\xFF",
                                                         10),
                                             p);
        for (char c : bytes) {
            const auto u = static_cast<unsigned char>(c);
            EXPECT_TRUE(u >= 0x20 || u == '\n')
                << "control byte " << int(u) << " in " << codePageName(p);
        }
        EXPECT_EQ(printable(std::string("a\xC3(b\x1B@c", 7), p), "a?(b @c");
    }
}

TEST(CodePage, EveryEncodedByteDecodesToARealCharacter) {
    // A sweep over Latin-1, Latin Extended-A/B and punctuation: whatever a page cannot show is
    // replaced by ASCII, so decoding never yields U+FFFD (garbage on paper).
    std::string text;
    for (uint32_t cp = 0xA0; cp < 0x250; ++cp) {
        if (cp < 0x800) {
            text += static_cast<char>(0xC0 | (cp >> 6));
            text += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    for (CodePage p : kAll) {
        const std::string shown = printable(text, p);
        EXPECT_EQ(shown.find("\xEF\xBF\xBD"), std::string::npos) << codePageName(p);
    }
}

TEST(CodePage, EscTNumbersAndNames) {
    for (CodePage p : kAll) {
        EXPECT_EQ(codePageFromEscT(escTNumber(p)), p);
        EXPECT_EQ(parseCodePage(codePageName(p)), p);
    }
    EXPECT_EQ(escTNumber(CodePage::Pc858), 19);
    EXPECT_EQ(escTNumber(CodePage::Wpc1252), 16);
    EXPECT_FALSE(parseCodePage("UTF-8").has_value());
}

}  // namespace
}  // namespace kiosk::devices::printer
