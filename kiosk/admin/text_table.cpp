// Column layout for kasir-admin's tables.
#include "kiosk/admin/text_table.hpp"

#include <algorithm>
#include <cstdint>

namespace kiosk::admin {
namespace {

// Decodes the code point starting at `i` (input already validated as UTF-8 on import; a stray
// byte counts as one character so broken text still lines up roughly).
uint32_t decodeAt(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t length = b < 0x80             ? 1
                    : (b & 0xE0) == 0xC0 ? 2
                    : (b & 0xF0) == 0xE0 ? 3
                    : (b & 0xF8) == 0xF0 ? 4
                                         : 1;
    if (i + length > s.size())
        length = 1;
    uint32_t cp = length == 1   ? b
                  : length == 2 ? (b & 0x1F)
                  : length == 3 ? (b & 0x0F)
                                : (b & 0x07);
    for (size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return cp;
}

bool isCombining(uint32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

}  // namespace

size_t displayWidth(std::string_view utf8) {
    size_t width = 0;
    for (size_t i = 0; i < utf8.size();)
        if (!isCombining(decodeAt(utf8, i)))
            ++width;
    return width;
}

std::string truncateToWidth(std::string_view utf8, size_t width) {
    if (displayWidth(utf8) <= width)
        return std::string(utf8);
    const size_t keep = width > 3 ? width - 3 : 0;
    size_t shown = 0;
    size_t i = 0;
    while (i < utf8.size()) {
        size_t next = i;
        const uint32_t cp = decodeAt(utf8, next);
        if (!isCombining(cp)) {
            if (shown == keep)
                break;
            ++shown;
        }
        i = next;
    }
    return std::string(utf8.substr(0, i)) + "...";
}

TextTable::TextTable(std::vector<std::string> headers) {
    for (auto& header : headers) {
        const bool right = !header.empty() && header.front() == '>';
        right_.push_back(right);
        headers_.push_back(right ? header.substr(1) : header);
    }
}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

std::string TextTable::render(size_t maxWidth) const {
    std::vector<std::vector<std::string>> lines;
    lines.push_back(headers_);
    for (const auto& row : rows_) {
        std::vector<std::string> cut;
        for (const auto& cell : row)
            cut.push_back(truncateToWidth(cell, maxWidth));
        lines.push_back(std::move(cut));
    }
    std::vector<size_t> widths(headers_.size(), 0);
    for (const auto& line : lines)
        for (size_t c = 0; c < line.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(line[c]));

    std::string out;
    for (const auto& line : lines) {
        std::string text;
        for (size_t c = 0; c < line.size(); ++c) {
            const std::string padding(widths[c] - displayWidth(line[c]), ' ');
            if (c > 0)
                text += "  ";
            text += right_[c] ? padding + line[c] : line[c] + padding;
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out += text + "\n";
    }
    return out;
}

}  // namespace kiosk::admin
