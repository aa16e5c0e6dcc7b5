// The scale protocols on the wire, without I/O: Mettler Toledo 8217 and the Datalogic Magellan
// scanner-scale SCI weight commands. Pure functions shared by the driver, the simulator and
// the fuzz target.
//
// 8217 (7E1): host sends `W` -> `STX ww.www CR` (kg, 3 decimals; `N` after the digits when
// net) or `STX ? s CR` when in motion, negative or over capacity. Status byte s: bit 0 motion,
// 1 over capacity, 2 under zero, 3 outside zero capture range, 4 center of zero, 5 net,
// 6 always 1, 7 parity. `Z` zero, `T` tare, `C` clear tare: each answered with a status.
// Pounds are sent with 2 decimals (`ww.ww`, `0ww.ww`): refused, the kiosk prices per kg.
// SCI (Magellan "single cable", default prefix `S`, suffix CR): `S11` is answered only with a
// stable weight `S11ddddd` (metric: 5 digits, no point, grams); `S14` (monitor) with `S140`
// zero not found, `S141` unstable, `S142` over capacity, `S143` stable zero, `S144ddddd`
// stable weight, `S145` under zero. Pounds come as 4 digits: refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "devices/scale/scale.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices {

enum class ScaleProtocol { Toledo8217, DatalogicSci };
const char* toString(ScaleProtocol protocol);  // "8217", "sci"

namespace t8217 {
inline constexpr char kStx = 0x02;
inline constexpr char kCr = 0x0d;
inline constexpr uint8_t kMotion = 1 << 0;
inline constexpr uint8_t kOverCapacity = 1 << 1;
inline constexpr uint8_t kUnderZero = 1 << 2;
inline constexpr uint8_t kOutsideZeroRange = 1 << 3;
inline constexpr uint8_t kCenterOfZero = 1 << 4;
inline constexpr uint8_t kNet = 1 << 5;
inline constexpr uint8_t kAlwaysOne = 1 << 6;

// A reply frame from STX up to CR (CR excluded). Anything that is not exactly
// one of the documented forms is ErrorCode::Corrupt, naming what was wrong.
Result<WeightReading> parseReply(std::string_view frame);
// The status bits of a `STX ? s CR` frame (for the answers to Z, T and C).
Result<uint8_t> parseStatus(std::string_view frame);
WeightReading readingFromStatus(uint8_t status);

// Simulator side.
std::string encodeWeight(int64_t grams, bool net);  // "\x02" "01.234\r"
std::string encodeStatus(uint8_t bits);             // "\x02?A\r" for motion
}  // namespace t8217

namespace sci {
// A reply line without its CR.
Result<WeightReading> parseReply(std::string_view line);
std::string encodeMonitor(const WeightReading& reading);  // "S144" "01234\r" ...
std::string encodeStableWeight(int64_t grams);            // "S11" "01234\r"
}  // namespace sci

// Splits a byte stream into reply frames: 8217 frames start at STX and end at CR; SCI lines
// end at CR (an LF after it is dropped). Bytes outside a frame are kept and reported, so
// garbage on the line surfaces as a bad reply instead of being silently skipped.
class ReplyFramer {
  public:
    explicit ReplyFramer(ScaleProtocol protocol) : protocol_(protocol) {}
    void feed(std::string_view bytes);
    // The next complete frame (up to its CR, without it), or nullopt. A frame longer than
    // kMaxFrame is cut and returned as is, so a flood cannot grow memory without bound.
    std::optional<std::string> next();
    void clear() { buffer_.clear(); }
    static constexpr size_t kMaxFrame = 64;

  private:
    ScaleProtocol protocol_;
    std::string buffer_;
};

}  // namespace kiosk::devices
