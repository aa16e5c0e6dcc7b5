// A thin RAII layer over the sqlite3 C API: one connection, its cached prepared statements, and
// the translation of every SQLite result code into an Error that names the file in plain words.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kiosk/core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::storage {

class Database;

// Builds the Error for SQLite result code `rc` met while trying to `what` (a verb phrase such as
// "complete sale 42"). Full disks, damaged or foreign files, read-only files and locks get
// their own codes and wording; the file is always named.
Error sqliteError(int rc, int systemErrno, std::string_view detail, const std::string& file,
                  std::string_view what);

// One use of a prepared statement: bind, step, read columns. A cached statement is reset and
// its bindings cleared when the Query goes away, so no read transaction is left open behind it.
class Query {
  public:
    // `inUse` is the cache's busy flag, cleared on destruction; nullptr for a one-off statement.
    Query(const Database* db, sqlite3_stmt* stmt, bool* inUse, const char* what);
    Query(Query&& other) noexcept;
    Query& operator=(Query&&) = delete;
    Query(const Query&) = delete;
    ~Query();

    // Parameters are 1-based, as in SQL. Text is copied, so temporaries are safe to bind.
    Query& bind(int index, int64_t value);
    Query& bind(int index, std::string_view value);
    Query& bindNull(int index);
    // NULL for an empty string: optional text columns keep "absent" distinct from "".
    Query& bindTextOrNull(int index, std::string_view value);

    // True when a row is ready, false when the statement has finished.
    Result<bool> step();
    // Steps to the end, for statements that return no rows (or whose rows do not matter).
    Result<void> run();
    // Calls `onRow(*this)` for every row.
    template <typename F>
    Result<void> each(F&& onRow) {
        for (;;) {
            Result<bool> row = step();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            onRow(*this);
        }
    }

    int64_t int64(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

  private:
    const Database* db_;
    sqlite3_stmt* stmt_;
    bool* inUse_;  // nullptr: a one-off statement (the cached one was busy), finalized at the end
    const char* what_;
};

class Database {
  public:
    // Opens `path` with sqlite3_open_v2 `flags` through the VFS named `vfs` (nullptr: default).
    static Result<std::unique_ptr<Database>> open(const std::string& path, int flags,
                                                  const char* vfs);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    // A prepared statement for `sql`, prepared once and cached for the connection's life.
    // `sql` must have static storage duration: its address is the cache key. If the cached
    // statement is in use further up the stack, a one-off statement is prepared instead.
    Result<Query> query(const char* sql, const char* what);
    // Runs SQL text that takes no parameters (pragmas, migrations, transaction control).
    Result<void> exec(const std::string& sql, std::string_view what);
    // A single integer from a parameterless query (pragmas such as user_version).
    Result<int64_t> queryInt(const std::string& sql, std::string_view what);

    // A single text value from a parameterless query (pragmas such as journal_mode).
    Result<std::string> queryText(const std::string& sql, std::string_view what);

    // The Error for `rc` on this connection, with SQLite's own detail and the OS errno.
    Error error(int rc, std::string_view what) const;
    bool inTransaction() const;
    // Rows the last completed INSERT, UPDATE or DELETE changed (triggers not counted).
    int64_t changes() const;
    bool readOnly() const;

  private:
    Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool inUse = false;
    };
    sqlite3* db_;
    std::string path_;
    std::unordered_map<const char*, Cached> cache_;
};

}  // namespace kiosk::storage
