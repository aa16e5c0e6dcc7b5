#include "devices/printer/escpos_decoder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace kiosk::devices::printer {
namespace {

constexpr uint8_t ESC = 0x1B;
constexpr uint8_t GS = 0x1D;
constexpr uint8_t DLE = 0x10;
constexpr uint8_t FS = 0x1C;

std::string hexByte(uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

// Code 128 function B data: "{A" / "{B" / "{C" select code sets; in set C every byte is a pair
// of digits; "{{" is a literal '{'; other "{x" are function codes and print nothing.
std::string decodeCode128(std::string_view d) {
    std::string out;
    char set = 'B';
    for (size_t i = 0; i < d.size(); ++i) {
        const char c = d[i];
        if (c == '{' && i + 1 < d.size()) {
            const char s = d[++i];
            if (s == 'A' || s == 'B' || s == 'C')
                set = s;
            else if (s == '{')
                out += '{';
            continue;
        }
        if (set == 'C') {
            const auto v = static_cast<unsigned char>(c);
            if (v < 100) {
                out += static_cast<char>('0' + v / 10);
                out += static_cast<char>('0' + v % 10);
            }
        } else {
            out += c;
        }
    }
    return out;
}

DecoderEvent event(DecoderEvent::Kind kind) {
    DecoderEvent e;
    e.kind = kind;
    return e;
}

}  // namespace

std::vector<std::string> PaperPage::textLines() const {
    std::vector<std::string> out;
    for (const PaperItem& item : items)
        if (const auto* t = std::get_if<PaperText>(&item))
            out.push_back(t->text);
    return out;
}

std::vector<std::string> PaperPage::qrPayloads() const {
    std::vector<std::string> out;
    for (const PaperItem& item : items)
        if (const auto* q = std::get_if<PaperQr>(&item))
            out.push_back(q->data);
    return out;
}

EscPosDecoder::EscPosDecoder() {
    resetModes();
}

void EscPosDecoder::resetModes() {
    page_cp_ = CodePage::Pc437;
    align_ = Align::Left;
    bold_ = false;
    width_ = 1;
    height_ = 1;
    qrData_.clear();
    qrModule_ = 3;
    qrEc_ = 'L';
    barHeight_ = 162;
    barModule_ = 3;
    barHri_ = false;
}

void EscPosDecoder::feed(std::span<const uint8_t> bytes, std::vector<DecoderEvent>& events) {
    size_t i = 0;
    if (skip_ > 0) {
        const size_t n = std::min(skip_, bytes.size());
        skip_ -= n;
        i = n;
    }
    buf_.insert(buf_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.end());
    while (pos_ < buf_.size() && skip_ == 0 && step(events)) {
    }
    if (skip_ > 0) {
        const size_t n = std::min(skip_, buf_.size() - pos_);
        skip_ -= n;
        pos_ += n;
    }
    // Compact what was consumed so a long stream keeps only its incomplete tail.
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
}

void EscPosDecoder::problem(std::string message, std::vector<DecoderEvent>& events) {
    DecoderEvent e;
    e.kind = DecoderEvent::Kind::Problem;
    e.message = std::move(message);
    events.push_back(std::move(e));
}

void EscPosDecoder::emitItem(PaperItem item, std::vector<DecoderEvent>& events) {
    if (discard_)
        return;
    // A page that never gets cut must not grow without bound (a runaway or hostile stream).
    size_t cost = 1;
    if (const auto* img = std::get_if<PaperImage>(&item))
        cost += img->bitmap.pixels.size() / 64;
    else if (const auto* text = std::get_if<PaperText>(&item))
        cost += text->text.size() / 64;
    else if (const auto* qr = std::get_if<PaperQr>(&item))
        cost += qr->data.size() / 64;
    if (pageCost_ + cost > kMaxPageCost) {
        if (!pageFull_)
            problem("page too long without a cut: further output dropped", events);
        pageFull_ = true;
        return;
    }
    pageCost_ += cost;
    page_.items.push_back(std::move(item));
    events.push_back(event(DecoderEvent::Kind::Printed));
}

void EscPosDecoder::printLine(std::vector<DecoderEvent>& events) {
    PaperText t = lineHasContent_ ? lineStyle_ : PaperText{};
    if (!lineHasContent_) {
        t.align = align_;
        t.bold = bold_;
        t.width = width_;
        t.height = height_;
    }
    t.text = std::move(line_);
    line_.clear();
    lineHasContent_ = false;
    emitItem(std::move(t), events);
}

void EscPosDecoder::flushLine(std::vector<DecoderEvent>& events) {
    if (lineHasContent_)
        printLine(events);
}

PaperPage EscPosDecoder::takePage() {
    if (!cut_.empty()) {
        PaperPage p = std::move(cut_.front());
        cut_.erase(cut_.begin());
        return p;
    }
    PaperPage p = std::move(page_);
    page_ = PaperPage{};
    pageCost_ = 0;
    pageFull_ = false;
    return p;
}

bool EscPosDecoder::step(std::vector<DecoderEvent>& events) {
    const size_t avail = buf_.size() - pos_;
    const uint8_t* p = buf_.data() + pos_;
    auto need = [&](size_t n) { return avail >= n; };
    auto consume = [&](size_t n) {
        pos_ += n;
        return true;
    };
    const uint8_t c = p[0];

    if (c >= 0x20 && c != 0x7F) {
        if (!lineHasContent_) {
            lineStyle_.align = align_;
            lineStyle_.bold = bold_;
            lineStyle_.width = width_;
            lineStyle_.height = height_;
            lineHasContent_ = true;
        }
        // Text past any real paper width is a runaway stream, not a line: keep it bounded.
        if (line_.size() < 4096)
            line_ += decodeByte(c, page_cp_);
        return consume(1);
    }
    switch (c) {
        case 0x0A:  // LF
            printLine(events);
            return consume(1);
        case 0x09:  // HT: next multiple of 8 columns
            if (!lineHasContent_) {
                lineStyle_ = PaperText{{}, align_, bold_, width_, height_};
                lineHasContent_ = true;
            }
            do
                line_ += ' ';
            while (line_.size() % 8 != 0 && line_.size() < 4096);
            return consume(1);
        case ESC: {
            if (!need(2))
                return false;
            const uint8_t cmd = p[1];
            switch (cmd) {
                case '@':
                    flushLine(events);
                    resetModes();
                    return consume(2);
                case 'a':
                    if (!need(3))
                        return false;
                    align_ = static_cast<Align>(std::min<int>(p[2] % 48, 2));  // 0-2 or '0'-'2'
                    return consume(3);
                case 'E':
                    if (!need(3))
                        return false;
                    bold_ = (p[2] & 1) != 0;
                    return consume(3);
                case '!':  // print mode: bit 3 bold, bit 4 double height, bit 5 double width
                    if (!need(3))
                        return false;
                    bold_ = (p[2] & 0x08) != 0;
                    height_ = (p[2] & 0x10) ? 2 : 1;
                    width_ = (p[2] & 0x20) ? 2 : 1;
                    return consume(3);
                case 't': {
                    if (!need(3))
                        return false;
                    if (auto cp = codePageFromEscT(p[2]))
                        page_cp_ = *cp;
                    else
                        problem("ESC t " + std::to_string(p[2]) + ": code page not supported",
                                events);
                    return consume(3);
                }
                case 'd': {
                    if (!need(3))
                        return false;
                    flushLine(events);
                    const int n = p[2];
                    for (int i = 0; i < n; ++i)
                        printLine(events);
                    return consume(3);
                }
                case 'J':  // feed n dots: a blank line when it is at least a line's worth
                    if (!need(3))
                        return false;
                    flushLine(events);
                    return consume(3);
                case 'p': {
                    if (!need(5))
                        return false;
                    DecoderEvent e;
                    e.kind = DecoderEvent::Kind::DrawerKick;
                    e.pin = (p[2] & 1) ? 5 : 2;
                    e.onMs = p[3] * 2;
                    e.offMs = p[4] * 2;
                    events.push_back(e);
                    return consume(5);
                }
                case '2':  // default line spacing
                    return consume(2);
                case '-':  // underline
                case '3':
                case 'M':
                case 'R':
                case 'G':
                case 'V':
                case '{':
                case 'r':
                case 'c':  // ESC c n forms take one more byte (ESC c 3/4/5 n)
                    if (cmd == 'c') {
                        if (!need(4))
                            return false;
                        return consume(4);
                    }
                    if (!need(3))
                        return false;
                    return consume(3);
                case '*': {  // bit image: ESC * m nL nH d...
                    if (!need(5))
                        return false;
                    const size_t cols = p[3] | (p[4] << 8);
                    const size_t bytes = cols * ((p[2] == 32 || p[2] == 33) ? 3 : 1);
                    if (!need(5 + bytes))
                        return false;
                    problem("ESC * bit image skipped (raster GS v 0 is supported)", events);
                    return consume(5 + bytes);
                }
                default:
                    problem("unknown command ESC " + hexByte(cmd), events);
                    return consume(2);
            }
        }
        case GS: {
            if (!need(2))
                return false;
            const uint8_t cmd = p[1];
            switch (cmd) {
                case '!':
                    if (!need(3))
                        return false;
                    width_ = ((p[2] >> 4) & 7) + 1;
                    height_ = (p[2] & 7) + 1;
                    return consume(3);
                case 'V': {
                    if (!need(3))
                        return false;
                    size_t len = 3;
                    if (p[2] == 65 || p[2] == 66 || p[2] >= 97) {
                        if (!need(4))
                            return false;
                        len = 4;
                    }
                    flushLine(events);
                    // What follows the cut in the same chunk belongs on the next page.
                    page_.cut = true;
                    if (cut_.size() < 64) {
                        cut_.push_back(std::move(page_));
                    } else {
                        problem("more than 64 cut pages were never taken; oldest dropped", events);
                        cut_.erase(cut_.begin());
                        cut_.push_back(std::move(page_));
                    }
                    page_ = PaperPage{};
                    pageCost_ = 0;
                    pageFull_ = false;
                    events.push_back(event(DecoderEvent::Kind::Cut));
                    return consume(len);
                }
                case 'h':
                    if (!need(3))
                        return false;
                    barHeight_ = std::max<int>(p[2], 1);
                    return consume(3);
                case 'w':
                    if (!need(3))
                        return false;
                    barModule_ = std::clamp<int>(p[2], 1, 6);
                    return consume(3);
                case 'H':
                    if (!need(3))
                        return false;
                    barHri_ = (p[2] % 48) != 0;
                    return consume(3);
                case 'f':
                case 'B':
                case 'a':
                case 'r':
                case 'I':
                    if (!need(3))
                        return false;
                    return consume(3);
                case 'L':
                case 'W':
                    if (!need(4))
                        return false;
                    return consume(4);
                case 'k': {
                    if (!need(3))
                        return false;
                    const uint8_t m = p[2];
                    std::string data;
                    size_t len = 0;
                    BarcodeType type = BarcodeType::Code128;
                    if (m <= 6) {  // function A: NUL-terminated
                        const uint8_t* end =
                            static_cast<const uint8_t*>(std::memchr(p + 3, 0, avail - 3));
                        if (!end) {
                            if (avail > 3 + 255) {
                                problem("GS k: barcode data without its NUL end", events);
                                return consume(3);
                            }
                            return false;
                        }
                        data.assign(reinterpret_cast<const char*>(p + 3), end - (p + 3));
                        len = static_cast<size_t>(end - p) + 1;
                        type = static_cast<BarcodeType>(m + 65);
                    } else if (m >= 65 && m <= 73) {
                        if (!need(4))
                            return false;
                        const size_t n = p[3];
                        if (!need(4 + n))
                            return false;
                        data.assign(reinterpret_cast<const char*>(p + 4), n);
                        len = 4 + n;
                        type = static_cast<BarcodeType>(m);
                    } else {
                        problem("GS k: unknown symbology " + std::to_string(m), events);
                        return consume(3);
                    }
                    flushLine(events);
                    if (type == BarcodeType::Code128)
                        data = decodeCode128(data);
                    emitItem(PaperBarcode{type, data, barHeight_, barModule_, barHri_, align_},
                             events);
                    return consume(len);
                }
                case '(': {  // GS ( fn pL pH ...: length-prefixed
                    if (!need(5))
                        return false;
                    const size_t plen = p[3] | (p[4] << 8);
                    if (!need(5 + plen))
                        return false;
                    if (p[2] == 'k' && plen >= 2 && p[5] == 49) {
                        const uint8_t fn = p[6];
                        if (fn == 67 && plen >= 3)
                            qrModule_ = std::clamp<int>(p[7], 1, 16);
                        else if (fn == 69 && plen >= 3)
                            qrEc_ = "LMQH"[std::clamp<int>(p[7] - 48, 0, 3)];
                        else if (fn == 80 && plen >= 3)
                            qrData_.assign(reinterpret_cast<const char*>(p + 8), plen - 3);
                        else if (fn == 81) {
                            flushLine(events);
                            if (qrData_.empty())
                                problem("GS ( k: QR print with no data stored", events);
                            else
                                emitItem(PaperQr{qrData_, qrModule_, qrEc_, align_}, events);
                        }
                    }
                    return consume(5 + plen);
                }
                case 'v': {  // GS v 0 m xL xH yL yH d...
                    if (!need(8))
                        return false;
                    if (p[2] != '0') {
                        problem("GS v " + hexByte(p[2]) + ": unknown command", events);
                        return consume(3);
                    }
                    const size_t xBytes = p[4] | (p[5] << 8);
                    const size_t rows = p[6] | (p[7] << 8);
                    const size_t bytes = xBytes * rows;
                    if (bytes > kMaxRasterBytes) {
                        problem("GS v 0: raster image of " + std::to_string(bytes) +
                                    " bytes is too large; skipped",
                                events);
                        pos_ += 8;
                        skip_ = bytes;
                        return true;
                    }
                    if (!need(8 + bytes))
                        return false;
                    flushLine(events);
                    PaperImage img;
                    img.align = align_;
                    img.bitmap.width = static_cast<int>(xBytes * 8);
                    img.bitmap.height = static_cast<int>(rows);
                    img.bitmap.pixels.resize(bytes * 8);
                    for (size_t i = 0; i < bytes; ++i)
                        for (int bit = 0; bit < 8; ++bit)
                            img.bitmap.pixels[i * 8 + bit] = (p[8 + i] >> (7 - bit)) & 1;
                    emitItem(std::move(img), events);
                    return consume(8 + bytes);
                }
                default:
                    problem("unknown command GS " + hexByte(cmd), events);
                    return consume(2);
            }
        }
        case DLE: {
            if (!need(3))
                return false;
            if (p[1] == 0x04) {  // DLE EOT n (n 7 and 8 take one more byte)
                if ((p[2] == 7 || p[2] == 8) && !need(4))
                    return false;
                DecoderEvent e;
                e.kind = DecoderEvent::Kind::StatusQuery;
                e.n = p[2];
                events.push_back(e);
                return consume((p[2] == 7 || p[2] == 8) ? 4 : 3);
            }
            if (p[1] == 0x14) {  // DLE DC4 fn m t
                if (!need(5))
                    return false;
                if (p[2] == 1) {
                    DecoderEvent e;
                    e.kind = DecoderEvent::Kind::DrawerKick;
                    e.pin = (p[3] & 1) ? 5 : 2;
                    e.onMs = std::clamp<int>(p[4], 1, 8) * 100;
                    e.offMs = e.onMs;
                    events.push_back(e);
                }
                return consume(5);
            }
            if (p[1] == 0x05)  // DLE ENQ n
                return consume(3);
            problem("unknown command DLE " + hexByte(p[1]), events);
            return consume(2);
        }
        case FS: {
            if (!need(2))
                return false;
            problem("FS " + hexByte(p[1]) + " (Kanji / NV command) ignored", events);
            return consume(2);
        }
        default:  // CR, NUL and other controls print nothing
            return consume(1);
    }
}

}  // namespace kiosk::devices::printer
