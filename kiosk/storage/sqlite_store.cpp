// Opening a store (checks first, then WAL, pragmas and migrations), settings, nested
// transactions and the integrity check.
#include "kiosk/storage/sqlite_store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <chrono>

#include <fmt/format.h>

#include "kiosk/storage/file_checks.hpp"
#include "kiosk/storage/io_probe.hpp"
#include "kiosk/storage/schema.hpp"

namespace kiosk::storage {

Timestamp storageNow() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode) {
    StoreOptions options;
    options.mode = mode;
    return SqliteStore::open(path, options);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const StoreOptions& options) {
    return SqliteStore::open(path, options);
}

Result<std::unique_ptr<Store>> SqliteStore::open(const std::string& path,
                                                 const StoreOptions& options) {
    if (path.empty())
        return makeError(ErrorCode::InvalidArgument, "no database file given");

    // 1. Look before touching: everything up to the read-write open only reads.
    auto inspection = inspectFile(path);
    if (!inspection)
        return inspection.error();
    const FileState state = inspection->state;
    if (state == FileState::Missing && options.mode == OpenMode::MustExist) {
        return makeError(ErrorCode::NotFound, fmt::format("{} does not exist", path));
    }
    if (state == FileState::Existing && inspection->userVersion > latestSchemaVersion()) {
        return makeError(ErrorCode::Unsupported,
                         fmt::format("{} has schema version {}, newer than this kasir knows (up "
                                     "to {}): use a newer kasir",
                                     path, inspection->userVersion, latestSchemaVersion()));
    }
    if (auto writable = checkWritable(path, state); !writable)
        return writable.error();
    if (state == FileState::Existing) {
        if (auto probed = probeExisting(path); !probed)
            return probed.error();
    }

    // 2. Open for writing. A file we create and then fail to set up is removed again, so a
    // failed open (a full disk, say) leaves the directory as it was.
    const bool creating = state == FileState::Missing;
    auto fail = [&](std::unique_ptr<Store>& store, Error error) -> Result<std::unique_ptr<Store>> {
        store.reset();
        if (creating) {
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
                ::unlink((path + suffix).c_str());
            }
        }
        return error;
    };

    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (creating)
        flags |= SQLITE_OPEN_CREATE;
    auto db = Database::open(path, flags, options.probeIo ? probeVfsName() : nullptr);
    std::unique_ptr<Store> store;
    if (!db)
        return fail(store, db.error());
    auto* self = new SqliteStore(std::move(*db));
    store.reset(self);
    if (self->db_->readOnly()) {
        return fail(store, makeError(ErrorCode::ReadOnly,
                                     fmt::format("{} can only be opened read-only (file "
                                                 "permissions or a read-only file system): kasir "
                                                 "needs to write to it",
                                                 path)));
    }
    if (auto configured = self->configure(options); !configured) {
        return fail(store, configured.error());
    }
    if (auto migrated = self->migrate(); !migrated)
        return fail(store, migrated.error());
    return store;
}

Result<void> SqliteStore::configure(const StoreOptions& options) {
    sqlite3* h = db_->handle();
    sqlite3_busy_timeout(h, options.busyTimeoutMs);
    // Defensive mode forbids writable_schema and similar ways to corrupt the file through
    // this connection; an untrusted schema may not call functions with side effects.
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);

    // WAL: readers (the back office, a report) never block the kiosk's writes, and a commit
    // is one append plus one fsync of the -wal file.
    auto mode = db_->queryText("PRAGMA journal_mode = WAL", "switch to WAL mode");
    if (!mode)
        return mode.error();
    if (*mode != "wal") {
        return makeError(ErrorCode::Unsupported,
                         fmt::format("{} cannot use write-ahead logging (journal mode stayed "
                                     "'{}'); is it on a network file system?",
                                     db_->path(), *mode));
    }
    // FULL: the WAL is fsynced at every commit, so a completed sale survives a power cut,
    // not only a crash of the process (NORMAL would only sync at checkpoints).
    const char* pragmas[] = {
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        // Lookups stay in memory for a catalogue of a few hundred thousand products.
        "PRAGMA cache_size = -32768",
        // Reset the WAL to at most 64 MiB after a checkpoint instead of letting it stay large.
        "PRAGMA journal_size_limit = 67108864",
    };
    for (const char* pragma : pragmas) {
        if (auto done = db_->exec(pragma, "configure the connection"); !done)
            return done;
    }
    return db_->exec(fmt::format("PRAGMA mmap_size = {}", std::max<int64_t>(0, options.mmapBytes)),
                     "configure the connection");
}

Result<void> SqliteStore::migrate() {
    for (const Migration& migration : migrations()) {
        // Each migration is its own transaction; the version is read again under the write
        // lock, so two processes opening a new file at once migrate it once.
        if (auto begun = db_->exec("BEGIN IMMEDIATE", "start a schema migration"); !begun) {
            return begun;
        }
        auto step = [&]() -> Result<bool> {
            auto version = db_->queryInt("PRAGMA user_version", "read the schema version");
            if (!version)
                return version.error();
            if (*version >= migration.version)
                return false;
            if (*version != migration.version - 1) {
                return makeError(
                    ErrorCode::Internal,
                    fmt::format("{} is at schema version {}, but migration {} "
                                "expects {}",
                                db_->path(), *version, migration.version, migration.version - 1));
            }
            if (*version == 0) {
                // A brand-new file, or one some other program filled since it was probed.
                auto objects =
                    db_->queryInt("SELECT count(*) FROM sqlite_schema", "read the schema");
                if (!objects)
                    return objects.error();
                if (*objects != 0) {
                    return makeError(ErrorCode::Corrupt,
                                     fmt::format("{} is not a kasir database (it has tables but "
                                                 "no kasir schema version)",
                                                 db_->path()));
                }
                auto setId = db_->exec(fmt::format("PRAGMA application_id = {}", kApplicationId),
                                       "mark the file as a kasir database");
                if (!setId)
                    return setId.error();
            }
            auto what =
                fmt::format("apply schema migration {} ({})", migration.version, migration.summary);
            if (auto applied = db_->exec(migration.sql, what); !applied)
                return applied.error();
            if (migration.code) {
                if (auto applied = migration.code(*db_); !applied)
                    return applied.error();
            }
            if (migration.sqlAfter) {
                if (auto applied = db_->exec(migration.sqlAfter, what); !applied)
                    return applied.error();
            }
            auto bumped =
                db_->exec(fmt::format("PRAGMA user_version = {}", migration.version), what);
            if (!bumped)
                return bumped.error();
            return true;
        };
        auto stepped = step();
        if (!stepped) {
            if (db_->inTransaction())
                (void)db_->exec("ROLLBACK", "roll back a migration");
            return stepped.error();
        }
        if (auto committed = db_->exec("COMMIT", "commit a schema migration"); !committed) {
            if (db_->inTransaction())
                (void)db_->exec("ROLLBACK", "roll back a migration");
            return committed;
        }
    }
    auto version = db_->queryInt("PRAGMA user_version", "read the schema version");
    if (!version)
        return version.error();
    schemaVersion_ = static_cast<int>(*version);
    return {};
}

// --- Transactions ---

namespace {
constexpr const char kBegin[] = "BEGIN IMMEDIATE";
constexpr const char kCommit[] = "COMMIT";
constexpr const char kRollback[] = "ROLLBACK";
constexpr const char kSavepoint[] = "SAVEPOINT kasir_nested";
constexpr const char kRelease[] = "RELEASE kasir_nested";
constexpr const char kRollbackTo[] = "ROLLBACK TO kasir_nested";
}  // namespace

Result<void> SqliteStore::begin() {
    if (depth_ > 0 && !db_->inTransaction()) {
        // SQLite rolled the outer transaction back by itself (a full disk or an I/O error
        // does that); carrying on would write outside of it.
        return makeError(ErrorCode::Internal,
                         fmt::format("the transaction on {} was already rolled back after an "
                                     "earlier error",
                                     db_->path()));
    }
    auto q = db_->query(depth_ == 0 ? kBegin : kSavepoint, "start a transaction");
    if (!q)
        return q.error();
    if (auto done = q->run(); !done)
        return done;
    ++depth_;
    return {};
}

Result<void> SqliteStore::commit() {
    assert(depth_ > 0);
    if (!db_->inTransaction()) {
        return makeError(ErrorCode::Internal,
                         fmt::format("the transaction on {} was rolled back after an earlier "
                                     "error",
                                     db_->path()));
    }
    auto q = db_->query(depth_ == 1 ? kCommit : kRelease, "commit the transaction");
    if (!q)
        return q.error();
    if (auto done = q->run(); !done)
        return done;  // depth unchanged: the caller rolls back
    --depth_;
    return {};
}

void SqliteStore::rollback() {
    assert(depth_ > 0);
    if (db_->inTransaction()) {
        if (depth_ == 1) {
            if (auto q = db_->query(kRollback, "roll back the transaction"))
                (void)q->run();
        } else {
            if (auto q = db_->query(kRollbackTo, "roll back the transaction"))
                (void)q->run();
            if (auto q = db_->query(kRelease, "roll back the transaction"))
                (void)q->run();
        }
    }
    --depth_;
}

Result<void> SqliteStore::beginRead() {
    static constexpr const char kBeginRead[] = "BEGIN DEFERRED";
    auto q = db_->query(kBeginRead, "start reading");
    if (!q)
        return q.error();
    return q->run();
}

Result<void> SqliteStore::endRead() {
    if (!db_->inTransaction())
        return {};
    auto q = db_->query(kCommit, "finish reading");
    if (!q)
        return q.error();
    if (auto done = q->run(); !done) {
        if (auto r = db_->query(kRollback, "finish reading"))
            (void)r->run();
        return done;
    }
    return {};
}

Result<void> SqliteStore::transaction(const std::function<Result<void>()>& body) {
    return atomically([&] { return body(); });
}

// --- Settings ---

Result<void> SqliteStore::setSetting(std::string_view key, std::string_view value) {
    static constexpr const char kSql[] =
        "INSERT INTO settings (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    auto q = db_->query(kSql, "save a setting");
    if (!q)
        return q.error();
    q->bind(1, key).bind(2, value);
    return q->run();
}

Result<std::optional<std::string>> SqliteStore::setting(std::string_view key) {
    static constexpr const char kSql[] = "SELECT value FROM settings WHERE key = ?1";
    auto q = db_->query(kSql, "read a setting");
    if (!q)
        return q.error();
    q->bind(1, key);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(q->text(0));
}

// --- Maintenance ---

Result<void> SqliteStore::integrityCheck() {
    static constexpr const char kIntegrity[] = "PRAGMA integrity_check(10)";
    static constexpr const char kForeignKeys[] = "PRAGMA foreign_key_check";
    std::string problems;
    {
        auto q = db_->query(kIntegrity, "check the file's integrity");
        if (!q)
            return q.error();
        auto read = q->each([&](const Query& row) {
            std::string line = row.text(0);
            if (line == "ok")
                return;
            if (!problems.empty())
                problems += "; ";
            problems += line;
        });
        if (!read)
            return read;
    }
    {
        auto q = db_->query(kForeignKeys, "check foreign keys");
        if (!q)
            return q.error();
        int shown = 0;
        auto read = q->each([&](const Query& row) {
            if (shown++ >= 10)
                return;
            if (!problems.empty())
                problems += "; ";
            problems += fmt::format("row {} of {} refers to a missing row of {}", row.int64(1),
                                    row.text(0), row.text(2));
        });
        if (!read)
            return read;
    }
    if (problems.empty())
        return {};
    return makeError(ErrorCode::Corrupt,
                     fmt::format("{} failed its integrity check: {}", db_->path(), problems));
}

}  // namespace kiosk::storage
