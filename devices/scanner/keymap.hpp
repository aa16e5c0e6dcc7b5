// Keyboard layouts for keyboard-wedge scanners: which character a key press gives. A wedge
// scanner "types" with the layout it is configured for; the kiosk must decode with the same
// one, or "2" on a French scanner (Shift + the é key) arrives as "é".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::devices {

enum class KeyLayout { Us, De, Fr };

Result<KeyLayout> parseKeyLayout(std::string_view name);  // "us", "de", "fr"
const char* toString(KeyLayout layout);

struct KeyModifiers {
    bool shift = false;
    bool altGr = false;
    bool capsLock = false;
};

// The text (UTF-8, usually one ASCII character) a key press gives, or nullopt when the key
// gives nothing printable in that layout (modifiers, function keys, dead keys).
std::optional<std::string> keyText(KeyLayout layout, int code, KeyModifiers mods);

// The other way, for the simulator: the key and modifiers that type `ch` (ASCII).
struct KeyStroke {
    int code = 0;
    bool shift = false;
    bool altGr = false;
};
std::optional<KeyStroke> strokeFor(KeyLayout layout, char ch);

}  // namespace kiosk::devices
