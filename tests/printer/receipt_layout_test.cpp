// The shared receipt layout (kiosk::receiptLayout) as the printer uses it: the plain text is
// its lines, styles mark the header and the total, and a code page filter is applied before
// widths are measured.
#include <gtest/gtest.h>

#include "devices/printer/receipt_job.hpp"
#include "printer_fixtures.hpp"

namespace kiosk::devices::printer {
namespace {

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

TEST(ReceiptLayout, PlainTextIsTheLayoutsLines) {
    const SaleRecord sale = testing::thirtyLineSale("id");
    for (int columns : {32, 48}) {
        std::string joined;
        for (const ReceiptLine& l : receiptLayout(sale, "Toko", columns, 420))
            joined += l.text + "\n";
        EXPECT_EQ(joined, receiptText(sale, "Toko", columns, 420));
    }
}

TEST(ReceiptLayout, HeaderAndTotalAreStyled) {
    const auto lines = receiptLayout(testing::thirtyLineSale(), "Toko", 48, 0);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].style, ReceiptLineStyle::Title);
    int emphasis = 0;
    for (const ReceiptLine& l : lines)
        if (l.style == ReceiptLineStyle::Emphasis) {
            ++emphasis;
            EXPECT_EQ(l.text.rfind("TOTAL", 0), 0u) << l.text;
        }
    EXPECT_EQ(emphasis, 1);
}

TEST(ReceiptLayout, TransliterationNeverWidensALinePastThePaper) {
    // Euro amounts on a page without the euro sign: "EUR" is 3 columns where "€" was 1.
    SaleRecord sale = testing::thirtyLineSale();
    sale.currency = currencyEur();
    for (SaleLine& l : sale.lines) {
        l.gross *= 1000;
        l.name = "Crème brûlée € Łódź 寿司 " + l.name;
    }
    sale.total = 999'999'99;
    for (CodePage page : {CodePage::Pc437, CodePage::Pc850}) {
        for (int columns : {32, 48}) {
            const auto lines = printedLayout(Receipt{sale, "Café €uro", 0, "", {}},
                                             JobOptions{columns, page, true});
            for (const ReceiptLine& l : lines) {
                EXPECT_LE(codePoints(l.text), static_cast<size_t>(columns)) << l.text;
                EXPECT_EQ(l.text.find("€"), std::string::npos) << l.text;
                EXPECT_EQ(printable(l.text, page), l.text) << "already in the page: " << l.text;
            }
        }
    }
}

}  // namespace
}  // namespace kiosk::devices::printer
