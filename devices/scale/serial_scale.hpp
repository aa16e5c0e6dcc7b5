// The scale driver over a serial line (or any ByteStream): 8217 or SCI, one command at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "devices/common/byte_stream.hpp"
#include "devices/common/serial_port.hpp"
#include "devices/scale/scale.hpp"
#include "devices/scale/scale_protocol.hpp"

namespace kiosk::devices {

struct SerialScaleOptions {
    ScaleProtocol protocol = ScaleProtocol::Toledo8217;
    Millis replyTimeout = 500;  // a scale answers within ~50 ms; beyond this it is silent
    Millis commandGap = 200;    // 8217: at least 200 ms between commands
};

// Line settings the scales ship with: 9600 7E1 (8217 as documented; SCI scanner-scales vary,
// so the address should say, e.g. `?parity=odd`).
SerialOptions defaultSerialOptions(ScaleProtocol protocol);

class SerialScale final : public Scale {
  public:
    SerialScale(std::unique_ptr<ByteStream> link, SerialScaleOptions options);

    Result<WeightReading> read() override;
    Result<void> zero() override;
    Result<void> tare() override;
    Result<void> clearTare() override;
    std::string describe() const override;

  private:
    Result<void> send(std::string_view command);
    Result<std::string> awaitFrame();
    Result<void> statusCommand(std::string_view command, const char* what);

    std::unique_ptr<ByteStream> link_;
    SerialScaleOptions options_;
    ReplyFramer framer_;
    std::chrono::steady_clock::time_point lastCommand_{};
    bool timedOut_ = false;  // the last command went unanswered: its reply may still come
};

}  // namespace kiosk::devices
