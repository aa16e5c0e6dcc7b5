// The payment terminal as the kiosk sees it: start a payment, abort it, ask for the status of
// an earlier request, reverse a completed payment. NexoTerminal is the real driver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/common/health.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/sale.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

// Who is talking to whom: the nexo MessageHeader's SaleID (this kiosk's sale system) and
// POIID (the terminal).
struct TerminalIds {
    std::string saleId;
    std::string poiId;
};

struct PaymentRequestData {
    std::string serviceId;      // 1-10 alphanumerics, unique per SaleID for 48 h
    std::string transactionId;  // SaleTransactionID: the sale uuid
    Timestamp timestamp = 0;
    int64_t amount = 0;  // minor units
    Currency currency;
};

struct ReversalRequestData {
    std::string serviceId;
    std::string transactionId;  // the sale uuid
    Timestamp timestamp = 0;
    std::string poiTransactionId;  // of the payment to reverse
    std::string poiTimestamp;
    int64_t amount = 0;
    Currency currency;
    std::string reason = "MerchantCancel";
};

enum class OutcomeKind {
    Approved,
    Declined,     // Refusal, InvalidCard, WrongPIN, NotAllowed, PaymentRestriction...
    Cancelled,    // Aborted, Cancel: the shopper, the terminal or our abort
    Busy,         // another payment is running on the terminal
    Unavailable,  // the terminal said it cannot work (DeviceOut, LoggedOut...), or was unreachable
    InProgress,   // TransactionStatus: the payment is still running
    NotFound,     // TransactionStatus: the terminal never got the payment
    Unknown,      // no usable answer: the request may or may not have been acted on
};
const char* toString(OutcomeKind kind);

// What an approval carries. Only PCI-allowed data: masked PAN (first 6 / last 4 at most),
// brand, entry mode, approval code and the terminal's references.
struct Approval {
    std::string maskedPan;
    std::string brand;
    std::string entryMode;
    std::string approvalCode;
    std::string poiTransactionId;
    std::string poiTimestamp;
    std::string reconciliationId;
    int64_t authorizedAmount = 0;           // minor units; 0 when the terminal did not say
    std::vector<std::string> receiptLines;  // customer receipt, decoded, card numbers masked
};

struct TerminalOutcome {
    OutcomeKind kind = OutcomeKind::Unknown;
    // True when the request certainly did not reach the terminal (connection refused):
    // Unavailable then means "nothing charged" without asking.
    bool notSent = false;
    std::string errorCondition;  // nexo ErrorCondition as received, empty on success
    DeclineReason declineReason = DeclineReason::Other;
    std::string detail;     // for the attendant and the log: never card data
    std::string serviceId;  // the payment's ServiceID the answer refers to, when given
    Approval approval;      // when Approved
};

class PaymentTerminal {
  public:
    virtual ~PaymentTerminal() = default;

    // Blocks until the terminal answers, the link drops or `timeout` passes (then Unknown).
    virtual TerminalOutcome pay(const PaymentRequestData& request, Millis timeout) = 0;
    // Asks the terminal to abort the payment with ServiceID `paymentServiceId`. Safe to call
    // from another thread while pay() blocks. The answer comes on pay() (Aborted, or an
    // approval that won the race); this only says whether the request was delivered.
    virtual Result<void> abort(const std::string& abortServiceId,
                               const std::string& paymentServiceId) = 0;
    // TransactionStatus for the payment with ServiceID `paymentServiceId` (in `currency`):
    // the repeated final outcome, InProgress, NotFound, or Unknown when the terminal could
    // not be asked.
    virtual TerminalOutcome transactionStatus(const std::string& statusServiceId,
                                              const std::string& paymentServiceId,
                                              const Currency& currency, Millis timeout) = 0;
    // Refund of a completed payment (attendant only). Approved means reversed.
    virtual TerminalOutcome reversal(const ReversalRequestData& request, Millis timeout) = 0;

    virtual std::string address() const = 0;
    virtual DeviceHealth health() const = 0;
};

}  // namespace kiosk::devices
