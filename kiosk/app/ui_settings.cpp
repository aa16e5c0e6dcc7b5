#include "kiosk/app/ui_settings.hpp"

namespace kiosk::app {

Result<UiSettings> uiSettingsOf(const config::Section& section) {
    UiSettings s;
    std::string problems;
    const auto note = [&](const Error& e) {
        problems += (problems.empty() ? "" : "\n") + e.message;
    };
    if (auto keys = section.checkKeys({"attendant_pin", "attendant_staff_id", "high_contrast",
                                       "font_dir", "receipt_url", "camera_fps"});
        !keys)
        note(keys.error());
    if (auto pin = section.string("attendant_pin", ""); !pin) {
        note(pin.error());
    } else {
        const bool digits = pin->find_first_not_of("0123456789") == std::string::npos;
        if (!pin->empty() && (!digits || pin->size() < 4 || pin->size() > 12))
            problems += std::string(problems.empty() ? "" : "\n") +
                        section.problem("attendant_pin", "must be 4 to 12 digits");
        else
            s.attendantPin = *pin;
    }
    if (auto id = section.string("attendant_staff_id", s.attendantStaffId); !id) {
        note(id.error());
    } else if (id->empty()) {
        problems += std::string(problems.empty() ? "" : "\n") +
                    section.problem("attendant_staff_id", "must not be empty");
    } else {
        s.attendantStaffId = *id;
    }
    if (auto hc = section.boolean("high_contrast", false); !hc)
        note(hc.error());
    else
        s.highContrast = *hc;
    if (auto dir = section.string("font_dir", s.fontDir); !dir)
        note(dir.error());
    else
        s.fontDir = *dir;
    if (auto url = section.string("receipt_url", s.receiptUrl); !url)
        note(url.error());
    else
        s.receiptUrl = *url;
    if (auto fps = section.integer("camera_fps", 30, 1, 60); !fps)
        note(fps.error());
    else
        s.cameraFps = static_cast<int>(*fps);
    if (!problems.empty())
        return makeError(ErrorCode::InvalidArgument, problems);
    return s;
}

}  // namespace kiosk::app
