// The wire format between DecoderProcess (kiosk side) and kasir-vision-worker: fixed headers
// and length-prefixed fields over a local stream socket. Both ends are built from one tree,
// so integers travel in host byte order; a version in the hello guards against a stale binary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"
#include "vision/decode/frame.hpp"

namespace kiosk::vision::wire {

constexpr uint32_t kHelloMagic = 0x4B564849;     // "KVHI"
constexpr uint32_t kRequestMagic = 0x4B565251;   // "KVRQ"
constexpr uint32_t kResponseMagic = 0x4B565253;  // "KVRS"
constexpr uint32_t kVersion = 2;
// Bounds that a well-formed message never exceeds; anything larger is a broken peer.
constexpr int kMaxSide = 16384;
constexpr uint32_t kMaxResponseBytes = 8u << 20;

// The worker announces itself once its decoder is ready.
struct Hello {
    uint32_t magic = kHelloMagic;
    uint32_t version = kVersion;
    int32_t pid = 0;
};

struct RequestHeader {
    uint32_t magic = kRequestMagic;
    uint32_t seq = 0;
    int32_t width = 0;
    int32_t height = 0;
    uint32_t flags = 0;  // kFlagTryHarder | kFlagRoi
    int32_t roi[4] = {0, 0, 0, 0};
    int64_t index = 0;
    int64_t capturedAt = 0;
    uint32_t pixelBytes = 0;  // == width * height; the pixels follow
};
constexpr uint32_t kFlagTryHarder = 1;
constexpr uint32_t kFlagRoi = 2;

struct ResponseHeader {
    uint32_t magic = kResponseMagic;
    uint32_t seq = 0;
    uint32_t bodyBytes = 0;  // the encoded DecodeResult follows
};

RequestHeader makeRequest(uint32_t seq, const GrayFrame& frame, const DecodeHints& hints);
DecodeHints hintsOf(const RequestHeader& header);
// A frame the strategy can take: positive size within kMaxSide and the right pixel count.
// Returns an empty string when fine, otherwise what is wrong.
std::string checkFrame(int width, int height, std::size_t pixelBytes);

std::string encodeResult(const DecodeResult& result);
Result<DecodeResult> decodeResult(std::string_view body);

}  // namespace kiosk::vision::wire
