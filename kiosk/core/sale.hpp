// A completed sale as the journal keeps it: what was sold, how it was priced and paid.
// Built from the cart and its pricing when a payment succeeds; storage persists it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk {

struct SaleLine {
    int64_t lineId = 0;
    int64_t productId = 0;
    std::string code;  // GTIN-14 or PLU as sold
    std::string name;  // in the sale's language
    int64_t quantity = 1;
    int64_t weightGrams = 0;
    int64_t unitPrice = 0;
    int64_t gross = 0;
    int64_t discount = 0;
    int64_t net = 0;
    std::string taxClass;
    int64_t tax = 0;
    std::string overrideReason;  // non-empty when an attendant set the price
    friend bool operator==(const SaleLine&, const SaleLine&) = default;
};

// A tender: for cards only what PCI scope allows (masked PAN, brand, entry mode, approval
// code, the terminal's references), never a full card number or expiry date.
struct Tender {
    std::string method;  // "card", "cash"
    int64_t amount = 0;
    std::string brand;
    std::string maskedPan;
    std::string entryMode;
    std::string approvalCode;
    std::string terminalTransactionId;
    std::string reconciliationId;
    std::vector<std::string> receiptLines;  // the terminal's lines for the printed receipt
    friend bool operator==(const Tender&, const Tender&) = default;
};

struct SaleRecord {
    std::string saleUuid;  // unique per transaction; completing it twice is a no-op
    std::string storeId;
    std::string kioskId;
    int64_t receiptNo = 0;  // gapless per store and kiosk; assigned by storage
    Timestamp startedAt = 0;
    Timestamp endedAt = 0;
    Currency currency;
    std::string language = "en";
    TaxMode taxMode = TaxMode::Inclusive;
    std::vector<SaleLine> lines;
    std::vector<AppliedDiscount> discounts;
    std::vector<TaxLine> taxes;
    std::vector<Tender> tenders;
    int64_t subtotal = 0;
    int64_t discountTotal = 0;
    int64_t taxTotal = 0;
    int64_t total = 0;
    std::string prevHash;  // hex SHA-256 of the previous sale of this store and kiosk
    std::string hash;      // hex SHA-256 over prevHash and canonicalSaleText
    friend bool operator==(const SaleRecord&, const SaleRecord&) = default;
};

// Builds the journal record of a cart priced for sale (receipt number and hashes empty).
SaleRecord makeSaleRecord(const Cart& cart, const PricedCart& priced, std::string language);

// A deterministic text of every journaled field except the hashes; the hash chain covers it.
std::string canonicalSaleText(const SaleRecord& sale);

// One line of the receipt layout, shared by the plain text, the printer and the digital
// receipt. Title (the store's name) and Emphasis (the total) keep the line's width in columns;
// a printer shows them bold and double height, which does not change the column count.
enum class ReceiptLineStyle { Normal, Title, Emphasis };
struct ReceiptLine {
    std::string text;  // at most `columns` code points, no trailing spaces
    ReceiptLineStyle style = ReceiptLineStyle::Normal;
    friend bool operator==(const ReceiptLine&, const ReceiptLine&) = default;
};
// Maps clean UTF-8 text to what the output device can show (e.g. a printer's code page with
// transliteration); applied before widths are measured. Empty = text as it is.
using ReceiptTextFilter = std::function<std::string(std::string_view)>;

std::vector<ReceiptLine> receiptLayout(const SaleRecord& sale, const std::string& storeName,
                                       int columns = 48, int utcOffsetMinutes = 0,
                                       const ReceiptTextFilter& filter = {});

// The receipt as plain text of the given width (32 or 48 columns), no line wider than
// `columns` code points. Times are shown in the store's local time, UTC + utcOffsetMinutes.
// The lines of receiptLayout, each ended by '\n'.
std::string receiptText(const SaleRecord& sale, const std::string& storeName, int columns = 48,
                        int utcOffsetMinutes = 0);

}  // namespace kiosk
