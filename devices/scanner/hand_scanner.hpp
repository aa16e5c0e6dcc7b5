// A hand scanner as the kiosk sees it: a stream of scans, each the text the scanner read and
// its AIM symbology identifier when the scanner sends one. The app routes a scan through the
// same path as a camera scan (kiosk/core/gs1.hpp interpretScan, then BarcodeScanned).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

struct HandScan {
    std::string text;   // the data, without the AIM prefix; GS (0x1D) kept as sent
    std::string aimId;  // "]E0", "]C1", "]Q3"... or empty when the scanner sent none
    friend bool operator==(const HandScan&, const HandScan&) = default;
};

// Splits a leading AIM identifier (`]` + code character + modifier character) off `raw`.
// Nothing else is interpreted: GS1 parsing is kiosk/core's business.
HandScan splitAim(std::string_view raw);

class HandScanner {
  public:
    virtual ~HandScanner() = default;
    // The next scan, waiting up to `timeout`; nullopt when none came. An Error when the
    // scanner is gone (ErrorCode::Io: reconnect) or cannot be used.
    virtual Result<std::optional<HandScan>> next(Millis timeout) = 0;
    virtual std::string describe() const = 0;
};

// Longest scan accepted (a GS1 DataMatrix holds up to ~2300 characters); longer input is
// dropped as garbage rather than growing without bound.
inline constexpr size_t kMaxScanLength = 4096;

}  // namespace kiosk::devices
