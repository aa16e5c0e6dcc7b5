// Tests for the TOML configuration: the demo file, defaults, exact tax rates, and messages that
// name the file, the dotted key and the line for every kind of mistake.
#include "kiosk/config/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace kiosk::config {
namespace {

using ::testing::HasSubstr;

// The smallest valid file; tests append or replace lines to break one thing at a time.
constexpr const char* kMinimal = R"([store]
id = "s1"
name = "Test Store"
currency = "IDR"

[kiosk]
id = "k1"

[database]
path = "kasir.db"

[tax]
mode = "inclusive"

[[tax.class]]
code = "PPN"
name = "PPN 11%"
rate = "11"
)";

std::string problemsOf(std::string_view text) {
    auto config = parseConfig(text, "kasir.toml", "/etc/kasir");
    EXPECT_FALSE(config.ok()) << "expected the configuration to be refused";
    return config.ok() ? std::string() : config.error().message;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kasir-config-XXXXXX");
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    std::string write(const std::string& name, std::string_view text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return (path_ / name).string();
    }

  private:
    std::filesystem::path path_;
};

TEST(Config, DemoStoreConfigLoads) {
    auto config = loadConfig(std::string(KASIR_SOURCE_DIR) + "/assets/demo/kasir.toml");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->store.id, "demo");
    EXPECT_EQ(config->store.currency, currencyIdr());
    EXPECT_EQ(config->store.languages, (std::vector<std::string>{"id", "en"}));
    EXPECT_EQ(config->store.defaultLanguage, "id");
    EXPECT_EQ(config->store.utcOffsetMinutes, 420);
    EXPECT_EQ(config->tax.mode, TaxMode::Inclusive);
    ASSERT_EQ(config->tax.classes.size(), 2u);
    EXPECT_EQ(config->tax.classes[0], (TaxClass{"PPN", "PPN 11%", 110'000}));
    EXPECT_EQ(config->tax.classes[1].rate, 0);
    EXPECT_EQ(config->tax.cashRounding.increment, 100);
    EXPECT_EQ(config->defaultTaxClass, "PPN");
    const std::filesystem::path db(config->databasePath);
    EXPECT_TRUE(db.is_absolute());
    EXPECT_EQ(db, std::filesystem::path(KASIR_SOURCE_DIR) / "assets/demo/state/kasir-demo.db");
}

TEST(Config, OptionalKeysTakeTheirDocumentedDefaults) {
    auto config = parseConfig(kMinimal, "kasir.toml", "/etc/kasir");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->store.languages, std::vector<std::string>{"en"});
    EXPECT_EQ(config->store.defaultLanguage, "en");
    EXPECT_EQ(config->store.utcOffsetMinutes, 0);
    EXPECT_EQ(config->tax.rounding, TaxRounding::PerLine);
    EXPECT_EQ(config->tax.cashRounding.increment, 0);
    EXPECT_EQ(config->defaultTaxClass, "PPN");
    // The checkout machine's own defaults.
    EXPECT_EQ(config->checkout.inactivityWarnAfter, 60'000);
    EXPECT_EQ(config->checkout.inactivityCountdown, 20'000);
    EXPECT_EQ(config->checkout.finishedDisplay, 5'000);
    EXPECT_EQ(config->checkout.receiptChoiceTimeout, 30'000);
    EXPECT_FALSE(config->checkout.removalNeedsAttendant);
    EXPECT_EQ(config->databasePath, "/etc/kasir/kasir.db");
}

TEST(Config, ExplicitValuesOverrideDefaults) {
    std::string text = replaced(kMinimal, "currency = \"IDR\"",
                                "currency = \"USD\"\nlanguages = [\"en\", \"id\"]\n"
                                "default_language = \"id\"\nutc_offset_minutes = -300");
    text = replaced(text, "mode = \"inclusive\"",
                    "mode = \"exclusive\"\nrounding = \"receipt\"\ncash_rounding = \"0.05\"");
    text = replaced(text, "path = \"kasir.db\"", "path = \"/var/lib/kasir/store.db\"");
    text += "\n[[tax.class]]\ncode = \"NYC\"\nname = \"NYC sales tax\"\nrate = \"8.875\"\n";
    text +=
        "\n[checkout]\ninactivity_warning_seconds = 45\ninactivity_countdown_seconds = 15\n"
        "finished_seconds = 7\nreceipt_choice_seconds = 12\nremoval_needs_attendant = true\n";
    auto config = parseConfig(text, "kasir.toml", "/etc/kasir");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->store.currency, currencyUsd());
    EXPECT_EQ(config->store.defaultLanguage, "id");
    EXPECT_EQ(config->store.utcOffsetMinutes, -300);
    EXPECT_EQ(config->tax.mode, TaxMode::Exclusive);
    EXPECT_EQ(config->tax.rounding, TaxRounding::PerReceipt);
    EXPECT_EQ(config->tax.cashRounding.increment, 5);
    ASSERT_EQ(config->tax.classes.size(), 2u);
    EXPECT_EQ(config->tax.classes[1].rate, 88'750);
    EXPECT_EQ(config->databasePath, "/var/lib/kasir/store.db");
    EXPECT_EQ(config->checkout.inactivityWarnAfter, 45'000);
    EXPECT_EQ(config->checkout.inactivityCountdown, 15'000);
    EXPECT_EQ(config->checkout.finishedDisplay, 7'000);
    EXPECT_EQ(config->checkout.receiptChoiceTimeout, 12'000);
    EXPECT_TRUE(config->checkout.removalNeedsAttendant);
    EXPECT_TRUE(checkCheckoutConfig(config->checkout).ok());
    const CheckoutSetup setup = checkoutSetupOf(*config);
    EXPECT_EQ(setup.config.finishedDisplay, 7'000);
    EXPECT_EQ(setup.storeId, "s1");
    EXPECT_EQ(setup.kioskId, "k1");
    EXPECT_EQ(setup.defaultLanguage, "id");
    EXPECT_EQ(setup.rules.tax, config->tax);
    const PricingRules rules = pricingRulesOf(*config);
    EXPECT_EQ(rules.currency, currencyUsd());
    EXPECT_EQ(rules.tax, config->tax);
}

TEST(Config, InactivityHandlingCanBeSwitchedOff) {
    auto config = parseConfig(
        std::string(kMinimal) + "[checkout]\ninactivity_warning_seconds = 0\n", "kasir.toml", "");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->checkout.inactivityWarnAfter, 0);
    EXPECT_EQ(
        problemsOf(std::string(kMinimal) + "[checkout]\ninactivity_countdown_seconds = 0\n"),
        "kasir.toml:20: checkout.inactivity_countdown_seconds: 0 is out of range (1 to 3600)");
}

TEST(Config, PercentagesAreParsedExactlyIntoPartsPerMillion) {
    EXPECT_EQ(*parsePercentPpm("11"), 110'000);
    EXPECT_EQ(*parsePercentPpm("8.875"), 88'750);
    EXPECT_EQ(*parsePercentPpm("0"), 0);
    EXPECT_EQ(*parsePercentPpm("100"), kRateOne);
    EXPECT_EQ(*parsePercentPpm("0.0001"), 1);
    EXPECT_EQ(*parsePercentPpm("11%"), 110'000);
    EXPECT_EQ(*parsePercentPpm("8.87500"), 88'750);
    EXPECT_EQ(*parsePercentPpm(".5"), 5'000);
    for (const char* bad : {"eleven", "-1", "+1", "1e2", "100.5", "8.87501", "", ".", "%", "1.2.3",
                            " 11", "11 ", "1,5", "99999999999999999999"}) {
        EXPECT_FALSE(parsePercentPpm(bad).ok()) << bad;
    }
}

TEST(Config, BadRateNamesFileKeyAndLine) {
    std::string text =
        std::string(kMinimal) + "\n[[tax.class]]\ncode = \"X\"\nname = \"X\"\nrate = \"eleven\"\n";
    // kMinimal has 18 lines; the second class's rate is on line 23.
    EXPECT_THAT(problemsOf(text),
                HasSubstr("kasir.toml:23: tax.class[1].rate: \"eleven\" is not a percentage"));
}

TEST(Config, FloatingPointRateIsRefusedWithAHint) {
    const std::string problems = problemsOf(replaced(kMinimal, "rate = \"11\"", "rate = 8.875"));
    EXPECT_THAT(problems, HasSubstr("kasir.toml:18: tax.class[0].rate: write it as a string"));
}

TEST(Config, UnknownKeysAreErrorsWithASuggestion) {
    const std::string problems = problemsOf(
        replaced(kMinimal, "name = \"Test Store\"", "name = \"Test Store\"\nnmae = \"Typo\""));
    EXPECT_EQ(problems, "kasir.toml:4: store.nmae: unknown key (did you mean store.name?)");
}

TEST(Config, UnknownSectionsAreErrors) {
    EXPECT_EQ(problemsOf(std::string(kMinimal) + "[chekout]\nfinished_seconds = 5\n"),
              "kasir.toml:19: chekout: unknown section (did you mean checkout?)");
    EXPECT_EQ(problemsOf(std::string(kMinimal) + "[loyalty]\nenabled = true\n"),
              "kasir.toml:19: loyalty: unknown section");
}

TEST(Config, DevicesHoldOnlyKnownDeviceTables) {
    auto empty = parseConfig(std::string(kMinimal) + "[devices]\n[ui]\n", "kasir.toml", "");
    EXPECT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_THAT(problemsOf(std::string(kMinimal) + "[devices]\nscanner = \"/dev/ttyACM0\"\n"),
                HasSubstr("kasir.toml:20: devices.scanner: unknown device"));
    EXPECT_THAT(problemsOf(std::string(kMinimal) + "[devices]\nprinter = \"/dev/lp0\"\n"),
                HasSubstr("kasir.toml:20: devices.printer: expected a table, found a string"));
}

TEST(Config, MissingRequiredKeysAndSectionsAreNamed) {
    EXPECT_EQ(problemsOf(replaced(kMinimal, "currency = \"IDR\"\n", "")),
              "kasir.toml:1: store.currency: missing (required)");
    const std::string noTax = std::string(kMinimal).substr(0, std::string(kMinimal).find("[tax]"));
    EXPECT_EQ(problemsOf(noTax), "kasir.toml: tax: missing required section [tax]");
    EXPECT_THAT(problemsOf(replaced(kMinimal, "mode = \"inclusive\"\n", "")),
                HasSubstr("kasir.toml:12: tax.mode: missing (required)"));
    EXPECT_THAT(problemsOf(replaced(kMinimal, "rate = \"11\"\n", "")),
                HasSubstr("kasir.toml:15: tax.class[0].rate: missing (required)"));
}

TEST(Config, EveryProblemIsReportedNotJustTheFirst) {
    std::string text = replaced(kMinimal, "currency = \"IDR\"", "currency = \"XYZ\"");
    text = replaced(text, "mode = \"inclusive\"", "mode = \"inclusiv\"");
    const std::string problems = problemsOf(text);
    EXPECT_THAT(problems, HasSubstr("kasir.toml:4: store.currency: unknown currency code 'XYZ'"));
    EXPECT_THAT(problems, HasSubstr("\nkasir.toml:13: tax.mode: \"inclusiv\" is not"));
}

TEST(Config, WrongTypesAndRangesAreNamed) {
    EXPECT_EQ(problemsOf(replaced(kMinimal, "currency = \"IDR\"",
                                  "currency = \"IDR\"\nutc_offset_minutes = \"420\"")),
              "kasir.toml:5: store.utc_offset_minutes: expected an integer, found a string");
    EXPECT_EQ(problemsOf(replaced(kMinimal, "currency = \"IDR\"",
                                  "currency = \"IDR\"\nutc_offset_minutes = 900")),
              "kasir.toml:5: store.utc_offset_minutes: 900 is out of range (-720 to 840)");
    EXPECT_EQ(problemsOf(std::string(kMinimal) + "[checkout]\nremoval_needs_attendant = \"yes\"\n"),
              "kasir.toml:20: checkout.removal_needs_attendant: expected true or false, found a "
              "string");
    EXPECT_EQ(problemsOf(std::string(kMinimal) + "[checkout]\nfinished_seconds = 0\n"),
              "kasir.toml:20: checkout.finished_seconds: 0 is out of range (1 to 3600)");
    EXPECT_EQ(problemsOf(replaced(kMinimal, "id = \"k1\"", "id = \"\"")),
              "kasir.toml:7: kiosk.id: must not be empty");
    EXPECT_EQ(problemsOf(replaced(kMinimal, "id = \"s1\"", "id = \"s 1\"")),
              "kasir.toml:2: store.id: \"s 1\" must be 1 to 32 letters, digits, '.', '_' or '-'");
}

TEST(Config, LanguagesAreCheckedOneByOne) {
    EXPECT_EQ(problemsOf(replaced(kMinimal, "currency = \"IDR\"",
                                  "currency = \"IDR\"\nlanguages = [\"id\", \"English\"]")),
              "kasir.toml:5: store.languages[1]: expected a two-letter lowercase ISO 639-1 code "
              "such as \"id\"");
    EXPECT_EQ(problemsOf(replaced(kMinimal, "currency = \"IDR\"",
                                  "currency = \"IDR\"\ndefault_language = \"de\"")),
              "kasir.toml:5: store.default_language: \"de\" is not one of store.languages");
}

TEST(Config, TaxClassesMustBeAnArrayOfTablesWithUniqueCodes) {
    EXPECT_THAT(problemsOf(replaced(kMinimal, "[[tax.class]]", "[tax.class]")),
                HasSubstr("tax.class: expected one or more [[tax.class]] tables"));
    const std::string twice =
        std::string(kMinimal) + "\n[[tax.class]]\ncode = \"PPN\"\nname = \"again\"\nrate = \"0\"\n";
    EXPECT_EQ(problemsOf(twice), "kasir.toml:21: tax.class[1].code: \"PPN\" is already defined");
    EXPECT_EQ(problemsOf(replaced(kMinimal, "mode = \"inclusive\"",
                                  "mode = \"inclusive\"\ndefault_class = \"VAT\"")),
              "kasir.toml:14: tax.default_class: \"VAT\" is not the code of a [[tax.class]]");
}

TEST(Config, CashRoundingIsAnExactAmountOfTheCurrency) {
    EXPECT_THAT(problemsOf(replaced(kMinimal, "mode = \"inclusive\"",
                                    "mode = \"inclusive\"\ncash_rounding = \"0.5\"")),
                HasSubstr("kasir.toml:14: tax.cash_rounding: invalid amount '0.5'"));
    EXPECT_THAT(problemsOf(replaced(kMinimal, "mode = \"inclusive\"",
                                    "mode = \"inclusive\"\ncash_rounding = 0.05")),
                HasSubstr("kasir.toml:14: tax.cash_rounding: write it as a string"));
}

TEST(Config, SyntaxErrorsNameFileAndLine) {
    EXPECT_THAT(problemsOf(replaced(kMinimal, "name = \"Test Store\"", "name = \"Test Store")),
                HasSubstr("kasir.toml:3: not valid TOML"));
}

TEST(Config, LoadingResolvesTheDatabaseAgainstTheFilesDirectory) {
    TempDir dir;
    const std::string path = dir.write("kasir.toml", kMinimal);
    auto config = loadConfig(path);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->databasePath, (dir.path() / "kasir.db").string());
    EXPECT_EQ(config->sourcePath, path);

    const std::string broken =
        dir.write("broken.toml", replaced(kMinimal, "rate = \"11\"", "rate = \"eleven\""));
    auto refused = loadConfig(broken);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message,
                HasSubstr(broken + ":18: tax.class[0].rate: \"eleven\" is not a percentage"));
}

TEST(Config, MissingFileIsAnIoErrorNamingTheFile) {
    TempDir dir;
    const std::string path = (dir.path() / "absent.toml").string();
    auto config = loadConfig(path);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().code, ErrorCode::Io);
    EXPECT_THAT(config.error().message, HasSubstr(path + ": cannot read"));
    auto directory = loadConfig(dir.path().string());
    ASSERT_FALSE(directory.ok());
    EXPECT_THAT(directory.error().message, HasSubstr("is a directory"));
}

}  // namespace
}  // namespace kiosk::config

namespace kiosk::config {
namespace {

TEST(ConfigSections, DeviceTablesKeepTheirScalarsWithLines) {
    std::string text = std::string(kMinimal) + R"(
[devices.printer]
url = "tcp://10.0.0.5:9100"
columns = 48
cut = true

[ui]
high_contrast = false
)";
    auto config = parseConfig(text, "kasir.toml", "/etc/kasir");
    ASSERT_TRUE(config) << config.error().message;
    ASSERT_EQ(config->devices.count("printer"), 1u);
    const Section& printer = config->devices.at("printer");
    EXPECT_EQ(*printer.string("url", "sim"), "tcp://10.0.0.5:9100");
    EXPECT_EQ(*printer.integer("columns", 32, 32, 48), 48);
    EXPECT_TRUE(*printer.boolean("cut", false));
    EXPECT_EQ(*printer.integer("absent", 7, 0, 10), 7);
    auto wrongType = printer.string("columns", "");
    ASSERT_FALSE(wrongType);
    EXPECT_THAT(wrongType.error().message,
                HasSubstr("kasir.toml:22: devices.printer.columns: must be a string"));
    auto outOfRange = printer.integer("columns", 32, 32, 42);
    ASSERT_FALSE(outOfRange);
    EXPECT_THAT(outOfRange.error().message, HasSubstr("between 32 and 42"));
    auto unknown = printer.checkKeys({"url", "columns"});
    ASSERT_FALSE(unknown);
    EXPECT_THAT(unknown.error().message,
                HasSubstr("kasir.toml:23: devices.printer.cut: unknown key"));
    EXPECT_FALSE(*config->ui.boolean("high_contrast", true));
    EXPECT_EQ(config->devices.count("scale"), 0u);
}

TEST(ConfigSections, UnknownDeviceAndNestedValuesAreRefused) {
    EXPECT_THAT(problemsOf(std::string(kMinimal) + "\n[devices.toaster]\nurl = \"sim\"\n"),
                HasSubstr("devices.toaster: unknown device"));
    EXPECT_THAT(problemsOf(std::string(kMinimal) + "\n[devices.scale]\nports = [1, 2]\n"),
                HasSubstr("devices.scale.ports: must be a string, integer, boolean or number"));
}

}  // namespace
}  // namespace kiosk::config
