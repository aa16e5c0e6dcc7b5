// Pricing rules (tax classes, promotions, rounding) and the priced cart they produce.
// priceCart is pure and deterministic: the same cart, rules and time give the same result.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk {

// Rates are in parts per million of the base: 11% = 110'000, 8.875% = 88'750.
inline constexpr int64_t kRateOne = 1'000'000;

enum class TaxMode {
    Inclusive,  // shelf prices include tax (VAT, GST, PPN): tax is extracted
    Exclusive,  // shelf prices exclude tax (US sales tax): tax is added
};

enum class TaxRounding {
    PerLine,     // tax rounded on every line, then summed per rate
    PerReceipt,  // line amounts summed per rate, tax rounded once per rate
};

struct TaxClass {
    std::string code;  // e.g. "PPN", "EXEMPT"
    std::string name;  // shown on the receipt, e.g. "PPN 11%"
    int64_t rate = 0;  // parts per million
    friend bool operator==(const TaxClass&, const TaxClass&) = default;
};

// Rounds the amount to pay to a cash increment (e.g. 100 for IDR coins); 0 disables it.
// Kept for cash tenders; card payments are charged exactly.
struct CashRounding {
    int64_t increment = 0;
    friend bool operator==(const CashRounding&, const CashRounding&) = default;
};

struct TaxConfig {
    TaxMode mode = TaxMode::Inclusive;
    TaxRounding rounding = TaxRounding::PerLine;
    std::vector<TaxClass> classes;
    CashRounding cashRounding;
    friend bool operator==(const TaxConfig&, const TaxConfig&) = default;
};

enum class PromotionKind {
    BuyNPayM,    // "3 for 2": of every n units from the group, the m dearest are paid
    NForPrice,   // "2 for Rp 10.000": every n units from the group cost `amount` together
    PercentOff,  // `percent` (basis points, 1000 = 10%) off every unit of the group
    AmountOff,   // `amount` off every unit of the group (never below zero)
};

struct Promotion {
    int64_t id = 0;
    std::string label;  // shown on the discount line, e.g. "3 for 2 beer"
    PromotionKind kind = PromotionKind::PercentOff;
    std::vector<int64_t> productIds;  // one product: item deal; several: mix and match
    int64_t n = 0;
    int64_t m = 0;
    int64_t amount = 0;                                            // minor units
    int64_t percent = 0;                                           // basis points
    Timestamp validFrom = std::numeric_limits<Timestamp>::min();   // inclusive
    Timestamp validUntil = std::numeric_limits<Timestamp>::max();  // exclusive
    friend bool operator==(const Promotion&, const Promotion&) = default;
};

struct PricingRules {
    Currency currency;
    TaxConfig tax;
    std::vector<Promotion> promotions;
};

// One discount given by one promotion on one cart line (a deal over several lines gives one
// discount per line it touches, the amounts adding up to the deal's saving).
struct AppliedDiscount {
    int64_t promotionId = 0;
    std::string label;
    int64_t lineId = 0;
    int64_t amount = 0;  // positive: what the shopper saves
    friend bool operator==(const AppliedDiscount&, const AppliedDiscount&) = default;
};

struct PricedLine {
    int64_t lineId = 0;
    int64_t unitPrice = 0;  // per unit or per kg, after any override
    int64_t quantity = 1;
    int64_t weightGrams = 0;
    int64_t gross = 0;     // extended price before discounts, as on the shelf
    int64_t discount = 0;  // sum of this line's discounts
    int64_t net = 0;       // gross - discount (shelf-price basis: tax-inclusive if Inclusive)
    std::string taxClass;
    int64_t tax = 0;  // tax of this line (per-line rounding; 0 until totals with per-receipt)
    friend bool operator==(const PricedLine&, const PricedLine&) = default;
};

struct TaxLine {
    std::string taxClass;
    std::string name;
    int64_t rate = 0;
    int64_t base = 0;  // amount before tax
    int64_t tax = 0;
    int64_t gross = 0;  // base + tax
    friend bool operator==(const TaxLine&, const TaxLine&) = default;
};

struct PricedCart {
    Currency currency;
    TaxMode taxMode = TaxMode::Inclusive;    // how `total` relates to `taxTotal`; journaled
    std::vector<PricedLine> lines;           // in cart order
    std::vector<AppliedDiscount> discounts;  // ordered by line, then promotion id
    std::vector<TaxLine> taxes;              // ordered by tax class code
    int64_t subtotal = 0;                    // sum of gross
    int64_t discountTotal = 0;               // sum of discounts
    int64_t taxTotal = 0;
    int64_t total = 0;  // what the shopper pays (exclusive mode: net + tax)
    friend bool operator==(const PricedCart&, const PricedCart&) = default;
};

// Prices the cart at time `now` (promotions outside their window are ignored). Fails on a
// line whose tax class is unknown or on overflow.
Result<PricedCart> priceCart(const Cart& cart, const PricingRules& rules, Timestamp now);

// The amount due in cash after the configured rounding (half up to the increment).
int64_t cashRounded(int64_t amount, const CashRounding& rounding);

}  // namespace kiosk
