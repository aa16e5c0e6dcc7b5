#include "kiosk/config/section.hpp"

#include <charconv>

namespace kiosk::config {

std::string Section::problem(std::string_view key, std::string_view message) const {
    uint32_t line = line_;
    if (auto it = values_.find(std::string(key)); it != values_.end())
        line = it->second.line;
    std::string text = sourcePath_;
    if (line > 0)
        text += ":" + std::to_string(line);
    text += ": " + path_;
    if (!key.empty())
        text += "." + std::string(key);
    text += ": " + std::string(message);
    return text;
}

Result<std::string> Section::string(std::string_view key, std::string fallback) const {
    auto it = values_.find(std::string(key));
    if (it == values_.end())
        return fallback;
    if (it->second.type != SettingValue::Type::String)
        return makeError(ErrorCode::InvalidArgument, problem(key, "must be a string"));
    return it->second.text;
}

Result<int64_t> Section::integer(std::string_view key, int64_t fallback, int64_t min,
                                 int64_t max) const {
    auto it = values_.find(std::string(key));
    if (it == values_.end())
        return fallback;
    if (it->second.type != SettingValue::Type::Integer)
        return makeError(ErrorCode::InvalidArgument, problem(key, "must be an integer"));
    int64_t value = 0;
    const std::string& t = it->second.text;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || ptr != t.data() + t.size() || value < min || value > max)
        return makeError(ErrorCode::InvalidArgument,
                         problem(key, "must be between " + std::to_string(min) + " and " +
                                          std::to_string(max) + " (is " + t + ")"));
    return value;
}

Result<bool> Section::boolean(std::string_view key, bool fallback) const {
    auto it = values_.find(std::string(key));
    if (it == values_.end())
        return fallback;
    if (it->second.type != SettingValue::Type::Boolean)
        return makeError(ErrorCode::InvalidArgument, problem(key, "must be true or false"));
    return it->second.text == "true";
}

Result<std::string> Section::choice(std::string_view key, std::string fallback,
                                    std::initializer_list<std::string_view> allowed) const {
    auto value = string(key, std::move(fallback));
    if (!value)
        return value;
    for (std::string_view a : allowed)
        if (*value == a)
            return value;
    std::string list;
    for (std::string_view a : allowed)
        list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
    return makeError(ErrorCode::InvalidArgument,
                     problem(key, "must be one of " + list + " (is \"" + *value + "\")"));
}

Result<void> Section::checkKeys(std::initializer_list<std::string_view> known) const {
    std::string report;
    for (const auto& [key, value] : values_) {
        bool ok = false;
        for (std::string_view k : known)
            ok = ok || key == k;
        if (!ok) {
            if (!report.empty())
                report += '\n';
            report += problem(key, "unknown key");
        }
    }
    if (report.empty())
        return {};
    return makeError(ErrorCode::InvalidArgument, report);
}

}  // namespace kiosk::config
