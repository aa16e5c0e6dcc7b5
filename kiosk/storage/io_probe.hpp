// An SQLite VFS shim that counts the writes and fsyncs of stores opened with
// StoreOptions::probeIo, and can make their writes fail (disk full, I/O error) on request.
#pragma once

#include <cstdint>

namespace kiosk::storage {

// Counts since the last resetIoCounts(), over every store opened with probeIo (process-wide).
// A sync is one xSync call of SQLite, i.e. one fsync/fdatasync of that file; the extra fsync
// of a directory that SQLite issues after creating a file is not included (strace shows it).
struct IoCounts {
    int64_t writes = 0;
    int64_t bytesWritten = 0;
    int64_t syncs = 0;       // all files
    int64_t walSyncs = 0;    // the -wal file: one per committed write transaction
    int64_t dbSyncs = 0;     // the database file itself: checkpoints
    int64_t otherSyncs = 0;  // rollback journals, temporary files
};

IoCounts ioCounts();
void resetIoCounts();

enum class IoFault {
    None,
    DiskFull,  // writes fail as if the file system were full (SQLITE_FULL)
    IoError,   // writes fail with an I/O error (SQLITE_IOERR_WRITE)
};

// After `afterWrites` more writes succeed, every write to a probed database or WAL file fails
// with `fault` until injectWriteFault(IoFault::None) clears it.
void injectWriteFault(IoFault fault, int64_t afterWrites = 0);

// The name of the VFS, registered with SQLite on first use.
const char* probeVfsName();

}  // namespace kiosk::storage
