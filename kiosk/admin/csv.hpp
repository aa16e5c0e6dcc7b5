// RFC 4180 CSV: a reader that keeps the physical line of every record for messages, and a
// writer that quotes only when it must.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::admin {

struct CsvRecord {
    int64_t line = 0;  // physical line (1-based) on which the record starts
    std::vector<std::string> fields;
};

// Parses the whole text: fields separated by ',', records by CRLF or LF, quoted fields may hold
// commas, doubled quotes and line breaks; a leading UTF-8 byte order mark is skipped and empty
// lines are ignored. A quote inside an unquoted field is kept as text (common in exports).
// Malformed text (an unterminated quote, text after a closing quote) fails as a whole, naming
// `sourceName` and the line, because where one record ends is then unknowable.
Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const std::string& sourceName);

// One field, quoted when it holds a comma, quote, CR or LF or starts or ends with a space.
std::string csvField(std::string_view value);
// A record terminated by LF (as the Open Food Facts exports are).
std::string csvRecord(const std::vector<std::string>& fields);

}  // namespace kiosk::admin
