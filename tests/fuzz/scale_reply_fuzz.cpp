// Fuzzes the scale reply parsers and the framer with arbitrary line noise: no input may crash,
// hang or grow memory, and a parsed stable weight must be one the wire format can carry.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "devices/scale/scale_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace kiosk::devices;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (ScaleProtocol protocol : {ScaleProtocol::Toledo8217, ScaleProtocol::DatalogicSci}) {
        ReplyFramer framer(protocol);
        // Feed in two pieces, as reads split replies anywhere.
        const size_t cut = size ? data[0] % (size + 1) : 0;
        framer.feed(bytes.substr(0, cut));
        framer.feed(bytes.substr(cut));
        while (auto frame = framer.next()) {
            if (frame->size() > ReplyFramer::kMaxFrame)
                std::abort();
            auto r = protocol == ScaleProtocol::Toledo8217 ? t8217::parseReply(*frame)
                                                           : sci::parseReply(*frame);
            if (r && r->state == WeightState::Stable && (r->grams < 0 || r->grams > 9'999'999))
                std::abort();
            if (!r && r.error().message.empty())
                std::abort();
        }
    }
    (void)t8217::parseReply(bytes);
    (void)t8217::parseStatus(bytes);
    (void)sci::parseReply(bytes);
    return 0;
}
