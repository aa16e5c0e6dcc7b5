#include "devices/scanner/evdev_decoder.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "devices/scanner/scanner_sim.hpp"

namespace kiosk::devices {
namespace {

std::vector<input_event> recording(const std::string& name) {
    std::ifstream in(std::string(KASIR_TEST_DATA) + "/scanner/" + name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(bytes.size() % sizeof(input_event), 0u);
    std::vector<input_event> events(bytes.size() / sizeof(input_event));
    std::memcpy(events.data(), bytes.data(), events.size() * sizeof(input_event));
    return events;
}

std::vector<HandScan> decode(KeyboardDecoder& d, const std::vector<input_event>& events) {
    std::vector<HandScan> out;
    for (const auto& e : events)
        if (auto s = d.feed(e))
            out.push_back(*s);
    return out;
}

TEST(KeyboardDecoder, UsEan13IgnoresAutorepeat) {
    KeyboardDecoder d(KeyLayout::Us);
    auto scans = decode(d, recording("us_ean13_repeat.bin"));
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].text, "4006381333931");
    EXPECT_EQ(scans[0].aimId, "");
    EXPECT_EQ(d.unknownKeys(), 0);
}

TEST(KeyboardDecoder, UsGs1WithAimCtrlGsShiftAndKeypad) {
    KeyboardDecoder d(KeyLayout::Us);
    auto scans = decode(d, recording("us_gs1_128_aim.bin"));
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_EQ(scans[0].aimId, "]C1");
    EXPECT_EQ(scans[0].text,
              "0104006381333931\x1d"
              "10ABc");
    EXPECT_EQ(scans[1].text, "96385074");
}

TEST(KeyboardDecoder, GermanLayout) {
    KeyboardDecoder d(KeyLayout::De);
    auto scans = decode(d, recording("de_aim_qwertz.bin"));
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_EQ(scans[0].aimId, "]E0");
    EXPECT_EQ(scans[0].text, "4006381333931");
    EXPECT_EQ(scans[1].text, "Zy-7/x");
}

TEST(KeyboardDecoder, TheWrongLayoutGarblesWhichIsWhyItIsConfigured) {
    KeyboardDecoder d(KeyLayout::Us);
    auto scans = decode(d, recording("de_aim_qwertz.bin"));
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_NE(scans[1].text, "Zy-7/x");
}

TEST(KeyboardDecoder, FrenchLayoutDigitsNeedShiftAndCapsLock) {
    KeyboardDecoder d(KeyLayout::Fr);
    auto scans = decode(d, recording("fr_azerty_caps.bin"));
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_EQ(scans[0].text, "4006381333931");
    EXPECT_EQ(scans[1].text, "AZa\xc3\xa9w");  // "AZaéw"
}

TEST(KeyboardDecoder, GapDropsThePartialScanAndAltCodeTypesGs) {
    KeyboardDecoder d(KeyLayout::Us);
    auto scans = decode(d, recording("us_gap_altcode.bin"));
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].text,
              "0117250531\x1d"
              "10L7");
    EXPECT_EQ(d.dropped(), 1);
}

TEST(KeyboardDecoder, EnterAloneIsNoScanAndOverlongIsDropped) {
    KeyboardDecoder d(KeyLayout::Us, 0);
    auto enter = keystrokesFor("", KeyLayout::Us, 0, 1000);
    ASSERT_TRUE(enter);
    EXPECT_TRUE(decode(d, *enter).empty());
    auto huge = keystrokesFor(std::string(kMaxScanLength + 10, '7'), KeyLayout::Us, 0, 1000);
    ASSERT_TRUE(huge);
    EXPECT_TRUE(decode(d, *huge).empty());
    EXPECT_EQ(d.dropped(), 1);
    auto after = keystrokesFor("123", KeyLayout::Us, 0, 1000);
    ASSERT_TRUE(after);
    auto scans = decode(d, *after);
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].text, "123");
}

// Every printable ASCII character each layout can type survives typing and decoding.
TEST(KeyboardDecoder, EncoderAndDecoderAgreeOnEveryLayout) {
    for (KeyLayout layout : {KeyLayout::Us, KeyLayout::De, KeyLayout::Fr}) {
        std::string all;
        for (char c = 0x21; c < 0x7f; ++c)
            if (strokeFor(layout, c))
                all += c;
        EXPECT_GT(all.size(), 80u) << toString(layout);
        all +=
            "\x1d"
            "01";
        auto events = keystrokesFor(all, layout, 0, 2000);
        ASSERT_TRUE(events) << events.error().message;
        KeyboardDecoder d(layout);
        auto scans = decode(d, *events);
        ASSERT_EQ(scans.size(), 1u) << toString(layout);
        // A leading ']' followed by letters would be read as an AIM id: join them back.
        EXPECT_EQ(scans[0].aimId + scans[0].text, all) << toString(layout);
    }
}

TEST(SplitAim, OnlyAWellFormedPrefix) {
    EXPECT_EQ(splitAim("]E04006381333931"), (HandScan{"4006381333931", "]E0"}));
    EXPECT_EQ(splitAim("]d2\x1d"
                       "0104006381333931"),
              (HandScan{"\x1d"
                        "0104006381333931",
                        "]d2"}));
    EXPECT_EQ(splitAim("]Q3https://id.gs1.org/01/04006381333931"),
              (HandScan{"https://id.gs1.org/01/04006381333931", "]Q3"}));
    EXPECT_EQ(splitAim("4006381333931"), (HandScan{"4006381333931", ""}));
    EXPECT_EQ(splitAim("]E"), (HandScan{"]E", ""}));
    EXPECT_EQ(splitAim("]1E0123"), (HandScan{"]1E0123", ""}));
    EXPECT_EQ(splitAim("]E0"), (HandScan{"", "]E0"}));
}

TEST(KeyLayouts, Names) {
    EXPECT_EQ(*parseKeyLayout("fr"), KeyLayout::Fr);
    auto bad = parseKeyLayout("dvorak");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("dvorak"), std::string::npos);
    EXPECT_EQ(keyText(KeyLayout::De, KEY_Y, {}), "z");
    EXPECT_EQ(keyText(KeyLayout::Fr, KEY_2, {}), "\xc3\xa9");
    EXPECT_EQ(keyText(KeyLayout::Fr, KEY_2, {true, false, false}), "2");
    EXPECT_EQ(keyText(KeyLayout::Us, KEY_A, {false, false, true}), "A");
    EXPECT_EQ(keyText(KeyLayout::Us, KEY_1, {false, false, true}), "1");
    EXPECT_FALSE(keyText(KeyLayout::De, KEY_GRAVE, {}));  // dead key
    EXPECT_FALSE(keyText(KeyLayout::Us, KEY_F1, {}));
}

}  // namespace
}  // namespace kiosk::devices
