// A checkout scale as the kiosk sees it: one reading at a time (stable, in motion, under zero,
// over capacity, or a fault), zero and tare. Drivers: serial_scale.hpp; poller: scale_monitor.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

enum class WeightState {
    Stable,        // settled: `grams` is the weight (may be 0: nothing on the platter)
    Motion,        // still moving: "Please keep the item still"
    UnderZero,     // negative: "Please take everything off the scale" (then zero)
    OverCapacity,  // too heavy for the scale
    Error,         // the scale answered but cannot weigh (zero not found, wrong unit...)
};

struct WeightReading {
    WeightState state = WeightState::Error;
    int64_t grams = 0;   // meaningful when Stable
    bool net = false;    // a tare is in effect (the weight is net)
    std::string detail;  // for Error: plain words for the attendant and the logs
    friend bool operator==(const WeightReading&, const WeightReading&) = default;
};

// The range in which a reading may price an item (from [devices.scale]).
struct ScaleLimits {
    int64_t minGrams = 1;            // below this the scale's accuracy does not allow a sale
    int64_t capacityGrams = 15'000;  // the scale's Max
};

// Only a stable, positive, in-range reading prices an item.
bool pricesItem(const WeightReading& reading, const ScaleLimits& limits);

// What the shopper should be told about a reading; the UI translates it.
enum class ScaleAdvice {
    None,           // a reading that prices (or nothing to say)
    PlaceItem,      // stable but empty or below the minimum
    KeepStill,      // "Please keep the item still"
    ClearScale,     // under zero: take everything off
    TooHeavy,       // over capacity (or over the configured maximum)
    CallAttendant,  // the scale faults or is disconnected
};
ScaleAdvice adviceFor(const WeightReading& reading, const ScaleLimits& limits);

const char* toString(WeightState state);
const char* toString(ScaleAdvice advice);

class Scale {
  public:
    virtual ~Scale() = default;
    // Asks the scale for its weight. An Error result is about the link: ErrorCode::Io when the
    // scale is gone or silent (reconnect), ErrorCode::Corrupt when its reply is unreadable.
    virtual Result<WeightReading> read() = 0;
    // Zero, tare the current load, clear the tare. Unsupported where the protocol has none;
    // Conflict when the scale refuses (in motion, outside the zero range).
    virtual Result<void> zero() = 0;
    virtual Result<void> tare() = 0;
    virtual Result<void> clearTare() = 0;
    virtual std::string describe() const = 0;
};

}  // namespace kiosk::devices
