// The audit log: append-only, hash-chained (audit_chain.hpp), read back by filter, verified in
// one streaming pass.
#include <climits>

#include <fmt/format.h>

#include "kiosk/storage/audit_chain.hpp"
#include "kiosk/storage/sqlite_store.hpp"
#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {

Result<void> SqliteStore::appendAudit(const AuditEntry& entry) {
    if (entry.action.empty())
        return makeError(ErrorCode::InvalidArgument, "an audit entry needs an action");
    AuditEntry row = entry;
    // A row is never refused for its text (the log must keep what happened): bad bytes become
    // U+FFFD, so what is hashed is exactly what every later read returns.
    for (std::string* field : {&row.kioskId, &row.staffId, &row.action, &row.details, &row.saleUuid,
                               &row.before, &row.after}) {
        repairUtf8(*field);
    }
    static constexpr const char kHead[] = "SELECT last_seq, last_hash FROM audit_head WHERE id = 1";
    static constexpr const char kInsert[] =
        "INSERT INTO audit_log (seq, at, kiosk_id, staff_id, action, sale_uuid, before_value, "
        "after_value, details, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    const auto what = fmt::format("append '{}' to the audit log", row.action);
    // BEGIN IMMEDIATE (or a savepoint in the caller's transaction, which already holds the write
    // lock): reading the head and appending are one step for every process sharing the file.
    return atomically([&]() -> Result<void> {
        std::string prevHash;
        {
            auto q = db_->query(kHead, what.c_str());
            if (!q)
                return q.error();
            auto found = q->step();
            if (!found)
                return found.error();
            if (!*found) {
                return makeError(ErrorCode::Corrupt,
                                 fmt::format("{} has lost the head of its audit chain (the "
                                             "audit_head row is missing): could not {}",
                                             path(), what));
            }
            const int64_t last = q->int64(0);
            if (last < 0 || last >= INT64_MAX - 1) {
                return makeError(ErrorCode::Corrupt,
                                 fmt::format("{} has a damaged audit chain head (last row {}): "
                                             "could not {}",
                                             path(), last, what));
            }
            row.seq = last + 1;
            prevHash = q->text(1);
        }
        row.hash = auditHash(prevHash, row);
        auto q = db_->query(kInsert, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, row.seq)
            .bind(2, row.at)
            .bind(3, row.kioskId)
            .bind(4, row.staffId)
            .bind(5, row.action)
            .bind(6, row.saleUuid)
            .bind(7, row.before)
            .bind(8, row.after)
            .bind(9, row.details)
            .bind(10, prevHash)
            .bind(11, row.hash);
        return q->run();
    });
}

Result<std::vector<AuditEntry>> SqliteStore::audit(int limit) {
    AuditFilter filter;
    filter.limit = limit;
    return audit(filter);
}

Result<std::vector<AuditEntry>> SqliteStore::audit(const AuditFilter& filter) {
    // An action ending in '.' matches a prefix ("staff." finds staff.signin, staff.lockout ...);
    // substr rather than LIKE, so '%' and '_' in an action are plain characters.
    static constexpr const char kSql[] =
        "SELECT seq, at, kiosk_id, staff_id, action, sale_uuid, before_value, after_value, "
        "details, hash FROM audit_log "
        "WHERE at >= ?1 AND at < ?2 AND (?3 = '' OR staff_id = ?3) "
        "AND (?4 = '' OR action = ?4 OR (substr(?4, -1) = '.' AND substr(action, 1, length(?4)) "
        "= ?4)) "
        "ORDER BY seq DESC LIMIT ?5";
    std::vector<AuditEntry> out;
    if (filter.limit <= 0)
        return out;
    auto q = db_->query(kSql, "read the audit log");
    if (!q)
        return q.error();
    q->bind(1, filter.from)
        .bind(2, filter.to)
        .bind(3, filter.staffId)
        .bind(4, filter.action)
        .bind(5, int64_t{filter.limit});
    auto read = q->each([&](const Query& r) {
        AuditEntry e;
        e.seq = r.int64(0);
        e.at = r.int64(1);
        e.kioskId = r.text(2);
        e.staffId = r.text(3);
        e.action = r.text(4);
        e.saleUuid = r.text(5);
        e.before = r.text(6);
        e.after = r.text(7);
        e.details = r.text(8);
        e.hash = r.text(9);
        out.push_back(std::move(e));
    });
    if (!read)
        return read.error();
    return out;
}

Result<AuditCheck> SqliteStore::verifyAudit(const std::function<void(int64_t done)>& progress) {
    // One pass in seq order, a row at a time. Each row is checked against itself (its hash must
    // be the hash of its own prev_hash and fields: else it was edited, or moved, since seq is
    // hashed) and against the row before it (seq one more, prev_hash equal to that row's hash:
    // else rows were deleted, inserted or reordered there). The first failure is named.
    static constexpr const char kRows[] =
        "SELECT seq, at, kiosk_id, staff_id, action, sale_uuid, before_value, after_value, "
        "details, prev_hash, hash FROM audit_log ORDER BY seq";
    static constexpr const char kHead[] = "SELECT last_seq, last_hash FROM audit_head WHERE id = 1";
    constexpr int64_t kProgressEvery = 4096;
    return readSnapshot([&]() -> Result<AuditCheck> {
        AuditCheck check;
        auto fail = [&](int64_t seq, std::string why) {
            check.ok = false;
            check.firstBadSeq = seq;
            check.why = std::move(why);
        };
        int64_t lastSeq = 0;
        std::string lastHash = kAuditGenesisHash;
        {
            auto q = db_->query(kRows, "verify the audit log");
            if (!q)
                return q.error();
            AuditEntry row;
            std::string prevHash;
            std::string scratch;
            for (;;) {
                auto more = q->step();
                if (!more)
                    return more.error();
                if (!*more)
                    break;
                row.seq = q->int64(0);
                row.at = q->int64(1);
                row.kioskId = q->text(2);
                row.staffId = q->text(3);
                row.action = q->text(4);
                row.saleUuid = q->text(5);
                row.before = q->text(6);
                row.after = q->text(7);
                row.details = q->text(8);
                prevHash = q->text(9);
                row.hash = q->text(10);
                ++check.rowsChecked;
                const int64_t expected = lastSeq + 1;
                if (row.seq > expected) {
                    fail(row.seq,
                         row.seq == expected + 1
                             ? fmt::format("row {} was deleted (row {} follows row {})", expected,
                                           row.seq, lastSeq)
                             : fmt::format("rows {} to {} were deleted (row {} follows row {})",
                                           expected, row.seq - 1, row.seq, lastSeq));
                    return check;
                }
                if (row.seq < expected) {
                    fail(row.seq, fmt::format("a row numbered {} was inserted where row {} "
                                              "belongs (rows out of order or repeated)",
                                              row.seq, expected));
                    return check;
                }
                if (auditHash(prevHash, row, scratch) != row.hash) {
                    fail(row.seq, fmt::format("row {} was edited: its contents do not match its "
                                              "hash (or another row's contents were moved here)",
                                              row.seq));
                    return check;
                }
                if (prevHash != lastHash) {
                    fail(row.seq,
                         row.seq == 1
                             ? std::string("row 1 does not start the chain (its prev_hash is "
                                           "not the genesis value): rows were inserted or "
                                           "replaced at the start")
                             : fmt::format("row {} does not follow row {} (its prev_hash is not "
                                           "row {}'s hash): a row was inserted, deleted or "
                                           "moved here, or row {} was edited and re-hashed",
                                           row.seq, lastSeq, lastSeq, lastSeq));
                    return check;
                }
                lastSeq = row.seq;
                lastHash = std::move(row.hash);
                if (progress && check.rowsChecked % kProgressEvery == 0)
                    progress(check.rowsChecked);
            }
        }
        if (progress)
            progress(check.rowsChecked);

        // The chain alone cannot show rows cut from its end (what is left is a valid chain),
        // nor rows appended by someone who computes their hashes like kasir does. audit_head,
        // moved by a trigger on every append, catches both unless it was rewritten too.
        auto q = db_->query(kHead, "verify the audit log");
        if (!q)
            return q.error();
        auto found = q->step();
        if (!found)
            return found.error();
        if (!*found) {
            fail(lastSeq + 1,
                 "the head of the audit chain (audit_head) was deleted, so rows "
                 "cut from the end would not show");
            return check;
        }
        const int64_t headSeq = q->int64(0);
        const std::string headHash = q->text(1);
        if (headSeq > lastSeq) {
            fail(lastSeq + 1,
                 headSeq == lastSeq + 1
                     ? fmt::format("row {} was deleted from the end of the log (the head "
                                   "records {} rows)",
                                   lastSeq + 1, headSeq)
                     : fmt::format("rows {} to {} were deleted from the end of the log (the "
                                   "head records {} rows)",
                                   lastSeq + 1, headSeq, headSeq));
        } else if (headSeq < lastSeq) {
            fail(headSeq + 1,
                 headSeq + 1 == lastSeq
                     ? fmt::format("row {} was added behind kasir's back (the head records {} "
                                   "rows)",
                                   lastSeq, headSeq)
                     : fmt::format("rows {} to {} were added behind kasir's back (the head "
                                   "records {} rows)",
                                   headSeq + 1, lastSeq, headSeq));
        } else if (headHash != lastHash) {
            fail(lastSeq, fmt::format("row {}, the newest, does not match the hash the head "
                                      "records: it was replaced",
                                      lastSeq));
        }
        return check;
    });
}

}  // namespace kiosk::storage
