#include "vision/worker/wire.hpp"

#include <cstring>
#include <type_traits>

namespace kiosk::vision::wire {

namespace {

template <typename T>
void put(std::string& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void putString(std::string& out, const std::string& s) {
    put(out, static_cast<uint32_t>(s.size()));
    out.append(s);
}

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}

    template <typename T>
    bool get(T& value) {
        if (in_.size() < sizeof(T)) {
            return false;
        }
        std::memcpy(&value, in_.data(), sizeof(T));
        in_.remove_prefix(sizeof(T));
        return true;
    }

    bool getString(std::string& s) {
        uint32_t n = 0;
        if (!get(n) || in_.size() < n) {
            return false;
        }
        s.assign(in_.data(), n);
        in_.remove_prefix(n);
        return true;
    }

    bool atEnd() const { return in_.empty(); }

  private:
    std::string_view in_;
};

}  // namespace

RequestHeader makeRequest(uint32_t seq, const GrayFrame& frame, const DecodeHints& hints) {
    RequestHeader h;
    h.seq = seq;
    h.width = frame.width;
    h.height = frame.height;
    h.flags = hints.tryHarder ? kFlagTryHarder : 0;
    if (hints.roi) {
        h.flags |= kFlagRoi;
        h.roi[0] = hints.roi->x;
        h.roi[1] = hints.roi->y;
        h.roi[2] = hints.roi->width;
        h.roi[3] = hints.roi->height;
    }
    h.index = frame.index;
    h.capturedAt = frame.capturedAt;
    h.pixelBytes = static_cast<uint32_t>(frame.pixels.size());
    return h;
}

DecodeHints hintsOf(const RequestHeader& header) {
    DecodeHints hints;
    hints.tryHarder = (header.flags & kFlagTryHarder) != 0;
    if (header.flags & kFlagRoi) {
        hints.roi = RectI{header.roi[0], header.roi[1], header.roi[2], header.roi[3]};
    }
    return hints;
}

std::string checkFrame(int width, int height, std::size_t pixelBytes) {
    if (width <= 0 || height <= 0) {
        return "bad frame: zero size (" + std::to_string(width) + "x" + std::to_string(height) +
               ")";
    }
    if (width > kMaxSide || height > kMaxSide) {
        return "bad frame: " + std::to_string(width) + "x" + std::to_string(height) +
               " is larger than " + std::to_string(kMaxSide) + " pixels a side";
    }
    if (pixelBytes != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        return "bad frame: " + std::to_string(pixelBytes) + " bytes of pixels for " +
               std::to_string(width) + "x" + std::to_string(height);
    }
    return {};
}

std::string encodeResult(const DecodeResult& result) {
    std::string out;
    put(out, result.ms);
    put(out, result.cpuMs);
    put(out, static_cast<uint8_t>(result.crashed));
    put(out, static_cast<uint8_t>(result.timedOut));
    putString(out, result.error);
    put(out, static_cast<uint32_t>(result.detections.size()));
    for (const auto& d : result.detections) {
        putString(out, d.format);
        putString(out, d.text);
        putString(out, d.symbologyId);
        for (const auto& c : d.corners) {
            put(out, c.x);
            put(out, c.y);
        }
        put(out, static_cast<int32_t>(d.confidence));
        putString(out, d.pass);
    }
    return out;
}

Result<DecodeResult> decodeResult(std::string_view body) {
    Reader in(body);
    DecodeResult r;
    uint8_t crashed = 0;
    uint8_t timedOut = 0;
    uint32_t count = 0;
    if (!in.get(r.ms) || !in.get(r.cpuMs) || !in.get(crashed) || !in.get(timedOut) ||
        !in.getString(r.error) || !in.get(count)) {
        return makeError(ErrorCode::Corrupt, "truncated decode result from the worker");
    }
    if (crashed > 1 || timedOut > 1) {
        return makeError(ErrorCode::Corrupt, "bad flags in a decode result from the worker");
    }
    r.crashed = crashed != 0;
    r.timedOut = timedOut != 0;
    for (uint32_t i = 0; i < count; ++i) {
        Detection d;
        int32_t confidence = 0;
        bool ok = in.getString(d.format) && in.getString(d.text) && in.getString(d.symbologyId);
        for (auto& c : d.corners) {
            ok = ok && in.get(c.x) && in.get(c.y);
        }
        ok = ok && in.get(confidence) && in.getString(d.pass);
        if (!ok) {
            return makeError(ErrorCode::Corrupt, "truncated detection from the worker");
        }
        d.confidence = confidence;
        r.detections.push_back(std::move(d));
    }
    if (!in.atEnd()) {
        return makeError(ErrorCode::Corrupt, "trailing bytes in a decode result from the worker");
    }
    return r;
}

}  // namespace kiosk::vision::wire
