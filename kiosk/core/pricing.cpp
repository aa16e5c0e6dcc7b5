// Pricing: line amounts, promotions and tax for a cart; cash rounding.
// Everything is integer minor units and ppm rates; every overflow becomes an Error.
#include "kiosk/core/pricing.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {
namespace {

Error overflow(const std::string& what) {
    return makeError(ErrorCode::Overflow, "amount too large: " + what);
}

std::string describe(const CartLine& line) {
    return "'" + line.product.nameFor("en") + "' (product " + std::to_string(line.product.id) +
           ", line " + std::to_string(line.lineId) + ")";
}

// Gross of one line before discounts: unit price x quantity, or price per kg x grams / 1000
// rounded half up (weights are never negative, so mulDivRound's half-away-from-zero is half up).
Result<PricedLine> priceLine(const CartLine& line) {
    PricedLine out;
    out.lineId = line.lineId;
    out.unitPrice = line.priceOverride.value_or(line.product.price);
    out.taxClass = line.product.taxClass;
    if (out.unitPrice < 0)
        return makeError(ErrorCode::InvalidArgument, "negative price on " + describe(line));
    if (line.product.unit == SaleUnit::Weight) {
        if (line.weightGrams <= 0)
            return makeError(ErrorCode::InvalidArgument, "no weight on " + describe(line));
        out.quantity = 1;
        out.weightGrams = line.weightGrams;
        auto gross = mulDivRound(out.unitPrice, line.weightGrams, 1000);
        if (!gross)
            return overflow(describe(line));
        out.gross = *gross;
    } else {
        if (line.quantity <= 0)
            return makeError(ErrorCode::InvalidArgument, "no quantity on " + describe(line));
        out.quantity = line.quantity;
        auto gross = checkedMul(out.unitPrice, line.quantity);
        if (!gross)
            return overflow(describe(line));
        out.gross = *gross;
    }
    return out;
}

// Tax contained in (Inclusive) or added to (Exclusive) a tax-class amount, rounded half up.
std::optional<int64_t> taxOf(int64_t amount, int64_t rate, TaxMode mode) {
    if (mode == TaxMode::Inclusive) {
        auto den = checkedAdd(kRateOne, rate);
        if (!den)
            return std::nullopt;
        return mulDivRound(amount, rate, *den);
    }
    return mulDivRound(amount, rate, kRateOne);
}

// Fills tax on lines (PerLine), the per-class breakdown and the totals.
Result<void> applyTax(const Cart& cart, const TaxConfig& config, PricedCart& priced) {
    std::map<std::string, const TaxClass*> classes;
    for (const auto& c : config.classes)
        classes.emplace(c.code, &c);

    struct Sum {
        int64_t net = 0;
        int64_t tax = 0;
    };
    std::map<std::string, Sum> perClass;  // ordered by class code, as the receipt wants
    for (size_t i = 0; i < priced.lines.size(); ++i) {
        PricedLine& line = priced.lines[i];
        auto it = classes.find(line.taxClass);
        if (it == classes.end())
            return makeError(ErrorCode::NotFound, "unknown tax class '" + line.taxClass + "' on " +
                                                      describe(cart.lines()[i]));
        const int64_t rate = it->second->rate;
        if (rate < 0)
            return makeError(ErrorCode::InvalidArgument,
                             "negative rate in tax class '" + line.taxClass + "'");
        Sum& sum = perClass[line.taxClass];
        auto net = checkedAdd(sum.net, line.net);
        if (!net)
            return overflow("tax class " + line.taxClass);
        sum.net = *net;
        if (config.rounding == TaxRounding::PerLine) {
            auto tax = taxOf(line.net, rate, config.mode);
            if (!tax)
                return overflow(describe(cart.lines()[i]));
            line.tax = *tax;
            auto total = checkedAdd(sum.tax, *tax);
            if (!total)
                return overflow("tax class " + line.taxClass);
            sum.tax = *total;
        } else {
            line.tax = 0;  // per-receipt rounding has no per-line tax
        }
    }

    int64_t taxTotal = 0;
    for (const auto& [code, sum] : perClass) {
        const TaxClass& c = *classes.at(code);
        TaxLine t;
        t.taxClass = code;
        t.name = c.name;
        t.rate = c.rate;
        t.tax = sum.tax;
        if (config.rounding == TaxRounding::PerReceipt) {
            auto tax = taxOf(sum.net, c.rate, config.mode);
            if (!tax)
                return overflow("tax class " + code);
            t.tax = *tax;
        }
        if (config.mode == TaxMode::Inclusive) {
            t.gross = sum.net;
            t.base = sum.net - t.tax;  // 0 <= tax <= net, cannot overflow
        } else {
            t.base = sum.net;
            auto gross = checkedAdd(sum.net, t.tax);
            if (!gross)
                return overflow("tax class " + code);
            t.gross = *gross;
        }
        auto total = checkedAdd(taxTotal, t.tax);
        if (!total)
            return overflow("tax total");
        taxTotal = *total;
        priced.taxes.push_back(std::move(t));
    }
    priced.taxTotal = taxTotal;
    const int64_t netTotal = priced.subtotal - priced.discountTotal;  // 0 <= discounts <= gross
    if (config.mode == TaxMode::Inclusive) {
        priced.total = netTotal;
    } else {
        auto total = checkedAdd(netTotal, taxTotal);
        if (!total)
            return overflow("total");
        priced.total = *total;
    }
    return {};
}

}  // namespace

Result<PricedCart> priceCart(const Cart& cart, const PricingRules& rules, Timestamp now) {
    (void)now;  // promotions use it
    PricedCart priced;
    priced.currency = rules.currency;
    priced.taxMode = rules.tax.mode;
    for (const CartLine& line : cart.lines()) {
        auto pl = priceLine(line);
        if (!pl)
            return pl.error();
        auto subtotal = checkedAdd(priced.subtotal, pl->gross);
        if (!subtotal)
            return overflow("subtotal");
        priced.subtotal = *subtotal;
        pl->net = pl->gross;
        priced.lines.push_back(std::move(*pl));
    }
    if (auto r = applyTax(cart, rules.tax, priced); !r)
        return r.error();
    return priced;
}

int64_t cashRounded(int64_t amount, const CashRounding& rounding) {
    const int64_t inc = rounding.increment;
    if (inc <= 0)
        return amount;
    // floor((2a + inc) / (2 inc)) * inc is exact half up, for odd increments and negatives too.
    const __int128 twice = static_cast<__int128>(amount) * 2 + inc;
    const __int128 den = static_cast<__int128>(inc) * 2;
    __int128 q = twice / den;
    if (twice % den != 0 && twice < 0)
        --q;  // C++ divides toward zero; we want floor
    __int128 r = q * inc;
    // Near the int64 limits the rounded amount may not fit: round the other way instead.
    if (r > std::numeric_limits<int64_t>::max())
        r -= inc;
    if (r < std::numeric_limits<int64_t>::min())
        r += inc;
    return static_cast<int64_t>(r);
}

}  // namespace kiosk
