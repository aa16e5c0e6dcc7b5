// The simulator: a small HTTP/1.1 server on POSIX sockets (one thread per connection, so a
// fault can close, half-write or stall one connection exactly where a test wants it) and a
// nexo terminal behind it: one payment at a time, a transaction log that survives restarts,
// and the bank's ledger in a file.
#include "devices/payment/sim/terminal_sim.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "devices/payment/nexo_messages.hpp"

namespace kiosk::devices::sim {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

Timestamp nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct TestCard {
    const char* pan;
    const char* brand;
    const char* expiry;
};
// Public test card numbers (they pass the Luhn check; no real account behind them).
constexpr TestCard kCards[] = {
    {"4111111111111111", "visa", "1228"},
    {"5555555555554444", "mc", "0330"},
    {"378282246310005", "amex", "1127"},
};

const TestCard& cardFor(const std::string& serviceId) {
    size_t h = std::hash<std::string>{}(serviceId);
    return kCards[h % std::size(kCards)];
}

std::string maskedPan(const std::string& pan) {
    return pan.substr(0, 6) + " **** " + pan.substr(pan.size() - 4);
}

json amountNumber(int64_t minor, int exponent) {
    return json::parse(nexo::decimalAmount(minor, exponent));
}

bool sendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

std::string httpHead(size_t length) {
    return fmt::format(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
        "Connection: close\r\n\r\n",
        length);
}

struct FileRule {
    enum class Match { Any, Amount, Last, Nth } match = Match::Any;
    int64_t value = 0;
    int digits = 0;  // Last: how many trailing digits
    SimRule rule;
};

struct Txn {
    std::string serviceId;
    std::string saleId;
    std::string transactionId;
    std::string saleTimestamp;
    int64_t amount = 0;
    std::string currency;
    int exponent = 2;
    SimOutcome outcome = SimOutcome::Approve;
    std::string poiTransactionId;
    std::string poiTimestamp;
};

int exponentOf(const std::string& currency) {
    static const std::map<std::string, int> k = {{"IDR", 0}, {"JPY", 0}, {"KRW", 0},
                                                 {"VND", 0}, {"CLP", 0}, {"ISK", 0},
                                                 {"KWD", 3}, {"BHD", 3}, {"JOD", 3}};
    auto it = k.find(currency);
    return it == k.end() ? 2 : it->second;
}

}  // namespace

const char* toString(SimOutcome o) {
    switch (o) {
        case SimOutcome::Approve:
            return "approve";
        case SimOutcome::Refusal:
            return "refusal";
        case SimOutcome::InvalidCard:
            return "invalid-card";
        case SimOutcome::WrongPin:
            return "wrong-pin";
        case SimOutcome::NotAllowed:
            return "not-allowed";
        case SimOutcome::PaymentRestriction:
            return "restriction";
        case SimOutcome::Cancel:
            return "cancel";
    }
    return "approve";
}

const char* toString(SimFault f) {
    switch (f) {
        case SimFault::None:
            return "none";
        case SimFault::DropBeforeProcessing:
            return "drop-before";
        case SimFault::IgnoreRequest:
            return "ignore";
        case SimFault::DropAfterApprove:
            return "drop-after";
        case SimFault::HalfResponse:
            return "half-response";
        case SimFault::HalfResponseStall:
            return "half-stall";
        case SimFault::Late:
            return "late";
        case SimFault::NoAnswer:
            return "no-answer";
        case SimFault::RestartDuring:
            return "restart";
        case SimFault::CrashAfterApprove:
            return "crash-after";
        case SimFault::Malformed:
            return "malformed";
    }
    return "none";
}

Result<SimRule> parseRule(std::string_view outcome, std::string_view fault) {
    SimRule rule;
    bool found = false;
    for (SimOutcome o :
         {SimOutcome::Approve, SimOutcome::Refusal, SimOutcome::InvalidCard, SimOutcome::WrongPin,
          SimOutcome::NotAllowed, SimOutcome::PaymentRestriction, SimOutcome::Cancel}) {
        if (outcome == toString(o)) {
            rule.outcome = o;
            found = true;
        }
    }
    if (!found) {
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("unknown outcome '{}' (approve, refusal, invalid-card, "
                                     "wrong-pin, not-allowed, restriction, cancel)",
                                     outcome));
    }
    if (fault.empty())
        return rule;
    std::string_view name = fault;
    std::string_view arg;
    if (auto colon = fault.find(':'); colon != std::string_view::npos) {
        name = fault.substr(0, colon);
        arg = fault.substr(colon + 1);
    }
    found = false;
    for (SimFault f : {SimFault::None, SimFault::DropBeforeProcessing, SimFault::IgnoreRequest,
                       SimFault::DropAfterApprove, SimFault::HalfResponse,
                       SimFault::HalfResponseStall, SimFault::Late, SimFault::NoAnswer,
                       SimFault::RestartDuring, SimFault::CrashAfterApprove, SimFault::Malformed}) {
        if (name == toString(f)) {
            rule.fault = f;
            found = true;
        }
    }
    if (!found) {
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("unknown fault '{}' (drop-before, ignore, drop-after, "
                                     "half-response, half-stall, late:MS, no-answer, restart, "
                                     "crash-after, malformed)",
                                     fault));
    }
    if (rule.fault == SimFault::Late) {
        rule.lateMs = 3000;
        if (!arg.empty()) {
            try {
                rule.lateMs = std::stoll(std::string(arg));
            } catch (...) {
                return makeError(ErrorCode::InvalidArgument,
                                 fmt::format("late:{}: milliseconds expected", arg));
            }
        }
    }
    return rule;
}

struct TerminalSimulator::Impl {
    SimOptions opt;
    mutable std::mutex mu;
    std::condition_variable cv;
    int listenFd = -1;
    int port = 0;
    bool paused = false;
    bool stopping = false;
    uint64_t generation = 0;
    std::thread acceptThread;
    std::set<int> connections;
    int activeThreads = 0;
    std::deque<SimRule> queue;
    std::vector<FileRule> fileRules;
    int64_t nth = 0;
    std::map<std::string, Txn> decided;  // by ServiceID: the terminal's transaction log
    // ServiceIDs this terminal answered NotFound for. A request that arrives after that answer
    // (it sat in a socket buffer while the kiosk asked) is refused: the kiosk was told it
    // never arrived and has moved on, so acting on it would charge a sale nobody completes.
    std::set<std::string> disowned;
    struct InFlight {
        std::string serviceId;
        bool abort = false;
    };
    std::optional<InFlight> inflight;
    std::vector<LedgerEntry> ledgerEntries;
    std::set<std::string> reversed;  // POI transaction ids
    SimCounts counts;
    std::function<void(const SimEvent&)> callback;
    std::atomic<Millis> tapDelay{1500};

    ~Impl() { shutdownAll(); }

    void emit(SimEventKind kind, const std::string& serviceId) {
        std::function<void(const SimEvent&)> cb;
        {
            std::lock_guard lock(mu);
            cb = callback;
        }
        if (cb)
            cb(SimEvent{kind, serviceId});
    }

    Result<void> listenNow() {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return makeError(ErrorCode::Io, fmt::format("socket: {}", std::strerror(errno)));
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        if (::inet_pton(AF_INET, opt.host.c_str(), &addr.sin_addr) != 1) {
            ::close(fd);
            return makeError(ErrorCode::InvalidArgument,
                             fmt::format("simulator host '{}' is not an IPv4 address", opt.host));
        }
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd, 16) != 0) {
            const int e = errno;
            ::close(fd);
            return makeError(ErrorCode::Io, fmt::format("cannot listen on {}:{}: {}", opt.host,
                                                        port, std::strerror(e)));
        }
        socklen_t len = sizeof addr;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        listenFd = fd;
        return {};
    }

    void acceptLoop() {
        for (;;) {
            int fd;
            {
                std::lock_guard lock(mu);
                if (stopping)
                    return;
                // Only this thread closes the listening socket, so the number it polls is
                // never a descriptor the process has reused meanwhile.
                if (paused && listenFd >= 0) {
                    ::close(listenFd);
                    listenFd = -1;
                    cv.notify_all();
                }
                fd = listenFd;
            }
            if (fd < 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            int conn = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (conn < 0)
                continue;
            std::lock_guard lock(mu);
            if (stopping || paused) {
                ::close(conn);
                continue;
            }
            connections.insert(conn);
            ++activeThreads;
            std::thread([this, conn, gen = generation] { serve(conn, gen); }).detach();
        }
    }

    void shutdownAll() {
        {
            std::lock_guard lock(mu);
            if (stopping && !acceptThread.joinable())
                return;
            stopping = true;
            ++generation;
            for (int fd : connections)
                ::shutdown(fd, SHUT_RDWR);
            cv.notify_all();
        }
        if (acceptThread.joinable())
            acceptThread.join();
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return activeThreads == 0; });
        if (listenFd >= 0) {
            ::close(listenFd);
            listenFd = -1;
        }
    }

    bool current(uint64_t gen) const { return !stopping && generation == gen; }

    // Reads one HTTP request; empty on a closed link, a restart or garbage.
    std::optional<std::string> readRequest(int fd, uint64_t gen) {
        std::string data;
        size_t bodyStart = std::string::npos;
        size_t length = 0;
        char buf[8192];
        for (;;) {
            {
                std::lock_guard lock(mu);
                if (!current(gen))
                    return std::nullopt;
            }
            pollfd p{fd, POLLIN, 0};
            int r = ::poll(&p, 1, 100);
            if (r == 0)
                continue;
            if (r < 0)
                return std::nullopt;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                return std::nullopt;
            data.append(buf, static_cast<size_t>(n));
            if (data.size() > (1u << 20))
                return std::nullopt;
            if (bodyStart == std::string::npos) {
                auto end = data.find("\r\n\r\n");
                if (end == std::string::npos)
                    continue;
                bodyStart = end + 4;
                std::string head = data.substr(0, end);
                for (char& c : head)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                auto cl = head.find("content-length:");
                if (cl != std::string::npos)
                    length = std::strtoull(head.c_str() + cl + 15, nullptr, 10);
            }
            if (data.size() >= bodyStart + length)
                return data.substr(bodyStart, length);
        }
    }

    // Waits up to `ms`, waking early when `until()` holds or the generation moved on.
    // Returns false when the terminal restarted or stopped.
    template <typename Pred>
    bool waitFor(Millis ms, uint64_t gen, Pred until) {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return !current(gen) || until(); });
        return current(gen);
    }

    void holdUntilGone(int fd, uint64_t gen) {
        for (;;) {
            {
                std::lock_guard lock(mu);
                if (!current(gen))
                    return;
            }
            pollfd p{fd, POLLIN, 0};
            int r = ::poll(&p, 1, 100);
            if (r < 0)
                return;
            if (r > 0) {
                char c;
                if (::recv(fd, &c, 1, 0) <= 0)
                    return;
            }
        }
    }

    void serve(int fd, uint64_t gen) {
        if (auto body = readRequest(fd, gen))
            handle(fd, gen, *body);
        std::lock_guard lock(mu);
        connections.erase(fd);
        ::close(fd);
        --activeThreads;
        cv.notify_all();
    }

    void respond(int fd, const std::string& text) { sendAll(fd, httpHead(text.size()) + text); }

    static ojson responseHeader(const std::string& category, const std::string& serviceId,
                                const std::string& saleId, const std::string& poiId) {
        return ojson{{"ProtocolVersion", "3.0"},
                     {"MessageClass", "Service"},
                     {"MessageCategory", category},
                     {"MessageType", "Response"},
                     {"ServiceID", serviceId},
                     {"SaleID", saleId},
                     {"POIID", poiId}};
    }

    std::string envelope(const std::string& category, const std::string& serviceId,
                         const std::string& saleId, const char* bodyName, const ojson& body) {
        ojson j = {{"SaleToPOIResponse",
                    {{"MessageHeader", responseHeader(category, serviceId, saleId, opt.poiId)},
                     {bodyName, body}}}};
        return j.dump(2);
    }

    ojson paymentBody(const Txn& t) const {
        ojson response;
        ojson result;
        const TestCard& card = cardFor(t.serviceId);
        ojson cardData = {
            {"EntryMode", {"Contactless"}},
            {"PaymentBrand", card.brand},
            {"MaskedPan", maskedPan(card.pan)},
            {"CardCountryCode", "360"},
            // Real terminals send the expiry date; kasir must drop it.
            {"SensitiveCardData", {{"CardSeqNumb", "01"}, {"ExpiryDate", card.expiry}}}};
        switch (t.outcome) {
            case SimOutcome::Approve:
                response = {{"Result", "Success"},
                            {"AdditionalResponse",
                             fmt::format("tid=00000001&transactionType=GOODS_SERVICES&"
                                         "expiryDate={}%2f20{}&cardSummary={}",
                                         std::string(card.expiry).substr(0, 2),
                                         std::string(card.expiry).substr(2),
                                         std::string(card.pan).substr(std::strlen(card.pan) - 4))}};
                break;
            case SimOutcome::Refusal:
                response = {
                    {"Result", "Failure"},
                    {"ErrorCondition", "Refusal"},
                    {"AdditionalResponse", "message=DECLINED&refusalReason=05%20Do%20not%20honor"}};
                break;
            case SimOutcome::InvalidCard:
                response = {{"Result", "Failure"},
                            {"ErrorCondition", "InvalidCard"},
                            {"AdditionalResponse",
                             "message=INVALID_CARD&refusalReason=214%20Declined%20online"}};
                break;
            case SimOutcome::WrongPin:
                response = {{"Result", "Failure"},
                            {"ErrorCondition", "WrongPIN"},
                            {"AdditionalResponse",
                             "message=INVALID_PIN&refusalReason=129%20Invalid%20online%20PIN"}};
                break;
            case SimOutcome::NotAllowed:
                response = {{"Result", "Failure"},
                            {"ErrorCondition", "NotAllowed"},
                            {"AdditionalResponse", "message=NOT_ALLOWED"}};
                break;
            case SimOutcome::PaymentRestriction:
                response = {{"Result", "Failure"},
                            {"ErrorCondition", "PaymentRestriction"},
                            {"AdditionalResponse", "message=RESTRICTED"}};
                break;
            case SimOutcome::Cancel:
                response = {{"Result", "Failure"},
                            {"ErrorCondition", "Cancel"},
                            {"AdditionalResponse", "message=104%20Shopper%20cancelled"}};
                break;
        }
        result["PaymentInstrumentData"] = {{"PaymentInstrumentType", "Card"},
                                           {"CardData", cardData}};
        ojson amountsResp = {{"Currency", t.currency}};
        if (t.outcome == SimOutcome::Approve)
            amountsResp["AuthorizedAmount"] = amountNumber(t.amount, t.exponent);
        result["AmountsResp"] = amountsResp;
        result["OnlineFlag"] = "true";  // a string, as real terminals send it
        ojson acquirer = {{"MerchantID", "KASIR_SIM"}, {"AcquirerPOIID", opt.poiId}};
        if (t.outcome == SimOutcome::Approve)
            acquirer["ApprovalCode"] =
                fmt::format("{:06X}", std::hash<std::string>{}(t.serviceId) & 0xFFFFFF);
        result["PaymentAcquirerData"] = acquirer;
        ojson body = {{"Response", response},
                      {"SaleData",
                       {{"SaleTransactionID",
                         {{"TransactionID", t.transactionId}, {"TimeStamp", t.saleTimestamp}}}}},
                      {"POIData",
                       {{"POITransactionID",
                         {{"TransactionID", t.poiTransactionId}, {"TimeStamp", t.poiTimestamp}}},
                        {"POIReconciliationID", "1000"}}},
                      {"PaymentResult", result}};
        if (t.outcome == SimOutcome::Approve) {
            ojson lines = ojson::array();
            auto line = [&](const std::string& text) {
                lines.push_back({{"Text", text}, {"EndOfLineFlag", "true"}});
            };
            line("key=header1&name=kasir%20terminal%20simulator");
            line(fmt::format("name=Card&value=%2a%2a%2a%2a{}&key=pan",
                             std::string(card.pan).substr(std::strlen(card.pan) - 4)));
            line(fmt::format("name=Expiry%20date&value={}%2f{}&key=expiryDate",
                             std::string(card.expiry).substr(0, 2),
                             std::string(card.expiry).substr(2)));
            if (opt.leakyReceipts)
                line(fmt::format("name=Account&value={}&key=account", card.pan));
            line(fmt::format("name=Amount&value={}%20{}&key=totalAmount", t.currency,
                             nexo::decimalAmount(t.amount, t.exponent)));
            line("name=APPROVED&key=approved");
            body["PaymentReceipt"] = {
                {{"DocumentQualifier", "CustomerReceipt"},
                 {"RequiredSignatureFlag", "false"},
                 {"OutputContent", {{"OutputFormat", "Text"}, {"OutputText", lines}}}}};
        }
        return body;
    }

    std::string paymentResponseText(const Txn& t) {
        return envelope("Payment", t.serviceId, t.saleId, "PaymentResponse", paymentBody(t));
    }

    std::string failureText(const std::string& category, const std::string& serviceId,
                            const std::string& saleId, const char* bodyName,
                            const std::string& condition, ojson extra = ojson::object()) {
        ojson body = extra;
        body["Response"] = {{"Result", "Failure"},
                            {"ErrorCondition", condition},
                            {"AdditionalResponse", "message=" + condition}};
        return envelope(category, serviceId, saleId, bodyName, body);
    }

    std::string rejectText(const std::string& why) {
        ojson j = {{"SaleToPOIRequest",
                    {{"MessageHeader",
                      {{"ProtocolVersion", "3.0"},
                       {"MessageClass", "Event"},
                       {"MessageCategory", "Event"},
                       {"MessageType", "Notification"},
                       {"ServiceID", "0"},
                       {"SaleID", ""},
                       {"POIID", opt.poiId}}},
                     {"EventNotification",
                      {{"TimeStamp", nexo::isoTimestamp(nowMs())},
                       {"EventToNotify", "Reject"},
                       {"EventDetails", why},
                       {"RejectedMessage", ""}}}}}};
        return j.dump(2);
    }

    SimRule chooseRule(int64_t amount) {
        ++nth;
        if (!queue.empty()) {
            SimRule r = queue.front();
            queue.pop_front();
            return r;
        }
        for (const FileRule& f : fileRules) {
            bool match = false;
            switch (f.match) {
                case FileRule::Match::Any:
                    match = true;
                    break;
                case FileRule::Match::Amount:
                    match = amount == f.value;
                    break;
                case FileRule::Match::Last: {
                    int64_t mod = 1;
                    for (int i = 0; i < f.digits; ++i)
                        mod *= 10;
                    match = amount % mod == f.value;
                    break;
                }
                case FileRule::Match::Nth:
                    match = nth == f.value;
                    break;
            }
            if (match)
                return f.rule;
        }
        if (opt.byAmount) {
            switch (amount % 100) {
                case 1:
                    return {SimOutcome::Refusal, SimFault::None, 0};
                case 2:
                    return {SimOutcome::WrongPin, SimFault::None, 0};
                case 3:
                    return {SimOutcome::Approve, SimFault::NoAnswer, 0};
                case 4:
                    return {SimOutcome::InvalidCard, SimFault::None, 0};
                case 5:
                    return {SimOutcome::Approve, SimFault::CrashAfterApprove, 0};
                case 6:
                    return {SimOutcome::Approve, SimFault::DropAfterApprove, 0};
                case 7:
                    return {SimOutcome::Approve, SimFault::DropBeforeProcessing, 0};
                case 8:
                    return {SimOutcome::Approve, SimFault::Late, 3000};
                case 9:
                    return {SimOutcome::Approve, SimFault::Malformed, 0};
                case 10:
                    return {SimOutcome::NotAllowed, SimFault::None, 0};
                case 11:
                    return {SimOutcome::PaymentRestriction, SimFault::None, 0};
                case 12:
                    return {SimOutcome::Cancel, SimFault::None, 0};
                default:
                    break;
            }
        }
        return {};
    }

    void appendLedger(const LedgerEntry& e) {
        ledgerEntries.push_back(e);
        if (opt.ledgerPath.empty())
            return;
        json j = {{"event", e.event},
                  {"serviceId", e.serviceId},
                  {"saleId", e.saleId},
                  {"transactionId", e.transactionId},
                  {"poiTransactionId", e.poiTransactionId},
                  {"amount", e.amount},
                  {"currency", e.currency}};
        const std::string line = j.dump() + "\n";
        int fd = ::open(opt.ledgerPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return;
        // The bank's books: on disk before the answer leaves.
        (void)sendAllFile(fd, line);
        ::fsync(fd);
        ::close(fd);
    }

    static bool sendAllFile(int fd, std::string_view data) {
        while (!data.empty()) {
            ssize_t n = ::write(fd, data.data(), data.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            data.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }

    void restartLocked() {
        ++generation;
        ++counts.restarts;
        inflight.reset();
        for (int fd : connections)
            ::shutdown(fd, SHUT_RDWR);
        cv.notify_all();
    }

    void handle(int fd, uint64_t gen, const std::string& text) {
        auto message = nexo::parseMessage(text);
        if (!message || message->direction != nexo::Direction::Request) {
            {
                std::lock_guard lock(mu);
                ++counts.malformedRequests;
            }
            respond(fd, rejectText(message ? "Not a request" : message.error().message));
            return;
        }
        const json body = json::parse(message->bodyJson, nullptr, false);
        const auto& h = message->header;
        if (message->bodyName == "PaymentRequest")
            handlePayment(fd, gen, h, body);
        else if (message->bodyName == "TransactionStatusRequest")
            handleStatus(fd, h, body);
        else if (message->bodyName == "AbortRequest")
            handleAbort(fd, body);
        else if (message->bodyName == "ReversalRequest")
            handleReversal(fd, h, body);
        else
            respond(fd, failureText(h.messageCategory, h.serviceId, h.saleId,
                                    (h.messageCategory + "Response").c_str(), "NotAllowed"));
    }

    void handlePayment(int fd, uint64_t gen, const nexo::Header& h, const json& body) {
        Txn t;
        t.serviceId = h.serviceId;
        t.saleId = h.saleId;
        const json& sale = body.value("SaleData", json::object());
        const json& stid = sale.value("SaleTransactionID", json::object());
        t.transactionId = stid.value("TransactionID", "");
        t.saleTimestamp = stid.value("TimeStamp", "");
        const json amounts =
            body.value("PaymentTransaction", json::object()).value("AmountsReq", json::object());
        t.currency = amounts.value("Currency", "EUR");
        t.exponent = exponentOf(t.currency);
        if (auto it = amounts.find("RequestedAmount"); it != amounts.end()) {
            if (auto minor = nexo::minorUnits(*it, t.exponent))
                t.amount = *minor;
        }
        SimRule rule;
        {
            std::lock_guard lock(mu);
            ++counts.payments;
            if (inflight || t.amount <= 0 || t.serviceId.empty() || decided.count(t.serviceId) ||
                disowned.count(t.serviceId)) {
                const char* why = inflight                      ? "Busy"
                                  : disowned.count(t.serviceId) ? "NotAllowed"
                                                                : "MessageFormat";
                if (inflight)
                    ++counts.busy;
                const std::string answer =
                    failureText("Payment", t.serviceId, t.saleId, "PaymentResponse", why);
                respond(fd, answer);
                return;
            }
            rule = chooseRule(t.amount);
            if (rule.fault != SimFault::DropBeforeProcessing &&
                rule.fault != SimFault::IgnoreRequest)
                inflight = InFlight{t.serviceId, false};
        }
        emit(SimEventKind::PaymentReceived, t.serviceId);
        if (rule.fault == SimFault::DropBeforeProcessing)
            return;  // closed by serve()
        if (rule.fault == SimFault::IgnoreRequest) {
            holdUntilGone(fd, gen);
            return;
        }
        auto aborted = [&] { return inflight && inflight->abort; };
        if (!waitFor(tapDelay.load(), gen, aborted))
            return;
        if (rule.fault == SimFault::RestartDuring) {
            std::lock_guard lock(mu);
            restartLocked();
            return;
        }
        bool abortWon = false;
        {
            std::lock_guard lock(mu);
            abortWon = aborted();
        }
        if (!abortWon && rule.fault == SimFault::Late) {
            if (!waitFor(rule.lateMs, gen, [] { return false; }))
                return;
        }
        if (!abortWon && rule.fault == SimFault::NoAnswer) {
            if (!waitFor(opt.noAnswerMs, gen, aborted))
                return;
            rule.outcome = SimOutcome::Cancel;
        }
        {
            std::lock_guard lock(mu);
            if (!current(gen))
                return;
            // An abort counts only before the card was read; later the approval wins.
            if (abortWon)
                rule.outcome = SimOutcome::Cancel;
            t.outcome = rule.outcome;
            t.poiTimestamp = nexo::isoTimestamp(nowMs());
            t.poiTransactionId = fmt::format("SIM{:x}.{}", nowMs(), t.serviceId);
            decided[t.serviceId] = t;
            inflight.reset();
            if (t.outcome == SimOutcome::Approve) {
                ++counts.approved;
                appendLedger(LedgerEntry{"approved", t.serviceId, t.saleId, t.transactionId,
                                         t.poiTransactionId, t.amount, t.currency});
            } else {
                ++counts.declined;
            }
        }
        emit(SimEventKind::Decided, t.serviceId);
        std::string answer = paymentResponseText(t);
        switch (rule.fault) {
            case SimFault::DropAfterApprove:
                return;
            case SimFault::CrashAfterApprove: {
                std::lock_guard lock(mu);
                restartLocked();
                return;
            }
            case SimFault::HalfResponse:
            case SimFault::HalfResponseStall: {
                sendAll(fd, httpHead(answer.size()) + answer.substr(0, answer.size() / 2));
                emit(SimEventKind::ResponsePartlySent, t.serviceId);
                if (rule.fault == SimFault::HalfResponseStall)
                    holdUntilGone(fd, gen);
                return;
            }
            case SimFault::Malformed:
                respond(fd, answer.substr(0, answer.size() / 3) + "}}]");
                return;
            default:
                respond(fd, answer);
                return;
        }
    }

    void handleStatus(int fd, const nexo::Header& h, const json& body) {
        const json ref = body.value("MessageReference", json::object());
        const std::string target = ref.value("ServiceID", "");
        std::string answer;
        {
            std::lock_guard lock(mu);
            ++counts.statusQueries;
            if (inflight && inflight->serviceId == target) {
                answer = failureText("TransactionStatus", h.serviceId, h.saleId,
                                     "TransactionStatusResponse", "InProgress",
                                     ojson{{"MessageReference", ref}});
            } else if (auto it = decided.find(target); it != decided.end()) {
                const Txn& t = it->second;
                ojson status = {
                    {"Response", {{"Result", "Success"}}},
                    {"MessageReference", ref},
                    {"RepeatedMessageResponse",
                     {{"MessageHeader",
                       responseHeader("Payment", t.serviceId, t.saleId, opt.poiId)},
                      {"RepeatedResponseMessageBody", {{"PaymentResponse", paymentBody(t)}}}}}};
                answer = envelope("TransactionStatus", h.serviceId, h.saleId,
                                  "TransactionStatusResponse", status);
            } else {
                disowned.insert(target);
                answer = failureText("TransactionStatus", h.serviceId, h.saleId,
                                     "TransactionStatusResponse", "NotFound",
                                     ojson{{"MessageReference", ref}});
            }
        }
        respond(fd, answer);
        emit(SimEventKind::StatusQuery, target);
    }

    void handleAbort(int fd, const json& body) {
        const std::string target =
            body.value("MessageReference", json::object()).value("ServiceID", "");
        {
            std::lock_guard lock(mu);
            ++counts.aborts;
            if (inflight && inflight->serviceId == target) {
                inflight->abort = true;
                cv.notify_all();
            }
        }
        respond(fd, "ok");
    }

    void handleReversal(int fd, const nexo::Header& h, const json& body) {
        const std::string poiTx = body.value("OriginalPOITransaction", json::object())
                                      .value("POITransactionID", json::object())
                                      .value("TransactionID", "");
        std::string answer;
        {
            std::lock_guard lock(mu);
            ++counts.reversals;
            const LedgerEntry* original = nullptr;
            for (const LedgerEntry& e : ledgerEntries) {
                if (e.event == "approved" && e.poiTransactionId == poiTx)
                    original = &e;
            }
            if (!original) {
                answer =
                    failureText("Reversal", h.serviceId, h.saleId, "ReversalResponse", "NotFound");
            } else {
                // Reversing twice reverses once: a repeated request is answered Success again
                // and the ledger keeps one entry, so a kiosk that lost the answer may ask again.
                const LedgerEntry copy = *original;
                if (!reversed.count(poiTx)) {
                    reversed.insert(poiTx);
                    appendLedger(LedgerEntry{"reversed", h.serviceId, h.saleId, copy.transactionId,
                                             poiTx, copy.amount, copy.currency});
                }
                ojson r = {
                    {"Response", {{"Result", "Success"}}},
                    {"POIData",
                     {{"POITransactionID",
                       {{"TransactionID", "REV" + poiTx},
                        {"TimeStamp", nexo::isoTimestamp(nowMs())}}}}},
                    {"ReversedAmount", amountNumber(copy.amount, exponentOf(copy.currency))}};
                answer = envelope("Reversal", h.serviceId, h.saleId, "ReversalResponse", r);
            }
        }
        respond(fd, answer);
    }

    Result<void> loadRules() {
        if (opt.rulesPath.empty())
            return {};
        std::ifstream in(opt.rulesPath);
        if (!in)
            return makeError(ErrorCode::NotFound,
                             fmt::format("cannot read the rule file {}", opt.rulesPath));
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            if (auto hash = line.find('#'); hash != std::string::npos)
                line.resize(hash);
            std::istringstream words(line);
            std::string match, outcome, fault;
            if (!(words >> match))
                continue;
            words >> outcome >> fault;
            auto problem = [&](const std::string& why) {
                return makeError(ErrorCode::InvalidArgument,
                                 fmt::format("{}:{}: {}", opt.rulesPath, lineNo, why));
            };
            FileRule f;
            try {
                if (match == "*") {
                    f.match = FileRule::Match::Any;
                } else if (match.starts_with("amount=")) {
                    f.match = FileRule::Match::Amount;
                    f.value = std::stoll(match.substr(7));
                } else if (match.starts_with("last=")) {
                    f.match = FileRule::Match::Last;
                    f.digits = static_cast<int>(match.size() - 5);
                    f.value = std::stoll(match.substr(5));
                    if (f.digits < 1 || f.digits > 9)
                        return problem("last= takes 1 to 9 digits");
                } else if (match.starts_with("nth=")) {
                    f.match = FileRule::Match::Nth;
                    f.value = std::stoll(match.substr(4));
                } else {
                    return problem("a rule starts with *, amount=N, last=DIGITS or nth=N");
                }
            } catch (...) {
                return problem("'" + match + "' needs a number");
            }
            if (outcome.empty())
                return problem("an outcome is missing");
            auto rule = parseRule(outcome, fault);
            if (!rule)
                return problem(rule.error().message);
            f.rule = *rule;
            fileRules.push_back(f);
        }
        return {};
    }
};

TerminalSimulator::TerminalSimulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TerminalSimulator::~TerminalSimulator() {
    impl_->shutdownAll();
}

Result<std::unique_ptr<TerminalSimulator>> TerminalSimulator::start(const SimOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->opt = options;
    impl->port = options.port;
    impl->tapDelay = options.tapDelayMs;
    if (auto rules = impl->loadRules(); !rules)
        return rules.error();
    if (!options.ledgerPath.empty()) {
        auto ledger = readLedger(options.ledgerPath);
        if (!ledger)
            return ledger.error();
        // A restarted terminal still knows the payments it took.
        for (const LedgerEntry& e : *ledger) {
            impl->ledgerEntries.push_back(e);
            if (e.event == "reversed") {
                impl->reversed.insert(e.poiTransactionId);
                continue;
            }
            Txn t;
            t.serviceId = e.serviceId;
            t.saleId = e.saleId;
            t.transactionId = e.transactionId;
            t.amount = e.amount;
            t.currency = e.currency;
            t.exponent = exponentOf(e.currency);
            t.outcome = SimOutcome::Approve;
            t.poiTransactionId = e.poiTransactionId;
            impl->decided[t.serviceId] = t;
        }
    }
    if (auto listening = impl->listenNow(); !listening)
        return listening.error();
    Impl* raw = impl.get();
    impl->acceptThread = std::thread([raw] { raw->acceptLoop(); });
    return std::unique_ptr<TerminalSimulator>(new TerminalSimulator(std::move(impl)));
}

int TerminalSimulator::port() const {
    std::lock_guard lock(impl_->mu);
    return impl_->port;
}

std::string TerminalSimulator::url() const {
    return fmt::format("http://{}:{}/nexo", impl_->opt.host, port());
}

void TerminalSimulator::pushRule(const SimRule& rule) {
    std::lock_guard lock(impl_->mu);
    impl_->queue.push_back(rule);
}

void TerminalSimulator::clearRules() {
    std::lock_guard lock(impl_->mu);
    impl_->queue.clear();
}

void TerminalSimulator::setTapDelay(Millis ms) {
    impl_->tapDelay = ms;
}

void TerminalSimulator::onEvent(std::function<void(const SimEvent&)> callback) {
    std::lock_guard lock(impl_->mu);
    impl_->callback = std::move(callback);
}

void TerminalSimulator::restart() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->restartLocked();
    }
    impl_->emit(SimEventKind::Restarted, {});
}

void TerminalSimulator::pause() {
    std::unique_lock lock(impl_->mu);
    impl_->paused = true;
    impl_->restartLocked();
    impl_->cv.wait(lock, [&] { return impl_->listenFd < 0 || impl_->stopping; });
}

Result<void> TerminalSimulator::resume() {
    std::lock_guard lock(impl_->mu);
    impl_->paused = false;
    if (impl_->listenFd >= 0)
        return {};
    return impl_->listenNow();
}

SimCounts TerminalSimulator::counts() const {
    std::lock_guard lock(impl_->mu);
    return impl_->counts;
}

std::vector<LedgerEntry> TerminalSimulator::ledger() const {
    std::lock_guard lock(impl_->mu);
    return impl_->ledgerEntries;
}

Result<std::vector<LedgerEntry>> TerminalSimulator::readLedger(const std::string& path) {
    std::vector<LedgerEntry> out;
    std::ifstream in(path);
    if (!in)
        return out;  // no ledger yet
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty())
            continue;
        json j = json::parse(line, nullptr, false);
        if (!j.is_object()) {
            // A torn last line (the simulator was killed mid-write) is not an entry.
            if (in.peek() == EOF)
                break;
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{}:{}: not a ledger entry", path, lineNo));
        }
        LedgerEntry e;
        e.event = j.value("event", "");
        e.serviceId = j.value("serviceId", "");
        e.saleId = j.value("saleId", "");
        e.transactionId = j.value("transactionId", "");
        e.poiTransactionId = j.value("poiTransactionId", "");
        e.amount = j.value("amount", int64_t{0});
        e.currency = j.value("currency", "");
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace kiosk::devices::sim
