// The commands of kasir-admin, each a function from parsed options to an exit code.
// Results go to `out`, problems to `err`; main.cpp only parses the command line.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/config/config.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::admin {

// Exit codes: 0 done; 1 failed (a message on stderr, or a broken journal); 2 usage error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Where the database and the configuration come from, and the streams to write to.
class Context {
  public:
    // `database` and `configPath` are empty when not given on the command line.
    Context(std::string database, std::string configPath, std::ostream& out, std::ostream& err);

    std::ostream& out() { return out_; }
    std::ostream& err() { return err_; }

    // --config, else $KASIR_CONFIG, else the demo store's configuration.
    const std::string& configPath() const { return configPath_; }
    bool databaseGiven() const { return !database_.empty(); }
    Result<const config::Config*> config();
    // --db, else database.path of the configuration.
    Result<std::string> databasePath();
    Result<std::unique_ptr<storage::Store>> openStore(storage::OpenMode mode);

    // Prints "kasir-admin: <message>" to err and returns kExitFailed.
    int fail(const Error& error);
    int fail(const std::string& message);

  private:
    std::string database_;
    std::string configPath_;
    std::optional<config::Config> config_;
    std::ostream& out_;
    std::ostream& err_;
};

// The default configuration file when neither --config nor $KASIR_CONFIG is given.
std::string defaultConfigPath();

// Whether the database file is there. Unlike the one-argument std::filesystem::exists it never
// throws: a path that cannot be looked at (a directory on the way that may not be searched) is an
// error naming the path and the reason.
Result<bool> databaseExists(const std::string& path);

int runInit(Context& context);
int runImportCatalog(Context& context, const std::string& file);
int runExportCatalog(Context& context, const std::string& file, bool withStock);
int runProducts(Context& context, const std::string& search, int limit);
int runStockShow(Context& context, const std::string& code);
int runStockSet(Context& context, const std::string& code, const std::string& quantity);
int runStockReceive(Context& context, const std::string& code, const std::string& quantity);
int runStockLow(Context& context);
int runStockThreshold(Context& context, const std::string& code, const std::string& quantity);
int runSalesList(Context& context, int limit);
int runSalesShow(Context& context, int64_t receiptNo, const std::string& storeId,
                 const std::string& kioskId, int width);
int runVerifyJournal(Context& context);
int runDemoStore(Context& context, const std::string& csvFile, bool force);
// Attendant-only Reversal of a sale's card payments (refund_command.cpp): SALE is a receipt
// number of this kiosk or a sale uuid; `terminalUrl` overrides [devices.terminal] url.
int runRefund(Context& context, const std::string& sale, const std::string& staffId,
              const std::string& reason, const std::string& terminalUrl);

}  // namespace kiosk::admin
