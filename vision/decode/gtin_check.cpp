#include "vision/decode/gtin_check.hpp"

#include <cctype>
#include <string>

#include "kiosk/core/gtin.hpp"

namespace kiosk::vision {

namespace {

bool allDigits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

// GS1 element strings begin with AI (01) when they carry a GTIN; other AIs are not checked
// here (kiosk/core parses the whole string).
bool gs1GtinValid(std::string_view text) {
    if (text.size() >= 16 && text.substr(0, 2) == "01" && allDigits(text.substr(2, 14))) {
        return isValidGtin(text.substr(2, 14));
    }
    return true;
}

}  // namespace

bool hasValidCheckDigits(std::string_view format, std::string_view text) {
    if (format == "EAN-13" || format == "EAN-8" || format == "UPC-A" || format == "UPC-E") {
        std::string_view main = text;
        if (auto space = text.find(' '); space != std::string_view::npos) {
            main = text.substr(0, space);
            std::string_view addOn = text.substr(space + 1);
            if (!allDigits(addOn) || (addOn.size() != 2 && addOn.size() != 5)) {
                return false;
            }
        }
        if (!allDigits(main)) {
            return false;
        }
        if (format == "UPC-E") {
            auto upca = expandUpcE(main);
            return upca.ok() && isValidGtin(*upca);
        }
        std::size_t want = format == "EAN-13" ? 13 : format == "EAN-8" ? 8 : 12;
        return main.size() == want && isValidGtin(main);
    }
    if (format == "DataBar") {
        // ZXing 1.4.0 returns the bare GTIN-14; later versions prefix the AI "01".
        if (text.size() == 16 && text.substr(0, 2) == "01") {
            text = text.substr(2);
        }
        return text.size() == 14 && allDigits(text) && isValidGtin(text);
    }
    if (format == "DataBarExpanded") {
        return gs1GtinValid(text);
    }
    return true;
}

}  // namespace kiosk::vision
