#include "kiosk/app/ui_settings.hpp"

namespace kiosk::app {

Result<UiSettings> uiSettingsOf(const config::Section& section) {
    UiSettings s;
    std::string problems;
    const auto note = [&](const Error& e) {
        problems += (problems.empty() ? "" : "\n") + e.message;
    };
    // A shared PIN would still open the panel to anyone who knows it: refuse the old keys
    // outright rather than ignore them, so nobody believes the PIN still guards anything.
    for (const char* old : {"attendant_pin", "attendant_staff_id"})
        if (section.has(old))
            problems += std::string(problems.empty() ? "" : "\n") +
                        section.problem(old,
                                        "is no longer used: staff accounts replaced the shared "
                                        "attendant PIN (remove the key; add staff with "
                                        "`kasir-admin staff add`)");
    if (auto keys = section.checkKeys({"attendant_pin", "attendant_staff_id", "high_contrast",
                                       "font_dir", "receipt_url", "camera_fps"});
        !keys)
        note(keys.error());
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
