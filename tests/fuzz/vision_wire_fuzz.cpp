// Fuzzes what the kiosk side parses from the decoder worker (a dying or confused worker can
// send anything) and the GS1 text conversion the worker applies to ZXing's output.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vision/decode/gs1_text.hpp"
#include "vision/worker/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) {
        return 0;
    }
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    if (data[0] & 1) {
        auto result = kiosk::vision::wire::decodeResult(input);
        if (result.ok()) {
            // What decodes must encode back to the same bytes.
            if (kiosk::vision::wire::encodeResult(*result) != input) {
                __builtin_trap();
            }
        }
    } else {
        auto raw = kiosk::vision::gs1HumanReadableToElementString(input);
        if (raw && raw->size() > input.size()) {
            __builtin_trap();  // only parentheses are removed, one GS at most per element
        }
    }
    return 0;
}
