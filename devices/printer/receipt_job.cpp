#include "devices/printer/receipt_job.hpp"

#include <algorithm>
#include <utility>

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

namespace {

size_t codePoints(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Byte offset of the first `count` code points of `s`.
size_t prefixBytes(std::string_view s, size_t count) {
    size_t i = 0;
    for (size_t seen = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == count)
                break;
            ++seen;
        }
    }
    return i;
}

// Word-wraps already printable text to `width` code points; a word longer than a line is cut.
// Without this the printer would break lines mid-word at the paper's edge.
std::vector<std::string> wrap(const std::string& text, int width) {
    const size_t w = static_cast<size_t>(std::max(1, width));
    std::vector<std::string> out;
    std::string line;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string::npos)
            end = text.size();
        std::string word = text.substr(start, end - start);
        start = end + 1;
        if (word.empty())
            continue;
        while (codePoints(word) > w) {
            if (!line.empty())
                out.push_back(std::exchange(line, {}));
            const size_t cut = prefixBytes(word, w);
            out.push_back(word.substr(0, cut));
            word.erase(0, cut);
        }
        if (line.empty())
            line = word;
        else if (codePoints(line) + 1 + codePoints(word) <= w)
            line += " " + word;
        else
            out.push_back(std::exchange(line, word));
    }
    if (!line.empty() || out.empty())
        out.push_back(line);
    return out;
}

struct SlipBlock {
    std::vector<std::string> lines;
    bool bold = false;
    bool big = false;
};

std::vector<SlipBlock> slipBlocks(const Slip& slip, const JobOptions& options) {
    const CodePage page = options.codePage;
    auto wrapped = [&](const std::string& text, int width) {
        // Control characters become spaces (printable; '\n' here), so a line break in the text
        // cannot end up as a command or a line the wrapping did not measure.
        std::string flat = text;
        std::replace(flat.begin(), flat.end(), '\n', ' ');
        return wrap(printable(flat, page), width);
    };
    std::vector<SlipBlock> blocks;
    if (!slip.title.empty())
        blocks.push_back({wrapped(slip.title, options.columns), true, false});
    for (const std::string& l : slip.lines)
        blocks.push_back({wrapped(l, options.columns), false, false});
    if (!slip.big.empty())
        blocks.push_back({wrapped(slip.big, options.columns / 2), true, true});
    for (const std::string& l : slip.after)
        blocks.push_back({wrapped(l, options.columns), false, false});
    return blocks;
}

}  // namespace

std::vector<std::string> slipLines(const Slip& slip, const JobOptions& options) {
    std::vector<std::string> out;
    for (const SlipBlock& b : slipBlocks(slip, options))
        out.insert(out.end(), b.lines.begin(), b.lines.end());
    return out;
}

std::vector<uint8_t> encodeSlip(const Slip& slip, const JobOptions& options) {
    EscPosWriter w(options.codePage);
    w.init().align(Align::Center);
    for (const SlipBlock& b : slipBlocks(slip, options)) {
        if (b.bold)
            w.bold(true);
        if (b.big)
            w.size(2, 2);
        for (const std::string& l : b.lines)
            w.line(l);
        if (b.big)
            w.size(1, 1);
        if (b.bold)
            w.bold(false);
    }
    if (!slip.qr.empty()) {
        w.feed(1);
        w.qr(slip.qr, options.columns >= 48 ? 8 : 6, 'M');
    }
    w.align(Align::Left);
    if (options.cut)
        w.feed(3).cut(true);
    return w.take();
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
