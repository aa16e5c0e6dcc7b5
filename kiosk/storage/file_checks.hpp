// Checks a database file before kasir touches it: plain reads of the SQLite header, then a
// read-only SQLite look, so a corrupt, foreign, too-new or unwritable file is refused unchanged.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/result.hpp"

namespace kiosk::storage {

enum class FileState {
    Missing,
    Empty,     // zero bytes: SQLite treats it as a new database
    Existing,  // an SQLite file whose header is sane
};

struct FileInspection {
    FileState state = FileState::Missing;
    int64_t applicationId = 0;  // from the header; may be stale while a WAL holds newer pages
    int64_t userVersion = 0;
};

// Reads the header of `path` without SQLite: refuses non-SQLite files, impossible page sizes,
// files shorter than their header says, and SQLite files of other applications.
Result<FileInspection> inspectFile(const std::string& path);

// Refuses (with ErrorCode::ReadOnly) a file or directory kasir could not write: WAL mode needs
// to create `path`-wal and `path`-shm next to the database.
Result<void> checkWritable(const std::string& path, FileState state);

// Opens an existing file read-only through SQLite (which reads through a WAL left by a crash)
// and checks that it is a kasir database of a schema this build knows, that its schema
// parses, and that it has every table. A database with no schema at all is accepted as new.
Result<void> probeExisting(const std::string& path);

}  // namespace kiosk::storage
