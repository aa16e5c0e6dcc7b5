// Every public sample message in tests/data/nexo is read by kasir's message layer: responses
// map to the right outcome, bare bodies, fragments and encrypted messages are refused with a
// clear error, and the requests kasir builds have the sample requests' structure.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "devices/payment/nexo_messages.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::devices;
namespace fs = std::filesystem;

const fs::path kDir = fs::path(KASIR_TEST_DATA) / "nexo";

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

enum class Expect {
    Rejected,
    Encrypted,
    Request,
    Approved,
    Declined,
    Cancelled,
    Busy,
    Unavailable,
    Unsupported,
    Unknown
};

struct Case {
    Expect expect;
    DeclineReason reason = DeclineReason::Other;
};

// The README's file table, as outcomes.
const std::map<std::string, Case>& expected() {
    static const std::map<std::string, Case> k = {
        {"adyen-java-api-library/abort-request-missing-abort-reason.json", {Expect::Rejected}},
        {"adyen-java-api-library/abort-request-missing-message-reference.json", {Expect::Rejected}},
        {"adyen-java-api-library/abort-request.json", {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-kek.json", {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-key-transport.json", {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-missing-encapsulated-content.json",
         {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-missing-mac-algorithm.json",
         {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-missing-mac.json", {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-missing-version.json", {Expect::Rejected}},
        {"adyen-java-api-library/authenticated-data-wrong-case.json", {Expect::Rejected}},
        {"adyen-java-api-library/display-request.json", {Expect::Rejected}},
        {"adyen-java-api-library/event-notification-missing-event-to-notify.json",
         {Expect::Rejected}},
        {"adyen-java-api-library/event-notification-missing-timestamp.json", {Expect::Rejected}},
        {"adyen-java-api-library/event-notification.json", {Expect::Rejected}},
        {"adyen-java-api-library/input-request-success.json", {Expect::Unsupported}},
        {"adyen-java-api-library/login-request.json", {Expect::Rejected}},
        {"adyen-java-api-library/message-header.json", {Expect::Rejected}},
        {"adyen-java-api-library/message-reference.json", {Expect::Rejected}},
        {"adyen-java-api-library/payment-local-additional-attributes.json", {Expect::Encrypted}},
        {"adyen-java-api-library/payment-local-success.json", {Expect::Encrypted}},
        {"adyen-java-api-library/payment-sync-additional-attributes.json", {Expect::Approved}},
        {"adyen-java-api-library/payment-sync-error-empty.json", {Expect::Unavailable}},
        {"adyen-java-api-library/payment-sync-success-storedvalue.json", {Expect::Unsupported}},
        {"adyen-java-api-library/payment-sync-success.json", {Expect::Approved}},
        {"adyen-java-api-library/sale-terminal-data-empty-capabilities.json", {Expect::Rejected}},
        {"adyen-java-api-library/sale-terminal-data.json", {Expect::Rejected}},
        {"adyen-java-api-library/sale-to-poi-response-diagnosis.json", {Expect::Rejected}},
        {"adyen-java-api-library/sale-to-poi-response-display.json", {Expect::Rejected}},
        {"adyen-java-api-library/sale-to-poi-response-missing-message-header.json",
         {Expect::Rejected}},
        {"adyen-java-api-library/sale-to-poi-response-transaction-status.json", {Expect::Rejected}},
        {"adyen-mock-terminal-api/abortPayment/abortPaymentRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/abortPayment/abortPaymentResponse.json", {Expect::Cancelled}},
        {"adyen-mock-terminal-api/notification/invalidJsonObjectNotificationResponse.json",
         {Expect::Unavailable}},
        {"adyen-mock-terminal-api/payment/124_paymentNotEnoughBalanceRequest.json",
         {Expect::Request}},
        {"adyen-mock-terminal-api/payment/124_paymentNotEnoughBalanceResponse.json",
         {Expect::Declined, DeclineReason::Refused}},
        {"adyen-mock-terminal-api/payment/125_paymentCardBlockedRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/125_paymentCardBlockedResponse.json",
         {Expect::Declined, DeclineReason::Refused}},
        {"adyen-mock-terminal-api/payment/126_paymentCardExpiredRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/126_paymentCardExpiredResponse.json",
         {Expect::Declined, DeclineReason::Refused}},
        {"adyen-mock-terminal-api/payment/127_paymentInvalidAmountRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/127_paymentInvalidAmountResponse.json",
         {Expect::Declined, DeclineReason::Refused}},
        {"adyen-mock-terminal-api/payment/128_paymentInvalidCardRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/128_paymentInvalidCardResponse.json",
         {Expect::Declined, DeclineReason::InvalidCard}},
        {"adyen-mock-terminal-api/payment/134_paymentWrongPinRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/134_paymentWrongPinResponse.json",
         {Expect::Declined, DeclineReason::WrongPin}},
        {"adyen-mock-terminal-api/payment/paymentRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/payment/paymentResponse.json", {Expect::Approved}},
        {"adyen-mock-terminal-api/paymentBusy/paymentBusyResponse.json", {Expect::Busy}},
        {"adyen-mock-terminal-api/paymentTransactionStatus/paymentTransactionStatusRequest.json",
         {Expect::Request}},
        {"adyen-mock-terminal-api/paymentTransactionStatus/paymentTransactionStatusResponse.json",
         {Expect::Approved}},
        {"adyen-mock-terminal-api/reversal/reversalRequest.json", {Expect::Request}},
        {"adyen-mock-terminal-api/reversal/reversalResponse.json", {Expect::Approved}},
    };
    return k;
}

std::vector<std::string> fixtureFiles() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(kDir)) {
        if (e.is_regular_file() && e.path().extension() == ".json")
            out.push_back(fs::relative(e.path(), kDir).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(NexoConformance, EveryFixtureIsListedAndAllFiftyTwoArePresent) {
    const auto files = fixtureFiles();
    EXPECT_EQ(files.size(), 52u);
    for (const auto& f : files) {
        EXPECT_TRUE(expected().count(f)) << f << " has no expected outcome";
    }
    for (const auto& [f, c] : expected()) {
        EXPECT_TRUE(fs::exists(kDir / f)) << f;
    }
}

TEST(NexoConformance, EveryFixtureGetsItsOutcomeOrAClearError) {
    for (const auto& file : fixtureFiles()) {
        SCOPED_TRACE(file);
        const Case c = expected().at(file);
        const std::string text = readFile(kDir / file);
        auto message = nexo::parseMessage(text);
        auto outcome = nexo::parseOutcome(text, 2);
        switch (c.expect) {
            case Expect::Rejected:
                ASSERT_FALSE(message);
                EXPECT_EQ(message.error().code, ErrorCode::InvalidArgument);
                EXPECT_NE(message.error().message.find("nexo message:"), std::string::npos);
                EXPECT_FALSE(outcome);
                break;
            case Expect::Encrypted:
                ASSERT_FALSE(message);
                EXPECT_EQ(message.error().code, ErrorCode::Unsupported);
                EXPECT_NE(message.error().message.find("encrypted"), std::string::npos);
                break;
            case Expect::Request:
                ASSERT_TRUE(message) << message.error().message;
                EXPECT_EQ(message->direction, nexo::Direction::Request);
                EXPECT_EQ(message->bodyName, message->header.messageCategory + "Request");
                EXPECT_FALSE(outcome);  // a request is not an answer
                break;
            case Expect::Unsupported:
                ASSERT_TRUE(message) << message.error().message;
                ASSERT_FALSE(outcome);
                EXPECT_EQ(outcome.error().code, ErrorCode::Unsupported);
                break;
            default: {
                ASSERT_TRUE(outcome) << outcome.error().message;
                const std::map<Expect, OutcomeKind> kinds = {
                    {Expect::Approved, OutcomeKind::Approved},
                    {Expect::Declined, OutcomeKind::Declined},
                    {Expect::Cancelled, OutcomeKind::Cancelled},
                    {Expect::Busy, OutcomeKind::Busy},
                    {Expect::Unavailable, OutcomeKind::Unavailable},
                    {Expect::Unknown, OutcomeKind::Unknown}};
                EXPECT_EQ(outcome->kind, kinds.at(c.expect)) << toString(outcome->kind);
                if (c.expect == Expect::Declined) {
                    EXPECT_EQ(outcome->declineReason, c.reason);
                }
                if (c.expect != Expect::Approved) {
                    EXPECT_TRUE(outcome->approval.maskedPan.empty());
                }
                break;
            }
        }
    }
}

TEST(NexoConformance, ApprovalFromTransactionStatusKeepsOnlyAllowedCardData) {
    const std::string text = readFile(
        kDir /
        "adyen-mock-terminal-api/paymentTransactionStatus/paymentTransactionStatusResponse.json");
    auto o = nexo::parseOutcome(text, 2);
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_EQ(o->kind, OutcomeKind::Approved);
    EXPECT_EQ(o->approval.brand, "mc");
    EXPECT_EQ(o->approval.entryMode, "Contactless");
    EXPECT_EQ(o->approval.approvalCode, "1234");
    EXPECT_EQ(o->approval.reconciliationId, "1234");
    EXPECT_EQ(o->approval.poiTransactionId, "21f1268f-9126-4bce-b127-9c2d5ffa024e");
    EXPECT_EQ(o->approval.authorizedAmount, 1099);
    EXPECT_EQ(o->serviceId, "1234567890AB");
    EXPECT_FALSE(o->approval.receiptLines.empty());
    // "ExpiryDate": "1234" is in SensitiveCardData; nothing of it may come through.
    for (const auto& line : o->approval.receiptLines) {
        EXPECT_EQ(line.find("xpir"), std::string::npos) << line;
    }
}

TEST(NexoConformance, WrongPinResponseDropsTheExpiryDate) {
    const std::string text =
        readFile(kDir / "adyen-mock-terminal-api/payment/134_paymentWrongPinResponse.json");
    auto o = nexo::parseOutcome(text, 2);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->kind, OutcomeKind::Declined);
    EXPECT_EQ(o->errorCondition, "WrongPIN");
    EXPECT_NE(o->detail.find("Invalid online PIN"), std::string::npos) << o->detail;
    EXPECT_EQ(o->detail.find("0330"), std::string::npos);
}

TEST(NexoConformance, UnknownFieldsAreIgnored) {
    auto plain =
        nexo::parseOutcome(readFile(kDir / "adyen-java-api-library/payment-sync-success.json"), 2);
    auto extra = nexo::parseOutcome(
        readFile(kDir / "adyen-java-api-library/payment-sync-additional-attributes.json"), 2);
    ASSERT_TRUE(plain);
    ASSERT_TRUE(extra);
    EXPECT_EQ(plain->kind, extra->kind);
    EXPECT_EQ(plain->approval.maskedPan, extra->approval.maskedPan);
    EXPECT_EQ(plain->approval.poiTransactionId, extra->approval.poiTransactionId);
}

TEST(NexoConformance, StringBooleansAreTolerated) {
    EXPECT_TRUE(nexo::truthy(nlohmann::json("true")));
    EXPECT_TRUE(nexo::truthy(nlohmann::json(true)));
    EXPECT_FALSE(nexo::truthy(nlohmann::json("false")));
    EXPECT_FALSE(nexo::truthy(nlohmann::json(nullptr)));
}

// Every key path of a JSON document, with the JSON type at the leaves.
void paths(const nlohmann::json& j, const std::string& prefix, std::set<std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            paths(*it, prefix + "/" + it.key(), out);
    } else if (j.is_array()) {
        for (const auto& e : j)
            paths(e, prefix + "[]", out);
        if (j.empty())
            out.insert(prefix + "[]");
    } else {
        out.insert(prefix + ":" +
                   (j.is_number()    ? "number"
                    : j.is_string()  ? "string"
                    : j.is_boolean() ? "boolean"
                                     : "other"));
    }
}

void expectSameStructure(const std::string& sampleFile, const std::string& ours,
                         const std::set<std::string>& sampleOnly,
                         const std::set<std::string>& oursOnly) {
    SCOPED_TRACE(sampleFile);
    std::set<std::string> a, b;
    paths(nlohmann::json::parse(readFile(kDir / sampleFile)), "", a);
    auto parsedOurs = nlohmann::json::parse(ours, nullptr, false);
    ASSERT_FALSE(parsedOurs.is_discarded()) << ours;
    paths(parsedOurs, "", b);
    for (const auto& p : a) {
        if (!sampleOnly.count(p)) {
            EXPECT_TRUE(b.count(p)) << "kasir's request lacks " << p;
        }
    }
    for (const auto& p : b) {
        if (!oursOnly.count(p)) {
            EXPECT_TRUE(a.count(p)) << "kasir's request has " << p << ", the sample does not";
        }
    }
    // And kasir reads its own request back as the same message.
    auto m = nexo::parseMessage(ours);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->direction, nexo::Direction::Request);
}

TerminalIds ids() {
    return TerminalIds{"KIOSK1", "V400m-123456789"};
}

TEST(NexoConformance, PaymentRequestHasTheSampleStructure) {
    PaymentRequestData r;
    r.serviceId = "K00000042";
    r.transactionId = "8f14e45f-ceea-467f-a0e6-7a3b2c1d0e9f";
    r.timestamp = 1'700'000'000'123;
    r.amount = 1234;
    r.currency = currencyEur();
    const std::string ours = nexo::paymentRequest(ids(), r);
    expectSameStructure("adyen-mock-terminal-api/payment/paymentRequest.json", ours,
                        {"/SaleToPOIRequest/PaymentRequest/SaleData/SaleToAcquirerData:string"},
                        {});
    // The amount is the exact decimal, as a JSON number.
    EXPECT_NE(ours.find("\"RequestedAmount\": 12.34"), std::string::npos) << ours;
    auto j = nlohmann::json::parse(ours);
    EXPECT_EQ(j["SaleToPOIRequest"]["MessageHeader"]["ServiceID"], "K00000042");
    EXPECT_EQ(j["SaleToPOIRequest"]["PaymentRequest"]["SaleData"]["SaleTransactionID"]["TimeStamp"],
              "2023-11-14T22:13:20.123Z");
}

TEST(NexoConformance, IdrAmountsHaveNoDecimals) {
    PaymentRequestData r;
    r.serviceId = "K1";
    r.transactionId = "t";
    r.amount = 150000;
    r.currency = currencyIdr();
    EXPECT_NE(nexo::paymentRequest(ids(), r).find("\"RequestedAmount\": 150000"),
              std::string::npos);
    EXPECT_EQ(nexo::decimalAmount(5, 2), "0.05");
    EXPECT_EQ(nexo::decimalAmount(-1099, 2), "-10.99");
    EXPECT_EQ(nexo::decimalAmount(7, 3), "0.007");
}

TEST(NexoConformance, AbortStatusAndReversalRequestsHaveTheSampleStructure) {
    expectSameStructure("adyen-mock-terminal-api/abortPayment/abortPaymentRequest.json",
                        nexo::abortRequest(ids(), "K2", "K1"), {}, {});
    expectSameStructure(
        "adyen-mock-terminal-api/paymentTransactionStatus/paymentTransactionStatusRequest.json",
        nexo::transactionStatusRequest(ids(), "K3", "K1"), {}, {});
    ReversalRequestData r;
    r.serviceId = "K4";
    r.transactionId = "sale";
    r.poiTransactionId = "poi-tx";
    r.poiTimestamp = "2023-05-12T12:08:36+00:00";
    r.amount = 100;
    r.currency = currencyEur();
    expectSameStructure("adyen-mock-terminal-api/reversal/reversalRequest.json",
                        nexo::reversalRequest(ids(), r),
                        {"/SaleToPOIRequest/ReversalRequest/SaleData/SaleToAcquirerData:string"},
                        {"/SaleToPOIRequest/ReversalRequest/ReversedAmount:number"});
}

TEST(NexoConformance, MalformedTextGetsAClearError) {
    for (const char* bad : {"", "{", "[1,2]", "\"text\"", "{\"SaleToPOIResponse\": 3}",
                            "{\"SaleToPOIResponse\": {\"PaymentResponse\": {}}}",
                            "{\"SaleToPOIResponse\": {\"MessageHeader\": {\"MessageClass\": "
                            "\"Service\", \"MessageCategory\": \"Payment\", \"MessageType\": "
                            "\"Response\"}}}"}) {
        SCOPED_TRACE(bad);
        auto m = nexo::parseOutcome(bad, 2);
        ASSERT_FALSE(m);
        EXPECT_FALSE(m.error().message.empty());
    }
}

TEST(NexoConformance, CardNumbersAreMaskedAndPansCut) {
    EXPECT_EQ(nexo::safeMaskedPan("5413330089099999"), "541333******9999");
    EXPECT_EQ(nexo::safeMaskedPan("600007 **** 7003"), "600007 **** 7003");
    EXPECT_EQ(nexo::scrubCardNumbers("Card 4111 1111 1111 1111 ok"), "Card 4111 11** **** 1111 ok");
    EXPECT_EQ(nexo::scrubCardNumbers("order 1234567890123"), "order 1234567890123");  // not Luhn
    EXPECT_TRUE(nexo::luhnValid("378282246310005"));
    EXPECT_FALSE(nexo::luhnValid("378282246310006"));
}

}  // namespace

namespace {

kiosk::Result<int64_t> amountOf(const std::string& jsonNumber, int exponent) {
    return kiosk::devices::nexo::minorUnits(nlohmann::json::parse(jsonNumber), exponent);
}

TEST(NexoAmounts, DecimalNumbersBecomeExactMinorUnits) {
    EXPECT_EQ(*amountOf("10.99", 2), 1099);
    EXPECT_EQ(*amountOf("12.50", 2), 1250);
    EXPECT_EQ(*amountOf("12.5", 2), 1250);
    EXPECT_EQ(*amountOf("0.1", 2), 10);
    EXPECT_EQ(*amountOf("0.29", 2), 29);  // 0.29 * 100 is 28.999999999999996 in doubles
    EXPECT_EQ(*amountOf("1099", 2), 109900);
    EXPECT_EQ(*amountOf("25000", 0), 25000);
    EXPECT_EQ(*amountOf("100.0", 0), 100);  // IDR written with a trailing zero
    EXPECT_EQ(*amountOf("123456789012.34", 2), 12345678901234);
    EXPECT_EQ(*amountOf("1.234", 3), 1234);  // e.g. KWD, BHD
}

TEST(NexoAmounts, AmountsThatAreNotMoneyAreRefusedNotRounded) {
    EXPECT_FALSE(amountOf("10.999", 2));  // more decimals than EUR has
    EXPECT_FALSE(amountOf("100.5", 0));   // half a rupiah
    EXPECT_FALSE(amountOf("-5.00", 2));
    EXPECT_FALSE(amountOf("-5", 2));
    EXPECT_FALSE(amountOf("1e300", 2));
    EXPECT_FALSE(amountOf("1e-7", 2));
    EXPECT_FALSE(amountOf("\"10.99\"", 2));  // a string is not a JSON number
    EXPECT_FALSE(amountOf("18446744073709551615", 0));
    EXPECT_FALSE(amountOf("922337203685477580", 2));  // overflows once scaled
    EXPECT_FALSE(amountOf("10", 7));                  // no such currency exponent
}

}  // namespace
