#include "devices/scanner/hand_scanner.hpp"

namespace kiosk::devices {

HandScan splitAim(std::string_view raw) {
    auto isAlpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    auto isAlnum = [&](char c) { return isAlpha(c) || (c >= '0' && c <= '9'); };
    if (raw.size() >= 3 && raw[0] == ']' && isAlpha(raw[1]) && isAlnum(raw[2]))
        return HandScan{std::string(raw.substr(3)), std::string(raw.substr(0, 3))};
    return HandScan{std::string(raw), ""};
}

}  // namespace kiosk::devices
