// The kiosk side of the fault matrix, as its own process so a test can SIGKILL it anywhere.
//   payment_fault_child pay URL DB SALE AMOUNT KILL_AT   (KILL_AT: none|intent|response|outcome)
//   payment_fault_child recover URL DB
// "pay" runs one payment and, when approved, journals the sale; "recover" is the kiosk's
// start-up: resolvePending, then journals every approved sale. Both print what they did.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "devices/common/device_url.hpp"
#include "devices/payment/nexo_terminal.hpp"
#include "devices/payment/nexo_transport.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/payment/payment_service.hpp"
#include "kiosk/storage/store.hpp"

using namespace kiosk;
using namespace kiosk::payment;

namespace {

SaleRecord saleWith(const std::string& uuid, int64_t total, std::vector<Tender> tenders) {
    SaleRecord s;
    s.saleUuid = uuid;
    s.storeId = "S1";
    s.kioskId = "KIOSK1";
    s.startedAt = 1'700'000'000'000;
    s.endedAt = 1'700'000'060'000;
    s.currency = currencyEur();
    s.total = total;
    s.subtotal = total;
    s.tenders = std::move(tenders);
    return s;
}

int fail(const std::string& why) {
    std::fprintf(stderr, "payment_fault_child: %s\n", why.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4)
        return fail("usage: pay URL DB SALE AMOUNT KILL_AT | recover URL DB");
    const std::string mode = argv[1];
    auto url = devices::parseDeviceUrl(argv[2]);
    if (!url)
        return fail(url.error().message);
    auto transport = devices::makeHttpTransport(*url, {});
    if (!transport)
        return fail(transport.error().message);
    devices::NexoTerminal terminal(std::move(*transport), {"KIOSK1", "kasir-sim"});
    auto journal = storage::Store::open(argv[3]);
    auto own = storage::Store::open(argv[3]);
    if (!journal || !own)
        return fail("cannot open the database");

    PaymentOptions options;
    options.paymentTimeout = 1000;
    options.statusTimeout = 1500;
    options.statusInterval = 100;
    options.firstStatusDelay = 100;
    std::string killAt = argc > 6 ? argv[6] : "none";
    options.stepHook = [killAt](PaymentStep step, const std::string&) {
        const bool hit = (killAt == "intent" && step == PaymentStep::IntentCommitted) ||
                         (killAt == "response" && step == PaymentStep::ResponseReceived) ||
                         (killAt == "outcome" && step == PaymentStep::OutcomeCommitted);
        if (hit)
            std::raise(SIGKILL);
        return false;
    };
    PaymentService service(terminal, std::move(*own), PaymentIds{"S1", "KIOSK1", "K"}, options);

    if (mode == "recover") {
        auto resolution = service.resolvePending();
        if (!resolution)
            return fail(resolution.error().message);
        int unresolved = 0;
        for (const auto& r : resolution->intents) {
            const char* kind = r.kind == ResolutionKind::Approved     ? "approved"
                               : r.kind == ResolutionKind::NotCharged ? "not-charged"
                                                                      : "unresolved";
            std::printf("resolved %s %s\n", r.saleUuid.c_str(), kind);
            unresolved += r.kind == ResolutionKind::Unresolved;
            if (r.kind == ResolutionKind::Approved) {
                // The app: restore the cart, pay again (answered at once), complete the sale.
                service.start(StartPayment{r.saleUuid, r.amount, currencyEur(), 1});
                for (;;) {
                    auto events = service.poll();
                    if (!events.empty()) {
                        auto* ok = std::get_if<PaymentApproved>(&events.front());
                        if (!ok)
                            return fail("a recovered approval was not answered as approved");
                        auto done =
                            (*journal)->completeSale(saleWith(r.saleUuid, r.amount, {ok->tender}));
                        if (!done)
                            return fail(done.error().message);
                        std::printf("journaled %s\n", r.saleUuid.c_str());
                        break;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            }
        }
        std::fflush(stdout);
        return unresolved > 0 ? 3 : 0;
    }
    if (mode != "pay" || argc < 6)
        return fail("unknown mode");
    const std::string sale = argv[4];
    const int64_t amount = std::atoll(argv[5]);
    service.start(StartPayment{sale, amount, currencyEur(), 1});
    for (;;) {
        auto events = service.poll();
        if (!events.empty()) {
            const Event& e = events.front();
            if (auto* ok = std::get_if<PaymentApproved>(&e)) {
                auto done = (*journal)->completeSale(saleWith(sale, amount, {ok->tender}));
                if (!done)
                    return fail(done.error().message);
                std::printf("outcome approved\n");
            } else if (std::holds_alternative<PaymentDeclined>(e)) {
                std::printf("outcome declined\n");
            } else if (std::holds_alternative<PaymentCancelled>(e)) {
                std::printf("outcome cancelled\n");
            } else {
                std::printf("outcome failed\n");
            }
            std::fflush(stdout);
            return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}
