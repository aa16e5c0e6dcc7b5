// Shared helpers for the scale tests: a simulator on a real pty and the real driver on it.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "devices/scale/scale_sim.hpp"
#include "devices/scale/serial_scale.hpp"

namespace kiosk::devices::testing {

// A fresh directory for the simulator's stable link (the "/dev/ttyUSB0" that survives replug).
inline std::string tempDir() {
    char dir[] = "/tmp/kasir-scale-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    return dir;
}

inline std::unique_ptr<ScaleSimulator> startSim(ScaleProtocol protocol, const std::string& script,
                                                const std::string& link = "") {
    auto steps = parseScaleScript(script);
    EXPECT_TRUE(steps) << (steps ? "" : steps.error().message);
    ScaleSimOptions o;
    o.protocol = protocol;
    o.script = *steps;
    o.link = link;
    auto sim = ScaleSimulator::start(o);
    EXPECT_TRUE(sim) << (sim ? "" : sim.error().message);
    return sim ? std::move(*sim) : nullptr;
}

inline SerialScaleOptions fastOptions(ScaleProtocol protocol) {
    SerialScaleOptions o;
    o.protocol = protocol;
    o.replyTimeout = 300;
    o.commandGap = 5;  // the real 200 ms gap only slows the suite; pacing is not under test
    return o;
}

inline Result<std::unique_ptr<Scale>> openScale(const std::string& path, ScaleProtocol protocol) {
    auto port = SerialPort::open(path, defaultSerialOptions(protocol));
    if (!port)
        return port.error();
    return std::unique_ptr<Scale>(
        std::make_unique<SerialScale>(std::move(*port), fastOptions(protocol)));
}

// Waits (bounded) for a condition that another thread makes true.
inline bool eventually(const std::function<bool()>& condition, int seconds = 10) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return condition();
}

}  // namespace kiosk::devices::testing
