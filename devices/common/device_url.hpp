// Where a device is: "sim", "tcp://host:port", "serial:///dev/ttyS0?baud=9600&parity=even&bits=7",
// "file:///path", "usb:///dev/usb/lp0", "evdev:///dev/input/by-id/...", "http://host:port/path",
// "https://...", "v4l2:///dev/video0?width=1280", "folder:///path", "video:///path".
// Parsed once, by the config and by `kasir --printer URL` style overrides alike.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace kiosk::devices {

struct DeviceUrl {
    std::string scheme;  // lower case: "sim", "tcp", "serial", "file", "usb", "http", ...
    std::string host;    // tcp/http(s): host name or address; empty otherwise
    int port = 0;        // tcp/http(s): 1..65535; 0 when not given
    std::string path;    // file-like schemes: the absolute or relative path; http: "/path"
    std::map<std::string, std::string> query;  // "?baud=9600&parity=even"
    std::string text;                          // as written, for messages

    bool isSim() const { return scheme == "sim"; }
    // A query parameter as an integer within [min, max], or `fallback` when absent.
    Result<int64_t> queryInt(std::string_view key, int64_t fallback, int64_t min,
                             int64_t max) const;
};

// Accepts "sim" (optionally "sim://name" or "sim:?fault=..."), "scheme://host:port[/path][?q]"
// and "scheme:///absolute/path[?q]" or "scheme://relative/path" for file-like schemes.
// Errors name the URL and what is wrong with it.
Result<DeviceUrl> parseDeviceUrl(std::string_view text);

}  // namespace kiosk::devices
