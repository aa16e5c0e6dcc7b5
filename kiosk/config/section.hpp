// Free-form configuration sections whose keys belong to the code that uses them: each
// [devices.NAME] table (the device driver validates its own options) and [ui] (the screens).
// The loader keeps every scalar as text with its line, so the owner can report a bad value as
// "FILE:LINE: devices.printer.columns: message" exactly like the loader does.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::config {

struct SettingValue {
    std::string text;  // strings unquoted; integers in decimal; booleans "true"/"false"
    enum class Type { String, Integer, Boolean, Float } type = Type::String;
    uint32_t line = 0;
};

class Section {
  public:
    Section() = default;
    Section(std::string sourcePath, std::string path, uint32_t line)
        : sourcePath_(std::move(sourcePath)), path_(std::move(path)), line_(line) {}

    const std::string& path() const { return path_; }  // "devices.printer", "ui"
    uint32_t line() const { return line_; }
    bool present() const { return line_ > 0 || !values_.empty(); }
    const std::map<std::string, SettingValue>& values() const { return values_; }
    void set(std::string key, SettingValue value) { values_[std::move(key)] = std::move(value); }
    bool has(std::string_view key) const { return values_.count(std::string(key)) > 0; }

    // "FILE:LINE: path.key: message", the loader's format.
    std::string problem(std::string_view key, std::string_view message) const;

    // Typed readers: the default when the key is absent, an error naming file, line and key
    // when the value has the wrong type or is out of range.
    Result<std::string> string(std::string_view key, std::string fallback) const;
    Result<int64_t> integer(std::string_view key, int64_t fallback, int64_t min, int64_t max) const;
    Result<bool> boolean(std::string_view key, bool fallback) const;
    // One of `allowed` (case-sensitive).
    Result<std::string> choice(std::string_view key, std::string fallback,
                               std::initializer_list<std::string_view> allowed) const;
    // Every key must be one of `known`; otherwise all unknown ones are reported, one a line.
    Result<void> checkKeys(std::initializer_list<std::string_view> known) const;

  private:
    std::string sourcePath_;
    std::string path_;
    uint32_t line_ = 0;
    std::map<std::string, SettingValue> values_;
};

}  // namespace kiosk::config
