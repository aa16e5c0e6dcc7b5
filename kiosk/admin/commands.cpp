// kasir-admin's commands: configuration and database set-up, catalogue, stock, sales, journal.
// Everything goes through kiosk::storage::Store; this file holds no SQL.
#include "kiosk/admin/commands.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/admin/catalog_import.hpp"
#include "kiosk/admin/demo_catalog.hpp"
#include "kiosk/admin/staff_commands.hpp"
#include "kiosk/admin/text_table.hpp"
#include "kiosk/core/gtin.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::admin {
namespace {

namespace fs = std::filesystem;

Result<std::string> readFile(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return makeError(ErrorCode::Io, path + ": is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        return makeError(ErrorCode::Io, path + ": cannot open: " + std::strerror(err));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::Io, path + ": read error");
    return text.str();
}

// Written to a temporary file first so a failure never leaves half an export behind.
Result<void> writeFileAtomically(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            const int err = errno;
            return makeError(ErrorCode::Io, path + ": cannot write: " + std::strerror(err));
        }
        out << text;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            return makeError(ErrorCode::Io, path + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        return makeError(ErrorCode::Io, path + ": cannot replace: " + ec.message());
    }
    return {};
}

// The settings `init` wrote into the database, which make it self-describing: commands other
// than init and demo-store need no configuration file once the database exists.
struct StoreInfo {
    Currency currency;
    std::string language = "en";
    int utcOffsetMinutes = 0;
    std::string storeId;
    std::string storeName;
    std::string kioskId;
    std::string defaultTaxClass;
    std::vector<TaxClass> taxClasses;
};

Result<StoreInfo> storeInfo(storage::Store& store) {
    StoreInfo info;
    auto currency = store.setting("currency");
    if (!currency)
        return currency.error();
    if (!*currency)
        return makeError(ErrorCode::NotFound,
                         store.path() +
                             ": the database has no store settings (no currency); "
                             "run `kasir-admin init` on it first");
    auto code = currencyFromCode(**currency);
    if (!code)
        return makeError(ErrorCode::Corrupt, store.path() + ": " + code.error().message);
    info.currency = *code;
    const std::pair<const char*, std::string*> texts[] = {
        {"store.default_language", &info.language},
        {"store.id", &info.storeId},
        {"store.name", &info.storeName},
        {"kiosk.id", &info.kioskId},
        {"tax.default_class", &info.defaultTaxClass}};
    for (const auto& [key, target] : texts) {
        auto value = store.setting(key);
        if (!value)
            return value.error();
        if (*value)
            *target = **value;
    }
    auto offset = store.setting("store.utc_offset_minutes");
    if (!offset)
        return offset.error();
    if (*offset)
        info.utcOffsetMinutes = std::atoi((*offset)->c_str());
    auto classes = store.taxClasses();
    if (!classes)
        return classes.error();
    info.taxClasses = *classes;
    if (info.defaultTaxClass.empty() && !info.taxClasses.empty())
        info.defaultTaxClass = info.taxClasses.front().code;
    return info;
}

CatalogContext catalogContext(const StoreInfo& info) {
    return CatalogContext{info.currency, info.taxClasses, info.defaultTaxClass};
}

std::string formatPrice(const Product& product, const StoreInfo& info) {
    std::string text = formatMinor(product.price, info.currency, info.language);
    if (product.unit == SaleUnit::Weight)
        text += "/kg";
    return text;
}

// Units as a whole number; grams as kilograms with up to three decimals ("2.5 kg").
std::string formatQuantity(int64_t quantity, SaleUnit unit) {
    if (unit == SaleUnit::Each)
        return std::to_string(quantity);
    const bool negative = quantity < 0;
    const uint64_t grams =
        negative ? ~static_cast<uint64_t>(quantity) + 1 : static_cast<uint64_t>(quantity);
    std::string text = std::to_string(grams / 1000);
    if (grams % 1000 != 0) {
        std::string fraction = std::to_string(grams % 1000);
        fraction.insert(0, 3 - fraction.size(), '0');
        while (fraction.back() == '0')
            fraction.pop_back();
        text += "." + fraction;
    }
    return (negative ? "-" : "") + text + " kg";
}

// A stock quantity typed by a person: whole units, or for weighed products grams ("2500",
// "2500g") or kilograms ("2.5kg"), exactly.
Result<int64_t> parseQuantity(const std::string& text, SaleUnit unit) {
    const auto bad = [&](const std::string& why) {
        return makeError(ErrorCode::InvalidArgument, "quantity '" + text + "': " + why);
    };
    std::string digits = text;
    int64_t scale = 1;
    if (unit == SaleUnit::Weight) {
        if (digits.size() > 2 && digits.substr(digits.size() - 2) == "kg") {
            digits.resize(digits.size() - 2);
            scale = 1000;
        } else if (digits.size() > 1 && digits.back() == 'g') {
            digits.pop_back();
        }
    }
    if (digits.empty() || digits.size() > 15)
        return bad("expected a whole number");
    int64_t whole = 0;
    int64_t fraction = 0;
    int64_t fractionScale = 1;
    bool dot = false;
    for (char c : digits) {
        if (c == '.' && !dot && scale == 1000) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9')
            return bad(unit == SaleUnit::Weight
                           ? "expected grams (2500 or 2500g) or kilograms (2.5kg)"
                           : "expected a whole number of units");
        if (dot) {
            if (fractionScale == 1000)
                return bad("more precise than a gram");
            fraction = fraction * 10 + (c - '0');
            fractionScale *= 10;
        } else {
            whole = whole * 10 + (c - '0');
        }
    }
    return whole * scale + fraction * (scale / fractionScale);
}

Result<Product> resolveProduct(storage::Store& store, const std::string& code) {
    const bool digits = !code.empty() && std::all_of(code.begin(), code.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
        return makeError(ErrorCode::InvalidArgument, "'" + code + "' is not a barcode or PLU");
    if (isValidGtin(code)) {
        auto found = store.productByBarcode(*normalizeGtin14(code));
        if (!found)
            return found.error();
        if (*found)
            return **found;
    }
    if (code.size() <= 8) {
        auto found = store.productByPlu(code);
        if (!found)
            return found.error();
        if (*found)
            return **found;
    }
    if (!isValidGtin(code) && (code.size() == 8 || code.size() >= 12)) {
        auto reason = normalizeGtin14(code);
        return makeError(ErrorCode::InvalidArgument, reason.error().message);
    }
    return makeError(ErrorCode::NotFound, "no product with the code or PLU " + code);
}

std::string shownCode(const Product& product) {
    return product.gtin.empty() ? "PLU " + product.plu : displayCode(product.gtin);
}

// "2026-11-27 10:15:03 +07:00" in the store's time zone.
std::string formatLocalTime(Timestamp at, int utcOffsetMinutes) {
    using namespace std::chrono;
    const sys_time<milliseconds> local{milliseconds{at + int64_t{utcOffsetMinutes} * 60'000}};
    const auto day = floor<days>(local);
    const year_month_day date{day};
    const hh_mm_ss time{floor<seconds>(local - day)};
    const int offset = std::abs(utcOffsetMinutes);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02ld %c%02d:%02d",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()), utcOffsetMinutes < 0 ? '-' : '+',
                  offset / 60, offset % 60);
    return text;
}

void printRejections(Context& context, const std::string& file, std::vector<Rejection> rejected) {
    std::stable_sort(rejected.begin(), rejected.end(),
                     [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
    for (const auto& r : rejected)
        context.err() << file << ":" << r.line << ": rejected "
                      << (r.code.empty() ? std::string("(no code)") : r.code) << ": " << r.reason
                      << "\n";
}

StoreIdentity identityOf(const config::Config& config) {
    StoreIdentity identity;
    identity.storeId = config.store.id;
    identity.storeName = config.store.name;
    identity.kioskId = config.kioskId;
    identity.currency = config.store.currency;
    identity.defaultLanguage = config.store.defaultLanguage;
    identity.utcOffsetMinutes = config.store.utcOffsetMinutes;
    identity.defaultTaxClass = config.defaultTaxClass;
    identity.taxClasses = config.tax.classes;
    return identity;
}

Result<void> createParentDirectory(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    if (parent.empty())
        return {};
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
        return makeError(ErrorCode::Io,
                         parent.string() + ": cannot create the directory: " + ec.message());
    return {};
}

}  // namespace

Result<bool> databaseExists(const std::string& path) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (ec)
        return makeError(ErrorCode::Io,
                         path + ": cannot tell whether the store database exists: " + ec.message());
    return exists;
}

std::string defaultConfigPath() {
    if (const char* env = std::getenv("KASIR_CONFIG"); env != nullptr && *env != '\0')
        return env;
    return KASIR_DEMO_CONFIG;
}

Context::Context(std::string database, std::string configPath, std::ostream& out, std::ostream& err)
    : database_(std::move(database)),
      configPath_(configPath.empty() ? defaultConfigPath() : std::move(configPath)),
      out_(out),
      err_(err) {}

Result<const config::Config*> Context::config() {
    if (!config_) {
        auto loaded = config::loadConfig(configPath_);
        if (!loaded)
            return loaded.error();
        config_ = std::move(*loaded);
    }
    return &*config_;
}

Result<std::string> Context::databasePath() {
    if (!database_.empty())
        return database_;
    auto loaded = config();
    if (!loaded)
        return makeError(loaded.error().code, loaded.error().message +
                                                  "\n(no --db given, so the database is the one "
                                                  "this configuration names)");
    return (*loaded)->databasePath;
}

Result<std::unique_ptr<storage::Store>> Context::openStore(storage::OpenMode mode) {
    auto path = databasePath();
    if (!path)
        return path.error();
    if (mode == storage::OpenMode::MustExist) {
        auto exists = databaseExists(*path);
        if (!exists)
            return exists.error();
        if (!*exists)
            return makeError(ErrorCode::NotFound,
                             *path +
                                 ": no such store database (create it with `kasir-admin init` "
                                 "or `kasir-admin demo-store`)");
    }
    return storage::Store::open(*path, mode);
}

int Context::fail(const Error& error) {
    return fail(error.message);
}

int Context::fail(const std::string& message) {
    err_ << "kasir-admin: " << message << "\n";
    return kExitFailed;
}

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

int runInit(Context& context) {
    auto config = context.config();
    if (!config)
        return context.fail(config.error());
    auto path = context.databasePath();
    if (!path)
        return context.fail(path.error());
    auto exists = databaseExists(*path);
    if (!exists)
        return context.fail(exists.error());
    const bool existed = *exists;
    if (!existed)
        if (auto made = createParentDirectory(*path); !made)
            return context.fail(made.error());
    auto store = storage::Store::open(*path, storage::OpenMode::CreateIfMissing);
    if (!store)
        return context.fail(store.error());

    const config::Config& cfg = **config;
    auto currency = (*store)->setting("currency");
    if (!currency)
        return context.fail(currency.error());
    if (*currency && **currency != cfg.store.currency.codeView())
        return context.fail(*path + " keeps its prices in " + **currency + " but " +
                            cfg.sourcePath + " says " + std::string(cfg.store.currency.codeView()) +
                            "; refusing to change the currency of an existing store");
    auto written =
        (*store)->transaction([&]() { return writeStoreIdentity(**store, identityOf(cfg)); });
    if (!written)
        return context.fail(written.error());

    std::string classes;
    for (const auto& taxClass : cfg.tax.classes)
        classes += (classes.empty() ? "" : ", ") + taxClass.code + " (" + taxClass.name + ")";
    context.out() << (existed ? "updated " : "created ") << *path << ": store " << cfg.store.id
                  << " \"" << cfg.store.name << "\", kiosk " << cfg.kioskId << ", "
                  << cfg.store.currency.codeView() << ", tax classes " << classes << "\n";
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// import-catalog / export-catalog
// ---------------------------------------------------------------------------------------------

int runImportCatalog(Context& context, const std::string& file) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto info = storeInfo(**store);
    if (!info)
        return context.fail(info.error());
    auto text = readFile(file);
    if (!text)
        return context.fail(text.error());
    auto parsed = parseCatalogCsv(*text, file, catalogContext(*info));
    if (!parsed)
        return context.fail(parsed.error());
    for (const auto& column : parsed->ignoredColumns)
        context.err() << file << ":1: note: column '" << column
                      << "' is not a catalogue column and is ignored\n";

    ImportCounts counts;
    const std::string reason = "import " + fs::path(file).filename().string();
    auto done = (*store)->transaction([&]() -> Result<void> {
        auto applied = applyCatalogRows(**store, parsed->rows, reason);
        if (!applied)
            return applied.error();
        counts = std::move(*applied);
        return {};
    });
    if (!done)
        return context.fail(file + ": nothing imported: " + done.error().message);

    std::vector<Rejection> rejected = parsed->rejected;
    rejected.insert(rejected.end(), counts.rejected.begin(), counts.rejected.end());
    printRejections(context, file, rejected);
    context.out() << file << ": " << counts.added << " imported, " << counts.updated << " updated, "
                  << counts.unchanged << " unchanged, " << rejected.size() << " rejected\n";
    return kExitOk;
}

int runExportCatalog(Context& context, const std::string& file, bool withStock) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto info = storeInfo(**store);
    if (!info)
        return context.fail(info.error());
    auto products = (*store)->allProducts();
    if (!products)
        return context.fail(products.error());
    std::vector<ExportRow> rows;
    rows.reserve(products->size());
    for (auto& product : *products) {
        ExportRow row{std::move(product)};
        if (withStock) {
            auto level = (*store)->stock(row.product.id);
            if (!level)
                return context.fail(level.error());
            row.stock = level->onHand;
            row.lowStock = level->lowThreshold;
        }
        rows.push_back(std::move(row));
    }
    const size_t count = rows.size();
    const std::string csv = writeCatalogCsv(std::move(rows), info->currency, withStock);
    if (file.empty() || file == "-") {
        context.out() << csv;
        return kExitOk;
    }
    if (auto written = writeFileAtomically(file, csv); !written)
        return context.fail(written.error());
    context.out() << file << ": " << count << " products exported\n";
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// products
// ---------------------------------------------------------------------------------------------

int runProducts(Context& context, const std::string& search, int limit) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto info = storeInfo(**store);
    if (!info)
        return context.fail(info.error());
    // Without a search every product is listed, inactive ones too; a search finds what the
    // kiosk could sell.
    auto products = search.empty()
                        ? (*store)->allProducts()
                        : (*store)->searchProducts(search, limit > 0 ? limit : 1'000'000);
    if (!products)
        return context.fail(products.error());
    std::vector<Product>& list = *products;
    std::sort(list.begin(), list.end(), [](const Product& a, const Product& b) {
        if (a.gtin.empty() != b.gtin.empty())
            return !a.gtin.empty();
        return a.gtin != b.gtin ? a.gtin < b.gtin : a.plu < b.plu;
    });
    const size_t total = list.size();
    if (limit > 0 && list.size() > static_cast<size_t>(limit))
        list.resize(static_cast<size_t>(limit));

    TextTable table({"CODE", "PLU", "NAME", ">PRICE", "TAX", "AGE", ">STOCK", "ACTIVE"});
    for (const auto& p : list) {
        auto level = (*store)->stock(p.id);
        if (!level)
            return context.fail(level.error());
        table.addRow({p.gtin.empty() ? "" : displayCode(p.gtin), p.plu, p.nameFor(info->language),
                      formatPrice(p, *info), p.taxClass,
                      p.age ? p.age->category + " " + std::to_string(p.age->minAge) + "+" : "",
                      formatQuantity(level->onHand, p.unit), p.active ? "yes" : "no"});
    }
    if (table.empty()) {
        context.out() << (search.empty() ? "no products\n"
                                         : "no product matches '" + search + "'\n");
        return kExitOk;
    }
    context.out() << table.render();
    if (list.size() < total)
        context.out() << "(" << list.size() << " of " << total << " shown; --limit 0 shows all)\n";
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// stock
// ---------------------------------------------------------------------------------------------

namespace {

struct StockTarget {
    std::unique_ptr<storage::Store> store;
    Product product;
};

Result<StockTarget> openForStock(Context& context, const std::string& code) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return store.error();
    auto product = resolveProduct(**store, code);
    if (!product)
        return product.error();
    return StockTarget{std::move(*store), std::move(*product)};
}

std::string describeLevel(const Product& product, const storage::StockLevel& level) {
    std::string text = shownCode(product) + " " + product.nameFor("en") + ": " +
                       formatQuantity(level.onHand, product.unit) + " on hand, low at " +
                       formatQuantity(level.lowThreshold, product.unit);
    if (level.onHand <= level.lowThreshold)
        text += " (LOW)";
    return text;
}

}  // namespace

int runStockShow(Context& context, const std::string& code) {
    auto target = openForStock(context, code);
    if (!target)
        return context.fail(target.error());
    auto level = target->store->stock(target->product.id);
    if (!level)
        return context.fail(level.error());
    context.out() << describeLevel(target->product, *level) << "\n";
    return kExitOk;
}

int runStockSet(Context& context, const std::string& code, const std::string& quantity) {
    auto target = openForStock(context, code);
    if (!target)
        return context.fail(target.error());
    auto amount = parseQuantity(quantity, target->product.unit);
    if (!amount)
        return context.fail(amount.error());
    auto before = target->store->stock(target->product.id);
    if (!before)
        return context.fail(before.error());
    auto set = target->store->setStock(target->product.id, *amount, "stock set (kasir-admin)");
    if (!set)
        return context.fail(set.error());
    auto after = target->store->stock(target->product.id);
    if (!after)
        return context.fail(after.error());
    context.out() << describeLevel(target->product, *after) << " (was "
                  << formatQuantity(before->onHand, target->product.unit) << ")\n";
    return kExitOk;
}

int runStockReceive(Context& context, const std::string& code, const std::string& quantity) {
    auto target = openForStock(context, code);
    if (!target)
        return context.fail(target.error());
    auto amount = parseQuantity(quantity, target->product.unit);
    if (!amount)
        return context.fail(amount.error());
    if (*amount == 0)
        return context.fail("quantity '" + quantity + "': nothing to receive");
    auto received =
        target->store->receiveStock(target->product.id, *amount, "received (kasir-admin)");
    if (!received)
        return context.fail(received.error());
    auto after = target->store->stock(target->product.id);
    if (!after)
        return context.fail(after.error());
    context.out() << "received " << formatQuantity(*amount, target->product.unit) << ": "
                  << describeLevel(target->product, *after) << "\n";
    return kExitOk;
}

int runStockThreshold(Context& context, const std::string& code, const std::string& quantity) {
    auto target = openForStock(context, code);
    if (!target)
        return context.fail(target.error());
    auto amount = parseQuantity(quantity, target->product.unit);
    if (!amount)
        return context.fail(amount.error());
    auto set = target->store->setLowStockThreshold(target->product.id, *amount);
    if (!set)
        return context.fail(set.error());
    auto after = target->store->stock(target->product.id);
    if (!after)
        return context.fail(after.error());
    context.out() << describeLevel(target->product, *after) << "\n";
    return kExitOk;
}

int runStockLow(Context& context) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto low = (*store)->lowStock();
    if (!low)
        return context.fail(low.error());
    if (low->empty()) {
        context.out() << "no product is at or below its low-stock threshold\n";
        return kExitOk;
    }
    TextTable table({"CODE", "NAME", ">ON HAND", ">LOW AT"});
    for (const auto& level : *low)
        table.addRow({level.gtin.empty() ? "" : displayCode(level.gtin), level.name,
                      formatQuantity(level.onHand, level.unit),
                      formatQuantity(level.lowThreshold, level.unit)});
    context.out() << table.render();
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------
// sales and the journal
// ---------------------------------------------------------------------------------------------

int runSalesList(Context& context, int limit) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto info = storeInfo(**store);
    if (!info)
        return context.fail(info.error());
    auto sales = (*store)->sales(limit > 0 ? limit : 1'000'000'000, 0);
    if (!sales)
        return context.fail(sales.error());
    if (sales->empty()) {
        context.out() << "no sales\n";
        return kExitOk;
    }
    TextTable table({">RECEIPT", "STORE", "KIOSK", "ENDED", ">LINES", ">TOTAL"});
    for (const auto& sale : *sales)
        table.addRow({std::to_string(sale.receiptNo), sale.storeId, sale.kioskId,
                      formatLocalTime(sale.endedAt, info->utcOffsetMinutes),
                      std::to_string(sale.lineCount),
                      formatMinor(sale.total, info->currency, info->language)});
    context.out() << table.render();
    return kExitOk;
}

int runSalesShow(Context& context, int64_t receiptNo, const std::string& storeId,
                 const std::string& kioskId, int width) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto info = storeInfo(**store);
    if (!info)
        return context.fail(info.error());
    const std::string s = storeId.empty() ? info->storeId : storeId;
    const std::string k = kioskId.empty() ? info->kioskId : kioskId;
    auto sale = (*store)->saleByReceipt(s, k, receiptNo);
    if (!sale)
        return context.fail(sale.error());
    if (!*sale)
        return context.fail("no sale with receipt number " + std::to_string(receiptNo) +
                            " for store " + s + ", kiosk " + k +
                            " (--store and --kiosk choose another)");
    context.out() << receiptText(**sale, info->storeName, width, info->utcOffsetMinutes);
    return kExitOk;
}

int runVerifyJournal(Context& context) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    auto check = (*store)->verifyJournal();
    if (!check)
        return context.fail(check.error());
    if (check->ok) {
        context.out() << "journal OK: " << check->salesChecked << " sales\n";
        return kExitOk;
    }
    // A finding, not a usage problem: it goes to stdout like the OK line, but the exit code
    // tells scripts that the journal does not verify.
    context.out() << "journal BROKEN after " << check->salesChecked
                  << " sales: " << check->firstBreak << "\n";
    return kExitFailed;
}

// ---------------------------------------------------------------------------------------------
// demo-store
// ---------------------------------------------------------------------------------------------

int runDemoStore(Context& context, const std::string& csvFile, bool force) {
    auto config = context.config();
    if (!config)
        return context.fail(config.error());
    const config::Config& cfg = **config;
    auto path = context.databasePath();
    if (!path)
        return context.fail(path.error());
    const std::string csvPath =
        csvFile.empty() ? (fs::path(context.configPath()).parent_path() / "products.csv").string()
                        : csvFile;
    auto text = readFile(csvPath);
    if (!text)
        return context.fail(text.error());
    auto demo = buildDemoCatalog(
        *text, csvPath, CatalogContext{cfg.store.currency, cfg.tax.classes, cfg.defaultTaxClass});
    if (!demo)
        return context.fail(demo.error());

    auto exists = databaseExists(*path);
    if (!exists)
        return context.fail(exists.error());
    if (*exists) {
        if (!force)
            return context.fail(*path +
                                " already exists; pass --force to replace it with a new "
                                "demo store");
        // The database and SQLite's companion files: a stale -wal would replay into the new file.
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::error_code ec;
            fs::remove(*path + suffix, ec);
            if (ec)
                return context.fail(*path + suffix + ": cannot remove: " + ec.message());
        }
    }
    if (auto made = createParentDirectory(*path); !made)
        return context.fail(made.error());
    auto store = storage::Store::open(*path, storage::OpenMode::CreateIfMissing);
    if (!store)
        return context.fail(store.error());

    ImportCounts counts;
    auto done = (*store)->transaction([&]() -> Result<void> {
        if (auto written = writeStoreIdentity(**store, identityOf(cfg)); !written)
            return written;
        auto applied = applyCatalogRows(**store, demo->products, "demo-store");
        if (!applied)
            return applied.error();
        counts = std::move(*applied);
        for (const auto& demoPromotion : demo->promotions) {
            Promotion promotion = demoPromotion.promotion;
            for (const auto& gtin : demoPromotion.gtins) {
                auto product = (*store)->productByBarcode(gtin);
                if (!product)
                    return product.error();
                if (*product)
                    promotion.productIds.push_back((*product)->id);
            }
            auto id = (*store)->upsertPromotion(promotion);
            if (!id)
                return id.error();
        }
        return {};
    });
    if (!done)
        return context.fail(*path + ": demo store not built: " + done.error().message);
    // The demo staff and their badges, next to the database so the demo and the UI scripts
    // can scan them (badges/<id>.svg) or read their text (badges/<id>.txt).
    const std::string badgeDir = (fs::path(*path).parent_path() / "badges").string();
    if (auto seeded = seedDemoStaff(**store, badgeDir, cfg.store.name, context); !seeded)
        return context.fail(*path + ": demo staff not added: " + seeded.error().message);

    std::string firstPlu;
    std::string lastPlu;
    for (const auto& product : demo->products) {
        if (!product.plu || product.plu->empty())
            continue;
        if (firstPlu.empty() || *product.plu < firstPlu)
            firstPlu = *product.plu;
        if (lastPlu.empty() || *product.plu > lastPlu)
            lastPlu = *product.plu;
    }
    context.out() << "demo store " << *path << ": " << counts.added << " products ("
                  << demo->restricted << " age-restricted, " << demo->weighed
                  << " weighed with PLUs " << firstPlu << "-" << lastPlu << ", " << demo->basicFood
                  << " basic food free of tax), " << demo->promotions.size() << " promotions\n";
    for (const auto& promotion : demo->promotions)
        context.out() << "  promotion \"" << promotion.promotion.label << "\" on "
                      << promotion.gtins.size() << " products\n";
    context.out() << "  staff: 1 Ana (attendant, PIN 1357), 2 Budi (supervisor, PIN 2468), 3 Citra "
                     "(manager, PIN 8024); badges in "
                  << badgeDir << "\n";
    context.out() << "  " << demo->skipped.size() + counts.rejected.size() << " rows of "
                  << fs::path(csvPath).filename().string()
                  << " left out (import-catalog on it lists them)\n";
    return kExitOk;
}

}  // namespace kiosk::admin
