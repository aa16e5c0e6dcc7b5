// GS1 check digits and GTIN normalisation.
#include "kiosk/core/gtin.hpp"

#include <algorithm>

namespace kiosk {
namespace {

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int gtinCheckDigit(std::string_view body) {
    if (!allDigits(body))
        return -1;
    int sum = 0;
    int weight = 3;  // rightmost data digit has weight 3
    for (auto it = body.rbegin(); it != body.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = weight == 3 ? 1 : 3;
    }
    return (10 - sum % 10) % 10;
}

bool isValidGtin(std::string_view code) {
    const size_t n = code.size();
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return false;
    if (!allDigits(code))
        return false;
    return gtinCheckDigit(code.substr(0, n - 1)) == code.back() - '0';
}

Result<std::string> normalizeGtin14(std::string_view code) {
    const size_t n = code.size();
    if (!allDigits(code))
        return makeError(ErrorCode::InvalidArgument,
                         "barcode '" + std::string(code) + "' must contain digits only");
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return makeError(ErrorCode::InvalidArgument, "barcode '" + std::string(code) + "' has " +
                                                         std::to_string(n) +
                                                         " digits; a GTIN has 8, 12, 13 or 14");
    if (!isValidGtin(code))
        return makeError(ErrorCode::InvalidArgument,
                         "barcode '" + std::string(code) + "' has a wrong check digit (expected " +
                             std::to_string(gtinCheckDigit(code.substr(0, n - 1))) + ")");
    return std::string(14 - n, '0') + std::string(code);
}

bool isRestrictedCirculation(std::string_view g) {
    if (g.size() != 14)
        return false;
    // GTIN-8 padded: six leading zeros, then the EAN-8 prefix digit.
    if (g.substr(0, 6) == "000000")
        return g[6] == '0' || g[6] == '2';
    // GTIN-13 (and UPC-A as 0 + 12 digits): prefixes 020-029 and 20-29.
    if (g[0] != '0')
        return false;
    if (g[1] == '2')
        return true;
    return g[1] == '0' && g[2] == '2';
}

Result<std::string> expandUpcE(std::string_view in) {
    std::string s(in);
    if (!allDigits(s) || (s.size() != 6 && s.size() != 7 && s.size() != 8))
        return makeError(ErrorCode::InvalidArgument, "UPC-E '" + s + "' must be 6 to 8 digits");
    if (s.size() == 6)
        s = "0" + s;
    const char ns = s[0];
    if (ns != '0' && ns != '1')
        return makeError(ErrorCode::InvalidArgument, "UPC-E '" + s + "' has number system " +
                                                         std::string(1, ns) + " (0 or 1 expected)");
    const std::string d = s.substr(1, 6);
    std::string body;
    switch (d[5]) {
        case '0':
        case '1':
        case '2':
            body = d.substr(0, 2) + d[5] + "0000" + d.substr(2, 3);
            break;
        case '3':
            body = d.substr(0, 3) + "00000" + d.substr(3, 2);
            break;
        case '4':
            body = d.substr(0, 4) + "00000" + d[4];
            break;
        default:
            body = d.substr(0, 5) + "0000" + d[5];
            break;
    }
    std::string upca = std::string(1, ns) + body;
    upca += static_cast<char>('0' + gtinCheckDigit(upca));
    if (s.size() == 8 && s[7] != upca[11])
        return makeError(ErrorCode::InvalidArgument, "UPC-E '" + s + "' has a wrong check digit");
    return upca;
}

}  // namespace kiosk
