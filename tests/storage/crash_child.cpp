// storage_crash_child DB LOG ROUND: completes sales on DB in a loop until it is killed,
// logging "attempt UUID" before and "done UUID RECEIPT" after each completeSale returns.
// On start it first redoes the last attempt that has no "done", as a restarted kiosk would.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "crash_workload.hpp"
#include "kiosk/storage/store.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::storage;

// One write(2) per line: a kill lands before or after it, never in the middle of a line
// that matters (the parent ignores a torn last line anyway).
void logLine(int fd, const std::string& line) {
    const std::string text = line + "\n";
    if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        std::perror("storage_crash_child: log");
        std::_Exit(3);
    }
}

int fail(const std::string& what, const Error& error) {
    std::fprintf(stderr, "storage_crash_child: %s: %s\n", what.c_str(), error.message.c_str());
    return 2;
}

// Completes one sale: the open cart first (as the kiosk persists it), then the sale. A
// sale redone after a restart skips the cart: the kiosk restored it, or the commit that
// cleared it had happened.
int completeOne(Store& store, int logFd, const std::string& uuid,
                const std::vector<Product>& catalogue, bool redo) {
    const SaleRecord sale = crash::saleFor(uuid, catalogue);
    if (!redo) {
        OpenCart open;
        open.saleUuid = uuid;
        open.startedAt = sale.startedAt;
        open.cart = crash::cartFor(sale, catalogue);
        if (auto saved = store.saveOpenCart(sale.kioskId, open); !saved) {
            return fail("save cart", saved.error());
        }
    }
    logLine(logFd, "attempt " + uuid);
    auto done = store.completeSale(sale);
    if (!done)
        return fail("complete " + uuid, done.error());
    logLine(logFd, "done " + uuid + " " + std::to_string(done->receiptNo));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: storage_crash_child DB LOG ROUND\n");
        return 64;
    }
    const std::string dbPath = argv[1];
    const std::string logPath = argv[2];
    const std::string round = argv[3];

    std::string unfinished;
    {
        std::ifstream in(logPath);
        std::set<std::string> done;
        std::string line, lastAttempt;
        while (std::getline(in, line)) {
            std::istringstream words(line);
            std::string kind, uuid;
            words >> kind >> uuid;
            if (kind == "attempt")
                lastAttempt = uuid;
            if (kind == "done")
                done.insert(uuid);
        }
        if (!lastAttempt.empty() && !done.contains(lastAttempt))
            unfinished = lastAttempt;
    }

    const int logFd = ::open(logPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (logFd < 0) {
        std::perror("storage_crash_child: open log");
        return 2;
    }
    auto store = Store::open(dbPath, OpenMode::MustExist);
    if (!store)
        return fail("open", store.error());
    auto catalogue = (*store)->allProducts();
    if (!catalogue)
        return fail("catalogue", catalogue.error());

    if (!unfinished.empty()) {
        if (int rc = completeOne(**store, logFd, unfinished, *catalogue, true); rc != 0)
            return rc;
    }
    for (int64_t i = 0;; ++i) {
        if (i % 7 == 3) {
            // Other writers to the same tables: deliveries between sales.
            const Product& p = (*catalogue)[static_cast<size_t>(i) % catalogue->size()];
            if (auto received = (*store)->receiveStock(p.id, 5, "delivery"); !received) {
                return fail("receive", received.error());
            }
        }
        const std::string uuid = "r" + round + "-" + std::to_string(i);
        if (int rc = completeOne(**store, logFd, uuid, *catalogue, false); rc != 0)
            return rc;
    }
}
