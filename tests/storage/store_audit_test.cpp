// The audit log: rows are appended to a hash chain, read back by filter, and verifyAudit names
// the first row an attacker with the database file changed. The tampering tests do what such
// an attacker would: close kasir, open the file with the sqlite3 C API, drop the triggers that
// guard the log, change it, and hand it back.
#include <sqlite3.h>

#include <thread>

#include "kiosk/storage/audit_chain.hpp"
#include "kiosk/storage/schema.hpp"
#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

// Raw SQL on a closed store file, as an attacker (or a test preparing a file) runs it.
void rawSql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "") << "\n"
        << sql;
    sqlite3_free(message);
    sqlite3_close(db);
}

// Raw SQL expected to be refused; returns SQLite's message.
std::string rawSqlRefused(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_NE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << sql;
    std::string out = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    return out;
}

constexpr const char kDropGuards[] =
    "DROP TRIGGER audit_log_extends_the_chain; DROP TRIGGER audit_log_moves_the_head; "
    "DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete; ";

AuditEntry entry(int i) {
    AuditEntry e;
    e.at = 1'700'000'000'000 + i * 1'000;
    e.kioskId = i % 2 ? "K1" : "K2";
    e.staffId = i % 3 ? "2" : "";
    e.action = i % 4 ? "line.void" : "price.override";
    e.saleUuid = "sale-" + std::to_string(i / 3);
    e.before = i % 4 ? "" : "price 25000";
    e.after = i % 4 ? "" : "price 20000";
    e.details = "row " + std::to_string(i);
    return e;
}

class StoreAudit : public ::testing::Test {
  protected:
    std::string path() const { return dir_.file("store.db"); }

    // A closed store holding rows 1..count.
    void writeRows(int count) {
        auto store = testing::openStore(path());
        ASSERT_TRUE(store);
        for (int i = 1; i <= count; ++i) {
            auto done = store->appendAudit(entry(i));
            ASSERT_TRUE(done.ok()) << done.error().message;
        }
    }

    AuditCheck verify() {
        auto store = testing::openStore(path());
        EXPECT_TRUE(store);
        if (!store)
            return {};
        auto check = store->verifyAudit();
        EXPECT_TRUE(check.ok()) << check.error().message;
        return check.ok() ? *check : AuditCheck{};
    }

    // verifyAudit fails at `seq` with `words` in its explanation.
    void expectBrokenAt(int64_t seq, const std::string& words) {
        const AuditCheck check = verify();
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.firstBadSeq, seq) << check.why;
        EXPECT_NE(check.why.find(words), std::string::npos) << check.why;
    }

    // The row's stored fields, as an attacker reads them to forge a hash.
    AuditEntry rowAt(int64_t seq) {
        auto store = testing::openStore(path());
        EXPECT_TRUE(store);
        AuditFilter all;
        all.limit = 1'000'000;
        auto rows = store->audit(all);
        EXPECT_TRUE(rows.ok());
        for (const AuditEntry& e : *rows)
            if (e.seq == seq)
                return e;
        ADD_FAILURE() << "no row " << seq;
        return {};
    }

    TempDir dir_;
};

TEST(AuditChain, CanonicalTextAndHashAreTheDocumentedOnes) {
    AuditEntry e;
    e.seq = 1;
    e.at = 1'700'000'000'000;
    e.kioskId = "K1";
    e.staffId = "2";
    e.action = "price.override";
    e.saleUuid = "s-1";
    e.before = "price 25000";
    e.after = "price 20000";
    e.details = "line 3\nshelf-price";
    EXPECT_EQ(auditCanonicalText(e),
              "format 14:kasir-audit-v1\nseq 1\nat 1700000000000\nkioskId 2:K1\nstaffId 1:2\n"
              "action 14:price.override\nsaleUuid 3:s-1\nbefore 11:price 25000\n"
              "after 11:price 20000\ndetails 18:line 3\nshelf-price\n");
    // printf '%s' "$(printf '0%.0s' {1..64})<canonical text>" | sha256sum
    EXPECT_EQ(auditHash(kAuditGenesisHash, e),
              "a2ebaf46f82c30e1c127526c5b4c14a3316a7a53e5009e9b77d917d778e4eecd");
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
    // Moving bytes from one field to the next must change the text (length prefixes).
    AuditEntry a;
    a.action = "x";
    a.before = "ab";
    a.after = "c";
    AuditEntry b = a;
    b.before = "a";
    b.after = "bc";
    EXPECT_NE(auditCanonicalText(a), auditCanonicalText(b));
    AuditEntry c = a;
    c.details = "\nafter 1:c";
    c.after = "";
    EXPECT_NE(auditCanonicalText(a), auditCanonicalText(c));
}

TEST_F(StoreAudit, RowsRoundTripNewestFirstWithGaplessSeqAndChainedHashes) {
    writeRows(5);
    auto store = testing::openStore(path());
    auto rows = store->audit(10);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 5u);
    std::string prev = kAuditGenesisHash;
    for (int i = 1; i <= 5; ++i) {
        AuditEntry got = (*rows)[static_cast<size_t>(5 - i)];
        AuditEntry want = entry(i);
        want.seq = i;
        want.hash = auditHash(prev, want);
        EXPECT_EQ(got, want) << "row " << i;
        prev = got.hash;
    }
    auto newest = store->audit(1);
    ASSERT_TRUE(newest.ok());
    ASSERT_EQ(newest->size(), 1u);
    EXPECT_EQ(newest->front().seq, 5);
    auto none = store->audit(0);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());

    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
    EXPECT_EQ(check->rowsChecked, 5);
    EXPECT_EQ(check->firstBadSeq, 0);
}

TEST_F(StoreAudit, AnEmptyLogVerifies) {
    auto store = testing::openStore(path());
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
    EXPECT_EQ(check->rowsChecked, 0);
}

TEST_F(StoreAudit, AnEntryNeedsAnActionAndBadTextIsKeptRepaired) {
    auto store = testing::openStore(path());
    auto refused = store->appendAudit(AuditEntry{});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().message.find("action"), std::string::npos);

    AuditEntry odd = entry(1);
    odd.details = std::string("caf\xe9 \0 end", 10);  // Latin-1 byte and a NUL
    odd.before = "\xff\xfe";
    ASSERT_TRUE(store->appendAudit(odd).ok());
    auto rows = store->audit(1);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().details, std::string("caf\xef\xbf\xbd \0 end", 12));
    EXPECT_EQ(rows->front().before, "\xef\xbf\xbd\xef\xbf\xbd");
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
}

TEST_F(StoreAudit, FilterBySpanStaffAndActionPrefix) {
    auto store = testing::openStore(path());
    const std::vector<std::tuple<Timestamp, std::string, std::string>> rows = {
        {1'000, "1", "staff.signin"},
        {2'000, "1", "age.approve"},
        {3'000, "2", "staff.signin.failed"},
        {4'000, "2", "staff.lockout"},
        {5'000, "1", "staff.signout"},
        {6'000, "3", "staffing"},
        {7'000, "1", "a%b"},
    };
    for (const auto& [at, staff, action] : rows) {
        AuditEntry e;
        e.at = at;
        e.kioskId = "K1";
        e.staffId = staff;
        e.action = action;
        ASSERT_TRUE(store->appendAudit(e).ok());
    }
    auto actions = [&](const AuditFilter& f) {
        std::vector<std::string> out;
        auto got = store->audit(f);
        EXPECT_TRUE(got.ok()) << got.error().message;
        if (got.ok())
            for (const AuditEntry& e : *got)
                out.push_back(e.action);
        return out;
    };
    AuditFilter f;
    f.action = "staff.";
    EXPECT_EQ(actions(f), (std::vector<std::string>{"staff.signout", "staff.lockout",
                                                    "staff.signin.failed", "staff.signin"}));
    f.action = "staff.signin";  // exact without the dot
    EXPECT_EQ(actions(f), (std::vector<std::string>{"staff.signin"}));
    f.action = "a%";  // no LIKE wildcards
    EXPECT_TRUE(actions(f).empty());
    f.action = "";
    f.staffId = "1";
    f.from = 2'000;
    f.to = 7'000;
    EXPECT_EQ(actions(f), (std::vector<std::string>{"staff.signout", "age.approve"}));
    f.limit = 1;
    EXPECT_EQ(actions(f), (std::vector<std::string>{"staff.signout"}));
    f = AuditFilter{};
    f.from = 8'000;
    EXPECT_TRUE(actions(f).empty());
}

TEST_F(StoreAudit, AppendInsideATransactionCommitsOrRollsBackWithIt) {
    auto store = testing::openStore(path());
    ASSERT_TRUE(store->appendAudit(entry(1)).ok());
    auto failed = store->transaction([&]() -> Result<void> {
        if (auto done = store->appendAudit(entry(2)); !done)
            return done;
        return makeError(ErrorCode::Conflict, "the caller's work failed");
    });
    EXPECT_FALSE(failed.ok());
    auto done = store->transaction([&]() -> Result<void> {
        if (auto a = store->appendAudit(entry(3)); !a)
            return a;
        return store->appendAudit(entry(4));
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    auto rows = store->audit(10);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].seq, 3);
    EXPECT_EQ((*rows)[0].details, "row 4");
    EXPECT_EQ((*rows)[1].seq, 2);  // the rolled-back row left no gap
    EXPECT_EQ((*rows)[1].details, "row 3");
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
}

TEST_F(StoreAudit, TwoConnectionsAppendingAtOnceKeepOneGaplessChain) {
    { auto create = testing::openStore(path()); }
    auto writer = [&](int from) {
        auto store = testing::openStore(path());
        ASSERT_TRUE(store);
        for (int i = from; i < from + 100; ++i) {
            auto done = store->appendAudit(entry(i));
            ASSERT_TRUE(done.ok()) << done.error().message;
        }
    };
    std::thread a(writer, 1);
    std::thread b(writer, 1001);
    a.join();
    b.join();
    const AuditCheck check = verify();
    EXPECT_TRUE(check.ok) << check.why;
    EXPECT_EQ(check.rowsChecked, 200);
}

TEST_F(StoreAudit, ProgressIsReported) {
    writeRows(10);
    auto store = testing::openStore(path());
    std::vector<int64_t> seen;
    auto check = store->verifyAudit([&](int64_t done) { seen.push_back(done); });
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 10);
}

TEST_F(StoreAudit, TriggersRefuseEditsDeletesAndRowsOffTheChain) {
    writeRows(3);
    EXPECT_NE(rawSqlRefused(path(), "UPDATE audit_log SET details = 'x' WHERE seq = 2")
                  .find("append-only"),
              std::string::npos);
    EXPECT_NE(rawSqlRefused(path(), "DELETE FROM audit_log WHERE seq = 3").find("append-only"),
              std::string::npos);
    EXPECT_NE(rawSqlRefused(path(),
                            "INSERT INTO audit_log (seq, at, kiosk_id, action, "
                            "prev_hash, hash) VALUES (7, 0, 'K1', 'x', 'p', 'h')")
                  .find("extend the chain"),
              std::string::npos);
    EXPECT_NE(rawSqlRefused(path(), "DELETE FROM audit_head").find("kept"), std::string::npos);
    EXPECT_NE(rawSqlRefused(path(), "UPDATE audit_head SET last_seq = 1").find("forward"),
              std::string::npos);
    const AuditCheck check = verify();
    EXPECT_TRUE(check.ok) << check.why;
    EXPECT_EQ(check.rowsChecked, 3);
}

// (a) A field of row 4 changed.
TEST_F(StoreAudit, EditedRowIsNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) +
                       "UPDATE audit_log SET after_value = 'price 1' "
                       "WHERE seq = 4");
    expectBrokenAt(4, "row 4 was edited");
}

TEST_F(StoreAudit, EditedTimeOrSeqFieldIsNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) + "UPDATE audit_log SET at = at + 1 WHERE seq = 7");
    expectBrokenAt(7, "row 7 was edited");
}

// (b) Row 4 deleted: row 5 follows row 3.
TEST_F(StoreAudit, DeletedRowIsNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) + "DELETE FROM audit_log WHERE seq = 4");
    expectBrokenAt(5, "row 4 was deleted");
}

// Deleting rows and renumbering the rest to close the gap changes the renumbered rows' seq.
TEST_F(StoreAudit, DeletedRowsWithTheRestRenumberedAreNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) +
                       "DELETE FROM audit_log WHERE seq IN (4, 5);"
                       "UPDATE audit_log SET seq = seq + 1000000 WHERE seq > 5;"
                       "UPDATE audit_log SET seq = seq - 1000002 WHERE seq > 1000000;");
    expectBrokenAt(4, "row 4 was edited");
}

// (c) The contents of rows 3 and 6 swapped (each keeps its seq, moves its hashes along).
TEST_F(StoreAudit, SwappedRowsAreNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) +
                       "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (3, 6);"
                       "UPDATE audit_log SET (at, kiosk_id, staff_id, action, sale_uuid, "
                       "before_value, after_value, details, prev_hash, hash) = (SELECT at, "
                       "kiosk_id, staff_id, action, sale_uuid, before_value, after_value, "
                       "details, prev_hash, hash FROM t WHERE t.seq = 9 - audit_log.seq) "
                       "WHERE seq IN (3, 6);");
    expectBrokenAt(3, "moved here");
}

// The same two rows swapped with only their contents, hashes left in place.
TEST_F(StoreAudit, SwappedContentsAreNamed) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) +
                       "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (3, 6);"
                       "UPDATE audit_log SET (at, kiosk_id, staff_id, action, sale_uuid, "
                       "before_value, after_value, details) = (SELECT at, kiosk_id, staff_id, "
                       "action, sale_uuid, before_value, after_value, details FROM t "
                       "WHERE t.seq = 9 - audit_log.seq) WHERE seq IN (3, 6);");
    expectBrokenAt(3, "row 3 was edited");
}

// (d) A forged row with a made-up hash put in as row 5, later rows moved up one.
TEST_F(StoreAudit, InsertedRowIsNamed) {
    writeRows(10);
    const AuditEntry row4 = rowAt(4);
    rawSql(path(), std::string(kDropGuards) +
                       "UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 5;"
                       "UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000;"
                       "INSERT INTO audit_log (seq, at, kiosk_id, staff_id, action, details, "
                       "prev_hash, hash) VALUES (5, 1700000004500, 'K1', '1', 'drawer.open', "
                       "'forged', '" +
                       row4.hash + "', '" + std::string(64, 'a') + "');");
    expectBrokenAt(5, "row 5 was edited");
}

// The forger computes the hash as kasir does (the code is open source): the forged row itself
// verifies, and the row after it, renumbered, does not.
TEST_F(StoreAudit, InsertedRowWithAValidHashBreaksTheNextRow) {
    writeRows(10);
    const AuditEntry row4 = rowAt(4);
    AuditEntry forged;
    forged.seq = 5;
    forged.at = 1'700'000'004'500;
    forged.kioskId = "K1";
    forged.staffId = "1";
    forged.action = "drawer.open";
    forged.details = "forged";
    const std::string hash = auditHash(row4.hash, forged);
    rawSql(path(), std::string(kDropGuards) +
                       "UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 5;"
                       "UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000;"
                       "INSERT INTO audit_log (seq, at, kiosk_id, staff_id, action, details, "
                       "prev_hash, hash) VALUES (5, 1700000004500, 'K1', '1', 'drawer.open', "
                       "'forged', '" +
                       row4.hash + "', '" + hash + "');");
    expectBrokenAt(6, "row 6 was edited");
}

// A row numbered 0 slipped in before row 1.
TEST_F(StoreAudit, RowBeforeTheFirstIsNamed) {
    writeRows(3);
    rawSql(path(), std::string(kDropGuards) +
                       "CREATE TABLE x AS SELECT * FROM audit_log; DROP TABLE audit_log;"
                       "ALTER TABLE x RENAME TO audit_log;"
                       "INSERT INTO audit_log SELECT 0, at, kiosk_id, staff_id, action, "
                       "sale_uuid, before_value, after_value, details, prev_hash, hash "
                       "FROM audit_log WHERE seq = 1;");
    expectBrokenAt(0, "inserted");
}

// Rows repeated (the table rebuilt without its key so seq can repeat).
TEST_F(StoreAudit, RepeatedRowIsNamed) {
    writeRows(6);
    rawSql(path(), std::string(kDropGuards) +
                       "CREATE TABLE x AS SELECT * FROM audit_log; DROP TABLE audit_log;"
                       "ALTER TABLE x RENAME TO audit_log;"
                       "INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 3;");
    expectBrokenAt(3, "inserted where row 4 belongs");
}

// (e) Row 4 edited and its own hash recomputed: row 4 verifies by itself, row 5 no longer
// follows it.
TEST_F(StoreAudit, EditedAndRehashedRowBreaksTheNextLink) {
    writeRows(10);
    AuditEntry row4 = rowAt(4);
    const AuditEntry row3 = rowAt(3);
    row4.details = "nothing happened";
    const std::string hash = auditHash(row3.hash, row4);
    rawSql(path(), std::string(kDropGuards) +
                       "UPDATE audit_log SET details = 'nothing happened', hash = '" + hash +
                       "' WHERE seq = 4");
    expectBrokenAt(5, "row 5 does not follow row 4");
}

// The newest row edited and re-hashed: no row follows it, the head's hash shows it.
TEST_F(StoreAudit, EditedAndRehashedNewestRowIsNamedByTheHead) {
    writeRows(10);
    AuditEntry row10 = rowAt(10);
    const AuditEntry row9 = rowAt(9);
    row10.details = "nothing happened";
    const std::string hash = auditHash(row9.hash, row10);
    rawSql(path(), std::string(kDropGuards) +
                       "UPDATE audit_log SET details = 'nothing happened', hash = '" + hash +
                       "' WHERE seq = 10");
    expectBrokenAt(10, "row 10, the newest");
}

// (f) The last three rows cut off. What is left is a valid chain: the chain alone cannot show
// that it used to be longer. The head (audit_head, moved by a trigger on every append) records
// 10 rows, so this is caught -- unless the attacker rewrites the head too (next test).
TEST_F(StoreAudit, TruncatedEndIsNamedByTheHead) {
    writeRows(10);
    rawSql(path(), std::string(kDropGuards) + "DELETE FROM audit_log WHERE seq >= 8");
    expectBrokenAt(8, "rows 8 to 10 were deleted from the end");
}

TEST_F(StoreAudit, DeletedHeadIsNamed) {
    writeRows(4);
    rawSql(path(), "DROP TRIGGER audit_head_is_kept; DELETE FROM audit_head");
    expectBrokenAt(5, "audit_head");
}

// The honest limits: with no secret in the chain, someone who truncates the log and rewrites
// the head to match, or appends rows hashed the way kasir hashes them and moves the head,
// leaves a log that verifies. Copies of the log kept elsewhere (a backup, an export of the
// newest hash) are what catch that.
TEST_F(StoreAudit, TruncationWithTheHeadRewrittenIsNotDetectable) {
    writeRows(10);
    const AuditEntry row7 = rowAt(7);
    rawSql(path(),
           std::string(kDropGuards) +
               "DROP TRIGGER audit_head_moves_forward; DELETE FROM audit_log WHERE seq >= 8;"
               "UPDATE audit_head SET last_seq = 7, last_hash = '" +
               row7.hash + "'");
    const AuditCheck check = verify();
    EXPECT_TRUE(check.ok) << check.why;
    EXPECT_EQ(check.rowsChecked, 7);
}

TEST_F(StoreAudit, AppendedRowWithAValidHashIsNamedByTheHead) {
    writeRows(10);
    const AuditEntry row10 = rowAt(10);
    AuditEntry forged;
    forged.seq = 11;
    forged.at = 1'700'000'011'000;
    forged.kioskId = "K1";
    forged.action = "drawer.open";
    const std::string hash = auditHash(row10.hash, forged);
    rawSql(path(), std::string(kDropGuards) +
                       "INSERT INTO audit_log (seq, at, kiosk_id, action, prev_hash, hash) "
                       "VALUES (11, 1700000011000, 'K1', 'drawer.open', '" +
                       row10.hash + "', '" + hash + "')");
    expectBrokenAt(11, "row 11 was added behind kasir's back");
}

TEST_F(StoreAudit, ADamagedHeadStopsAppendsWithoutOverflowing) {
    writeRows(2);
    rawSql(path(),
           "DROP TRIGGER audit_head_moves_forward;"
           "UPDATE audit_head SET last_seq = 9223372036854775807");
    auto store = testing::openStore(path());
    auto refused = store->appendAudit(entry(3));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Corrupt) << refused.error().message;
    EXPECT_NE(refused.error().message.find("audit chain head"), std::string::npos);
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_FALSE(check->ok);
    EXPECT_EQ(check->firstBadSeq, 3);
}

// --- Migration from schema version 2 ---

// A version 1 or 2 file as an older kasir left it: the migrations up to `version` applied,
// audit rows without seq or hashes (one with a NULL staff id, one with a Latin-1 byte), a staff
// member.
void makeOldFile(const std::string& path, int version) {
    std::string sql = "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
    for (int v = 1; v <= version; ++v)
        sql += migrations()[static_cast<size_t>(v - 1)].sql;
    sql += "PRAGMA user_version = " + std::to_string(version) + ";";
    sql +=
        "INSERT INTO staff (id, name, role, pin_hash, active, created_at) VALUES "
        "('7', 'Dewi', 'supervisor', '$argon2id$old', 1, 1000);"
        "INSERT INTO audit_log (at, kiosk_id, staff_id, action, details) VALUES "
        "(1000, 'K1', NULL, 'kiosk.start', 'version 0.6'),"
        "(2000, 'K1', '7', 'age.approve', 'line 3'),"
        "(3000, 'K2', '7', 'drawer.open', CAST(X'636166E9' AS TEXT)),"
        "(4000, 'K2', '', 'price.override', 'line 2: 12500 -> 500');";
    rawSql(path, sql);
}

class StoreAuditMigration : public StoreAudit, public ::testing::WithParamInterface<int> {};

TEST_P(StoreAuditMigration, OldFileMigratesWithItsAuditRowsChained) {
    makeOldFile(path(), GetParam());
    auto store = testing::openStore(path());
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), 3);
    EXPECT_TRUE(store->integrityCheck().ok());

    auto rows = store->audit(10);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 4u);
    const std::vector<std::string> actions = {"price.override", "drawer.open", "age.approve",
                                              "kiosk.start"};
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ((*rows)[i].seq, static_cast<int64_t>(4 - i));
        EXPECT_EQ((*rows)[i].action, actions[i]);
    }
    EXPECT_EQ((*rows)[3].staffId, "");  // NULL became ''
    EXPECT_EQ((*rows)[3].at, 1000);
    EXPECT_EQ((*rows)[1].details, "caf\xef\xbf\xbd");  // the Latin-1 byte, repaired
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
    EXPECT_EQ(check->rowsChecked, 4);

    // The chain goes on from the migrated rows.
    ASSERT_TRUE(store->appendAudit(entry(5)).ok());
    auto newest = store->audit(1);
    ASSERT_TRUE(newest.ok());
    EXPECT_EQ(newest->front().seq, 5);

    auto member = store->staffMember("7");
    ASSERT_TRUE(member.ok());
    ASSERT_TRUE(member->has_value());
    EXPECT_EQ((*member)->name, "Dewi");
    EXPECT_EQ((*member)->role, Role::Supervisor);
    EXPECT_EQ((*member)->failedPins, 0);
    EXPECT_EQ((*member)->lockedUntil, 0);
    EXPECT_FALSE((*member)->hasBadge);
    auto pin = store->staffPinHash("7");
    ASSERT_TRUE(pin.ok());
    EXPECT_EQ(*pin, "$argon2id$old");
    store.reset();

    const AuditCheck again = verify();
    EXPECT_TRUE(again.ok) << again.why;
    EXPECT_EQ(again.rowsChecked, 5);
}

INSTANTIATE_TEST_SUITE_P(FromVersion, StoreAuditMigration, ::testing::Values(1, 2));

TEST_F(StoreAudit, MigratedRowsAreGuardedLikeNewOnes) {
    makeOldFile(path(), 2);
    { auto store = testing::openStore(path()); }
    rawSql(path(), std::string(kDropGuards) + "UPDATE audit_log SET details = 'x' WHERE seq = 2");
    expectBrokenAt(2, "row 2 was edited");
}

TEST_F(StoreAudit, EmptyVersion2FileMigrates) {
    std::string sql = "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
    sql += migrations()[0].sql;
    sql += migrations()[1].sql;
    sql += "PRAGMA user_version = 2;";
    rawSql(path(), sql);
    auto store = testing::openStore(path());
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), 3);
    ASSERT_TRUE(store->appendAudit(entry(1)).ok());
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
    EXPECT_EQ(check->rowsChecked, 1);
}

TEST_F(StoreAudit, Version3FileLackingANewTableIsRefusedUnchanged) {
    for (const char* table :
         {"role_permissions", "shifts", "interventions", "suspended_carts", "audit_head"}) {
        TempDir dir;
        const std::string file = dir.file("store.db");
        { auto store = testing::openStore(file); }
        rawSql(file, std::string("PRAGMA foreign_keys = OFF; DROP TABLE ") + table);
        const auto before = testing::snapshotDir(dir.path());
        auto store = Store::open(file);
        ASSERT_FALSE(store.ok()) << table;
        EXPECT_EQ(store.error().code, ErrorCode::Corrupt) << store.error().message;
        EXPECT_NE(store.error().message.find(std::string("the table ") + table + " is missing"),
                  std::string::npos)
            << store.error().message;
        EXPECT_EQ(testing::snapshotDir(dir.path()), before) << table;
    }
}

}  // namespace
}  // namespace kiosk::storage
