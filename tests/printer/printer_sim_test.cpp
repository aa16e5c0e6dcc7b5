// The real driver (EscPosPrinter through makePrinter) against the simulator over a real TCP
// socket, a file and a pty: receipts, status, faults, drawer, reconnection.
#include <gtest/gtest.h>
#include <unistd.h>

#include <poll.h>
#include <filesystem>
#include <fstream>
#include <thread>

#include "devices/common/pty.hpp"
#include "devices/common/tcp_stream.hpp"
#include "devices/printer/escpos_printer.hpp"
#include "devices/printer/paper_render.hpp"
#include "devices/printer/printer.hpp"
#include "devices/printer/printer_sim.hpp"
#include "printer_fixtures.hpp"

namespace kiosk::devices::printer {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/kasir-printer-test-XXXXXX";
        path_ = mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string operator/(const std::string& name) const {
        return (fs::path(path_) / name).string();
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

PrinterOptions optionsFor(const std::string& url, const TempDir& dir, int columns = 48) {
    PrinterOptions o;
    o.url = url;
    o.columns = columns;
    o.codePage = CodePage::Pc858;
    o.receiptsDir = dir / "receipts";
    o.receiptBaseUrl = "https://receipts.example.com/r";
    o.connectTimeoutMs = 3000;
    o.statusTimeoutMs = 3000;
    o.writeTimeoutMs = 10000;
    return o;
}

std::unique_ptr<ReceiptPrinter> printerFor(const PrinterOptions& o) {
    auto p = makePrinter(o);
    EXPECT_TRUE(p.ok()) << (p ? "" : p.error().message);
    return std::move(*p);
}

Receipt receiptOf(const SaleRecord& sale) {
    Receipt r;
    r.sale = sale;
    r.storeName = "Toko Kasir Demo — Kemang";
    r.utcOffsetMinutes = 420;
    r.digitalUrl = "https://receipts.example.com/r/abcDEF0123456789_-xyz.html";
    return r;
}

std::string tcpUrl(int port) {
    return "tcp://127.0.0.1:" + std::to_string(port);
}

// A port with nothing listening on it (bound once, then released).
int freePort() {
    auto l = TcpListener::listen("127.0.0.1", 0);
    const int port = (*l)->port();
    (*l)->close();
    return port;
}

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

class PrinterVsSim : public ::testing::Test {
  protected:
    void start(SimOptions so = {}) {
        so.outDir = dir / "paper";
        sim = std::make_unique<PrinterSimulator>(so);
        ASSERT_TRUE(sim->listen("127.0.0.1", 0).ok());
    }
    TempDir dir;
    std::unique_ptr<PrinterSimulator> sim;
};

TEST_F(PrinterVsSim, ThirtyLineReceiptComesOutAsTheSale) {
    for (int columns : {48, 32}) {
        SimOptions so;
        so.columns = columns;
        start(so);
        auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir, columns));
        const SaleRecord sale = testing::thirtyLineSale();
        const Receipt receipt = receiptOf(sale);
        const PrintOutcome o = printer->print(receipt);
        ASSERT_EQ(o.result, PrintResult::Printed) << o.message;
        EXPECT_FALSE(o.keptForReprint);
        ASSERT_TRUE(sim->waitForPages(1, 5000));
        const PaperPage page = sim->pages().at(0);
        EXPECT_TRUE(page.cut);

        // Every line is the shared layout's line, as the page shows it; trailing fed lines empty.
        std::vector<std::string> lines = page.textLines();
        while (!lines.empty() && lines.back().empty())
            lines.pop_back();
        const auto layout = printedLayout(receipt, JobOptions{columns, CodePage::Pc858, true});
        ASSERT_EQ(lines.size(), layout.size());
        for (size_t i = 0; i < layout.size(); ++i) {
            EXPECT_EQ(lines[i], layout[i].text) << "line " << i;
            EXPECT_LE(codePoints(lines[i]), static_cast<size_t>(columns)) << lines[i];
        }
        // And against the sale itself, independently of the layout code.
        std::string all;
        for (const auto& l : lines)
            all += l + "\n";
        for (const SaleLine& l : sale.lines) {
            const std::string shown = printable(l.name, CodePage::Pc858);
            const std::string head = shown.substr(0, std::min<size_t>(shown.size(), 12));
            EXPECT_NE(all.find(head), std::string::npos) << l.name;
        }
        EXPECT_NE(all.find("Crème brûlée"), std::string::npos);   // fine in PC858
        EXPECT_NE(all.find("Lódz pierogi"), std::string::npos);   // Ł and ź transliterated
        EXPECT_NE(all.find("?? Sushi roll"), std::string::npos);  // CJK: explicit placeholder
        EXPECT_NE(all.find("Receipt 4711"), std::string::npos);
        EXPECT_NE(all.find("Kiosk kiosk-1"), std::string::npos);
        EXPECT_NE(all.find("2024-06-10"), std::string::npos);  // local time of endedAt (UTC+7)
        EXPECT_NE(all.find(formatMinor(sale.total, sale.currency, "en")), std::string::npos);
        EXPECT_NE(all.find(formatMinor(sale.taxes[0].tax, sale.currency, "en")), std::string::npos);
        EXPECT_NE(all.find("Promo Indomie"), std::string::npos);
        EXPECT_NE(all.find("**** **** **** 4242"), std::string::npos);
        EXPECT_NE(all.find("  SALE      APPROVED"), std::string::npos);  // terminal line verbatim
        EXPECT_NE(all.find("Check " + sale.hash.substr(0, 16)), std::string::npos);
        EXPECT_EQ(page.qrPayloads(), std::vector<std::string>{receipt.digitalUrl});
        bool barcode = false;
        for (const auto& item : page.items)
            if (const auto* b = std::get_if<PaperBarcode>(&item))
                barcode = b->data == receiptBarcodeText(sale, columns);
        EXPECT_TRUE(barcode);
        // The discount sits under its item.
        const auto item = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
            return l.find("Indomie Goreng") != std::string::npos;
        });
        ASSERT_NE(item, lines.end());
        EXPECT_NE((item + 1)->find("Promo Indomie"), std::string::npos);

        const DeviceHealth h = printer->health();
        EXPECT_EQ(h.state, DeviceState::Ready);
        EXPECT_EQ(h.paper, PaperLevel::Ok);
        // The simulator wrote the receipt as text and PNG.
        ASSERT_TRUE(sim->waitForFiles(2, 10000));
        const auto files = sim->writtenFiles();
        ASSERT_EQ(files.size(), 2u);
        EXPECT_TRUE(fs::file_size(files[1]) > 1000);
        sim->stop();
        fs::remove_all(dir / "paper");
    }
}

TEST_F(PrinterVsSim, PaperOutRefusesKeepsTheReceiptAndReprintsAfterRefill) {
    start();
    sim->setPaperLines(0);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const Receipt receipt = receiptOf(testing::thirtyLineSale());
    const PrintOutcome o = printer->print(receipt);
    EXPECT_EQ(o.result, PrintResult::RefusedPaperOut);
    EXPECT_FALSE(o.printed());
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_TRUE(printer->hasReprint());
    ASSERT_TRUE(o.status.has_value());
    EXPECT_EQ(o.status->paper, PaperLevel::Out);
    EXPECT_EQ(sim->state().printedItems, 0);  // nothing was sent
    DeviceHealth h = printer->health();
    EXPECT_EQ(h.state, DeviceState::Fault);
    EXPECT_EQ(h.paper, PaperLevel::Out);
    EXPECT_NE(h.lastError.find("paper out"), std::string::npos);

    sim->refillPaper();
    const PrintOutcome again = printer->reprint();
    EXPECT_EQ(again.result, PrintResult::Printed) << again.message;
    EXPECT_FALSE(printer->hasReprint());
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_EQ(sim->pages()[0].qrPayloads(), std::vector<std::string>{receipt.digitalUrl});
    EXPECT_EQ(printer->health().state, DeviceState::Ready);
}

TEST_F(PrinterVsSim, AKeptReceiptSurvivesLaterPrints) {
    start();
    sim->setCoverOpen(true);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    SaleRecord first = testing::thirtyLineSale();
    ASSERT_EQ(printer->print(receiptOf(first)).result, PrintResult::RefusedCoverOpen);
    sim->setCoverOpen(false);
    SaleRecord second = first;
    second.saleUuid = "another-sale";
    second.receiptNo = 4712;
    ASSERT_EQ(printer->print(receiptOf(second)).result, PrintResult::Printed);
    EXPECT_TRUE(printer->hasReprint());
    ASSERT_EQ(printer->reprint().result, PrintResult::Printed);
    EXPECT_FALSE(printer->hasReprint());
    ASSERT_TRUE(sim->waitForPages(2, 5000));
    const auto lines = sim->pages()[1].textLines();
    EXPECT_NE(std::find(lines.begin(), lines.end(), "Receipt 4711"), lines.end());
    EXPECT_EQ(printer->reprint().result, PrintResult::Failed);  // nothing left to reprint
}

TEST_F(PrinterVsSim, StatusCanBeSwitchedOffForPrintersThatNeverAnswer) {
    start();
    PrinterOptions o = optionsFor(tcpUrl(sim->port()), dir);
    o.askStatus = false;
    auto printer = printerFor(o);
    EXPECT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result,
              PrintResult::PrintedUnchecked);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_EQ(sim->state().statusQueries, 0);
}

TEST_F(PrinterVsSim, PaperRunningOutDuringTheJobKeepsTheReceipt) {
    start();
    sim->setPaperLines(10);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const PrintOutcome o = printer->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::Failed);
    EXPECT_NE(o.message.find("paper ran out"), std::string::npos) << o.message;
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_TRUE(printer->hasReprint());
    EXPECT_TRUE(sim->state().paperOut);
}

TEST_F(PrinterVsSim, NearEndPrintsAndWarns) {
    SimOptions so;
    so.nearEnd = true;
    start(so);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const PrintOutcome o = printer->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::PrintedPaperLow) << o.message;
    EXPECT_TRUE(o.printed());
    EXPECT_FALSE(o.keptForReprint);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    const DeviceHealth h = printer->health();
    EXPECT_EQ(h.state, DeviceState::Warning);
    EXPECT_EQ(h.paper, PaperLevel::NearEnd);
    EXPECT_NE(h.lastError.find("near end"), std::string::npos);
}

TEST_F(PrinterVsSim, CoverOpenRefuses) {
    SimOptions so;
    so.coverOpen = true;
    start(so);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const PrintOutcome o = printer->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::RefusedCoverOpen);
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_EQ(printer->health().state, DeviceState::Fault);
    EXPECT_EQ(printer->health().coverOpen, std::optional<bool>(true));
    sim->setCoverOpen(false);
    EXPECT_EQ(printer->reprint().result, PrintResult::Printed);
    EXPECT_EQ(printer->health().coverOpen, std::optional<bool>(false));
}

TEST_F(PrinterVsSim, ConnectionDroppedMidJobKeepsTheReceiptAndReconnects) {
    start();
    sim->dropNextConnectionAfter(300);
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const Receipt receipt = receiptOf(testing::thirtyLineSale());
    const PrintOutcome o = printer->print(receipt);
    EXPECT_EQ(o.result, PrintResult::Failed) << o.message;
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_EQ(printer->health().state, DeviceState::Disconnected);
    EXPECT_TRUE(sim->pages().empty());

    const PrintOutcome again = printer->reprint();
    EXPECT_EQ(again.result, PrintResult::Printed) << again.message;
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    // The simulator starts each connection with a fresh decoder (a command cut in half must
    // not swallow the next job's bytes), so the page is the reprint alone, whole.
    const auto lines = sim->pages()[0].textLines();
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines[0].find("Toko Kasir Demo"), std::string::npos) << lines[0];
    EXPECT_NE(std::find(lines.begin(), lines.end(), "Receipt 4711"), lines.end());
    EXPECT_EQ(sim->pages()[0].qrPayloads(), std::vector<std::string>{receipt.digitalUrl});
    const DeviceHealth h = printer->health();
    EXPECT_EQ(h.state, DeviceState::Ready);
    EXPECT_EQ(h.reconnects, 1);
    EXPECT_EQ(sim->state().connections, 2);
}

TEST_F(PrinterVsSim, UnpluggedPrinterIsDisconnectedThenReconnects) {
    const int port = freePort();
    auto printer = printerFor(optionsFor(tcpUrl(port), dir));
    const PrintOutcome o = printer->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::Failed);
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_NE(o.message.find("not reachable"), std::string::npos) << o.message;
    DeviceHealth h = printer->health();
    EXPECT_EQ(h.state, DeviceState::Disconnected);
    EXPECT_NE(h.lastError.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << h.lastError;
    EXPECT_FALSE(printer->status().ok());
    EXPECT_FALSE(printer->kickDrawer().ok());

    // Plugged in again: the next use connects.
    PrinterSimulator later(SimOptions{});
    ASSERT_TRUE(later.listen("127.0.0.1", port).ok());
    auto st = printer->status();
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(st->paper, PaperLevel::Ok);
    EXPECT_EQ(printer->reprint().result, PrintResult::Printed);
    h = printer->health();
    EXPECT_EQ(h.state, DeviceState::Ready);
    EXPECT_EQ(h.reconnects, 1);
    ASSERT_TRUE(later.waitForPages(1, 5000));
}

TEST_F(PrinterVsSim, PrinterRestartedBehindAnOpenConnection) {
    start();
    const int port = sim->port();
    auto printer = printerFor(optionsFor(tcpUrl(port), dir));
    ASSERT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result, PrintResult::Printed);
    sim->stop();
    sim.reset();
    PrinterSimulator restarted(SimOptions{});
    ASSERT_TRUE(restarted.listen("127.0.0.1", port).ok());
    // The old socket is dead; the driver notices on its status query and reconnects once.
    EXPECT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result, PrintResult::Printed);
    ASSERT_TRUE(restarted.waitForPages(1, 5000));
}

TEST_F(PrinterVsSim, DrawerKickUsesPinAndPulseAndTheSensorIsReported) {
    SimOptions so;
    so.drawerCloseMs = -1;  // stays open until "closed" by the test
    start(so);
    PrinterOptions o = optionsFor(tcpUrl(sim->port()), dir);
    o.drawerPin = 5;
    o.drawerOnMs = 120;
    o.drawerOffMs = 240;
    auto printer = printerFor(o);
    auto before = printer->status();
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->drawerOpen);
    ASSERT_TRUE(printer->kickDrawer().ok());
    auto after = printer->status();
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->drawerOpen);
    const SimState st = sim->state();
    EXPECT_EQ(st.drawerKicks, 1);
    EXPECT_EQ(st.lastKickPin, 5);
    EXPECT_EQ(st.lastKickOnMs, 120);
    EXPECT_EQ(printer->health().drawerOpen, std::optional<bool>(true));
    sim->setDrawerOpen(false);
    EXPECT_FALSE(printer->status()->drawerOpen);
    EXPECT_EQ(printer->health().drawerOpen, std::optional<bool>(false));
}

TEST_F(PrinterVsSim, FileTransportWritesTheJobWithoutAskingStatus) {
    const std::string job = dir / "job.bin";
    auto printer = printerFor(optionsFor("file://" + job, dir, 32));
    const Receipt receipt = receiptOf(testing::thirtyLineSale());
    const PrintOutcome o = printer->print(receipt);
    EXPECT_EQ(o.result, PrintResult::PrintedUnchecked) << o.message;
    EXPECT_TRUE(o.printed());
    EXPECT_FALSE(o.status.has_value());
    auto st = printer->status();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::Unsupported);

    // The file holds no status query: it decodes to exactly the receipt.
    SimOptions so;
    so.columns = 32;
    PrinterSimulator reader(so);
    ASSERT_TRUE(reader.feedFile(job).ok());
    EXPECT_EQ(reader.state().statusQueries, 0);
    ASSERT_EQ(reader.pages().size(), 1u);
    auto lines = reader.pages()[0].textLines();
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    const auto layout = printedLayout(receipt, JobOptions{32, CodePage::Pc858, true});
    ASSERT_EQ(lines.size(), layout.size());
    for (size_t i = 0; i < lines.size(); ++i)
        EXPECT_EQ(lines[i], layout[i].text);
}

TEST_F(PrinterVsSim, FileTransportToAnUnwritablePlaceFailsAndKeeps) {
    auto printer = printerFor(optionsFor("file:///nonexistent-dir/job.bin", dir));
    const PrintOutcome o = printer->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::Failed);
    EXPECT_TRUE(o.keptForReprint);
    EXPECT_NE(printer->health().lastError.find("/nonexistent-dir/job.bin"), std::string::npos);
}

TEST_F(PrinterVsSim, SerialTransportOverAPty) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty.ok()) << pty.error().message;
    PrinterSimulator serialSim(SimOptions{});
    std::atomic<bool> stop{false};
    // The simulator's side of the line: bytes in, status answers out.
    std::thread line([&] {
        uint8_t buf[4096];
        while (!stop) {
            pollfd pfd{pty->master(), POLLIN, 0};
            if (poll(&pfd, 1, 50) <= 0)
                continue;
            const ssize_t n = ::read(pty->master(), buf, sizeof buf);
            if (n <= 0)
                continue;
            const auto answers =
                serialSim.feed(std::span<const uint8_t>(buf, static_cast<size_t>(n)));
            if (!answers.empty())
                (void)!::write(pty->master(), answers.data(), answers.size());
        }
    });
    auto printer = printerFor(optionsFor("serial://" + pty->slavePath() + "?baud=19200", dir));
    const Receipt receipt = receiptOf(testing::thirtyLineSale());
    const PrintOutcome o = printer->print(receipt);
    EXPECT_EQ(o.result, PrintResult::Printed) << o.message;
    EXPECT_TRUE(serialSim.waitForPages(1, 5000));
    stop = true;
    line.join();
    ASSERT_EQ(serialSim.pages().size(), 1u);
    EXPECT_EQ(serialSim.pages()[0].qrPayloads(), std::vector<std::string>{receipt.digitalUrl});
}

TEST_F(PrinterVsSim, UsbNodeThatIsAPlainFileCannotAnswer) {
    const std::string node = dir / "lp0";
    { std::ofstream(node).put('\0'); }
    fs::resize_file(node, 0);
    auto printer = printerFor(optionsFor("usb://" + node, dir));
    EXPECT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result,
              PrintResult::PrintedUnchecked);
    PrinterSimulator reader(SimOptions{});
    ASSERT_TRUE(reader.feedFile(node).ok());
    EXPECT_EQ(reader.pages().size(), 1u);
    auto missing = printerFor(optionsFor("usb://" + (dir / "lp9"), dir));
    const PrintOutcome o = missing->print(receiptOf(testing::thirtyLineSale()));
    EXPECT_EQ(o.result, PrintResult::Failed);
    EXPECT_NE(o.message.find("unplugged"), std::string::npos) << o.message;
}

TEST_F(PrinterVsSim, LogoIsFittedToThePaperAndPrintedAboveTheHeader) {
    GrayImage logo;
    logo.width = 800;  // wider than 80 mm paper (576 dots): scaled down
    logo.height = 100;
    logo.pixels.assign(800 * 100, 255);
    for (int y = 20; y < 80; ++y)
        for (int x = 0; x < 400; ++x)
            logo.pixels[static_cast<size_t>(y) * 800 + x] = 0;
    ASSERT_TRUE(writePng(logo, dir / "logo.png").ok());
    start();
    PrinterOptions o = optionsFor(tcpUrl(sim->port()), dir);
    o.logo = dir / "logo.png";
    auto printer = printerFor(o);
    ASSERT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result, PrintResult::Printed);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    const std::vector<PaperPage> pages = sim->pages();
    const auto& first = pages[0].items.at(0);
    ASSERT_TRUE(std::holds_alternative<PaperImage>(first));
    const Bitmap& b = std::get<PaperImage>(first).bitmap;
    EXPECT_EQ(b.width, 576);
    EXPECT_EQ(b.height, 72);  // 100 * 576 / 800
    int black = 0;
    for (uint8_t p : b.pixels)
        black += p;
    // The black half of the logo: 288 x 43 dots or so.
    EXPECT_GT(black, 288 * 40);
    EXPECT_LT(black, 288 * 46);
    EXPECT_TRUE(std::holds_alternative<PaperText>(pages[0].items.at(1)));
}

TEST_F(PrinterVsSim, AMissingLogoStillPrintsTheReceipt) {
    start();
    PrinterOptions o = optionsFor(tcpUrl(sim->port()), dir);
    o.logo = dir / "no-such-logo.png";
    auto printer = printerFor(o);
    EXPECT_EQ(printer->print(receiptOf(testing::thirtyLineSale())).result, PrintResult::Printed);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_TRUE(std::holds_alternative<PaperText>(sim->pages()[0].items.at(0)));
}

TEST_F(PrinterVsSim, PrintSaleWritesTheDigitalReceiptAndPrintsItsQr) {
    start();
    auto printer = printerFor(optionsFor(tcpUrl(sim->port()), dir));
    const SaleReceipt r = printSale(*printer, testing::thirtyLineSale(), "Toko", 420);
    ASSERT_TRUE(r.digital.has_value()) << r.digitalError;
    EXPECT_EQ(r.outcome.result, PrintResult::Printed);
    EXPECT_TRUE(fs::exists(r.digital->htmlPath));
    EXPECT_TRUE(fs::exists(r.digital->pngPath));
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_EQ(sim->pages()[0].qrPayloads(), std::vector<std::string>{r.digital->url});
}

TEST_F(PrinterVsSim, PrintSaleStillPrintsWhenTheDigitalReceiptCannotBeWritten) {
    start();
    PrinterOptions o = optionsFor(tcpUrl(sim->port()), dir);
    o.receiptsDir = "/proc/no-receipts-here";
    auto printer = printerFor(o);
    const SaleReceipt r = printSale(*printer, testing::thirtyLineSale(), "Toko", 0);
    EXPECT_FALSE(r.digital.has_value());
    EXPECT_NE(r.digitalError.find("/proc/no-receipts-here"), std::string::npos);
    EXPECT_EQ(r.outcome.result, PrintResult::Printed);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_TRUE(sim->pages()[0].qrPayloads().empty());
}

TEST_F(PrinterVsSim, SimUrlStartsTheBuiltInSimulator) {
    PrinterOptions o = optionsFor("sim", dir);
    o.simOut = dir / "sim-paper";
    auto printer = printerFor(o);
    Receipt receipt = receiptOf(testing::thirtyLineSale());
    EXPECT_EQ(printer->print(receipt).result, PrintResult::Printed);
    for (int i = 0; i < 100 && !fs::exists(dir / "sim-paper/receipt-0001.png"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(fs::exists(dir / "sim-paper/receipt-0001.txt"));
    EXPECT_TRUE(fs::exists(dir / "sim-paper/receipt-0001.png"));
}

}  // namespace
}  // namespace kiosk::devices::printer
