// The real payment terminal driver: nexo Sale-to-POI JSON over a NexoTransport.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "devices/payment/nexo_transport.hpp"
#include "devices/payment/payment_terminal.hpp"

namespace kiosk::devices {

class NexoTerminal final : public PaymentTerminal {
  public:
    NexoTerminal(std::unique_ptr<NexoTransport> transport, TerminalIds ids);

    TerminalOutcome pay(const PaymentRequestData& request, Millis timeout) override;
    Result<void> abort(const std::string& abortServiceId,
                       const std::string& paymentServiceId) override;
    TerminalOutcome transactionStatus(const std::string& statusServiceId,
                                      const std::string& paymentServiceId, const Currency& currency,
                                      Millis timeout) override;
    TerminalOutcome reversal(const ReversalRequestData& request, Millis timeout) override;

    std::string address() const override { return transport_->address(); }
    DeviceHealth health() const override;

    const TerminalIds& ids() const { return ids_; }

  private:
    TerminalOutcome exchange(const std::string& what, const std::string& request,
                             const std::string& serviceId, Millis timeout, int exponent);
    void noteReply(TransportStatus status, const std::string& detail);

    std::unique_ptr<NexoTransport> transport_;
    TerminalIds ids_;
    mutable std::mutex mutex_;
    DeviceHealth health_;
};

}  // namespace kiosk::devices
