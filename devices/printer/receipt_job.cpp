#include "devices/printer/receipt_job.hpp"

#include <algorithm>

namespace kiosk::devices::printer {

std::vector<ReceiptLine> printedLayout(const Receipt& receipt, const JobOptions& options) {
    const CodePage page = options.codePage;
    return receiptLayout(receipt.sale, receipt.storeName, options.columns, receipt.utcOffsetMinutes,
                         [page](std::string_view text) { return printable(text, page); });
}

std::string receiptBarcodeText(const SaleRecord& sale, int columns) {
    std::string text;
    for (char c : sale.kioskId + "-" + std::to_string(sale.receiptNo)) {
        const auto u = static_cast<unsigned char>(c);
        text += (u >= 0x20 && u < 0x7F) ? c : '?';
    }
    // Code 128 takes 11 modules a character plus 35 for start, check and stop; at 2 dots a
    // module it must fit the paper (12 dots a column), else the number alone goes.
    const size_t fits = static_cast<size_t>(std::max(0, (columns * 12 / 2 - 35) / 11));
    return text.size() <= fits ? text : std::to_string(sale.receiptNo);
}

std::vector<uint8_t> encodeReceipt(const Receipt& receipt, const JobOptions& options) {
    EscPosWriter w(options.codePage);
    w.init();
    if (receipt.logo.width > 0 && receipt.logo.height > 0)
        w.align(Align::Center).raster(receipt.logo).align(Align::Left);
    for (const ReceiptLine& line : printedLayout(receipt, options)) {
        // Lines are laid out to the column (centring included); styles only add weight and
        // height, which keep the column count.
        const bool strong = line.style != ReceiptLineStyle::Normal;
        if (strong)
            w.bold(true).size(1, 2);
        w.line(line.text);
        if (strong)
            w.bold(false).size(1, 1);
    }
    w.align(Align::Center);
    if (!receipt.digitalUrl.empty()) {
        w.feed(1);
        w.qr(receipt.digitalUrl, options.columns >= 48 ? 6 : 4, 'M');
    }
    w.barcode(BarcodeType::Code128, receiptBarcodeText(receipt.sale, options.columns), 60, 2,
              false);
    w.align(Align::Left);
    if (options.cut)
        w.feed(3).cut(true);
    return w.take();
}

}  // namespace kiosk::devices::printer
