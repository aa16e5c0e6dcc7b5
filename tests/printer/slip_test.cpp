// Slips (the suspended transaction's code): the real driver (makePrinter) against the
// simulator over a real TCP socket; what the simulator decodes from the bytes is the paper.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devices/common/tcp_stream.hpp"
#include "devices/printer/printer.hpp"
#include "devices/printer/printer_sim.hpp"

namespace kiosk::devices::printer {
namespace {

namespace fs = std::filesystem;

class SlipVsSim : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/kasir-slip-test-XXXXXX";
        dir_ = mkdtemp(tmpl);
    }
    void TearDown() override {
        if (sim)
            sim->stop();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void start(int columns = 48) {
        SimOptions so;
        so.columns = columns;
        so.outDir = dir_ + "/paper";
        sim = std::make_unique<PrinterSimulator>(so);
        ASSERT_TRUE(sim->listen("127.0.0.1", 0).ok());
    }
    std::unique_ptr<ReceiptPrinter> printer(const std::string& url, int columns = 48) {
        PrinterOptions o;
        o.url = url;
        o.columns = columns;
        o.codePage = CodePage::Pc858;
        o.receiptsDir = dir_ + "/receipts";
        o.connectTimeoutMs = 3000;
        o.statusTimeoutMs = 3000;
        auto p = makePrinter(o);
        EXPECT_TRUE(p.ok()) << (p ? "" : p.error().message);
        return p ? std::move(*p) : nullptr;
    }
    std::string simUrl() const { return "tcp://127.0.0.1:" + std::to_string(sim->port()); }

    std::string dir_;
    std::unique_ptr<PrinterSimulator> sim;
};

Slip suspendSlip() {
    Slip s;
    s.title = "Toko Kasir Demo — Kemang";
    s.lines = {"Saved shopping", "Code"};
    s.big = "4711 0815";
    s.after = {"Total Rp 52.500", "3 items",
               "Scan this slip at any kiosk to continue, or show the code to staff"};
    s.qr = "KASIR-SUSPENDED:47110815";
    return s;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines)
        all += l + "\n";
    return all;
}

TEST_F(SlipVsSim, TheSlipComesOutWithTheStoreOnTopTheCodeBigAndItsQrCode) {
    for (int columns : {48, 32}) {
        start(columns);
        auto p = printer(simUrl(), columns);
        ASSERT_NE(p, nullptr);
        const Slip slip = suspendSlip();
        const PrintOutcome o = p->printSlip(slip);
        ASSERT_EQ(o.result, PrintResult::Printed) << o.message;
        EXPECT_FALSE(o.keptForReprint);
        EXPECT_FALSE(p->hasReprint());  // a slip never takes the receipt's reprint slot
        ASSERT_TRUE(sim->waitForPages(1, 5000));
        const PaperPage page = sim->pages().at(0);
        EXPECT_TRUE(page.cut);
        std::vector<std::string> lines = page.textLines();
        while (!lines.empty() && lines.back().empty())
            lines.pop_back();
        ASSERT_FALSE(lines.empty());
        // The store's name on top, as the page can show it (the dash transliterated).
        EXPECT_EQ(lines.front().substr(0, 16), "Toko Kasir Demo ");
        EXPECT_NE(lines.front().find("Kemang"), std::string::npos);
        const std::string all = joined(lines);
        EXPECT_NE(all.find("Saved shopping\nCode\n"), std::string::npos) << all;
        EXPECT_NE(all.find("Total Rp 52.500"), std::string::npos);
        // Every line fits the paper: the long one was wrapped at a word, not cut mid-word.
        EXPECT_NE(all.find("Scan this slip"), std::string::npos);
        for (const auto& l : lines)
            EXPECT_LE(l.size(), static_cast<size_t>(columns)) << l;
        EXPECT_EQ(lines, slipLines(slip, JobOptions{columns, CodePage::Pc858, true}));
        // The code is the one big line: double width and height, bold, centred.
        int big = 0;
        for (const auto& item : page.items)
            if (const auto* t = std::get_if<PaperText>(&item); t && t->width == 2) {
                ++big;
                EXPECT_EQ(t->text, "4711 0815");
                EXPECT_EQ(t->height, 2);
                EXPECT_TRUE(t->bold);
                EXPECT_EQ(t->align, Align::Center);
            }
        EXPECT_EQ(big, 1);
        EXPECT_EQ(page.qrPayloads(), std::vector<std::string>{"KASIR-SUSPENDED:47110815"});
        // The simulator's paper file (what a person reads in the demo) has the code too.
        ASSERT_TRUE(sim->waitForFiles(2, 10000));
        const auto files = sim->writtenFiles();
        const auto txt = std::find_if(files.begin(), files.end(), [](const std::string& f) {
            return f.size() > 4 && f.substr(f.size() - 4) == ".txt";
        });
        ASSERT_NE(txt, files.end());
        std::ifstream in(*txt);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_NE(text.str().find("4711 0815"), std::string::npos) << text.str();
        sim->stop();
        sim.reset();
        fs::remove_all(dir_ + "/paper");
    }
}

TEST_F(SlipVsSim, WithoutAQrPayloadNoQrCodeIsPrinted) {
    start();
    auto p = printer(simUrl());
    Slip slip = suspendSlip();
    slip.qr.clear();
    ASSERT_TRUE(p->printSlip(slip).printed());
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_TRUE(sim->pages().at(0).qrPayloads().empty());
}

TEST_F(SlipVsSim, PaperOutRefusesAndSendsNothing) {
    start();
    sim->setPaperLines(0);
    auto p = printer(simUrl());
    const PrintOutcome o = p->printSlip(suspendSlip());
    EXPECT_EQ(o.result, PrintResult::RefusedPaperOut);
    EXPECT_FALSE(o.printed());
    EXPECT_FALSE(o.keptForReprint);
    EXPECT_FALSE(p->hasReprint());
    EXPECT_NE(o.message.find("paper out"), std::string::npos) << o.message;
    EXPECT_EQ(o.message.find("reprint"), std::string::npos) << o.message;  // nothing is kept
    EXPECT_EQ(sim->state().printedItems, 0);
    EXPECT_EQ(p->health().state, DeviceState::Fault);
    // After a new roll the next slip comes out.
    sim->refillPaper();
    EXPECT_EQ(p->printSlip(suspendSlip()).result, PrintResult::Printed);
    ASSERT_TRUE(sim->waitForPages(1, 5000));
    EXPECT_EQ(sim->pages().at(0).qrPayloads(),
              std::vector<std::string>{"KASIR-SUSPENDED:47110815"});
}

TEST_F(SlipVsSim, CoverOpenRefuses) {
    start();
    sim->setCoverOpen(true);
    auto p = printer(simUrl());
    EXPECT_EQ(p->printSlip(suspendSlip()).result, PrintResult::RefusedCoverOpen);
    EXPECT_EQ(sim->state().printedItems, 0);
}

TEST_F(SlipVsSim, NoPrinterListeningFails) {
    auto l = TcpListener::listen("127.0.0.1", 0);
    ASSERT_TRUE(l.ok());
    const int port = (*l)->port();
    (*l)->close();
    auto p = printer("tcp://127.0.0.1:" + std::to_string(port));
    const PrintOutcome o = p->printSlip(suspendSlip());
    EXPECT_EQ(o.result, PrintResult::Failed);
    EXPECT_NE(o.message.find("not reachable"), std::string::npos) << o.message;
    EXPECT_EQ(p->health().state, DeviceState::Disconnected);
}

TEST_F(SlipVsSim, TheLinkLostMidJobFails) {
    start();
    // The connection closes a few bytes into the job (after the three status answers).
    sim->dropNextConnectionAfter(40);
    auto p = printer(simUrl());
    const PrintOutcome o = p->printSlip(suspendSlip());
    EXPECT_EQ(o.result, PrintResult::Failed) << o.message;
    EXPECT_FALSE(o.printed());
    EXPECT_FALSE(o.keptForReprint);
    EXPECT_EQ(p->health().state, DeviceState::Disconnected);
    EXPECT_TRUE(sim->pages().empty());  // no cut slip came out
}

TEST_F(SlipVsSim, ToAFileTheJobIsSentUncheckedAndDecodesToTheSameSlip) {
    const std::string job = dir_ + "/job.bin";
    auto p = printer("file://" + job);
    const PrintOutcome o = p->printSlip(suspendSlip());
    ASSERT_EQ(o.result, PrintResult::PrintedUnchecked) << o.message;
    SimOptions so;
    PrinterSimulator reader(so);
    ASSERT_TRUE(reader.feedFile(job).ok());
    ASSERT_EQ(reader.pages().size(), 1u);
    EXPECT_EQ(reader.pages()[0].qrPayloads(), std::vector<std::string>{"KASIR-SUSPENDED:47110815"});
    EXPECT_NE(joined(reader.pages()[0].textLines()).find("4711 0815"), std::string::npos);
}

TEST(SlipLayout, LongWordsAreCutAndTextIsTransliteratedToThePage) {
    Slip s;
    s.title = "Łódź";
    s.lines = {std::string(70, 'x'), "a\nb"};
    s.big = "1234567890123456789012345";  // 25 characters: more than 24 at double width
    const auto lines = slipLines(s, JobOptions{48, CodePage::Pc858, true});
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0], "Lódz");
    EXPECT_EQ(lines[1], std::string(48, 'x'));
    EXPECT_EQ(lines[2], std::string(22, 'x'));
    EXPECT_EQ(lines[3], "a b");  // a line break in the text is not a command
    EXPECT_EQ(lines[4], "123456789012345678901234");
    EXPECT_EQ(lines[5], "5");
}

}  // namespace
}  // namespace kiosk::devices::printer
