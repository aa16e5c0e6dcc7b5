// GS1 identification keys: check digits, validation and normalisation of GTINs to GTIN-14.
// Scanned codes and catalogue codes are compared in GTIN-14 form everywhere in kasir.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace kiosk {

// Check digit for the given digits (everything but the check digit), or -1 if not all digits.
int gtinCheckDigit(std::string_view body);

// True for 8, 12, 13 or 14 digits whose last digit is the correct GS1 check digit.
bool isValidGtin(std::string_view code);

// A valid GTIN-8/12/13/14, left-padded with zeros to 14 digits. Codes of other lengths are
// refused, never zero-padded into validity.
Result<std::string> normalizeGtin14(std::string_view code);

// Restricted circulation numbers (store-internal and variable-measure items): GTIN-13 prefixes
// 020-029 and 20-29 (which covers UPC-A number system 2) and GTIN-8 prefixes 0 and 2.
// Takes a GTIN-14 as returned by normalizeGtin14.
bool isRestrictedCirculation(std::string_view gtin14);

// UPC-E (8 digits with number system and check digit, or 6/7 digits) to UPC-A (12 digits).
Result<std::string> expandUpcE(std::string_view upce);

}  // namespace kiosk
