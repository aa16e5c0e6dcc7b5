// The counting, fault-injecting VFS: every call is forwarded to the default (unix) VFS; only
// xWrite and xSync look at the traffic on the way through.
#include "kiosk/storage/io_probe.hpp"

#include <sqlite3.h>

#include <atomic>
#include <mutex>

namespace kiosk::storage {
namespace {

struct Counters {
    std::atomic<int64_t> writes{0};
    std::atomic<int64_t> bytesWritten{0};
    std::atomic<int64_t> syncs{0};
    std::atomic<int64_t> walSyncs{0};
    std::atomic<int64_t> dbSyncs{0};
    std::atomic<int64_t> otherSyncs{0};
};
Counters counters;

// -1: no fault armed. Otherwise the number of writes still allowed before `armedFault` hits.
std::atomic<int64_t> writesBeforeFault{-1};
std::atomic<IoFault> armedFault{IoFault::None};

enum class FileKind { Database, Wal, Other };

// Our file object: SQLite allocates szOsFile bytes, we put the real file right behind it.
struct ProbeFile {
    sqlite3_file base;
    sqlite3_file* real;
    FileKind kind;
};

sqlite3_vfs* rootVfs() {
    return sqlite3_vfs_find(nullptr);
}

sqlite3_file* real(sqlite3_file* f) {
    return reinterpret_cast<ProbeFile*>(f)->real;
}

// Decides whether this write fails, consuming one allowed write otherwise.
int faultFor(FileKind kind) {
    if (kind == FileKind::Other)
        return SQLITE_OK;
    int64_t left = writesBeforeFault.load();
    while (left >= 0) {
        if (left == 0) {
            return armedFault.load() == IoFault::DiskFull ? SQLITE_FULL : SQLITE_IOERR_WRITE;
        }
        if (writesBeforeFault.compare_exchange_weak(left, left - 1))
            return SQLITE_OK;
    }
    return SQLITE_OK;
}

int probeClose(sqlite3_file* f) {
    return real(f)->pMethods->xClose(real(f));
}

int probeRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), buf, amount, offset);
}

int probeWrite(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
    const auto* p = reinterpret_cast<ProbeFile*>(f);
    if (int rc = faultFor(p->kind); rc != SQLITE_OK)
        return rc;
    counters.writes++;
    counters.bytesWritten += amount;
    return p->real->pMethods->xWrite(p->real, buf, amount, offset);
}

int probeTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}

int probeSync(sqlite3_file* f, int flags) {
    const auto* p = reinterpret_cast<ProbeFile*>(f);
    counters.syncs++;
    switch (p->kind) {
        case FileKind::Wal:
            counters.walSyncs++;
            break;
        case FileKind::Database:
            counters.dbSyncs++;
            break;
        case FileKind::Other:
            counters.otherSyncs++;
            break;
    }
    return p->real->pMethods->xSync(p->real, flags);
}

int probeFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
int probeLock(sqlite3_file* f, int lock) {
    return real(f)->pMethods->xLock(real(f), lock);
}
int probeUnlock(sqlite3_file* f, int lock) {
    return real(f)->pMethods->xUnlock(real(f), lock);
}
int probeCheckReservedLock(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int probeFileControl(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int probeSectorSize(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int probeDeviceCharacteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int probeShmMap(sqlite3_file* f, int page, int pageSize, int extend, void volatile** out) {
    return real(f)->pMethods->xShmMap(real(f), page, pageSize, extend, out);
}
int probeShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void probeShmBarrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
int probeShmUnmap(sqlite3_file* f, int deleteFlag) {
    return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}
int probeFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int probeUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return real(f)->pMethods->xUnfetch(real(f), offset, page);
}

// The unix VFS gives version-3 methods (shared memory and memory-mapped I/O); probeOpen
// refuses a root VFS with fewer, as forwarding to missing methods would crash.
const sqlite3_io_methods probeMethods = {
    3,
    probeClose,
    probeRead,
    probeWrite,
    probeTruncate,
    probeSync,
    probeFileSize,
    probeLock,
    probeUnlock,
    probeCheckReservedLock,
    probeFileControl,
    probeSectorSize,
    probeDeviceCharacteristics,
    probeShmMap,
    probeShmLock,
    probeShmBarrier,
    probeShmUnmap,
    probeFetch,
    probeUnfetch,
};

int probeOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags) {
    auto* p = reinterpret_cast<ProbeFile*>(f);
    p->base.pMethods = nullptr;  // SQLite must not call xClose when the open fails
    p->real = reinterpret_cast<sqlite3_file*>(p + 1);
    p->kind = (flags & SQLITE_OPEN_MAIN_DB) ? FileKind::Database
              : (flags & SQLITE_OPEN_WAL)   ? FileKind::Wal
                                            : FileKind::Other;
    sqlite3_vfs* root = rootVfs();
    const int rc = root->xOpen(root, name, p->real, flags, outFlags);
    if (rc != SQLITE_OK)
        return rc;
    if (p->real->pMethods == nullptr || p->real->pMethods->iVersion < 3) {
        if (p->real->pMethods)
            p->real->pMethods->xClose(p->real);
        return SQLITE_CANTOPEN;
    }
    p->base.pMethods = &probeMethods;
    return SQLITE_OK;
}

int probeDelete(sqlite3_vfs*, const char* name, int syncDir) {
    return rootVfs()->xDelete(rootVfs(), name, syncDir);
}
int probeAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
    return rootVfs()->xAccess(rootVfs(), name, flags, out);
}
int probeFullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return rootVfs()->xFullPathname(rootVfs(), name, size, out);
}
void* probeDlOpen(sqlite3_vfs*, const char* name) {
    return rootVfs()->xDlOpen(rootVfs(), name);
}
void probeDlError(sqlite3_vfs*, int size, char* out) {
    rootVfs()->xDlError(rootVfs(), size, out);
}
void (*probeDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return rootVfs()->xDlSym(rootVfs(), handle, symbol);
}
void probeDlClose(sqlite3_vfs*, void* handle) {
    rootVfs()->xDlClose(rootVfs(), handle);
}
int probeRandomness(sqlite3_vfs*, int size, char* out) {
    return rootVfs()->xRandomness(rootVfs(), size, out);
}
int probeSleep(sqlite3_vfs*, int micros) {
    return rootVfs()->xSleep(rootVfs(), micros);
}
int probeCurrentTime(sqlite3_vfs*, double* out) {
    return rootVfs()->xCurrentTime(rootVfs(), out);
}
int probeGetLastError(sqlite3_vfs*, int size, char* out) {
    return rootVfs()->xGetLastError(rootVfs(), size, out);
}
int probeCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
    return rootVfs()->xCurrentTimeInt64(rootVfs(), out);
}

constexpr const char* kVfsName = "kasir-probe";

void registerOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Version 2 (no system-call overrides): those are for SQLite's own tests.
        static sqlite3_vfs vfs{};
        sqlite3_vfs* root = rootVfs();
        vfs.iVersion = 2;
        vfs.szOsFile = static_cast<int>(sizeof(ProbeFile)) + root->szOsFile;
        vfs.mxPathname = root->mxPathname;
        vfs.zName = kVfsName;
        vfs.xOpen = probeOpen;
        vfs.xDelete = probeDelete;
        vfs.xAccess = probeAccess;
        vfs.xFullPathname = probeFullPathname;
        vfs.xDlOpen = probeDlOpen;
        vfs.xDlError = probeDlError;
        vfs.xDlSym = probeDlSym;
        vfs.xDlClose = probeDlClose;
        vfs.xRandomness = probeRandomness;
        vfs.xSleep = probeSleep;
        vfs.xCurrentTime = probeCurrentTime;
        vfs.xGetLastError = probeGetLastError;
        vfs.xCurrentTimeInt64 = probeCurrentTimeInt64;
        sqlite3_vfs_register(&vfs, 0);
    });
}

}  // namespace

IoCounts ioCounts() {
    return IoCounts{counters.writes.load(),  counters.bytesWritten.load(),
                    counters.syncs.load(),   counters.walSyncs.load(),
                    counters.dbSyncs.load(), counters.otherSyncs.load()};
}

void resetIoCounts() {
    counters.writes = 0;
    counters.bytesWritten = 0;
    counters.syncs = 0;
    counters.walSyncs = 0;
    counters.dbSyncs = 0;
    counters.otherSyncs = 0;
}

void injectWriteFault(IoFault fault, int64_t afterWrites) {
    // Disarm first so a concurrent writer never sees the new fault with the old count.
    writesBeforeFault = -1;
    armedFault = fault;
    if (fault != IoFault::None)
        writesBeforeFault = afterWrites < 0 ? 0 : afterWrites;
}

const char* probeVfsName() {
    registerOnce();
    return kVfsName;
}

}  // namespace kiosk::storage
