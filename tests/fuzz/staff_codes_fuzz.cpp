// libFuzzer target for the codes staff and shoppers scan or type (badges, suspend slips, PINs,
// staff ids): never crash, and whatever parses formats back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/core/staff.hpp"

namespace {

void require(bool ok) {
    if (!ok)
        std::abort();
}

bool lowerHex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto badge = kiosk::parseBadgeCode(text)) {
        require(kiosk::validStaffId(badge->staffId));
        require(badge->secret.size() == 32 && lowerHex(badge->secret));
        require(kiosk::parseBadgeCode(kiosk::formatBadgeCode(*badge)) == badge);
    }
    if (auto code = kiosk::parseSuspendCode(text)) {
        require(kiosk::validSuspendCode(*code));
        require(kiosk::parseSuspendCode(kiosk::formatSuspendSlip(*code)) == code);
    }
    if (kiosk::checkPinRules(text)) {
        require(text.size() >= 4 && text.size() <= 12);
        for (char c : text)
            require(c >= '0' && c <= '9');
    }
    if (kiosk::validStaffId(text))
        require(!text.empty() && text.size() <= 32);
    if (auto action = kiosk::parseAction(text))
        require(kiosk::actionName(*action) == text);
    if (auto role = kiosk::parseRole(text))
        require(kiosk::roleName(*role) == text);
    return 0;
}
