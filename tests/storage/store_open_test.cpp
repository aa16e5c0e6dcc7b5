// Opening store databases: new files are migrated, and every kind of bad file (corrupt,
// truncated, foreign, too new, read-only, missing) is refused by name and left unchanged.
#include <grp.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "kiosk/storage/schema.hpp"
#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::FileSnapshot;
using testing::TempDir;

constexpr uid_t kNobody = 65534;  // Debian's `nobody` (uid) and `nogroup` (gid)

// Builds a closed, populated kasir database to damage.
std::string makeKasirDb(const TempDir& dir, const std::string& name = "store.db") {
    const std::string path = dir.file(name);
    auto store = testing::openStore(path);
    testing::seedCatalogue(*store, 50);
    return path;
}

// Raw SQL on a file, for preparing files that are not ours or are damaged on purpose.
void rawSql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
}

// Opens `path` expecting `code`, an error naming the file, and the directory unchanged.
void expectRefused(const std::string& path, ErrorCode code, const std::string& wording,
                   OpenMode mode = OpenMode::CreateIfMissing) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const auto before = testing::snapshotDir(dir);
    auto store = Store::open(path, mode);
    ASSERT_FALSE(store.ok()) << path << " opened";
    EXPECT_EQ(store.error().code, code) << store.error().message;
    EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find(wording), std::string::npos) << store.error().message;
    EXPECT_EQ(testing::snapshotDir(dir), before) << "the open changed files in " << dir;
}

TEST(Store, NewFileIsMigratedToTheLatestSchema) {
    TempDir dir;
    auto store = testing::openStore(dir.file("new.db"));
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(store->path(), dir.file("new.db"));
    EXPECT_TRUE(store->integrityCheck().ok());
    auto journal = store->verifyJournal();
    ASSERT_TRUE(journal.ok());
    EXPECT_TRUE(journal->ok);
    EXPECT_EQ(journal->salesChecked, 0);
}

TEST(Store, EmptyFileIsInitialisedAsANewDatabase) {
    TempDir dir;
    testing::writeFile(dir.file("empty.db"), "");
    auto store = testing::openStore(dir.file("empty.db"));
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), latestSchemaVersion());
}

TEST(Store, EmptySqliteDatabaseIsInitialised) {
    TempDir dir;
    const std::string path = dir.file("blank.db");
    rawSql(path, "PRAGMA user_version = 0");  // a valid SQLite file with no schema
    auto store = testing::openStore(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), latestSchemaVersion());
}

TEST(Store, ReopeningKeepsData) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    int64_t id = 0;
    {
        auto store = testing::openStore(path);
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->upsertTaxClass(TaxClass{"PPN", "PPN 11%", 110'000}).ok());
        auto added = store->upsertProduct(testing::makeProduct(1));
        ASSERT_TRUE(added.ok());
        id = *added;
        ASSERT_TRUE(store->setSetting("store.name", "Toko Kasir").ok());
    }
    auto store = testing::openStore(path, StoreOptions{OpenMode::MustExist});
    ASSERT_TRUE(store);
    auto product = store->productById(id);
    ASSERT_TRUE(product.ok());
    ASSERT_TRUE(product->has_value());
    EXPECT_EQ((*product)->names.at("en"), "Product 1");
    auto name = store->setting("store.name");
    ASSERT_TRUE(name.ok());
    EXPECT_EQ(name->value_or(""), "Toko Kasir");
}

TEST(Store, TwoConnectionsShareOneFile) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    auto kiosk = testing::openStore(path);
    auto office = testing::openStore(path);
    ASSERT_TRUE(kiosk && office);
    ASSERT_TRUE(kiosk->setSetting("currency", "IDR").ok());
    auto seen = office->setting("currency");
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->value_or(""), "IDR");
}

TEST(Store, MissingFileWithMustExistIsNotCreated) {
    TempDir dir;
    expectRefused(dir.file("absent.db"), ErrorCode::NotFound, "does not exist",
                  OpenMode::MustExist);
    EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST(Store, MissingDirectoryIsAClearError) {
    TempDir dir;
    auto store = Store::open(dir.file("no/such/dir/store.db"));
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::Io);
    EXPECT_NE(store.error().message.find("does not exist"), std::string::npos)
        << store.error().message;
}

TEST(Store, DirectoryInsteadOfFileIsRefused) {
    TempDir dir;
    std::filesystem::create_directory(dir.file("store.db"));
    auto store = Store::open(dir.file("store.db"));
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("is a directory"), std::string::npos);
}

TEST(Store, TextFileIsNotAKasirDatabase) {
    TempDir dir;
    const std::string path = dir.file("notes.db");
    testing::writeFile(path, "shopping list:\n- beer\n- rice\n");
    expectRefused(path, ErrorCode::Corrupt, "is not a kasir database");
}

TEST(Store, ShortFileIsNotAKasirDatabase) {
    TempDir dir;
    const std::string path = dir.file("short.db");
    testing::writeFile(path, "SQLite format 3");
    expectRefused(path, ErrorCode::Corrupt, "is not a kasir database");
}

TEST(Store, OtherProgramsSqliteDatabaseIsRefusedUnchanged) {
    TempDir dir;
    const std::string path = dir.file("browser.db");
    rawSql(path,
           "CREATE TABLE cookies (host TEXT, value TEXT);"
           "INSERT INTO cookies VALUES ('example.com', 'x');");
    expectRefused(path, ErrorCode::Corrupt, "is not a kasir database");
}

TEST(Store, OtherProgramsWalDatabaseIsRefusedWithoutLeftovers) {
    TempDir dir;
    const std::string path = dir.file("other-wal.db");
    rawSql(path, "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);");
    // expectRefused also checks that no -wal or -shm file was left behind.
    expectRefused(path, ErrorCode::Corrupt, "is not a kasir database");
}

TEST(Store, DatabaseWithAnotherApplicationIdIsRefused) {
    TempDir dir;
    const std::string path = dir.file("fossil.db");
    rawSql(path, "PRAGMA application_id = 252006673;");  // Fossil's
    expectRefused(path, ErrorCode::Corrupt, "another program");
}

TEST(Store, NewerSchemaIsRefusedUnchanged) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    rawSql(path, "PRAGMA user_version = " + std::to_string(latestSchemaVersion() + 1));
    expectRefused(path, ErrorCode::Unsupported, "newer than this kasir knows");
}

TEST(Store, HeaderFollowedByGarbageIsCorrupt) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    // Keep the 100-byte header (a valid kasir one), replace every page after it.
    std::string bytes = testing::snapshotFile(path).bytes;
    std::mt19937 rng(7);
    for (size_t i = 100; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>(rng());
    testing::writeFile(path, bytes);
    expectRefused(path, ErrorCode::Corrupt, "");
}

TEST(Store, TruncatedDatabaseIsCorrupt) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    const auto size = std::filesystem::file_size(path);
    std::filesystem::resize_file(path, size / 2);
    expectRefused(path, ErrorCode::Corrupt, "truncated");
}

TEST(Store, DatabaseCutMidPageIsCorrupt) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 100);
    expectRefused(path, ErrorCode::Corrupt, "is damaged");
}

TEST(Store, DamageInsideATableShowsInTheIntegrityCheck) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    // Overwrite the last page (catalogue data, not the schema): open succeeds, because it
    // does not read every page, but the integrity check finds it.
    std::string bytes = testing::snapshotFile(path).bytes;
    const size_t pageSize = 4096;
    ASSERT_GT(bytes.size(), 4 * pageSize);
    for (size_t i = bytes.size() - pageSize; i < bytes.size(); ++i)
        bytes[i] = '\x5a';
    testing::writeFile(path, bytes);
    auto store = Store::open(path);
    if (!store) {
        EXPECT_EQ(store.error().code, ErrorCode::Corrupt) << store.error().message;
        return;
    }
    auto check = (*store)->integrityCheck();
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(check.error().code, ErrorCode::Corrupt);
    EXPECT_NE(check.error().message.find(path), std::string::npos) << check.error().message;
}

TEST(Store, ReadOnlyFileSystemIsRefusedUnchanged) {
    testing::TmpfsMount fs("size=4m");
    if (!fs.mounted())
        GTEST_SKIP() << fs.error() << " (needs CAP_SYS_ADMIN)";
    const std::string path = fs.file("store.db");
    {
        auto store = testing::openStore(path);
        ASSERT_TRUE(store);
        testing::seedCatalogue(*store, 5);
    }
    ASSERT_TRUE(fs.remountReadOnly()) << std::strerror(errno);
    expectRefused(path, ErrorCode::ReadOnly, "not writable");
    // And a new file in that directory cannot be created.
    auto created = Store::open(fs.file("new.db"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::ReadOnly);
    EXPECT_NE(created.error().message.find(fs.file("new.db")), std::string::npos);
}

// Root ignores file permissions, so when the suite runs as root (as CI does) the open runs in a
// child process that has dropped to the unprivileged user `nobody`, with the files made theirs.
struct OpenOutcome {
    bool opened = false;
    int code = 0;
    std::string message;
};

OpenOutcome openAsUnprivileged(const std::string& path) {
    if (::geteuid() != 0) {
        auto store = Store::open(path);
        if (store.ok())
            return {true, 0, ""};
        return {false, static_cast<int>(store.error().code), store.error().message};
    }
    int fds[2];
    if (::pipe(fds) != 0)
        return {false, -1, std::strerror(errno)};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string report;
        if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
            report = "-1 cannot drop privileges";
        } else {
            auto store = Store::open(path);
            report = store.ok() ? std::string("opened")
                                : std::to_string(static_cast<int>(store.error().code)) + " " +
                                      store.error().message;
        }
        [[maybe_unused]] auto written = ::write(fds[1], report.data(), report.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string report;
    char buffer[512];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        report.append(buffer, static_cast<size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (report == "opened")
        return {true, 0, ""};
    const size_t space = report.find(' ');
    if (space == std::string::npos)
        return {false, -1, "child reported nothing: " + report};
    return {false, std::stoi(report.substr(0, space)), report.substr(space + 1)};
}

// Gives the directory and everything in it to `nobody` when running as root.
void handToUnprivileged(const std::string& dir) {
    if (::geteuid() != 0)
        return;
    ASSERT_EQ(::chown(dir.c_str(), kNobody, kNobody), 0) << std::strerror(errno);
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        ASSERT_EQ(::chown(entry.path().c_str(), kNobody, kNobody), 0) << std::strerror(errno);
}

void expectRefusedUnprivileged(const std::string& path, const std::string& wording) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const auto before = testing::snapshotDir(dir);
    const OpenOutcome outcome = openAsUnprivileged(path);
    ASSERT_FALSE(outcome.opened) << path << " opened";
    EXPECT_EQ(outcome.code, static_cast<int>(ErrorCode::ReadOnly)) << outcome.message;
    EXPECT_NE(outcome.message.find(path), std::string::npos) << outcome.message;
    EXPECT_NE(outcome.message.find(wording), std::string::npos) << outcome.message;
    EXPECT_EQ(testing::snapshotDir(dir), before) << "the open changed files in " << dir;
}

TEST(Store, ReadOnlyDirectoryIsRefused) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    handToUnprivileged(dir.path());
    std::filesystem::permissions(
        dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    expectRefusedUnprivileged(path, "directory");
}

TEST(Store, ReadOnlyFileIsRefused) {
    TempDir dir;
    const std::string path = makeKasirDb(dir);
    handToUnprivileged(dir.path());
    std::filesystem::permissions(path, std::filesystem::perms::owner_read);
    expectRefusedUnprivileged(path, "not writable");
}

}  // namespace
}  // namespace kiosk::storage
