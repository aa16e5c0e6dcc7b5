#include "devices/printer/digital_receipt.hpp"

#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "devices/printer/escpos_decoder.hpp"
#include "devices/printer/paper_render.hpp"

namespace kiosk::devices::printer {
namespace {

std::string escapeHtml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string qrSvg(const std::string& data) {
    auto m = qrMatrix(data, 'M');
    if (!m)
        return "";
    const int quiet = 4;
    const int side = m->size + 2 * quiet;
    std::string path;
    for (int y = 0; y < m->size; ++y)
        for (int x = 0; x < m->size; ++x)
            if (m->modules[static_cast<size_t>(y) * m->size + x])
                path +=
                    "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(side) + " " +
           std::to_string(side) +
           "\" width=\"200\" height=\"200\" shape-rendering=\"crispEdges\" role=\"img\" "
           "aria-label=\"QR code\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path "
           "fill=\"#000\" d=\"" +
           path + "\"/></svg>";
}

Result<void> writeAtomically(const std::filesystem::path& path, std::string_view bytes) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return makeError(ErrorCode::Io,
                             tmp.string() + ": cannot write (disk full or read-only?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        return makeError(ErrorCode::Io,
                         path.string() + ": cannot rename into place: " + ec.message());
    return {};
}

}  // namespace

Result<std::string> newReceiptId() {
    if (sodium_init() < 0)
        return makeError(ErrorCode::Internal, "libsodium failed to initialise");
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(out);
}

std::string receiptHtml(const Receipt& receipt, int columns) {
    // The page shows the receipt as laid out for paper, in UTF-8 (no code page limits).
    const std::vector<ReceiptLine> lines =
        receiptLayout(receipt.sale, receipt.storeName, columns, receipt.utcOffsetMinutes);
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"" + escapeHtml(receipt.sale.language) + "\">\n<head>\n";
    html +=
        "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n";
    html += "<meta name=\"robots\" content=\"noindex\">\n";
    html += "<title>" + escapeHtml(receipt.storeName) + " - " +
            std::to_string(receipt.sale.receiptNo) + "</title>\n";
    html +=
        "<style>\nbody{margin:0;background:#eee;font-family:'DejaVu Sans "
        "Mono',Menlo,Consolas,monospace}\n"
        ".paper{max-width:" +
        std::to_string(columns) +
        "ch;margin:1em auto;padding:1.5em 1em;background:#fff;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3)}\n"
        "pre{margin:0;font:inherit;white-space:pre;line-height:1.35}\n"
        ".title,.emph{font-weight:bold;font-size:1.15em}\n.qr{text-align:center;margin-top:1em}\n"
        ".qr svg{width:12em;height:12em}\n"
        "@media print{body{background:#fff}.paper{box-shadow:none}}\n</style>\n</head>\n<body>\n";
    html += "<main class=\"paper\"><pre>";
    for (const ReceiptLine& line : lines) {
        const char* cls = line.style == ReceiptLineStyle::Title      ? "title"
                          : line.style == ReceiptLineStyle::Emphasis ? "emph"
                                                                     : nullptr;
        if (cls)
            html +=
                std::string("<span class=\"") + cls + "\">" + escapeHtml(line.text) + "</span>\n";
        else
            html += escapeHtml(line.text) + "\n";
    }
    html += "</pre>\n";
    if (!receipt.digitalUrl.empty())
        html += "<div class=\"qr\">" + qrSvg(receipt.digitalUrl) + "</div>\n";
    html += "</main>\n</body>\n</html>\n";
    return html;
}

Result<DigitalReceipt> writeDigitalReceipt(Receipt& receipt, const PrinterOptions& options) {
    auto id = newReceiptId();
    if (!id)
        return id.error();
    DigitalReceipt d;
    d.id = *id;
    std::string base = options.receiptBaseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    d.url = base + "/" + d.id + ".html";
    receipt.digitalUrl = d.url;

    std::error_code ec;
    std::filesystem::create_directories(options.receiptsDir, ec);
    if (ec)
        return makeError(ErrorCode::Io, options.receiptsDir +
                                            ": cannot create the receipts folder: " + ec.message());
    const std::filesystem::path dir(options.receiptsDir);
    d.htmlPath = (dir / (d.id + ".html")).string();
    d.pngPath = (dir / (d.id + ".png")).string();

    if (auto w = writeAtomically(d.htmlPath, receiptHtml(receipt, options.columns)); !w)
        return w.error();

    // The PNG is the paper itself: the printer's bytes, decoded and drawn.
    JobOptions job{options.columns, options.codePage, true};
    const std::vector<uint8_t> bytes = encodeReceipt(receipt, job);
    EscPosDecoder decoder;
    std::vector<DecoderEvent> events;
    decoder.feed(bytes, events);
    decoder.flushLine(events);
    auto image = renderPaper(decoder.takePage(), RenderOptions{options.columns});
    if (!image)
        return image.error();
    auto png = encodePng(*image);
    if (!png)
        return png.error();
    if (auto w = writeAtomically(
            d.pngPath, std::string_view(reinterpret_cast<const char*>(png->data()), png->size()));
        !w)
        return w.error();
    return d;
}

}  // namespace kiosk::devices::printer
