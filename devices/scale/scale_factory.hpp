// The scale from the configuration: [devices.scale] (or `kasir --scale URL`) to a connector the
// ScaleMonitor calls, opening the serial line, or starting the built-in simulator for "sim".
//
//   [devices.scale]
//   url = "serial:///dev/ttyUSB0?baud=9600&parity=even&bits=7"   # or "sim"
//   protocol = "8217"          # or "sci" (Datalogic Magellan scanner-scale)
//   capacity_grams = 15000     # the scale's Max; heavier readings never price
//   min_grams = 40             # the scale's Min (20 e for a class III scale)
//   poll_ms = 200              # between weight requests (8217 wants >= 200)
//   timeout_ms = 500           # a scale silent this long is reconnected
//   sim_script = "motion 3; weight 1234"   # url = "sim" only: what the simulator does
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "devices/common/device_url.hpp"
#include "devices/scale/scale_monitor.hpp"
#include "devices/scale/scale_protocol.hpp"
#include "devices/scale/scale_sim.hpp"
#include "devices/scale/serial_scale.hpp"
#include "kiosk/config/section.hpp"

namespace kiosk::devices {

struct ScaleConfig {
    bool enabled = false;  // the section is present or a URL was given
    DeviceUrl url;
    ScaleProtocol protocol = ScaleProtocol::Toledo8217;
    ScaleLimits limits;
    Millis pollInterval = 200;
    Millis replyTimeout = 500;
    std::vector<ScaleSimStep> simScript{ScaleSimStep{ScaleSimStep::Kind::Weight, 0, 0, 0}};
};

// Every problem as "FILE:LINE: devices.scale.KEY: message". `overrideUrl` (from --scale)
// replaces `url` and enables the scale even without a section.
Result<ScaleConfig> scaleConfigFromSection(const config::Section& section,
                                           const std::optional<std::string>& overrideUrl);

// What the app keeps: the connector for ScaleMonitor, and the simulator when url = "sim"
// (alive as long as this is; the demo steers it with set()).
struct ScaleDevice {
    ScaleConnector connect;
    std::shared_ptr<ScaleSimulator> simulator;
    ScaleMonitorOptions monitorOptions;
    std::string address;
};
Result<ScaleDevice> makeScaleDevice(const ScaleConfig& config);

}  // namespace kiosk::devices
