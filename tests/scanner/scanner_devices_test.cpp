#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "devices/common/serial_port.hpp"
#include "devices/scanner/evdev_scanner.hpp"
#include "devices/scanner/scanner_factory.hpp"
#include "devices/scanner/scanner_monitor.hpp"
#include "devices/scanner/scanner_sim.hpp"
#include "devices/scanner/serial_scanner.hpp"

namespace kiosk::devices {
namespace {

bool eventually(const std::function<bool()>& condition, int seconds = 10) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return condition();
}

std::unique_ptr<SerialScanner> openSerial(const std::string& path) {
    auto port = SerialPort::open(path, {});
    EXPECT_TRUE(port) << (port ? "" : port.error().message);
    return port ? std::make_unique<SerialScanner>(std::move(*port)) : nullptr;
}

HandScan nextScan(HandScanner& s) {
    auto r = s.next(2000);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    EXPECT_TRUE(r && *r);
    return r && *r ? **r : HandScan{};
}

TEST(SerialScanner, LinesWithAndWithoutAim) {
    for (auto term : {ScannerSimulator::Terminator::Cr, ScannerSimulator::Terminator::Lf,
                      ScannerSimulator::Terminator::CrLf}) {
        auto sim = ScannerSimulator::start(term);
        ASSERT_TRUE(sim);
        auto scanner = openSerial((*sim)->path());
        ASSERT_TRUE(scanner);
        ASSERT_TRUE((*sim)->scan("]E04006381333931"));
        ASSERT_TRUE((*sim)->scan("4006381333931"));
        ASSERT_TRUE(
            (*sim)->scan("]C1"
                         "0104006381333931\x1d"
                         "10ABC"));
        EXPECT_EQ(nextScan(*scanner), (HandScan{"4006381333931", "]E0"}));
        EXPECT_EQ(nextScan(*scanner), (HandScan{"4006381333931", ""}));
        EXPECT_EQ(nextScan(*scanner), (HandScan{"0104006381333931\x1d"
                                                "10ABC",
                                                "]C1"}));
        auto none = scanner->next(30);
        ASSERT_TRUE(none);
        EXPECT_FALSE(*none);  // CR LF gave no empty extra scan
    }
}

TEST(SerialScanner, UnplugIsAnError) {
    auto sim = ScannerSimulator::start();
    ASSERT_TRUE(sim);
    auto scanner = openSerial((*sim)->path());
    ASSERT_TRUE(scanner);
    (*sim)->unplug();
    auto r = scanner->next(1000);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_FALSE((*sim)->scan("123"));
}

TEST(SerialScanner, OverlongLineIsDroppedNotSplit) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto scanner = openSerial(pty->slavePath());
    ASSERT_TRUE(scanner);
    std::thread writer([&] {
        std::string junk(kMaxScanLength + 100, '9');
        junk += "\r12345\r";
        size_t sent = 0;
        while (sent < junk.size()) {
            ssize_t n = ::write(pty->master(), junk.data() + sent, junk.size() - sent);
            if (n > 0)
                sent += static_cast<size_t>(n);
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    EXPECT_EQ(nextScan(*scanner).text, "12345");
    writer.join();
    EXPECT_EQ(scanner->dropped(), 1);
}

TEST(EvdevScanner, ReplaysARecordingOnceInOrder) {
    auto s = EvdevScanner::open(std::string(KASIR_TEST_DATA) + "/scanner/us_gs1_128_aim.bin",
                                KeyLayout::Us);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_FALSE((*s)->grabbed());
    EXPECT_EQ(nextScan(**s).aimId, "]C1");
    EXPECT_EQ(nextScan(**s).text, "96385074");
    auto end = (*s)->next(60);
    ASSERT_TRUE(end);  // the end of a recording is not an unplug
    EXPECT_FALSE(*end);
}

TEST(EvdevScanner, SimulatorRecordingRoundTrip) {
    char path[] = "/tmp/kasir-evdev-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    auto a = keystrokesFor("]E04006381333931", KeyLayout::Fr, 0, 5000);
    auto b = keystrokesFor(
        "]d2\x1d"
        "0104006381333931"
        "17251231",
        KeyLayout::Fr, 3'000'000, 5000);
    ASSERT_TRUE(a && b);
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(a->data()), a->size() * sizeof(input_event));
        out.write(reinterpret_cast<const char*>(b->data()), b->size() * sizeof(input_event));
    }
    auto s = EvdevScanner::open(path, KeyLayout::Fr);
    ASSERT_TRUE(s);
    EXPECT_EQ(nextScan(**s), (HandScan{"4006381333931", "]E0"}));
    EXPECT_EQ(nextScan(**s), (HandScan{"\x1d"
                                       "0104006381333931"
                                       "17251231",
                                       "]d2"}));
    ::unlink(path);
}

TEST(EvdevScanner, ClearErrors) {
    auto missing = EvdevScanner::open("/dev/input/by-id/kasir-none-event-kbd", KeyLayout::Us);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("not found"), std::string::npos);
    auto notInput = EvdevScanner::open("/dev/null", KeyLayout::Us);
    ASSERT_FALSE(notInput);  // a character device that is not an input device cannot be grabbed
    EXPECT_NE(notInput.error().message.find("/dev/null"), std::string::npos);
}

TEST(ScannerMonitor, DeliversScansAndSurvivesReplug) {
    char dir[] = "/tmp/kasir-scan-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    const std::string link = std::string(dir) + "/ttyACM0";
    auto sim = ScannerSimulator::start(ScannerSimulator::Terminator::Cr, link);
    ASSERT_TRUE(sim);
    std::mutex m;
    std::vector<HandScan> scans;
    std::vector<DeviceHealth> healths;
    ScannerMonitorOptions o;
    o.backoffMin = 20;
    o.backoffMax = 100;
    o.readSlice = 50;
    ScannerMonitor monitor(
        "serial://" + link,
        [&]() -> Result<std::unique_ptr<HandScanner>> {
            auto port = SerialPort::open(link, {});
            if (!port)
                return port.error();
            return std::unique_ptr<HandScanner>(std::make_unique<SerialScanner>(std::move(*port)));
        },
        o,
        {[&](const HandScan& s) {
             std::lock_guard lock(m);
             scans.push_back(s);
         },
         [&](const DeviceHealth& h) {
             std::lock_guard lock(m);
             healths.push_back(h);
         }});
    monitor.start();
    ASSERT_TRUE(eventually([&] { return monitor.health().state == DeviceState::Ready; }));
    ASSERT_TRUE((*sim)->scan("]E04006381333931"));
    ASSERT_TRUE(eventually([&] { return monitor.scans() == 1; }));
    (*sim)->unplug();
    ASSERT_TRUE(eventually([&] { return monitor.health().state == DeviceState::Disconnected; }));
    EXPECT_FALSE(monitor.health().lastError.empty());
    ASSERT_TRUE((*sim)->plug());
    ASSERT_TRUE(eventually([&] { return monitor.health().state == DeviceState::Ready; }));
    ASSERT_TRUE((*sim)->scan("96385074"));
    ASSERT_TRUE(eventually([&] { return monitor.scans() == 2; }));
    monitor.stop();
    EXPECT_EQ(monitor.health().reconnects, 1);
    std::lock_guard lock(m);
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_EQ(scans[0], (HandScan{"4006381333931", "]E0"}));
    EXPECT_EQ(scans[1], (HandScan{"96385074", ""}));
    sim->reset();
    ::rmdir(dir);
}

config::Section scannerSection(std::initializer_list<std::pair<const char*, const char*>> kv) {
    config::Section s("kasir.toml", "devices.hand_scanner", 20);
    uint32_t line = 21;
    for (const auto& [k, v] : kv)
        s.set(k, config::SettingValue{v, config::SettingValue::Type::String, line++});
    return s;
}

TEST(HandScannerConfig, KeysAndProblems) {
    auto c = handScannerConfigFromSection(
        scannerSection(
            {{"url", "evdev:///dev/input/by-id/usb-Scanner-event-kbd"}, {"layout", "de"}}),
        std::nullopt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->url.scheme, "evdev");
    EXPECT_EQ(c->layout, KeyLayout::De);
    EXPECT_TRUE(c->enabled);

    struct Case {
        config::Section s;
        const char* expect;
    };
    std::vector<Case> cases;
    cases.push_back({scannerSection({{"layot", "us"}}),
                     "kasir.toml:21: devices.hand_scanner.layot: unknown key"});
    cases.push_back(
        {scannerSection({{"layout", "dvorak"}}), "devices.hand_scanner.layout: must be one of"});
    cases.push_back({scannerSection({{"url", "tcp://1.2.3.4:1"}}), "devices.hand_scanner.url"});
    cases.push_back(
        {scannerSection({{"url", "serial:///dev/ttyACM0?baud=7"}}), "devices.hand_scanner.url"});
    for (const auto& k : cases) {
        auto r = handScannerConfigFromSection(k.s, std::nullopt);
        ASSERT_FALSE(r) << k.expect;
        EXPECT_NE(r.error().message.find(k.expect), std::string::npos) << r.error().message;
    }
    auto o = handScannerConfigFromSection(config::Section(), std::string("serial:///dev/ttyACM0"));
    ASSERT_TRUE(o);
    EXPECT_TRUE(o->enabled);
    auto bad = handScannerConfigFromSection(config::Section(), std::string("evdev:"));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("--hand-scanner"), std::string::npos);
}

TEST(HandScannerDevice, SimAndEvdevConnectors) {
    auto c = handScannerConfigFromSection(scannerSection({{"url", "sim"}}), std::nullopt);
    ASSERT_TRUE(c);
    auto device = makeHandScannerDevice(*c);
    ASSERT_TRUE(device) << device.error().message;
    ASSERT_TRUE(device->simulator);
    auto scanner = device->connect();
    ASSERT_TRUE(scanner) << scanner.error().message;
    ASSERT_TRUE(
        device->simulator->scan("]e0"
                                "0104006381333931"));
    EXPECT_EQ(nextScan(**scanner), (HandScan{"0104006381333931", "]e0"}));

    auto e =
        handScannerConfigFromSection(config::Section(), "evdev://" + std::string(KASIR_TEST_DATA) +
                                                            "/scanner/de_aim_qwertz.bin");
    ASSERT_TRUE(e) << e.error().message;
    auto replay = makeHandScannerDevice(*e);
    ASSERT_TRUE(replay);
    auto wedge = replay->connect();
    ASSERT_TRUE(wedge) << wedge.error().message;
    // The layout defaults to us: the German recording decodes wrongly, as it would in a store.
    (void)nextScan(**wedge);
    EXPECT_NE(nextScan(**wedge).text, "Zy-7/x");
}

}  // namespace
}  // namespace kiosk::devices
