// The hand scanner from the configuration: [devices.hand_scanner] (or `kasir --hand-scanner
// URL`) to a connector for ScannerMonitor.
//
//   [devices.hand_scanner]
//   url = "evdev:///dev/input/by-id/usb-Datalogic_Scanner-event-kbd"   # keyboard wedge
//   # url = "serial:///dev/ttyACM0?baud=115200"                        # USB-COM / RS-232
//   # url = "sim"                               # a serial scanner simulator on a pty
//   layout = "us"          # evdev only: the keyboard layout the scanner types with (us, de, fr)
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "devices/common/device_url.hpp"
#include "devices/scanner/keymap.hpp"
#include "devices/scanner/scanner_monitor.hpp"
#include "devices/scanner/scanner_sim.hpp"
#include "kiosk/config/section.hpp"

namespace kiosk::devices {

struct HandScannerConfig {
    bool enabled = false;
    DeviceUrl url;
    KeyLayout layout = KeyLayout::Us;
};

Result<HandScannerConfig> handScannerConfigFromSection(
    const config::Section& section, const std::optional<std::string>& overrideUrl);

struct HandScannerDevice {
    HandScannerConnector connect;
    std::shared_ptr<ScannerSimulator> simulator;  // url = "sim": call simulator->scan("...")
    std::string address;
};
Result<HandScannerDevice> makeHandScannerDevice(const HandScannerConfig& config);

}  // namespace kiosk::devices
