// Sale records: building one from a priced cart, its canonical text for the journal's hash
// chain, and the printed receipt.
#include "kiosk/core/sale.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {
namespace {

// The canonical text is hashed into a chain that must verify for years, so it uses only
// locale-free primitives: integers via to_chars, strings as "<byte length>:<bytes>" (so a
// field may contain any byte, newlines and separators included, without ambiguity), one
// "<name> <value>" per line in a fixed order.
class CanonicalWriter {
  public:
    void integer(std::string_view name, int64_t value) {
        key(name);
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
        (void)ec;  // 24 chars always hold an int64
        out_.append(buf, end);
        out_ += '\n';
    }
    void text(std::string_view name, std::string_view value) {
        key(name);
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.size());
        (void)ec;
        out_.append(buf, end);
        out_ += ':';
        out_.append(value);
        out_ += '\n';
    }
    std::string take() { return std::move(out_); }

  private:
    void key(std::string_view name) {
        out_.append(name);
        out_ += ' ';
    }
    std::string out_;
};

std::string_view taxModeName(TaxMode mode) {
    return mode == TaxMode::Inclusive ? "inclusive" : "exclusive";
}

}  // namespace

SaleRecord makeSaleRecord(const Cart& cart, const PricedCart& priced, std::string language) {
    SaleRecord sale;
    sale.currency = priced.currency;
    sale.language = std::move(language);
    sale.taxMode = priced.taxMode;
    for (const PricedLine& pl : priced.lines) {
        const CartLine* cl = cart.find(pl.lineId);
        SaleLine line;
        line.lineId = pl.lineId;
        if (cl) {
            line.productId = cl->product.id;
            line.code = cl->scannedCode;
            line.name = cl->product.nameFor(sale.language);
            line.overrideReason = cl->priceOverride ? cl->overrideReason : std::string();
        }
        line.quantity = pl.quantity;
        line.weightGrams = pl.weightGrams;
        line.unitPrice = pl.unitPrice;
        line.gross = pl.gross;
        line.discount = pl.discount;
        line.net = pl.net;
        line.taxClass = pl.taxClass;
        line.tax = pl.tax;
        sale.lines.push_back(std::move(line));
    }
    sale.discounts = priced.discounts;
    sale.taxes = priced.taxes;
    sale.subtotal = priced.subtotal;
    sale.discountTotal = priced.discountTotal;
    sale.taxTotal = priced.taxTotal;
    sale.total = priced.total;
    return sale;
}

std::string canonicalSaleText(const SaleRecord& sale) {
    CanonicalWriter w;
    w.text("format", "kasir-sale-v1");
    w.text("saleUuid", sale.saleUuid);
    w.text("storeId", sale.storeId);
    w.text("kioskId", sale.kioskId);
    w.integer("receiptNo", sale.receiptNo);
    w.integer("startedAt", sale.startedAt);
    w.integer("endedAt", sale.endedAt);
    w.text("currency", sale.currency.codeView());
    w.integer("currencyExponent", sale.currency.exponent);
    w.text("language", sale.language);
    w.text("taxMode", taxModeName(sale.taxMode));
    w.integer("lines", static_cast<int64_t>(sale.lines.size()));
    for (const SaleLine& l : sale.lines) {
        w.integer("line.lineId", l.lineId);
        w.integer("line.productId", l.productId);
        w.text("line.code", l.code);
        w.text("line.name", l.name);
        w.integer("line.quantity", l.quantity);
        w.integer("line.weightGrams", l.weightGrams);
        w.integer("line.unitPrice", l.unitPrice);
        w.integer("line.gross", l.gross);
        w.integer("line.discount", l.discount);
        w.integer("line.net", l.net);
        w.text("line.taxClass", l.taxClass);
        w.integer("line.tax", l.tax);
        w.text("line.overrideReason", l.overrideReason);
    }
    w.integer("discounts", static_cast<int64_t>(sale.discounts.size()));
    for (const AppliedDiscount& d : sale.discounts) {
        w.integer("discount.promotionId", d.promotionId);
        w.text("discount.label", d.label);
        w.integer("discount.lineId", d.lineId);
        w.integer("discount.amount", d.amount);
    }
    w.integer("taxes", static_cast<int64_t>(sale.taxes.size()));
    for (const TaxLine& t : sale.taxes) {
        w.text("tax.taxClass", t.taxClass);
        w.text("tax.name", t.name);
        w.integer("tax.rate", t.rate);
        w.integer("tax.base", t.base);
        w.integer("tax.tax", t.tax);
        w.integer("tax.gross", t.gross);
    }
    w.integer("tenders", static_cast<int64_t>(sale.tenders.size()));
    for (const Tender& t : sale.tenders) {
        w.text("tender.method", t.method);
        w.integer("tender.amount", t.amount);
        w.text("tender.brand", t.brand);
        w.text("tender.maskedPan", t.maskedPan);
        w.text("tender.entryMode", t.entryMode);
        w.text("tender.approvalCode", t.approvalCode);
        w.text("tender.terminalTransactionId", t.terminalTransactionId);
        w.text("tender.reconciliationId", t.reconciliationId);
        w.integer("tender.receiptLines", static_cast<int64_t>(t.receiptLines.size()));
        for (const std::string& line : t.receiptLines)
            w.text("tender.receiptLine", line);
    }
    w.integer("subtotal", sale.subtotal);
    w.integer("discountTotal", sale.discountTotal);
    w.integer("taxTotal", sale.taxTotal);
    w.integer("total", sale.total);
    return w.take();
}

namespace {

// ---- receipt text ---------------------------------------------------------------------------
// Receipt printers and screens count characters, not bytes, and product names are often
// Italian or Indonesian with accents, so widths are counted in code points. Names come from a
// catalogue import, so they are cleaned first: invalid UTF-8 becomes '?', control characters
// (a stray newline would break the layout) become spaces.

std::string cleanText(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        const auto c = static_cast<unsigned char>(in[i]);
        size_t len = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        }
        bool valid = len > 0 && i + len <= in.size();
        for (size_t k = 1; valid && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(in[i + k]);
            valid = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Reject overlong forms, surrogates and values past Unicode.
        static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        if (valid && (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
            valid = false;
        if (!valid) {
            out += '?';
            ++i;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            out += ' ';
        else
            out.append(in.substr(i, len));
        i += len;
    }
    return out;
}

// Code points in valid UTF-8.
size_t displayWidth(std::string_view s) {
    size_t n = 0;
    for (char ch : s)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
}

// Bytes taken by the first `points` code points of valid UTF-8.
size_t bytesFor(std::string_view s, size_t points) {
    size_t i = 0;
    size_t seen = 0;
    while (i < s.size()) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == points)
                break;
            ++seen;
        }
        ++i;
    }
    return i;
}

// Word-wraps clean text into lines of at most `width` code points; a word longer than a line
// is cut at code point boundaries rather than overflowing.
std::vector<std::string> wrap(std::string_view text, size_t width) {
    width = std::max<size_t>(width, 1);
    std::vector<std::string> lines;
    std::string current;
    size_t currentWidth = 0;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        size_t end = text.find(' ', i);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view word = text.substr(i, end - i);
        i = end;
        size_t w = displayWidth(word);
        if (currentWidth > 0 && currentWidth + 1 + w <= width) {
            current += ' ';
            current.append(word);
            currentWidth += 1 + w;
            continue;
        }
        if (currentWidth > 0) {
            lines.push_back(std::move(current));
            current.clear();
            currentWidth = 0;
        }
        while (w > width) {
            const size_t cut = bytesFor(word, width);
            lines.emplace_back(word.substr(0, cut));
            word.remove_prefix(cut);
            w -= width;
        }
        current.assign(word);
        currentWidth = w;
    }
    if (currentWidth > 0 || lines.empty())
        lines.push_back(std::move(current));
    return lines;
}

class ReceiptWriter {
  public:
    ReceiptWriter(size_t columns, const ReceiptTextFilter& filter)
        : columns_(std::max<size_t>(columns, 1)), filter_(filter) {}

    // Text wrapped to the width, every line starting `indent` spaces in.
    void text(std::string_view raw, size_t indent = 0) {
        indent = std::min(indent, columns_ - 1);
        for (const std::string& l : wrap(clean(raw), columns_ - indent))
            emit(std::string(indent, ' ') + l);
    }
    void center(std::string_view raw) {
        for (const std::string& l : wrap(clean(raw), columns_))
            emit(std::string((columns_ - displayWidth(l)) / 2, ' ') + l);
    }
    // `left` at the margin (after `indent`), `right` flush right on the same line when both
    // fit, otherwise on the last line of the wrapped left text or a line of its own.
    void leftRight(std::string_view rawLeft, std::string_view rawRight, size_t indent = 0) {
        indent = std::min(indent, columns_ - 1);
        const std::string right = clean(rawRight);
        const size_t rw = displayWidth(right);
        std::vector<std::string> left = wrap(clean(rawLeft), columns_ - indent);
        const std::string lastLeft = std::string(indent, ' ') + left.back();
        left.pop_back();
        for (const std::string& l : left)
            emit(std::string(indent, ' ') + l);
        const size_t lw = displayWidth(lastLeft);
        if (lw + 1 + rw <= columns_) {
            emit(lastLeft + std::string(columns_ - lw - rw, ' ') + right);
            return;
        }
        emit(lastLeft);
        for (const std::string& r : wrap(right, columns_))
            emit(std::string(columns_ - displayWidth(r), ' ') + r);
    }
    // Lines laid out by someone else (the payment terminal): kept as they are when they fit,
    // since their spacing may align columns, and wrapped otherwise.
    void verbatim(std::string_view raw) {
        const std::string shown = clean(raw);
        if (displayWidth(shown) <= columns_)
            emit(shown);
        else
            text(shown);
    }
    void rule(char ch = '-') { emit(std::string(columns_, ch)); }
    void blank() { emit(""); }
    // The style of the lines emitted from now on.
    void style(ReceiptLineStyle s) { style_ = s; }
    std::vector<ReceiptLine> take() { return std::move(out_); }

  private:
    // The filter runs on clean text, before widths are measured, so a printer's
    // transliteration ("EUR" for a missing euro sign) cannot push a line past the width.
    std::string clean(std::string_view raw) const {
        std::string c = cleanText(raw);
        return filter_ ? cleanText(filter_(c)) : c;
    }
    void emit(const std::string& line) {
        // Trailing spaces only cost paper and confuse width checks.
        const size_t end = line.find_last_not_of(' ');
        out_.push_back({line.substr(0, end == std::string::npos ? 0 : end + 1), style_});
    }
    size_t columns_;
    const ReceiptTextFilter& filter_;
    ReceiptLineStyle style_ = ReceiptLineStyle::Normal;
    std::vector<ReceiptLine> out_;
};

struct Labels {
    const char* receipt;
    const char* store;
    const char* kiosk;
    const char* priceSet;
    const char* subtotal;
    const char* savings;
    const char* taxIncluded;
    const char* taxAdded;
    const char* base;
    const char* tax;
    const char* total;
    const char* card;
    const char* cash;
    const char* approval;
    const char* change;
    const char* check;
    const char* previous;
};

const Labels& labelsFor(std::string_view language) {
    static const Labels en{"Receipt",   "Store",        "Kiosk", "Price set", "Subtotal",
                           "You saved", "Tax included", "Tax",   "Base",      "Tax",
                           "TOTAL",     "Card",         "Cash",  "Approval",  "Change",
                           "Check",     "Previous"};
    static const Labels id{
        "Struk",          "Toko",           "Kios",    "Harga diubah", "Subtotal",  "Anda hemat",
        "Termasuk pajak", "Pajak",          "DPP",     "Pajak",        "TOTAL",     "Kartu",
        "Tunai",          "Kode otorisasi", "Kembali", "Kode cek",     "Sebelumnya"};
    return language == "id" ? id : en;
}

bool commaDecimal(std::string_view language) {
    return language == "id" || language == "de" || language == "fr" || language == "it" ||
           language == "es" || language == "nl" || language == "pt";
}

// "1,234 kg" / "1.234 kg": weights to the gram, with the language's decimal separator.
std::string formatKg(int64_t grams, std::string_view language) {
    const std::string frac = std::to_string(grams % 1000);
    return std::to_string(grams / 1000) + (commaDecimal(language) ? "," : ".") +
           std::string(3 - frac.size(), '0') + frac + " kg";
}

std::string twoDigits(int64_t v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

// "2024-06-11 14:32:05" for a UTC timestamp shifted by the store's offset (proleptic
// Gregorian calendar; days-from-civil inverse after H. Hinnant).
std::string formatLocalTime(Timestamp ms, int utcOffsetMinutes) {
    auto floorDiv = [](int64_t a, int64_t b) {
        return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
    };
    const int64_t secs = floorDiv(ms, 1000) + int64_t{utcOffsetMinutes} * 60;
    const int64_t days = floorDiv(secs, 86'400);
    const int64_t sod = secs - days * 86'400;
    const int64_t z = days + 719'468;
    const int64_t era = floorDiv(z, 146'097);
    const int64_t doe = z - era * 146'097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const int64_t year = yoe + era * 400 + (month <= 2);
    return std::to_string(year) + "-" + twoDigits(month) + "-" + twoDigits(day) + " " +
           twoDigits(sod / 3600) + ":" + twoDigits(sod / 60 % 60) + ":" + twoDigits(sod % 60);
}

}  // namespace

std::vector<ReceiptLine> receiptLayout(const SaleRecord& sale, const std::string& storeName,
                                       int columns, int utcOffsetMinutes,
                                       const ReceiptTextFilter& filter) {
    const Labels& label = labelsFor(sale.language);
    auto money = [&](int64_t minor) { return formatMinor(minor, sale.currency, sale.language); };
    // Discounts print as negative amounts; prefixing the sign avoids negating INT64_MIN.
    auto minus = [&](int64_t minor) { return "-" + money(minor); };
    ReceiptWriter w(static_cast<size_t>(std::max(columns, 1)), filter);

    w.style(ReceiptLineStyle::Title);
    w.center(storeName);
    w.style(ReceiptLineStyle::Normal);
    w.text(std::string(label.receipt) + " " + std::to_string(sale.receiptNo));
    w.leftRight(std::string(label.store) + " " + sale.storeId,
                std::string(label.kiosk) + " " + sale.kioskId);
    w.text(formatLocalTime(sale.endedAt != 0 ? sale.endedAt : sale.startedAt, utcOffsetMinutes));
    w.rule();

    for (const SaleLine& line : sale.lines) {
        if (line.weightGrams > 0) {
            w.text(line.name);
            w.leftRight(
                formatKg(line.weightGrams, sale.language) + " x " + money(line.unitPrice) + "/kg",
                money(line.gross), 2);
        } else if (line.quantity != 1) {
            w.text(line.name);
            w.leftRight(std::to_string(line.quantity) + " x " + money(line.unitPrice),
                        money(line.gross), 2);
        } else {
            w.leftRight(line.name, money(line.gross));
        }
        if (!line.overrideReason.empty())
            w.text(std::string(label.priceSet) + ": " + line.overrideReason, 2);
        for (const AppliedDiscount& d : sale.discounts)
            if (d.lineId == line.lineId)
                w.leftRight(d.label, minus(d.amount), 2);
    }
    w.rule();

    w.leftRight(label.subtotal, money(sale.subtotal));
    if (sale.discountTotal != 0)
        w.leftRight(label.savings, minus(sale.discountTotal));
    if (!sale.taxes.empty()) {
        w.text(sale.taxMode == TaxMode::Inclusive ? label.taxIncluded : label.taxAdded);
        for (const TaxLine& t : sale.taxes) {
            w.text(t.name.empty() ? t.taxClass : t.name, 2);
            w.leftRight(std::string(label.base) + " " + money(t.base),
                        std::string(label.tax) + " " + money(t.tax), 4);
        }
    }
    w.rule('=');
    w.style(ReceiptLineStyle::Emphasis);
    w.leftRight(label.total, money(sale.total));
    w.style(ReceiptLineStyle::Normal);
    w.rule('=');

    int64_t paid = 0;
    for (const Tender& t : sale.tenders) {
        std::string method = t.method == "card"   ? label.card
                             : t.method == "cash" ? label.cash
                                                  : t.method;
        if (!t.brand.empty())
            method += " " + t.brand;
        w.leftRight(method, money(t.amount));
        if (!t.maskedPan.empty())
            w.text(t.maskedPan, 2);
        if (!t.approvalCode.empty())
            w.text(std::string(label.approval) + " " + t.approvalCode, 2);
        for (const std::string& l : t.receiptLines)
            w.verbatim(l);
        paid = checkedAdd(paid, t.amount).value_or(paid);
    }
    if (auto change = checkedSub(paid, sale.total); change && *change > 0)
        w.leftRight(label.change, money(*change));
    w.rule();

    auto prefix = [](const std::string& hash) { return hash.empty() ? "-" : hash.substr(0, 16); };
    w.text(std::string(label.check) + " " + prefix(sale.hash));
    w.text(std::string(label.previous) + " " + prefix(sale.prevHash));
    return w.take();
}

std::string receiptText(const SaleRecord& sale, const std::string& storeName, int columns,
                        int utcOffsetMinutes) {
    std::string out;
    for (const ReceiptLine& line : receiptLayout(sale, storeName, columns, utcOffsetMinutes)) {
        out += line.text;
        out += '\n';
    }
    return out;
}

}  // namespace kiosk
