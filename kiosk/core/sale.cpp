// Sale records: building one from a priced cart, its canonical text for the journal's hash
// chain, and the printed receipt.
#include "kiosk/core/sale.hpp"

#include <charconv>
#include <string>
#include <string_view>

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

std::string receiptText(const SaleRecord& sale, const std::string& storeName, int columns) {
    // Minimal until the full receipt layout lands.
    (void)columns;
    return storeName + "\nReceipt " + std::to_string(sale.receiptNo) + "\nTotal " +
           formatMinor(sale.total, sale.currency, sale.language) + "\n";
}

}  // namespace kiosk
