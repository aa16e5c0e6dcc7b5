// The [ui] section of the configuration, validated here (its owner).
//
//   [ui]
//   (attendant_pin and attendant_staff_id are gone: staff accounts replaced the shared PIN,
//    so a file that still has them is refused with a pointer to `kasir-admin staff add`)
//   high_contrast = false       start in high-contrast mode
//   font_dir = "/usr/share/fonts/truetype/dejavu"
//   receipt_url = "..."         accepted for old configurations and ignored: the QR code now
//                               carries the printer's digital receipt ([devices.printer]
//                               receipts_dir, receipt_base_url)
//   camera_fps = 30             preview redraw rate while the camera shows something (1-60)
#pragma once

#include <string>

#include "kiosk/config/section.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::app {

struct UiSettings {
    bool highContrast = false;
    std::string fontDir = "/usr/share/fonts/truetype/dejavu";
    std::string receiptUrl;  // ignored (see above)
    int cameraFps = 30;
};

Result<UiSettings> uiSettingsOf(const config::Section& section);

}  // namespace kiosk::app
