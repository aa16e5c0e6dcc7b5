// Errors as values: a small Result<T> shaped like std::expected, used across module boundaries.
// An Error carries a machine-readable code and a message written for a person.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kiosk {

enum class ErrorCode {
    InvalidArgument,  // bad input from a person or a file
    NotFound,
    Overflow,  // money or quantity outside the representable range
    Conflict,  // refused because of current state (e.g. illegal transition)
    Io,        // file system or device failure
    DiskFull,
    Corrupt,  // damaged or foreign data file
    ReadOnly,
    Unsupported,
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

inline Error makeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace kiosk
