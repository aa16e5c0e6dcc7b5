// The kiosk's card-data rule: after payments with test cards (through a terminal that sends
// expiry dates and, carelessly, a full card number in a receipt line), neither the database
// nor the log holds a 13-19 digit sequence passing the Luhn check, nor an expiry date.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "devices/payment/nexo_messages.hpp"
#include "payment_fixtures.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::payment;
using namespace kiosk::payment::testing;
using devices::sim::SimFault;
using devices::sim::SimOutcome;
using devices::sim::SimRule;

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isHexOrDash(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
}

// Whether position `at` lies in a token of at least 32 hex digits (dashes allowed) holding
// at least one letter, or one digit repeated: a SHA-256 value, a uuid, or the audit chain's
// genesis value (64 zeros, which passes Luhn like any run of zeros).
bool insideHexToken(const std::string& data, size_t at) {
    size_t from = at;
    while (from > 0 && isHexOrDash(data[from - 1]))
        --from;
    size_t to = at;
    while (to < data.size() && isHexOrDash(data[to]))
        ++to;
    size_t hex = 0;
    bool letter = false;
    bool oneDigit = true;
    for (size_t k = from; k < to; ++k) {
        hex += data[k] != '-';
        letter = letter || (!isDigit(data[k]) && data[k] != '-');
        oneDigit = oneDigit && data[k] == data[from];
    }
    return hex >= 32 && (letter || oneDigit);
}

// Card-number candidates: runs of digits (single spaces or dashes between them allowed) with a
// 13-19 digit window that passes the Luhn check.
std::vector<std::string> cardNumbers(const std::string& data) {
    std::vector<std::string> found;
    size_t i = 0;
    while (i < data.size()) {
        if (!isDigit(data[i])) {
            ++i;
            continue;
        }
        // Hashes and uuids are long hex tokens whose digit runs pass Luhn by chance (one in
        // ten); a card number is never written as part of one.
        if (insideHexToken(data, i)) {
            while (i < data.size() && isHexOrDash(data[i]))
                ++i;
            continue;
        }
        std::string digits;
        size_t end = i;
        while (end < data.size()) {
            if (isDigit(data[end])) {
                digits.push_back(data[end++]);
            } else if ((data[end] == ' ' || data[end] == '-') && end + 1 < data.size() &&
                       isDigit(data[end + 1])) {
                ++end;
            } else {
                break;
            }
        }
        for (size_t len = 13; len <= 19; ++len) {
            for (size_t s = 0; s + len <= digits.size(); ++s) {
                if (devices::nexo::luhnValid(std::string_view(digits).substr(s, len))) {
                    // With its surroundings, so a failure shows where the digits sit.
                    const size_t from = i >= 24 ? i - 24 : 0;
                    std::string context = data.substr(from, end + 24 - from);
                    for (char& c : context)
                        if (static_cast<unsigned char>(c) < 0x20 ||
                            static_cast<unsigned char>(c) > 0x7e)
                            c = '.';
                    found.push_back(digits.substr(s, len) + " in \"" + context + "\"");
                }
            }
        }
        i = end;
    }
    return found;
}

// The simulator's test cards expire 12/28, 03/30 and 11/27.
std::vector<std::string> expiryDates(const std::string& data) {
    std::vector<std::string> found;
    for (const char* pattern :
         {"12/28", "03/30", "11/27", "12/2028", "03/2030", "11/2027", "12%2f28", "03%2f30",
          "11%2f27", "12%2F28", "03%2F30", "11%2F27", "ExpiryDate", "expiryDate"}) {
        if (data.find(pattern) != std::string::npos)
            found.push_back(pattern);
    }
    // MMYY as a number of its own.
    for (const char* mmyy : {"1228", "0330", "1127"}) {
        for (size_t at = data.find(mmyy); at != std::string::npos; at = data.find(mmyy, at + 1)) {
            const bool left = at == 0 || !isDigit(data[at - 1]);
            const bool right = at + 4 >= data.size() || !isDigit(data[at + 4]);
            if (left && right)
                found.push_back(std::string(mmyy) + " at " + std::to_string(at));
        }
    }
    return found;
}

TEST(CardData, TheScannerFindsWhatTheTerminalSends) {
    devices::sim::SimOptions o;
    o.tapDelayMs = 0;
    o.leakyReceipts = true;
    auto sim = devices::sim::TerminalSimulator::start(o);
    ASSERT_TRUE(sim);
    auto url = devices::parseDeviceUrl((*sim)->url());
    auto transport = devices::makeHttpTransport(*url, {});
    devices::PaymentRequestData r{"C1", "control", 0, 1234, currencyEur()};
    auto reply = (*transport)->post(devices::nexo::paymentRequest({"K", "P"}, r), 5000);
    ASSERT_EQ(reply.status, devices::TransportStatus::Ok);
    // A positive control: the raw answer has both, so the scan below can fail.
    EXPECT_FALSE(cardNumbers(reply.body).empty());
    EXPECT_FALSE(expiryDates(reply.body).empty());
}

TEST(CardData, NoCardNumberOrExpiryDateInTheDatabaseOrTheLog) {
    TempDir dir;
    const std::string logPath = dir.file("kiosk.log");
    auto logger = spdlog::basic_logger_mt("card-data", logPath);
    logger->set_level(spdlog::level::trace);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(logger);

    devices::sim::SimOptions o;
    o.ledgerPath = dir.file("bank.jsonl");
    o.tapDelayMs = 20;
    o.noAnswerMs = 300;
    o.leakyReceipts = true;
    auto sim = devices::sim::TerminalSimulator::start(o);
    ASSERT_TRUE(sim);
    auto terminal = driverFor((*sim)->url());
    const std::string db = dir.file("kasir.db");
    auto journal = openStore(db);
    {
        PaymentService service(*terminal, openStore(db), PaymentIds{"S1", "KIOSK1", "K"},
                               fastOptions());
        const SimRule script[] = {
            {SimOutcome::Approve, SimFault::None, 0},
            {SimOutcome::Approve, SimFault::DropAfterApprove, 0},
            {SimOutcome::Approve, SimFault::HalfResponse, 0},
            {SimOutcome::Approve, SimFault::Malformed, 0},
            {SimOutcome::WrongPin, SimFault::None, 0},
            {SimOutcome::Refusal, SimFault::None, 0},
            {SimOutcome::InvalidCard, SimFault::None, 0},
            {SimOutcome::Approve, SimFault::CrashAfterApprove, 0},
            {SimOutcome::Approve, SimFault::None, 0},
            {SimOutcome::Approve, SimFault::None, 0},
        };
        int n = 0;
        int approved = 0;
        for (const SimRule& rule : script) {
            const std::string sale = "card-" + std::to_string(n++);
            (*sim)->clearRules();
            (*sim)->pushRule(rule);
            service.start(StartPayment{sale, 1000 + n, currencyEur(), 1});
            auto e = waitEvent(service);
            ASSERT_TRUE(e);
            if (auto* ok = std::get_if<PaymentApproved>(&*e)) {
                ++approved;
                EXPECT_TRUE(journal->completeSale(saleWith(sale, 1000 + n, {ok->tender})));
                // The receipt lines kept for printing are masked too.
                bool sawPan = false;
                for (const auto& line : ok->tender.receiptLines)
                    sawPan = sawPan || line.find("Account") != std::string::npos;
                EXPECT_TRUE(sawPan) << "the leaky line should be kept, masked";
            }
        }
        EXPECT_EQ(approved, 7);
        auto refund = service.refund("card-0", "staff-1", "test");
        ASSERT_TRUE(refund) << refund.error().message;
        EXPECT_TRUE(refund->reversed);
    }
    logger->flush();
    spdlog::set_default_logger(previous);

    // The payments are in there (masked): the scan looks at real data.
    const std::string stored = readAll(db) + readAll(db + "-wal");
    EXPECT_NE(stored.find("Account: "), std::string::npos);
    EXPECT_NE(stored.find("Contactless"), std::string::npos);
    for (const std::string& file : {db, db + "-wal", logPath}) {
        SCOPED_TRACE(file);
        const std::string data = readAll(file);
        if (file != db + "-wal") {
            EXPECT_FALSE(data.empty());
        }
        const auto cards = cardNumbers(data);
        EXPECT_TRUE(cards.empty()) << cards.size() << " card numbers, first " << cards.front();
        const auto dates = expiryDates(data);
        EXPECT_TRUE(dates.empty()) << dates.size() << " expiry dates, first " << dates.front();
    }
}

}  // namespace
