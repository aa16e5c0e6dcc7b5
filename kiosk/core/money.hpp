// Money as integer minor units of an ISO 4217 currency; never a double.
// Arithmetic is overflow-checked and formatting follows the currency and the shopper's language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace kiosk {

struct Currency {
    char code[4] = {'I', 'D', 'R', '\0'};  // ISO 4217 alphabetic code
    int exponent = 0;                      // decimals of the minor unit (IDR 0, EUR 2)

    std::string_view codeView() const { return std::string_view(code, 3); }
    friend bool operator==(const Currency& a, const Currency& b) {
        return a.codeView() == b.codeView() && a.exponent == b.exponent;
    }
};

// Known ISO 4217 currencies (IDR, USD, EUR, GBP, JPY, SGD, MYR, AUD, ...).
Result<Currency> currencyFromCode(std::string_view code);
Currency currencyIdr();
Currency currencyUsd();
Currency currencyEur();

// Overflow-checked int64 helpers; nullopt on overflow.
std::optional<int64_t> checkedAdd(int64_t a, int64_t b);
std::optional<int64_t> checkedSub(int64_t a, int64_t b);
std::optional<int64_t> checkedMul(int64_t a, int64_t b);
// a * num / den rounded half away from zero, computed in 128 bits; nullopt on overflow or den==0.
std::optional<int64_t> mulDivRound(int64_t a, int64_t num, int64_t den);

class Money {
  public:
    Money() = default;
    Money(int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}

    int64_t minor() const { return minor_; }
    const Currency& currency() const { return currency_; }
    bool isZero() const { return minor_ == 0; }
    bool isNegative() const { return minor_ < 0; }

    // Fails on currency mismatch or overflow.
    Result<Money> plus(const Money& other) const;
    Result<Money> minus(const Money& other) const;
    Result<Money> times(int64_t factor) const;

    friend bool operator==(const Money& a, const Money& b) {
        return a.minor_ == b.minor_ && a.currency_ == b.currency_;
    }

  private:
    int64_t minor_ = 0;
    Currency currency_{};
};

// Formats for a person, e.g. "Rp 12.500", "$12.50", "12,50 €". Language is an ISO 639-1 code
// ("en", "id", "de", ...); it decides separators and symbol placement where they differ.
std::string formatMoney(const Money& money, std::string_view language = "en");
std::string formatMinor(int64_t minor, const Currency& currency, std::string_view language = "en");

// Parses a decimal amount written with '.' as decimal separator ("12.50", "12500") into minor
// units of the currency. Rejects more decimals than the currency has, a '.' without a digit on
// each side ("12.", ".5"), signs and garbage.
Result<int64_t> parseAmount(std::string_view text, const Currency& currency);

}  // namespace kiosk
