// Shared helpers of the payment tests: a temporary directory, a simulator with a ledger on a
// real local port, the real driver pointed at it, and a sale record to complete.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "devices/common/device_url.hpp"
#include "devices/payment/nexo_terminal.hpp"
#include "devices/payment/nexo_transport.hpp"
#include "devices/payment/sim/terminal_sim.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/payment/payment_service.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::payment::testing {

class TempDir {
  public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/kasir-pay-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            ADD_FAILURE() << "mkdtemp failed";
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

inline std::unique_ptr<devices::NexoTerminal> driverFor(const std::string& url,
                                                        const std::string& saleId = "KIOSK1") {
    auto parsed = devices::parseDeviceUrl(url);
    EXPECT_TRUE(parsed);
    auto transport = devices::makeHttpTransport(*parsed, {});
    EXPECT_TRUE(transport);
    return std::make_unique<devices::NexoTerminal>(std::move(*transport),
                                                   devices::TerminalIds{saleId, "kasir-sim"});
}

inline std::unique_ptr<storage::Store> openStore(const std::string& path) {
    auto s = storage::Store::open(path);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return std::move(*s);
}

// Short timeouts so a fault costs a second, not two minutes.
inline PaymentOptions fastOptions() {
    PaymentOptions o;
    o.paymentTimeout = 1500;
    o.statusTimeout = 1500;
    o.statusInterval = 100;
    o.firstStatusDelay = 100;
    o.abortTimeout = 1500;
    o.reversalTimeout = 3000;
    return o;
}

// A sale with no lines paying `tenders`: enough for the journal to hold the payment's sale.
inline SaleRecord saleWith(const std::string& uuid, int64_t total, std::vector<Tender> tenders) {
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

// Polls the service until one event arrives (or `limit` passes: then nullopt).
inline std::optional<Event> waitEvent(PaymentService& service,
                                      std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        auto events = service.poll();
        if (!events.empty()) {
            EXPECT_EQ(events.size(), 1u);
            return events.front();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
}

inline int approvedCharges(const std::vector<devices::sim::LedgerEntry>& ledger,
                           const std::string& saleUuid) {
    int approved = 0;
    for (const auto& e : ledger) {
        if (e.transactionId == saleUuid && e.event == "approved")
            ++approved;
    }
    return approved;
}

}  // namespace kiosk::payment::testing
