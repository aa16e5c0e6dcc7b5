// A serial line (RS-232, USB-serial, USB-COM, or the slave side of a pseudo-terminal) as a
// ByteStream: raw mode, line settings from the device address, poll-based timeouts.
#pragma once

#include <termios.h>

#include <memory>
#include <string>

#include "devices/common/byte_stream.hpp"
#include "devices/common/device_url.hpp"

namespace kiosk::devices {

enum class Parity { None, Even, Odd };

struct SerialOptions {
    int baud = 9600;  // one of the standard rates 300..230400
    Parity parity = Parity::None;
    int dataBits = 8;       // 7 or 8
    int stopBits = 1;       // 1 or 2
    bool exclusive = true;  // TIOCEXCL: a second open of the line fails while we hold it
};

// Line settings from "serial:///dev/ttyS0?baud=9600&parity=even&bits=7&stop=1"; absent keys
// keep `defaults` (so a protocol can default to 7E1 and the address still override it).
// Unknown query keys are errors, so a misspelt "pairty" never silently does nothing.
Result<SerialOptions> serialOptionsFromUrl(const DeviceUrl& url, SerialOptions defaults);

// Raw mode with `options` onto `tio` (what open() applies). Separate so the settings can be
// checked: a Linux pty slave ignores character size and parity, a real UART does not.
void applySerialOptions(const SerialOptions& options, termios& tio);

// "9600 7E1" for messages and logs.
std::string describe(const SerialOptions& options);

class SerialPort final : public ByteStream {
  public:
    // Opens `path` (a tty, or a pty slave) non-blocking and applies `options` in raw mode.
    static Result<std::unique_ptr<SerialPort>> open(const std::string& path,
                                                    const SerialOptions& options);
    // A "serial://" address; query keys override `defaults`.
    static Result<std::unique_ptr<SerialPort>> open(const DeviceUrl& url,
                                                    const SerialOptions& defaults);
    ~SerialPort() override;
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;

    Result<void> writeAll(std::span<const uint8_t> data, Millis timeout) override;
    Result<size_t> readSome(std::span<uint8_t> out, Millis timeout) override;
    bool canAnswer() const override { return true; }
    std::string describe() const override;

    // Drops bytes received but not read (a stale reply from before a timeout).
    void discardInput();
    const SerialOptions& options() const { return options_; }
    const std::string& path() const { return path_; }
    int fd() const { return fd_; }

  private:
    SerialPort(int fd, std::string path, SerialOptions options)
        : fd_(fd), path_(std::move(path)), options_(options) {}
    Error lost(const char* what, int err) const;

    int fd_ = -1;
    std::string path_;
    SerialOptions options_;
};

}  // namespace kiosk::devices
