#include "devices/scale/scale_factory.hpp"

namespace kiosk::devices {

Result<ScaleConfig> scaleConfigFromSection(const config::Section& s,
                                           const std::optional<std::string>& overrideUrl) {
    ScaleConfig c;
    if (auto keys = s.checkKeys({"url", "protocol", "capacity_grams", "min_grams", "poll_ms",
                                 "timeout_ms", "sim_script"});
        !keys)
        return keys.error();
    c.enabled = s.present() || overrideUrl.has_value();
    auto url = s.string("url", "sim");
    if (!url)
        return url.error();
    const std::string text = overrideUrl.value_or(*url);
    auto parsed = parseDeviceUrl(text);
    if (!parsed)
        return makeError(ErrorCode::InvalidArgument,
                         overrideUrl ? "--scale: " + parsed.error().message
                                     : s.problem("url", parsed.error().message));
    if (!parsed->isSim() && parsed->scheme != "serial")
        return makeError(ErrorCode::InvalidArgument,
                         overrideUrl ? "--scale " + text + ": a scale is \"sim\" or serial://..."
                                     : s.problem("url", "a scale is \"sim\" or serial://..."));
    if (parsed->scheme == "serial") {
        // Check the line settings now, so a typo stops the start instead of every reconnect.
        if (auto o = serialOptionsFromUrl(*parsed, {}); !o)
            return makeError(ErrorCode::InvalidArgument, overrideUrl
                                                             ? "--scale: " + o.error().message
                                                             : s.problem("url", o.error().message));
    }
    c.url = *parsed;
    auto protocol = s.choice("protocol", "8217", {"8217", "sci"});
    if (!protocol)
        return protocol.error();
    c.protocol = *protocol == "sci" ? ScaleProtocol::DatalogicSci : ScaleProtocol::Toledo8217;
    auto capacity = s.integer("capacity_grams", 15'000, 1, 999'999);
    if (!capacity)
        return capacity.error();
    auto minimum = s.integer("min_grams", 1, 1, 999'999);
    if (!minimum)
        return minimum.error();
    if (*minimum > *capacity)
        return makeError(ErrorCode::InvalidArgument,
                         s.problem("min_grams", "must not exceed capacity_grams"));
    c.limits = ScaleLimits{*minimum, *capacity};
    auto poll = s.integer("poll_ms", 200, 20, 10'000);
    if (!poll)
        return poll.error();
    c.pollInterval = *poll;
    auto timeout = s.integer("timeout_ms", 500, 50, 10'000);
    if (!timeout)
        return timeout.error();
    c.replyTimeout = *timeout;
    auto script = s.string("sim_script", "");
    if (!script)
        return script.error();
    if (!script->empty()) {
        auto steps = parseScaleScript(*script);
        if (!steps)
            return makeError(ErrorCode::InvalidArgument,
                             s.problem("sim_script", steps.error().message));
        c.simScript = *steps;
    }
    return c;
}

Result<ScaleDevice> makeScaleDevice(const ScaleConfig& config) {
    ScaleDevice device;
    device.address = config.url.text;
    device.monitorOptions.pollInterval = config.pollInterval;
    device.monitorOptions.limits = config.limits;
    DeviceUrl url = config.url;
    if (url.isSim()) {
        ScaleSimOptions sim;
        sim.protocol = config.protocol;
        sim.script = config.simScript;
        sim.capacityGrams = config.limits.capacityGrams;
        auto started = ScaleSimulator::start(sim);
        if (!started)
            return started.error();
        device.simulator = std::move(*started);
        auto simUrl = parseDeviceUrl(device.simulator->url());
        if (!simUrl)
            return simUrl.error();
        url = *simUrl;
    }
    SerialScaleOptions options;
    options.protocol = config.protocol;
    options.replyTimeout = config.replyTimeout;
    options.commandGap = config.protocol == ScaleProtocol::Toledo8217
                             ? std::min<Millis>(200, config.pollInterval)
                             : 0;
    device.connect = [url, options]() -> Result<std::unique_ptr<Scale>> {
        auto port = SerialPort::open(url, defaultSerialOptions(options.protocol));
        if (!port)
            return port.error();
        return std::unique_ptr<Scale>(std::make_unique<SerialScale>(std::move(*port), options));
    };
    return device;
}

}  // namespace kiosk::devices
