#include "devices/scale/scale_monitor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "scale_fixtures.hpp"

namespace kiosk::devices {
namespace {

using testing::eventually;
using testing::openScale;
using testing::startSim;

// Records what the monitor reports, for checks from the test thread.
struct Recorder {
    std::mutex mutex;
    std::vector<ScaleUpdate> updates;
    std::vector<DeviceHealth> healths;

    ScaleMonitor::Callbacks callbacks() {
        return {[this](const ScaleUpdate& u) {
                    std::lock_guard lock(mutex);
                    updates.push_back(u);
                },
                [this](const DeviceHealth& h) {
                    std::lock_guard lock(mutex);
                    healths.push_back(h);
                }};
    }
    bool sawReading(const std::function<bool(const ScaleUpdate&)>& pred) {
        std::lock_guard lock(mutex);
        for (const auto& u : updates)
            if (pred(u))
                return true;
        return false;
    }
    bool sawHealth(const std::function<bool(const DeviceHealth&)>& pred) {
        std::lock_guard lock(mutex);
        for (const auto& h : healths)
            if (pred(h))
                return true;
        return false;
    }
};

ScaleMonitorOptions fast() {
    ScaleMonitorOptions o;
    o.pollInterval = 20;
    o.backoffMin = 20;
    o.backoffMax = 100;
    o.limits = ScaleLimits{40, 15'000};
    return o;
}

ScaleConnector connectorFor(const std::string& path, ScaleProtocol protocol) {
    return [path, protocol] { return openScale(path, protocol); };
}

TEST(ScaleMonitor, ReportsMotionThenOnePricingReading) {
    auto sim = startSim(ScaleProtocol::Toledo8217, "weight 0 2; motion 3; weight 1234");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::Toledo8217), fast(),
                         rec.callbacks());
    monitor.start();
    ASSERT_TRUE(eventually([&] { return rec.sawReading([](auto& u) { return u.prices; }); }));
    // Keep polling a while: the same stable weight is reported once, not on every poll.
    const int64_t polls = sim->requests();
    ASSERT_TRUE(eventually([&] { return sim->requests() >= polls + 5; }));
    monitor.stop();

    std::lock_guard lock(rec.mutex);
    ASSERT_EQ(rec.updates.size(), 3u);
    EXPECT_EQ(rec.updates[0].reading.state, WeightState::Stable);
    EXPECT_EQ(rec.updates[0].reading.grams, 0);
    EXPECT_FALSE(rec.updates[0].prices);
    EXPECT_EQ(rec.updates[0].advice, ScaleAdvice::PlaceItem);
    EXPECT_EQ(rec.updates[1].reading.state, WeightState::Motion);
    EXPECT_EQ(rec.updates[1].advice, ScaleAdvice::KeepStill);
    EXPECT_FALSE(rec.updates[1].prices);
    EXPECT_EQ(rec.updates[2].reading.grams, 1234);
    EXPECT_TRUE(rec.updates[2].prices);
    EXPECT_EQ(rec.updates[2].advice, ScaleAdvice::None);
    const DeviceHealth h = monitor.health();
    EXPECT_EQ(h.device, "scale");
    EXPECT_EQ(h.state, DeviceState::Ready);
    EXPECT_EQ(h.lastWeightGrams, 1234);
    EXPECT_EQ(h.reconnects, 0);
}

TEST(ScaleMonitor, BelowMinimumAndOverCapacityNeverPrice) {
    auto sim = startSim(ScaleProtocol::DatalogicSci, "weight 25 3; over 3; under 3; weight 60");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::DatalogicSci),
                         fast(), rec.callbacks());
    monitor.start();
    ASSERT_TRUE(eventually([&] { return rec.sawReading([](auto& u) { return u.prices; }); }));
    monitor.stop();
    EXPECT_TRUE(rec.sawHealth([](auto& h) { return h.state == DeviceState::Warning; }));
    std::lock_guard lock(rec.mutex);
    ASSERT_EQ(rec.updates.size(), 4u);
    EXPECT_EQ(rec.updates[0].reading.grams, 25);
    EXPECT_FALSE(rec.updates[0].prices);
    EXPECT_EQ(rec.updates[0].advice, ScaleAdvice::PlaceItem);
    EXPECT_EQ(rec.updates[1].advice, ScaleAdvice::TooHeavy);
    EXPECT_EQ(rec.updates[2].advice, ScaleAdvice::ClearScale);
    EXPECT_TRUE(rec.updates[3].prices);
    EXPECT_EQ(rec.updates[3].reading.grams, 60);
}

TEST(ScaleMonitor, UnplugReportsAndReconnects) {
    const std::string dir = testing::tempDir();
    auto sim = startSim(ScaleProtocol::Toledo8217, "weight 300 2; disconnect 150; weight 800",
                        dir + "/scale");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::Toledo8217), fast(),
                         rec.callbacks());
    monitor.start();
    ASSERT_TRUE(
        eventually([&] { return rec.sawReading([](auto& u) { return u.reading.grams == 800; }); }));
    monitor.stop();
    EXPECT_TRUE(rec.sawHealth(
        [](auto& h) { return h.state == DeviceState::Disconnected && !h.lastError.empty(); }));
    EXPECT_TRUE(rec.sawReading([](auto& u) {
        return u.reading.state == WeightState::Error && u.advice == ScaleAdvice::CallAttendant;
    }));
    const DeviceHealth h = monitor.health();
    EXPECT_EQ(h.state, DeviceState::Ready);
    EXPECT_EQ(h.reconnects, 1);
    EXPECT_EQ(h.lastWeightGrams, 800);
    sim.reset();
    ::rmdir(dir.c_str());
}

TEST(ScaleMonitor, SilentScaleIsReconnected) {
    auto sim = startSim(ScaleProtocol::DatalogicSci, "weight 100 1; silent 1; weight 200");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::DatalogicSci),
                         fast(), rec.callbacks());
    monitor.start();
    ASSERT_TRUE(eventually([&] {
        return rec.sawReading([](auto& u) { return u.reading.grams == 200; });
    })) << monitor.health().lastError
        << " after " << sim->requests() << " requests";
    monitor.stop();
    EXPECT_TRUE(rec.sawHealth([](auto& h) {
        return h.state == DeviceState::Disconnected &&
               h.lastError.find("does not answer") != std::string::npos;
    }));
    EXPECT_EQ(monitor.health().reconnects, 1);
}

TEST(ScaleMonitor, GarbageFaultsWithoutDroppingTheLine) {
    auto sim = startSim(ScaleProtocol::Toledo8217, "weight 100 1; garbage 2; weight 200");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::Toledo8217), fast(),
                         rec.callbacks());
    monitor.start();
    ASSERT_TRUE(
        eventually([&] { return rec.sawReading([](auto& u) { return u.reading.grams == 200; }); }));
    monitor.stop();
    EXPECT_TRUE(rec.sawHealth([](auto& h) {
        return h.state == DeviceState::Fault &&
               h.lastError.find("unreadable scale reply") != std::string::npos;
    }));
    EXPECT_EQ(monitor.health().state, DeviceState::Ready);
    EXPECT_EQ(monitor.health().reconnects, 0);
}

TEST(ScaleMonitor, MissingScaleKeepsRetryingWithItsReason) {
    std::atomic<int> attempts{0};
    Recorder rec;
    ScaleMonitor monitor(
        "serial:///dev/ttyKASIRnone",
        [&] {
            ++attempts;
            return openScale("/dev/ttyKASIRnone", ScaleProtocol::Toledo8217);
        },
        fast(), rec.callbacks());
    monitor.start();
    ASSERT_TRUE(eventually([&] { return attempts >= 3; }));
    monitor.stop();
    const DeviceHealth h = monitor.health();
    EXPECT_EQ(h.state, DeviceState::Disconnected);
    EXPECT_NE(h.lastError.find("not found"), std::string::npos) << h.lastError;
    EXPECT_FALSE(monitor.latest().has_value());
}

TEST(ScaleMonitor, ZeroRequestReachesTheScale) {
    auto sim = startSim(ScaleProtocol::Toledo8217, "weight 35");
    ASSERT_TRUE(sim);
    Recorder rec;
    ScaleMonitor monitor(sim->path(), connectorFor(sim->path(), ScaleProtocol::Toledo8217), fast(),
                         rec.callbacks());
    monitor.start();
    ASSERT_TRUE(
        eventually([&] { return rec.sawReading([](auto& u) { return u.reading.grams == 35; }); }));
    monitor.request(ScaleMonitor::Command::Zero);
    ASSERT_TRUE(eventually([&] {
        return rec.sawReading(
            [](auto& u) { return u.reading.state == WeightState::Stable && u.reading.grams == 0; });
    }));
    monitor.stop();
    EXPECT_EQ(sim->zeroOffset(), 35);
}

}  // namespace
}  // namespace kiosk::devices
