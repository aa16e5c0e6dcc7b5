#include "devices/scale/scale_protocol.hpp"

#include <fmt/format.h>

#include <cctype>

namespace kiosk::devices {
namespace {

Error corrupt(std::string_view what, std::string_view frame) {
    std::string shown;
    for (unsigned char c : frame.substr(0, 24)) {
        if (c >= 0x20 && c < 0x7f)
            shown += static_cast<char>(c);
        else
            shown += fmt::format("<{:02X}>", c);
    }
    return makeError(ErrorCode::Corrupt,
                     fmt::format("unreadable scale reply \"{}\": {}", shown, what));
}

bool allDigits(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

int64_t toNumber(std::string_view digits) {
    int64_t v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

WeightReading errorReading(std::string detail) {
    return WeightReading{WeightState::Error, 0, false, std::move(detail)};
}

}  // namespace

const char* toString(ScaleProtocol protocol) {
    return protocol == ScaleProtocol::Toledo8217 ? "8217" : "sci";
}

const char* toString(WeightState state) {
    switch (state) {
        case WeightState::Stable:
            return "stable";
        case WeightState::Motion:
            return "motion";
        case WeightState::UnderZero:
            return "under zero";
        case WeightState::OverCapacity:
            return "over capacity";
        case WeightState::Error:
            return "error";
    }
    return "unknown";
}

const char* toString(ScaleAdvice advice) {
    switch (advice) {
        case ScaleAdvice::None:
            return "none";
        case ScaleAdvice::PlaceItem:
            return "place the item on the scale";
        case ScaleAdvice::KeepStill:
            return "please keep the item still";
        case ScaleAdvice::ClearScale:
            return "please take everything off the scale";
        case ScaleAdvice::TooHeavy:
            return "too heavy for the scale";
        case ScaleAdvice::CallAttendant:
            return "the scale needs an attendant";
    }
    return "unknown";
}

bool pricesItem(const WeightReading& r, const ScaleLimits& limits) {
    return r.state == WeightState::Stable && r.grams > 0 && r.grams >= limits.minGrams &&
           r.grams <= limits.capacityGrams;
}

ScaleAdvice adviceFor(const WeightReading& r, const ScaleLimits& limits) {
    switch (r.state) {
        case WeightState::Stable:
            if (r.grams > limits.capacityGrams)
                return ScaleAdvice::TooHeavy;
            if (r.grams <= 0 || r.grams < limits.minGrams)
                return ScaleAdvice::PlaceItem;
            return ScaleAdvice::None;
        case WeightState::Motion:
            return ScaleAdvice::KeepStill;
        case WeightState::UnderZero:
            return ScaleAdvice::ClearScale;
        case WeightState::OverCapacity:
            return ScaleAdvice::TooHeavy;
        case WeightState::Error:
            return ScaleAdvice::CallAttendant;
    }
    return ScaleAdvice::CallAttendant;
}

namespace t8217 {

WeightReading readingFromStatus(uint8_t status) {
    status &= 0x7f;  // bit 7 is the parity bit when the line is read as 8 bits
    const bool net = (status & kNet) != 0;
    if (status & kOverCapacity)
        return WeightReading{WeightState::OverCapacity, 0, net, ""};
    if (status & kUnderZero)
        return WeightReading{WeightState::UnderZero, 0, net, ""};
    if (status & kMotion)
        return WeightReading{WeightState::Motion, 0, net, ""};
    if (status & kOutsideZeroRange)
        return errorReading("the scale is outside its zero range: clear it and zero it");
    return errorReading("the scale sent a status without a weight");
}

Result<uint8_t> parseStatus(std::string_view frame) {
    if (frame.size() != 3 || frame[0] != kStx || frame[1] != '?')
        return corrupt("expected STX ? status", frame);
    const auto s = static_cast<uint8_t>(static_cast<uint8_t>(frame[2]) & 0x7f);
    if (!(s & kAlwaysOne))
        return corrupt("status byte without its fixed bit 6", frame);
    return s;
}

Result<WeightReading> parseReply(std::string_view frame) {
    if (frame.empty() || frame[0] != kStx)
        return corrupt("does not start with STX", frame);
    std::string_view body = frame.substr(1);
    if (!body.empty() && body[0] == '?') {
        auto s = parseStatus(frame);
        if (!s)
            return s.error();
        return readingFromStatus(*s);
    }
    while (!body.empty() && body.front() == ' ')
        body.remove_prefix(1);
    bool net = false;
    if (!body.empty() && body.back() == 'N') {
        net = true;
        body.remove_suffix(1);
    }
    const size_t dot = body.find('.');
    if (dot == std::string_view::npos)
        return corrupt("weight without a decimal point", frame);
    const std::string_view whole = body.substr(0, dot);
    const std::string_view frac = body.substr(dot + 1);
    if (!allDigits(whole) || !allDigits(frac) || whole.size() > 4)
        return corrupt("weight is not ww.www", frame);
    if (frac.size() == 2)
        return errorReading("the scale weighs in pounds; set it to kilograms");
    if (frac.size() != 3)
        return corrupt("weight is not ww.www", frame);
    return WeightReading{WeightState::Stable, toNumber(whole) * 1000 + toNumber(frac), net, ""};
}

std::string encodeWeight(int64_t grams, bool net) {
    return fmt::format("\x02{:02}.{:03}{}\r", grams / 1000, grams % 1000, net ? "N" : "");
}

std::string encodeStatus(uint8_t bits) {
    std::string s = "\x02?";
    s += static_cast<char>(kAlwaysOne | (bits & 0x3f));
    s += '\r';
    return s;
}

}  // namespace t8217

namespace sci {

Result<WeightReading> parseReply(std::string_view line) {
    if (line.size() < 4 || line[0] != 'S' || line[1] != '1')
        return corrupt("expected S11 or S14", line);
    auto weight = [&](std::string_view digits) -> Result<WeightReading> {
        if (!allDigits(digits))
            return corrupt("weight digits expected", line);
        if (digits.size() == 4)
            return errorReading("the scale weighs in pounds; set it to metric");
        if (digits.size() != 5)
            return corrupt("a metric weight has 5 digits", line);
        return WeightReading{WeightState::Stable, toNumber(digits), false, ""};
    };
    if (line[2] == '1')
        return weight(line.substr(3));
    if (line[2] != '4')
        return corrupt("expected S11 or S14", line);
    const char status = line[3];
    const std::string_view rest = line.substr(4);
    if (status == '4')
        return weight(rest);
    if (!rest.empty())
        return corrupt("unexpected data after the status", line);
    switch (status) {
        case '0':
            return errorReading("the scale cannot find zero: clear it, or power it off and on");
        case '1':
            return WeightReading{WeightState::Motion, 0, false, ""};
        case '2':
            return WeightReading{WeightState::OverCapacity, 0, false, ""};
        case '3':
            return WeightReading{WeightState::Stable, 0, false, ""};
        case '5':
            return WeightReading{WeightState::UnderZero, 0, false, ""};
        default:
            return corrupt("unknown monitor status", line);
    }
}

std::string encodeMonitor(const WeightReading& r) {
    switch (r.state) {
        case WeightState::Stable:
            return r.grams == 0 ? "S143\r" : fmt::format("S144{:05}\r", r.grams);
        case WeightState::Motion:
            return "S141\r";
        case WeightState::OverCapacity:
            return "S142\r";
        case WeightState::UnderZero:
            return "S145\r";
        case WeightState::Error:
            return "S140\r";
    }
    return "S140\r";
}

std::string encodeStableWeight(int64_t grams) {
    return fmt::format("S11{:05}\r", grams);
}

}  // namespace sci

void ReplyFramer::feed(std::string_view bytes) {
    buffer_.append(bytes);
}

std::optional<std::string> ReplyFramer::next() {
    for (;;) {
        if (protocol_ == ScaleProtocol::DatalogicSci) {
            // An LF left over from a CR LF pair belongs to no frame.
            while (!buffer_.empty() && buffer_.front() == '\n')
                buffer_.erase(0, 1);
        }
        const size_t cr = buffer_.find('\r');
        if (cr == std::string::npos || cr > kMaxFrame) {
            if (buffer_.size() > kMaxFrame) {
                std::string cut = buffer_.substr(0, kMaxFrame);
                buffer_.erase(0, kMaxFrame);
                return cut;
            }
            return std::nullopt;
        }
        std::string frame = buffer_.substr(0, cr);
        buffer_.erase(0, cr + 1);
        if (frame.empty() && protocol_ == ScaleProtocol::DatalogicSci)
            continue;  // a blank line
        return frame;
    }
}

}  // namespace kiosk::devices
