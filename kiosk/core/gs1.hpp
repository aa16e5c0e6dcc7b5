// GS1 interpretation of everything a scan can deliver: plain GTINs, variable-measure labels,
// GS1 element strings, GS1 Digital Link URIs and AIM symbology identifiers from hand scanners.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk {

// --- Symbology ------------------------------------------------------------------------------

enum class Symbology {
    Unknown,
    Ean13,  // also UPC-A as transmitted with ]E0
    Ean8,
    UpcA,
    UpcE,
    EanAddOn,  // ]E1 / ]E2: an add-on read on its own
    Code128,
    Gs1_128,
    DataBar,  // every DataBar variant: the data is a GS1 element string
    QrCode,
    Gs1QrCode,
    DataMatrix,
    Gs1DataMatrix,
    Code39,
    Other,
};

const char* toString(Symbology s);

// "]E0" style identifier (three characters) to a symbology; Unknown for anything else.
Symbology symbologyFromAim(std::string_view aim);
// ZXing-cpp format names ("EAN-13", "QRCode", "DataBarExpanded", ...) or AIM ids.
Symbology symbologyFromName(std::string_view name);

// --- Variable-measure (restricted circulation) codes ----------------------------------------

enum class MeasureKind { Price, Weight };

// The layout of a variable-measure code, read on its 13-digit form (UPC-A with number system 2
// becomes "02..."): prefix, item reference, optional verifier digit, value, check digit.
// prefix.size() + itemDigits + (verifier ? 1 : 0) + valueDigits + 1 == 13.
struct VariableMeasureLayout {
    std::string prefix;  // "20".."29", or "02" for UPC-A number system 2; longest match wins
    int itemDigits = 5;
    bool verifier = false;  // price/measure verifier digit (GS1 7.9.3) before the value
    int valueDigits = 5;    // 4 or 5 with a verifier
    MeasureKind measure = MeasureKind::Price;
    int decimals = 0;  // implied decimals of the value: price in the currency, weight in kg
    friend bool operator==(const VariableMeasureLayout&, const VariableMeasureLayout&) = default;
};

// A layout from a pattern such as "21 IIIII V PPPP C" or "28 IIIII WWWWW C": leading digits are
// the prefix, I item, V verifier, P price or W weight digits, C check digit; spaces ignored.
Result<VariableMeasureLayout> parseVariableMeasureLayout(std::string_view pattern, int decimals);

struct VariableMeasureRules {
    std::vector<VariableMeasureLayout> layouts;
    int currencyDecimals = 2;     // minor-unit digits of the store currency (IDR 0, EUR 2)
    std::string currencyNumeric;  // ISO 4217 numeric ("360"); AI 393n refused when empty
};

// Every layout well formed (lengths add up, verifier with 4 or 5 digits, decimals in range,
// no prefix twice).
Result<void> validateRules(const VariableMeasureRules& rules);

// GS1 General Specifications 7.9.3: price/measure verifier digit of a 4- or 5-digit value;
// -1 if the input is not 4 or 5 digits.
int priceVerifierDigit(std::string_view value);

// The catalogue key of a variable-measure item: the scanned code with its verifier and value
// digits set to zero and the check digit recomputed, as GTIN-14.
//
// How the catalogue stores such items: one product per item reference, listed under this key
// (its `code`, or one of its `barcodes`), e.g. the scale's labels "21 12345 V PPPP C" all look
// up 0211234500000C. A price label's product is sold as one line at the embedded price
// (ScanCode::priceMinor); a weight label's product has unit kg and its price per kilogram,
// the line price being weightGrams x price / 1000 as for a weighed item.
std::string variableMeasureKey(std::string_view gtin13, const VariableMeasureLayout& layout);

// --- GS1 element strings --------------------------------------------------------------------

struct AiValue {
    std::string ai;     // "01", "3103", ...
    std::string value;  // as encoded, without separators
    friend bool operator==(const AiValue&, const AiValue&) = default;
};

// Parses the data of a GS1 symbol: FNC1 as GS (0x1D), optionally led by "]C1", "]e0", "]Q3",
// "]d2" or a GS; or the human-readable form "(01)09506000134352(10)ABC". Values are checked
// against the AI's format (length, digits, check digit of 01, date of 17).
Result<std::vector<AiValue>> parseElementString(std::string_view data);

// The element string in human-readable form: "(01)09506000134352(17)201225".
std::string toHumanReadable(const std::vector<AiValue>& elements);

// GS1 Digital Link URI (any domain, optional path before the primary key) to its elements:
// the path's AI/value pairs then the query's numeric AIs; values percent-decoded.
Result<std::vector<AiValue>> parseDigitalLink(std::string_view uri);

// YYMMDD with a real month and a day valid for that month (00 = end of the month).
bool isValidGs1Date(std::string_view yymmdd);

// --- The one entry point for every scan -----------------------------------------------------

enum class ScanKind {
    Gtin,                   // look up gtin14
    VariableMeasurePrice,   // look up gtin14 (the item key); the label carries the price
    VariableMeasureWeight,  // look up gtin14 (the item key); the label carries the weight
    Gs1ElementString,       // GS1-128 / DataBar / GS1 QR / GS1 DataMatrix data
    DigitalLink,            // a GS1 Digital Link URI
    Other,                  // not a GS1 product code (loyalty card, a URL, ...): `data`
};

const char* toString(ScanKind k);

struct ScanCode {
    ScanKind kind = ScanKind::Other;
    Symbology symbology = Symbology::Unknown;
    std::string aimId;          // "]E0", when known
    std::string data;           // the code without AIM prefix and line ending
    std::string gtin14;         // key to look up; empty when there is none (Other, no AI 01)
    std::string scannedGtin14;  // the code as read, when it differs from the key (variable)
    std::string addOn;          // EAN-2/EAN-5 add-on digits
    std::optional<int64_t> priceMinor;   // in minor units of the store currency
    std::optional<int64_t> weightGrams;  // net weight, rounded to the gram
    std::string priceCurrency;           // ISO 4217 numeric from AI 393n
    std::string batch;                   // AI 10
    std::string expiry;                  // AI 17, YYMMDD (validated)
    std::string serial;                  // AI 21
    std::string coupon;                  // AI 8110
    std::vector<AiValue> elements;       // every AI in order (element strings, Digital Link)
};

// Interprets one scan from any source. `raw` may start with an AIM identifier (hand scanners)
// and end in CR/LF; `symbology` is an AIM id, a ZXing format name, or empty. Errors are plain
// words for the shopper or attendant: wrong check digit, unreadable label, expired date format.
Result<ScanCode> interpretScan(std::string_view raw, std::string_view symbology,
                               const VariableMeasureRules& rules);

}  // namespace kiosk
