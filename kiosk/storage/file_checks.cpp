// Pre-open checks of a store database file. Nothing here writes to the database file: the
// header is read with plain read(2), and the SQLite look uses a read-only connection.
#include "kiosk/storage/file_checks.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "kiosk/storage/database.hpp"
#include "kiosk/storage/schema.hpp"

namespace kiosk::storage {
namespace {

constexpr size_t kHeaderSize = 100;
constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with its terminating NUL

uint32_t bigEndian32(const unsigned char* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

Error notOurs(const std::string& path, std::string_view why) {
    return makeError(ErrorCode::Corrupt, fmt::format("{} is not a kasir database ({})", path, why));
}

std::string directoryOf(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

bool fileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

int64_t fileSize(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

}  // namespace

Result<FileInspection> inspectFile(const std::string& path) {
    FileInspection result;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return result;
        return makeError(ErrorCode::Io,
                         fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) {
        return makeError(ErrorCode::Io,
                         fmt::format("{} is a directory, not a database file", path));
    }
    if (!S_ISREG(st.st_mode)) {
        return makeError(ErrorCode::Io, fmt::format("{} is not a regular file", path));
    }
    if (st.st_size == 0) {
        result.state = FileState::Empty;
        return result;
    }

    unsigned char header[kHeaderSize] = {};
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return makeError(ErrorCode::Io,
                         fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    ssize_t got = 0;
    while (got < static_cast<ssize_t>(kHeaderSize)) {
        const ssize_t n = ::read(fd, header + got, kHeaderSize - static_cast<size_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return makeError(ErrorCode::Io,
                             fmt::format("cannot read {}: {}", path, std::strerror(err)));
        }
        if (n == 0)
            break;
        got += n;
    }
    ::close(fd);
    if (got < static_cast<ssize_t>(kHeaderSize) || std::memcmp(header, kMagic, 16) != 0) {
        return notOurs(path, "not an SQLite file");
    }

    uint32_t pageSize = (uint32_t{header[16]} << 8) | header[17];
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
        return makeError(ErrorCode::Corrupt,
                         fmt::format("{} is damaged: its header gives an impossible page size {}",
                                     path, pageSize));
    }
    const uint32_t changeCounter = bigEndian32(header + 24);
    const uint32_t pageCount = bigEndian32(header + 28);
    const uint32_t versionValidFor = bigEndian32(header + 92);
    result.userVersion = bigEndian32(header + 60);
    result.applicationId = bigEndian32(header + 68);

    if (result.applicationId != 0 &&
        result.applicationId != static_cast<uint32_t>(kApplicationId)) {
        return notOurs(path, fmt::format("it belongs to another program: application_id 0x{:08x}",
                                         result.applicationId));
    }

    // A WAL with frames may hold pages the main file does not have yet (a crash between
    // checkpoint steps leaves exactly that), so the size check only holds without one.
    // The in-header page count is only maintained when the two counters agree.
    const bool walHasFrames = fileSize(path + "-wal") > 0;
    if (!walHasFrames && changeCounter == versionValidFor && pageCount > 0) {
        const int64_t expected = int64_t{pageCount} * pageSize;
        if (st.st_size < expected) {
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{} is damaged: truncated to {} bytes, but its header "
                                         "says {} pages of {} bytes",
                                         path, st.st_size, pageCount, pageSize));
        }
        if (st.st_size % pageSize != 0) {
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{} is damaged: {} bytes is not a whole number of "
                                         "{}-byte pages",
                                         path, st.st_size, pageSize));
        }
    }
    result.state = FileState::Existing;
    return result;
}

Result<void> checkWritable(const std::string& path, FileState state) {
    const std::string dir = directoryOf(path);
    if (state == FileState::Missing) {
        struct stat st {};
        if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            return makeError(
                ErrorCode::Io,
                fmt::format("cannot create {}: directory {} does not exist", path, dir));
        }
    } else if (::access(path.c_str(), R_OK | W_OK) != 0) {
        return makeError(ErrorCode::ReadOnly,
                         fmt::format("{} is not writable ({}): kasir needs to write to it", path,
                                     std::strerror(errno)));
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        return makeError(ErrorCode::ReadOnly,
                         fmt::format("cannot use {}: its directory {} is not writable ({}), and "
                                     "kasir needs to create {}-wal and {}-shm there",
                                     path, dir, std::strerror(errno), path, path));
    }
    return {};
}

Result<void> probeExisting(const std::string& path) {
    // A read-only connection may create empty -wal and -shm files to read a WAL database;
    // when the file turns out not to be ours, those are removed again.
    const bool hadWal = fileExists(path + "-wal");
    const bool hadShm = fileExists(path + "-shm");
    auto refuse = [&](Error error) -> Result<void> {
        if (!hadWal && fileSize(path + "-wal") == 0)
            ::unlink((path + "-wal").c_str());
        if (!hadShm && fileExists(path + "-shm"))
            ::unlink((path + "-shm").c_str());
        return error;
    };

    Result<void> verdict;
    {
        auto opened = Database::open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
        if (!opened)
            return refuse(opened.error());
        Database& db = **opened;
        sqlite3_busy_timeout(db.handle(), 5000);
        sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

        verdict = [&]() -> Result<void> {
            // Counting the schema rows makes SQLite parse the whole schema: a damaged first
            // page or schema table fails here rather than in the middle of a sale.
            auto objects = db.queryInt("SELECT count(*) FROM sqlite_schema", "read its schema");
            if (!objects)
                return objects.error();
            auto appId = db.queryInt("PRAGMA application_id", "read its application id");
            if (!appId)
                return appId.error();
            auto version = db.queryInt("PRAGMA user_version", "read its schema version");
            if (!version)
                return version.error();

            if (*appId == 0) {
                if (*version == 0 && *objects == 0)
                    return {};  // a new, empty database
                return notOurs(path, fmt::format("an SQLite database of another program, with "
                                                 "{} schema objects",
                                                 *objects));
            }
            if (*appId != kApplicationId) {
                return notOurs(path, fmt::format("it belongs to another program: "
                                                 "application_id 0x{:08x}",
                                                 static_cast<uint32_t>(*appId)));
            }
            if (*version > latestSchemaVersion()) {
                return makeError(ErrorCode::Unsupported,
                                 fmt::format("{} has schema version {}, newer than this kasir "
                                             "knows (up to {}): use a newer kasir",
                                             path, *version, latestSchemaVersion()));
            }
            if (*version >= 1) {
                static constexpr const char kTables[] =
                    "SELECT name FROM sqlite_schema WHERE type = 'table'";
                auto query = db.query(kTables, "read its schema");
                if (!query)
                    return query.error();
                std::set<std::string> tables;
                auto read = query->each([&](const Query& row) { tables.insert(row.text(0)); });
                if (!read)
                    return read.error();
                for (const char* table : requiredTables(static_cast<int>(*version))) {
                    if (!tables.contains(table)) {
                        return makeError(
                            ErrorCode::Corrupt,
                            fmt::format("{} is damaged: the table {} is missing", path, table));
                    }
                }
            }
            return {};
        }();
    }
    if (!verdict)
        return refuse(verdict.error());
    return {};
}

}  // namespace kiosk::storage
