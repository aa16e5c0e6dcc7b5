// libFuzzer target for interpretScan and the GS1 parsers: never crash, and never hand back a
// product key, price or weight from a code whose check digits do not hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/core/gs1.hpp"
#include "kiosk/core/gtin.hpp"

namespace {

const kiosk::VariableMeasureRules& rules() {
    static const kiosk::VariableMeasureRules r = [] {
        kiosk::VariableMeasureRules v;
        v.currencyDecimals = 2;
        v.currencyNumeric = "978";
        v.layouts.push_back(*kiosk::parseVariableMeasureLayout("21 IIIII V PPPP C", 2));
        v.layouts.push_back(*kiosk::parseVariableMeasureLayout("22 IIIII PPPPP C", 2));
        v.layouts.push_back(*kiosk::parseVariableMeasureLayout("23 IIII V WWWWW C", 3));
        v.layouts.push_back(*kiosk::parseVariableMeasureLayout("02 IIIII V PPPP C", 2));
        return v;
    }();
    return r;
}

void require(bool ok) {
    if (!ok)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    static const char* const kSymbologies[] = {
        "",    "EAN-13", "EAN-8", "UPC-A", "UPC-E", "Code128", "DataBar",    "QRCode",
        "]E0", "]E3",    "]C1",   "]e0",   "]Q3",   "]d2",     "DataMatrix", "]A0"};
    const std::string_view symbology = kSymbologies[data[0] % std::size(kSymbologies)];
    const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);

    auto r = kiosk::interpretScan(raw, symbology, rules());
    if (r.ok()) {
        const kiosk::ScanCode& c = *r;
        if (!c.gtin14.empty())
            require(kiosk::isValidGtin(c.gtin14) && c.gtin14.size() == 14);
        if (!c.scannedGtin14.empty())
            require(kiosk::isValidGtin(c.scannedGtin14));
        for (const auto& e : c.elements)
            if (e.ai == "01")
                require(kiosk::isValidGtin(e.value));
        if (!c.expiry.empty())
            require(kiosk::isValidGs1Date(c.expiry));
        if (c.kind == kiosk::ScanKind::VariableMeasurePrice &&
            c.scannedGtin14.substr(0, 3) == "021") {
            // "21 IIIII V PPPP C": the verifier must match the price digits.
            const std::string_view s = c.scannedGtin14;
            require(kiosk::priceVerifierDigit(s.substr(9, 4)) == s[8] - '0');
        }
        if (c.priceMinor)
            require(*c.priceMinor >= 0);
        if (c.weightGrams)
            require(*c.weightGrams >= 0);
    }
    (void)kiosk::parseDigitalLink(raw);
    auto e = kiosk::parseElementString(raw);
    if (e.ok())
        for (const auto& el : *e)
            if (el.ai == "01")
                require(kiosk::isValidGtin(el.value));
    return 0;
}
