#include "kiosk/app/executor.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "kiosk/core/gtin.hpp"

namespace kiosk::app {
namespace {

// The grid's categories: produce, deli (weighed cheese, meat) and bakery.
std::string gridGroup(const Product& p) {
    const std::string& c = p.category;
    const auto has = [&](const char* word) { return c.find(word) != std::string::npos; };
    if (has("bread") || has("croissant") || has("cake") || has("bakery") || has("pastr"))
        return "bakery";
    if (has("fruit") || has("apple") || has("tomato") || has("grape") || has("citrus") ||
        has("salad") || has("zucchini") || has("vegetable") || has("banana") || has("orange") ||
        has("potato") || has("onion"))
        return "produce";
    if (p.unit == SaleUnit::Weight)
        return "deli";
    return "";
}

Timestamp wallClock() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Executor::Executor(std::unique_ptr<storage::Store> store, ExecutorSetup setup, EventQueue& queue,
                   PaymentPort& payment, PrinterPort& printer, ScalePort& scale)
    : store_(std::move(store)),
      setup_(std::move(setup)),
      queue_(queue),
      payment_(payment),
      printer_(printer),
      scale_(scale) {
    setup_.staff.kioskId = setup_.kioskId;
    staff_ = std::make_unique<staff::StaffService>(*store_, setup_.staff);
    // The attendant panel shows the printer's paper and drawer from the start, not only after
    // the first receipt.
    devices_.post([this] { printer_.refresh(); });
}

void Executor::openDrawer(const std::string& staffId, Timestamp at) {
    execute(AuditLog{at, "drawer.open", staffId, "", "", "", ""});
    devices_.post([this] {
        if (auto kicked = printer_.kickDrawer(); !kicked)
            spdlog::warn("cash drawer: {}", kicked.error().message);
        else
            spdlog::info("cash drawer kicked");
    });
}

void Executor::signInWithPin(std::string staffId, std::string pin, Timestamp now) {
    db_.post([this, staffId = std::move(staffId), pin = std::move(pin), now] {
        AppNotice n(AppNotice::Kind::StaffSignIn, {});
        n.signIn = staff_->signInWithPin(staffId, pin, now);
        if (n.signIn->ok()) {
            if (auto table = store_->permissions())
                n.permissions = *table;
            else
                n.permissions = defaultPermissions();
            auto shift = store_->openShift(staffId);
            n.onShift = shift && shift->has_value();
        }
        queue_.post(std::move(n));
    });
}

void Executor::signInWithBadge(std::string scanned, Timestamp now) {
    db_.post([this, scanned = std::move(scanned), now] {
        AppNotice n(AppNotice::Kind::StaffSignIn, {});
        n.signIn = staff_->signInWithBadge(scanned, now);
        if (n.signIn->ok()) {
            if (auto table = store_->permissions())
                n.permissions = *table;
            else
                n.permissions = defaultPermissions();
            auto shift = store_->openShift(n.signIn->session->staffId);
            n.onShift = shift && shift->has_value();
        }
        queue_.post(std::move(n));
    });
}

void Executor::signOut(staff::Session session, std::string why, Timestamp now) {
    db_.post([this, session = std::move(session), why = std::move(why), now] {
        if (auto done = staff_->signOut(session, why, now); !done)
            spdlog::error("sign-out of {}: {}", session.staffId, done.error().message);
    });
}

void Executor::authorize(staff::Session session, Event event, StaffAction action, Timestamp now) {
    authorizeWith(std::move(session), std::move(event), action, now);
}

void Executor::authorizeAction(staff::Session session, StaffAction action, Timestamp now) {
    authorizeWith(std::move(session), std::nullopt, action, now);
}

void Executor::authorizeWith(staff::Session session, std::optional<Event> event, StaffAction action,
                             Timestamp now) {
    db_.post([this, session = std::move(session), event = std::move(event), action, now] {
        AppNotice n(AppNotice::Kind::StaffAuthorized, {});
        auto allowed = staff_->authorize(session, action, now);
        // A store that cannot answer refuses: an override is never allowed by accident.
        n.allowed = allowed && *allowed;
        if (!allowed)
            n.text = allowed.error().message;
        n.event = event;
        n.path = std::string(actionName(action));
        if (auto table = store_->permissions())
            n.permissions = *table;
        else
            n.permissions = defaultPermissions();
        queue_.post(std::move(n));
    });
}

void Executor::clockInOut(std::string staffId, bool in, Timestamp now) {
    db_.post([this, staffId = std::move(staffId), in, now] {
        AppNotice n(AppNotice::Kind::ShiftChanged, {});
        auto done = in ? staff_->clockIn(staffId, now) : staff_->clockOut(staffId, now);
        if (!done)
            n.text = done.error().message;
        auto shift = store_->openShift(staffId);
        n.onShift = shift && shift->has_value();
        queue_.post(std::move(n));
    });
}

void Executor::closeStaleInterventions(Timestamp now) {
    db_.post([this, now] {
        auto open = store_->openInterventions(setup_.kioskId);
        if (!open) {
            spdlog::error("open interventions: {}", open.error().message);
            return;
        }
        for (const auto& r : *open) {
            spdlog::warn("closing the {} intervention left open since {} (kiosk restarted)", r.kind,
                         r.start);
            if (auto closed = store_->closeIntervention(setup_.kioskId, r.kind, "system",
                                                        "kiosk-restarted", now);
                !closed)
                spdlog::error("closing intervention {}: {}", r.id, closed.error().message);
        }
    });
    db_.drain();
}

Executor::~Executor() {
    devices_.stop();
    db_.stop();
}

void Executor::flush() {
    db_.drain();
}

void Executor::playSound(Sound sound) {
    static const char* names[] = {"Good", "Error", "Attention"};
    status_.lastSound = names[static_cast<int>(sound)];
    ++status_.sounds;
    if (soundSink)
        soundSink(sound);
}

void Executor::loadGrid() {
    db_.post([this] {
        auto all = store_->allProducts();
        if (!all) {
            spdlog::error("look-up grid: {}", all.error().message);
            return;
        }
        std::vector<ui::GridItem> items;
        for (const Product& p : *all) {
            if (!p.active)
                continue;
            std::string group = gridGroup(p);
            // Items without a barcode to scan: weighed produce and deli, and the bakery.
            if (p.unit != SaleUnit::Weight && group != "bakery")
                continue;
            if (group.empty())
                group = "deli";
            items.push_back(ui::GridItem{p, p.plu.empty() ? std::to_string(p.id) : p.plu, group});
        }
        std::sort(items.begin(), items.end(), [](const ui::GridItem& a, const ui::GridItem& b) {
            return a.product.nameFor("en") < b.product.nameFor("en");
        });
        {
            std::lock_guard lock(gridMutex_);
            grid_ = std::move(items);
        }
        queue_.post(AppNotice{AppNotice::Kind::CatalogueLoaded, {}});
    });
}

std::vector<ui::GridItem> Executor::takeGrid() {
    std::lock_guard lock(gridMutex_);
    return std::move(grid_);
}

Result<std::optional<storage::OpenCart>> Executor::loadOpenCart() {
    Result<std::optional<storage::OpenCart>> result = std::optional<storage::OpenCart>{};
    db_.post([&] { result = store_->loadOpenCart(setup_.kioskId); });
    db_.drain();
    return result;
}

void Executor::lookUp(const LookUpProduct& c) {
    db_.post([this, c] {
        // The one GS1 path for every scan (camera, hand scanner, script): a GTIN, a
        // variable-measure label's item key, a Digital Link or element string with AI 01;
        // anything else is tried as a PLU typed or printed on a label.
        Result<std::optional<Product>> found = std::optional<Product>{};
        auto scan = interpretScan(c.code, c.symbology, setup_.scanRules);
        if (scan && !scan->gtin14.empty())
            found = store_->productByBarcode(scan->gtin14);
        else if (isValidGtin(c.code))
            found = store_->productByBarcode(*normalizeGtin14(c.code));
        else
            found = store_->productByPlu(c.code);
        if (!found) {
            // The store could not answer: the item is not sold blindly; the attendant sees why.
            spdlog::error("lookup of {}: {}", c.code, found.error().message);
            queue_.post(LookupResult{c.code, std::nullopt});
            return;
        }
        queue_.post(LookupResult{c.code, *found});
    });
}

void Executor::digitalReceiptDone(std::string url, std::string path) {
    status_.digitalReceiptPending = false;
    status_.digitalReceiptUrl = std::move(url);
    status_.digitalReceiptPath = std::move(path);
}

void Executor::execute(const Command& command) {
    std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, LookUpProduct>) {
                lookUp(c);
            } else if constexpr (std::is_same_v<T, RequestWeight>) {
                scale_.requestWeight(c.productId);
            } else if constexpr (std::is_same_v<T, PersistCart>) {
                db_.post([this, c] {
                    auto saved = store_->saveOpenCart(
                        setup_.kioskId,
                        storage::OpenCart{c.saleUuid, c.startedAt, c.language, c.cart});
                    if (!saved) {
                        spdlog::error("saving the open cart: {}", saved.error().message);
                        queue_.post(AppNotice{AppNotice::Kind::SaveFailed, saved.error().message});
                    } else {
                        queue_.post(AppNotice{AppNotice::Kind::SaveRecovered, {}});
                    }
                });
            } else if constexpr (std::is_same_v<T, ClearPersistedCart>) {
                db_.post([this] {
                    if (auto cleared = store_->clearOpenCart(setup_.kioskId); !cleared)
                        spdlog::error("clearing the open cart: {}", cleared.error().message);
                });
            } else if constexpr (std::is_same_v<T, StartPayment>) {
                payment_.start(c);
            } else if constexpr (std::is_same_v<T, AbortPayment>) {
                payment_.abort(c.saleUuid);
            } else if constexpr (std::is_same_v<T, CompleteSale>) {
                db_.post([this, c] {
                    auto sale = store_->completeSale(c.sale);
                    if (!sale) {
                        spdlog::error("completing sale {}: {}", c.sale.saleUuid,
                                      sale.error().message);
                        queue_.post(SaleCommitFailed{sale.error().message});
                        return;
                    }
                    spdlog::info("sale {} journaled as receipt {}", sale->saleUuid,
                                 sale->receiptNo);
                    queue_.post(SaleCommitted{sale->receiptNo});
                });
            } else if constexpr (std::is_same_v<T, PrintReceipt>) {
                status_.printFailed = false;
                status_.digitalReceiptUrl.clear();
                status_.digitalReceiptPath.clear();
                status_.digitalReceiptPending = false;
                db_.post([this, c] {
                    // The receipt as the journal keeps it, not as the machine computed it.
                    auto sale = store_->saleByUuid(c.saleUuid);
                    if (!sale || !*sale) {
                        const std::string why = !sale ? sale.error().message : "sale not journaled";
                        queue_.post(AppNotice{AppNotice::Kind::PrintFailed, why});
                        return;
                    }
                    devices_.post([this, record = **sale] {
                        auto report = printer_.print(record, setup_.receipt);
                        if (report.printed)
                            return;
                        // The digital receipt (written before the print) goes first, so the
                        // screen has the QR code when it learns that the paper did not come out.
                        if (report.digital)
                            queue_.post(AppNotice{AppNotice::Kind::DigitalReceiptReady,
                                                  report.digital->url, report.digital->htmlPath});
                        queue_.post(AppNotice{AppNotice::Kind::PrintFailed,
                                              report.printed.error().message});
                    });
                });
            } else if constexpr (std::is_same_v<T, ShowDigitalReceipt>) {
                // Written on the device thread (HTML and PNG take tens of milliseconds): the
                // screen shows a placeholder until the URL comes back.
                status_.digitalReceiptUrl.clear();
                status_.digitalReceiptPath.clear();
                status_.digitalReceiptPending = true;
                status_.printFailed = false;
                db_.post([this, c] {
                    auto sale = store_->saleByUuid(c.saleUuid);
                    if (!sale || !*sale) {
                        const std::string why = !sale ? sale.error().message : "sale not journaled";
                        queue_.post(AppNotice{AppNotice::Kind::DigitalReceiptFailed, why});
                        return;
                    }
                    devices_.post([this, record = **sale] {
                        auto saved = printer_.saveDigital(record, setup_.receipt);
                        if (saved)
                            queue_.post(AppNotice{AppNotice::Kind::DigitalReceiptReady, saved->url,
                                                  saved->htmlPath});
                        else
                            queue_.post(AppNotice{
                                AppNotice::Kind::DigitalReceiptFailed, saved.error().message, {}});
                    });
                });
            } else if constexpr (std::is_same_v<T, PlaySound>) {
                playSound(c.sound);
            } else if constexpr (std::is_same_v<T, AlertAttendant>) {
                // Seam for the attendant station (a later issue): today the alert is logged and
                // shown on the kiosk's own attendant panel.
                spdlog::warn("attendant alert: {}: {}", lockKindName(c.kind), c.reason);
                const std::string prefix = std::string(lockKindName(c.kind)) + ": ";
                auto& a = status_.alerts;
                a.erase(
                    std::remove_if(a.begin(), a.end(),
                                   [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }),
                    a.end());
                a.push_back(prefix + c.reason);
                db_.post([this, c] {
                    auto opened = store_->openIntervention(setup_.kioskId, lockKindName(c.kind),
                                                           c.reason, c.saleUuid, c.since);
                    if (!opened)
                        spdlog::error("recording the {} intervention: {}", lockKindName(c.kind),
                                      opened.error().message);
                });
            } else if constexpr (std::is_same_v<T, ClearAttendantAlert>) {
                db_.post([this, c] {
                    auto closed = store_->closeIntervention(setup_.kioskId, lockKindName(c.kind),
                                                            c.staffId, c.how, wallClock());
                    if (!closed && closed.error().code != ErrorCode::NotFound)
                        spdlog::error("closing the {} intervention: {}", lockKindName(c.kind),
                                      closed.error().message);
                });
                const std::string prefix = std::string(lockKindName(c.kind)) + ": ";
                auto& a = status_.alerts;
                a.erase(
                    std::remove_if(a.begin(), a.end(),
                                   [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }),
                    a.end());
            } else if constexpr (std::is_same_v<T, AuditLog>) {
                ++status_.audits;
                db_.post([this, c] {
                    storage::AuditEntry entry;
                    entry.at = c.at;
                    entry.kioskId = setup_.kioskId;
                    entry.staffId = c.staffId;
                    entry.action = c.action;
                    entry.details = c.details;
                    entry.saleUuid = c.saleUuid;
                    entry.before = c.before;
                    entry.after = c.after;
                    if (auto done = store_->appendAudit(entry); !done)
                        spdlog::error("audit {}: {}", c.action, done.error().message);
                });
            } else if constexpr (std::is_same_v<T, SuspendCart>) {
                db_.post([this, c] {
                    storage::SuspendedCart sc;
                    sc.code = c.code;
                    sc.kioskId = setup_.kioskId;
                    sc.staffId = c.staffId;
                    sc.cart = storage::OpenCart{c.saleUuid, c.startedAt, c.language, c.cart};
                    sc.suspendedAt = wallClock();
                    auto saved = store_->suspendCart(sc);
                    if (saved) {
                        spdlog::info("sale {} suspended under code {}", c.saleUuid, c.code);
                        queue_.post(CartSuspended{c.code});
                    } else if (saved.error().code == ErrorCode::Conflict) {
                        // The app draws another code and asks again (see kSuspendCodeTaken).
                        queue_.post(SuspendFailed{std::string(kSuspendCodeTaken)});
                    } else {
                        spdlog::error("suspending sale {}: {}", c.saleUuid, saved.error().message);
                        queue_.post(SuspendFailed{saved.error().message});
                    }
                });
            } else if constexpr (std::is_same_v<T, PrintSuspendSlip>) {
                status_.slipProblem.clear();
                status_.slip = "printing";
                devices_.post([this, c] {
                    auto printed = printer_.printSuspendSlip(c.code, c.total, c.lines);
                    if (printed) {
                        queue_.post(AppNotice{AppNotice::Kind::SlipPrinted, ""});
                        return;
                    }
                    spdlog::warn("suspend slip {}: {}", c.code, printed.error().message);
                    AppNotice n{AppNotice::Kind::SlipFailed, printed.error().message};
                    // A printer that failed needs staff, as a failed receipt does; a printer
                    // that has no slips at all (a stand-in) is no fault.
                    if (printed.error().code != ErrorCode::Unsupported)
                        n.event = AttendantRaiseIntervention{
                            "system", "receipt printer: " + printed.error().message,
                            LockKind::DeviceFault};
                    queue_.post(std::move(n));
                });
            } else if constexpr (std::is_same_v<T, LoadSuspended>) {
                db_.post([this, c] {
                    auto loaded = store_->resumeSuspended(c.code, setup_.kioskId, wallClock());
                    if (!loaded) {
                        const std::string why = loaded.error().code == ErrorCode::NotFound
                                                    ? "no suspended transaction has this code"
                                                    : loaded.error().message;
                        spdlog::warn("resuming {}: {}", c.code, loaded.error().message);
                        queue_.post(SuspendedNotFound{c.code, why});
                        return;
                    }
                    const storage::OpenCart& oc = loaded->cart;
                    queue_.post(
                        SuspendedLoaded{c.code, oc.saleUuid, oc.startedAt, oc.language, oc.cart});
                });
            }
        },
        command);
}

}  // namespace kiosk::app
