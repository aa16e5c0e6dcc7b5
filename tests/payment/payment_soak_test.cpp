// A short soak in the test suite (kasir-bench-payment runs 1,000): scripted payments with
// random terminal faults and kiosk crashes, then the journal against the simulator's ledger.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "kiosk/payment/soak.hpp"
#include "payment_fixtures.hpp"

namespace {

using namespace kiosk::payment;

TEST(PaymentSoak, SixtyPaymentsWithRandomFaultsLeaveNoMismatch) {
    kiosk::payment::testing::TempDir dir;
    spdlog::set_level(spdlog::level::warn);
    SoakOptions options;
    options.payments = 60;
    options.seed = 20261127;
    options.directory = dir.path();
    auto report = runPaymentSoak(options);
    ASSERT_TRUE(report) << report.error().message;
    std::printf("%s", formatSoakReport(*report).c_str());
    EXPECT_EQ(report->payments, 60);
    EXPECT_EQ(report->mismatches, 0) << report->firstMismatch;
    EXPECT_EQ(report->doubleCharges, 0);
    EXPECT_EQ(report->unresolved, 0);
    EXPECT_EQ(report->ledgerCharges, report->approved);
    // The faults really happened: more than one kind, and some kiosk crashes.
    EXPECT_GE(report->faults.size(), 5u);
    EXPECT_GT(report->kioskCrashes, 0);
    EXPECT_GT(report->statusQueries, 0);
}

}  // namespace
