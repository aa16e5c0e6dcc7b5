#include "kiosk/app/device_wiring.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>

#include <spdlog/spdlog.h>

#include "devices/payment/make_terminal.hpp"
#include "devices/printer/printer.hpp"
#include "devices/scale/scale_factory.hpp"
#include "devices/scanner/scanner_factory.hpp"
#include "kiosk/app/child_process.hpp"
#include "kiosk/app/stand_ins.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/payment/payment_service.hpp"
#include "kiosk/storage/store.hpp"
#include "vision/scan/scan_service.hpp"
#include "vision/source/frame_source.hpp"
#include "vision/worker/decoder_process.hpp"

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

DevicePorts::DevicePorts() = default;
DevicePorts::DevicePorts(DevicePorts&&) noexcept = default;
DevicePorts& DevicePorts::operator=(DevicePorts&& other) noexcept {
    // Drivers go before the simulators they talk to.
    handScanner.reset();
    camera.reset();
    scale.reset();
    printer.reset();
    payment.reset();
    simulators.clear();
    simulators = std::move(other.simulators);
    payment = std::move(other.payment);
    printer = std::move(other.printer);
    scale = std::move(other.scale);
    camera = std::move(other.camera);
    handScanner = std::move(other.handScanner);
    synthetic = other.synthetic;
    paidSales = std::move(other.paidSales);
    unresolvedPayments = std::move(other.unresolvedPayments);
    return *this;
}
DevicePorts::~DevicePorts() {
    handScanner.reset();
    camera.reset();
    scale.reset();
    printer.reset();
    payment.reset();
    simulators.clear();
}

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

// "standin" or "standin:?fault=decline-first": the in-process payment stand-in (tests only).
std::string standInFault(const std::string& url) {
    const auto at = url.find("fault=");
    return at == std::string::npos ? "" : url.substr(at + 6);
}

// The real payment path: PaymentService (exactly-once intents in the store) driving the nexo
// terminal driver.
class ServicePayment final : public PaymentPort {
  public:
    ServicePayment(std::unique_ptr<devices::PaymentTerminal> terminal,
                   std::unique_ptr<payment::PaymentService> service)
        : terminal_(std::move(terminal)), service_(std::move(service)) {}
    ~ServicePayment() override { service_.reset(); }
    void start(const StartPayment& c) override { service_->start(c); }
    void abort(const std::string& saleUuid) override { service_->abort(saleUuid); }
    std::vector<Event> poll() override { return service_->poll(); }
    std::string status() const override {
        const auto p = service_->progress();
        return std::string(payment::toString(p.stage)) + (p.text.empty() ? "" : ": " + p.text);
    }
    std::string stageId() const override {
        const auto p = service_->progress();
        if (p.stage == payment::PaymentStage::Idle || p.stage == payment::PaymentStage::Done)
            return "";
        return payment::stageText(p.stage).id;
    }
    std::string describe() const override { return "nexo terminal at " + terminal_->address(); }
    devices::DeviceHealth deviceHealth() const override { return terminal_->health(); }

  private:
    std::unique_ptr<devices::PaymentTerminal> terminal_;
    std::unique_ptr<payment::PaymentService> service_;
};

class EscPosPrinter final : public PrinterPort {
  public:
    EscPosPrinter(std::unique_ptr<devices::printer::ReceiptPrinter> p, std::string storeName,
                  Currency currency)
        : p_(std::move(p)), storeName_(std::move(storeName)), currency_(std::move(currency)) {}
    PrintReport print(const SaleRecord& sale, const ReceiptContext& context) override {
        // The digital receipt first (printSale): its QR code goes on the paper, and it is what
        // the shopper is offered when the paper does not come out.
        const auto done =
            devices::printer::printSale(*p_, sale, context.storeName, context.utcOffsetMinutes);
        PrintReport report;
        if (done.digital)
            report.digital = DigitalReceiptFile{done.digital->url, done.digital->htmlPath};
        const auto& outcome = done.outcome;
        if (!outcome.printed())
            report.printed =
                makeError(ErrorCode::Io, std::string(devices::printer::toString(outcome.result)) +
                                             ": " + outcome.message);
        else if (outcome.result == devices::printer::PrintResult::PrintedPaperLow)
            spdlog::warn("receipt printer: paper near end");
        return report;
    }
    Result<DigitalReceiptFile> saveDigital(const SaleRecord& sale,
                                           const ReceiptContext& context) override {
        devices::printer::Receipt r{sale, context.storeName, context.utcOffsetMinutes, {}, {}};
        auto d = p_->saveDigital(r);
        if (!d)
            return d.error();
        return DigitalReceiptFile{d->url, d->htmlPath};
    }
    std::string describe() const override { return "ESC/POS printer at " + p_->options().url; }
    devices::DeviceHealth deviceHealth() const override { return p_->health(); }
    Result<void> kickDrawer() override {
        auto kicked = p_->kickDrawer();
        // The status read brings the drawer sensor (and paper) into health().
        (void)p_->status();
        return kicked;
    }
    void refresh() override { (void)p_->status(); }
    Result<void> printSuspendSlip(const std::string& code, int64_t total, int64_t lines) override {
        // English like the receipt's labels for "en", money as the receipt formats it; the QR
        // code is what the kiosk's scanner takes back on the Attract screen.
        devices::printer::Slip slip;
        slip.title = storeName_;
        slip.lines = {"Saved shopping", "Code"};
        slip.big = code;
        slip.after = {"Total " + formatMinor(total, currency_, "en"),
                      std::to_string(lines) + (lines == 1 ? " item" : " items"),
                      "Scan this slip at any kiosk to continue"};
        slip.qr = formatSuspendSlip(code);
        const auto outcome = p_->printSlip(slip);
        if (!outcome.printed())
            return makeError(ErrorCode::Io, "the suspend slip did not print: " + outcome.message);
        if (outcome.result == devices::printer::PrintResult::PrintedPaperLow)
            spdlog::warn("receipt printer: paper near end");
        return {};
    }

  private:
    std::unique_ptr<devices::printer::ReceiptPrinter> p_;
    std::string storeName_;
    Currency currency_;
};

// The scale through its monitor thread: a weight request is answered by the next reading
// that may price an item (stable, in range).
class MonitoredScale final : public ScalePort {
  public:
    MonitoredScale(devices::ScaleDevice device, Wake wake)
        : device_(std::move(device)), wake_(std::move(wake)) {
        devices::ScaleMonitor::Callbacks callbacks;
        callbacks.onReading = [this](const devices::ScaleUpdate& u) { offer(u); };
        monitor_ = std::make_unique<devices::ScaleMonitor>(device_.address, device_.connect,
                                                           device_.monitorOptions, callbacks);
        monitor_->start();
    }
    ~MonitoredScale() override { monitor_.reset(); }
    void requestWeight(int64_t) override {
        {
            std::lock_guard lock(mutex_);
            armed_ = true;
        }
        if (auto latest = monitor_->latest())
            offer(*latest);
    }
    void cancel() override {
        std::lock_guard lock(mutex_);
        armed_ = false;
    }
    std::vector<Event> poll() override {
        std::lock_guard lock(mutex_);
        std::vector<Event> out;
        out.swap(ready_);
        return out;
    }
    std::string describe() const override { return "scale at " + device_.address; }
    devices::DeviceHealth deviceHealth() const override { return monitor_->health(); }
    std::string advice() const override {
        const auto latest = monitor_->latest();
        if (!latest)
            return monitor_->health().state == devices::DeviceState::Disconnected ? "call-attendant"
                                                                                  : "";
        switch (latest->advice) {
            case devices::ScaleAdvice::None:
                return "";
            case devices::ScaleAdvice::PlaceItem:
                return "place-item";
            case devices::ScaleAdvice::KeepStill:
                return "keep-still";
            case devices::ScaleAdvice::ClearScale:
                return "clear-scale";
            case devices::ScaleAdvice::TooHeavy:
                return "too-heavy";
            case devices::ScaleAdvice::CallAttendant:
                return "call-attendant";
        }
        return "";
    }

  private:
    void offer(const devices::ScaleUpdate& u) {
        {
            std::lock_guard lock(mutex_);
            if (!armed_ || !u.prices)
                return;
            armed_ = false;
            ready_.push_back(WeightStable{u.reading.grams});
        }
        if (wake_)
            wake_();
    }

    devices::ScaleDevice device_;
    Wake wake_;
    std::mutex mutex_;
    bool armed_ = false;
    std::vector<Event> ready_;
    std::unique_ptr<devices::ScaleMonitor> monitor_;
};

// The camera through vision's ScanService: frames decoded in the kasir-vision-worker process,
// one scan per item held up, a preview for the Shopping screen.
class VisionCamera final : public CameraPort {
  public:
    VisionCamera(std::unique_ptr<vision::FrameSource> source, bool still,
                 vision::ScanServiceOptions options, Wake wake, std::string spec)
        : still_(still), wake_(std::move(wake)), spec_(std::move(spec)) {
        service_ = std::make_unique<vision::ScanService>(
            std::move(source), std::make_unique<vision::DecoderProcess>(), options,
            [this](vision::ScanEvent e) {
                {
                    std::lock_guard lock(mutex_);
                    ready_.push_back(BarcodeScanned{e.text, e.symbologyId, {}});
                }
                if (wake_)
                    wake_();
            });
        service_->start();
    }
    ~VisionCamera() override { service_.reset(); }
    std::vector<Event> poll() override {
        std::lock_guard lock(mutex_);
        std::vector<Event> out;
        out.swap(ready_);
        return out;
    }
    bool latestFrame(PreviewFrame& out) override {
        if (service_->previewSequence() == sequence_)
            return false;
        auto p = service_->latestPreview();
        if (!p || p->width <= 0)
            return false;
        sequence_ = p->sequence;
        out.width = p->width;
        out.height = p->height;
        out.rgb = std::move(p->rgb);
        out.index = static_cast<int64_t>(p->sequence);
        out.outlines.clear();
        for (const auto& o : p->outlines)
            out.outlines.push_back(
                {o[0].x, o[0].y, o[1].x, o[1].y, o[2].x, o[2].y, o[3].x, o[3].y});
        return true;
    }
    Result<void> show(const std::string& image) override {
        auto shown =
            service_->show(image.empty() ? std::nullopt : std::optional<std::string>(image));
        if (shown)
            showing_ = !image.empty();
        return shown;
    }
    // A still source with nothing shown is an empty scene: no need to redraw for it.
    bool live() const override { return !service_->sourceEnded() && (!still_ || showing_); }
    bool ended() const override { return service_->sourceEnded(); }
    std::string describe() const override { return "camera " + spec_ + " (vision scan service)"; }
    devices::DeviceHealth deviceHealth() const override { return service_->cameraHealth(); }

  private:
    bool still_;
    Wake wake_;
    std::string spec_;
    std::atomic<bool> showing_{false};
    std::mutex mutex_;
    std::vector<Event> ready_;
    uint64_t sequence_ = 0;
    std::unique_ptr<vision::ScanService> service_;
};

// The hand scanner through its monitor thread; scans become BarcodeScanned with the AIM
// symbology identifier, exactly what a camera scan posts.
class MonitoredHandScanner final : public HandScannerPort {
  public:
    MonitoredHandScanner(devices::HandScannerDevice device, Wake wake)
        : device_(std::move(device)), wake_(std::move(wake)) {
        devices::ScannerMonitor::Callbacks callbacks;
        callbacks.onScan = [this](const devices::HandScan& s) {
            {
                std::lock_guard lock(mutex_);
                ready_.push_back(BarcodeScanned{s.text, s.aimId, {}});
            }
            if (wake_)
                wake_();
        };
        callbacks.onHealth = [this](const devices::DeviceHealth& h) {
            if (h.state == devices::DeviceState::Disconnected ||
                h.state == devices::DeviceState::Fault)
                spdlog::warn("hand scanner {}: {} {}", device_.address, devices::toString(h.state),
                             h.lastError);
            if (wake_)
                wake_();
        };
        monitor_ = std::make_unique<devices::ScannerMonitor>(
            device_.address, device_.connect, devices::ScannerMonitorOptions{}, callbacks);
        monitor_->start();
    }
    ~MonitoredHandScanner() override { monitor_.reset(); }
    std::vector<Event> poll() override {
        std::lock_guard lock(mutex_);
        std::vector<Event> out;
        out.swap(ready_);
        return out;
    }
    std::string state() const override { return devices::toString(monitor_->health().state); }
    std::string health() const override {
        const auto h = monitor_->health();
        std::string text = devices::toString(h.state);
        if (h.state != devices::DeviceState::Ready && !h.lastError.empty())
            text += ": " + h.lastError;
        return text;
    }
    Result<void> simulateScan(const std::string& raw) override {
        if (!device_.simulator)
            return makeError(ErrorCode::Unsupported,
                             "the hand scanner at " + device_.address +
                                 " is a real one; only the simulator (url = \"sim\") scans on "
                                 "command");
        return device_.simulator->scan(raw);
    }
    std::string describe() const override { return "hand scanner at " + device_.address; }

  private:
    devices::HandScannerDevice device_;
    Wake wake_;
    std::mutex mutex_;
    std::vector<Event> ready_;
    std::unique_ptr<devices::ScannerMonitor> monitor_;
};

std::string besideConfig(const std::string& configDir, const std::string& path) {
    if (configDir.empty() || path.empty() || std::filesystem::path(path).is_absolute())
        return path;
    return (std::filesystem::path(configDir) / path).lexically_normal().string();
}

// A camera source from the configuration: "folder:feed?fps=30" and "video:clip.mkv" name files
// beside the configuration, like its other paths.
std::string sourceBesideConfig(const std::string& configDir, const std::string& spec) {
    for (const char* scheme : {"folder:", "video:"}) {
        const std::string prefix = scheme;
        if (spec.rfind(prefix, 0) != 0)
            continue;
        const auto query = spec.find('?', prefix.size());
        const std::string path = spec.substr(prefix.size(), query - prefix.size());
        return prefix + besideConfig(configDir, path) +
               (query == std::string::npos ? "" : spec.substr(query));
    }
    return spec;
}

std::string stateDir(const config::Config& c) {
    const auto dir = std::filesystem::path(c.databasePath).parent_path();
    return dir.empty() ? "." : dir.string();
}

Result<std::unique_ptr<ChildProcess>> startSimulator(const std::string& name,
                                                     const std::string& buildSubdir,
                                                     const std::vector<std::string>& args) {
    const std::string program = findProgram(name, buildSubdir);
    if (program.empty())
        return makeError(ErrorCode::NotFound,
                         name +
                             " not found next to kasir, in the build tree or on PATH (build it: "
                             "ninja " +
                             name + ")");
    auto child = ChildProcess::start(program, args, 5000);
    if (!child)
        return child.error();
    spdlog::info("started {} (pid {}): {}", name, child->pid(), child->firstLine());
    return std::make_unique<ChildProcess>(std::move(*child));
}

}  // namespace

Result<DevicePorts> makeDevicePorts(const DeviceRequest& r) {
    DevicePorts d;
    const config::Config& c = *r.config;
    const std::string state = stateDir(c);

    // --- payment: the nexo terminal through PaymentService; the demo starts kasir-terminal-sim.
    std::string terminal = urlOf(c, "terminal", r.terminalUrl);
    if (terminal.rfind("standin", 0) == 0) {
        spdlog::warn("payment: the in-process STAND-IN, not a terminal (tests only)");
        d.payment = makeStandInPayment(standInFault(terminal), 600, r.wake);
    } else {
        std::string overrideUrl = r.terminalUrl;
        if (r.demo && (terminal.empty() || terminal == "sim")) {
            auto sim =
                startSimulator("kasir-terminal-sim", "devices/payment",
                               {"--port", "0", "--ledger", state + "/terminal-ledger.jsonl"});
            if (!sim)
                return sim.error();
            const std::string line = (*sim)->firstLine();
            const auto at = line.find("http://");
            if (at == std::string::npos)
                return makeError(ErrorCode::Io, "kasir-terminal-sim said \"" + line + "\"");
            overrideUrl = line.substr(at);
            d.simulators.push_back(std::move(*sim));
        }
        auto settings = devices::terminalSettings(section(c, "terminal"), overrideUrl);
        if (!settings)
            return settings.error();
        auto term = devices::makeTerminal(*settings, c.kioskId);
        if (!term)
            return term.error();
        storage::StoreOptions so;
        so.mode = storage::OpenMode::MustExist;
        auto store = storage::Store::open(c.databasePath, so);
        if (!store)
            return store.error();
        payment::PaymentOptions options;
        options.paymentTimeout = settings->paymentTimeoutMs;
        options.statusTimeout = settings->statusTimeoutMs;
        options.notify = r.wake;
        auto service = std::make_unique<payment::PaymentService>(
            **term, std::move(*store), payment::PaymentIds{c.store.id, c.kioskId, "K"}, options);
        // Before any shopper: what happened to payments in flight when kasir last stopped.
        auto resolution = service->resolvePending();
        if (!resolution) {
            d.unresolvedPayments = resolution.error().message;
        } else {
            for (const auto& i : resolution->intents) {
                if (i.kind == payment::ResolutionKind::Approved)
                    d.paidSales.push_back(i.saleUuid);
                if (i.kind == payment::ResolutionKind::Unresolved)
                    d.unresolvedPayments += (d.unresolvedPayments.empty() ? "" : "; ") +
                                            ("payment " + i.serviceId + ": " + i.detail);
            }
        }
        d.payment = std::make_unique<ServicePayment>(std::move(*term), std::move(service));
    }

    // --- printer: ESC/POS; the demo starts kasir-printer-sim.
    {
        std::string overrideUrl = r.printerUrl;
        const std::string printerUrl = urlOf(c, "printer", r.printerUrl);
        if (r.demo && (printerUrl.empty() || printerUrl == "sim")) {
            auto sim = startSimulator("kasir-printer-sim", "devices/printer",
                                      {"--port", "0", "--out", state + "/printer"});
            if (!sim)
                return sim.error();
            const std::string line = (*sim)->firstLine();  // "listening on HOST:PORT"
            const auto colon = line.rfind(':');
            if (colon == std::string::npos)
                return makeError(ErrorCode::Io, "kasir-printer-sim said \"" + line + "\"");
            overrideUrl = "tcp://127.0.0.1:" + line.substr(colon + 1);
            d.simulators.push_back(std::move(*sim));
        }
        auto options = devices::printer::printerOptions(section(c, "printer"), overrideUrl);
        if (!options)
            return options.error();
        if (options->url == "sim" && section(c, "printer") == nullptr && overrideUrl.empty())
            options->simOut = state + "/printer";
        // Like [database] path: a relative receipts folder belongs to the configuration.
        options->receiptsDir = besideConfig(r.configDir, options->receiptsDir);
        auto printer = devices::printer::makePrinter(*options);
        if (!printer)
            return printer.error();
        d.printer =
            std::make_unique<EscPosPrinter>(std::move(*printer), c.store.name, c.store.currency);
    }

    // --- scale: the serial scale through its monitor; the demo starts kasir-scale-sim.
    {
        std::optional<std::string> overrideUrl;
        if (!r.scaleUrl.empty())
            overrideUrl = r.scaleUrl;
        const std::string scaleUrl = urlOf(c, "scale", r.scaleUrl);
        if (r.demo && (scaleUrl.empty() || scaleUrl == "sim")) {
            auto sim = startSimulator("kasir-scale-sim", "devices/scale",
                                      {"--step", "motion 2", "--step", "weight 750"});
            if (!sim)
                return sim.error();
            overrideUrl = (*sim)->firstLine();
            d.simulators.push_back(std::move(*sim));
        }
        const config::Section none;
        const config::Section* sec = section(c, "scale");
        auto cfg = devices::scaleConfigFromSection(sec ? *sec : none, overrideUrl);
        if (!cfg)
            return cfg.error();
        if (cfg->enabled) {
            auto device = devices::makeScaleDevice(*cfg);
            if (!device)
                return device.error();
            d.scale = std::make_unique<MonitoredScale>(std::move(*device), r.wake);
        } else {
            spdlog::warn("no scale configured ([devices.scale]): weighed items use the STAND-IN");
            d.scale = makeStandInScale(750, 400, r.wake);
        }
    }

    // --- camera: vision's ScanService. Without a camera configured, a still source lets
    // scripts (`show IMAGE`) and the demo hold a picture up to it.
    if (r.bench) {
        auto cam = std::make_unique<SyntheticCamera>();
        d.synthetic = cam.get();
        d.camera = std::move(cam);
    } else {
        std::string spec = r.cameraSource;
        if (spec.empty())
            if (const auto* s = section(c, "camera"))
                if (auto url = s->string("url", ""); url)
                    spec = sourceBesideConfig(r.configDir, *url);
        if (spec.empty() || spec == "sim")
            spec = "still:?fps=10";
        auto source = vision::openFrameSource(spec);
        if (!source && r.demo && r.cameraSource.empty()) {
            // The demo's camera feed is generated by packaging/demo.sh; without it the demo
            // still runs, with an empty scene.
            spdlog::warn(
                "demo camera {}: {}; using an empty scene (packaging/demo.sh makes the "
                "feed with kasir-barcode-gen)",
                spec, source.error().message);
            spec = "still:?fps=10";
            source = vision::openFrameSource(spec);
        }
        if (!source)
            return source.error();
        vision::ScanServiceOptions options;
        options.gs1.currencyDecimals = c.store.currency.exponent;
        d.camera = std::make_unique<VisionCamera>(std::move(*source), spec.rfind("still", 0) == 0,
                                                  options, r.wake, spec);
    }

    // --- hand scanner: optional; "sim" is a serial scanner simulator on a pty in-process.
    {
        std::optional<std::string> overrideUrl;
        if (!r.handScannerUrl.empty())
            overrideUrl = r.handScannerUrl;
        const config::Section none;
        const config::Section* sec = section(c, "hand_scanner");
        auto cfg = devices::handScannerConfigFromSection(sec ? *sec : none, overrideUrl);
        if (!cfg)
            return cfg.error();
        if (cfg->enabled) {
            auto device = devices::makeHandScannerDevice(*cfg);
            if (!device)
                return device.error();
            d.handScanner = std::make_unique<MonitoredHandScanner>(std::move(*device), r.wake);
        }
    }
    return d;
}

}  // namespace kiosk::app
