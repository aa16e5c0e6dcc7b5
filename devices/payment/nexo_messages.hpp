// The nexo Sale-to-POI message layer (JSON form, as Adyen's Terminal API): building the
// requests kasir sends and reading the answers into TerminalOutcome. No I/O here: the
// transport (nexo_transport.hpp) carries the text, so an encrypted form can wrap it later.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "devices/payment/payment_terminal.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices::nexo {

struct Header {
    std::string protocolVersion;
    std::string messageClass;     // Service | Device | Event
    std::string messageCategory;  // Payment | Abort | TransactionStatus | Reversal | ...
    std::string messageType;      // Request | Response | Notification
    std::string serviceId;
    std::string saleId;
    std::string poiId;
};

enum class Direction { Request, Response };

// A complete message: {"SaleToPOIRequest": {...}} or {"SaleToPOIResponse": {...}} with a
// MessageHeader and one body. `bodyName` is the body's key ("PaymentRequest", ...).
struct Message {
    Direction direction = Direction::Request;
    Header header;
    std::string bodyName;
    std::string bodyJson;  // the body, re-serialised (for the simulator and tests)
};

// Errors say what is wrong in words: not JSON, no SaleToPOIRequest/Response wrapper (a bare
// body or a fragment), no MessageHeader, no body, a header field of the wrong type.
Result<Message> parseMessage(std::string_view text);

// Reads a SaleToPOIResponse to a Payment, TransactionStatus or Reversal into an outcome.
// `exponent` is the currency's minor-unit exponent, for AuthorizedAmount. A Reject
// EventNotification (the terminal could not read our request) is Unavailable with its detail.
Result<TerminalOutcome> parseOutcome(std::string_view text, int exponent);

// Requests kasir sends, as text.
std::string paymentRequest(const TerminalIds& ids, const PaymentRequestData& request);
std::string abortRequest(const TerminalIds& ids, const std::string& abortServiceId,
                         const std::string& paymentServiceId);
std::string transactionStatusRequest(const TerminalIds& ids, const std::string& statusServiceId,
                                     const std::string& paymentServiceId);
std::string reversalRequest(const TerminalIds& ids, const ReversalRequestData& request);

// --- helpers shared with the simulator and the tests ---

// "2023-06-12T12:08:36.123Z"
std::string isoTimestamp(Timestamp ms);
// Decimal text of a minor-unit amount: 1099 with exponent 2 is "10.99". Exact, no floating
// point; used to write JSON numbers.
std::string decimalAmount(int64_t minor, int exponent);
// Minor units of a JSON number as the terminal wrote it ("RequestedAmount": 10.99), exactly:
// the number is read back from its shortest decimal text, never rounded. Refused: negative
// amounts, more decimals than the currency's exponent (0..4), 10^15 major units or more.
Result<int64_t> minorUnits(const nlohmann::json& number, int exponent);
// Strings where booleans are expected ("true") are tolerated, as real messages have them.
bool truthy(const nlohmann::json& value);
// Keeps at most the first 6 and the last 4 digits of a masked PAN; the rest become '*'.
std::string safeMaskedPan(std::string_view pan);
// Masks any run of 13-19 digits (spaces or dashes between them allowed) that passes the Luhn
// check, keeping first 6 / last 4; and removes expiry-date fields' values. For receipt text.
std::string scrubCardNumbers(std::string_view text);
bool luhnValid(std::string_view digits);
DeclineReason declineReasonOf(std::string_view errorCondition);

}  // namespace kiosk::devices::nexo
