// Black-box tests of kasir-admin: the built binary runs as a subprocess on temporary
// directories; the tests check its stdout, stderr and exit status, and the database it leaves.
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "kiosk/core/gtin.hpp"
#include "kiosk/storage/store.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kCatalogue = std::string(KASIR_TEST_DATA) + "/products/products.csv";

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeAll(const fs::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// The configuration of the store under test; `database` is relative to the file.
std::string testConfig(std::string_view currency = "IDR") {
    return std::string(R"([store]
id = "s1"
name = "Toko Uji"
currency = ")") +
           std::string(currency) + R"("
languages = ["id", "en"]
utc_offset_minutes = 420

[kiosk]
id = "k1"

[database]
path = "store.db"

[tax]
mode = "inclusive"

[[tax.class]]
code = "PPN"
name = "PPN 11%"
rate = "11"

[[tax.class]]
code = "PPN0"
name = "Bebas PPN"
rate = "0"
)";
}

class AdminCli : public ::testing::Test {
  protected:
    void SetUp() override {
        // The default configuration must not leak in from the environment of the test run.
        unsetenv("KASIR_CONFIG");
        std::string pattern = (fs::temp_directory_path() / "kasir-admin-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        config_ = (dir_ / "kasir.toml").string();
        db_ = (dir_ / "store.db").string();
        writeAll(config_, testConfig());
    }
    void TearDown() override { fs::remove_all(dir_); }

    // `unprivileged`: as the user nobody when the tests run as root, since root ignores file
    // permissions (CI runs as root); as the current user otherwise.
    Outcome admin(const std::vector<std::string>& args, bool unprivileged = false) const {
        const fs::path outPath = dir_ / ".stdout";
        const fs::path errPath = dir_ / ".stderr";
        const pid_t pid = fork();
        if (pid == 0) {
            const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(out, 1);
            dup2(err, 2);
            constexpr gid_t kNobody = 65534;
            if (unprivileged && geteuid() == 0 &&
                (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0))
                _exit(126);
            std::vector<char*> argv{const_cast<char*>(KASIR_ADMIN_BIN)};
            for (const auto& arg : args)
                argv.push_back(const_cast<char*>(arg.c_str()));
            argv.push_back(nullptr);
            execv(KASIR_ADMIN_BIN, argv.data());
            _exit(127);
        }
        Outcome run;
        int status = 0;
        waitpid(pid, &status, 0);
        run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        run.out = readAll(outPath);
        run.err = readAll(errPath);
        return run;
    }

    // kasir-admin --db <db> args...
    Outcome onDb(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", db_});
        return admin(args);
    }

    void init() const {
        const Outcome run = admin({"--config", config_, "init"});
        ASSERT_EQ(run.status, 0) << run.err;
    }

    void importCatalogue() const {
        const Outcome run = onDb({"import-catalog", kCatalogue});
        ASSERT_EQ(run.status, 0) << run.err;
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    fs::path dir_;
    std::string config_;
    std::string db_;
};

// --- The real catalogue, read independently of kasir-admin ------------------------------------

struct CatalogueRow {
    int64_t line = 0;
    std::string code;
    std::string name;
};

// A deliberately separate reader: the dataset has no line breaks inside fields (checked
// below), so each physical line after the header is one record; quotes only protect commas.
std::vector<CatalogueRow> readCatalogueIndependently() {
    std::vector<CatalogueRow> rows;
    std::ifstream in(kCatalogue);
    std::string line;
    std::getline(in, line);
    EXPECT_THAT(line, StartsWith("code,code_type,check_digit_ok,restricted_circulation_prefix2,"
                                 "product_name,"));
    for (int64_t number = 2; std::getline(in, line); ++number) {
        EXPECT_EQ(std::count(line.begin(), line.end(), '"') % 2, 0)
            << "line " << number << " continues on the next line";
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (c == '"') {
                if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                    fields.back() += '"';
                    ++i;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.emplace_back();
            } else {
                fields.back() += c;
            }
        }
        EXPECT_EQ(fields.size(), 13u) << "line " << number;
        rows.push_back({number, fields[0], fields.size() > 4 ? fields[4] : ""});
    }
    return rows;
}

bool validCheckDigit(const std::string& code) {
    int sum = 0;
    for (size_t i = 0; i + 1 < code.size(); ++i) {
        const size_t fromRight = code.size() - 2 - i;  // 0 for the digit left of the check digit
        sum += (code[i] - '0') * (fromRight % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10 == code.back() - '0';
}

bool acceptable(const CatalogueRow& row) {
    const std::string& c = row.code;
    const bool digits = !c.empty() && std::all_of(c.begin(), c.end(),
                                                  [](char ch) { return ch >= '0' && ch <= '9'; });
    const bool gtinLength = c.size() == 8 || c.size() == 12 || c.size() == 13 || c.size() == 14;
    const bool named = row.name.find_first_not_of(" \t") != std::string::npos;
    return digits && gtinLength && validCheckDigit(c) && named;
}

TEST_F(AdminCli, RealCatalogueImportsWithTheExpectedCounts) {
    init();
    const auto rows = readCatalogueIndependently();
    const auto accepted = std::count_if(rows.begin(), rows.end(), acceptable);
    // Cross-check against the dataset README's table: 1,263 rows; codes that can never go in
    // are 19 EAN-13 and 3 EAN-8 with a wrong check digit and 11 of other lengths = 33, leaving
    // 1,140 + 82 + 8 = 1,230 valid codes. 1,245 rows have a product_name, so 18 have none; by
    // hand, 17 of those have a valid code (16 EAN-13, 1 EAN-8) and 1 a wrong EAN-13 check
    // digit. Accepted: 1,230 - 17 = 1,213; rejected: 33 + 17 = 50.
    ASSERT_EQ(rows.size(), 1263u);
    EXPECT_EQ(accepted, 1213);

    const Outcome run = onDb({"import-catalog", kCatalogue});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, kCatalogue + ": 1213 imported, 0 updated, 0 unchanged, 50 rejected\n");

    // Every refused row, and only those, is named with its line and why.
    std::set<int64_t> expectedLines;
    std::map<int64_t, const CatalogueRow*> byLine;
    for (const auto& row : rows) {
        byLine[row.line] = &row;
        if (!acceptable(row))
            expectedLines.insert(row.line);
    }
    std::set<int64_t> reportedLines;
    for (const auto& line : linesOf(run.err)) {
        ASSERT_THAT(line, StartsWith(kCatalogue + ":"));
        const int64_t number = std::stoll(line.substr(kCatalogue.size() + 1));
        reportedLines.insert(number);
        const CatalogueRow& row = *byLine.at(number);
        EXPECT_THAT(line, HasSubstr(": rejected " + row.code + ": "));
        if (row.code.size() != 8 && row.code.size() != 12 && row.code.size() != 13)
            EXPECT_THAT(line, HasSubstr("has " + std::to_string(row.code.size()) +
                                        " digits; a GTIN has 8, 12, 13 or 14"));
        else if (!validCheckDigit(row.code))
            EXPECT_THAT(line, HasSubstr("wrong check digit"));
        else
            EXPECT_THAT(line, HasSubstr("product_name is empty"));
    }
    EXPECT_EQ(reportedLines, expectedLines);

    // What went in is exactly the accepted codes, restricted-circulation (prefix 2) ones included.
    const Outcome exported = onDb({"export-catalog"});
    ASSERT_EQ(exported.status, 0) << exported.err;
    std::set<std::string> stored;
    for (const auto& line : linesOf(exported.out))
        stored.insert(line.substr(0, line.find(',')));
    stored.erase("code");
    std::set<std::string> expected;
    int prefixTwo = 0;
    for (const auto& row : rows) {
        if (!acceptable(row))
            continue;
        auto gtin = kiosk::normalizeGtin14(row.code);
        ASSERT_TRUE(gtin.ok());
        // The export writes the shortest form: 8 digits for EAN-8, 13 for EAN-13 and UPC-A.
        expected.insert(gtin->substr(0, 6) == "000000" ? gtin->substr(6) : gtin->substr(1));
        prefixTwo += row.code[0] == '2';
    }
    EXPECT_EQ(stored, expected);
    // Of the README's 63 EAN codes starting with 2, counted by hand: 19 have a wrong check
    // digit and 3 no name; the other 41 are store-internal items and go in.
    EXPECT_EQ(prefixTwo, 41);
}

TEST_F(AdminCli, ReimportUpdatesInsteadOfDuplicating) {
    init();
    importCatalogue();
    const Outcome again = onDb({"import-catalog", kCatalogue});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.out, kCatalogue + ": 0 imported, 0 updated, 1213 unchanged, 50 rejected\n");

    // A changed name and a price: the same products, updated in place.
    writeAll(path("update.csv"),
             "code,product_name,price\n"
             "8076809570787,Zuppa di cereali (nuova),15500\n"
             "8012666011223,Riso originario,23000\n");
    const Outcome update = onDb({"import-catalog", path("update.csv")});
    ASSERT_EQ(update.status, 0) << update.err;
    EXPECT_EQ(update.out,
              path("update.csv") + ": 0 imported, 2 updated, 0 unchanged, 0 rejected\n");
    const Outcome exported = onDb({"export-catalog"});
    EXPECT_EQ(linesOf(exported.out).size(), 1u + 1213u);
    EXPECT_THAT(exported.out, HasSubstr("8076809570787,Zuppa di cereali (nuova),15500,PPN,each"));
    const Outcome found = onDb({"products", "8012666011223"});
    EXPECT_THAT(found.out, HasSubstr("Rp 23.000"));
}

// A column missing from the file leaves the stored value alone, active included: repricing a
// withdrawn product does not put it back on sale. New products follow the price.
TEST_F(AdminCli, PriceOnlyReimportKeepsAWithdrawnProductOffSale) {
    init();
    writeAll(path("withdraw.csv"), "code,product_name,price,active\n8076809570787,Zuppa,12000,0\n");
    ASSERT_EQ(onDb({"import-catalog", path("withdraw.csv")}).status, 0);
    writeAll(path("reprice.csv"),
             "code,product_name,price\n"
             "8076809570787,Zuppa,12500\n"
             "8012666011223,Riso,23000\n"
             "5449000000996,Cola,\n");
    const Outcome reprice = onDb({"import-catalog", path("reprice.csv")});
    ASSERT_EQ(reprice.status, 0) << reprice.err;
    EXPECT_EQ(reprice.out,
              path("reprice.csv") + ": 2 imported, 1 updated, 0 unchanged, 0 rejected\n");
    std::string exported = onDb({"export-catalog"}).out;
    EXPECT_THAT(exported, HasSubstr("\n8076809570787,Zuppa,12500,PPN,each,,,,,,,0\n"));
    EXPECT_THAT(exported, HasSubstr("\n8012666011223,Riso,23000,PPN,each,,,,,,,1\n"));
    EXPECT_THAT(exported, HasSubstr("\n5449000000996,Cola,0,PPN,each,,,,,,,0\n"));
    // Searches find only what is for sale.
    EXPECT_EQ(onDb({"products", "8076809570787"}).out, "no product matches '8076809570787'\n");

    // Back on sale only when a file says so.
    writeAll(path("relist.csv"), "code,product_name,active\n8076809570787,Zuppa,1\n");
    ASSERT_EQ(onDb({"import-catalog", path("relist.csv")}).status, 0);
    exported = onDb({"export-catalog"}).out;
    EXPECT_THAT(exported, HasSubstr("\n8076809570787,Zuppa,12500,PPN,each,,,,,,,1\n"));
}

// A price that could not be priced at quantity 2 is refused at import, with its line.
TEST_F(AdminCli, ImportRefusesPricesAboveTheMaximum) {
    init();
    writeAll(path("huge.csv"),
             "code,product_name,price\n"
             "8076809570787,Zuppa,15500\n"
             "8012666011223,Riso,9223372036854775807\n"
             "5449000000996,Cola,12.\n");
    const Outcome run = onDb({"import-catalog", path("huge.csv")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, path("huge.csv") + ": 1 imported, 0 updated, 0 unchanged, 2 rejected\n");
    EXPECT_EQ(run.err, path("huge.csv") +
                           ":3: rejected 8012666011223: price 9223372036854775807 is above the "
                           "highest price, 10000000000000\n" +
                           path("huge.csv") +
                           ":4: rejected 5449000000996: price: invalid amount '12.': needs a "
                           "digit on each side of the '.'\n");
    EXPECT_EQ(onDb({"products", "8012666011223"}).out, "no product matches '8012666011223'\n");
}

TEST_F(AdminCli, ExportThenImportRoundTrips) {
    ASSERT_EQ(admin({"--config", config_, "demo-store", "--csv", kCatalogue}).status, 0);
    for (const bool withStock : {false, true}) {
        std::vector<std::string> args{"export-catalog", path("a.csv")};
        if (withStock)
            args.push_back("--stock");
        const Outcome first = onDb(args);
        ASSERT_EQ(first.status, 0) << first.err;
        EXPECT_EQ(first.out, path("a.csv") + ": 1213 products exported\n");

        const std::string other = path(withStock ? "b2.db" : "b1.db");
        ASSERT_EQ(admin({"--config", config_, "--db", other, "init"}).status, 0);
        const Outcome imported = admin({"--db", other, "import-catalog", path("a.csv")});
        ASSERT_EQ(imported.status, 0) << imported.err;
        EXPECT_EQ(imported.out,
                  path("a.csv") + ": 1213 imported, 0 updated, 0 unchanged, 0 rejected\n");
        EXPECT_EQ(imported.err, "");
        const Outcome again = withStock ? admin({"--db", other, "export-catalog", "--stock"})
                                        : admin({"--db", other, "export-catalog"});
        ASSERT_EQ(again.status, 0) << again.err;
        EXPECT_EQ(again.out, readAll(path("a.csv"))) << "with stock: " << withStock;
    }
}

TEST_F(AdminCli, CsvQuotingByteOrderMarkAndLineBreaksAreHandled) {
    init();
    writeAll(path("hand.csv"),
             "\xEF\xBB\xBF"
             "code,product_name,name_id,price,unit,plu,age_category,min_age\r\n"
             "5449000000996,\"Cola, \"\"classic\"\"\",\"Kola\nklasik\",7500,each,,,\r\n"
             "1234,too short,,1000,each,,,\r\n"
             "8001120021625,Arance,Jeruk,32500,kg,1001,,\r\n"
             "8006890151190,Birra,Bir,27500,each,,alcohol,21\r\n");
    const Outcome run = onDb({"import-catalog", path("hand.csv")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, path("hand.csv") + ": 3 imported, 0 updated, 0 unchanged, 1 rejected\n");
    // The first record spans lines 2-3, so the short code is on physical line 4.
    EXPECT_EQ(run.err, path("hand.csv") +
                           ":4: rejected 1234: barcode '1234' has 4 digits; a "
                           "GTIN has 8, 12, 13 or 14\n");
    const Outcome exported = onDb({"export-catalog"});
    EXPECT_THAT(exported.out,
                HasSubstr("5449000000996,\"Cola, \"\"classic\"\"\",\"Kola\nklasik\",7500"));
    EXPECT_THAT(exported.out, HasSubstr("8001120021625,Arance,Jeruk,32500,PPN,kg,,,1001,"));
    EXPECT_THAT(exported.out, HasSubstr("8006890151190,Birra,Bir,27500,PPN,each,alcohol,21,,"));
}

TEST_F(AdminCli, MalformedCsvIsRefusedAndNothingIsImported) {
    init();
    writeAll(path("open.csv"), "code,product_name\n5449000000996,Cola\n8076809570787,\"Zuppa\n");
    const Outcome open = onDb({"import-catalog", path("open.csv")});
    EXPECT_EQ(open.status, 1);
    EXPECT_THAT(open.err, HasSubstr(path("open.csv") + ":3: unterminated quoted field"));
    EXPECT_EQ(open.out, "");

    writeAll(path("headless.csv"), "5449000000996,Cola\n8076809570787,Zuppa\n");
    const Outcome headless = onDb({"import-catalog", path("headless.csv")});
    EXPECT_EQ(headless.status, 1);
    EXPECT_THAT(headless.err,
                HasSubstr(path("headless.csv") + ":1: the header has no 'code' column"));

    writeAll(path("nameless.csv"), "code,name\n5449000000996,Cola\n");
    const Outcome nameless = onDb({"import-catalog", path("nameless.csv")});
    EXPECT_EQ(nameless.status, 1);
    EXPECT_THAT(nameless.err, HasSubstr("the header has no 'product_name' column"));

    writeAll(path("empty.csv"), "");
    const Outcome empty = onDb({"import-catalog", path("empty.csv")});
    EXPECT_EQ(empty.status, 1);
    EXPECT_THAT(empty.err, HasSubstr(path("empty.csv") + ": the file is empty"));

    const Outcome missing = onDb({"import-catalog", path("absent.csv")});
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.err, HasSubstr(path("absent.csv") + ": cannot open"));

    EXPECT_EQ(onDb({"products"}).out, "no products\n");
}

TEST_F(AdminCli, StockCommands) {
    init();
    importCatalogue();
    const std::string code = "8076809570787";
    const std::string name = "Preparato per zuppa di cereali e legumi";
    Outcome run = onDb({"stock", "show", code});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, code + " " + name + ": 0 on hand, low at 0 (LOW)\n");

    run = onDb({"stock", "set", code, "12"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, code + " " + name + ": 12 on hand, low at 0 (was 0)\n");

    run = onDb({"stock", "receive", code, "30"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "received 30: " + code + " " + name + ": 42 on hand, low at 0\n");

    run = onDb({"stock", "threshold", code, "50"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, code + " " + name + ": 42 on hand, low at 50 (LOW)\n");

    // Products without a price are not for sale, so only priced ones count as low stock.
    run = onDb({"stock", "low"});
    EXPECT_EQ(run.out, "no product is at or below its low-stock threshold\n");
    writeAll(path("price.csv"), "code,product_name,price\n" + code + "," + name + ",15500\n");
    ASSERT_EQ(onDb({"import-catalog", path("price.csv")}).status, 0);
    run = onDb({"stock", "low"});
    EXPECT_EQ(run.status, 0) << run.err;
    const auto lines = linesOf(run.out);
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_THAT(lines[0], StartsWith("CODE"));
    EXPECT_THAT(lines[1], StartsWith(code + "  " + name));
    EXPECT_THAT(lines[1], testing::MatchesRegex(".* 42 +50"));

    // An EAN-8 found by its short form, and by its GTIN-14 form.
    EXPECT_EQ(onDb({"stock", "set", "80529200", "3"}).status, 0);
    EXPECT_THAT(onDb({"stock", "show", "00000080529200"}).out, HasSubstr(": 3 on hand"));
}

TEST_F(AdminCli, WeighedStockIsInGramsOrKilograms) {
    init();
    writeAll(path("kg.csv"),
             "code,product_name,price,unit,plu\n8001120021625,Arance,32500,kg,1001\n");
    ASSERT_EQ(onDb({"import-catalog", path("kg.csv")}).status, 0);
    // Found by its PLU as well as by its barcode.
    EXPECT_EQ(onDb({"stock", "set", "1001", "2.5kg"}).out,
              "8001120021625 Arance: 2.5 kg on hand, low at 0 kg (was 0 kg)\n");
    EXPECT_THAT(onDb({"stock", "receive", "8001120021625", "750g"}).out,
                HasSubstr("received 0.75 kg: 8001120021625 Arance: 3.25 kg on hand"));
    EXPECT_THAT(onDb({"stock", "threshold", "8001120021625", "4000"}).out,
                HasSubstr("3.25 kg on hand, low at 4 kg (LOW)"));
    const Outcome low = onDb({"stock", "low"});
    EXPECT_THAT(low.out, HasSubstr("3.25 kg"));
}

TEST_F(AdminCli, StockCommandErrorsAreClear) {
    init();
    importCatalogue();
    Outcome run = onDb({"stock", "show", "5449000000996"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "kasir-admin: no product with the code or PLU 5449000000996\n");
    run = onDb({"stock", "show", "8076809570780"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("wrong check digit"));
    run = onDb({"stock", "set", "8076809570787", "1.5"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "kasir-admin: quantity '1.5': expected a whole number of units\n");
    run = onDb({"stock", "set", "8076809570787", "-3"});
    EXPECT_EQ(run.status, 1);
    run = onDb({"stock", "receive", "8076809570787", "0"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("nothing to receive"));
    run = onDb({"stock", "set", "8076809570787"});
    EXPECT_EQ(run.status, 2) << "a missing argument is a usage error";
}

TEST_F(AdminCli, ProductsListsAndSearches) {
    init();
    importCatalogue();
    Outcome run = onDb({"products", "--limit", "3"});
    EXPECT_EQ(run.status, 0) << run.err;
    auto lines = linesOf(run.out);
    ASSERT_EQ(lines.size(), 5u) << run.out;
    EXPECT_THAT(lines[0], StartsWith("CODE"));
    EXPECT_EQ(lines[4], "(3 of 1213 shown; --limit 0 shows all)");
    EXPECT_EQ(linesOf(onDb({"products", "--limit", "0"}).out).size(), 1u + 1213u);

    // Searches find only what is for sale: price the soups first.
    writeAll(
        path("price.csv"),
        "code,product_name,price\n8076809570787,Preparato per zuppa di cereali e legumi,15500\n");
    ASSERT_EQ(onDb({"import-catalog", path("price.csv")}).status, 0);
    run = onDb({"products", "zuppa di cereali"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("8076809570787"));
    EXPECT_THAT(run.out, HasSubstr("Rp 15.500"));
    EXPECT_EQ(onDb({"products", "no such thing at all"}).out,
              "no product matches 'no such thing at all'\n");
}

TEST_F(AdminCli, SalesListShowAndVerifyJournal) {
    init();
    writeAll(path("two.csv"),
             "code,product_name,price,stock\n8076809570787,Zuppa,15500,10\n8012666011223,Riso,"
             "23000,10\n");
    ASSERT_EQ(onDb({"import-catalog", path("two.csv")}).status, 0);

    EXPECT_EQ(onDb({"sales", "list"}).out, "no sales\n");
    Outcome run = onDb({"verify-journal"});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out, "journal OK: 0 sales\n");

    {
        // Sales are made by the kiosk; here they are written through the storage library.
        auto store = kiosk::storage::Store::open(db_, kiosk::storage::OpenMode::MustExist);
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto zuppa = (*store)->productByBarcode("08076809570787");
        ASSERT_TRUE(zuppa.ok() && zuppa->has_value());
        for (int i = 1; i <= 2; ++i) {
            kiosk::SaleRecord sale;
            sale.saleUuid = "sale-" + std::to_string(i);
            sale.storeId = "s1";
            sale.kioskId = "k1";
            sale.startedAt = 1'767'225'600'000 + i * 60'000;  // 2026-01-01 00:0i UTC
            sale.endedAt = sale.startedAt + 30'000;
            sale.currency = kiosk::currencyIdr();
            sale.language = "id";
            kiosk::SaleLine line;
            line.lineId = 1;
            line.productId = (**zuppa).id;
            line.code = "08076809570787";
            line.name = "Zuppa";
            line.quantity = i;
            line.unitPrice = 15'500;
            line.gross = line.net = 15'500 * i;
            line.taxClass = "PPN";
            line.tax = 1'536 * i;
            sale.lines = {line};
            sale.taxes = {{"PPN", "PPN 11%", 110'000, line.net - line.tax, line.tax, line.net}};
            kiosk::Tender cash;
            cash.method = "cash";
            cash.amount = line.net;
            sale.tenders = {cash};
            sale.subtotal = sale.total = line.net;
            sale.taxTotal = line.tax;
            auto done = (*store)->completeSale(sale);
            ASSERT_TRUE(done.ok()) << done.error().message;
        }
    }

    run = onDb({"sales", "list"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("2026-01-01 07:02:30 +07:00"));
    EXPECT_THAT(run.out, HasSubstr("Rp 31.000"));
    EXPECT_EQ(linesOf(run.out).size(), 3u);
    EXPECT_EQ(linesOf(onDb({"sales", "list", "--limit", "1"}).out).size(), 2u);

    run = onDb({"sales", "show", "2"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("Toko Uji"));
    EXPECT_THAT(run.out, HasSubstr("31.000"));
    // The receipt shows the store's local time (UTC+7), like the journal list.
    EXPECT_THAT(run.out, HasSubstr("2026-01-01 07:02:30"));
    run = onDb({"sales", "show", "3"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("no sale with receipt number 3 for store s1, kiosk k1"));
    EXPECT_EQ(onDb({"sales", "show", "1", "--kiosk", "k9"}).status, 1);

    run = onDb({"verify-journal"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "journal OK: 2 sales\n");
    // The sales took their stock: 10 - 1 - 2.
    EXPECT_THAT(onDb({"stock", "show", "8076809570787"}).out, HasSubstr(": 7 on hand"));
}

TEST_F(AdminCli, DemoStoreIsDeterministic) {
    const std::string first = path("first.db");
    const std::string second = path("second.db");
    const Outcome a =
        admin({"--config", config_, "--db", first, "demo-store", "--csv", kCatalogue});
    const Outcome b =
        admin({"--config", config_, "--db", second, "demo-store", "--csv", kCatalogue});
    ASSERT_EQ(a.status, 0) << a.err;
    ASSERT_EQ(b.status, 0) << b.err;
    EXPECT_EQ(a.out.substr(a.out.find(':')), b.out.substr(b.out.find(':')));
    const Outcome exportA = admin({"--db", first, "export-catalog", "--stock"});
    const Outcome exportB = admin({"--db", second, "export-catalog", "--stock"});
    ASSERT_EQ(exportA.status, 0);
    EXPECT_EQ(exportA.out, exportB.out);

    // Building over an existing store needs --force, and gives the same store again.
    const Outcome refused =
        admin({"--config", config_, "--db", first, "demo-store", "--csv", kCatalogue});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.err, HasSubstr("already exists; pass --force"));
    const Outcome rebuilt =
        admin({"--config", config_, "--db", first, "demo-store", "--csv", kCatalogue, "--force"});
    ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
    EXPECT_EQ(rebuilt.out, a.out);
    EXPECT_EQ(admin({"--db", first, "export-catalog", "--stock"}).out, exportA.out);
}

TEST_F(AdminCli, DemoStoreHasRestrictedAndWeighedItemsTaxClassesAndPromotions) {
    const Outcome run = admin({"--config", config_, "demo-store", "--csv", kCatalogue});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, StartsWith("demo store " + db_ + ": 1213 products ("));
    EXPECT_THAT(run.out, HasSubstr("2 promotions"));

    auto store = kiosk::storage::Store::open(db_, kiosk::storage::OpenMode::MustExist);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto products = (*store)->allProducts();
    ASSERT_TRUE(products.ok());
    int restricted = 0;
    int weighed = 0;
    int zeroRated = 0;
    std::set<std::string> plus;
    for (const auto& p : *products) {
        EXPECT_TRUE(p.active);
        EXPECT_EQ(p.price % 500, 0) << p.gtin;
        EXPECT_GE(p.price, 5'000) << p.gtin;
        EXPECT_EQ(p.names.count("en"), 1u);
        if (p.age) {
            ++restricted;
            EXPECT_EQ(p.age->minAge, 21);
        }
        if (p.unit == kiosk::SaleUnit::Weight) {
            ++weighed;
            EXPECT_FALSE(p.plu.empty()) << p.gtin;
            plus.insert(p.plu);
        }
        zeroRated += p.taxClass == "PPN0";
    }
    EXPECT_GE(restricted, 5);
    EXPECT_GE(weighed, 5);
    EXPECT_EQ(plus.size(), static_cast<size_t>(weighed)) << "PLUs are unique";
    EXPECT_GT(zeroRated, 0);
    EXPECT_THAT(run.out, HasSubstr(std::to_string(restricted) + " age-restricted, " +
                                   std::to_string(weighed) + " weighed"));

    auto promotions = (*store)->promotions();
    ASSERT_TRUE(promotions.ok());
    ASSERT_EQ(promotions->size(), 2u);
    const auto& threeForTwo = (*promotions)[0];
    EXPECT_EQ(threeForTwo.kind, kiosk::PromotionKind::BuyNPayM);
    EXPECT_EQ(threeForTwo.n, 3);
    EXPECT_EQ(threeForTwo.m, 2);
    EXPECT_FALSE(threeForTwo.productIds.empty());
    const auto& percent = (*promotions)[1];
    EXPECT_EQ(percent.kind, kiosk::PromotionKind::PercentOff);
    EXPECT_EQ(percent.percent, 2'000);
    EXPECT_FALSE(percent.productIds.empty());

    auto classes = (*store)->taxClasses();
    ASSERT_TRUE(classes.ok());
    EXPECT_EQ(classes->size(), 2u);
    auto currency = (*store)->setting("currency");
    ASSERT_TRUE(currency.ok() && currency->has_value());
    EXPECT_EQ(**currency, "IDR");
}

TEST_F(AdminCli, DemoRunsAScriptedCheckoutAndJournalsIt) {
    // The demo builds its store from products.csv next to the configuration when it is missing.
    fs::copy_file(kCatalogue, dir_ / "products.csv");
    Outcome run = admin({"--config", config_, "demo"});
    ASSERT_EQ(run.status, 0) << run.err << run.out;
    EXPECT_EQ(run.err, "");
    EXPECT_THAT(run.out, HasSubstr("== building the demo store (once)"));
    EXPECT_THAT(run.out, HasSubstr("attendant called: AgeCheckPending"));
    EXPECT_THAT(run.out, HasSubstr("the scale reads 1250 g"));
    EXPECT_THAT(run.out, HasSubstr("sale journaled as receipt 1\n"));
    EXPECT_THAT(run.out, HasSubstr("Yogurt: beli 3 bayar 2"));
    EXPECT_THAT(run.out, HasSubstr("Pasta: hemat 20%"));
    EXPECT_THAT(run.out, HasSubstr("journal OK: 1 sales\n"));
    EXPECT_THAT(run.out, HasSubstr("kasir-admin sales show 1 "));

    // A second run uses the store it built and journals the next receipt.
    run = admin({"--config", config_, "demo"});
    ASSERT_EQ(run.status, 0) << run.err << run.out;
    EXPECT_THAT(run.out, Not(HasSubstr("building the demo store")));
    EXPECT_THAT(run.out, HasSubstr("sale journaled as receipt 2\n"));
    EXPECT_THAT(run.out, HasSubstr("journal OK: 2 sales\n"));

    const Outcome sales = onDb({"sales", "list"});
    EXPECT_EQ(linesOf(sales.out).size(), 3u) << sales.out;
    EXPECT_EQ(onDb({"sales", "show", "2"}).status, 0);
    EXPECT_EQ(onDb({"verify-journal"}).out, "journal OK: 2 sales\n");
    // The open cart was cleared with the sale.
    auto store = kiosk::storage::Store::open(db_, kiosk::storage::OpenMode::MustExist);
    ASSERT_TRUE(store.ok());
    auto cart = (*store)->loadOpenCart("k1");
    ASSERT_TRUE(cart.ok());
    EXPECT_FALSE(cart->has_value());
}

TEST_F(AdminCli, DemoNeedsTheDemoStoresPromotionsAndItems) {
    init();
    importCatalogue();
    const Outcome run = onDb({"--config", config_, "demo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("the demo needs a 3-for-2 and a percentage-off promotion"));
}

TEST_F(AdminCli, ConfigErrorsNameFileKeyAndLine) {
    std::string broken = testConfig();
    broken.replace(broken.find("rate = \"0\""), 10, "rate = \"eleven\"");
    writeAll(config_, broken);
    const Outcome run = admin({"--config", config_, "init"});
    EXPECT_EQ(run.status, 1);
    // The second class's rate is line 25 of the test configuration.
    EXPECT_THAT(run.err,
                HasSubstr(config_ + ":25: tax.class[1].rate: \"eleven\" is not a percentage"));
    EXPECT_FALSE(fs::exists(db_)) << "a bad configuration creates nothing";

    writeAll(config_, testConfig() + "\n[checkout]\ninactivity_warnin_seconds = 30\n");
    const Outcome typo = admin({"--config", config_, "init"});
    EXPECT_EQ(typo.status, 1);
    EXPECT_THAT(typo.err,
                HasSubstr(config_ + ":28: checkout.inactivity_warnin_seconds: unknown key "
                                    "(did you mean checkout.inactivity_warning_seconds?)"));
}

TEST_F(AdminCli, InitCreatesTheStoreAndRefusesToChangeItsCurrency) {
    Outcome run = admin({"--config", config_, "init"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "created " + db_ +
                           ": store s1 \"Toko Uji\", kiosk k1, IDR, tax classes PPN (PPN 11%), "
                           "PPN0 (Bebas PPN)\n");
    EXPECT_TRUE(fs::exists(db_));
    run = admin({"init", "--config", config_});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, StartsWith("updated " + db_));

    writeAll(config_, testConfig("USD"));
    run = admin({"--config", config_, "init"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("keeps its prices in IDR but " + config_ + " says USD"));

    // A database in a directory that does not exist yet.
    run = admin({"--config", config_, "--db", path("state/new/s.db"), "init"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_TRUE(fs::exists(path("state/new/s.db")));
}

TEST_F(AdminCli, MissingDatabaseAndUsageErrors) {
    Outcome run = onDb({"verify-journal"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "kasir-admin: " + db_ +
                           ": no such store database (create it with `kasir-admin init` or "
                           "`kasir-admin demo-store`)\n");
    EXPECT_FALSE(fs::exists(db_)) << "reading commands never create a database";
    EXPECT_EQ(run.out, "");

    run = admin({"frobnicate"});
    EXPECT_EQ(run.status, 2);
    run = admin({});
    EXPECT_EQ(run.status, 2);
    EXPECT_THAT(run.err, HasSubstr("subcommand is required"));
    run = admin({"--db", db_, "sales", "show", "zero"});
    EXPECT_EQ(run.status, 2);

    // Without --db the configuration's database is used: here it does not exist yet.
    run = admin({"--config", config_, "products"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr(db_ + ": no such store database"));
    // And a broken default configuration is reported as such.
    run = admin({"--config", path("absent.toml"), "products"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr(path("absent.toml") + ": cannot read the configuration file"));
}

// A database path that cannot even be looked at (a directory on the way may not be searched)
// is reported with the path and why, exit status 1, by every command that checks for the file.
TEST_F(AdminCli, DatabaseInAnUnsearchableDirectoryIsAnErrorNotACrash) {
    // Only the locked directory is in the way: the configuration stays readable for nobody.
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(config_, fs::perms::owner_read | fs::perms::owner_write |
                                 fs::perms::group_read | fs::perms::others_read);
    const fs::path locked = dir_ / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::none);
    const std::string db = (locked / "sub" / "x.db").string();
    const std::vector<std::vector<std::string>> commands = {
        {"sales", "list"},
        {"verify-journal"},
        {"products"},
        {"init"},
        {"demo-store", "--csv", kCatalogue},
        {"demo"},
    };
    for (const auto& command : commands) {
        std::vector<std::string> args{"--config", config_, "--db", db};
        args.insert(args.end(), command.begin(), command.end());
        const Outcome run = admin(args, true);
        EXPECT_EQ(run.status, 1) << command[0] << ": " << run.err;
        EXPECT_THAT(run.err, StartsWith("kasir-admin: " + db + ": ")) << command[0];
        EXPECT_THAT(run.err, HasSubstr("Permission denied")) << command[0];
        EXPECT_THAT(run.err, Not(HasSubstr("terminate"))) << command[0];
    }
    fs::permissions(locked, fs::perms::owner_all);
}

TEST_F(AdminCli, ConfigurationComesFromTheEnvironmentWhenNotGiven) {
    setenv("KASIR_CONFIG", config_.c_str(), 1);
    const Outcome run = admin({"init"});
    unsetenv("KASIR_CONFIG");
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, StartsWith("created " + db_));
}

TEST_F(AdminCli, HelpDocumentsTheDatabaseChoiceAndTheCsvFormat) {
    Outcome run = admin({"--help"});
    EXPECT_EQ(run.status, 0);
    EXPECT_THAT(run.out, HasSubstr("--db PATH if given, else database.path of the configuration"));
    EXPECT_THAT(run.out, HasSubstr("$KASIR_CONFIG"));
    EXPECT_THAT(run.out, HasSubstr("assets/demo/kasir.toml"));
    for (const char* command : {"init", "import-catalog", "export-catalog", "products", "stock",
                                "sales", "verify-journal", "demo-store", "demo"})
        EXPECT_THAT(run.out, HasSubstr(command));
    run = admin({"import-catalog", "--help"});
    EXPECT_EQ(run.status, 0);
    for (const char* column : {"code", "product_name", "price", "tax_class", "unit", "age_category",
                               "min_age", "plu", "name_XX", "category", "stock", "low_stock"})
        EXPECT_THAT(run.out, HasSubstr(column));
}

}  // namespace
