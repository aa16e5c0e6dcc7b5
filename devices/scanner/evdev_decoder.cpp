#include "devices/scanner/evdev_decoder.hpp"

#include <cstring>

namespace kiosk::devices {
namespace {

int keypadDigit(int code) {
    switch (code) {
        case KEY_KP0:
            return 0;
        case KEY_KP1:
            return 1;
        case KEY_KP2:
            return 2;
        case KEY_KP3:
            return 3;
        case KEY_KP4:
            return 4;
        case KEY_KP5:
            return 5;
        case KEY_KP6:
            return 6;
        case KEY_KP7:
            return 7;
        case KEY_KP8:
            return 8;
        case KEY_KP9:
            return 9;
        default:
            return -1;
    }
}

}  // namespace

void KeyboardDecoder::type(const std::string& text) {
    if (buffer_.size() + text.size() > kMaxScanLength) {
        overflow_ = true;
        return;
    }
    buffer_ += text;
}

std::optional<HandScan> KeyboardDecoder::feed(const input_event& e) {
    if (e.type != EV_KEY)
        return std::nullopt;  // EV_SYN, EV_MSC (scan codes), EV_LED: nothing to type
    const int code = e.code;
    const bool down = e.value != 0;
    switch (code) {
        case KEY_LEFTSHIFT:
            leftShift_ = down;
            return std::nullopt;
        case KEY_RIGHTSHIFT:
            rightShift_ = down;
            return std::nullopt;
        case KEY_LEFTCTRL:
            leftCtrl_ = down;
            return std::nullopt;
        case KEY_RIGHTCTRL:
            rightCtrl_ = down;
            return std::nullopt;
        case KEY_RIGHTALT:
            altGr_ = down;
            return std::nullopt;
        case KEY_LEFTALT:
            leftAlt_ = down;
            if (down) {
                altCode_ = -1;
            } else if (altCode_ >= 0) {
                // Alt + keypad digits: how many scanners type GS (Alt 029) and other control
                // characters that no key gives.
                if (altCode_ >= 1 && altCode_ <= 127)
                    type(std::string(1, static_cast<char>(altCode_)));
                altCode_ = -1;
            }
            return std::nullopt;
        case KEY_CAPSLOCK:
            if (e.value == 1)
                capsLock_ = !capsLock_;
            return std::nullopt;
        default:
            break;
    }
    // Only presses type. A repeat (value 2) is the kernel's autorepeat firing during a stalled
    // release, not another character from the scanner, which presses every character anew.
    if (e.value != 1)
        return std::nullopt;

    const int64_t nowMs = static_cast<int64_t>(e.input_event_sec) * 1000 +
                          static_cast<int64_t>(e.input_event_usec) / 1000;
    if (!buffer_.empty() || overflow_) {
        if (maxGap_ > 0 && nowMs - lastKeyMs_ > maxGap_) {
            // A scanner types a whole code in a burst; a long pause means the rest was lost.
            buffer_.clear();
            overflow_ = false;
            ++dropped_;
        }
    }
    lastKeyMs_ = nowMs;

    if (code == KEY_ENTER || code == KEY_KPENTER) {
        std::string raw;
        raw.swap(buffer_);
        if (overflow_) {
            overflow_ = false;
            ++dropped_;
            return std::nullopt;
        }
        if (raw.empty())
            return std::nullopt;
        return splitAim(raw);
    }
    if (leftAlt_) {
        const int d = keypadDigit(code);
        if (d >= 0) {
            altCode_ = (altCode_ < 0 ? 0 : altCode_) * 10 + d;
            if (altCode_ > 999)
                altCode_ = 999;
        }
        return std::nullopt;
    }
    const bool shift = leftShift_ || rightShift_;
    auto text = keyText(layout_, code, KeyModifiers{shift, altGr_, capsLock_});
    if (!text) {
        ++unknownKeys_;
        return std::nullopt;
    }
    if ((leftCtrl_ || rightCtrl_) && text->size() == 1) {
        // Ctrl + a character of '@'..'_' or a letter gives the control character, as on a
        // terminal: Ctrl+] is GS, the GS1 field separator.
        char c = (*text)[0];
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c >= '@' && c <= '_') {
            type(std::string(1, static_cast<char>(c & 0x1f)));
            return std::nullopt;
        }
    }
    type(*text);
    return std::nullopt;
}

}  // namespace kiosk::devices
