#include "kiosk/app/device_wiring.hpp"

#include <mutex>

#include <spdlog/spdlog.h>

#include "kiosk/app/stand_ins.hpp"

namespace kiosk::app {

// The benchmark's camera: frames come from the benchmark itself, as fast as it draws.
class SyntheticCamera final : public CameraPort {
  public:
    std::vector<Event> poll() override { return {}; }
    bool latestFrame(PreviewFrame& out) override {
        std::lock_guard lock(mutex_);
        if (frame_.index == 0 || frame_.index == out.index)
            return false;
        out = frame_;
        return true;
    }
    Result<void> show(const std::string&) override {
        return makeError(ErrorCode::Unsupported, "the benchmark camera shows only its pattern");
    }
    bool live() const override { return true; }
    std::string describe() const override { return "synthetic camera (benchmark)"; }
    void set(const PreviewFrame& f) {
        std::lock_guard lock(mutex_);
        frame_ = f;
    }

  private:
    std::mutex mutex_;
    PreviewFrame frame_;
};

void DevicePorts::setBenchFrame(const PreviewFrame& frame) {
    if (synthetic != nullptr)
        synthetic->set(frame);
}

namespace {

const config::Section* section(const config::Config& c, const char* name) {
    auto it = c.devices.find(name);
    return it == c.devices.end() ? nullptr : &it->second;
}

std::string urlOf(const config::Config& c, const char* name, const std::string& override) {
    if (!override.empty())
        return override;
    if (const auto* s = section(c, name))
        if (auto url = s->string("url", ""); url)
            return *url;
    return "";
}

// "standin" or "standin:?fault=decline-first": the in-process payment stand-in.
std::string standInFault(const std::string& url) {
    const auto at = url.find("fault=");
    return at == std::string::npos ? "" : url.substr(at + 6);
}

}  // namespace

Result<DevicePorts> makeDevicePorts(const DeviceRequest& r) {
    DevicePorts d;
    const config::Config& c = *r.config;

    // Payment. SEAM: kiosk::payment::PaymentService (nexo to kasir-terminal-sim) plugs in
    // here; until it is built into kasir, only the labelled stand-in exists.
    const std::string terminal = urlOf(c, "terminal", r.terminalUrl);
    if (terminal.rfind("standin", 0) == 0 || terminal.empty() || terminal == "sim") {
        if (terminal.rfind("standin", 0) != 0)
            spdlog::warn(
                "payment terminal \"{}\": the payment service is not built into this "
                "kasir yet; using the payment STAND-IN (not a terminal)",
                terminal.empty() ? "none" : terminal);
        d.payment = makeStandInPayment(standInFault(terminal), 600, r.wake);
    } else {
        return makeError(ErrorCode::Unsupported,
                         "payment terminal " + terminal + ": not supported by this kasir build");
    }

    // Printer. SEAM: devices/printer (ESC/POS to kasir-printer-sim) plugs in here.
    d.printer = makeLogPrinter("");

    // Scale. SEAM: devices/scale (ScaleMonitor, kasir-scale-sim) plugs in here.
    d.scale = makeStandInScale(750, 400, r.wake);

    // Camera. SEAM: vision's scan service plugs in here.
    if (r.bench) {
        auto cam = std::make_unique<SyntheticCamera>();
        d.synthetic = cam.get();
        d.camera = std::move(cam);
    } else {
        d.camera = makeNoCamera("camera scanning is not built into this kasir yet");
    }
    if (!r.handScannerUrl.empty() || section(c, "hand_scanner") != nullptr)
        spdlog::warn(
            "hand scanner: not built into this kasir yet; scans come from the camera "
            "and scripts");
    return d;
}

}  // namespace kiosk::app
