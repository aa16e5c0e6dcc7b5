// A printable staff badge card (SVG, credit-card size): the store's name, the member's name,
// role and id, and a QR code of the badge text (libqrencode).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::admin {

struct BadgeCard {
    std::string storeName;
    std::string staffName;
    std::string role;
    std::string staffId;
    std::string badgeText;  // KASIR-STAFF:<id>:<secret>, the QR code's content
};

// The QR code of `text` as rows of modules (true: dark), without the quiet zone.
Result<std::vector<std::vector<bool>>> qrModules(std::string_view text);

// The SVG document; each dark module is one <rect class="qr" .../> on a 1-unit grid inside
// <g id="qr" transform=...>, so tests (and scripts) can read the modules back.
Result<std::string> badgeSvg(const BadgeCard& card);

}  // namespace kiosk::admin
