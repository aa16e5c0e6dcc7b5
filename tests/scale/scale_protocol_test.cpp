#include "devices/scale/scale_protocol.hpp"

#include <gtest/gtest.h>

#include "devices/scale/scale_sim.hpp"

namespace kiosk::devices {
namespace {

std::string stx(std::string_view body) {
    return "\x02" + std::string(body);
}

TEST(Toledo8217, StableWeightInKilograms) {
    auto r = t8217::parseReply(stx("01.234"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->state, WeightState::Stable);
    EXPECT_EQ(r->grams, 1234);
    EXPECT_FALSE(r->net);

    auto net = t8217::parseReply(stx("00.250N"));
    ASSERT_TRUE(net);
    EXPECT_EQ(net->grams, 250);
    EXPECT_TRUE(net->net);

    auto spaced = t8217::parseReply(stx(" 12.005"));
    ASSERT_TRUE(spaced);
    EXPECT_EQ(spaced->grams, 12005);

    auto zero = t8217::parseReply(stx("00.000"));
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->state, WeightState::Stable);
    EXPECT_EQ(zero->grams, 0);
}

TEST(Toledo8217, PoundsAreRefusedNotMisread) {
    for (const char* body : {"01.23", "001.23", "01.23N"}) {
        auto r = t8217::parseReply(stx(body));
        ASSERT_TRUE(r) << body;
        EXPECT_EQ(r->state, WeightState::Error) << body;
        EXPECT_NE(r->detail.find("pounds"), std::string::npos);
    }
}

TEST(Toledo8217, StatusBits) {
    struct Case {
        char status;
        WeightState state;
    };
    // Bit 6 is always set, so the status travels as a printable character.
    for (Case c : {Case{'A', WeightState::Motion}, Case{'B', WeightState::OverCapacity},
                   Case{'D', WeightState::UnderZero}, Case{'H', WeightState::Error},
                   Case{'C', WeightState::OverCapacity}, Case{'E', WeightState::UnderZero},
                   Case{'a', WeightState::Motion}, Case{'P', WeightState::Error}}) {
        auto r = t8217::parseReply(stx(std::string("?") + c.status));
        ASSERT_TRUE(r) << c.status;
        EXPECT_EQ(r->state, c.state) << c.status;
    }
    auto net = t8217::parseReply(stx("?a"));  // motion, net (bit 5)
    ASSERT_TRUE(net);
    EXPECT_TRUE(net->net);
    // Read as 8 bits, the parity bit (bit 7) must not change the meaning.
    auto parity = t8217::parseReply(stx(std::string("?") + static_cast<char>(0xC1)));
    ASSERT_TRUE(parity);
    EXPECT_EQ(parity->state, WeightState::Motion);
}

TEST(Toledo8217, GarbageIsCorruptAndShown) {
    for (std::string frame :
         {std::string("01.234"), stx(""), stx("1.2.3"), stx("ab.cde"), stx("?"), stx("?AB"),
          stx("?\x01"), stx("12345.678"), stx("01.2345"), stx(".123"), stx("01.")}) {
        auto r = t8217::parseReply(frame);
        ASSERT_FALSE(r) << frame;
        EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
        EXPECT_NE(r.error().message.find("unreadable scale reply"), std::string::npos);
    }
    auto shown = t8217::parseReply(stx("\xff\x01"));
    ASSERT_FALSE(shown);
    EXPECT_NE(shown.error().message.find("<02><FF><01>"), std::string::npos)
        << shown.error().message;
}

TEST(Toledo8217, EncodeParseRoundTrip) {
    for (int64_t g : {0, 1, 5, 999, 1000, 1234, 15000, 99999}) {
        for (bool net : {false, true}) {
            std::string wire = t8217::encodeWeight(g, net);
            ASSERT_EQ(wire.front(), '\x02');
            ASSERT_EQ(wire.back(), '\r');
            auto r = t8217::parseReply(wire.substr(0, wire.size() - 1));
            ASSERT_TRUE(r) << wire;
            EXPECT_EQ(r->grams, g);
            EXPECT_EQ(r->net, net);
        }
    }
    EXPECT_EQ(t8217::encodeWeight(1234, false),
              "\x02"
              "01.234\r");
    EXPECT_EQ(t8217::encodeStatus(t8217::kMotion), "\x02?A\r");
}

TEST(DatalogicSci, MonitorReplies) {
    auto w = sci::parseReply("S14401234");
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->state, WeightState::Stable);
    EXPECT_EQ(w->grams, 1234);
    auto stable = sci::parseReply("S1100850");
    ASSERT_TRUE(stable);
    EXPECT_EQ(stable->grams, 850);
    struct Case {
        const char* line;
        WeightState state;
    };
    for (Case c : {Case{"S140", WeightState::Error}, Case{"S141", WeightState::Motion},
                   Case{"S142", WeightState::OverCapacity}, Case{"S143", WeightState::Stable},
                   Case{"S145", WeightState::UnderZero}}) {
        auto r = sci::parseReply(c.line);
        ASSERT_TRUE(r) << c.line;
        EXPECT_EQ(r->state, c.state) << c.line;
        EXPECT_EQ(r->grams, 0);
    }
    auto pounds = sci::parseReply("S1440123");
    ASSERT_TRUE(pounds);
    EXPECT_EQ(pounds->state, WeightState::Error);
    EXPECT_NE(pounds->detail.find("pounds"), std::string::npos);
}

TEST(DatalogicSci, Garbage) {
    for (const char* line :
         {"", "S1", "S14", "S146", "S1412", "S12", "X14401234", "S144012a4", "S144123456", "S11"}) {
        auto r = sci::parseReply(line);
        ASSERT_FALSE(r) << line;
        EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    }
}

TEST(DatalogicSci, EncodeParseRoundTrip) {
    for (WeightReading r : {WeightReading{WeightState::Stable, 0, false, ""},
                            WeightReading{WeightState::Stable, 4321, false, ""},
                            WeightReading{WeightState::Motion, 0, false, ""},
                            WeightReading{WeightState::OverCapacity, 0, false, ""},
                            WeightReading{WeightState::UnderZero, 0, false, ""}}) {
        std::string wire = sci::encodeMonitor(r);
        auto back = sci::parseReply(wire.substr(0, wire.size() - 1));
        ASSERT_TRUE(back) << wire;
        EXPECT_EQ(back->state, r.state);
        EXPECT_EQ(back->grams, r.grams);
    }
}

TEST(ReplyFramer, FramesAcrossReads) {
    ReplyFramer f(ScaleProtocol::Toledo8217);
    f.feed(
        "\x02"
        "01.");
    EXPECT_FALSE(f.next());
    f.feed(
        "234\r\x02?A\r\x02"
        "00");
    EXPECT_EQ(f.next(),
              "\x02"
              "01.234");
    EXPECT_EQ(f.next(), "\x02?A");
    EXPECT_FALSE(f.next());
    f.feed(".500\r");
    EXPECT_EQ(f.next(),
              "\x02"
              "00.500");
}

TEST(ReplyFramer, SciDropsLineFeeds) {
    ReplyFramer f(ScaleProtocol::DatalogicSci);
    f.feed("S141\r\nS14401000\r\n\r\n");
    EXPECT_EQ(f.next(), "S141");
    EXPECT_EQ(f.next(), "S14401000");
    EXPECT_FALSE(f.next());
}

TEST(ReplyFramer, FloodIsCut) {
    ReplyFramer f(ScaleProtocol::Toledo8217);
    f.feed(std::string(1000, 'x'));
    size_t frames = 0;
    while (auto fr = f.next()) {
        EXPECT_LE(fr->size(), ReplyFramer::kMaxFrame);
        ++frames;
    }
    EXPECT_GE(frames, 1000 / ReplyFramer::kMaxFrame);
}

TEST(ReplyFramer, LongFrameEndingInCrIsCutToo) {
    // Found by scale_reply_fuzz: a CR just past the limit made one over-long frame.
    ReplyFramer f(ScaleProtocol::Toledo8217);
    f.feed("\x02" + std::string(ReplyFramer::kMaxFrame + 5, 'I') +
           "\r\x02"
           "01.000\r");
    std::vector<std::string> frames;
    while (auto fr = f.next())
        frames.push_back(*fr);
    ASSERT_GE(frames.size(), 2u);
    for (const auto& fr : frames)
        EXPECT_LE(fr.size(), ReplyFramer::kMaxFrame);
    EXPECT_EQ(frames.back(),
              "\x02"
              "01.000");
}

TEST(ScaleRules, OnlyStablePositiveInRangePrices) {
    const ScaleLimits limits{40, 15'000};
    EXPECT_TRUE(pricesItem({WeightState::Stable, 1234, false, ""}, limits));
    EXPECT_TRUE(pricesItem({WeightState::Stable, 40, false, ""}, limits));
    EXPECT_TRUE(pricesItem({WeightState::Stable, 15'000, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Stable, 39, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Stable, 0, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Stable, -5, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Stable, 15'001, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Motion, 1234, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::OverCapacity, 1234, false, ""}, limits));
    EXPECT_FALSE(pricesItem({WeightState::Error, 1234, false, ""}, limits));

    EXPECT_EQ(adviceFor({WeightState::Motion, 0, false, ""}, limits), ScaleAdvice::KeepStill);
    EXPECT_EQ(adviceFor({WeightState::UnderZero, 0, false, ""}, limits), ScaleAdvice::ClearScale);
    EXPECT_EQ(adviceFor({WeightState::OverCapacity, 0, false, ""}, limits), ScaleAdvice::TooHeavy);
    EXPECT_EQ(adviceFor({WeightState::Stable, 20'000, false, ""}, limits), ScaleAdvice::TooHeavy);
    EXPECT_EQ(adviceFor({WeightState::Stable, 0, false, ""}, limits), ScaleAdvice::PlaceItem);
    EXPECT_EQ(adviceFor({WeightState::Stable, 500, false, ""}, limits), ScaleAdvice::None);
    EXPECT_EQ(adviceFor({WeightState::Error, 0, false, "x"}, limits), ScaleAdvice::CallAttendant);
}

TEST(ScaleScript, Parses) {
    auto s = parseScaleScript(
        "motion 3; weight 1234 2\n# a comment\nover\ndisconnect 500; "
        "silent 1; garbage 2; under; zero-error 1; slow 90 400 2");
    ASSERT_TRUE(s) << s.error().message;
    using K = ScaleSimStep::Kind;
    ASSERT_EQ(s->size(), 9u);
    EXPECT_EQ((*s)[8], (ScaleSimStep{K::Slow, 90, 2, 400}));
    EXPECT_EQ((*s)[0], (ScaleSimStep{K::Motion, 0, 3, 0}));
    EXPECT_EQ((*s)[1], (ScaleSimStep{K::Weight, 1234, 2, 0}));
    EXPECT_EQ((*s)[2], (ScaleSimStep{K::Over, 0, 0, 0}));
    EXPECT_EQ((*s)[3], (ScaleSimStep{K::Disconnect, 0, 0, 500}));
    EXPECT_EQ((*s)[7], (ScaleSimStep{K::ZeroError, 0, 1, 0}));
}

TEST(ScaleScript, ErrorsNameTheStep) {
    for (const char* bad : {"weigh 12", "weight", "weight -3", "motion 0", "motion x", "disconnect",
                            "weight 12 3 4", "", "# only a comment", "slow 12", "slow 12 x"}) {
        auto s = parseScaleScript(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_NE(s.error().message.find("scale script"), std::string::npos);
    }
    auto s = parseScaleScript("motion 2; frobnicate");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("step 2 \"frobnicate\""), std::string::npos)
        << s.error().message;
}

}  // namespace
}  // namespace kiosk::devices
