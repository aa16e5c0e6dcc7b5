// A serial or USB-COM hand scanner (/dev/ttyACM0): scans arrive as bytes ended by CR, LF or
// CR LF, exactly as encoded (no keyboard layout in the way).
#pragma once

#include <deque>
#include <memory>

#include "devices/common/byte_stream.hpp"
#include "devices/scanner/hand_scanner.hpp"

namespace kiosk::devices {

class SerialScanner final : public HandScanner {
  public:
    explicit SerialScanner(std::unique_ptr<ByteStream> link) : link_(std::move(link)) {}

    Result<std::optional<HandScan>> next(Millis timeout) override;
    std::string describe() const override { return "hand scanner on " + link_->describe(); }
    int64_t dropped() const { return dropped_; }

  private:
    void take(std::string_view bytes);

    std::unique_ptr<ByteStream> link_;
    std::string line_;
    bool overflow_ = false;
    std::deque<HandScan> ready_;
    int64_t dropped_ = 0;
};

}  // namespace kiosk::devices
