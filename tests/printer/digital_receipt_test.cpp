#include "devices/printer/digital_receipt.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "devices/printer/paper_render.hpp"
#include "printer_fixtures.hpp"

namespace kiosk::devices::printer {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Dir {
    Dir() {
        char tmpl[] = "/tmp/kasir-digital-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~Dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string path;
};

TEST(DigitalReceipt, IdsAre128RandomBitsUrlSafe) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto id = newReceiptId();
        ASSERT_TRUE(id.ok());
        EXPECT_EQ(id->size(), 22u);  // 128 bits in unpadded base64
        for (char c : *id)
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << *id;
        seen.insert(*id);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(DigitalReceipt, WritesHtmlAndPngNamedByIdWithTheUrlInTheQr) {
    Dir dir;
    PrinterOptions o;
    o.receiptsDir = dir.path + "/receipts/nested";
    o.receiptBaseUrl = "https://shop.example/r/";
    Receipt r;
    r.sale = testing::thirtyLineSale();
    r.storeName = "Toko <Kasir> & \"Sons\"";
    auto d = writeDigitalReceipt(r, o);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->url, "https://shop.example/r/" + d->id + ".html");
    EXPECT_EQ(r.digitalUrl, d->url);
    EXPECT_EQ(d->htmlPath, o.receiptsDir + "/" + d->id + ".html");
    ASSERT_TRUE(fs::exists(d->htmlPath));
    ASSERT_TRUE(fs::exists(d->pngPath));

    const std::string html = slurp(d->htmlPath);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("Toko &lt;Kasir&gt; &amp; &quot;Sons&quot;"), std::string::npos);
    EXPECT_EQ(html.find("<Kasir>"), std::string::npos);
    // Standalone: no scripts, no linked or loaded assets.
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("href="), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    // UTF-8 in the page: no code page limits there.
    EXPECT_NE(html.find("Łódź pierogi"), std::string::npos);
    EXPECT_NE(html.find("寿司 Sushi roll"), std::string::npos);
    for (const SaleLine& l : r.sale.lines)
        EXPECT_NE(html.find(l.name.substr(0, 10)), std::string::npos) << l.name;
    EXPECT_NE(html.find("Receipt 4711"), std::string::npos);
    EXPECT_NE(html.find(formatMinor(r.sale.total, r.sale.currency, "en")), std::string::npos);

    const std::string png = slurp(d->pngPath);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_TRUE(fs::directory_iterator(o.receiptsDir) != fs::directory_iterator());
    for (const auto& e : fs::directory_iterator(o.receiptsDir))
        EXPECT_NE(e.path().extension(), ".tmp");
}

TEST(DigitalReceipt, QrSvgMatchesTheUrl) {
    Receipt r;
    r.sale = testing::thirtyLineSale();
    r.storeName = "S";
    r.digitalUrl = "https://shop.example/r/abc.html";
    const std::string html = receiptHtml(r, 32);
    auto m = qrMatrix(r.digitalUrl, 'M');
    ASSERT_TRUE(m.ok());
    // One unit square per dark module.
    size_t dark = 0;
    for (uint8_t v : m->modules)
        dark += v;
    size_t squares = 0;
    for (size_t pos = html.find("h1v1h-1z"); pos != std::string::npos;
         pos = html.find("h1v1h-1z", pos + 1))
        ++squares;
    EXPECT_EQ(squares, dark);
    EXPECT_GT(dark, 100u);
}

TEST(DigitalReceipt, UnwritableFolderIsAClearError) {
    PrinterOptions o;
    o.receiptsDir = "/proc/kasir-cannot-be-here";
    Receipt r;
    r.sale = testing::thirtyLineSale();
    auto d = writeDigitalReceipt(r, o);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("/proc/kasir-cannot-be-here"), std::string::npos)
        << d.error().message;
}

TEST(PaperRender, MissingFontNamesThePackage) {
    PaperPage page;
    page.items.emplace_back(std::in_place_type<PaperText>, PaperText{"x"});
    RenderOptions ro;
    ro.fontPath = "/nonexistent/DejaVuSansMono.ttf";
    auto img = renderPaper(page, ro);
    ASSERT_FALSE(img.ok());
    EXPECT_NE(img.error().message.find("fonts-dejavu-core"), std::string::npos);
}

TEST(PaperRender, TextIsInkedInItsCellsAndBoldIsDarker) {
    PaperPage page;
    page.items.emplace_back(std::in_place_type<PaperText>,
                            PaperText{"M", Align::Left, false, 1, 1});
    page.items.emplace_back(std::in_place_type<PaperText>, PaperText{"M", Align::Left, true, 1, 1});
    page.items.emplace_back(std::in_place_type<PaperText>,
                            PaperText{"M", Align::Right, false, 2, 2});
    auto img = renderPaper(page, RenderOptions{32});
    ASSERT_TRUE(img.ok()) << img.error().message;
    EXPECT_EQ(img->width, 32 * 12);
    auto inkIn = [&](int x0, int y0, int w, int h) {
        int64_t ink = 0;
        for (int y = y0; y < y0 + h; ++y)
            for (int x = x0; x < x0 + w; ++x)
                ink += 255 - img->pixels[static_cast<size_t>(y) * img->width + x];
        return ink;
    };
    const int top = 12;  // top margin of the paper
    const int64_t plain = inkIn(0, top, 14, 30);
    const int64_t bold = inkIn(0, top + 30, 14, 30);
    EXPECT_GT(plain, 0);
    EXPECT_GT(bold, plain);
    EXPECT_EQ(inkIn(24, top, 32 * 12 - 24, 60), 0);  // nothing right of the left "M"s
    // The double-size M sits flush right and takes about 4 times the ink.
    const int64_t big = inkIn(32 * 12 - 24, top + 60, 24, 54);
    EXPECT_GT(big, 3 * plain);
}

TEST(PaperRender, Code128WidthsAddUp) {
    const auto w = code128Widths("kiosk-1-42");
    int modules = 0;
    for (int x : w)
        modules += x;
    EXPECT_EQ(modules, 11 * (10 + 2) + 13);  // start, data, check: 11 each; stop 13
    EXPECT_TRUE(code128Widths("caf\xC3\xA9").empty());
}

}  // namespace
}  // namespace kiosk::devices::printer
