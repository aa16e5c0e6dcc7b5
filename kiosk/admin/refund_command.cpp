// kasir-admin refund: the attendant-only Reversal of a paid sale's card payments, through the
// payment coordinator (journaled as intents, same exactly-once rules) and the audit log.
#include <chrono>
#include <ostream>

#include "devices/payment/make_terminal.hpp"
#include "kiosk/admin/commands.hpp"
#include "kiosk/admin/staff_commands.hpp"
#include "kiosk/payment/payment_service.hpp"

namespace kiosk::admin {

int runRefund(Context& context, const std::string& sale, const std::string& staffId,
              const std::string& reason, const std::string& terminalUrl) {
    if (staffId.empty() || reason.empty())
        return context.fail("a refund needs --staff and --reason (it is audited)");
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto storeId = (*store)->setting("store.id");
    auto kioskId = (*store)->setting("kiosk.id");
    if (!storeId || !kioskId || !*storeId || !*kioskId)
        return context.fail((*store)->path() + ": no store or kiosk id; run `kasir-admin init`");
    // A receipt number of this kiosk, or a sale uuid.
    std::string saleUuid = sale;
    if (!sale.empty() && sale.find_first_not_of("0123456789") == std::string::npos) {
        auto found = (*store)->saleByReceipt(**storeId, **kioskId, std::stoll(sale));
        if (!found)
            return context.fail(found.error());
        if (!*found)
            return context.fail("no sale with receipt number " + sale);
        saleUuid = (*found)->saleUuid;
    }
    auto config = context.config();
    const config::Section* section = nullptr;
    if (config) {
        if (auto it = (*config)->devices.find("terminal"); it != (*config)->devices.end())
            section = &it->second;
    } else if (terminalUrl.empty()) {
        return context.fail(config.error());
    }
    auto terminal = devices::makeTerminal(section, terminalUrl, **kioskId);
    if (!terminal)
        return context.fail(terminal.error());
    auto own = context.openStore(storage::OpenMode::MustExist);
    if (!own)
        return context.fail(own.error());
    payment::PaymentService service(**terminal, std::move(*own),
                                    payment::PaymentIds{**storeId, **kioskId, "K"});
    auto result = service.refund(saleUuid, staffId, reason);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::string details =
        "sale " + saleUuid + ": " +
        (result ? (result->reversed ? "reversed " : "not reversed ") +
                      std::to_string(result->amount) + " (" + result->detail + ")"
                : "failed: " + result.error().message) +
        "; reason: " + reason;
    storage::AuditEntry entry;
    entry.at = now;
    entry.kioskId = **kioskId;
    entry.staffId = staffId;
    entry.action = "payment.refund";
    entry.details = details + "; entered by " + adminActor();
    entry.saleUuid = saleUuid;
    if (auto audited = (*store)->appendAudit(entry); !audited)
        return context.fail(audited.error());
    if (!result)
        return context.fail(result.error());
    context.out() << "refund of sale " << saleUuid << ": "
                  << (result->reversed ? "reversed" : "NOT reversed") << ", amount "
                  << result->amount << " (minor units); " << result->detail << "\n";
    return result->reversed ? kExitOk : kExitFailed;
}

}  // namespace kiosk::admin
