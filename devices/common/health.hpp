// What the attendant screen and the logs show about one device.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/time.hpp"

namespace kiosk::devices {

enum class DeviceState {
    Absent,        // not configured
    Connecting,    // opening or reconnecting (with backoff)
    Ready,         // connected and answering
    Warning,       // working, with something to look at (paper near end, ...)
    Fault,         // connected but cannot work (paper out, cover open, over capacity ...)
    Disconnected,  // unplugged, refused or silent; reconnection continues
};

enum class PaperLevel { Unknown, Ok, NearEnd, Out };

struct DeviceHealth {
    std::string device;   // "printer", "scale", "hand_scanner", "camera", "terminal"
    std::string address;  // DeviceUrl text, e.g. "tcp://10.0.0.5:9100" or "sim"
    DeviceState state = DeviceState::Absent;
    std::string lastError;  // for the attendant: plain words, no protocol dump
    Timestamp lastErrorAt = 0;
    Timestamp since = 0;  // when `state` was entered
    // Device-specific readings; empty when they mean nothing for this device.
    PaperLevel paper = PaperLevel::Unknown;
    std::optional<bool> drawerOpen;
    std::optional<bool> coverOpen;
    std::optional<int64_t> lastWeightGrams;
    int64_t reconnects = 0;  // since start
    friend bool operator==(const DeviceHealth&, const DeviceHealth&) = default;
};

inline const char* toString(DeviceState s) {
    switch (s) {
        case DeviceState::Absent:
            return "absent";
        case DeviceState::Connecting:
            return "connecting";
        case DeviceState::Ready:
            return "ready";
        case DeviceState::Warning:
            return "warning";
        case DeviceState::Fault:
            return "fault";
        case DeviceState::Disconnected:
            return "disconnected";
    }
    return "unknown";
}

}  // namespace kiosk::devices
