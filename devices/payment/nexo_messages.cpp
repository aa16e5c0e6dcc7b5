#include "devices/payment/nexo_messages.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kiosk::devices::nexo {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

Error bad(std::string why) {
    return makeError(ErrorCode::InvalidArgument, "nexo message: " + std::move(why));
}

// nlohmann only writes binary floating point numbers; amounts go out as exact decimal text by
// writing a marker string and replacing it in the dumped text.
constexpr const char* kAmountMarker =
    "\x01"
    "AMOUNT\x01";

std::string dumpWithAmount(const ojson& j, const std::string& amountText) {
    std::string text = j.dump(2);
    const std::string marker = json(kAmountMarker).dump();
    if (auto at = text.find(marker); at != std::string::npos)
        text.replace(at, marker.size(), amountText);
    return text;
}

ojson header(const TerminalIds& ids, const char* category, const std::string& serviceId) {
    return ojson{{"ProtocolVersion", "3.0"},    {"MessageClass", "Service"},
                 {"MessageCategory", category}, {"MessageType", "Request"},
                 {"ServiceID", serviceId},      {"SaleID", ids.saleId},
                 {"POIID", ids.poiId}};
}

std::string str(const json& obj, const char* key) {
    if (!obj.is_object())
        return {};
    auto it = obj.find(key);
    if (it == obj.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<int64_t>());
    return {};
}

const json& at(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object())
        return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

std::string urlDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else if (s[i] == '+') {
            out.push_back(' ');
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Adyen receipt lines are "name=Card&value=%2a%2a1234&key=pan"; others are plain text.
std::string receiptLineText(const std::string& raw) {
    if (raw.find("key=") == std::string::npos)
        return scrubCardNumbers(raw);
    std::string name, value, key;
    size_t pos = 0;
    while (pos <= raw.size()) {
        size_t amp = raw.find('&', pos);
        if (amp == std::string::npos)
            amp = raw.size();
        std::string_view part(raw.data() + pos, amp - pos);
        if (auto eq = part.find('='); eq != std::string_view::npos) {
            auto k = part.substr(0, eq);
            auto v = urlDecode(part.substr(eq + 1));
            if (k == "name")
                name = v;
            else if (k == "value")
                value = v;
            else if (k == "key")
                key = v;
        }
        pos = amp + 1;
    }
    // Expiry dates never reach the receipt kasir keeps.
    if (key.find("xpiry") != std::string::npos || key == "expiryDate")
        return {};
    std::string text = name.empty() ? value : (value.empty() ? name : name + ": " + value);
    return scrubCardNumbers(text);
}

std::vector<std::string> customerReceipt(const json& receipts) {
    std::vector<std::string> lines;
    if (!receipts.is_array())
        return lines;
    for (const json& doc : receipts) {
        if (str(doc, "DocumentQualifier") != "CustomerReceipt")
            continue;
        const json& texts = at(at(doc, "OutputContent"), "OutputText");
        if (!texts.is_array())
            continue;
        for (const json& t : texts) {
            auto line = receiptLineText(str(t, "Text"));
            if (!line.empty())
                lines.push_back(std::move(line));
        }
    }
    return lines;
}

std::string entryModeOf(const json& card) {
    const json& mode = at(card, "EntryMode");
    if (mode.is_string())
        return mode.get<std::string>();
    std::string out;
    if (mode.is_array()) {
        for (const json& m : mode) {
            if (!m.is_string())
                continue;
            if (!out.empty())
                out += ",";
            out += m.get<std::string>();
        }
    }
    return out;
}

// AdditionalResponse is URL-form text; the refusal reason and message help the attendant.
std::string additionalDetail(const std::string& additional) {
    std::string out;
    size_t pos = 0;
    while (pos <= additional.size()) {
        size_t amp = additional.find('&', pos);
        if (amp == std::string::npos)
            amp = additional.size();
        std::string_view part(additional.data() + pos, amp - pos);
        if (auto eq = part.find('='); eq != std::string_view::npos) {
            auto k = part.substr(0, eq);
            if (k == "refusalReason" || k == "message") {
                if (!out.empty())
                    out += "; ";
                out += scrubCardNumbers(urlDecode(part.substr(eq + 1)));
            }
        }
        pos = amp + 1;
    }
    return out;
}

TerminalOutcome outcomeOfResult(const json& response, OutcomeKind successKind) {
    TerminalOutcome o;
    const std::string result = str(response, "Result");
    o.errorCondition = str(response, "ErrorCondition");
    o.detail = additionalDetail(str(response, "AdditionalResponse"));
    if (result == "Success" || result == "Partial") {
        o.kind = successKind;
        o.errorCondition.clear();
        return o;
    }
    const std::string& e = o.errorCondition;
    if (e == "Refusal" || e == "InvalidCard" || e == "WrongPIN" || e == "NotAllowed" ||
        e == "PaymentRestriction") {
        o.kind = OutcomeKind::Declined;
    } else if (e == "Aborted" || e == "Cancel") {
        o.kind = OutcomeKind::Cancelled;
    } else if (e == "Busy") {
        o.kind = OutcomeKind::Busy;
    } else if (e == "InProgress") {
        o.kind = OutcomeKind::InProgress;
    } else if (e == "NotFound") {
        o.kind = OutcomeKind::NotFound;
    } else if (e == "DeviceOut" || e == "UnavailableDevice" || e == "UnavailableService" ||
               e == "LoggedOut" || e == "UnreachableHost" || e == "MessageFormat") {
        o.kind = OutcomeKind::Unavailable;
    } else {
        // A Failure we do not know: nothing was approved.
        o.kind = OutcomeKind::Declined;
    }
    o.declineReason = declineReasonOf(e);
    if (o.detail.empty())
        o.detail = e.empty() ? "the terminal answered Failure" : e;
    return o;
}

Result<TerminalOutcome> paymentOutcome(const json& body, int exponent) {
    if (!body.is_object())
        return bad("PaymentResponse is not an object");
    const json& response = at(body, "Response");
    if (!response.is_object())
        return bad("PaymentResponse has no Response");
    TerminalOutcome o = outcomeOfResult(response, OutcomeKind::Approved);
    const json& result = at(body, "PaymentResult");
    const json& card = at(at(result, "PaymentInstrumentData"), "CardData");
    const json& poi = at(body, "POIData");
    // Only PCI-allowed fields are read; SensitiveCardData (expiry date) is never touched.
    o.approval.maskedPan = safeMaskedPan(str(card, "MaskedPan"));
    o.approval.brand = str(card, "PaymentBrand");
    o.approval.entryMode = entryModeOf(card);
    o.approval.approvalCode = str(at(result, "PaymentAcquirerData"), "ApprovalCode");
    o.approval.poiTransactionId = str(at(poi, "POITransactionID"), "TransactionID");
    o.approval.poiTimestamp = str(at(poi, "POITransactionID"), "TimeStamp");
    o.approval.reconciliationId = str(poi, "POIReconciliationID");
    if (const json& amount = at(at(result, "AmountsResp"), "AuthorizedAmount");
        amount.is_number()) {
        auto minor = minorUnits(amount, exponent);
        if (!minor)
            return minor.error();
        o.approval.authorizedAmount = *minor;
    }
    if (o.kind == OutcomeKind::Approved)
        o.approval.receiptLines = customerReceipt(at(body, "PaymentReceipt"));
    else
        o.approval = Approval{};
    return o;
}

}  // namespace

Result<Message> parseMessage(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return bad("not valid JSON");
    if (!j.is_object())
        return bad("the top level is not a JSON object");
    Message m;
    const json* inner = nullptr;
    if (auto it = j.find("SaleToPOIRequest"); it != j.end()) {
        m.direction = Direction::Request;
        inner = &*it;
    } else if (auto it2 = j.find("SaleToPOIResponse"); it2 != j.end()) {
        m.direction = Direction::Response;
        inner = &*it2;
    } else {
        std::string keys;
        for (auto it3 = j.begin(); it3 != j.end(); ++it3)
            keys += (keys.empty() ? "" : ", ") + it3.key();
        return bad(
            fmt::format("no SaleToPOIRequest or SaleToPOIResponse wrapper (a bare body or "
                        "a fragment; top-level keys: {})",
                        keys.empty() ? "none" : keys));
    }
    if (!inner->is_object())
        return bad("the message wrapper is not an object");
    const json& h = at(*inner, "MessageHeader");
    if (!h.is_object())
        return bad("no MessageHeader");
    for (const char* key : {"MessageClass", "MessageCategory", "MessageType"}) {
        if (!at(h, key).is_string())
            return bad(fmt::format("MessageHeader.{} is missing or not text", key));
    }
    m.header.protocolVersion = str(h, "ProtocolVersion");
    m.header.messageClass = str(h, "MessageClass");
    m.header.messageCategory = str(h, "MessageCategory");
    m.header.messageType = str(h, "MessageType");
    m.header.serviceId = str(h, "ServiceID");
    m.header.saleId = str(h, "SaleID");
    m.header.poiId = str(h, "POIID");
    for (auto it = inner->begin(); it != inner->end(); ++it) {
        if (it.key() == "MessageHeader" || it.key() == "SecurityTrailer")
            continue;
        if (it.key().size() > 7 &&
            (it.key().ends_with("Request") || it.key().ends_with("Response") ||
             it.key().ends_with("Notification"))) {
            m.bodyName = it.key();
            m.bodyJson = it->dump();
            break;
        }
        if (it.key() == "NexoBlob") {
            return makeError(ErrorCode::Unsupported,
                             "nexo message: encrypted (NexoBlob); the local encrypted form is "
                             "not supported yet");
        }
    }
    if (m.bodyName.empty())
        return bad(fmt::format("the {} message has no body", m.header.messageCategory));
    return m;
}

Result<TerminalOutcome> parseOutcome(std::string_view text, int exponent) {
    auto message = parseMessage(text);
    if (!message)
        return message.error();
    const json body = json::parse(message->bodyJson, nullptr, false);
    if (message->direction == Direction::Request) {
        if (message->bodyName == "EventNotification") {
            TerminalOutcome o;
            o.kind = OutcomeKind::Unavailable;
            o.errorCondition = str(body, "EventToNotify");
            o.detail = "the terminal rejected the request: " + str(body, "EventDetails");
            return o;
        }
        return bad(fmt::format("expected a response, got a {}", message->bodyName));
    }
    Result<TerminalOutcome> out = bad("unreachable");
    if (message->bodyName == "PaymentResponse") {
        out = paymentOutcome(body, exponent);
    } else if (message->bodyName == "TransactionStatusResponse") {
        const json& response = at(body, "Response");
        if (!response.is_object())
            return bad("TransactionStatusResponse has no Response");
        TerminalOutcome status = outcomeOfResult(response, OutcomeKind::Approved);
        if (status.kind == OutcomeKind::Approved) {
            const json& repeated =
                at(at(at(body, "RepeatedMessageResponse"), "RepeatedResponseMessageBody"),
                   "PaymentResponse");
            if (!repeated.is_object()) {
                TerminalOutcome o;
                o.kind = OutcomeKind::Unknown;
                o.detail = "the status answer does not repeat the payment's response";
                out = o;
            } else {
                out = paymentOutcome(repeated, exponent);
                if (out)
                    out->serviceId =
                        str(at(at(body, "RepeatedMessageResponse"), "MessageHeader"), "ServiceID");
            }
        } else if (status.kind == OutcomeKind::InProgress || status.kind == OutcomeKind::NotFound) {
            out = status;
        } else {
            // The terminal could not say (busy, out of order): the outcome is still unknown.
            status.kind = OutcomeKind::Unknown;
            out = status;
        }
        if (out && out->serviceId.empty())
            out->serviceId = str(at(body, "MessageReference"), "ServiceID");
        return out;
    } else if (message->bodyName == "ReversalResponse") {
        const json& response = at(body, "Response");
        if (!response.is_object())
            return bad("ReversalResponse has no Response");
        TerminalOutcome o = outcomeOfResult(response, OutcomeKind::Approved);
        o.approval.poiTransactionId =
            str(at(at(body, "POIData"), "POITransactionID"), "TransactionID");
        if (const json& amount = at(body, "ReversedAmount"); amount.is_number()) {
            if (auto minor = minorUnits(amount, exponent))
                o.approval.authorizedAmount = *minor;
        }
        out = o;
    } else {
        return makeError(
            ErrorCode::Unsupported,
            fmt::format("nexo message: kasir does not handle {} answers", message->bodyName));
    }
    if (out && out->serviceId.empty())
        out->serviceId = message->header.serviceId;
    return out;
}

std::string paymentRequest(const TerminalIds& ids, const PaymentRequestData& r) {
    ojson j = {
        {"SaleToPOIRequest",
         {{"MessageHeader", header(ids, "Payment", r.serviceId)},
          {"PaymentRequest",
           {{"SaleData",
             {{"SaleTransactionID",
               {{"TransactionID", r.transactionId}, {"TimeStamp", isoTimestamp(r.timestamp)}}}}},
            {"PaymentTransaction",
             {{"AmountsReq",
               {{"Currency", std::string(r.currency.codeView())},
                {"RequestedAmount", kAmountMarker}}}}}}}}}};
    return dumpWithAmount(j, decimalAmount(r.amount, r.currency.exponent));
}

std::string abortRequest(const TerminalIds& ids, const std::string& abortServiceId,
                         const std::string& paymentServiceId) {
    ojson j = {{"SaleToPOIRequest",
                {{"MessageHeader", header(ids, "Abort", abortServiceId)},
                 {"AbortRequest",
                  {{"MessageReference",
                    {{"MessageCategory", "Payment"},
                     {"ServiceID", paymentServiceId},
                     {"SaleID", ids.saleId}}},
                   {"AbortReason", "MerchantAbort"}}}}}};
    return j.dump(2);
}

std::string transactionStatusRequest(const TerminalIds& ids, const std::string& statusServiceId,
                                     const std::string& paymentServiceId) {
    ojson j = {{"SaleToPOIRequest",
                {{"MessageHeader", header(ids, "TransactionStatus", statusServiceId)},
                 {"TransactionStatusRequest",
                  {{"ReceiptReprintFlag", true},
                   {"DocumentQualifier", {"CashierReceipt", "CustomerReceipt"}},
                   {"MessageReference",
                    {{"MessageCategory", "Payment"},
                     {"SaleID", ids.saleId},
                     {"ServiceID", paymentServiceId}}}}}}}};
    return j.dump(2);
}

std::string reversalRequest(const TerminalIds& ids, const ReversalRequestData& r) {
    ojson j = {{"SaleToPOIRequest",
                {{"MessageHeader", header(ids, "Reversal", r.serviceId)},
                 {"ReversalRequest",
                  {{"ReversalReason", r.reason},
                   {"OriginalPOITransaction",
                    {{"POITransactionID",
                      {{"TransactionID", r.poiTransactionId}, {"TimeStamp", r.poiTimestamp}}}}},
                   {"ReversedAmount", kAmountMarker},
                   {"SaleData",
                    {{"SaleTransactionID",
                      {{"TransactionID", r.transactionId},
                       {"TimeStamp", isoTimestamp(r.timestamp)}}}}}}}}}};
    return dumpWithAmount(j, decimalAmount(r.amount, r.currency.exponent));
}

std::string isoTimestamp(Timestamp ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                       static_cast<int>(((ms % 1000) + 1000) % 1000));
}

std::string decimalAmount(int64_t minor, int exponent) {
    const bool negative = minor < 0;
    // Unsigned so that INT64_MIN has a magnitude.
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    if (exponent > 0) {
        if (digits.size() <= static_cast<size_t>(exponent))
            digits.insert(0, static_cast<size_t>(exponent) + 1 - digits.size(), '0');
        digits.insert(digits.size() - static_cast<size_t>(exponent), ".");
    }
    return negative ? "-" + digits : digits;
}

Result<int64_t> minorUnits(const nlohmann::json& number, int exponent) {
    if (exponent < 0 || exponent > 4)
        return bad(fmt::format("a currency exponent of {} is not supported", exponent));
    if (number.is_number_integer()) {
        if (number.is_number_unsigned() && number.get<uint64_t>() > uint64_t(INT64_MAX))
            return bad("amount out of range");
        int64_t v = number.get<int64_t>();
        if (v < 0)
            return bad("amount is negative");
        for (int i = 0; i < exponent; ++i) {
            if (v > INT64_MAX / 10)
                return bad("amount out of range");
            v *= 10;
        }
        return v;
    }
    if (!number.is_number())
        return bad("amount is not a number");
    const double value = number.get<double>();
    if (!std::isfinite(value) || value < 0)
        return bad("amount is negative or not finite");
    if (value >= 1e15)
        return bad("amount out of range");
    // The JSON library keeps a binary double. Its shortest round-trip decimal text ("12.5" for
    // 12.50, "100" for 100.0) is the amount as written, less trailing zeros; that text is then
    // read exactly. An amount with more decimals than the currency has ("10.999" in EUR, "100.5"
    // in IDR) is refused instead of being rounded to a value the terminal never approved.
    const std::string text = fmt::format("{}", value);
    const auto dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    const auto digitsOnly = [](const std::string& d) {
        return std::all_of(d.begin(), d.end(),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (whole.empty() || !digitsOnly(whole) || !digitsOnly(fraction))
        return bad(fmt::format("amount {} is not a plain decimal", text));
    if (fraction.size() > static_cast<size_t>(exponent))
        return bad(
            fmt::format("amount {} has more decimals than the currency's {}", text, exponent));
    int64_t v = 0;
    for (char c : whole + fraction + std::string(exponent - fraction.size(), '0'))
        v = v * 10 + (c - '0');  // below 10^15 * 10^4: no overflow
    return v;
}

bool truthy(const nlohmann::json& value) {
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_string()) {
        std::string s = value.get<std::string>();
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s == "true" || s == "1" || s == "yes";
    }
    if (value.is_number_integer())
        return value.get<int64_t>() != 0;
    return false;
}

std::string safeMaskedPan(std::string_view pan) {
    int digits = 0;
    for (char c : pan)
        digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    std::string out;
    int seen = 0;
    for (char c : pan) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            ++seen;
            out.push_back(seen <= 6 || seen > digits - 4 ? c : '*');
        } else if (c == '*' || c == ' ' || c == 'X' || c == 'x' || c == '.' || c == '-') {
            out.push_back(c);
        }
    }
    return out;
}

bool luhnValid(std::string_view digits) {
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!std::isdigit(static_cast<unsigned char>(*it)))
            return false;
        int d = *it - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return !digits.empty() && sum % 10 == 0;
}

std::string scrubCardNumbers(std::string_view text) {
    std::string out(text);
    size_t i = 0;
    while (i < out.size()) {
        if (!std::isdigit(static_cast<unsigned char>(out[i]))) {
            ++i;
            continue;
        }
        // A run of digits with single spaces or dashes between them.
        size_t end = i;
        std::vector<size_t> positions;
        while (end < out.size()) {
            if (std::isdigit(static_cast<unsigned char>(out[end]))) {
                positions.push_back(end);
                ++end;
            } else if ((out[end] == ' ' || out[end] == '-') && end + 1 < out.size() &&
                       std::isdigit(static_cast<unsigned char>(out[end + 1]))) {
                ++end;
            } else {
                break;
            }
        }
        if (positions.size() >= 13) {
            std::string digits;
            for (size_t p : positions)
                digits.push_back(out[p]);
            // Any 13-19 digit window that passes Luhn could be a card number: mask the
            // whole run except its first 6 and last 4 digits.
            bool card = false;
            for (size_t len = 13; len <= 19 && !card; ++len) {
                for (size_t s = 0; s + len <= digits.size() && !card; ++s)
                    card = luhnValid(std::string_view(digits).substr(s, len));
            }
            if (card) {
                for (size_t k = 6; k + 4 < positions.size(); ++k)
                    out[positions[k]] = '*';
            }
        }
        i = end;
    }
    return out;
}

DeclineReason declineReasonOf(std::string_view e) {
    if (e == "Refusal")
        return DeclineReason::Refused;
    if (e == "InvalidCard")
        return DeclineReason::InvalidCard;
    if (e == "WrongPIN")
        return DeclineReason::WrongPin;
    if (e == "NotAllowed")
        return DeclineReason::NotAllowed;
    if (e == "PaymentRestriction")
        return DeclineReason::PaymentRestriction;
    if (e == "Busy")
        return DeclineReason::TerminalBusy;
    if (e == "DeviceOut" || e == "UnavailableDevice" || e == "UnavailableService" ||
        e == "LoggedOut" || e == "UnreachableHost")
        return DeclineReason::TerminalUnavailable;
    return DeclineReason::Other;
}

}  // namespace kiosk::devices::nexo
