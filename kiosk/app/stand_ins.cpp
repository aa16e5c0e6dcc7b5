#include "kiosk/app/stand_ins.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

namespace kiosk::app {
namespace {

// Delivers events after a delay from a small timer thread of its own.
class Delayed {
  public:
    explicit Delayed(Wake wake) : wake_(std::move(wake)) {}
    ~Delayed() {
        for (auto& t : threads_)
            if (t.joinable())
                t.join();
    }
    void after(Millis delay, Event event) {
        threads_.emplace_back([this, delay, event = std::move(event)] {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
            {
                std::lock_guard lock(mutex_);
                ready_.push_back(event);
            }
            if (wake_)
                wake_();
        });
    }
    std::vector<Event> take() {
        std::lock_guard lock(mutex_);
        std::vector<Event> out;
        out.swap(ready_);
        return out;
    }

  private:
    Wake wake_;
    std::mutex mutex_;
    std::vector<Event> ready_;
    std::vector<std::thread> threads_;
};

class StandInPayment final : public PaymentPort {
  public:
    StandInPayment(std::string faults, Millis delay, Wake wake)
        : faults_(std::move(faults)), delay_(delay), delayed_(std::move(wake)) {}

    void start(const StartPayment& c) override {
        std::lock_guard lock(mutex_);
        inFlight_ = c.saleUuid;
        cancelled_ = false;
        if (faults_ == "unavailable") {
            delayed_.after(delay_, PaymentFailed{"stand-in terminal: configured unavailable"});
        } else if (faults_ == "decline" || (faults_ == "decline-first" && c.attempt == 1)) {
            delayed_.after(delay_, PaymentDeclined{DeclineReason::Refused, "stand-in: declined"});
        } else {
            Tender t;
            t.method = "card";
            t.amount = c.amount;
            t.brand = "STAND-IN";
            t.maskedPan = "000000******0000";
            t.entryMode = "Contactless";
            t.approvalCode = "STANDIN";
            t.terminalTransactionId = "standin-" + c.saleUuid.substr(0, 8);
            t.receiptLines = {"NOT A CARD PAYMENT", "(kasir payment stand-in)"};
            delayed_.after(delay_, PaymentApproved{t});
        }
    }
    void abort(const std::string&) override {
        // The stand-in's answer is already on its way; like a real terminal, the outcome that
        // arrives is final (the machine handles an approval that wins the race).
    }
    std::vector<Event> poll() override { return delayed_.take(); }
    std::string status() const override { return "stand-in (no terminal)"; }
    std::string describe() const override {
        return "payment STAND-IN, not a terminal (faults: " + (faults_.empty() ? "none" : faults_) +
               ")";
    }

  private:
    std::string faults_;
    Millis delay_;
    Delayed delayed_;
    std::mutex mutex_;
    std::string inFlight_;
    bool cancelled_ = false;
};

class LogPrinter final : public PrinterPort {
  public:
    explicit LogPrinter(std::string file) : file_(std::move(file)) {}
    PrintReport print(const SaleRecord& sale, const ReceiptContext& context) override {
        const std::string text = receiptText(sale, context.storeName, 42, context.utcOffsetMinutes);
        spdlog::info("receipt {} (printer stand-in: logged, not printed)", sale.receiptNo);
        if (!file_.empty()) {
            std::ofstream out(file_, std::ios::app);
            if (!out)
                return {makeError(ErrorCode::Io, file_ + ": cannot write the receipt"), {}};
            out << text << "\n";
        }
        return {};
    }
    std::string describe() const override {
        return "printer STAND-IN: receipts go to the log" + (file_.empty() ? "" : " and " + file_);
    }

  private:
    std::string file_;
};

class StandInScale final : public ScalePort {
  public:
    StandInScale(int64_t grams, Millis delay, Wake wake)
        : grams_(grams), delay_(delay), delayed_(std::move(wake)) {}
    void requestWeight(int64_t) override { delayed_.after(delay_, WeightStable{grams_}); }
    void cancel() override {}
    std::vector<Event> poll() override { return delayed_.take(); }
    std::string describe() const override {
        return "scale STAND-IN: every item weighs " + std::to_string(grams_) + " g";
    }

  private:
    int64_t grams_;
    Millis delay_;
    Delayed delayed_;
};

class NoCamera final : public CameraPort {
  public:
    explicit NoCamera(std::string why) : why_(std::move(why)) {}
    std::vector<Event> poll() override { return {}; }
    bool latestFrame(PreviewFrame&) override { return false; }
    Result<void> show(const std::string&) override {
        return makeError(ErrorCode::Unsupported, "no camera: " + why_);
    }
    bool live() const override { return false; }
    std::string describe() const override { return "no camera (" + why_ + ")"; }

  private:
    std::string why_;
};

}  // namespace

std::unique_ptr<PaymentPort> makeStandInPayment(std::string faults, Millis delay, Wake wake) {
    return std::make_unique<StandInPayment>(std::move(faults), delay, std::move(wake));
}
std::unique_ptr<PrinterPort> makeLogPrinter(std::string file) {
    return std::make_unique<LogPrinter>(std::move(file));
}
std::unique_ptr<ScalePort> makeStandInScale(int64_t grams, Millis delay, Wake wake) {
    return std::make_unique<StandInScale>(grams, delay, std::move(wake));
}
std::unique_ptr<CameraPort> makeNoCamera(std::string why) {
    return std::make_unique<NoCamera>(std::move(why));
}

}  // namespace kiosk::app
