// The benchmark's manifest (barcodes-real format) and its comparison rules: GTIN-carrying
// codes compare as GTIN-14 (plus add-on), everything else byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::vision::bench {

struct ManifestRow {
    std::string relativePath;
    std::string format;  // EAN-13, EAN-13+AddOn, UPC-A, UPC-E, DataBar, Code128, QRCode, ...
    std::string expectedText;
    std::string sourceSet;
};

// RFC 4180 with a header row naming relative_path, format, expected_text and source_set (in
// any order); quoted fields may hold commas, quotes and line breaks.
Result<std::vector<ManifestRow>> parseManifest(std::string_view text);

enum class ReadClass { Correct, Wrong, None };
const char* toString(ReadClass c);

struct Decoded {
    std::string format;  // ZXing-cpp name: EAN-13, UPC-A, UPC-E, DataBar, ...
    std::string text;    // an add-on follows the main code after a space
};

// Comparable form of the expected text: "G:" + GTIN-14 [+ "+" add-on] for GTIN-carrying
// formats, "T:" + text otherwise.
std::string normaliseExpected(std::string_view format, std::string_view text);
// The same for a decoder's answer; UPC-E is expanded, DataBar's "01" dropped.
std::string normaliseDecoded(std::string_view format, std::string_view text);

// Correct: one of the decoded symbols matches. None: nothing decoded, or only the main code
// of a code whose add-on was expected (the add-on was not read, the product is not wrong).
// Wrong: anything else that was decoded.
ReadClass classify(const ManifestRow& row, const std::vector<Decoded>& decoded);

}  // namespace kiosk::vision::bench
