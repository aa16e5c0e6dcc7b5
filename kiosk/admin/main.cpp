// kasir-admin: the back-office command line for a kasir store database.
// Parses the command line (CLI11) and hands over to the command functions in commands.cpp.
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/admin/commands.hpp"
#include "kiosk/admin/demo_checkout.hpp"
#include "kiosk/admin/staff_commands.hpp"

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

    // --- staff ---
    const std::string auditNote =
        "Every change is written to the audit log as admin:<unix user>, in the same transaction\n"
        "as the change. kasir-admin checks no permission: it runs as the store's owner, with\n"
        "file access to the database.\n\n" +
        databaseNote;
    const std::string pinNote =
        "The PIN is read from stdin (one line; on a terminal it is asked twice, not echoed), "
        "never\n"
        "from the command line, where it would stay in the shell history and show in ps.\n"
        "A PIN has 4 to 12 digits, not one digit repeated (1111) and not a run (1234, 9876).\n\n";
    auto* staffCmd =
        app.add_subcommand("staff", "Staff accounts, PINs, badges, permissions, shifts");
    staffCmd->require_subcommand(1);
    staffCmd->footer(auditNote);
    std::string staffId, staffName, staffRole, staffAction, badgeOut, badgeText, hoursFrom, hoursTo,
        hoursCsv, refusedPin;
    bool pinStdin = false;
    bool listAll = false;
    const char* idHelp = "Staff id (1 to 32 letters, digits, '.', '_', '-')";
    const char* roleHelp = "attendant, supervisor or manager";

    auto* staffAdd = staffCmd->add_subcommand("add", "Add a staff member (PIN on stdin)");
    staffAdd->add_option("ID", staffId, idHelp)->required();
    staffAdd->add_option("--name", staffName, "Name shown on the kiosk and badge")->required();
    staffAdd->add_option("--role", staffRole, roleHelp)->required();
    staffAdd->add_flag("--pin-stdin", pinStdin, "Read the PIN from stdin (the default anyway)");
    // Declared only to refuse it with a reason instead of "unknown option".
    staffAdd->add_option("--pin", refusedPin, "Refused: pipe the PIN on stdin instead")->group("");
    staffAdd->footer(pinNote + auditNote);

    auto* staffList = staffCmd->add_subcommand("list", "List staff (id, name, role, state)");
    staffList->add_flag("--all", listAll, "Include switched-off accounts");
    staffList->footer(
        "LOCKED UNTIL is shown while a lockout lasts; CLOCKED IN while a shift is "
        "open.\n\n" +
        databaseNote);

    auto* staffSetRole = staffCmd->add_subcommand("set-role", "Change a member's role");
    staffSetRole->add_option("ID", staffId, idHelp)->required();
    staffSetRole->add_option("ROLE", staffRole, roleHelp)->required();
    staffSetRole->footer(auditNote);

    auto* staffDeactivate =
        staffCmd->add_subcommand("deactivate", "Switch an account off (it cannot sign in)");
    staffDeactivate->add_option("ID", staffId, idHelp)->required();
    staffDeactivate->footer(auditNote);
    auto* staffActivate = staffCmd->add_subcommand("activate", "Switch an account on again");
    staffActivate->add_option("ID", staffId, idHelp)->required();
    staffActivate->footer(auditNote);

    auto* staffResetPin =
        staffCmd->add_subcommand("reset-pin", "Set a new PIN (stdin); clears lockouts");
    staffResetPin->add_option("ID", staffId, idHelp)->required();
    staffResetPin->add_option("--pin", refusedPin, "Refused: pipe the PIN on stdin instead")
        ->group("");
    staffResetPin->footer(pinNote + auditNote);

    auto* staffUnlock = staffCmd->add_subcommand(
        "unlock", "End a lockout and clear the wrong-PIN and lockout counts");
    staffUnlock->add_option("ID", staffId, idHelp)->required();
    staffUnlock->footer(auditNote);

    auto* staffBadge =
        staffCmd->add_subcommand("badge", "Issue a new badge and write its card as SVG");
    staffBadge->add_option("ID", staffId, idHelp)->required();
    staffBadge->add_option("--out", badgeOut, "Badge card to write (SVG, credit-card size)")
        ->required()
        ->type_name("FILE.svg");
    staffBadge
        ->add_option("--text", badgeText,
                     "Also write the badge text (what the QR code holds) to this file")
        ->type_name("FILE");
    staffBadge->footer(
        "The card shows the store's name, the member's name, role and id, and a QR code of\n"
        "KASIR-STAFF:<id>:<secret>. Scanning it at any kiosk signs the member in. Only a hash of\n"
        "the secret is stored; issuing a new badge makes the old one worthless. Keep the file\n"
        "like a key.\n\n" +
        auditNote);

    auto* staffPermissions =
        staffCmd->add_subcommand("permissions", "Show which role may do which action");
    staffPermissions->footer("'*' marks a cell the store changed from the default.\n\n" +
                             databaseNote);
    auto* staffPermit = staffCmd->add_subcommand("permit", "Let a role do an action");
    staffPermit->add_option("ROLE", staffRole, roleHelp)->required();
    staffPermit->add_option("ACTION", staffAction, "e.g. discount, price-override, refund")
        ->required();
    staffPermit->footer(auditNote);
    auto* staffDeny = staffCmd->add_subcommand("deny", "Stop a role doing an action");
    staffDeny->add_option("ROLE", staffRole, roleHelp)->required();
    staffDeny->add_option("ACTION", staffAction, "e.g. discount, price-override, refund")
        ->required();
    staffDeny->footer(auditNote);

    auto* staffClockIn = staffCmd->add_subcommand("clock-in", "Start a member's shift now");
    staffClockIn->add_option("ID", staffId, idHelp)->required();
    staffClockIn->footer(auditNote);
    auto* staffClockOut = staffCmd->add_subcommand("clock-out", "End a member's shift now");
    staffClockOut->add_option("ID", staffId, idHelp)->required();
    staffClockOut->footer(auditNote);

    auto* staffHours =
        staffCmd->add_subcommand("hours", "Hours worked per member per day (local time)");
    staffHours->add_option("--from", hoursFrom, "First day, YYYY-MM-DD")->required();
    staffHours->add_option("--to", hoursTo, "Last day (included), YYYY-MM-DD")->required();
    staffHours->add_option("--csv", hoursCsv, "Write CSV to FILE ('-' for stdout)")
        ->type_name("FILE");
    staffHours->footer(
        "Days are the store's local days ([store] utc_offset_minutes); a shift over midnight\n"
        "counts on both days, an open shift up to now. CSV columns: date, staff_id, name,\n"
        "hours (two decimals), minutes, open.\n\n" +
        databaseNote);

    auto* staffReport = staffCmd->add_subcommand("report", "Per-staff performance figures");
    staffReport->add_option("--from", hoursFrom, "First day, YYYY-MM-DD")->required();
    staffReport->add_option("--to", hoursTo, "Last day (included), YYYY-MM-DD")->required();
    staffReport->footer(
        "Per member: interventions cleared, median and longest time from a lock being raised\n"
        "to its clearing, age checks, voids, price overrides, discounts, cancelled transactions\n"
        "and wrong PINs, from the interventions and the audit log of those days.\n\n" +
        databaseNote);

    int auditLimit = 50;
    std::string auditStaff, auditAction;
    auto* auditCmd = app.add_subcommand("audit", "Show the newest audit log rows");
    auditCmd->add_option("--limit", auditLimit, "Rows to show, 0 for all")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    auditCmd->add_option("--staff", auditStaff, "Only rows of this staff id (or admin:<user>)");
    auditCmd->add_option("--action", auditAction,
                         "Only this action; ending in '.' a prefix (\"staff.\")");
    auditCmd->footer(databaseNote);

    app.add_subcommand("verify-audit", "Check the audit log's hash chain")
        ->footer(
            "Recomputes every row's hash in order. Prints \"audit OK: N rows\" (exit status 0),\n"
            "or names the first row that was edited, deleted, inserted or moved (exit status 1).\n"
            "On a terminal a progress line shows on stderr.\n\n" +
            databaseNote);

    bool suspendedAll = false;
    auto* suspendedCmd =
        app.add_subcommand("suspended", "List suspended transactions waiting to be resumed");
    suspendedCmd->add_flag("--all", suspendedAll, "Include resumed ones");
    suspendedCmd->footer(databaseNote);

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
        if (!refusedPin.empty())
            return context.fail(
                "--pin is refused: a PIN on the command line stays in the shell history and "
                "shows in ps; pipe it on stdin instead (printf '%s\\n' \"$PIN\" | kasir-admin "
                "staff ...)");
        if (staffAdd->parsed())
            return runStaffAdd(context, staffId, staffName, staffRole);
        if (staffList->parsed())
            return runStaffList(context, listAll);
        if (staffSetRole->parsed())
            return runStaffSetRole(context, staffId, staffRole);
        if (staffDeactivate->parsed() || staffActivate->parsed())
            return runStaffSetActive(context, staffId, staffActivate->parsed());
        if (staffResetPin->parsed())
            return runStaffResetPin(context, staffId);
        if (staffUnlock->parsed())
            return runStaffUnlock(context, staffId);
        if (staffBadge->parsed())
            return runStaffBadge(context, staffId, badgeOut, badgeText);
        if (staffPermissions->parsed())
            return runStaffPermissions(context);
        if (staffPermit->parsed() || staffDeny->parsed())
            return runStaffPermit(context, staffRole, staffAction, staffPermit->parsed());
        if (staffClockIn->parsed() || staffClockOut->parsed())
            return runStaffClock(context, staffId, staffClockIn->parsed());
        if (staffHours->parsed())
            return runStaffHours(context, hoursFrom, hoursTo, hoursCsv);
        if (staffReport->parsed())
            return runStaffReport(context, hoursFrom, hoursTo);
        if (auditCmd->parsed())
            return runAudit(context, auditLimit, auditStaff, auditAction);
        if (app.get_subcommand("verify-audit")->parsed())
            return runVerifyAudit(context);
        if (suspendedCmd->parsed())
            return runSuspended(context, suspendedAll);
        if (refund->parsed())
            return runRefund(context, refundSale, refundStaff, refundReason, refundTerminal);
    } catch (const std::exception& e) {
        return context.fail(std::string("internal error: ") + e.what());
    }
    return kExitUsage;
}
