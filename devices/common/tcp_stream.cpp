#include "devices/common/tcp_stream.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace kiosk::devices {
namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int remaining(int64_t deadline) {
    const int64_t left = deadline - nowMs();
    return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

Error ioError(const std::string& who, const std::string& what, int err) {
    return makeError(ErrorCode::Io,
                     who + ": " + what + (err ? std::string(": ") + std::strerror(err) : ""));
}

void setNonBlocking(int fd) {
    const int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

std::string describeTcp(const std::string& host, int port) {
    const bool v6 = host.find(':') != std::string::npos;
    return "tcp://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

Result<std::unique_ptr<TcpStream>> TcpStream::connect(const std::string& host, int port,
                                                      Millis timeout) {
    const std::string who = describeTcp(host, port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
        return makeError(ErrorCode::Io, who + ": cannot resolve host: " + gai_strerror(rc));
    const int64_t deadline = nowMs() + timeout;
    Error last = ioError(who, "no address", 0);
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd =
            socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) {
            last = ioError(who, "socket", errno);
            continue;
        }
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            pollfd pfd{fd, POLLOUT, 0};
            rc = poll(&pfd, 1, remaining(deadline));
            if (rc == 0) {
                ::close(fd);
                last = ioError(who, "no answer within " + std::to_string(timeout) + " ms", 0);
                continue;
            }
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 ? 0 : -1;
            errno = err;
        }
        if (rc < 0) {
            const int err = errno;
            ::close(fd);
            last = ioError(who, "cannot connect", err);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        freeaddrinfo(found);
        return std::unique_ptr<TcpStream>(new TcpStream(fd, who));
    }
    freeaddrinfo(found);
    return last;
}

std::unique_ptr<TcpStream> TcpStream::adopt(int fd, std::string description) {
    setNonBlocking(fd);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return std::unique_ptr<TcpStream>(new TcpStream(fd, std::move(description)));
}

TcpStream::~TcpStream() {
    close();
}

void TcpStream::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

Result<void> TcpStream::writeAll(std::span<const uint8_t> data, Millis timeout) {
    if (fd_ < 0)
        return ioError(description_, "not connected", 0);
    const int64_t deadline = nowMs() + timeout;
    size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n =
            ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return ioError(description_,
                           "connection lost after " + std::to_string(sent) + " of " +
                               std::to_string(data.size()) + " bytes",
                           errno);
        pollfd pfd{fd_, POLLOUT, 0};
        const int left = remaining(deadline);
        if (left == 0 || poll(&pfd, 1, left) == 0)
            return makeError(ErrorCode::Io, description_ + ": the device stopped accepting data (" +
                                                std::to_string(sent) + " of " +
                                                std::to_string(data.size()) + " bytes sent)");
    }
    return {};
}

Result<size_t> TcpStream::readSome(std::span<uint8_t> out, Millis timeout) {
    if (fd_ < 0)
        return ioError(description_, "not connected", 0);
    if (out.empty())
        return size_t{0};
    const int64_t deadline = nowMs() + timeout;
    for (;;) {
        const ssize_t n = ::recv(fd_, out.data(), out.size(), MSG_DONTWAIT);
        if (n > 0)
            return static_cast<size_t>(n);
        if (n == 0)
            return ioError(description_, "connection closed by the device", 0);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return ioError(description_, "connection lost", errno);
        pollfd pfd{fd_, POLLIN, 0};
        const int left = remaining(deadline);
        if (left == 0)
            return size_t{0};
        const int rc = poll(&pfd, 1, left);
        if (rc == 0)
            return size_t{0};
        if (rc < 0 && errno != EINTR)
            return ioError(description_, "poll", errno);
    }
}

Result<std::unique_ptr<TcpListener>> TcpListener::listen(const std::string& host, int port) {
    const std::string who = describeTcp(host, port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc =
            getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
        rc != 0)
        return makeError(ErrorCode::Io, who + ": cannot resolve host: " + gai_strerror(rc));
    Error last = ioError(who, "no address", 0);
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd =
            socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) < 0 || ::listen(fd, 8) < 0) {
            last = ioError(who, "cannot listen", errno);
            ::close(fd);
            continue;
        }
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        const int bound = addr.ss_family == AF_INET6
                              ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                              : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
        freeaddrinfo(found);
        return std::unique_ptr<TcpListener>(new TcpListener(fd, bound));
    }
    freeaddrinfo(found);
    return last;
}

TcpListener::~TcpListener() {
    close();
}

void TcpListener::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

Result<std::unique_ptr<TcpStream>> TcpListener::accept(Millis timeout) {
    if (fd_ < 0)
        return ioError("listener", "closed", 0);
    pollfd pfd{fd_, POLLIN, 0};
    const int rc = poll(&pfd, 1, static_cast<int>(std::max<Millis>(timeout, 0)));
    if (rc <= 0)
        return std::unique_ptr<TcpStream>();
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED)
            return std::unique_ptr<TcpStream>();
        return ioError("listener on port " + std::to_string(port_), "accept", errno);
    }
    char host[64] = "?";
    int peerPort = 0;
    if (addr.ss_family == AF_INET) {
        auto* in = reinterpret_cast<sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        peerPort = ntohs(in->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        peerPort = ntohs(in6->sin6_port);
    }
    return TcpStream::adopt(fd, describeTcp(host, peerPort));
}

}  // namespace kiosk::devices
