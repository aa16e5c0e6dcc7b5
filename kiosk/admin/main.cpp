// kasir-admin: the back-office command line for a kasir store database.
// Parses the command line (CLI11) and hands over to the command functions in commands.cpp.
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/admin/commands.hpp"
#include "kiosk/admin/demo_checkout.hpp"

int main(int argc, char** argv) {
    using namespace kiosk::admin;

    CLI::App app{"kasir-admin: back office for a kasir self-checkout store database"};
    app.require_subcommand(1);
    // --db and --config may also follow the command name ("stock low --db x.db").
    app.fallthrough();
    const std::string databaseNote =
        "Which database: --db PATH if given, else database.path of the configuration file.\n"
        "Which configuration: --config FILE if given, else $KASIR_CONFIG if set, else the demo\n"
        "store's " +
        defaultConfigPath() +
        ".\n"
        "Only init and demo-store read the configuration when --db is given: init stores the\n"
        "store's settings (currency, names, tax classes) in the database, the rest read them "
        "there.\n"
        "Results go to stdout, problems to stderr. Exit status: 0 done, 1 failed (or the journal\n"
        "does not verify), 2 bad command line.";
    app.footer(databaseNote);

    std::string db;
    std::string configPath;
    app.add_option("--db", db, "Store database (SQLite file)")->type_name("PATH");
    app.add_option("--config", configPath, "Kiosk configuration file (TOML)")->type_name("FILE");

    auto* init = app.add_subcommand("init", "Create the store database from the configuration");
    init->footer(
        "Creates the database (and its directory) or, when it exists, updates its settings: store\n"
        "and kiosk ids, store name, currency, default language, UTC offset and tax classes. The\n"
        "currency of an existing store is never changed.\n\n" +
        databaseNote);

    std::string importFile;
    auto* importCatalog =
        app.add_subcommand("import-catalog", "Add or update products from a catalogue CSV");
    importCatalog->add_option("FILE", importFile, "Catalogue CSV")->required();
    importCatalog->footer(
        "All rows go in in one transaction. Rejected rows are listed on stderr with their line\n"
        "and reason; the valid rows still go in and the exit status is 0. stdout gets a summary:\n"
        "FILE: N imported, N updated, N unchanged, N rejected.\n\n" +
        std::string(kCatalogFormatHelp) + "\n\n" + databaseNote);

    std::string exportFile;
    bool exportStock = false;
    auto* exportCatalog = app.add_subcommand(
        "export-catalog", "Write the catalogue as CSV in the import format (stdout without FILE)");
    exportCatalog->add_option("FILE", exportFile, "Output file ('-' for stdout)");
    exportCatalog->add_flag("--stock", exportStock,
                            "Add the stock and low_stock columns (importing such a file sets the "
                            "stock levels to its values)");

    std::string search;
    int productLimit = 50;
    auto* products =
        app.add_subcommand("products", "List products, or search active ones by name, code or PLU");
    products->add_option("SEARCH", search, "Text to search for");
    products->add_option("--limit", productLimit, "Rows to show, 0 for all")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);

    auto* stock = app.add_subcommand("stock", "Stock levels (grams for products sold by weight)");
    stock->require_subcommand(1);
    std::string stockCode;
    std::string stockQuantity;
    const char* codeHelp = "Barcode (GTIN-8/12/13/14) or PLU";
    const char* quantityHelp =
        "Units; for weighed products grams (2500, 2500g) or kilograms (2.5kg)";
    auto* stockShow = stock->add_subcommand("show", "Show the stock level of a product");
    stockShow->add_option("CODE", stockCode, codeHelp)->required();
    auto* stockSet = stock->add_subcommand("set", "Set the stock level (after a count)");
    stockSet->add_option("CODE", stockCode, codeHelp)->required();
    stockSet->add_option("QTY", stockQuantity, quantityHelp)->required();
    auto* stockReceive = stock->add_subcommand("receive", "Add a delivery to the stock level");
    stockReceive->add_option("CODE", stockCode, codeHelp)->required();
    stockReceive->add_option("QTY", stockQuantity, quantityHelp)->required();
    auto* stockLow = stock->add_subcommand("low", "List products at or below their threshold");
    auto* stockThreshold =
        stock->add_subcommand("threshold", "Set the low-stock threshold of a product");
    stockThreshold->add_option("CODE", stockCode, codeHelp)->required();
    stockThreshold->add_option("N", stockQuantity, quantityHelp)->required();

    auto* sales = app.add_subcommand("sales", "The sale journal");
    sales->require_subcommand(1);
    int salesLimit = 20;
    auto* salesList = sales->add_subcommand("list", "List the newest sales");
    salesList->add_option("--limit", salesLimit, "Sales to show, 0 for all")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    int64_t receiptNo = 0;
    std::string saleStore;
    std::string saleKiosk;
    int receiptWidth = 48;
    auto* salesShow = sales->add_subcommand("show", "Print a sale as its receipt");
    salesShow->add_option("RECEIPT_NO", receiptNo, "Receipt number")
        ->required()
        ->check(CLI::PositiveNumber);
    salesShow->add_option("--store", saleStore, "Store id (default: the database's store)");
    salesShow->add_option("--kiosk", saleKiosk, "Kiosk id (default: the database's kiosk)");
    salesShow->add_option("--width", receiptWidth, "Receipt width in columns")
        ->capture_default_str()
        ->check(CLI::IsMember({32, 48}));

    app.add_subcommand("verify-journal", "Check the journal's hash chain and receipt numbers")
        ->footer(
            "Prints \"journal OK: N sales\" (exit status 0), or the first break: which store,\n"
            "kiosk and receipt, and why (exit status 1).\n\n" +
            databaseNote);

    std::string demoCsv;
    bool demoForce = false;
    auto* demoStore = app.add_subcommand("demo-store", "Build the demo store database");
    demoStore->footer(
        "Builds a store from the Open Food Facts sample catalogue: prices and stock derived from\n"
        "each code, age-restricted and weighed items, the configuration's tax classes (a 0% class\n"
        "for basic food when there is one) and two promotions. The same input always gives the\n"
        "same store. See assets/demo/README.md.\n\n" +
        databaseNote);
    demoStore->add_option("--csv", demoCsv,
                          "Catalogue CSV (default: products.csv next to the configuration)");
    demoStore->add_flag("--force", demoForce, "Replace the database if it exists");

    auto* demo = app.add_subcommand("demo", "Run one scripted self-checkout on the demo store");
    demo->footer(
        "Builds the demo store if its database is missing, then runs one checkout through the\n"
        "checkout machine and the store database, with the scanner, scale, attendant and card\n"
        "terminal played by the script: three of a yogurt (3 for 2), a pasta (20% off), a\n"
        "weighed item and an age-restricted one approved by an attendant, paid by card. Prints\n"
        "the receipt as the journal keeps it and verifies the journal. Each run adds a sale.\n\n" +
        databaseNote);

    std::string refundSale, refundStaff, refundReason, refundTerminal;
    auto* refund = app.add_subcommand("refund", "Refund a paid sale's card payments (Reversal)");
    refund->add_option("SALE", refundSale, "Receipt number of this kiosk, or sale uuid")
        ->required();
    refund->add_option("--staff", refundStaff, "Attendant's staff id (audited)")->required();
    refund->add_option("--reason", refundReason, "Why (audited)")->required();
    refund->add_option("--terminal", refundTerminal,
                       "Terminal address, overriding [devices.terminal] url");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }

    Context context(db, configPath, std::cout, std::cerr);
    // The commands report errors as values; an exception reaching here is a bug (or out of
    // memory), and it still gets a message and the documented exit status, not an abort.
    try {
        if (init->parsed())
            return runInit(context);
        if (importCatalog->parsed())
            return runImportCatalog(context, importFile);
        if (exportCatalog->parsed())
            return runExportCatalog(context, exportFile, exportStock);
        if (products->parsed())
            return runProducts(context, search, productLimit);
        if (stockShow->parsed())
            return runStockShow(context, stockCode);
        if (stockSet->parsed())
            return runStockSet(context, stockCode, stockQuantity);
        if (stockReceive->parsed())
            return runStockReceive(context, stockCode, stockQuantity);
        if (stockLow->parsed())
            return runStockLow(context);
        if (stockThreshold->parsed())
            return runStockThreshold(context, stockCode, stockQuantity);
        if (salesList->parsed())
            return runSalesList(context, salesLimit);
        if (salesShow->parsed())
            return runSalesShow(context, receiptNo, saleStore, saleKiosk, receiptWidth);
        if (app.get_subcommand("verify-journal")->parsed())
            return runVerifyJournal(context);
        if (demoStore->parsed())
            return runDemoStore(context, demoCsv, demoForce);
        if (demo->parsed())
            return runDemo(context);
        if (refund->parsed())
            return runRefund(context, refundSale, refundStaff, refundReason, refundTerminal);
    } catch (const std::exception& e) {
        return context.fail(std::string("internal error: ") + e.what());
    }
    return kExitUsage;
}
