// A keyboard-wedge scanner read from its evdev node (/dev/input/by-id/*-event-kbd) with an
// exclusive grab, so its keystrokes never reach the kiosk UI. A regular file of recorded
// `struct input_event`s is read the same way (replayed once, no grab): tests and demos.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "devices/scanner/evdev_decoder.hpp"
#include "devices/scanner/hand_scanner.hpp"

namespace kiosk::devices {

class EvdevScanner final : public HandScanner {
  public:
    static Result<std::unique_ptr<EvdevScanner>> open(const std::string& path, KeyLayout layout);
    ~EvdevScanner() override;
    EvdevScanner(const EvdevScanner&) = delete;
    EvdevScanner& operator=(const EvdevScanner&) = delete;

    Result<std::optional<HandScan>> next(Millis timeout) override;
    std::string describe() const override;
    bool grabbed() const { return grabbed_; }
    const KeyboardDecoder& decoder() const { return decoder_; }

  private:
    EvdevScanner(int fd, std::string path, KeyLayout layout, bool recording)
        : fd_(fd), path_(std::move(path)), decoder_(layout), recording_(recording) {}

    int fd_ = -1;
    std::string path_;
    KeyboardDecoder decoder_;
    bool recording_ = false;  // a regular file: EOF means "nothing more", not "unplugged"
    bool grabbed_ = false;
    std::deque<HandScan> ready_;
    std::string partial_;  // bytes of an input_event split across reads
};

}  // namespace kiosk::devices
