// Full disks and write errors: on a real, filled tmpfs and with faults injected through the
// probe VFS. A sale that cannot be written fails with DiskFull naming the file, leaves the
// journal exactly as it was, and completes once when space returns.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "kiosk/storage/io_probe.hpp"
#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

// Fills the file system holding `path` by writing it until the kernel says ENOSPC.
void fillUp(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::string chunk(64 * 1024, 'x');
    for (size_t size : {chunk.size(), size_t{4096}, size_t{1}}) {
        while (::write(fd, chunk.data(), size) == static_cast<ssize_t>(size)) {
        }
    }
    EXPECT_EQ(errno, ENOSPC);
    ::close(fd);
}

class StoreDiskFull : public ::testing::Test {
  protected:
    void TearDown() override { injectWriteFault(IoFault::None); }

    // A store with a catalogue, stock and three sales; returns the products.
    std::vector<Product> prepare(Store& store) {
        std::vector<Product> products;
        for (int64_t id : testing::seedCatalogue(store, 25)) {
            auto p = store.productById(id);
            EXPECT_TRUE(p.ok() && p->has_value());
            products.push_back(**p);
            EXPECT_TRUE(store.setStock(id, 100, "initial").ok());
        }
        for (int i = 0; i < 3; ++i) {
            auto done = store.completeSale(testing::makeSale(
                "before-" + std::to_string(i), {products.begin(), products.begin() + 2}));
            EXPECT_TRUE(done.ok()) << done.error().message;
        }
        return products;
    }

    // The store holds exactly the three earlier sales and untouched stock for `failed`.
    void expectOnlyEarlierSales(Store& store, const SaleRecord& failed) {
        auto sales = store.sales(100, 0);
        ASSERT_TRUE(sales.ok()) << sales.error().message;
        ASSERT_EQ(sales->size(), 3u);
        for (const SaleSummary& s : *sales)
            EXPECT_EQ(s.saleUuid.rfind("before-", 0), 0u);
        auto absent = store.saleByUuid(failed.saleUuid);
        ASSERT_TRUE(absent.ok());
        EXPECT_FALSE(absent->has_value());
        auto moves = store.saleStockMoves(failed.saleUuid);
        ASSERT_TRUE(moves.ok());
        EXPECT_TRUE(moves->empty());
        auto level = store.stock(failed.lines.back().productId);  // not in the earlier sales
        ASSERT_TRUE(level.ok());
        EXPECT_EQ(level->onHand, 100);
        auto journal = store.verifyJournal();
        ASSERT_TRUE(journal.ok());
        EXPECT_TRUE(journal->ok) << journal->firstBreak;
        EXPECT_EQ(journal->salesChecked, 3);
        EXPECT_TRUE(store.integrityCheck().ok());
    }

    // Completing `sale` now works, exactly once.
    void expectCompletesOnce(Store& store, const SaleRecord& sale) {
        auto done = store.completeSale(sale);
        ASSERT_TRUE(done.ok()) << done.error().message;
        EXPECT_EQ(done->receiptNo, 4);
        auto again = store.completeSale(sale);
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, *done);
        auto sales = store.sales(100, 0);
        ASSERT_TRUE(sales.ok());
        EXPECT_EQ(sales->size(), 4u);
        auto level = store.stock(sale.lines.back().productId);
        ASSERT_TRUE(level.ok());
        EXPECT_EQ(level->onHand, 100 - sale.lines.back().quantity);
    }
};

TEST_F(StoreDiskFull, RealFullDiskFailsTheSaleAndKeepsTheJournal) {
    testing::TmpfsMount fs("size=2m");
    if (!fs.mounted()) {
        GTEST_SKIP()
            << fs.error()
            << " (needs CAP_SYS_ADMIN; the InjectedDiskFull test covers the same behaviour)";
    }
    const std::string path = fs.file("store.db");
    auto store = testing::openStore(path);
    ASSERT_TRUE(store);
    const std::vector<Product> products = prepare(*store);
    const SaleRecord big = testing::makeSale("big", {products.begin(), products.begin() + 20});

    fillUp(fs.file("filler"));
    auto failed = store->completeSale(big);
    ASSERT_FALSE(failed.ok()) << "a 20-line sale fitted on a full disk";
    std::cout << "on the full tmpfs: " << failed.error().message << "\n";
    EXPECT_EQ(failed.error().code, ErrorCode::DiskFull) << failed.error().message;
    EXPECT_NE(failed.error().message.find("disk full while writing " + path), std::string::npos)
        << failed.error().message;
    expectOnlyEarlierSales(*store, big);

    // Another connection opens the file while the disk is still full and sees the same.
    {
        auto second = testing::openStore(path);
        ASSERT_TRUE(second);
        expectOnlyEarlierSales(*second, big);
    }
    // A new database cannot be created there, and no half-made file is left.
    const auto before = testing::snapshotDir(fs.path());
    auto created = Store::open(fs.file("new.db"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::DiskFull) << created.error().message;
    EXPECT_NE(created.error().message.find(fs.file("new.db")), std::string::npos);
    EXPECT_EQ(testing::snapshotDir(fs.path()), before);

    ASSERT_EQ(::unlink(fs.file("filler").c_str()), 0);
    expectCompletesOnce(*store, big);
    store.reset();
    auto reopened = testing::openStore(path);
    ASSERT_TRUE(reopened);
    auto sales = reopened->sales(100, 0);
    ASSERT_TRUE(sales.ok());
    EXPECT_EQ(sales->size(), 4u);
}

TEST_F(StoreDiskFull, InjectedDiskFullFailsTheSaleAndKeepsTheJournal) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    StoreOptions options;
    options.probeIo = true;
    auto store = testing::openStore(path, options);
    ASSERT_TRUE(store);
    const std::vector<Product> products = prepare(*store);
    const SaleRecord big = testing::makeSale("big", {products.begin(), products.begin() + 20});

    injectWriteFault(IoFault::DiskFull);
    auto failed = store->completeSale(big);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::DiskFull) << failed.error().message;
    EXPECT_NE(failed.error().message.find("disk full while writing " + path), std::string::npos)
        << failed.error().message;
    expectOnlyEarlierSales(*store, big);
    {
        auto second = testing::openStore(path, options);  // opening needs no writes
        ASSERT_TRUE(second);
        expectOnlyEarlierSales(*second, big);
    }

    injectWriteFault(IoFault::None);
    expectCompletesOnce(*store, big);
}

TEST_F(StoreDiskFull, WriteFaultAtAnyPointLeavesTheSaleWhollyPresentOrAbsent) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    StoreOptions options;
    options.probeIo = true;
    auto store = testing::openStore(path, options);
    ASSERT_TRUE(store);
    const std::vector<Product> products = prepare(*store);
    const SaleRecord sale = testing::makeSale("faulty", {products.begin(), products.begin() + 20});

    // Let k writes succeed and fail the next one, for k = 0, 1, 2 ... until the sale gets
    // through: every write of the transaction is the failing one once.
    int failures = 0;
    for (int64_t k = 0; k < 1000; ++k) {
        injectWriteFault(k % 2 ? IoFault::IoError : IoFault::DiskFull, k);
        auto done = store->completeSale(sale);
        injectWriteFault(IoFault::None);
        if (!done.ok()) {
            ++failures;
            EXPECT_TRUE(done.error().code == ErrorCode::DiskFull ||
                        done.error().code == ErrorCode::Io)
                << done.error().message;
            expectOnlyEarlierSales(*store, sale);
            if (::testing::Test::HasFailure())
                return;
            continue;
        }
        EXPECT_EQ(done->receiptNo, 4);
        break;
    }
    std::cout << "the sale failed cleanly at each of its first " << failures
              << " writes, then got through\n";
    EXPECT_GT(failures, 0);
    auto moves = store->saleStockMoves("faulty");
    ASSERT_TRUE(moves.ok());
    EXPECT_EQ(moves->size(), 20u);
    auto journal = store->verifyJournal();
    ASSERT_TRUE(journal.ok());
    EXPECT_TRUE(journal->ok) << journal->firstBreak;
    EXPECT_TRUE(store->integrityCheck().ok());
    // And the file reopens with the sale in it.
    store.reset();
    auto reopened = testing::openStore(path);
    ASSERT_TRUE(reopened);
    auto back = reopened->saleByUuid("faulty");
    ASSERT_TRUE(back.ok() && back->has_value());
}

// Suspending a transaction with its audit row, as kiosk/staff does it (one transaction), with a
// write failing at each point in turn: the code, the open cart and the audit chain are either
// all changed or all as they were, and the chain stays gapless.
TEST_F(StoreDiskFull, WriteFaultAtAnyPointLeavesSuspendAndAuditWhole) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    StoreOptions options;
    options.probeIo = true;
    auto store = testing::openStore(path, options);
    ASSERT_TRUE(store);
    for (int i = 0; i < 3; ++i) {
        AuditEntry e;
        e.at = 1'000 + i;
        e.kioskId = "K1";
        e.action = "kiosk.start";
        ASSERT_TRUE(store->appendAudit(e).ok());
    }
    OpenCart open;
    open.saleUuid = "sale-1";
    open.startedAt = 1'000;
    for (int n = 1; n <= 30; ++n)
        ASSERT_TRUE(open.cart.addUnits(testing::makeProduct(n), testing::gtinFor(n)).ok());
    ASSERT_TRUE(store->saveOpenCart("K1", open).ok());
    SuspendedCart suspended;
    suspended.code = "24682468";
    suspended.kioskId = "K1";
    suspended.staffId = "1";
    suspended.cart = open;
    suspended.suspendedAt = 2'000;
    AuditEntry row;
    row.at = 2'000;
    row.kioskId = "K1";
    row.staffId = "1";
    row.action = "transaction.suspend";
    row.saleUuid = "sale-1";
    row.after = "code 24682468";

    int failures = 0;
    for (int64_t k = 0; k < 1000; ++k) {
        injectWriteFault(k % 2 ? IoFault::IoError : IoFault::DiskFull, k);
        auto done = store->transaction([&]() -> Result<void> {
            if (auto s = store->suspendCart(suspended); !s)
                return s;
            return store->appendAudit(row);
        });
        injectWriteFault(IoFault::None);
        if (done.ok())
            break;
        ++failures;
        EXPECT_TRUE(done.error().code == ErrorCode::DiskFull || done.error().code == ErrorCode::Io)
            << done.error().message;
        auto waiting = store->suspendedCarts(true);
        ASSERT_TRUE(waiting.ok()) << waiting.error().message;
        EXPECT_TRUE(waiting->empty());
        auto cart = store->loadOpenCart("K1");
        ASSERT_TRUE(cart.ok() && cart->has_value());
        EXPECT_EQ(**cart, open);
        auto check = store->verifyAudit();
        ASSERT_TRUE(check.ok()) << check.error().message;
        EXPECT_TRUE(check->ok) << check->why;
        EXPECT_EQ(check->rowsChecked, 3);
        if (::testing::Test::HasFailure())
            return;
    }
    std::cout << "suspend + audit failed cleanly at each of its first " << failures
              << " writes, then got through\n";
    EXPECT_GT(failures, 0);
    auto waiting = store->suspendedCarts(false);
    ASSERT_TRUE(waiting.ok());
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ(waiting->front(), suspended);
    auto cart = store->loadOpenCart("K1");
    ASSERT_TRUE(cart.ok());
    EXPECT_FALSE(cart->has_value());
    auto rows = store->audit(1);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().seq, 4);
    EXPECT_EQ(rows->front().action, "transaction.suspend");
    store.reset();
    auto reopened = testing::openStore(path);
    ASSERT_TRUE(reopened);
    auto check = reopened->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
    EXPECT_EQ(check->rowsChecked, 4);
    EXPECT_TRUE(reopened->integrityCheck().ok());
}

TEST_F(StoreDiskFull, AuditRowOnAFullDiskFailsAndTheNextOneKeepsTheChainGapless) {
    TempDir dir;
    const std::string path = dir.file("store.db");
    StoreOptions options;
    options.probeIo = true;
    auto store = testing::openStore(path, options);
    ASSERT_TRUE(store);
    AuditEntry e;
    e.kioskId = "K1";
    e.action = "staff.signin";
    ASSERT_TRUE(store->appendAudit(e).ok());
    injectWriteFault(IoFault::DiskFull);
    auto failed = store->appendAudit(e);
    injectWriteFault(IoFault::None);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::DiskFull) << failed.error().message;
    EXPECT_NE(failed.error().message.find("disk full while writing " + path), std::string::npos)
        << failed.error().message;
    ASSERT_TRUE(store->appendAudit(e).ok());
    auto rows = store->audit(10);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows->front().seq, 2);
    auto check = store->verifyAudit();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->why;
}

TEST(StoreIoProbe, CountsTheFsyncsOfEachSale) {
    TempDir dir;
    StoreOptions options;
    options.probeIo = true;
    auto store = testing::openStore(dir.file("store.db"), options);
    ASSERT_TRUE(store);
    std::vector<Product> products;
    for (int64_t id : testing::seedCatalogue(*store, 20))
        products.push_back(**store->productById(id));

    resetIoCounts();
    const int sales = 10;
    for (int i = 0; i < sales; ++i) {
        auto done = store->completeSale(testing::makeSale("s" + std::to_string(i), products));
        ASSERT_TRUE(done.ok()) << done.error().message;
    }
    const IoCounts counts = ioCounts();
    std::cout << "per 20-line sale: " << double(counts.syncs) / sales << " fsyncs ("
              << double(counts.walSyncs) / sales << " of the WAL), "
              << double(counts.writes) / sales << " writes, " << double(counts.bytesWritten) / sales
              << " bytes\n";
    // synchronous=FULL in WAL mode: each commit syncs the WAL once; no checkpoint yet.
    EXPECT_EQ(counts.walSyncs, sales);
    EXPECT_EQ(counts.dbSyncs, 0);
    EXPECT_GT(counts.writes, 0);
}

}  // namespace
}  // namespace kiosk::storage
