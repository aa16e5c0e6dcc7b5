#include "vision/bench/compare.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "kiosk/core/gtin.hpp"
#include "vision/decode/gs1_text.hpp"

namespace kiosk::vision::bench {

namespace {

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isGtinFormat(std::string_view f) {
    return f == "EAN-13" || f == "EAN-8" || f == "UPC-A" || f == "UPC-E" || f == "DataBar" ||
           f == "DataBarStacked" || f == "DataBarLimited" || f == "EAN-13+AddOn" ||
           f == "UPC-A+AddOn";
}

std::string gtinKey(std::string_view main, std::string_view addOn) {
    auto g = normalizeGtin14(main);
    if (!g.ok()) {
        return "X:" + std::string(main) + (addOn.empty() ? "" : "+" + std::string(addOn));
    }
    return "G:" + *g + (addOn.empty() ? "" : "+" + std::string(addOn));
}

}  // namespace

const char* toString(ReadClass c) {
    switch (c) {
        case ReadClass::Correct:
            return "correct";
        case ReadClass::Wrong:
            return "wrong";
        case ReadClass::None:
            return "none";
    }
    return "?";
}

Result<std::vector<ManifestRow>> parseManifest(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool any = false;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            if (any || !field.empty()) {
                fields.push_back(std::move(field));
                records.push_back(std::move(fields));
            }
            fields.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted) {
        return makeError(ErrorCode::InvalidArgument, "manifest: unterminated quoted field");
    }
    if (any || !field.empty()) {
        fields.push_back(std::move(field));
        records.push_back(std::move(fields));
    }
    if (records.empty()) {
        return makeError(ErrorCode::InvalidArgument, "manifest: empty file");
    }
    const std::array<std::string, 4> names{"relative_path", "format", "expected_text",
                                           "source_set"};
    std::array<std::size_t, 4> col{};
    for (std::size_t n = 0; n < names.size(); ++n) {
        auto it = std::find(records[0].begin(), records[0].end(), names[n]);
        if (it == records[0].end()) {
            return makeError(ErrorCode::InvalidArgument,
                             "manifest: no column '" + names[n] + "' in the header row");
        }
        col[n] = static_cast<std::size_t>(it - records[0].begin());
    }
    std::vector<ManifestRow> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        if (rec.size() != records[0].size()) {
            return makeError(ErrorCode::InvalidArgument,
                             "manifest: record " + std::to_string(r + 1) + " has " +
                                 std::to_string(rec.size()) + " fields, the header " +
                                 std::to_string(records[0].size()));
        }
        rows.push_back({rec[col[0]], rec[col[1]], rec[col[2]], rec[col[3]]});
    }
    return rows;
}

std::string normaliseExpected(std::string_view format, std::string_view text) {
    if (!isGtinFormat(format) || !allDigits(text)) {
        return "T:" + std::string(text);
    }
    if (format == "EAN-13+AddOn" || format == "UPC-A+AddOn") {
        // The expected main code is always 13 digits here (UPC-A with its leading 0).
        if (text.size() == 13 + 2 || text.size() == 13 + 5) {
            return gtinKey(text.substr(0, 13), text.substr(13));
        }
        return gtinKey(text, {});
    }
    if (text.size() == 16 && text.substr(0, 2) == "01") {
        text = text.substr(2);  // DataBar as "01" + GTIN-14
    }
    return gtinKey(text, {});
}

std::string normaliseDecoded(std::string_view format, std::string_view text) {
    bool gtin = format == "EAN-13" || format == "EAN-8" || format == "UPC-A" || format == "UPC-E" ||
                format == "DataBar" || format == "DataBarLimited";
    if (!gtin) {
        // ZXing-cpp 1.4.0 prints DataBar Expanded in the human-readable form.
        if (format == "DataBarExpanded") {
            if (auto raw = gs1HumanReadableToElementString(text)) {
                return "T:" + *raw;
            }
        }
        return "T:" + std::string(text);
    }
    std::string_view main = text;
    std::string_view addOn;
    if (auto space = text.find(' '); space != std::string_view::npos) {
        main = text.substr(0, space);
        addOn = text.substr(space + 1);
    }
    if (format == "UPC-E" && allDigits(main) && main.size() <= 8) {
        auto upca = expandUpcE(main);
        if (upca.ok()) {
            return gtinKey(*upca, addOn);
        }
    }
    if (main.size() == 16 && main.substr(0, 2) == "01") {
        main = main.substr(2);
    }
    return gtinKey(main, addOn);
}

ReadClass classify(const ManifestRow& row, const std::vector<Decoded>& decoded) {
    if (decoded.empty()) {
        return ReadClass::None;
    }
    std::string want = normaliseExpected(row.format, row.expectedText);
    auto plus = want.find('+');
    std::string wantMain = plus == std::string::npos ? want : want.substr(0, plus);
    bool onlyMissingAddOn = true;
    for (const auto& d : decoded) {
        std::string got = normaliseDecoded(d.format, d.text);
        if (got == want) {
            return ReadClass::Correct;
        }
        if (plus == std::string::npos || got != wantMain) {
            onlyMissingAddOn = false;
        }
    }
    return onlyMissingAddOn ? ReadClass::None : ReadClass::Wrong;
}

}  // namespace kiosk::vision::bench
