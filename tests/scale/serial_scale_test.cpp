#include "devices/scale/serial_scale.hpp"

#include <gtest/gtest.h>

#include "scale_fixtures.hpp"

namespace kiosk::devices {
namespace {

using testing::eventually;
using testing::openScale;
using testing::startSim;

class SerialScaleTest : public ::testing::TestWithParam<ScaleProtocol> {};

INSTANTIATE_TEST_SUITE_P(Protocols, SerialScaleTest,
                         ::testing::Values(ScaleProtocol::Toledo8217, ScaleProtocol::DatalogicSci),
                         [](const auto& info) {
                             return std::string(info.param == ScaleProtocol::Toledo8217
                                                    ? "Toledo8217"
                                                    : "DatalogicSci");
                         });

TEST_P(SerialScaleTest, MotionThenSettles) {
    auto sim = startSim(GetParam(), "motion 3; weight 1234");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale) << scale.error().message;
    for (int i = 0; i < 3; ++i) {
        auto r = (*scale)->read();
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(r->state, WeightState::Motion) << i;
    }
    for (int i = 0; i < 2; ++i) {
        auto r = (*scale)->read();
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(r->state, WeightState::Stable);
        EXPECT_EQ(r->grams, 1234);
    }
    EXPECT_EQ(sim->requests(), 5);
}

TEST_P(SerialScaleTest, OverCapacityUnderZeroAndZeroFault) {
    auto sim = startSim(GetParam(), "over 1; under 1; zero-error 1; weight 0 1; weight 16000");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale);
    auto over = (*scale)->read();
    ASSERT_TRUE(over);
    EXPECT_EQ(over->state, WeightState::OverCapacity);
    auto under = (*scale)->read();
    ASSERT_TRUE(under);
    EXPECT_EQ(under->state, WeightState::UnderZero);
    auto fault = (*scale)->read();
    ASSERT_TRUE(fault);
    EXPECT_EQ(fault->state, WeightState::Error);
    EXPECT_FALSE(fault->detail.empty());
    auto empty = (*scale)->read();
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->state, WeightState::Stable);
    EXPECT_EQ(empty->grams, 0);
    // A load past the simulator's 15 kg capacity is reported by the scale as over capacity.
    auto heavy = (*scale)->read();
    ASSERT_TRUE(heavy);
    EXPECT_EQ(heavy->state, WeightState::OverCapacity);
}

TEST_P(SerialScaleTest, GarbageIsCorruptAndTheNextReplyIsRead) {
    auto sim = startSim(GetParam(), "garbage 1; weight 480");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale);
    auto bad = (*scale)->read();
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Corrupt);
    auto good = (*scale)->read();
    ASSERT_TRUE(good) << good.error().message;
    EXPECT_EQ(good->grams, 480);
}

TEST_P(SerialScaleTest, SilenceTimesOutAndALateScaleIsNotMisread) {
    auto sim = startSim(GetParam(), "silent 2; weight 700");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale);
    for (int i = 0; i < 2; ++i) {
        auto r = (*scale)->read();
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::Io);
        EXPECT_NE(r.error().message.find("does not answer"), std::string::npos);
    }
    auto r = (*scale)->read();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->grams, 700);
}

TEST_P(SerialScaleTest, ALateReplyNeverAnswersTheNextRequest) {
    // 123 g is answered 450 ms late, after the driver (300 ms) gave up: it must not be taken
    // for the answer to the next request, which is 700 g.
    auto sim = startSim(GetParam(), "slow 123 450 1; weight 700");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale);
    auto late = (*scale)->read();
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::Io);
    auto next = (*scale)->read();
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->grams, 700);
}

TEST_P(SerialScaleTest, UnplugIsAnIoErrorAndReplugWorks) {
    const std::string dir = testing::tempDir();
    auto sim = startSim(GetParam(), "weight 100 1; disconnect 200; weight 900", dir + "/scale");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), GetParam());
    ASSERT_TRUE(scale);
    auto first = (*scale)->read();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->grams, 100);
    // The simulator unplugs after that poll.
    auto lost = (*scale)->read();
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, ErrorCode::Io);
    scale->reset();
    std::unique_ptr<Scale> again;
    ASSERT_TRUE(eventually([&] {
        auto s = openScale(sim->path(), GetParam());
        if (!s)
            return false;
        again = std::move(*s);
        return true;
    }));
    auto r = again->read();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->grams, 900);
    again.reset();
    sim.reset();
    ::rmdir(dir.c_str());
}

TEST(SerialScale, Toledo8217ZeroTareAndClear) {
    auto sim = startSim(ScaleProtocol::Toledo8217, "weight 30");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), ScaleProtocol::Toledo8217);
    ASSERT_TRUE(scale);
    ASSERT_TRUE((*scale)->zero());  // 30 g of dirt on the platter becomes zero
    auto zeroed = (*scale)->read();
    ASSERT_TRUE(zeroed);
    EXPECT_EQ(zeroed->grams, 0);

    sim->set({ScaleSimStep::Kind::Weight, 530, 0, 0});  // a 500 g bowl
    ASSERT_TRUE((*scale)->tare());
    auto tared = (*scale)->read();
    ASSERT_TRUE(tared);
    EXPECT_EQ(tared->grams, 0);
    EXPECT_TRUE(tared->net);

    sim->set({ScaleSimStep::Kind::Weight, 1730, 0, 0});  // 1.2 kg of apples in the bowl
    auto net = (*scale)->read();
    ASSERT_TRUE(net);
    EXPECT_EQ(net->grams, 1200);
    EXPECT_TRUE(net->net);

    ASSERT_TRUE((*scale)->clearTare());
    auto gross = (*scale)->read();
    ASSERT_TRUE(gross);
    EXPECT_EQ(gross->grams, 1700);
    EXPECT_FALSE(gross->net);
}

TEST(SerialScale, Toledo8217RefusesToZeroInMotion) {
    auto sim = startSim(ScaleProtocol::Toledo8217, "motion");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), ScaleProtocol::Toledo8217);
    ASSERT_TRUE(scale);
    auto z = (*scale)->zero();
    ASSERT_FALSE(z);
    EXPECT_EQ(z.error().code, ErrorCode::Conflict);
    EXPECT_NE(z.error().message.find("motion"), std::string::npos);
    EXPECT_EQ(sim->zeroOffset(), 0);
}

TEST(SerialScale, SciHasNoRemoteZero) {
    auto sim = startSim(ScaleProtocol::DatalogicSci, "weight 100");
    ASSERT_TRUE(sim);
    auto scale = openScale(sim->path(), ScaleProtocol::DatalogicSci);
    ASSERT_TRUE(scale);
    auto z = (*scale)->zero();
    ASSERT_FALSE(z);
    EXPECT_EQ(z.error().code, ErrorCode::Unsupported);
    EXPECT_EQ((*scale)->tare().ok(), false);
}

TEST(SerialScale, SciSkipsScannerLabelsOnTheSharedLine) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto scale = openScale(pty->slavePath(), ScaleProtocol::DatalogicSci);
    ASSERT_TRUE(scale);
    // A barcode read just before the weight reply: the driver must not take it as the reply.
    std::thread answer([&] {
        char buf[16];
        pollfd p{pty->master(), POLLIN, 0};
        ::poll(&p, 1, 2000);
        (void)!::read(pty->master(), buf, sizeof buf);
        const std::string reply = "S08A4006381333931\rS14400250\r";
        (void)!::write(pty->master(), reply.data(), reply.size());
    });
    auto r = (*scale)->read();
    answer.join();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->grams, 250);
}

}  // namespace
}  // namespace kiosk::devices
