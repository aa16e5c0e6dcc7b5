// ZXing-cpp 1.4.0 returns GS1 DataBar Expanded as human-readable text, "(01)...(10)ABC".
// kasir passes GS1 data on as the element string that scanners send: AIs and values run
// together, a GS (0x1D) after each variable-length value that is not last.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::vision {

// "(01)09012345678908(10)ABC(21)1" -> "0109012345678908" "10ABC\x1d" "211". Empty optional
// when the text is not in that form (it must start with "(" and every AI be 2-4 digits).
std::optional<std::string> gs1HumanReadableToElementString(std::string_view text);

}  // namespace kiosk::vision
