// A serial hand scanner on the far end of a pseudo-terminal: the test, the demo or
// kasir-scanner-sim makes it "scan" text. Also writes the key events a keyboard-wedge
// scanner would send, for evdev replay files.
#pragma once

#include <linux/input.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/common/pty.hpp"
#include "devices/scanner/keymap.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices {

class ScannerSimulator {
  public:
    enum class Terminator { Cr, Lf, CrLf };
    static Result<std::unique_ptr<ScannerSimulator>> start(Terminator terminator = Terminator::Cr,
                                                           std::string link = "");
    ~ScannerSimulator();

    std::string path() const;
    std::string url() const;  // "serial://PATH?baud=9600"
    // Sends `raw` (AIM prefix included if wanted) and the terminator.
    Result<void> scan(const std::string& raw);
    // Unplugs now; plug() brings a new pty (the link follows).
    void unplug();
    Result<void> plug();

  private:
    ScannerSimulator(Terminator t, std::string link) : terminator_(t), link_(std::move(link)) {}
    mutable std::mutex mutex_;
    Terminator terminator_;
    std::string link_;
    Pty pty_;
};

// The events a wedge scanner configured for `layout` sends to type `raw` then Enter: MSC_SCAN,
// key down/up and SYN_REPORT for each key, Shift/AltGr around the characters that need them,
// `keyGapUs` microseconds between keys starting at `startUs`. Characters the layout cannot
// type are an error naming them.
Result<std::vector<input_event>> keystrokesFor(const std::string& raw, KeyLayout layout,
                                               int64_t startUs, int64_t keyGapUs);

}  // namespace kiosk::devices
