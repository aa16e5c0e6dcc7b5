#include "devices/common/device_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace kiosk::devices {
namespace {

Error bad(std::string_view text, std::string_view why) {
    return makeError(ErrorCode::InvalidArgument,
                     "device address \"" + std::string(text) + "\": " + std::string(why));
}

bool isHostScheme(std::string_view s) {
    return s == "tcp" || s == "http" || s == "https" || s == "udp";
}

}  // namespace

Result<int64_t> DeviceUrl::queryInt(std::string_view key, int64_t fallback, int64_t min,
                                    int64_t max) const {
    auto it = query.find(std::string(key));
    if (it == query.end())
        return fallback;
    int64_t v = 0;
    const std::string& t = it->second;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || v < min || v > max)
        return bad(this->text, std::string(key) + " must be a number from " + std::to_string(min) +
                                   " to " + std::to_string(max));
    return v;
}

Result<DeviceUrl> parseDeviceUrl(std::string_view text) {
    DeviceUrl url;
    url.text = std::string(text);
    if (text.empty())
        return bad(text, "empty");
    if (text.size() > 4096)
        return bad(text.substr(0, 64), "too long");
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return bad(text, "contains a control character");

    const size_t colon = text.find(':');
    if (text == "sim")
        return DeviceUrl{"sim", "", 0, "", {}, url.text};
    if (colon == std::string_view::npos || colon == 0)
        return bad(text, "expected scheme://... (or \"sim\")");
    std::string scheme(text.substr(0, colon));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!std::all_of(scheme.begin(), scheme.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-'; }))
        return bad(text, "the scheme may hold only letters, digits, '+' and '-'");
    url.scheme = scheme;
    std::string_view rest = text.substr(colon + 1);

    // Query string.
    if (size_t q = rest.find('?'); q != std::string_view::npos) {
        std::string_view query = rest.substr(q + 1);
        rest = rest.substr(0, q);
        while (!query.empty()) {
            size_t amp = query.find('&');
            std::string_view pair = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (pair.empty())
                continue;
            size_t eq = pair.find('=');
            if (eq == std::string_view::npos || eq == 0)
                return bad(text, "query parameter \"" + std::string(pair) + "\" needs key=value");
            url.query[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
        }
    }

    if (scheme == "sim") {
        if (rest.substr(0, 2) == "//")
            url.path = std::string(rest.substr(2));
        return url;
    }
    if (rest.substr(0, 2) != "//")
        return bad(text, "expected " + scheme + "://...");
    rest = rest.substr(2);

    if (isHostScheme(scheme)) {
        size_t slash = rest.find('/');
        std::string_view authority = rest.substr(0, slash);
        if (slash != std::string_view::npos)
            url.path = std::string(rest.substr(slash));
        if (authority.empty())
            return bad(text, "a host is needed");
        std::string_view host = authority;
        std::string_view port;
        if (authority.front() == '[') {  // [::1]:9100
            size_t close = authority.find(']');
            if (close == std::string_view::npos)
                return bad(text, "unclosed '[' in the host");
            host = authority.substr(1, close - 1);
            std::string_view after = authority.substr(close + 1);
            if (!after.empty()) {
                if (after.front() != ':')
                    return bad(text, "expected ':port' after the host");
                port = after.substr(1);
            }
        } else if (size_t c = authority.rfind(':'); c != std::string_view::npos) {
            host = authority.substr(0, c);
            port = authority.substr(c + 1);
        }
        if (host.empty())
            return bad(text, "a host is needed");
        url.host = std::string(host);
        if (!port.empty()) {
            int p = 0;
            auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
            if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
                return bad(text, "the port must be a number from 1 to 65535");
            url.port = p;
        } else if (scheme == "http") {
            url.port = 80;
        } else if (scheme == "https") {
            url.port = 443;
        } else {
            return bad(text, "a port is needed (" + scheme + "://host:port)");
        }
        if (url.path.empty() && (scheme == "http" || scheme == "https"))
            url.path = "/";
        return url;
    }

    // File-like schemes: serial:///dev/ttyS0, file:///tmp/x, folder://relative/dir.
    if (rest.empty())
        return bad(text, "a path is needed");
    url.path = std::string(rest);
    return url;
}

}  // namespace kiosk::devices
