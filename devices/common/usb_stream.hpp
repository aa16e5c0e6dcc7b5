// A USB printer class node (/dev/usb/lp0, the usblp driver) as a ByteStream: writes go to the
// printer's bulk-out endpoint; reads return what its bulk-in sends (DLE EOT answers) when the
// node was opened read-write. A node that vanishes (unplugged) gives an Io error.
#pragma once

#include <memory>
#include <string>

#include "devices/common/byte_stream.hpp"

namespace kiosk::devices {

class UsbStream final : public ByteStream {
  public:
    // Opens read-write, falling back to write-only (then canAnswer() is false).
    static Result<std::unique_ptr<UsbStream>> open(const std::string& path);
    ~UsbStream() override;
    UsbStream(const UsbStream&) = delete;
    UsbStream& operator=(const UsbStream&) = delete;

    Result<void> writeAll(std::span<const uint8_t> data, Millis timeout) override;
    Result<size_t> readSome(std::span<uint8_t> out, Millis timeout) override;
    // Only a character device opened read-write can answer status queries.
    bool canAnswer() const override { return readable_; }
    std::string describe() const override { return "usb://" + path_; }

  private:
    UsbStream(int fd, std::string path, bool readable)
        : fd_(fd), path_(std::move(path)), readable_(readable) {}
    int fd_ = -1;
    std::string path_;
    bool readable_ = false;
};

}  // namespace kiosk::devices
