// Check-digit validation of decoded texts: a detection that fails it is dropped, never
// reported, because a misread charges the wrong product.
#pragma once

#include <string_view>

namespace kiosk::vision {

// True when `text` decoded as `format` (ZXing-cpp's format name) carries valid GS1 check
// digits: EAN/UPC main codes (an add-on after a space is not checked), DataBar GTIN-14s, and
// the AI (01) GTIN inside GS1 element strings. Texts of other formats pass.
bool hasValidCheckDigits(std::string_view format, std::string_view text);

}  // namespace kiosk::vision
