// The durability promise under SIGKILL: a child completes sales in a loop and is killed at a
// random moment, many times. After every kill the database opens and passes its integrity
// check, every sale is wholly present or wholly absent, nothing the child saw committed is
// lost, stock equals its ledger, receipts are gapless and the hash chain verifies.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>

#include "crash_workload.hpp"
#include "store_fixtures.hpp"

extern char** environ;

namespace kiosk::storage {
namespace {

using testing::TempDir;

struct ChildLog {
    std::vector<std::string> attempts;    // in order, repeats included
    std::map<std::string, int64_t> done;  // uuid -> receipt number the child was given
};

ChildLog readLog(const std::string& path) {
    ChildLog log;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string kind, uuid;
        int64_t receipt = 0;
        words >> kind >> uuid;
        if (kind == "attempt" && !uuid.empty())
            log.attempts.push_back(uuid);
        if (kind == "done" && (words >> receipt))
            log.done[uuid] = receipt;
    }
    return log;
}

// The last complete line of the log, read from its tail.
std::string lastLine(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in.tellg();
    const std::streamoff from = std::max<std::streamoff>(0, size - 128);
    std::string tail(static_cast<size_t>(size - from), '\0');
    in.seekg(from);
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    if (tail.empty() || tail.back() != '\n')
        return {};
    tail.pop_back();
    return tail.substr(tail.rfind('\n') + 1);
}

// Waits until the child logs "attempt" (it is inside completeSale), then lets `micros` pass:
// a kill at a random moment mostly lands in an fsync, which completes before the signal
// is delivered, so these kills aim at the statements before the commit instead.
void waitForAnAttempt(const std::string& logPath, int micros) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::error_code ec;
    auto seen = std::filesystem::file_size(logPath, ec);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto size = std::filesystem::file_size(logPath, ec);
        if (!ec && size != seen) {
            seen = size;
            if (lastLine(logPath).rfind("attempt ", 0) == 0) {
                std::this_thread::sleep_for(std::chrono::microseconds(micros));
                return;
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
}

int64_t envOr(const char* name, int64_t fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::strtoll(value, nullptr, 10) : fallback;
}

// What the kill interrupted, judged from the log and the database afterwards.
struct KillStats {
    int beforeCommit = 0;  // last attempt absent from the database
    int afterCommit = 0;   // last attempt committed, its "done" not logged yet
    int betweenSales = 0;  // last attempt committed and logged
};

// Every check the test promises, on the database as the killed child left it.
void checkAfterKill(const std::string& dbPath, const std::string& logPath, KillStats& stats,
                    int64_t& salesSeen) {
    auto opened = Store::open(dbPath, OpenMode::MustExist);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    Store& store = **opened;

    auto integrity = store.integrityCheck();
    ASSERT_TRUE(integrity.ok()) << integrity.error().message;
    auto journal = store.verifyJournal();
    ASSERT_TRUE(journal.ok()) << journal.error().message;
    EXPECT_TRUE(journal->ok) << journal->firstBreak;

    const ChildLog log = readLog(logPath);
    const std::set<std::string> attempted(log.attempts.begin(), log.attempts.end());
    auto sales = store.sales(std::numeric_limits<int>::max(), 0);
    ASSERT_TRUE(sales.ok());
    EXPECT_EQ(journal->salesChecked, static_cast<int64_t>(sales->size()));
    salesSeen = static_cast<int64_t>(sales->size());

    // Nothing committed is lost: every sale the child saw complete is there, same number.
    for (const auto& [uuid, receipt] : log.done) {
        auto sale = store.saleByUuid(uuid);
        ASSERT_TRUE(sale.ok());
        ASSERT_TRUE(sale->has_value()) << "committed sale " << uuid << " was lost";
        EXPECT_EQ((*sale)->receiptNo, receipt) << uuid;
    }

    // Every sale is whole: all lines, one stock move per line, and it was really attempted.
    std::map<std::string, std::vector<int64_t>> receiptsByKiosk;
    std::set<std::string> inDatabase;
    for (const SaleSummary& summary : *sales) {
        EXPECT_TRUE(attempted.contains(summary.saleUuid)) << summary.saleUuid;
        inDatabase.insert(summary.saleUuid);
        receiptsByKiosk[summary.kioskId].push_back(summary.receiptNo);
        auto sale = store.saleByUuid(summary.saleUuid);
        ASSERT_TRUE(sale.ok() && sale->has_value());
        ASSERT_EQ(static_cast<int64_t>((*sale)->lines.size()), summary.lineCount);
        auto moves = store.saleStockMoves(summary.saleUuid);
        ASSERT_TRUE(moves.ok());
        ASSERT_EQ(moves->size(), (*sale)->lines.size()) << summary.saleUuid;
        for (size_t i = 0; i < moves->size(); ++i) {
            const SaleLine& line = (*sale)->lines[i];
            EXPECT_EQ((*moves)[i].productId, line.productId);
            EXPECT_EQ((*moves)[i].delta, line.weightGrams > 0 ? -line.weightGrams : -line.quantity);
        }
    }
    for (auto& [kiosk, receipts] : receiptsByKiosk) {
        std::sort(receipts.begin(), receipts.end());
        for (size_t i = 0; i < receipts.size(); ++i) {
            ASSERT_EQ(receipts[i], static_cast<int64_t>(i + 1)) << "kiosk " << kiosk;
        }
    }

    // Stock is its ledger: the initial count plus every move, no more, no less.
    auto products = store.allProducts();
    ASSERT_TRUE(products.ok());
    for (const Product& p : *products) {
        auto level = store.stock(p.id);
        auto moves = store.stockMoves(p.id);
        ASSERT_TRUE(level.ok() && moves.ok());
        const int64_t sum =
            std::accumulate(moves->begin(), moves->end(), int64_t{0},
                            [](int64_t total, const StockMove& m) { return total + m.delta; });
        EXPECT_EQ(level->onHand, sum) << "product " << p.id;
        ASSERT_FALSE(moves->empty());
        EXPECT_EQ(moves->front().reason, "initial");
    }

    // The open cart goes in the same transaction as the sale.
    for (const char* kiosk : crash::kKiosks) {
        auto cart = store.loadOpenCart(kiosk);
        ASSERT_TRUE(cart.ok()) << cart.error().message;
        if (cart->has_value()) {
            EXPECT_FALSE(inDatabase.contains((*cart)->saleUuid))
                << "kiosk " << kiosk << " still has the cart of completed sale "
                << (*cart)->saleUuid;
        }
    }

    if (!log.attempts.empty()) {
        const std::string& last = log.attempts.back();
        if (!inDatabase.contains(last)) {
            stats.beforeCommit++;
        } else if (!log.done.contains(last)) {
            stats.afterCommit++;
        } else {
            stats.betweenSales++;
        }
    }
}

TEST(StoreCrash, SigkillWhileCompletingSalesLosesNothingCommitted) {
    const auto seed = static_cast<uint32_t>(envOr("KASIR_CRASH_SEED", 20'261'127));
    const int rounds = static_cast<int>(envOr("KASIR_CRASH_ROUNDS", 40));
    std::cout << "crash test: seed " << seed << ", " << rounds
              << " rounds (KASIR_CRASH_SEED / KASIR_CRASH_ROUNDS to change)\n";
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> delayMs(5, 250);
    std::uniform_int_distribution<int> intoSaleMicros(0, 400);

    TempDir dir;
    const std::string dbPath = dir.file("store.db");
    const std::string logPath = dir.file("child.log");
    {
        auto store = testing::openStore(dbPath);
        ASSERT_TRUE(store);
        for (int64_t id : testing::seedCatalogue(*store, 30)) {
            ASSERT_TRUE(store->setStock(id, 1'000'000, "initial").ok());
        }
    }

    const auto start = std::chrono::steady_clock::now();
    KillStats stats;
    int64_t sales = 0;
    for (int round = 0; round < rounds; ++round) {
        // Even rounds kill at a random moment; odd rounds, a random time into a sale.
        const int delay = delayMs(rng);
        const int micros = intoSaleMicros(rng);
        const bool aimed = round % 2 == 1;
        SCOPED_TRACE("round " + std::to_string(round) + ", kill after " + std::to_string(delay) +
                     " ms" + (aimed ? " then " + std::to_string(micros) + " us into a sale" : "") +
                     ", seed " + std::to_string(seed));
        const std::string roundText = std::to_string(round);
        std::vector<char*> args = {
            const_cast<char*>(KASIR_CRASH_CHILD), const_cast<char*>(dbPath.c_str()),
            const_cast<char*>(logPath.c_str()), const_cast<char*>(roundText.c_str()), nullptr};
        pid_t pid = 0;
        ASSERT_EQ(::posix_spawn(&pid, KASIR_CRASH_CHILD, nullptr, nullptr, args.data(), environ), 0)
            << "cannot start " << KASIR_CRASH_CHILD;
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        if (aimed)
            waitForAnAttempt(logPath, micros);
        ::kill(pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        // The child only ends by our SIGKILL: an exit means it hit an error (see its stderr).
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the child exited by itself with status " << WEXITSTATUS(status);
        checkAfterKill(dbPath, logPath, stats, sales);
        if (::testing::Test::HasFatalFailure())
            return;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "crash test: " << rounds << " kills, " << sales << " sales journaled, "
              << "killed before a commit " << stats.beforeCommit << "x, after a commit but "
              << "before the child heard of it " << stats.afterCommit << "x, between sales "
              << stats.betweenSales << "x; " << seconds << " s\n";
    EXPECT_GT(sales, rounds) << "the child completed too few sales to mean anything";
}

}  // namespace
}  // namespace kiosk::storage
