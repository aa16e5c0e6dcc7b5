#include "devices/scanner/scanner_factory.hpp"

#include "devices/common/serial_port.hpp"
#include "devices/scanner/evdev_scanner.hpp"
#include "devices/scanner/serial_scanner.hpp"

namespace kiosk::devices {

Result<HandScannerConfig> handScannerConfigFromSection(
    const config::Section& s, const std::optional<std::string>& overrideUrl) {
    HandScannerConfig c;
    if (auto keys = s.checkKeys({"url", "layout"}); !keys)
        return keys.error();
    c.enabled = s.present() || overrideUrl.has_value();
    auto url = s.string("url", "sim");
    if (!url)
        return url.error();
    const std::string text = overrideUrl.value_or(*url);
    auto problem = [&](const std::string& message) {
        return makeError(ErrorCode::InvalidArgument, overrideUrl
                                                         ? "--hand-scanner " + text + ": " + message
                                                         : s.problem("url", message));
    };
    auto parsed = parseDeviceUrl(text);
    if (!parsed)
        return problem(parsed.error().message);
    if (!parsed->isSim() && parsed->scheme != "serial" && parsed->scheme != "evdev")
        return problem("a hand scanner is \"sim\", evdev:///dev/input/... or serial:///dev/...");
    if (parsed->scheme == "serial") {
        if (auto o = serialOptionsFromUrl(*parsed, {}); !o)
            return problem(o.error().message);
    }
    if (parsed->scheme == "evdev" && !parsed->query.empty())
        return problem("an evdev address takes no settings (the layout is its own key)");
    c.url = *parsed;
    auto layout = s.choice("layout", "us", {"us", "de", "fr"});
    if (!layout)
        return layout.error();
    c.layout = *parseKeyLayout(*layout);
    return c;
}

Result<HandScannerDevice> makeHandScannerDevice(const HandScannerConfig& config) {
    HandScannerDevice device;
    device.address = config.url.text;
    DeviceUrl url = config.url;
    if (url.isSim()) {
        auto sim = ScannerSimulator::start();
        if (!sim)
            return sim.error();
        device.simulator = std::move(*sim);
        auto simUrl = parseDeviceUrl(device.simulator->url());
        if (!simUrl)
            return simUrl.error();
        url = *simUrl;
    }
    if (url.scheme == "evdev") {
        const KeyLayout layout = config.layout;
        const std::string path = url.path;
        device.connect = [path, layout]() -> Result<std::unique_ptr<HandScanner>> {
            auto s = EvdevScanner::open(path, layout);
            if (!s)
                return s.error();
            return std::unique_ptr<HandScanner>(std::move(*s));
        };
    } else {
        device.connect = [url]() -> Result<std::unique_ptr<HandScanner>> {
            // USB-COM scanners ignore the line settings; RS-232 ones default to 9600 8N1.
            auto port = SerialPort::open(url, SerialOptions{});
            if (!port)
                return port.error();
            return std::unique_ptr<HandScanner>(std::make_unique<SerialScanner>(std::move(*port)));
        };
    }
    return device;
}

}  // namespace kiosk::devices
