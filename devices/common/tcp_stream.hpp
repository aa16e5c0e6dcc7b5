// TCP as a ByteStream (a network printer's raw port 9100, a simulator's socket), and the
// listening side that simulators use. Non-blocking sockets with poll-based timeouts; no
// SIGPIPE (MSG_NOSIGNAL); every failure an Error naming the address.
#pragma once

#include <memory>
#include <string>

#include "devices/common/byte_stream.hpp"

namespace kiosk::devices {

class TcpStream final : public ByteStream {
  public:
    // Resolves `host` and connects within `timeout`. A refused or unreachable address is an
    // Io error ("tcp://host:port: connection refused").
    static Result<std::unique_ptr<TcpStream>> connect(const std::string& host, int port,
                                                      Millis timeout);
    // Takes ownership of a connected socket (the accepting side).
    static std::unique_ptr<TcpStream> adopt(int fd, std::string description);
    ~TcpStream() override;
    TcpStream(const TcpStream&) = delete;
    TcpStream& operator=(const TcpStream&) = delete;

    Result<void> writeAll(std::span<const uint8_t> data, Millis timeout) override;
    Result<size_t> readSome(std::span<uint8_t> out, Millis timeout) override;
    bool canAnswer() const override { return true; }
    std::string describe() const override { return description_; }
    // Closes the connection now (a simulator dropping the link mid-job).
    void close();
    int fd() const { return fd_; }

  private:
    TcpStream(int fd, std::string description) : fd_(fd), description_(std::move(description)) {}
    int fd_ = -1;
    std::string description_;
};

class TcpListener {
  public:
    // Listens on host:port (port 0 = a free port, see port()).
    static Result<std::unique_ptr<TcpListener>> listen(const std::string& host, int port);
    ~TcpListener();
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;

    int port() const { return port_; }
    // The next connection, or nullptr after `timeout` without one.
    Result<std::unique_ptr<TcpStream>> accept(Millis timeout);
    void close();

  private:
    TcpListener(int fd, int port) : fd_(fd), port_(port) {}
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace kiosk::devices
