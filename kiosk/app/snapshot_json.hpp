// The snapshot as JSON: what `dump FILE` writes and what `expect KEY VALUE` reads
// (dotted keys: state, screen, cart.lines, cart.total_minor, lock, language,
// last_sale.receipt_no, last_sale.total_minor, last_sale.status, widgets.pay, ...;
// staff.signed_in/id/name/role/on_shift/notice/problem/tries_left/locked_until/busy (never a
// PIN), interventions.N.kind/reason/age_seconds (oldest first), suspend_code,
// last_sale.suspend_code, suspend_slip).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/app/executor.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::app {

struct SnapshotInput {
    const CheckoutState* state = nullptr;
    ui::Screen screen = ui::Screen::Attract;
    bool payAllowed = false;
    const ExecutorStatus* executor = nullptr;              // may be null
    const std::vector<ui::WidgetInfo>* widgets = nullptr;  // may be null
    std::string payment;                                   // the payment port's status line
    std::string paymentStage;       // the live stage's .po id ("payment.stage.waiting"), or ""
    std::string handScanner;        // its DeviceState name; empty: none configured
    std::string handScannerHealth;  // the same with the last error, for people
    std::string fatalError;
    int missingTranslations = 0;      // strings shown in English for want of a translation
    const ui::UiState* ui = nullptr;  // staff sign-in and panel state; may be null
    Timestamp now = 0;                // for the interventions' ages
};

nlohmann::json snapshotJson(const SnapshotInput& in);

// The value at a dotted key as the script compares it: strings as they are, numbers in
// decimal, booleans "true"/"false", null "none", arrays and objects as compact JSON.
// nullopt when the key does not exist.
std::optional<std::string> snapshotValue(const nlohmann::json& snapshot, std::string_view key);

}  // namespace kiosk::app
