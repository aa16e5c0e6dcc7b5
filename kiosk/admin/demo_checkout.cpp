// The scripted demo checkout: an app loop in miniature (event -> machine -> commands -> results
// as events), where the script stands in for the shopper, the attendant and the devices.
#include "kiosk/admin/demo_checkout.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <iostream>
#include <random>
#include <variant>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/gtin.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::admin {
namespace {

// A version 4 UUID: each demo run is a new transaction, and the core has no RNG of its own.
std::string newSaleUuid() {
    std::random_device device;
    std::mt19937_64 random(static_cast<uint64_t>(device()) << 32 | device());
    const uint64_t high = (random() & ~0xF000ULL) | 0x4000ULL;
    const uint64_t low = (random() & ~(0x3ULL << 62)) | (0x2ULL << 62);
    char text[40];
    std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32),
                  static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(high & 0xFFFF),
                  static_cast<unsigned long long>(low >> 48),
                  static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
    return text;
}

// The products the script buys, chosen from the store so the demo follows its catalogue.
struct Basket {
    Product multiBuy;  // in the first multi-buy promotion
    Product percentOff;
    Product weighed;
    Product restricted;
};

Result<Basket> chooseBasket(storage::Store& store) {
    auto products = store.allProducts();
    if (!products)
        return products.error();
    auto promotions = store.promotions();
    if (!promotions)
        return promotions.error();
    std::sort(products->begin(), products->end(),
              [](const Product& a, const Product& b) { return a.gtin < b.gtin; });
    const auto byId = [&](int64_t id) -> const Product* {
        for (const auto& p : *products)
            if (p.id == id && p.active && !p.gtin.empty())
                return &p;
        return nullptr;
    };
    const auto firstOf = [&](PromotionKind kind) -> const Product* {
        for (const auto& promotion : *promotions) {
            if (promotion.kind != kind)
                continue;
            for (int64_t id : promotion.productIds)
                if (const Product* p = byId(id); p != nullptr && p->unit == SaleUnit::Each)
                    return p;
        }
        return nullptr;
    };
    const Product* multiBuy = firstOf(PromotionKind::BuyNPayM);
    const Product* percentOff = firstOf(PromotionKind::PercentOff);
    const Product* weighed = nullptr;
    const Product* restricted = nullptr;
    // A beer makes the clearest age check; crowd-sourced tags put odd things under alcohol.
    int restrictedRank = 3;
    for (const auto& p : *products) {
        if (!p.active || p.gtin.empty())
            continue;
        if (weighed == nullptr && p.unit == SaleUnit::Weight)
            weighed = &p;
        if (!p.age || p.unit != SaleUnit::Each)
            continue;
        const int rank = p.category.find("beer") != std::string::npos   ? 0
                         : p.category.find("wine") != std::string::npos ? 1
                                                                        : 2;
        if (rank < restrictedRank) {
            restrictedRank = rank;
            restricted = &p;
        }
    }
    if (!multiBuy || !percentOff || !weighed || !restricted)
        return makeError(ErrorCode::NotFound,
                         store.path() +
                             ": the demo needs a 3-for-2 and a percentage-off promotion, a "
                             "weighed and an age-restricted product: use the demo store "
                             "(kasir-admin demo-store)");
    return Basket{*multiBuy, *percentOff, *weighed, *restricted};
}

class DemoCheckout {
  public:
    DemoCheckout(storage::Store& store, CheckoutSetup setup, std::ostream& out)
        : store_(store),
          storeName_(),
          machine_(std::move(setup)),
          state_(machine_.initialState()),
          out_(out) {
        now_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    }

    void setStoreName(std::string name) { storeName_ = std::move(name); }
    void setUtcOffset(int minutes) { utcOffsetMinutes_ = minutes; }
    void setWeight(int64_t grams) { grams_ = grams; }
    const CheckoutState& state() const { return state_; }

    // Sends one event (a few seconds after the previous one), carries out the commands, and
    // feeds their results back until nothing is left to do.
    Result<void> send(Event event) {
        now_ += 2'000;
        std::deque<Event> queue{std::move(event)};
        while (!queue.empty()) {
            Event next = std::move(queue.front());
            queue.pop_front();
            Step step = machine_.handle(state_, next, now_);
            if (!step.accepted())
                return makeError(ErrorCode::Conflict, "the checkout refused " +
                                                          std::string(eventName(next)) + ": " +
                                                          step.refusal->reason);
            state_ = std::move(step.state);
            for (const Command& command : step.commands) {
                auto done = std::visit([&](const auto& c) { return carryOut(c, queue); }, command);
                if (!done)
                    return done;
            }
        }
        return {};
    }

    // Ticks until the machine has nothing left to time (the thank-you screen ends).
    Result<void> waitForTimers() {
        for (int round = 0; round < 16; ++round) {
            const auto timeout = machine_.nextTimeout(state_);
            if (!timeout)
                return {};
            now_ = std::max(now_, *timeout) - 2'000;
            if (auto ticked = send(Tick{}); !ticked)
                return ticked;
        }
        return makeError(ErrorCode::Internal, "the checkout's timers never settled");
    }

    std::string total() const {
        return formatMinor(state_.priced.total, machine_.rules().currency, state_.language);
    }

  private:
    Result<void> carryOut(const LookUpProduct& c, std::deque<Event>& queue) {
        Result<std::optional<Product>> found = std::optional<Product>{};
        if (isValidGtin(c.code))
            found = store_.productByBarcode(*normalizeGtin14(c.code));
        else
            found = store_.productByPlu(c.code);
        if (!found)
            return found.error();
        queue.push_back(LookupResult{c.code, *found});
        return {};
    }
    Result<void> carryOut(const RequestWeight&, std::deque<Event>& queue) {
        out_ << "    the scale reads " << grams_ << " g\n";
        queue.push_back(WeightStable{grams_});
        return {};
    }
    Result<void> carryOut(const PersistCart& c, std::deque<Event>&) {
        return store_.saveOpenCart(machine_.kioskId(),
                                   storage::OpenCart{c.saleUuid, c.startedAt, c.language, c.cart});
    }
    Result<void> carryOut(const ClearPersistedCart&, std::deque<Event>&) {
        return store_.clearOpenCart(machine_.kioskId());
    }
    // The card terminal, played by the script: a contactless card, approved at once.
    Result<void> carryOut(const StartPayment& c, std::deque<Event>& queue) {
        out_ << "    card terminal: " << formatMinor(c.amount, c.currency, state_.language)
             << " requested, contactless VISA approved\n";
        Tender tender;
        tender.method = "card";
        tender.amount = c.amount;
        tender.brand = "VISA";
        tender.maskedPan = "476173******0010";
        tender.entryMode = "Contactless";
        tender.approvalCode = "D3M0" + std::to_string(c.attempt);
        tender.terminalTransactionId = "demo-" + c.saleUuid.substr(0, 8);
        tender.reconciliationId = "1";
        tender.receiptLines = {"VISA CONTACTLESS", "APPROVED (DEMO TERMINAL)"};
        queue.push_back(PaymentApproved{tender});
        return {};
    }
    Result<void> carryOut(const AbortPayment&, std::deque<Event>& queue) {
        queue.push_back(PaymentCancelled{});
        return {};
    }
    Result<void> carryOut(const CompleteSale& c, std::deque<Event>& queue) {
        auto sale = store_.completeSale(c.sale);
        if (!sale) {
            queue.push_back(SaleCommitFailed{sale.error().message});
            return {};
        }
        out_ << "    sale journaled as receipt " << sale->receiptNo << "\n";
        queue.push_back(SaleCommitted{sale->receiptNo});
        return {};
    }
    Result<void> carryOut(const PrintReceipt& c, std::deque<Event>&) {
        // The receipt as the journal keeps it, not as the machine computed it.
        auto sale = store_.saleByUuid(c.saleUuid);
        if (!sale)
            return sale.error();
        if (!*sale)
            return makeError(ErrorCode::NotFound, "sale " + c.saleUuid + " not journaled");
        out_ << "\n" << receiptText(**sale, storeName_, 48, utcOffsetMinutes_) << "\n";
        return {};
    }
    Result<void> carryOut(const ShowDigitalReceipt&, std::deque<Event>&) { return {}; }
    Result<void> carryOut(const PlaySound&, std::deque<Event>&) { return {}; }
    Result<void> carryOut(const AlertAttendant& c, std::deque<Event>&) {
        out_ << "    attendant called: " << lockKindName(c.kind) << " (" << c.reason << ")\n";
        return {};
    }
    Result<void> carryOut(const ClearAttendantAlert&, std::deque<Event>&) { return {}; }
    Result<void> carryOut(const AuditLog& c, std::deque<Event>&) {
        storage::AuditEntry entry;
        entry.at = c.at;
        entry.kioskId = machine_.kioskId();
        entry.staffId = c.staffId;
        entry.action = c.action;
        entry.details = c.details;
        entry.saleUuid = c.saleUuid;
        entry.before = c.before;
        entry.after = c.after;
        return store_.appendAudit(entry);
    }
    // The scripted demo never suspends; these keep the machine's contract all the same.
    Result<void> carryOut(const SuspendCart& c, std::deque<Event>& queue) {
        storage::SuspendedCart suspended;
        suspended.code = c.code;
        suspended.kioskId = machine_.kioskId();
        suspended.staffId = c.staffId;
        suspended.cart = storage::OpenCart{c.saleUuid, c.startedAt, c.language, c.cart};
        suspended.suspendedAt = now_;
        if (auto saved = store_.suspendCart(suspended); !saved)
            queue.push_back(SuspendFailed{saved.error().message});
        else
            queue.push_back(CartSuspended{c.code});
        return {};
    }
    Result<void> carryOut(const PrintSuspendSlip& c, std::deque<Event>&) {
        out_ << "    suspended: code " << c.code << "\n";
        return {};
    }
    Result<void> carryOut(const LoadSuspended& c, std::deque<Event>& queue) {
        auto resumed = store_.resumeSuspended(c.code, machine_.kioskId(), now_);
        if (!resumed) {
            queue.push_back(SuspendedNotFound{c.code, resumed.error().message});
            return {};
        }
        queue.push_back(SuspendedLoaded{c.code, resumed->cart.saleUuid, resumed->cart.startedAt,
                                        resumed->cart.language, resumed->cart.cart});
        return {};
    }

    storage::Store& store_;
    std::string storeName_;
    int utcOffsetMinutes_ = 0;
    CheckoutMachine machine_;
    CheckoutState state_;
    std::ostream& out_;
    Timestamp now_ = 0;
    int64_t grams_ = 1'000;
};

std::string describe(const Product& p) {
    return displayCode(p.gtin) + " " + p.nameFor("en");
}

}  // namespace

int runDemo(Context& context) {
    auto config = context.config();
    if (!config)
        return context.fail(config.error());
    auto path = context.databasePath();
    if (!path)
        return context.fail(path.error());
    auto exists = databaseExists(*path);
    if (!exists)
        return context.fail(exists.error());
    if (!*exists) {
        context.out() << "== building the demo store (once)\n";
        if (const int built = runDemoStore(context, "", false); built != kExitOk)
            return built;
    }
    auto store = storage::Store::open(*path, storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto basket = chooseBasket(**store);
    if (!basket)
        return context.fail(basket.error());
    auto promotions = (*store)->promotions();
    if (!promotions)
        return context.fail(promotions.error());
    auto storeName = (*store)->setting("store.name");
    if (!storeName)
        return context.fail(storeName.error());

    CheckoutSetup setup = config::checkoutSetupOf(**config);
    setup.rules.promotions = *promotions;
    DemoCheckout checkout(**store, setup, context.out());
    checkout.setStoreName(storeName->value_or((*config)->store.name));
    checkout.setUtcOffset((*config)->store.utcOffsetMinutes);
    std::ostream& out = context.out();
    const std::string uuid = newSaleUuid();

    const auto step = [&](const std::string& what, Event event) -> bool {
        out << "> " << what << "\n";
        auto done = checkout.send(std::move(event));
        if (!done) {
            context.fail(done.error());
            return false;
        }
        const size_t lines = checkout.state().cart.lines().size();
        out << "    " << phaseName(checkout.state().phase) << ": " << lines
            << (lines == 1 ? " line" : " lines") << ", total " << checkout.total() << "\n";
        return true;
    };
    const auto scan = [&](const Product& p) {
        return step("scan " + describe(p), BarcodeScanned{displayCode(p.gtin), "]E0", uuid});
    };

    out << "== a scripted self-checkout at kiosk " << (*config)->kioskId << " of "
        << (*config)->store.name << " (" << *path << ")\n";
    checkout.setWeight(1'250);
    const bool ok =
        step("the shopper touches the screen", Touch{uuid}) && scan(basket->multiBuy) &&
        scan(basket->multiBuy) && scan(basket->multiBuy) && scan(basket->percentOff) &&
        scan(basket->weighed) && scan(basket->restricted) &&
        step("the attendant checks an ID and approves",
             AttendantApproveAge{"demo-attendant", AgeCheckMethod::IdViewed}) &&
        step("the shopper pays", PayPressed{}) &&
        step("the shopper asks for a printed receipt", ReceiptChosen{ReceiptChoice::Print});
    if (!ok)
        return kExitFailed;
    if (auto idle = checkout.waitForTimers(); !idle)
        return context.fail(idle.error());
    out << "> the thank-you screen times out: " << phaseName(checkout.state().phase) << "\n";

    auto check = (*store)->verifyJournal();
    if (!check)
        return context.fail(check.error());
    if (!check->ok) {
        out << "journal BROKEN after " << check->salesChecked << " sales: " << check->firstBreak
            << "\n";
        return kExitFailed;
    }
    const int64_t receiptNo = checkout.state().lastSale ? checkout.state().lastSale->receiptNo : 0;
    out << "journal OK: " << check->salesChecked << " sales\n\n"
        << "Explore the store:\n";
    const std::string database = context.databaseGiven() ? "--db " + *path + " " : "";
    const std::pair<std::string, std::string> tips[] = {
        {"products yogurt", "search the catalogue"},
        {"stock show " + displayCode(basket->restricted.gtin), "one product's stock"},
        {"stock low", "what to reorder"},
        {"sales list", "the journal"},
        {"sales show " + std::to_string(receiptNo), "this receipt again"},
        {"verify-journal", "check the hash chain"},
        {"--help", "everything else"},
    };
    for (const auto& [command, what] : tips) {
        std::string line = "  kasir-admin " + database + command;
        line.resize(std::max<size_t>(line.size() + 2, 40), ' ');
        out << line << what << "\n";
    }
    return kExitOk;
}

}  // namespace kiosk::admin
