// Time as plain numbers: the core never reads a clock, it is told the time by events.
#pragma once

#include <cstdint>

namespace kiosk {

// Milliseconds since the Unix epoch, UTC.
using Timestamp = int64_t;
// A span of time in milliseconds.
using Millis = int64_t;

}  // namespace kiosk
