// UTF-8 checks for text the journal keeps: what a sale's hash covers must be exactly what is
// stored and read back, and the JSON that holds a terminal's receipt lines only holds Unicode.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::storage {

// Well-formed UTF-8 as Unicode defines it (no overlong forms, surrogates or code points past
// U+10FFFF). Embedded NUL bytes are valid.
bool isValidUtf8(std::string_view text);

// Replaces every ill-formed sequence in `text` with U+FFFD, one per maximal subpart (Unicode
// chapter 3, "U+FFFD Substitution of Maximal Subparts", the rule browsers use too). Returns
// true when something was replaced; valid text is left alone without being copied.
bool repairUtf8(std::string& text);

}  // namespace kiosk::storage
