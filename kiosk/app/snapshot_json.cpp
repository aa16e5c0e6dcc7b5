#include "kiosk/app/snapshot_json.hpp"

#include <algorithm>
#include <filesystem>

#include "kiosk/payment/payment_service.hpp"

namespace kiosk::app {
namespace {

// Whether the file behind the QR code really exists: "none" (no receipt), "exists", "missing".
std::string digitalFile(const std::string& path) {
    if (path.empty())
        return "none";
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) ? "exists" : "missing";
}

}  // namespace

nlohmann::json snapshotJson(const SnapshotInput& in) {
    using nlohmann::json;
    const CheckoutState& s = *in.state;
    json j;
    j["state"] = std::string(phaseName(s.phase));
    j["screen"] = std::string(ui::screenName(in.screen));
    j["language"] = s.language;
    j["message"] = std::string(shopperMessageName(s.message));
    std::string locks;
    for (const auto& l : s.locks)
        locks += (locks.empty() ? "" : ",") + std::string(lockKindName(l.kind));
    j["lock"] = locks.empty() ? "none" : locks;
    j["pay_enabled"] = in.payAllowed;
    j["sale_uuid"] = s.saleUuid;

    json items = json::array();
    for (const CartLine& line : s.cart.lines()) {
        json item{{"line_id", line.lineId},           {"name", line.product.nameFor(s.language)},
                  {"code", line.scannedCode},         {"quantity", line.quantity},
                  {"weight_grams", line.weightGrams}, {"restricted", line.product.age.has_value()}};
        for (const auto& p : s.priced.lines)
            if (p.lineId == line.lineId) {
                item["gross_minor"] = p.gross;
                item["discount_minor"] = p.discount;
                item["net_minor"] = p.net;
            }
        items.push_back(std::move(item));
    }
    j["cart"] = {{"lines", s.cart.lines().size()}, {"total_minor", s.priced.total},
                 {"tax_minor", s.priced.taxTotal}, {"discount_minor", s.priced.discountTotal},
                 {"newest_line", s.newestLineId},  {"items", items}};
    j["payment"] = {{"status", std::string(paymentStatusName(s.payment.status))},
                    {"attempts", s.payment.attempts},
                    {"amount_minor", s.payment.amount},
                    {"commit_failed", s.payment.commitFailed},
                    {"device", in.payment},
                    {"stage", in.paymentStage.empty() ? "none" : in.paymentStage},
                    {"decline_text", s.payment.status == PaymentStatus::Declined
                                         ? payment::declineText(s.payment.declineReason).id
                                         : "none"}};
    j["hand_scanner"] = {{"state", in.handScanner.empty() ? "none" : in.handScanner},
                         {"health", in.handScannerHealth}};
    j["inactivity"] = {{"warning", s.inactivity.warning}, {"deadline", s.inactivity.deadline}};
    j["receipt_no"] = s.receiptNo;

    json last = {{"status", "none"}, {"receipt_no", 0}, {"total_minor", 0}, {"sale_uuid", ""}};
    if (s.lastSale) {
        last["status"] = s.lastSale->outcome == SaleOutcome::Completed ? "completed" : "cancelled";
        last["receipt_no"] = s.lastSale->receiptNo;
        last["total_minor"] = s.lastSale->total;
        last["sale_uuid"] = s.lastSale->saleUuid;
        if (s.lastSale->outcome == SaleOutcome::Suspended)
            last["status"] = "suspended";
    }
    last["suspend_code"] = s.lastSale ? s.lastSale->suspendCode : std::string();
    // A sale whose journal write failed is neither completed nor cancelled yet.
    if (s.payment.commitFailed) {
        last["status"] = "failed";
        last["sale_uuid"] = s.saleUuid;
        last["total_minor"] = s.payment.amount;
    }
    j["last_sale"] = last;

    if (in.executor != nullptr) {
        j["alerts"] = in.executor->alerts;
        j["sound"] = {{"last", in.executor->lastSound.empty() ? "none" : in.executor->lastSound},
                      {"count", in.executor->sounds}};
        j["digital_receipt_url"] = in.executor->digitalReceiptUrl;
        j["digital_receipt"] = {{"url", in.executor->digitalReceiptUrl},
                                {"pending", in.executor->digitalReceiptPending},
                                {"file", digitalFile(in.executor->digitalReceiptPath)},
                                {"print_failed", in.executor->printFailed}};
        j["save_problem"] = in.executor->saveProblem;
        j["suspend_slip"] = in.executor->slip;
    }
    // The locks as interventions, oldest first (what the attendant panel lists).
    json interventions = json::array();
    std::vector<const AttendantLock*> byAge;
    for (const auto& l : s.locks)
        byAge.push_back(&l);
    std::stable_sort(
        byAge.begin(), byAge.end(),
        [](const AttendantLock* a, const AttendantLock* b) { return a->since < b->since; });
    for (const AttendantLock* l : byAge)
        interventions.push_back(
            {{"kind", std::string(lockKindName(l->kind))},
             {"reason", l->reason},
             {"since", l->since},
             {"age_seconds", std::max<int64_t>(0, (in.now - l->since) / 1000)}});
    j["interventions"] = interventions;
    j["suspend_code"] = !s.suspending.empty() ? s.suspending
                        : s.lastSale && s.lastSale->outcome == SaleOutcome::Suspended
                            ? s.lastSale->suspendCode
                            : std::string("none");
    if (in.ui != nullptr) {
        const ui::UiState& u = *in.ui;
        const bool signedIn = !u.staffId.empty();
        j["staff"] = {{"signed_in", signedIn},
                      {"id", signedIn ? u.staffId : "none"},
                      {"name", signedIn ? u.staffName : "none"},
                      {"role", signedIn ? std::string(roleName(u.role)) : "none"},
                      {"on_shift", u.onShift},
                      {"notice", u.staffNotice.empty() ? "none" : u.staffNotice},
                      {"problem", u.signInProblem.empty() ? "none" : u.signInProblem},
                      {"tries_left", u.triesLeft},
                      {"locked_until", u.lockedUntil.empty() ? "none" : u.lockedUntil},
                      {"busy", u.signInBusy},
                      {"entry_length",
                       u.staff == ui::UiState::Staff::Pin ? u.pin.size() : u.staffEntry.size()}};
    }
    j["error"] = in.fatalError;
    j["i18n"] = {{"missing", in.missingTranslations}};
    json widgets = json::object();
    if (in.widgets != nullptr)
        for (const auto& w : *in.widgets)
            widgets[w.id] = w.enabled ? "enabled" : "disabled";
    j["widgets"] = widgets;
    return j;
}

std::optional<std::string> snapshotValue(const nlohmann::json& snapshot, std::string_view key) {
    const nlohmann::json* node = &snapshot;
    size_t b = 0;
    while (b <= key.size()) {
        size_t e = key.find('.', b);
        if (e == std::string_view::npos)
            e = key.size();
        const std::string part(key.substr(b, e - b));
        if (node->is_object()) {
            auto it = node->find(part);
            // Widget ids contain no dots, but a key like "widgets.pay" must not split further.
            if (it == node->end())
                return std::nullopt;
            node = &*it;
        } else if (node->is_array()) {
            size_t index = 0;
            try {
                index = std::stoul(part);
            } catch (...) {
                return std::nullopt;
            }
            if (index >= node->size())
                return std::nullopt;
            node = &(*node)[index];
        } else {
            return std::nullopt;
        }
        b = e + 1;
        if (e == key.size())
            break;
    }
    if (node->is_string())
        return node->get<std::string>();
    if (node->is_boolean())
        return node->get<bool>() ? "true" : "false";
    if (node->is_null())
        return "none";
    if (node->is_number_integer())
        return std::to_string(node->get<int64_t>());
    return node->dump();
}

}  // namespace kiosk::app
