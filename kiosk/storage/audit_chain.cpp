// The audit chain's canonical text and hash, and the migration step that chains the rows a
// version 2 database already has.
#include "kiosk/storage/audit_chain.hpp"

#include <sodium.h>

#include <charconv>
#include <mutex>

#include <fmt/format.h>

#include "kiosk/storage/database.hpp"
#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {
namespace {

void integerField(std::string& out, std::string_view name, int64_t value) {
    out.append(name);
    out += ' ';
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;  // 24 chars always hold an int64
    out.append(buf, end);
    out += '\n';
}

void textField(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out += ' ';
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.size());
    (void)ec;
    out.append(buf, end);
    out += ':';
    out.append(value);
    out += '\n';
}

}  // namespace

std::string sha256Hex(std::string_view bytes) {
    static std::once_flag sodiumReady;
    // SHA-256 needs no global state, but libsodium asks for sodium_init() before any use.
    std::call_once(sodiumReady, [] {
        // Only fails when the system has no entropy source; hashing does not need one.
        [[maybe_unused]] const int ready = sodium_init();
    });
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);  // lowercase
    return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

namespace {

void appendCanonical(std::string& out, const AuditEntry& e) {
    textField(out, "format", "kasir-audit-v1");
    integerField(out, "seq", e.seq);
    integerField(out, "at", e.at);
    textField(out, "kioskId", e.kioskId);
    textField(out, "staffId", e.staffId);
    textField(out, "action", e.action);
    textField(out, "saleUuid", e.saleUuid);
    textField(out, "before", e.before);
    textField(out, "after", e.after);
    textField(out, "details", e.details);
}

}  // namespace

std::string auditCanonicalText(const AuditEntry& e) {
    std::string out;
    appendCanonical(out, e);
    return out;
}

std::string auditHash(std::string_view prevHash, const AuditEntry& entry) {
    std::string scratch;
    return auditHash(prevHash, entry, scratch);
}

std::string auditHash(std::string_view prevHash, const AuditEntry& entry, std::string& scratch) {
    scratch.assign(prevHash);
    appendCanonical(scratch, entry);
    return sha256Hex(scratch);
}

Result<void> chainExistingAuditRows(Database& db) {
    static constexpr const char kRead[] =
        "SELECT at, kiosk_id, COALESCE(staff_id, ''), action, details FROM audit_log ORDER BY id";
    static constexpr const char kWrite[] =
        "INSERT INTO audit_log_v3 (seq, at, kiosk_id, staff_id, action, details, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    static constexpr const char kHead[] =
        "INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, ?1, ?2)";
    const char* what = "chain the existing audit rows (schema migration 3)";
    auto read = db.query(kRead, what);
    if (!read)
        return read.error();
    AuditEntry row;
    std::string prev = kAuditGenesisHash;
    Result<void> failed;
    auto each = read->each([&](const Query& r) {
        if (!failed)
            return;
        row.seq += 1;
        row.at = r.int64(0);
        row.kioskId = r.text(1);
        row.staffId = r.text(2);
        row.action = r.text(3);
        row.details = r.text(4);
        // The chain must hash exactly what later reads return; version 2 stored text as given.
        for (std::string* field : {&row.kioskId, &row.staffId, &row.action, &row.details})
            repairUtf8(*field);
        row.hash = auditHash(prev, row);
        auto write = db.query(kWrite, what);
        if (!write) {
            failed = write.error();
            return;
        }
        write->bind(1, row.seq)
            .bind(2, row.at)
            .bind(3, row.kioskId)
            .bind(4, row.staffId)
            .bind(5, row.action)
            .bind(6, row.details)
            .bind(7, prev)
            .bind(8, row.hash);
        if (auto done = write->run(); !done) {
            failed = done.error();
            return;
        }
        prev = row.hash;
    });
    if (!each)
        return each;
    if (!failed)
        return failed;
    auto head = db.query(kHead, what);
    if (!head)
        return head.error();
    head->bind(1, row.seq).bind(2, prev);
    return head->run();
}

}  // namespace kiosk::storage
