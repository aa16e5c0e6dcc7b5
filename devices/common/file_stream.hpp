// A file as a ByteStream: a print job written to disk (tests, the demo, "print to file"
// setups) or any write-only sink. Nothing answers, so canAnswer() is false and reads fail.
#pragma once

#include <memory>
#include <string>

#include "devices/common/byte_stream.hpp"

namespace kiosk::devices {

class FileStream final : public ByteStream {
  public:
    // Opens `path` for appending, creating it (mode 0644) when absent.
    static Result<std::unique_ptr<FileStream>> open(const std::string& path);
    ~FileStream() override;
    FileStream(const FileStream&) = delete;
    FileStream& operator=(const FileStream&) = delete;

    Result<void> writeAll(std::span<const uint8_t> data, Millis timeout) override;
    Result<size_t> readSome(std::span<uint8_t> out, Millis timeout) override;
    bool canAnswer() const override { return false; }
    std::string describe() const override { return "file://" + path_; }

  private:
    FileStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
};

}  // namespace kiosk::devices
