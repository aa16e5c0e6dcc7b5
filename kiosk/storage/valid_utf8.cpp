// Well-formed UTF-8 after Unicode's table 3-7, and its repair with U+FFFD.
#include "kiosk/storage/valid_utf8.hpp"

#include <cstddef>
#include <utility>

namespace kiosk::storage {
namespace {

struct Sequence {
    bool valid = false;
    size_t length = 1;  // of the valid sequence, or of the maximal subpart to replace
};

Sequence sequenceAt(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80)
        return {true, 1};
    // Continuation bytes needed, and the range of the first one: table 3-7 narrows it after
    // E0 (overlong), ED (surrogates), F0 (overlong) and F4 (past U+10FFFF).
    size_t need = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        if (lead == 0xE0)
            low = 0xA0;
        if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        if (lead == 0xF0)
            low = 0x90;
        if (lead == 0xF4)
            high = 0x8F;
    } else {
        return {false, 1};  // 80..C1 and F5..FF never start a sequence
    }
    for (size_t k = 1; k <= need; ++k) {
        if (i + k >= text.size())
            return {false, k};
        const auto next = static_cast<unsigned char>(text[i + k]);
        if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF))
            return {false, k};
    }
    return {true, need + 1};
}

// Where the first ill-formed sequence starts; text.size() when there is none.
size_t firstInvalid(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const Sequence s = sequenceAt(text, i);
        if (!s.valid)
            return i;
        i += s.length;
    }
    return i;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    return firstInvalid(text) == text.size();
}

bool repairUtf8(std::string& text) {
    size_t i = firstInvalid(text);
    if (i == text.size())
        return false;
    std::string out(text, 0, i);
    out.reserve(text.size() + 8);
    while (i < text.size()) {
        const Sequence s = sequenceAt(text, i);
        if (s.valid) {
            out.append(text, i, s.length);
        } else {
            out += "\xEF\xBF\xBD";
        }
        i += s.length;
    }
    text = std::move(out);
    return true;
}

}  // namespace kiosk::storage
