// Payment intents: the PENDING record committed before a request leaves for the terminal,
// its final outcome, the ServiceID counter, and what start-up must resolve.
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kiosk/storage/sqlite_store.hpp"
#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {
namespace {

constexpr int64_t kServiceCounterModulo = 100'000'000;  // 8 digits

const char* stateName(IntentState s) {
    switch (s) {
        case IntentState::Pending:
            return "pending";
        case IntentState::Approved:
            return "approved";
        case IntentState::Declined:
            return "declined";
        case IntentState::Cancelled:
            return "cancelled";
        case IntentState::Failed:
            return "failed";
    }
    return "pending";
}

std::optional<IntentState> stateFromName(std::string_view s) {
    for (IntentState st : {IntentState::Pending, IntentState::Approved, IntentState::Declined,
                           IntentState::Cancelled, IntentState::Failed}) {
        if (s == stateName(st))
            return st;
    }
    return std::nullopt;
}

std::string tenderToJson(const Tender& t) {
    nlohmann::json j = {{"method", t.method},
                        {"amount", t.amount},
                        {"brand", t.brand},
                        {"maskedPan", t.maskedPan},
                        {"entryMode", t.entryMode},
                        {"approvalCode", t.approvalCode},
                        {"terminalTransactionId", t.terminalTransactionId},
                        {"reconciliationId", t.reconciliationId},
                        {"receiptLines", t.receiptLines}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Tender> tenderFromJson(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    Tender t;
    auto str = [&](const char* key, std::string& out) {
        if (auto it = j.find(key); it != j.end() && it->is_string())
            out = it->get<std::string>();
    };
    str("method", t.method);
    str("brand", t.brand);
    str("maskedPan", t.maskedPan);
    str("entryMode", t.entryMode);
    str("approvalCode", t.approvalCode);
    str("terminalTransactionId", t.terminalTransactionId);
    str("reconciliationId", t.reconciliationId);
    if (auto it = j.find("amount"); it != j.end() && it->is_number_integer())
        t.amount = it->get<int64_t>();
    if (auto it = j.find("receiptLines"); it != j.end() && it->is_array()) {
        for (const auto& line : *it) {
            if (line.is_string())
                t.receiptLines.push_back(line.get<std::string>());
        }
    }
    return t;
}

void repairTender(Tender& t) {
    for (std::string* field : {&t.method, &t.brand, &t.maskedPan, &t.entryMode, &t.approvalCode,
                               &t.terminalTransactionId, &t.reconciliationId})
        repairUtf8(*field);
    for (std::string& line : t.receiptLines)
        repairUtf8(line);
}

bool validServiceId(std::string_view id) {
    if (id.empty() || id.size() > 10)
        return false;
    for (char c : id) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alnum)
            return false;
    }
    return true;
}

// The columns every intent query selects, in this order (see readIntent).
#define KASIR_INTENT_COLUMNS                                                                 \
    "i.id, i.kiosk_id, i.sale_uuid, i.service_id, i.kind, i.attempt, i.amount, i.currency, " \
    "i.state, i.detail, i.tender, i.original_service_id, i.created_at, i.updated_at, "       \
    "EXISTS (SELECT 1 FROM sales s WHERE s.sale_uuid = i.sale_uuid) "

Result<PaymentIntent> readIntent(const Query& r, const std::string& file) {
    PaymentIntent in;
    in.id = r.int64(0);
    in.kioskId = r.text(1);
    in.saleUuid = r.text(2);
    in.serviceId = r.text(3);
    in.kind = r.text(4) == "reversal" ? IntentKind::Reversal : IntentKind::Payment;
    in.attempt = static_cast<int>(r.int64(5));
    in.amount = r.int64(6);
    in.currency = r.text(7);
    const auto state = stateFromName(r.text(8));
    if (!state) {
        return makeError(ErrorCode::Corrupt,
                         fmt::format("{}: payment intent {} has an unknown state '{}'", file,
                                     in.serviceId, r.text(8)));
    }
    in.state = *state;
    in.detail = r.text(9);
    if (!r.isNull(10)) {
        in.tender = tenderFromJson(r.text(10));
        if (!in.tender) {
            return makeError(
                ErrorCode::Corrupt,
                fmt::format("{}: payment intent {} has an unreadable tender", file, in.serviceId));
        }
    }
    in.originalServiceId = r.text(11);
    in.createdAt = r.int64(12);
    in.updatedAt = r.int64(13);
    in.settled =
        in.kind == IntentKind::Payment && in.state == IntentState::Approved && r.int64(14) != 0;
    return in;
}

}  // namespace

const char* toString(IntentState state) {
    return stateName(state);
}

Result<std::string> SqliteStore::nextServiceId(std::string_view kioskId, std::string_view prefix) {
    if (kioskId.empty())
        return makeError(ErrorCode::InvalidArgument, "no kiosk id given for a ServiceID");
    if (prefix.size() > 2 || (!prefix.empty() && !validServiceId(prefix))) {
        return makeError(
            ErrorCode::InvalidArgument,
            fmt::format("ServiceID prefix '{}' must be 0-2 letters or digits", prefix));
    }
    // One counter for the whole database, whatever the kiosk: ServiceIDs are unique in the
    // payment_intents table, and two kiosks' counters seeded in the same second would collide.
    constexpr std::string_view kCounterKey = "*";
    return atomically([&]() -> Result<std::string> {
        static constexpr const char kRead[] =
            "SELECT next_no FROM service_counters WHERE kiosk_id = ?1";
        static constexpr const char kWrite[] =
            "INSERT INTO service_counters (kiosk_id, next_no) VALUES (?1, ?2) "
            "ON CONFLICT (kiosk_id) DO UPDATE SET next_no = excluded.next_no";
        int64_t next = 0;
        {
            auto q = db_->query(kRead, "read the ServiceID counter");
            if (!q)
                return q.error();
            q->bind(1, kCounterKey);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row)
                next = q->int64(0);
            else
                next = (storageNow() / 1000) % kServiceCounterModulo;
        }
        next = ((next % kServiceCounterModulo) + kServiceCounterModulo) % kServiceCounterModulo;
        auto q = db_->query(kWrite, "advance the ServiceID counter");
        if (!q)
            return q.error();
        q->bind(1, kCounterKey).bind(2, (next + 1) % kServiceCounterModulo);
        if (auto done = q->run(); !done)
            return done.error();
        return fmt::format("{}{:08d}", prefix, next);
    });
}

Result<PaymentIntent> SqliteStore::createPaymentIntent(const PaymentIntent& intent) {
    if (intent.kioskId.empty() || intent.saleUuid.empty())
        return makeError(ErrorCode::InvalidArgument, "a payment intent needs a kiosk and a sale");
    if (!validServiceId(intent.serviceId)) {
        return makeError(
            ErrorCode::InvalidArgument,
            fmt::format("ServiceID '{}' must be 1-10 letters or digits", intent.serviceId));
    }
    if (intent.state != IntentState::Pending)
        return makeError(ErrorCode::InvalidArgument, "a new payment intent must be pending");
    if (intent.amount <= 0)
        return makeError(ErrorCode::InvalidArgument, "a payment intent needs a positive amount");
    for (const std::string* id : {&intent.kioskId, &intent.saleUuid, &intent.currency}) {
        if (!isValidUtf8(*id))
            return makeError(ErrorCode::InvalidArgument, "payment intent ids must be valid UTF-8");
    }
    auto created = atomically([&]() -> Result<void> {
        static constexpr const char kExists[] =
            "SELECT 1 FROM payment_intents WHERE service_id = ?1";
        {
            auto q = db_->query(kExists, "check a ServiceID");
            if (!q)
                return q.error();
            q->bind(1, intent.serviceId);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row) {
                return makeError(ErrorCode::Conflict,
                                 fmt::format("ServiceID {} was used before", intent.serviceId));
            }
        }
        static constexpr const char kInsert[] =
            "INSERT INTO payment_intents (kiosk_id, sale_uuid, service_id, kind, attempt, "
            "amount, currency, state, detail, tender, original_service_id, created_at, "
            "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', '', NULL, ?8, ?9, ?9)";
        auto q = db_->query(kInsert, "record a payment intent");
        if (!q)
            return q.error();
        const auto now = storageNow();
        q->bind(1, intent.kioskId)
            .bind(2, intent.saleUuid)
            .bind(3, intent.serviceId)
            .bind(4, intent.kind == IntentKind::Reversal ? "reversal" : "payment")
            .bind(5, int64_t{intent.attempt})
            .bind(6, intent.amount)
            .bind(7, intent.currency)
            .bind(8, intent.originalServiceId)
            .bind(9, now);
        return q->run();
    });
    if (!created)
        return created.error();
    auto stored = paymentIntent(intent.serviceId);
    if (!stored)
        return stored.error();
    if (!*stored)
        return makeError(ErrorCode::Internal, "a recorded payment intent went missing");
    return std::move(**stored);
}

Result<PaymentIntent> SqliteStore::recordPaymentOutcome(std::string_view serviceId,
                                                        IntentState state, std::string_view detail,
                                                        const std::optional<Tender>& tender) {
    if (state == IntentState::Pending)
        return makeError(ErrorCode::InvalidArgument, "an outcome cannot be 'pending'");
    if (state == IntentState::Approved && !tender)
        return makeError(ErrorCode::InvalidArgument, "an approval needs its tender");
    std::string cleanDetail(detail);
    repairUtf8(cleanDetail);
    std::optional<Tender> cleanTender = tender;
    if (cleanTender)
        repairTender(*cleanTender);
    auto done = atomically([&]() -> Result<void> {
        auto current = paymentIntent(serviceId);
        if (!current)
            return current.error();
        if (!*current) {
            return makeError(ErrorCode::NotFound,
                             fmt::format("no payment intent with ServiceID {}", serviceId));
        }
        if ((*current)->state != IntentState::Pending) {
            if ((*current)->state == state)
                return {};  // the same outcome again: a retry after a crash
            return makeError(
                ErrorCode::Conflict,
                fmt::format("payment {} is already {}; refusing to record it as {}", serviceId,
                            stateName((*current)->state), stateName(state)));
        }
        static constexpr const char kUpdate[] =
            "UPDATE payment_intents SET state = ?2, detail = ?3, tender = ?4, updated_at = ?5 "
            "WHERE service_id = ?1 AND state = 'pending'";
        auto q = db_->query(kUpdate, "record a payment outcome");
        if (!q)
            return q.error();
        q->bind(1, serviceId).bind(2, stateName(state)).bind(3, cleanDetail);
        if (cleanTender)
            q->bind(4, tenderToJson(*cleanTender));
        else
            q->bindNull(4);
        q->bind(5, storageNow());
        return q->run();
    });
    if (!done)
        return done.error();
    auto stored = paymentIntent(serviceId);
    if (!stored)
        return stored.error();
    if (!*stored)
        return makeError(ErrorCode::Internal, "a recorded payment intent went missing");
    return std::move(**stored);
}

Result<std::vector<PaymentIntent>> SqliteStore::intentsWhere(const char* sql, const char* what,
                                                             std::string_view key) {
    return readSnapshot([&]() -> Result<std::vector<PaymentIntent>> {
        auto q = db_->query(sql, what);
        if (!q)
            return q.error();
        q->bind(1, key);
        std::vector<PaymentIntent> out;
        std::optional<Error> bad;
        auto read = q->each([&](const Query& r) {
            auto in = readIntent(r, path());
            if (!in) {
                if (!bad)
                    bad = in.error();
                return;
            }
            out.push_back(std::move(*in));
        });
        if (!read)
            return read.error();
        if (bad)
            return *bad;
        return out;
    });
}

Result<std::optional<PaymentIntent>> SqliteStore::paymentIntent(std::string_view serviceId) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_INTENT_COLUMNS "FROM payment_intents i WHERE i.service_id = ?1";
    auto found = intentsWhere(kSql, "read a payment intent", serviceId);
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<PaymentIntent>();
    return std::optional<PaymentIntent>(std::move(found->front()));
}

Result<std::vector<PaymentIntent>> SqliteStore::paymentIntents(std::string_view saleUuid) {
    static constexpr const char kSql[] = "SELECT " KASIR_INTENT_COLUMNS
                                         "FROM payment_intents i WHERE i.sale_uuid = ?1 "
                                         "ORDER BY i.id";
    return intentsWhere(kSql, "read the payment intents of a sale", saleUuid);
}

Result<std::vector<PaymentIntent>> SqliteStore::unresolvedPaymentIntents(std::string_view kioskId) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_INTENT_COLUMNS
        "FROM payment_intents i WHERE i.kiosk_id = ?1 AND ("
        "i.state = 'pending' OR (i.kind = 'payment' AND i.state = 'approved' "
        "AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.sale_uuid = i.sale_uuid) "
        "AND NOT EXISTS (SELECT 1 FROM payment_intents r WHERE r.kind = 'reversal' "
        "AND r.state = 'approved' AND r.original_service_id = i.service_id))) ORDER BY i.id";
    return intentsWhere(kSql, "read the unresolved payment intents", kioskId);
}

}  // namespace kiosk::storage
