// The sqlite3 RAII layer: connection, statement cache, and SQLite codes turned into Errors.
// Messages are written for the person at the back office, so they say which file and what.
#include "kiosk/storage/database.hpp"

#include <sqlite3.h>

#include <cassert>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace kiosk::storage {

Error sqliteError(int rc, int systemErrno, std::string_view detail, const std::string& file,
                  std::string_view what) {
    const int primary = rc & 0xff;
    // SQLite reports some out-of-space failures (growing the -shm file, a short write caught
    // late) as I/O errors; the errno tells the truth.
    const bool noSpace = systemErrno == ENOSPC || systemErrno == EDQUOT;
    if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && noSpace)) {
        return makeError(ErrorCode::DiskFull,
                         fmt::format("disk full while writing {} (could not {})", file, what));
    }
    switch (primary) {
        case SQLITE_NOTADB:
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{} is not a kasir database (not an SQLite file)", file));
        case SQLITE_CORRUPT:
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{} is damaged (corrupt database): could not {}: {}", file,
                                         what, detail));
        case SQLITE_READONLY:
            return makeError(ErrorCode::ReadOnly,
                             fmt::format("{} is read-only (file permissions or a read-only file "
                                         "system): could not {}",
                                         file, what));
        case SQLITE_CANTOPEN:
            if (systemErrno == EROFS || systemErrno == EACCES || systemErrno == EPERM) {
                return makeError(ErrorCode::ReadOnly,
                                 fmt::format("cannot open {} for writing: {} (a read-only file, "
                                             "directory or file system)",
                                             file, std::strerror(systemErrno)));
            }
            return makeError(ErrorCode::Io,
                             fmt::format("cannot open {}: {}", file,
                                         systemErrno ? std::strerror(systemErrno) : detail));
        case SQLITE_IOERR:
            return makeError(ErrorCode::Io,
                             fmt::format("I/O error on {} (could not {}): {}{}{}", file, what,
                                         detail, systemErrno ? ": " : "",
                                         systemErrno ? std::strerror(systemErrno) : ""));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return makeError(
                ErrorCode::Conflict,
                fmt::format("{} is locked by another program (could not {})", file, what));
        case SQLITE_CONSTRAINT:
            return makeError(ErrorCode::Conflict,
                             fmt::format("could not {} in {}: {}", what, file, detail));
        case SQLITE_NOMEM:
            return makeError(ErrorCode::Internal,
                             fmt::format("out of memory while trying to {} in {}", what, file));
        default:
            return makeError(
                ErrorCode::Internal,
                fmt::format("could not {} in {}: {} (SQLite code {})", what, file, detail, rc));
    }
}

// --- Query ---

Query::Query(const Database* db, sqlite3_stmt* stmt, bool* inUse, const char* what)
    : db_(db), stmt_(stmt), inUse_(inUse), what_(what) {}

Query::Query(Query&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), inUse_(other.inUse_), what_(other.what_) {
    other.stmt_ = nullptr;
    other.inUse_ = nullptr;
}

Query::~Query() {
    if (!stmt_)
        return;
    if (inUse_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *inUse_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

// Binding only fails for an index out of range or out of memory: programmer bugs, hence assert.
Query& Query::bind(int index, int64_t value) {
    [[maybe_unused]] int rc = sqlite3_bind_int64(stmt_, index, value);
    assert(rc == SQLITE_OK);
    return *this;
}

Query& Query::bind(int index, std::string_view value) {
    [[maybe_unused]] int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                                  SQLITE_TRANSIENT, SQLITE_UTF8);
    assert(rc == SQLITE_OK);
    return *this;
}

Query& Query::bindNull(int index) {
    [[maybe_unused]] int rc = sqlite3_bind_null(stmt_, index);
    assert(rc == SQLITE_OK);
    return *this;
}

Query& Query::bindTextOrNull(int index, std::string_view value) {
    return value.empty() ? bindNull(index) : bind(index, value);
}

Result<bool> Query::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return db_->error(rc, what_);
}

Result<void> Query::run() {
    for (;;) {
        Result<bool> row = step();
        if (!row)
            return row.error();
        if (!*row)
            return {};
    }
}

int64_t Query::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Query::text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!bytes)
        return {};
    return std::string(bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Query::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// --- Database ---

Result<std::unique_ptr<Database>> Database::open(const std::string& path, int flags,
                                                 const char* vfs) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
    if (rc != SQLITE_OK) {
        const int sysErrno = db ? sqlite3_system_errno(db) : 0;
        std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return sqliteError(rc, sysErrno, detail, path, "open it");
    }
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
    for (auto& [sql, cached] : cache_) {
        assert(!cached.inUse);
        sqlite3_finalize(cached.stmt);
    }
    sqlite3_close_v2(db_);
}

Result<Query> Database::query(const char* sql, const char* what) {
    Cached& cached = cache_[sql];
    if (cached.stmt && !cached.inUse) {
        cached.inUse = true;
        return Query(this, cached.stmt, &cached.inUse, what);
    }
    const bool keep = cached.stmt == nullptr;
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        if (keep)
            cache_.erase(sql);
        return error(rc, what);
    }
    if (!keep)
        return Query(this, stmt, nullptr, what);
    cached.stmt = stmt;
    cached.inUse = true;
    return Query(this, stmt, &cached.inUse, what);
}

Result<void> Database::exec(const std::string& sql, std::string_view what) {
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, what);
    return {};
}

namespace {

// Runs a one-off parameterless statement and hands its first row to `read`.
template <typename T, typename Read>
Result<T> firstValue(const Database& db, const std::string& sql, std::string_view what, Read read) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return db.error(rc, what);
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        // SQLITE_DONE here means the statement returned no row: a bug in the caller's SQL.
        Error e = db.error(rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, what);
        sqlite3_finalize(stmt);
        return e;
    }
    T value = read(stmt);
    sqlite3_finalize(stmt);
    return value;
}

}  // namespace

Result<int64_t> Database::queryInt(const std::string& sql, std::string_view what) {
    return firstValue<int64_t>(*this, sql, what,
                               [](sqlite3_stmt* s) { return sqlite3_column_int64(s, 0); });
}

Result<std::string> Database::queryText(const std::string& sql, std::string_view what) {
    return firstValue<std::string>(*this, sql, what, [](sqlite3_stmt* s) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        return text ? std::string(text) : std::string();
    });
}

Error Database::error(int rc, std::string_view what) const {
    return sqliteError(rc, sqlite3_system_errno(db_), sqlite3_errmsg(db_), path_, what);
}

int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

bool Database::readOnly() const {
    return sqlite3_db_readonly(db_, "main") == 1;
}

}  // namespace kiosk::storage
