// Builds the payment terminal from [devices.terminal]: "sim" (an in-process simulator behind
// a real local socket), "http://host:port/path" or "https://..." (certificate verified).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "devices/payment/payment_terminal.hpp"
#include "kiosk/config/section.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices {

// Keys of [devices.terminal], all optional except url:
//   url = "sim" | "http://host:port/path" | "https://host:port/path"
//   poi_id = "V400m-123456789"          the terminal's POIID (default "kasir-sim")
//   sale_id = "KIOSK-1"                 nexo SaleID (default: the kiosk id, given by the app)
//   payment_timeout_seconds = 120       status_timeout_seconds = 10
//   ca_file = "/etc/kasir/terminal-ca.pem"  https: trust these roots instead of the system's
//   verify_certificate = true           https only; false is for a lab terminal
//   sim_ledger = "terminal-ledger.jsonl"  sim: the simulated bank's ledger file
//   sim_tap_delay_ms = 1500             sim: time the shopper takes to tap
//   sim_by_amount = false               sim: outcomes by the amount's last digits
//   sim_rules = "rules.txt"             sim: a rule file (see devices/payment/sim/README.md)
struct TerminalSettings {
    std::string url = "sim";
    std::string poiId = "kasir-sim";
    std::string saleId;  // empty: use the kiosk id
    int64_t paymentTimeoutMs = 120'000;
    int64_t statusTimeoutMs = 10'000;
    std::string caFile;
    bool verifyCertificate = true;
    std::string simLedger;
    int64_t simTapDelayMs = 1500;
    bool simByAmount = false;
    std::string simRules;
};

// Reads and validates the section (unknown keys and bad values are errors naming FILE:LINE);
// nullptr means "not configured" (the simulator). `overrideUrl` (kasir --terminal URL) wins
// over the file's url when not empty.
Result<TerminalSettings> terminalSettings(const config::Section* section,
                                          std::string_view overrideUrl = {});

// `kioskId` is the nexo SaleID when the section gives none.
Result<std::unique_ptr<PaymentTerminal>> makeTerminal(const TerminalSettings& settings,
                                                      std::string_view kioskId);
Result<std::unique_ptr<PaymentTerminal>> makeTerminal(const config::Section* section,
                                                      std::string_view overrideUrl,
                                                      std::string_view kioskId);

}  // namespace kiosk::devices
