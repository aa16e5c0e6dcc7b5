#include "devices/payment/make_terminal.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "devices/common/device_url.hpp"
#include "devices/payment/nexo_terminal.hpp"
#include "devices/payment/nexo_transport.hpp"
#include "devices/payment/sim/terminal_sim.hpp"

namespace kiosk::devices {
namespace {

// "url = sim": the simulator runs in this process behind a real local socket, and the kiosk
// talks to it with the real driver, so the demo exercises the same code as a real terminal.
class SimBackedTerminal final : public PaymentTerminal {
  public:
    SimBackedTerminal(std::unique_ptr<sim::TerminalSimulator> simulator,
                      std::unique_ptr<NexoTerminal> driver)
        : simulator_(std::move(simulator)), driver_(std::move(driver)) {}
    ~SimBackedTerminal() override {
        driver_.reset();
        simulator_.reset();
    }

    TerminalOutcome pay(const PaymentRequestData& r, Millis timeout) override {
        return driver_->pay(r, timeout);
    }
    Result<void> abort(const std::string& a, const std::string& p) override {
        return driver_->abort(a, p);
    }
    TerminalOutcome transactionStatus(const std::string& s, const std::string& p, const Currency& c,
                                      Millis timeout) override {
        return driver_->transactionStatus(s, p, c, timeout);
    }
    TerminalOutcome reversal(const ReversalRequestData& r, Millis timeout) override {
        return driver_->reversal(r, timeout);
    }
    std::string address() const override { return "sim (" + driver_->address() + ")"; }
    DeviceHealth health() const override {
        DeviceHealth h = driver_->health();
        h.address = "sim";
        return h;
    }

  private:
    std::unique_ptr<sim::TerminalSimulator> simulator_;
    std::unique_ptr<NexoTerminal> driver_;
};

}  // namespace

Result<TerminalSettings> terminalSettings(const config::Section* section,
                                          std::string_view overrideUrl) {
    TerminalSettings s;
    if (section != nullptr) {
        if (auto keys = section->checkKeys({"url", "poi_id", "sale_id", "payment_timeout_seconds",
                                            "status_timeout_seconds", "ca_file",
                                            "verify_certificate", "sim_ledger", "sim_tap_delay_ms",
                                            "sim_by_amount", "sim_rules"});
            !keys)
            return keys.error();
        auto url = section->string("url", "sim");
        auto poi = section->string("poi_id", s.poiId);
        auto sale = section->string("sale_id", "");
        auto payTimeout = section->integer("payment_timeout_seconds", 120, 5, 600);
        auto statusTimeout = section->integer("status_timeout_seconds", 10, 1, 120);
        auto ca = section->string("ca_file", "");
        auto verify = section->boolean("verify_certificate", true);
        auto ledger = section->string("sim_ledger", "");
        auto tap = section->integer("sim_tap_delay_ms", 1500, 0, 600'000);
        auto byAmount = section->boolean("sim_by_amount", false);
        auto rules = section->string("sim_rules", "");
        for (const Error* e :
             {url ? nullptr : &url.error(), poi ? nullptr : &poi.error(),
              sale ? nullptr : &sale.error(), payTimeout ? nullptr : &payTimeout.error(),
              statusTimeout ? nullptr : &statusTimeout.error(), ca ? nullptr : &ca.error(),
              verify ? nullptr : &verify.error(), ledger ? nullptr : &ledger.error(),
              tap ? nullptr : &tap.error(), byAmount ? nullptr : &byAmount.error(),
              rules ? nullptr : &rules.error()}) {
            if (e != nullptr)
                return *e;
        }
        s.url = *url;
        s.poiId = *poi;
        s.saleId = *sale;
        s.paymentTimeoutMs = *payTimeout * 1000;
        s.statusTimeoutMs = *statusTimeout * 1000;
        s.caFile = *ca;
        s.verifyCertificate = *verify;
        s.simLedger = *ledger;
        s.simTapDelayMs = *tap;
        s.simByAmount = *byAmount;
        s.simRules = *rules;
        auto parsed = parseDeviceUrl(s.url);
        if (!parsed)
            return makeError(ErrorCode::InvalidArgument,
                             section->problem("url", parsed.error().message));
        if (!parsed->isSim() && parsed->scheme != "http" && parsed->scheme != "https") {
            return makeError(ErrorCode::InvalidArgument,
                             section->problem("url",
                                              "the terminal speaks nexo over http:// or "
                                              "https://, or use \"sim\""));
        }
    }
    if (!overrideUrl.empty())
        s.url = std::string(overrideUrl);
    return s;
}

Result<std::unique_ptr<PaymentTerminal>> makeTerminal(const TerminalSettings& settings,
                                                      std::string_view kioskId) {
    auto url = parseDeviceUrl(settings.url);
    if (!url)
        return url.error();
    TerminalIds ids;
    ids.saleId = settings.saleId.empty() ? std::string(kioskId) : settings.saleId;
    ids.poiId = settings.poiId;
    if (ids.saleId.empty())
        ids.saleId = "kasir";
    if (url->isSim()) {
        sim::SimOptions options;
        options.ledgerPath = settings.simLedger;
        options.rulesPath = settings.simRules;
        options.byAmount = settings.simByAmount;
        options.tapDelayMs = settings.simTapDelayMs;
        options.poiId = settings.poiId;
        auto simulator = sim::TerminalSimulator::start(options);
        if (!simulator)
            return makeError(simulator.error().code,
                             "payment terminal simulator: " + simulator.error().message);
        auto simUrl = parseDeviceUrl((*simulator)->url());
        if (!simUrl)
            return simUrl.error();
        auto transport = makeHttpTransport(*simUrl, {});
        if (!transport)
            return transport.error();
        spdlog::info("payment terminal: simulator on {}", (*simulator)->url());
        auto driver = std::make_unique<NexoTerminal>(std::move(*transport), ids);
        return std::unique_ptr<PaymentTerminal>(
            std::make_unique<SimBackedTerminal>(std::move(*simulator), std::move(driver)));
    }
    HttpTransportOptions options;
    options.caFile = settings.caFile;
    options.verifyCertificate = settings.verifyCertificate;
    if (url->scheme == "http" && url->host != "127.0.0.1" && url->host != "localhost")
        spdlog::warn(
            "payment terminal {}: plain http off this machine; use https for a real "
            "terminal",
            url->text);
    auto transport = makeHttpTransport(*url, options);
    if (!transport)
        return transport.error();
    return std::unique_ptr<PaymentTerminal>(
        std::make_unique<NexoTerminal>(std::move(*transport), ids));
}

Result<std::unique_ptr<PaymentTerminal>> makeTerminal(const config::Section* section,
                                                      std::string_view overrideUrl,
                                                      std::string_view kioskId) {
    auto settings = terminalSettings(section, overrideUrl);
    if (!settings)
        return settings.error();
    return makeTerminal(*settings, kioskId);
}

}  // namespace kiosk::devices
