// A byte transport to a device: TCP socket, serial line or pty, USB printer node, file.
// Drivers speak their protocol over this; simulators sit on the other end of the same kind
// of transport. Implementations report every failure as an Error naming the device address;
// none throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

class ByteStream {
  public:
    virtual ~ByteStream() = default;

    // Writes all of `data` or fails (a partial write is an error naming how much was sent).
    virtual Result<void> writeAll(std::span<const uint8_t> data, Millis timeout) = 0;
    // Reads at least one byte, at most out.size(), waiting up to `timeout`. Returns 0 bytes on
    // timeout; an error when the link is gone (EOF, unplugged, reset).
    virtual Result<size_t> readSome(std::span<uint8_t> out, Millis timeout) = 0;
    // Whether the other end can answer (a socket or serial line can; a file cannot).
    virtual bool canAnswer() const = 0;
    virtual std::string describe() const = 0;  // "tcp://10.0.0.5:9100"
};

}  // namespace kiosk::devices
