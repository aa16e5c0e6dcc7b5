// Turns a keyboard-wedge scanner's key events (Linux evdev `struct input_event`) into scans:
// modifiers, the layout's characters, Alt+keypad codes, and Enter to end each scan.
#pragma once

#include <linux/input.h>

#include <optional>
#include <string>

#include "devices/scanner/hand_scanner.hpp"
#include "devices/scanner/keymap.hpp"

namespace kiosk::devices {

class KeyboardDecoder {
  public:
    explicit KeyboardDecoder(KeyLayout layout, Millis maxGap = 1000)
        : layout_(layout), maxGap_(maxGap) {}

    // Feeds one event; returns the scan when this event was the Enter that ends one.
    std::optional<HandScan> feed(const input_event& event);

    KeyLayout layout() const { return layout_; }
    // Keys pressed that mean nothing in the layout (counted, never typed).
    int64_t unknownKeys() const { return unknownKeys_; }
    // Scans dropped: too long, or a partial scan abandoned after a gap longer than maxGap.
    int64_t dropped() const { return dropped_; }

  private:
    void type(const std::string& text);

    KeyLayout layout_;
    Millis maxGap_;
    std::string buffer_;
    bool overflow_ = false;
    int64_t lastKeyMs_ = 0;
    bool leftShift_ = false, rightShift_ = false, leftCtrl_ = false, rightCtrl_ = false;
    bool leftAlt_ = false, altGr_ = false, capsLock_ = false;
    int altCode_ = -1;  // digits typed on the keypad while Alt is held; -1 = none
    int64_t unknownKeys_ = 0;
    int64_t dropped_ = 0;
};

}  // namespace kiosk::devices
