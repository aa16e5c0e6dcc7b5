// A kiosk driven through scenarios by the checkout machine's tests, and command helpers.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "checkout_fixtures.hpp"
#include "kiosk/core/checkout_machine.hpp"

namespace kiosk::testing {

inline std::vector<std::string> names(const std::vector<Command>& commands) {
    std::vector<std::string> out;
    for (const auto& c : commands)
        out.emplace_back(commandName(c));
    return out;
}

template <typename T>
const T* find(const std::vector<Command>& commands) {
    for (const auto& c : commands)
        if (auto* p = std::get_if<T>(&c))
            return p;
    return nullptr;
}

template <typename T>
int count(const std::vector<Command>& commands) {
    int n = 0;
    for (const auto& c : commands)
        n += std::holds_alternative<T>(c) ? 1 : 0;
    return n;
}

using Names = std::vector<std::string>;

// Drives one machine through a scenario, keeping the state the way the app would.
class Kiosk {
  public:
    explicit Kiosk(CheckoutConfig config = {}) : Kiosk(makeSetup(config)) {}
    explicit Kiosk(CheckoutSetup setup)
        : machine_(std::move(setup)), state_(machine_.initialState()) {}

    // Sends an event `dt` ms after the previous one; keeps the new state when accepted.
    Step send(const Event& event, Millis dt = 100) {
        now_ += dt;
        Step step = machine_.handle(state_, event, now_);
        if (step.accepted())
            state_ = step.state;
        return step;
    }
    // Like send, but the event must be accepted.
    std::vector<Command> ok(const Event& event, Millis dt = 100) {
        Step step = send(event, dt);
        EXPECT_TRUE(step.accepted())
            << eventName(event) << " refused in " << phaseName(state_.phase) << ": "
            << (step.refusal ? step.refusal->reason : "");
        return step.commands;
    }
    // Like send, but the event must be refused with `code`, leaving the state as it was.
    Refusal refused(const Event& event, RefusalCode code, Millis dt = 100) {
        CheckoutState before = state_;
        Step step = send(event, dt);
        EXPECT_FALSE(step.accepted())
            << eventName(event) << " accepted in " << phaseName(before.phase);
        if (!step.refusal)
            return {};
        EXPECT_EQ(step.refusal->code, code)
            << eventName(event) << ": " << refusalCodeName(step.refusal->code) << " "
            << step.refusal->reason;
        EXPECT_FALSE(step.refusal->reason.empty());
        EXPECT_EQ(step.state, before);
        EXPECT_TRUE(step.commands.empty());
        return *step.refusal;
    }
    std::vector<Command> tickAt(Timestamp at) {
        now_ = at;
        Step step = machine_.handle(state_, Tick{}, now_);
        EXPECT_TRUE(step.accepted());
        state_ = step.state;
        return step.commands;
    }
    // Scan and the catalogue's answer.
    std::vector<Command> scan(const Product& product, const std::string& uuid = "sale-1") {
        auto first = ok(BarcodeScanned{product.gtin, "]E0", uuid});
        auto second = ok(LookupResult{product.gtin, product});
        first.insert(first.end(), second.begin(), second.end());
        return first;
    }
    void payAndCommit(int64_t receiptNo) {
        ok(PayPressed{});
        Tender t;
        t.method = "card";
        t.amount = state_.payment.amount;
        ok(PaymentApproved{t});
        ok(SaleCommitted{receiptNo});
    }

    const CheckoutMachine& machine() const { return machine_; }
    const CheckoutState& state() const { return state_; }
    Timestamp now() const { return now_; }

  private:
    CheckoutMachine machine_;
    CheckoutState state_;
    Timestamp now_ = kT0;
};

inline Tender cardTender(int64_t amount) {
    Tender t;
    t.method = "card";
    t.amount = amount;
    t.brand = "VISA";
    t.maskedPan = "411111******1111";
    t.approvalCode = "123456";
    t.terminalTransactionId = "POI-1";
    return t;
}

}  // namespace kiosk::testing
