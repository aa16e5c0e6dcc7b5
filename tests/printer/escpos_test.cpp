#include "devices/printer/escpos.hpp"

#include <gtest/gtest.h>

#include "devices/printer/escpos_decoder.hpp"

namespace kiosk::devices::printer {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes of(std::initializer_list<int> v) {
    Bytes b;
    for (int x : v)
        b.push_back(static_cast<uint8_t>(x));
    return b;
}

TEST(EscPosWriter, InitSelectsTheCodePage) {
    EXPECT_EQ(EscPosWriter(CodePage::Pc858).init().bytes(), of({0x1B, '@', 0x1B, 't', 19}));
    EXPECT_EQ(EscPosWriter(CodePage::Pc437).init().bytes(), of({0x1B, '@', 0x1B, 't', 0}));
    EXPECT_EQ(EscPosWriter().codePage(CodePage::Wpc1252).bytes(), of({0x1B, 't', 16}));
    EXPECT_EQ(EscPosWriter().codePage(CodePage::Pc850).bytes(), of({0x1B, 't', 2}));
}

TEST(EscPosWriter, AlignBoldSize) {
    EXPECT_EQ(EscPosWriter().align(Align::Center).bytes(), of({0x1B, 'a', 1}));
    EXPECT_EQ(EscPosWriter().align(Align::Right).bytes(), of({0x1B, 'a', 2}));
    EXPECT_EQ(EscPosWriter().bold(true).bold(false).bytes(), of({0x1B, 'E', 1, 0x1B, 'E', 0}));
    EXPECT_EQ(EscPosWriter().size(2, 2).bytes(), of({0x1D, '!', 0x11}));
    EXPECT_EQ(EscPosWriter().size(1, 2).bytes(), of({0x1D, '!', 0x01}));
    EXPECT_EQ(EscPosWriter().size(8, 1).bytes(), of({0x1D, '!', 0x70}));
    EXPECT_EQ(EscPosWriter().size(0, 99).bytes(), of({0x1D, '!', 0x07}));  // clamped
}

TEST(EscPosWriter, TextInThePageAndLines) {
    EXPECT_EQ(EscPosWriter(CodePage::Pc858).line("Brûlée €1").bytes(),
              of({'B', 'r', 0x96, 'l', 0x82, 'e', ' ', 0xD5, '1', 0x0A}));
    EXPECT_EQ(EscPosWriter(CodePage::Pc437).text("€").bytes(), of({'E', 'U', 'R'}));
    EXPECT_EQ(EscPosWriter().feed(3).bytes(), of({0x1B, 'd', 3}));
}

TEST(EscPosWriter, Cut) {
    EXPECT_EQ(EscPosWriter().cut(true, 0).bytes(), of({0x1D, 'V', 66, 0}));
    EXPECT_EQ(EscPosWriter().cut(false, 10).bytes(), of({0x1D, 'V', 65, 10}));
}

TEST(EscPosWriter, Code128Barcode) {
    EscPosWriter w;
    ASSERT_TRUE(w.barcode(BarcodeType::Code128, "K1-42", 60, 2, true));
    EXPECT_EQ(w.bytes(), of({0x1D, 'h', 60, 0x1D, 'w', 2,   0x1D, 'H', 2,   0x1D,
                             'k',  73,  7,  '{',  'B', 'K', '1',  '-', '4', '2'}));
}

TEST(EscPosWriter, Ean13AndInvalidBarcodeData) {
    EscPosWriter w;
    ASSERT_TRUE(w.barcode(BarcodeType::Ean13, "4006381333931", 80, 3, false));
    EXPECT_EQ(w.bytes(), of({0x1D, 'h', 80,  0x1D, 'w', 3,   0x1D, 'H', 0,   0x1D, 'k', 67,  13,
                             '4',  '0', '0', '6',  '3', '8', '1',  '3', '3', '3',  '9', '3', '1'}));
    EscPosWriter bad;
    EXPECT_FALSE(bad.barcode(BarcodeType::Ean13, "40063813339X"));
    EXPECT_FALSE(bad.barcode(BarcodeType::Code128, "caf\xC3\xA9"));
    EXPECT_TRUE(bad.bytes().empty());
}

TEST(EscPosWriter, QrStoresThenPrints) {
    EscPosWriter w;
    ASSERT_TRUE(w.qr("AB", 5, 'Q'));
    EXPECT_EQ(w.bytes(), of({0x1D, '(', 'k', 4, 0, 49, 65, 50, 0,         // model 2
                             0x1D, '(', 'k', 3, 0, 49, 67, 5,             // module size
                             0x1D, '(', 'k', 3, 0, 49, 69, 50,            // error correction Q
                             0x1D, '(', 'k', 5, 0, 49, 80, 48, 'A', 'B',  // store
                             0x1D, '(', 'k', 3, 0, 49, 81, 48}));         // print
    EXPECT_FALSE(EscPosWriter().qr(""));
    EXPECT_FALSE(EscPosWriter().qr(std::string(8000, 'x')));
}

TEST(EscPosWriter, RasterPacksMsbFirst) {
    Bitmap b;
    b.width = 10;
    b.height = 2;
    b.pixels = {1, 0, 0, 0, 0, 0, 0, 1, 1, 0,   // 0x81 0x80
                0, 1, 0, 0, 0, 0, 0, 0, 0, 1};  // 0x40 0x40
    EXPECT_EQ(EscPosWriter().raster(b).bytes(),
              of({0x1D, 'v', '0', 0, 2, 0, 2, 0, 0x81, 0x80, 0x40, 0x40}));
}

TEST(EscPosWriter, DrawerKickPinsAndPulse) {
    EXPECT_EQ(EscPosWriter().drawerKick(2, 100, 200).bytes(), of({0x1B, 'p', 0, 50, 100}));
    EXPECT_EQ(EscPosWriter().drawerKick(5, 120, 240).bytes(), of({0x1B, 'p', 1, 60, 120}));
    EXPECT_EQ(EscPosWriter().drawerKick(2, 0, 10000).bytes(), of({0x1B, 'p', 0, 1, 255}));
}

TEST(EscPosWriter, StatusQuery) {
    EXPECT_EQ(statusQueryBytes(StatusQuery::PaperSensor), of({0x10, 0x04, 4}));
    EXPECT_EQ(EscPosWriter().status(StatusQuery::OfflineCause).bytes(), of({0x10, 0x04, 2}));
}

// ---- decoder -------------------------------------------------------------------------------

std::vector<DecoderEvent> decodeAll(EscPosDecoder& d, const Bytes& bytes, size_t chunk) {
    std::vector<DecoderEvent> events;
    for (size_t i = 0; i < bytes.size(); i += chunk)
        d.feed(std::span<const uint8_t>(bytes).subspan(i, std::min(chunk, bytes.size() - i)),
               events);
    return events;
}

Bytes sampleJob(Bitmap& logo) {
    logo.width = 16;
    logo.height = 3;
    logo.pixels.assign(48, 0);
    for (int i = 0; i < 48; i += 3)
        logo.pixels[i] = 1;
    EscPosWriter w(CodePage::Pc858);
    w.init().align(Align::Center).raster(logo);
    w.bold(true).size(2, 2).line("Toko Crème").bold(false).size(1, 1);
    w.align(Align::Left).line("Łódź 寿司 €3,50");
    w.status(StatusQuery::PaperSensor);
    w.qr("https://r.example/abc.html");
    (void)w.barcode(BarcodeType::Code128, "kiosk-1-42", 50, 2, true);
    w.drawerKick(5, 100, 200);
    w.feed(2).cut(true);
    return w.take();
}

TEST(EscPosDecoder, RoundTripsEveryCommand) {
    Bitmap logo;
    const Bytes job = sampleJob(logo);
    EscPosDecoder d;
    const auto events = decodeAll(d, job, job.size());
    ASSERT_EQ(d.cutPages(), 1u);
    const PaperPage page = d.takePage();
    ASSERT_TRUE(page.cut);
    EXPECT_TRUE(d.page().items.empty());
    ASSERT_EQ(page.items.size(), 7u);  // image, 2 lines, QR, barcode, 2 fed lines
    const auto& img = std::get<PaperImage>(page.items[0]);
    EXPECT_EQ(img.align, Align::Center);
    EXPECT_EQ(img.bitmap.width, 16);
    EXPECT_EQ(img.bitmap.height, 3);
    EXPECT_EQ(img.bitmap.pixels, logo.pixels);
    const auto& title = std::get<PaperText>(page.items[1]);
    EXPECT_EQ(title, (PaperText{"Toko Crème", Align::Center, true, 2, 2}));
    const auto& line = std::get<PaperText>(page.items[2]);
    EXPECT_EQ(line, (PaperText{"Lódz ?? €3,50", Align::Left, false, 1, 1}));
    const auto& qr = std::get<PaperQr>(page.items[3]);
    EXPECT_EQ(qr.data, "https://r.example/abc.html");
    EXPECT_EQ(qr.errorCorrection, 'M');
    EXPECT_EQ(qr.moduleSize, 6);
    const auto& bc = std::get<PaperBarcode>(page.items[4]);
    EXPECT_EQ(bc.type, BarcodeType::Code128);
    EXPECT_EQ(bc.data, "kiosk-1-42");
    EXPECT_EQ(bc.height, 50);
    EXPECT_TRUE(bc.humanReadable);

    int queries = 0, kicks = 0, cuts = 0, problems = 0;
    for (const DecoderEvent& e : events) {
        if (e.kind == DecoderEvent::Kind::StatusQuery) {
            ++queries;
            EXPECT_EQ(e.n, 4);
        } else if (e.kind == DecoderEvent::Kind::DrawerKick) {
            ++kicks;
            EXPECT_EQ(e.pin, 5);
            EXPECT_EQ(e.onMs, 100);
            EXPECT_EQ(e.offMs, 200);
        } else if (e.kind == DecoderEvent::Kind::Cut) {
            ++cuts;
        } else if (e.kind == DecoderEvent::Kind::Problem) {
            ++problems;
        }
    }
    EXPECT_EQ(queries, 1);
    EXPECT_EQ(kicks, 1);
    EXPECT_EQ(cuts, 1);
    EXPECT_EQ(problems, 0);
}

TEST(EscPosDecoder, ByteByByteGivesTheSamePaper) {
    Bitmap logo;
    const Bytes job = sampleJob(logo);
    EscPosDecoder whole, bytewise;
    decodeAll(whole, job, job.size());
    decodeAll(bytewise, job, 1);
    const PaperPage a = whole.takePage(), b = bytewise.takePage();
    EXPECT_EQ(a.textLines(), b.textLines());
    EXPECT_EQ(a.qrPayloads(), b.qrPayloads());
    EXPECT_EQ(a.items.size(), b.items.size());
    EXPECT_EQ(a.items.size(), 7u);
    EXPECT_EQ(bytewise.pendingBytes(), 0u);
}

TEST(EscPosDecoder, TwoJobsInOneChunkMakeTwoPages) {
    EscPosWriter w;
    w.init().line("first").cut(true).init().line("second").line("more").cut(true).line("tail");
    EscPosDecoder d;
    decodeAll(d, w.bytes(), w.bytes().size());
    ASSERT_EQ(d.cutPages(), 2u);
    EXPECT_EQ(d.takePage().textLines(), std::vector<std::string>{"first"});
    EXPECT_EQ(d.takePage().textLines(), (std::vector<std::string>{"second", "more"}));
    EXPECT_EQ(d.cutPages(), 0u);
    EXPECT_EQ(d.page().textLines(), std::vector<std::string>{"tail"});
}

TEST(EscPosDecoder, CodePageSwitchesMidJob) {
    EscPosWriter w(CodePage::Pc437);
    w.init().line("é").codePage(CodePage::Wpc1252).line("é€");
    EscPosDecoder d;
    decodeAll(d, w.bytes(), 3);
    EXPECT_EQ(d.page().textLines(), (std::vector<std::string>{"é", "é€"}));
}

TEST(EscPosDecoder, UnknownCommandsAreReportedAndSkipped) {
    const Bytes job = of({0x1B, 'Z', 'a', 0x0A, 0x1D, 0x99, 'b', 0x0A, 0x1C, 'p', 'c', 0x0A});
    EscPosDecoder d;
    auto events = decodeAll(d, job, job.size());
    int problems = 0;
    for (const auto& e : events)
        problems += e.kind == DecoderEvent::Kind::Problem;
    EXPECT_EQ(problems, 3);
    EXPECT_EQ(d.page().textLines(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(EscPosDecoder, OversizedRasterIsSkippedWithoutBuffering) {
    // Declares 65535 x 65535 bytes (4 GB): reported, its data dropped as it arrives.
    Bytes job = of({0x1D, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF});
    EscPosDecoder d;
    std::vector<DecoderEvent> events;
    d.feed(job, events);
    const Bytes chunk(1 << 16, 0xAA);
    for (int i = 0; i < 8; ++i)
        d.feed(chunk, events);
    EXPECT_EQ(d.pendingBytes(), 0u);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].kind, DecoderEvent::Kind::Problem);
    EXPECT_TRUE(d.page().items.empty());
}

TEST(EscPosDecoder, DiscardOutputDropsItemsButKeepsCommands) {
    EscPosWriter w;
    w.init().line("lost").status(StatusQuery::Printer);
    EscPosDecoder d;
    d.setDiscardOutput(true);
    auto events = decodeAll(d, w.bytes(), 4);
    EXPECT_TRUE(d.page().items.empty());
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, DecoderEvent::Kind::StatusQuery);
}

}  // namespace
}  // namespace kiosk::devices::printer

namespace kiosk::devices::printer {
namespace {

TEST(EscPosDecoder, APageWithoutACutStaysBounded) {
    EscPosDecoder d;
    std::vector<DecoderEvent> events;
    const Bytes line(100, 'x');
    Bytes chunk;
    for (int i = 0; i < 1000; ++i) {
        chunk.insert(chunk.end(), line.begin(), line.end());
        chunk.push_back('\n');
    }
    for (int i = 0; i < 400; ++i)  // 400,000 lines, no cut
        d.feed(chunk, events);
    EXPECT_LT(d.page().items.size(), EscPosDecoder::kMaxPageCost);
    int problems = 0;
    for (const auto& e : events)
        problems += e.kind == DecoderEvent::Kind::Problem;
    EXPECT_EQ(problems, 1);
    // A cut starts a fresh page that prints again, from the byte after the cut.
    d.feed(of({0x1D, 'V', 66, 0, 'o', 'k', '\n'}), events);
    EXPECT_EQ(d.cutPages(), 1u);
    EXPECT_EQ(d.page().textLines(), std::vector<std::string>{"ok"});
    d.feed(of({'n', 'e', 'w', '\n'}), events);
    EXPECT_EQ(d.page().textLines(), (std::vector<std::string>{"ok", "new"}));
    EXPECT_GT(d.takePage().items.size(), 1000u);  // the long page that was cut
}

}  // namespace
}  // namespace kiosk::devices::printer
