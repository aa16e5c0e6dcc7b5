// The executor's suspend slip: PrintSuspendSlip goes to the printer port on the device thread
// and its outcome comes back as a notice; a failed slip carries the DeviceFault to raise in
// plain words, a printer without slips (the stand-in) raises nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "kiosk/app/executor.hpp"
#include "kiosk/app/stand_ins.hpp"
#include "kiosk/storage/store.hpp"

using namespace kiosk;
using namespace kiosk::app;

namespace {

// What the port was asked to print, and the answer it gives.
class RecordingPrinter final : public PrinterPort {
  public:
    explicit RecordingPrinter(Result<void> answer) : answer_(std::move(answer)) {}
    PrintReport print(const SaleRecord&, const ReceiptContext&) override { return {}; }
    std::string describe() const override { return "recording printer"; }
    Result<void> printSuspendSlip(const std::string& code, int64_t total, int64_t lines) override {
        code_ = code;
        total_ = total;
        lines_ = lines;
        return answer_;
    }
    std::string code_;
    int64_t total_ = 0;
    int64_t lines_ = 0;

  private:
    Result<void> answer_;
};

class ExecutorSlip : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("kasir-executor-slip-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        payment_ = makeStandInPayment("", 0, {});
        scale_ = makeStandInScale(0, 0, {});
    }
    void TearDown() override {
        executor_.reset();
        std::filesystem::remove_all(dir_);
    }
    Executor& executor(PrinterPort& printer) {
        auto store = storage::Store::open((dir_ / "store.db").string());
        EXPECT_TRUE(store.ok());
        ExecutorSetup es;
        es.kioskId = "k1";
        es.staff.cost = staff::HashCost::minimum();
        executor_ =
            std::make_unique<Executor>(std::move(*store), es, queue_, *payment_, printer, *scale_);
        return *executor_;
    }
    AppNotice nextNotice() {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < until) {
            for (auto& p : queue_.drain())
                if (auto* n = std::get_if<AppNotice>(&p))
                    return *n;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ADD_FAILURE() << "no notice was posted";
        return AppNotice{};
    }

    std::filesystem::path dir_;
    EventQueue queue_;
    std::unique_ptr<PaymentPort> payment_;
    std::unique_ptr<ScalePort> scale_;
    std::unique_ptr<Executor> executor_;
};

TEST_F(ExecutorSlip, APrintedSlipIsReported) {
    RecordingPrinter printer{Result<void>{}};
    Executor& e = executor(printer);
    e.execute(PrintSuspendSlip{"12345678", 52500, 3});
    EXPECT_EQ(e.status().slip, "printing");
    const AppNotice n = nextNotice();
    EXPECT_EQ(n.kind, AppNotice::Kind::SlipPrinted);
    EXPECT_EQ(printer.code_, "12345678");
    EXPECT_EQ(printer.total_, 52500);
    EXPECT_EQ(printer.lines_, 3);
    e.slipDone("");
    EXPECT_EQ(e.status().slip, "printed");
    EXPECT_EQ(e.status().slipProblem, "");
}

TEST_F(ExecutorSlip, AFailedSlipRaisesADeviceFaultInPlainWords) {
    RecordingPrinter printer{
        makeError(ErrorCode::Io, "the suspend slip did not print: paper out: load a new roll")};
    Executor& e = executor(printer);
    e.execute(PrintSuspendSlip{"12345678", 52500, 3});
    const AppNotice n = nextNotice();
    ASSERT_EQ(n.kind, AppNotice::Kind::SlipFailed);
    EXPECT_EQ(n.text, "the suspend slip did not print: paper out: load a new roll");
    ASSERT_TRUE(n.event.has_value());
    const auto* raise = std::get_if<AttendantRaiseIntervention>(&*n.event);
    ASSERT_NE(raise, nullptr);
    EXPECT_EQ(raise->kind, LockKind::DeviceFault);
    EXPECT_EQ(raise->staffId, "system");
    EXPECT_EQ(raise->reason,
              "receipt printer: the suspend slip did not print: paper out: load a new roll");
    e.slipDone(n.text);
    EXPECT_EQ(e.status().slip, "failed");
    // The next suspend starts afresh.
    e.execute(PrintSuspendSlip{"87654321", 100, 1});
    EXPECT_EQ(e.status().slip, "printing");
    EXPECT_EQ(e.status().slipProblem, "");
    // Its job uses `printer` on the device thread: wait for its answer before the printer
    // goes out of scope (found by ASan: the job outlived this test's printer).
    EXPECT_EQ(nextNotice().kind, AppNotice::Kind::SlipFailed);
}

TEST_F(ExecutorSlip, APrinterWithoutSlipsRaisesNothing) {
    auto printer = makeLogPrinter("");
    Executor& e = executor(*printer);
    e.execute(PrintSuspendSlip{"12345678", 52500, 3});
    const AppNotice n = nextNotice();
    ASSERT_EQ(n.kind, AppNotice::Kind::SlipFailed);
    EXPECT_NE(n.text.find("cannot print suspend slips"), std::string::npos) << n.text;
    EXPECT_FALSE(n.event.has_value());
}

}  // namespace
