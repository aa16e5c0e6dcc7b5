// GS1 interpretation: variable-measure codes, element strings, Digital Link, AIM identifiers.
#include "kiosk/core/gs1.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <limits>

#include "kiosk/core/gtin.hpp"

namespace kiosk {
namespace {

constexpr char kGs = '\x1d';
constexpr size_t kMaxScanLength = 4096;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), isDigit);
}

bool startsWith(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

int64_t pow10(int n) {
    int64_t r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

int64_t toInt(std::string_view digits) {  // callers pass at most 18 digits
    int64_t v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

// Printable text for messages: control characters never reach a screen or a log line.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 64)) {
        if (c == kGs)
            out += "<GS>";
        else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            out += '?';
        else
            out += c;
    }
    if (s.size() > 64)
        out += "...";
    return out;
}

Error bad(std::string message) {
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

// --- AI table (GS1 General Specifications 3.2), the subset a till meets ---------------------

enum class Charset { Numeric, Alnum };

struct AiSpec {
    std::string_view ai;  // for 4-digit AIs with a decimal indicator: the first three digits
    int aiLength;         // 2, 3 or 4
    int minLength;
    int maxLength;
    Charset charset;
    bool predefinedFixed;  // GS1 table of predefined lengths: no FNC1 needed after it
    enum class Check { None, Gtin, Date, Currency } check = Check::None;
};

using C = AiSpec::Check;
constexpr std::array kAis = {
    AiSpec{"00", 2, 18, 18, Charset::Numeric, true, C::Gtin},
    AiSpec{"01", 2, 14, 14, Charset::Numeric, true, C::Gtin},
    AiSpec{"02", 2, 14, 14, Charset::Numeric, true, C::Gtin},
    AiSpec{"10", 2, 1, 20, Charset::Alnum, false},
    AiSpec{"11", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"12", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"13", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"15", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"16", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"17", 2, 6, 6, Charset::Numeric, true, C::Date},
    AiSpec{"20", 2, 2, 2, Charset::Numeric, true},
    AiSpec{"21", 2, 1, 20, Charset::Alnum, false},
    AiSpec{"22", 2, 1, 20, Charset::Alnum, false},
    AiSpec{"240", 3, 1, 30, Charset::Alnum, false},
    AiSpec{"241", 3, 1, 30, Charset::Alnum, false},
    AiSpec{"250", 3, 1, 30, Charset::Alnum, false},
    AiSpec{"251", 3, 1, 30, Charset::Alnum, false},
    AiSpec{"30", 2, 1, 8, Charset::Numeric, false},
    AiSpec{"310", 4, 6, 6, Charset::Numeric, true},  // net weight, kg
    AiSpec{"320", 4, 6, 6, Charset::Numeric, true},  // net weight, lb
    AiSpec{"330", 4, 6, 6, Charset::Numeric, true},  // gross weight, kg
    AiSpec{"37", 2, 1, 8, Charset::Numeric, false},
    AiSpec{"390", 4, 1, 15, Charset::Numeric, false},
    AiSpec{"391", 4, 4, 18, Charset::Numeric, false, C::Currency},
    AiSpec{"392", 4, 1, 15, Charset::Numeric, false},               // price, local currency
    AiSpec{"393", 4, 4, 18, Charset::Numeric, false, C::Currency},  // ISO currency + price
    AiSpec{"400", 3, 1, 30, Charset::Alnum, false},
    AiSpec{"410", 3, 13, 13, Charset::Numeric, true},
    AiSpec{"414", 3, 13, 13, Charset::Numeric, true},
    AiSpec{"422", 3, 3, 3, Charset::Numeric, false},
    AiSpec{"8110", 4, 1, 70, Charset::Alnum, false},  // coupon (North America)
    AiSpec{"8112", 4, 1, 70, Charset::Alnum, false},  // paperless coupon
    AiSpec{"8200", 4, 1, 70, Charset::Alnum, false},  // product URL
    AiSpec{"90", 2, 1, 30, Charset::Alnum, false},
    AiSpec{"91", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"92", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"93", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"94", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"95", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"96", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"97", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"98", 2, 1, 90, Charset::Alnum, false},
    AiSpec{"99", 2, 1, 90, Charset::Alnum, false},
};

// The AI at the start of `s`, with its spec; nullopt when no known AI starts there.
const AiSpec* findAi(std::string_view s) {
    for (const auto& spec : kAis) {
        if (s.size() < static_cast<size_t>(spec.aiLength))
            continue;
        if (!startsWith(s, spec.ai))
            continue;
        if (spec.aiLength == 4 && spec.ai.size() == 3) {
            const char n = s[3];
            if (!isDigit(n))
                continue;
            // Weights allow 0-5 decimals; prices 0-9.
            if ((spec.ai[0] == '3' && spec.ai[1] != '9') && n > '5')
                continue;
        }
        if (!allDigits(s.substr(0, static_cast<size_t>(spec.aiLength))))
            continue;
        return &spec;
    }
    return nullptr;
}

const AiSpec* specOf(std::string_view ai) {
    const AiSpec* spec = findAi(ai);
    if (spec && static_cast<size_t>(spec->aiLength) == ai.size())
        return spec;
    return nullptr;
}

// GS1 AI encodable character set 82.
bool isCset82(char c) {
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c >= 'a' && c <= 'z')
        return true;
    if (isDigit(c))
        return true;
    return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

Result<void> checkValue(const AiSpec& spec, std::string_view ai, std::string_view value) {
    const auto n = static_cast<int>(value.size());
    if (n < spec.minLength || n > spec.maxLength) {
        if (spec.minLength == spec.maxLength)
            return bad(fmt::format("GS1 field ({}) must have {} characters, not {}", ai,
                                   spec.minLength, n));
        return bad(fmt::format("GS1 field ({}) must have {} to {} characters, not {}", ai,
                               spec.minLength, spec.maxLength, n));
    }
    if (spec.charset == Charset::Numeric && !allDigits(value))
        return bad(fmt::format("GS1 field ({}) must be digits only", ai));
    if (spec.charset == Charset::Alnum && !std::all_of(value.begin(), value.end(), isCset82))
        return bad(fmt::format("GS1 field ({}) contains characters a GS1 code cannot hold", ai));
    switch (spec.check) {
        case C::Gtin:
            if (gtinCheckDigit(value.substr(0, value.size() - 1)) != value.back() - '0')
                return bad(fmt::format(
                    "The barcode did not read correctly: the number in ({}) has a wrong check "
                    "digit",
                    ai));
            break;
        case C::Date:
            if (!isValidGs1Date(value))
                return bad(fmt::format("The date in ({}) is not a real date: {}", ai, value));
            break;
        case C::Currency:
        case C::None:
            break;
    }
    return {};
}

// AIM identifiers after which a GS1 element string follows.
bool isGs1Aim(std::string_view aim) {
    return aim == "]C1" || aim == "]e0" || aim == "]Q3" || aim == "]d2" || aim == "]J1";
}

Result<std::vector<AiValue>> parseHumanReadable(std::string_view s) {
    std::vector<AiValue> out;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '(')
            return bad("GS1 text in brackets must start with '(' and an application identifier");
        const size_t close = s.find(')', i);
        if (close == std::string_view::npos)
            return bad("GS1 text: an application identifier is missing its ')'");
        const std::string_view ai = s.substr(i + 1, close - i - 1);
        const AiSpec* spec = specOf(ai);
        if (!spec)
            return bad(fmt::format("unknown GS1 application identifier ({})", printable(ai)));
        // The value runs to the next "(AI)" that names a known AI: values may hold brackets.
        size_t end = close + 1;
        while (true) {
            end = s.find('(', end);
            if (end == std::string_view::npos) {
                end = s.size();
                break;
            }
            const size_t c2 = s.find(')', end);
            if (c2 != std::string_view::npos && specOf(s.substr(end + 1, c2 - end - 1)))
                break;
            ++end;
        }
        const std::string_view value = s.substr(close + 1, end - close - 1);
        if (auto r = checkValue(*spec, ai, value); !r)
            return r.error();
        out.push_back({std::string(ai), std::string(value)});
        i = end;
    }
    if (out.empty())
        return bad("the GS1 code holds no data");
    return out;
}

Result<std::vector<AiValue>> parseRawElements(std::string_view s) {
    std::vector<AiValue> out;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == kGs) {  // FNC1 separators (also a stray one after a fixed field)
            ++i;
            continue;
        }
        const AiSpec* spec = findAi(s.substr(i));
        if (!spec)
            return bad(fmt::format("unknown GS1 application identifier at '{}'",
                                   printable(s.substr(i, 4))));
        const auto aiLen = static_cast<size_t>(spec->aiLength);
        const std::string_view ai = s.substr(i, aiLen);
        i += aiLen;
        std::string_view value;
        if (spec->predefinedFixed) {
            value = s.substr(i, static_cast<size_t>(spec->maxLength));
            i += value.size();
        } else {
            size_t end = s.find(kGs, i);
            if (end == std::string_view::npos)
                end = s.size();
            value = s.substr(i, end - i);
            i = end;
        }
        if (auto r = checkValue(*spec, ai, value); !r)
            return r.error();
        out.push_back({std::string(ai), std::string(value)});
    }
    if (out.empty())
        return bad("the GS1 code holds no data");
    return out;
}

int hexValue(char c) {
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Result<std::string> percentDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size())
            return bad("the web link has a broken %-escape");
        const int hi = hexValue(s[i + 1]);
        const int lo = hexValue(s[i + 2]);
        if (hi < 0 || lo < 0)
            return bad("the web link has a broken %-escape");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t p = s.find(sep, start);
        if (p == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, p - start));
        start = p + 1;
    }
}

// Weighted products of GS1 7.9.3: 2- (x2, units minus tens), 3, 5+ (x5, units plus tens),
// 5- (x5, units minus tens), each modulo 10.
constexpr std::array<int, 10> kTwoMinus = {0, 2, 4, 6, 8, 9, 1, 3, 5, 7};
constexpr std::array<int, 10> kThree = {0, 3, 6, 9, 2, 5, 8, 1, 4, 7};
constexpr std::array<int, 10> kFivePlus = {0, 5, 1, 6, 2, 7, 3, 8, 4, 9};
constexpr std::array<int, 10> kFiveMinus = {0, 5, 9, 4, 8, 3, 7, 2, 6, 1};

const char* const kCheckDigitMessage =
    "The barcode did not read correctly (wrong check digit). Please scan it again, or ask an "
    "attendant.";

Result<int64_t> priceToMinor(int64_t value, int decimals, int currencyDecimals) {
    if (decimals <= currencyDecimals) {
        const int64_t scale = pow10(currencyDecimals - decimals);
        if (value > std::numeric_limits<int64_t>::max() / scale)
            return bad("The price on this label is too large; ask an attendant");
        return value * scale;
    }
    const int64_t div = pow10(decimals - currencyDecimals);
    if (value % div != 0)
        return bad("The price on this label has more decimals than the currency; ask an attendant");
    return value / div;
}

int64_t kgToGrams(int64_t value, int decimals) {
    const int64_t den = pow10(decimals);
    return (value * 1000 * 2 + den) / (2 * den);  // rounded to the nearest gram
}

int64_t lbToGrams(int64_t value, int decimals) {
    // 1 lb = 453.59237 g exactly.
    const int64_t den = pow10(decimals) * 100000;
    return (value * 45359237 * 2 + den) / (2 * den);
}

// Fills the fields of `code` from its elements.
Result<void> applyElements(ScanCode& code, const VariableMeasureRules& rules) {
    for (const auto& [ai, value] : code.elements) {
        if (ai == "01") {
            code.gtin14 = value;
        } else if (ai == "10") {
            code.batch = value;
        } else if (ai == "17") {
            code.expiry = value;
        } else if (ai == "21") {
            code.serial = value;
        } else if (ai == "8110") {
            code.coupon = value;
        } else if (ai.size() == 4 && startsWith(ai, "310")) {
            code.weightGrams = kgToGrams(toInt(value), ai[3] - '0');
        } else if (ai.size() == 4 && startsWith(ai, "320")) {
            code.weightGrams = lbToGrams(toInt(value), ai[3] - '0');
        } else if (ai.size() == 4 && startsWith(ai, "392")) {
            auto p = priceToMinor(toInt(value), ai[3] - '0', rules.currencyDecimals);
            if (!p)
                return p.error();
            code.priceMinor = *p;
        } else if (ai.size() == 4 && startsWith(ai, "393")) {
            code.priceCurrency = value.substr(0, 3);
            // Without the store's ISO number a foreign price would be charged as local.
            if (rules.currencyNumeric.empty())
                return bad(fmt::format(
                    "The price on this label is in currency {}, which this kiosk cannot check; "
                    "ask an attendant",
                    code.priceCurrency));
            if (code.priceCurrency != rules.currencyNumeric)
                return bad(fmt::format(
                    "The price on this label is in another currency ({}); ask an attendant",
                    code.priceCurrency));
            auto p = priceToMinor(toInt(std::string_view(value).substr(3)), ai[3] - '0',
                                  rules.currencyDecimals);
            if (!p)
                return p.error();
            code.priceMinor = *p;
        }
    }
    return {};
}

const VariableMeasureLayout* layoutFor(std::string_view gtin13, const VariableMeasureRules& rules) {
    const VariableMeasureLayout* best = nullptr;
    for (const auto& l : rules.layouts) {
        if (!l.prefix.empty() && startsWith(gtin13, l.prefix) &&
            (!best || l.prefix.size() > best->prefix.size()))
            best = &l;
    }
    return best;
}

Result<void> interpretGtin(ScanCode& code, std::string_view digits,
                           const VariableMeasureRules& rules) {
    auto g = normalizeGtin14(digits);
    if (!g) {
        if (allDigits(digits) && (digits.size() == 8 || digits.size() >= 12) && digits.size() <= 14)
            return bad(kCheckDigitMessage);
        return bad(fmt::format("'{}' is not a product barcode ({} digits)", printable(digits),
                               digits.size()));
    }
    code.kind = ScanKind::Gtin;
    code.gtin14 = *g;
    if (code.gtin14[0] != '0')
        return {};
    const std::string_view gtin13 = std::string_view(code.gtin14).substr(1);
    const VariableMeasureLayout* layout = layoutFor(gtin13, rules);
    // GTIN-8s padded to 13 digits start with five zeros and are never variable-measure.
    if (!layout || startsWith(code.gtin14, "000000"))
        return {};
    const size_t valueStart = layout->prefix.size() + static_cast<size_t>(layout->itemDigits) +
                              (layout->verifier ? 1 : 0);
    const std::string_view value =
        gtin13.substr(valueStart, static_cast<size_t>(layout->valueDigits));
    if (layout->verifier) {
        const int expected = priceVerifierDigit(value);
        if (gtin13[valueStart - 1] - '0' != expected)
            return bad(layout->measure == MeasureKind::Price
                           ? "The price on this label did not read correctly (price check "
                             "digit). Please scan it again, or ask an attendant."
                           : "The weight on this label did not read correctly (check digit). "
                             "Please scan it again, or ask an attendant.");
    }
    const int64_t v = toInt(value);
    if (layout->measure == MeasureKind::Price) {
        auto p = priceToMinor(v, layout->decimals, rules.currencyDecimals);
        if (!p)
            return p.error();
        code.kind = ScanKind::VariableMeasurePrice;
        code.priceMinor = *p;
    } else {
        code.kind = ScanKind::VariableMeasureWeight;
        code.weightGrams = kgToGrams(v, layout->decimals);
    }
    code.scannedGtin14 = code.gtin14;
    code.gtin14 = variableMeasureKey(gtin13, *layout);
    return {};
}

bool isUrl(std::string_view s) {
    auto lower = [](std::string_view x) {
        std::string r(x);
        std::transform(r.begin(), r.end(), r.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
        return r;
    };
    return startsWith(lower(s.substr(0, 8)), "https://") ||
           startsWith(lower(s.substr(0, 7)), "http://");
}

// Whether the URL has a GS1 primary key segment, i.e. claims to be a Digital Link.
bool looksLikeDigitalLink(std::string_view url) {
    const size_t q = url.find_first_of("?#");
    const std::string_view path = url.substr(0, q);
    return path.find("/01/") != std::string_view::npos;
}

bool isEanFamily(Symbology s) {
    return s == Symbology::Ean13 || s == Symbology::Ean8 || s == Symbology::UpcA ||
           s == Symbology::UpcE;
}

}  // namespace

// --- Symbology --------------------------------------------------------------------------------

const char* toString(Symbology s) {
    switch (s) {
        case Symbology::Unknown:
            return "unknown";
        case Symbology::Ean13:
            return "EAN-13";
        case Symbology::Ean8:
            return "EAN-8";
        case Symbology::UpcA:
            return "UPC-A";
        case Symbology::UpcE:
            return "UPC-E";
        case Symbology::EanAddOn:
            return "EAN add-on";
        case Symbology::Code128:
            return "Code 128";
        case Symbology::Gs1_128:
            return "GS1-128";
        case Symbology::DataBar:
            return "GS1 DataBar";
        case Symbology::QrCode:
            return "QR Code";
        case Symbology::Gs1QrCode:
            return "GS1 QR Code";
        case Symbology::DataMatrix:
            return "Data Matrix";
        case Symbology::Gs1DataMatrix:
            return "GS1 DataMatrix";
        case Symbology::Code39:
            return "Code 39";
        case Symbology::Other:
            return "other";
    }
    return "unknown";
}

const char* toString(ScanKind k) {
    switch (k) {
        case ScanKind::Gtin:
            return "gtin";
        case ScanKind::VariableMeasurePrice:
            return "variable-measure price";
        case ScanKind::VariableMeasureWeight:
            return "variable-measure weight";
        case ScanKind::Gs1ElementString:
            return "gs1 element string";
        case ScanKind::DigitalLink:
            return "digital link";
        case ScanKind::Other:
            return "other";
    }
    return "other";
}

Symbology symbologyFromAim(std::string_view aim) {
    if (aim.size() != 3 || aim[0] != ']')
        return Symbology::Unknown;
    const char s = aim[1];
    const char m = aim[2];
    switch (s) {
        case 'E':
            if (m == '0' || m == '3')
                return Symbology::Ean13;
            if (m == '4')
                return Symbology::Ean8;
            if (m == '1' || m == '2')
                return Symbology::EanAddOn;
            return Symbology::Unknown;
        case 'C':
            if (m == '1')
                return Symbology::Gs1_128;
            if (m == '0' || m == '2' || m == '4')
                return Symbology::Code128;
            return Symbology::Unknown;
        case 'e':
            return m >= '0' && m <= '3' ? Symbology::DataBar : Symbology::Unknown;
        case 'Q':
            if (m == '3' || m == '4')
                return Symbology::Gs1QrCode;
            return isDigit(m) ? Symbology::QrCode : Symbology::Unknown;
        case 'd':
            if (m == '2' || m == '5')
                return Symbology::Gs1DataMatrix;
            return isDigit(m) ? Symbology::DataMatrix : Symbology::Unknown;
        case 'A':
            return isDigit(m) || (m >= 'A' && m <= 'F') ? Symbology::Code39 : Symbology::Unknown;
        default:
            if ((s >= 'A' && s <= 'Z') || (s >= 'a' && s <= 'z'))
                return Symbology::Other;
            return Symbology::Unknown;
    }
}

Symbology symbologyFromName(std::string_view name) {
    if (!name.empty() && name[0] == ']')
        return symbologyFromAim(name);
    if (name == "EAN-13" || name == "EAN13")
        return Symbology::Ean13;
    if (name == "EAN-8" || name == "EAN8")
        return Symbology::Ean8;
    if (name == "UPC-A" || name == "UPCA")
        return Symbology::UpcA;
    if (name == "UPC-E" || name == "UPCE")
        return Symbology::UpcE;
    if (name == "Code128")
        return Symbology::Code128;
    if (name == "DataBar" || name == "DataBarExpanded" || name == "DataBarLimited")
        return Symbology::DataBar;
    if (name == "QRCode" || name == "MicroQRCode")
        return Symbology::QrCode;
    if (name == "DataMatrix")
        return Symbology::DataMatrix;
    if (name == "Code39")
        return Symbology::Code39;
    if (name.empty())
        return Symbology::Unknown;
    return Symbology::Other;
}

// --- Variable measure -------------------------------------------------------------------------

int priceVerifierDigit(std::string_view v) {
    if (!allDigits(v))
        return -1;
    auto d = [&](size_t i) { return static_cast<size_t>(v[i] - '0'); };
    if (v.size() == 4) {
        const int sum = kTwoMinus[d(0)] + kTwoMinus[d(1)] + kThree[d(2)] + kFiveMinus[d(3)];
        return sum * 3 % 10;
    }
    if (v.size() == 5) {
        const int sum = kFivePlus[d(0)] + kTwoMinus[d(1)] + kFiveMinus[d(2)] + kFivePlus[d(3)] +
                        kTwoMinus[d(4)];
        const int target = (10 - sum % 10) % 10;
        // The check digit is the one whose 5- weighted product equals the target.
        for (int c = 0; c < 10; ++c)
            if (kFiveMinus[static_cast<size_t>(c)] == target)
                return c;
    }
    return -1;
}

std::string variableMeasureKey(std::string_view gtin13, const VariableMeasureLayout& layout) {
    const size_t keep = layout.prefix.size() + static_cast<size_t>(layout.itemDigits);
    std::string body(gtin13.substr(0, keep));
    body.append(12 - keep, '0');
    body += static_cast<char>('0' + gtinCheckDigit(body));
    return "0" + body;
}

Result<VariableMeasureLayout> parseVariableMeasureLayout(std::string_view pattern, int decimals) {
    VariableMeasureLayout l;
    l.decimals = decimals;
    std::string compact;
    for (char c : pattern)
        if (c != ' ')
            compact += c;
    size_t i = 0;
    while (i < compact.size() && isDigit(compact[i]))
        l.prefix += compact[i++];
    auto run = [&](char letter) {
        int n = 0;
        while (i < compact.size() && compact[i] == letter) {
            ++n;
            ++i;
        }
        return n;
    };
    l.itemDigits = run('I');
    l.verifier = run('V') == 1;
    const int price = run('P');
    const int weight = price == 0 ? run('W') : 0;
    l.valueDigits = price + weight;
    l.measure = weight > 0 ? MeasureKind::Weight : MeasureKind::Price;
    const int checks = run('C');
    if (i != compact.size() || checks != 1 || l.valueDigits == 0)
        return bad(fmt::format(
            "variable-measure pattern '{}' must read like \"21 IIIII V PPPP C\": prefix digits, "
            "I item, optional V verifier, P price or W weight digits, C check digit",
            std::string(pattern)));
    VariableMeasureRules one;
    one.layouts.push_back(l);
    one.currencyDecimals = 9;  // decimals are checked against the currency by validateRules
    if (auto r = validateRules(one); !r)
        return r.error();
    return l;
}

Result<void> validateRules(const VariableMeasureRules& rules) {
    if (rules.currencyDecimals < 0 || rules.currencyDecimals > 9)
        return bad("currency decimals must be 0 to 9");
    if (!rules.currencyNumeric.empty() &&
        (rules.currencyNumeric.size() != 3 || !allDigits(rules.currencyNumeric)))
        return bad("the ISO 4217 numeric currency code must be three digits");
    for (size_t i = 0; i < rules.layouts.size(); ++i) {
        const auto& l = rules.layouts[i];
        const std::string who = fmt::format("variable-measure layout for prefix '{}'", l.prefix);
        if (!allDigits(l.prefix) || l.prefix.size() < 2)
            return bad(who + ": the prefix must be at least two digits");
        const bool ean = l.prefix[0] == '2';
        const bool upc = startsWith(l.prefix, "02");
        if (!ean && !upc)
            return bad(who +
                       ": the prefix must start with 2 (20-29) or 02 (UPC-A number system 2)");
        if (l.itemDigits < 1 || l.valueDigits < 1)
            return bad(who + ": item and value digits must be at least 1");
        const size_t total = l.prefix.size() + static_cast<size_t>(l.itemDigits) +
                             (l.verifier ? 1 : 0) + static_cast<size_t>(l.valueDigits) + 1;
        if (total != 13)
            return bad(
                fmt::format("{}: the parts add up to {} digits, a label has 13 (UPC-A: "
                            "12, counted with its leading 0)",
                            who, total));
        if (l.verifier && l.valueDigits != 4 && l.valueDigits != 5)
            return bad(who + ": a verifier digit needs a 4- or 5-digit value");
        if (l.decimals < 0 || l.decimals > l.valueDigits)
            return bad(who + ": decimals must be between 0 and the value's digits");
        if (l.measure == MeasureKind::Weight && l.decimals > 3)
            return bad(who + ": a weight has at most 3 decimals (grams)");
        if (l.measure == MeasureKind::Price && l.decimals > rules.currencyDecimals)
            return bad(fmt::format("{}: {} decimals in the price but the currency has {}", who,
                                   l.decimals, rules.currencyDecimals));
        for (size_t j = 0; j < i; ++j)
            if (rules.layouts[j].prefix == l.prefix)
                return bad(who + ": the prefix is configured twice");
    }
    return {};
}

// --- Element strings --------------------------------------------------------------------------

bool isValidGs1Date(std::string_view d) {
    if (d.size() != 6 || !allDigits(d))
        return false;
    const int yy = static_cast<int>(toInt(d.substr(0, 2)));
    const int mm = static_cast<int>(toInt(d.substr(2, 2)));
    const int dd = static_cast<int>(toInt(d.substr(4, 2)));
    if (mm < 1 || mm > 12)
        return false;
    static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int maxDay = kDays[static_cast<size_t>(mm - 1)];
    // Two-digit years fall in 1951-2050 (GS1 7.12); 00 (2000) is a leap year, so YY % 4 works.
    if (mm == 2 && yy % 4 != 0)
        maxDay = 28;
    return dd <= maxDay;  // 00: the last day of the month
}

Result<std::vector<AiValue>> parseElementString(std::string_view data) {
    if (data.size() > kMaxScanLength)
        return bad("the code is too long to be a GS1 code");
    if (data.size() >= 3 && data[0] == ']') {
        if (!isGs1Aim(data.substr(0, 3)))
            return bad(
                fmt::format("symbology {} does not carry GS1 data", printable(data.substr(0, 3))));
        data.remove_prefix(3);
    }
    if (!data.empty() && data[0] == '(')
        return parseHumanReadable(data);
    return parseRawElements(data);
}

std::string toHumanReadable(const std::vector<AiValue>& elements) {
    std::string out;
    for (const auto& e : elements)
        out += "(" + e.ai + ")" + e.value;
    return out;
}

Result<std::vector<AiValue>> parseDigitalLink(std::string_view uri) {
    if (uri.size() > kMaxScanLength)
        return bad("the web link is too long");
    if (!isUrl(uri))
        return bad("a GS1 Digital Link starts with https:// or http://");
    std::string_view rest = uri.substr(uri.find("//") + 2);
    if (const size_t hash = rest.find('#'); hash != std::string_view::npos)
        rest = rest.substr(0, hash);
    std::string_view query;
    if (const size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    const size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos)
        return bad("the web link has no host or no path");
    auto segments = split(rest.substr(slash + 1), '/');
    while (!segments.empty() && segments.back().empty())
        segments.pop_back();  // a trailing slash

    size_t start = segments.size();
    for (size_t i = 0; i + 1 < segments.size(); ++i)
        if (segments[i] == "01") {
            start = i;
            break;
        }
    if (start == segments.size())
        return bad("the web link is not a GS1 Digital Link (no /01/ product number)");
    if ((segments.size() - start) % 2 != 0)
        return bad("the GS1 Digital Link path must be identifier/value pairs");

    std::vector<AiValue> out;
    auto add = [&](std::string_view ai, std::string_view encoded) -> Result<void> {
        const AiSpec* spec = specOf(ai);
        if (!spec)
            return bad(fmt::format("unknown GS1 application identifier ({}) in the web link",
                                   printable(ai)));
        auto value = percentDecode(encoded);
        if (!value)
            return value.error();
        std::string v = *value;
        if (ai == "01") {
            // The path may carry a GTIN-8, -12 or -13: the key is always the GTIN-14.
            if (!allDigits(v) ||
                (v.size() != 8 && v.size() != 12 && v.size() != 13 && v.size() != 14))
                return bad("the product number in the web link must be 8, 12, 13 or 14 digits");
            if (!isValidGtin(v))
                return bad(kCheckDigitMessage);
            v = std::string(14 - v.size(), '0') + v;
        }
        if (auto r = checkValue(*spec, ai, v); !r)
            return r.error();
        for (const auto& e : out)
            if (e.ai == ai)
                return bad(fmt::format("the web link gives ({}) twice", printable(ai)));
        out.push_back({std::string(ai), std::move(v)});
        return {};
    };
    for (size_t i = start; i < segments.size(); i += 2) {
        const std::string_view ai = segments[i];
        if (i > start && ai != "22" && ai != "10" && ai != "21" && ai != "235")
            return bad(fmt::format("({}) cannot follow the product number in a web link path",
                                   printable(ai)));
        if (auto r = add(ai, segments[i + 1]); !r)
            return r.error();
    }
    if (!query.empty()) {
        for (std::string_view pair : split(query, '&')) {
            const size_t eq = pair.find('=');
            const std::string_view key = pair.substr(0, eq);
            // Non-numeric keys (linkType, ...) are for the resolver, not for the till.
            if (!allDigits(key) || eq == std::string_view::npos)
                continue;
            if (auto r = add(key, pair.substr(eq + 1)); !r)
                return r.error();
        }
    }
    return out;
}

// --- interpretScan ----------------------------------------------------------------------------

Result<ScanCode> interpretScan(std::string_view raw, std::string_view symbology,
                               const VariableMeasureRules& rules) {
    while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n'))
        raw.remove_suffix(1);
    if (raw.empty())
        return bad("The scan was empty. Please scan again.");
    if (raw.size() > kMaxScanLength)
        return bad("The scanned code is too long to be a product code.");

    ScanCode code;
    if (raw.size() >= 3 && raw[0] == ']' &&
        symbologyFromAim(raw.substr(0, 3)) != Symbology::Unknown) {
        code.aimId = std::string(raw.substr(0, 3));
        raw.remove_prefix(3);
    } else if (!symbology.empty() && symbology[0] == ']') {
        code.aimId = std::string(symbology.substr(0, 3));
    }
    code.symbology =
        !code.aimId.empty() ? symbologyFromAim(code.aimId) : symbologyFromName(symbology);
    // ZXing names a GS1 Code 128 "Code128" and says GS1 through the AIM id it also reports.
    if (!code.aimId.empty() && !symbology.empty() && symbology[0] != ']') {
        const Symbology named = symbologyFromName(symbology);
        if (named == Symbology::UpcA || named == Symbology::UpcE)
            code.symbology = named;  // ]E0 covers EAN-13, UPC-A and UPC-E alike
    }
    code.data = std::string(raw);
    if (raw.empty())
        return bad("The scan was empty. Please scan again.");
    for (char c : raw)
        if ((static_cast<unsigned char>(c) < 0x20 && c != kGs) || c == 0x7f)
            return bad("The scanned code contains unreadable characters. Please scan again.");

    const Symbology sym = code.symbology;
    auto fail = [](const Error& e) -> Result<ScanCode> { return e; };

    const bool gtinLength =
        raw.size() == 8 || raw.size() == 12 || raw.size() == 13 || raw.size() == 14;
    if (isEanFamily(sym) || (sym == Symbology::Unknown && allDigits(raw) && gtinLength)) {
        std::string main(raw);
        // ZXing puts an add-on after a space; scanners with ]E3 send it glued to the code.
        if (const size_t sp = main.find(' '); sp != std::string::npos) {
            code.addOn = main.substr(sp + 1);
            main.resize(sp);
        } else if (code.aimId == "]E3" && allDigits(main)) {
            const size_t base = main.size() >= 15 ? 13 : 8;
            if (main.size() == base + 2 || main.size() == base + 5) {
                code.addOn = main.substr(base);
                main.resize(base);
            }
        }
        if (!code.addOn.empty() &&
            (!allDigits(code.addOn) || (code.addOn.size() != 2 && code.addOn.size() != 5)))
            return bad("The add-on of this barcode did not read correctly. Please scan again.");
        if (!allDigits(main))
            return bad("The barcode did not read correctly. Please scan it again.");
        const bool upce = sym == Symbology::UpcE || (sym == Symbology::Ean13 && main.size() >= 6 &&
                                                     main.size() <= 8 && code.aimId == "]E0");
        if (upce) {
            if (main.size() != 8 && sym != Symbology::UpcE)
                return bad("The barcode did not read correctly. Please scan it again.");
            auto upca = expandUpcE(main);
            if (!upca)
                return bad(kCheckDigitMessage);
            main = *upca;
        }
        if (sym == Symbology::Ean8 && main.size() != 8)
            return bad("The barcode did not read correctly. Please scan it again.");
        if (auto r = interpretGtin(code, main, rules); !r)
            return fail(r.error());
        return code;
    }

    switch (sym) {
        case Symbology::Gs1_128:
        case Symbology::DataBar:
        case Symbology::Gs1QrCode:
        case Symbology::Gs1DataMatrix: {
            // DataBar Omnidirectional/Limited carry only the GTIN-14; readers send it bare.
            if (sym == Symbology::DataBar && raw.size() == 14 && allDigits(raw)) {
                if (auto r = interpretGtin(code, raw, rules); !r)
                    return fail(r.error());
                return code;
            }
            auto elements = parseElementString(raw);
            if (!elements)
                return fail(elements.error());
            code.kind = ScanKind::Gs1ElementString;
            code.elements = std::move(*elements);
            if (auto r = applyElements(code, rules); !r)
                return fail(r.error());
            return code;
        }
        default:
            break;
    }

    if (isUrl(raw) && looksLikeDigitalLink(raw)) {
        auto elements = parseDigitalLink(raw);
        if (!elements)
            return fail(elements.error());
        code.kind = ScanKind::DigitalLink;
        code.elements = std::move(*elements);
        if (auto r = applyElements(code, rules); !r)
            return fail(r.error());
        return code;
    }
    // Scanners without AIM ids pass GS1 data on as it is: FNC1 shows as GS or as brackets.
    if (sym == Symbology::Unknown && (raw.find(kGs) != std::string_view::npos || raw[0] == '(' ||
                                      (allDigits(raw) && raw.size() > 14))) {
        auto elements = parseElementString(raw);
        if (elements) {
            code.kind = ScanKind::Gs1ElementString;
            code.elements = std::move(*elements);
            if (auto r = applyElements(code, rules); !r)
                return fail(r.error());
            return code;
        }
    }
    if (sym == Symbology::EanAddOn)
        code.addOn = code.data;
    code.kind = ScanKind::Other;
    return code;
}

}  // namespace kiosk
