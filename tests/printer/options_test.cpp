#include <gtest/gtest.h>

#include "devices/printer/printer.hpp"

namespace kiosk::devices::printer {
namespace {

using config::Section;
using config::SettingValue;

Section section(
    std::initializer_list<std::tuple<std::string, std::string, SettingValue::Type>> values) {
    Section s("kasir.toml", "devices.printer", 40);
    uint32_t line = 41;
    for (const auto& [k, v, t] : values)
        s.set(k, SettingValue{v, t, line++});
    return s;
}

constexpr auto Str = SettingValue::Type::String;
constexpr auto Int = SettingValue::Type::Integer;

TEST(PrinterOptions, DefaultsWithoutASection) {
    auto o = printerOptions(nullptr);
    ASSERT_TRUE(o.ok()) << o.error().message;
    EXPECT_EQ(o->url, "sim");
    EXPECT_EQ(o->columns, 48);
    EXPECT_EQ(o->codePage, CodePage::Pc858);
    EXPECT_EQ(o->drawerPin, 2);
}

TEST(PrinterOptions, ReadsEveryKey) {
    const Section s = section({{"url", "tcp://10.0.0.5:9100", Str},
                               {"columns", "32", Int},
                               {"code_page", "WPC1252", Str},
                               {"drawer_pin", "5", Int},
                               {"drawer_on_ms", "120", Int},
                               {"drawer_off_ms", "240", Int},
                               {"receipts_dir", "/var/lib/kasir/receipts", Str},
                               {"receipt_base_url", "https://r.example.com/k1", Str},
                               {"status_timeout_ms", "800", Int}});
    auto o = printerOptions(&s);
    ASSERT_TRUE(o.ok()) << o.error().message;
    EXPECT_EQ(o->url, "tcp://10.0.0.5:9100");
    EXPECT_EQ(o->columns, 32);
    EXPECT_EQ(o->codePage, CodePage::Wpc1252);
    EXPECT_EQ(o->drawerPin, 5);
    EXPECT_EQ(o->drawerOnMs, 120);
    EXPECT_EQ(o->drawerOffMs, 240);
    EXPECT_EQ(o->receiptsDir, "/var/lib/kasir/receipts");
    EXPECT_EQ(o->receiptBaseUrl, "https://r.example.com/k1");
    EXPECT_EQ(o->statusTimeoutMs, 800);
}

TEST(PrinterOptions, OverrideUrlWins) {
    const Section s = section({{"url", "tcp://10.0.0.5:9100", Str}});
    auto o = printerOptions(&s, "usb:///dev/usb/lp0");
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->url, "usb:///dev/usb/lp0");
}

TEST(PrinterOptions, EveryBadValueIsReportedWithFileLineAndKey) {
    const Section s = section({{"columns", "40", Int},
                               {"code_page", "UTF8", Str},
                               {"drawer_pin", "3", Int},
                               {"receipt_base_url", "ftp://x", Str},
                               {"url", "http://printer", Str}});
    auto o = printerOptions(&s);
    ASSERT_FALSE(o.ok());
    const std::string& m = o.error().message;
    EXPECT_NE(m.find("kasir.toml:41: devices.printer.columns"), std::string::npos) << m;
    EXPECT_NE(m.find("devices.printer.code_page"), std::string::npos) << m;
    EXPECT_NE(m.find("devices.printer.drawer_pin: must be 2 or 5"), std::string::npos) << m;
    EXPECT_NE(m.find("devices.printer.receipt_base_url"), std::string::npos) << m;
    EXPECT_NE(m.find("devices.printer.url"), std::string::npos) << m;
}

TEST(PrinterOptions, UnknownKeysAreErrors) {
    const Section s = section({{"colums", "32", Int}});
    auto o = printerOptions(&s);
    ASSERT_FALSE(o.ok());
    EXPECT_NE(o.error().message.find("devices.printer.colums: unknown key"), std::string::npos)
        << o.error().message;
}

TEST(PrinterOptions, BadOverrideUrlIsAnError) {
    auto o = printerOptions(nullptr, "tcp://host");
    ASSERT_FALSE(o.ok());
    EXPECT_NE(o.error().message.find("port"), std::string::npos) << o.error().message;
    EXPECT_FALSE(makePrinter(nullptr, "serial:///dev/ttyS0?pairty=even").ok());
}

}  // namespace
}  // namespace kiosk::devices::printer
