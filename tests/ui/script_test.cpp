#include "kiosk/app/script.hpp"

#include <gtest/gtest.h>

using kiosk::app::parseScript;
using Kind = kiosk::app::ScriptCommand::Kind;

TEST(Script, ParsesEveryCommand) {
    const char* text = R"(# a comment

wait-for Shopping|Review 5
tap "Look up item"
tap #pay
tap 100 200.5
scan 8076809570787
show photos/beer.png
show none
type hello world
expect cart.lines 2
expect message Item added
dump out.json
screenshot 01-attract
sleep 250
)";
    auto s = parseScript(text, "t.kasir");
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->size(), 13u);
    const auto& c = *s;
    EXPECT_EQ(c[0].kind, Kind::WaitFor);
    EXPECT_EQ(c[0].states, (std::vector<std::string>{"Shopping", "Review"}));
    EXPECT_DOUBLE_EQ(c[0].seconds, 5);
    EXPECT_EQ(c[0].line, 3u);
    EXPECT_EQ(c[1].kind, Kind::TapLabel);
    EXPECT_EQ(c[1].text, "Look up item");
    EXPECT_EQ(c[2].kind, Kind::TapId);
    EXPECT_EQ(c[2].text, "pay");
    EXPECT_EQ(c[3].kind, Kind::TapAt);
    EXPECT_FLOAT_EQ(c[3].x, 100);
    EXPECT_FLOAT_EQ(c[3].y, 200.5f);
    EXPECT_EQ(c[4].kind, Kind::Scan);
    EXPECT_EQ(c[4].text, "8076809570787");
    EXPECT_EQ(c[5].kind, Kind::Show);
    EXPECT_EQ(c[6].text, "none");
    EXPECT_EQ(c[7].kind, Kind::Type);
    EXPECT_EQ(c[7].text, "hello world");
    EXPECT_EQ(c[8].kind, Kind::Expect);
    EXPECT_EQ(c[8].key, "cart.lines");
    EXPECT_EQ(c[8].text, "2");
    EXPECT_EQ(c[9].text, "Item added");
    EXPECT_EQ(c[10].kind, Kind::Dump);
    EXPECT_EQ(c[11].kind, Kind::Screenshot);
    EXPECT_EQ(c[11].text, "01-attract");
    EXPECT_EQ(c[12].kind, Kind::Sleep);
    EXPECT_EQ(c[12].ms, 250);
    EXPECT_EQ(c[12].source, "sleep 250");
}

TEST(Script, HandScanTakesTheRawTextWithItsAimPrefix) {
    auto s = parseScript("hand-scan \"]E08076809570787\"\n", "t");
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->size(), 1u);
    EXPECT_EQ((*s)[0].kind, Kind::HandScan);
    EXPECT_EQ((*s)[0].text, "]E08076809570787");
    auto bad = parseScript("hand-scan\n", "t.kasir");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("t.kasir:1"), std::string::npos) << bad.error().message;
}

TEST(Script, QuotedLabelsKeepSpacesAndEscapes) {
    auto s = parseScript("tap \"Say \\\"yes\\\" now\"\ntap \"#pay\"\n", "t");
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ((*s)[0].kind, Kind::TapLabel);
    EXPECT_EQ((*s)[0].text, "Say \"yes\" now");
    // A quoted "#pay" is a label, not an id.
    EXPECT_EQ((*s)[1].kind, Kind::TapLabel);
    EXPECT_EQ((*s)[1].text, "#pay");
}

TEST(Script, WaitForDefaultsToTenSeconds) {
    auto s = parseScript("wait-for Attract", "t");
    ASSERT_TRUE(s.ok());
    EXPECT_DOUBLE_EQ((*s)[0].seconds, 10);
}

TEST(Script, EveryBadLineIsReportedWithItsNumber) {
    auto s = parseScript(
        "wait-for\ntap\nfly away\nsleep -5\ntap \"open\nscreenshot a/b\nexpect x\n"
        "wait-for A 0\ntap 1\n",
        "bad.kasir");
    ASSERT_FALSE(s.ok());
    const std::string& m = s.error().message;
    for (int line = 1; line <= 9; ++line)
        EXPECT_NE(m.find("bad.kasir:" + std::to_string(line) + ":"), std::string::npos)
            << "line " << line << " not reported in:\n"
            << m;
    EXPECT_NE(m.find("unknown command \"fly\""), std::string::npos);
}

TEST(Script, EmptyAndCommentOnlyScriptsAreEmpty) {
    auto s = parseScript("\n# nothing\n   \n", "t");
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->empty());
    EXPECT_FALSE(kiosk::app::loadScript("/nonexistent.kasir").ok());
}

TEST(Script, ParsesTheStaffCommands) {
    auto s = parseScript(
        "scan-file badges/1.txt\nremember code last_sale.suspend_code\n"
        "scan KASIR-SUSPENDED:${code}\n",
        "t.kasir");
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->size(), 3u);
    EXPECT_EQ((*s)[0].kind, Kind::ScanFile);
    EXPECT_EQ((*s)[0].text, "badges/1.txt");
    EXPECT_EQ((*s)[1].kind, Kind::Remember);
    EXPECT_EQ((*s)[1].text, "code");
    EXPECT_EQ((*s)[1].key, "last_sale.suspend_code");
    EXPECT_EQ((*s)[2].kind, Kind::Scan);
    EXPECT_EQ((*s)[2].text, "KASIR-SUSPENDED:${code}");
    auto bad = parseScript("remember code\nscan-file\n", "t.kasir");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("t.kasir:1: usage: remember NAME KEY"), std::string::npos)
        << bad.error().message;
    EXPECT_NE(bad.error().message.find("t.kasir:2: usage: scan-file PATH"), std::string::npos)
        << bad.error().message;
}
