// Money arithmetic and locale-aware formatting.
#include "kiosk/core/money.hpp"

#include <array>
#include <cstring>
#include <limits>

namespace kiosk {
namespace {

struct CurrencyInfo {
    const char* code;
    int exponent;
};

constexpr std::array<CurrencyInfo, 14> kCurrencies{{
    {"IDR", 0},
    {"USD", 2},
    {"EUR", 2},
    {"GBP", 2},
    {"JPY", 0},
    {"SGD", 2},
    {"MYR", 2},
    {"AUD", 2},
    {"CHF", 2},
    {"THB", 2},
    {"PHP", 2},
    {"VND", 0},
    {"KRW", 0},
    {"CAD", 2},
}};

Currency makeCurrency(const char* code, int exponent) {
    Currency c;
    std::memcpy(c.code, code, 3);
    c.code[3] = '\0';
    c.exponent = exponent;
    return c;
}

struct Style {
    std::string prefix;  // before the number (after the sign)
    std::string suffix;  // after the number
    char decimal = '.';
    char group = ',';
};

Style styleFor(const Currency& c, std::string_view lang) {
    const std::string_view code = c.codeView();
    const bool commaDecimal = lang == "id" || lang == "de" || lang == "fr" || lang == "it" ||
                              lang == "es" || lang == "nl" || lang == "pt";
    if (code == "IDR")
        return {"Rp ", "", ',', '.'};
    if (code == "EUR") {
        if (lang == "en")
            return {"€", "", '.', ','};
        return {"", " €", ',', lang == "fr" ? ' ' : '.'};
    }
    if (code == "USD") {
        if (lang == "en")
            return {"$", "", '.', ','};
        return {"US$", "", commaDecimal ? ',' : '.', commaDecimal ? '.' : ','};
    }
    if (code == "GBP")
        return {"£", "", '.', ','};
    if (code == "JPY")
        return {"¥", "", '.', ','};
    std::string pre(code);
    pre += ' ';
    return {pre, "", commaDecimal ? ',' : '.', commaDecimal ? '.' : ','};
}

}  // namespace

Result<Currency> currencyFromCode(std::string_view code) {
    for (const auto& info : kCurrencies) {
        if (code == info.code)
            return makeCurrency(info.code, info.exponent);
    }
    return makeError(ErrorCode::InvalidArgument, "unknown currency code '" + std::string(code) +
                                                     "' (expected ISO 4217, e.g. IDR)");
}

Currency currencyIdr() {
    return makeCurrency("IDR", 0);
}
Currency currencyUsd() {
    return makeCurrency("USD", 2);
}
Currency currencyEur() {
    return makeCurrency("EUR", 2);
}

std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

std::optional<int64_t> checkedSub(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

std::optional<int64_t> checkedMul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

std::optional<int64_t> mulDivRound(int64_t a, int64_t num, int64_t den) {
    if (den == 0)
        return std::nullopt;
    __int128 p = static_cast<__int128>(a) * num;
    const bool negative = (p < 0) != (den < 0);
    __int128 absP = p < 0 ? -p : p;
    __int128 absD = den < 0 ? -static_cast<__int128>(den) : den;
    __int128 q = (absP + absD / 2) / absD;  // half away from zero
    if (negative)
        q = -q;
    if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min())
        return std::nullopt;
    return static_cast<int64_t>(q);
}

Result<Money> Money::plus(const Money& other) const {
    if (!(currency_ == other.currency_))
        return makeError(ErrorCode::InvalidArgument, "cannot add amounts in different currencies");
    auto r = checkedAdd(minor_, other.minor_);
    if (!r)
        return makeError(ErrorCode::Overflow, "amount too large");
    return Money(*r, currency_);
}

Result<Money> Money::minus(const Money& other) const {
    if (!(currency_ == other.currency_))
        return makeError(ErrorCode::InvalidArgument,
                         "cannot subtract amounts in different currencies");
    auto r = checkedSub(minor_, other.minor_);
    if (!r)
        return makeError(ErrorCode::Overflow, "amount too large");
    return Money(*r, currency_);
}

Result<Money> Money::times(int64_t factor) const {
    auto r = checkedMul(minor_, factor);
    if (!r)
        return makeError(ErrorCode::Overflow, "amount too large");
    return Money(*r, currency_);
}

std::string formatMinor(int64_t minor, const Currency& currency, std::string_view language) {
    const Style style = styleFor(currency, language);
    // Work on the magnitude as unsigned so INT64_MIN formats correctly.
    const bool negative = minor < 0;
    uint64_t mag = negative ? (~static_cast<uint64_t>(minor) + 1) : static_cast<uint64_t>(minor);
    uint64_t scale = 1;
    for (int i = 0; i < currency.exponent; ++i)
        scale *= 10;
    const uint64_t whole = mag / scale;
    const uint64_t frac = mag % scale;

    std::string digits = std::to_string(whole);
    std::string grouped;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped += style.group;
        grouped += digits[static_cast<size_t>(i)];
    }
    if (currency.exponent > 0) {
        std::string f = std::to_string(frac);
        grouped += style.decimal;
        grouped += std::string(static_cast<size_t>(currency.exponent) - f.size(), '0') + f;
    }
    std::string out;
    if (negative)
        out += '-';
    out += style.prefix;
    out += grouped;
    out += style.suffix;
    return out;
}

std::string formatMoney(const Money& money, std::string_view language) {
    return formatMinor(money.minor(), money.currency(), language);
}

Result<int64_t> parseAmount(std::string_view text, const Currency& currency) {
    const auto bad = [&](const char* why) {
        return makeError(ErrorCode::InvalidArgument,
                         "invalid amount '" + std::string(text) + "': " + why);
    };
    if (text.empty())
        return bad("empty");
    int64_t whole = 0;
    int64_t frac = 0;
    int fracDigits = 0;
    bool seenDot = false;
    bool seenDigit = false;
    for (char ch : text) {
        if (ch == '.') {
            if (seenDot)
                return bad("two decimal points");
            if (!seenDigit)
                return bad("needs a digit on each side of the '.'");
            seenDot = true;
            continue;
        }
        if (ch < '0' || ch > '9')
            return bad("only digits and one '.' are allowed");
        seenDigit = true;
        const int d = ch - '0';
        if (seenDot) {
            if (++fracDigits > currency.exponent)
                return bad("too many decimals for the currency");
            frac = frac * 10 + d;
        } else {
            auto w = checkedMul(whole, 10);
            if (!w || !(w = checkedAdd(*w, d)))
                return bad("too large");
            whole = *w;
        }
    }
    if (!seenDigit)
        return bad("no digits");
    if (seenDot && fracDigits == 0)
        return bad("needs a digit on each side of the '.'");
    for (int i = fracDigits; i < currency.exponent; ++i)
        frac *= 10;
    int64_t scale = 1;
    for (int i = 0; i < currency.exponent; ++i)
        scale *= 10;
    auto m = checkedMul(whole, scale);
    if (!m)
        return bad("too large");
    auto total = checkedAdd(*m, frac);
    if (!total)
        return bad("too large");
    return *total;
}

}  // namespace kiosk
