// RFC 4180 reading and writing.
#include "kiosk/admin/csv.hpp"

namespace kiosk::admin {

Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const std::string& sourceName) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int64_t line = 1;
    size_t i = 0;
    const size_t n = text.size();
    bool recordHasContent = false;  // false for an empty line: ignored, not a record of ""

    const auto endRecord = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        if (recordHasContent)
            records.push_back(std::move(record));
        record = CsvRecord{};
        recordHasContent = false;
    };

    while (i < n) {
        if (record.fields.empty() && field.empty() && !recordHasContent)
            record.line = line;
        const char c = text[i];
        if (c == '"' && field.empty()) {
            // A quoted field runs to the next quote that is not doubled.
            const int64_t openedOn = line;
            recordHasContent = true;
            ++i;
            bool closed = false;
            while (i < n) {
                const char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (q == '\n')
                    ++line;
                field += q;
                ++i;
            }
            if (!closed)
                return makeError(ErrorCode::InvalidArgument,
                                 sourceName + ":" + std::to_string(openedOn) +
                                     ": unterminated quoted field (the quote opened on line " +
                                     std::to_string(openedOn) + " is never closed)");
            if (i < n && text[i] != ',' && text[i] != '\n' &&
                !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n'))
                return makeError(ErrorCode::InvalidArgument,
                                 sourceName + ":" + std::to_string(line) +
                                     ": text after the closing quote of a field (a quote inside "
                                     "a quoted field must be doubled)");
            // Mark the field as taken even when it is "" so a following quote is not re-opened.
            continue;
        }
        if (c == ',') {
            recordHasContent = true;
            record.fields.push_back(std::move(field));
            field.clear();
            ++i;
            continue;
        }
        if (c == '\n' || (c == '\r' && i + 1 < n && text[i + 1] == '\n')) {
            i += c == '\r' ? 2 : 1;
            endRecord();
            ++line;
            continue;
        }
        recordHasContent = true;
        field += c;
        ++i;
    }
    if (recordHasContent || !field.empty() || !record.fields.empty())
        endRecord();
    return records;
}

std::string csvField(std::string_view value) {
    const bool needsQuotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                             (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!needsQuotes)
        return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csvRecord(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += csvField(fields[i]);
    }
    out += '\n';
    return out;
}

}  // namespace kiosk::admin
