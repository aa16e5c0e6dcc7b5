#include "kiosk/app/executor.hpp"

#include <algorithm>

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

}  // namespace

Executor::Executor(std::unique_ptr<storage::Store> store, ExecutorSetup setup, EventQueue& queue,
                   PaymentPort& payment, PrinterPort& printer, ScalePort& scale)
    : store_(std::move(store)),
      setup_(std::move(setup)),
      queue_(queue),
      payment_(payment),
      printer_(printer),
      scale_(scale) {
    // The attendant panel shows the printer's paper and drawer from the start, not only after
    // the first receipt.
    devices_.post([this] { printer_.refresh(); });
}

void Executor::openDrawer(const std::string& staffId, Timestamp at) {
    execute(AuditLog{at, "drawer.open", staffId, ""});
    devices_.post([this] {
        if (auto kicked = printer_.kickDrawer(); !kicked)
            spdlog::warn("cash drawer: {}", kicked.error().message);
        else
            spdlog::info("cash drawer kicked");
    });
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
            } else if constexpr (std::is_same_v<T, ClearAttendantAlert>) {
                const std::string prefix = std::string(lockKindName(c.kind)) + ": ";
                auto& a = status_.alerts;
                a.erase(
                    std::remove_if(a.begin(), a.end(),
                                   [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }),
                    a.end());
            } else if constexpr (std::is_same_v<T, AuditLog>) {
                ++status_.audits;
                db_.post([this, c] {
                    auto done =
                        store_->appendAudit({c.at, setup_.kioskId, c.staffId, c.action, c.details});
                    if (!done)
                        spdlog::error("audit {}: {}", c.action, done.error().message);
                });
            }
        },
        command);
}

}  // namespace kiosk::app
