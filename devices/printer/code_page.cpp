#include "devices/printer/code_page.hpp"

#include <algorithm>
#include <array>

namespace kiosk::devices::printer {
namespace {

#include "devices/printer/code_page_tables.inc"

const uint16_t* tableFor(CodePage page) {
    switch (page) {
        case CodePage::Pc437:
            return kPc437;
        case CodePage::Pc850:
            return kPc850;
        case CodePage::Pc858:
            return kPc858;
        case CodePage::Wpc1252:
            return kWpc1252;
    }
    return kPc437;
}

// Reverse lookup: code point -> byte, per page, built once.
struct Reverse {
    std::array<std::pair<uint32_t, uint8_t>, 128> entries{};
    size_t size = 0;
};

const Reverse& reverseFor(CodePage page) {
    static const std::array<Reverse, 4> all = [] {
        std::array<Reverse, 4> r{};
        for (int p = 0; p < 4; ++p) {
            const uint16_t* t = tableFor(static_cast<CodePage>(p));
            for (int i = 0; i < 128; ++i)
                if (t[i] != 0)
                    r[p].entries[r[p].size++] = {t[i], static_cast<uint8_t>(0x80 + i)};
            std::sort(r[p].entries.begin(), r[p].entries.begin() + r[p].size);
        }
        return r;
    }();
    return all[static_cast<size_t>(page)];
}

std::optional<uint8_t> byteFor(uint32_t cp, CodePage page) {
    if (cp < 0x80)
        return static_cast<uint8_t>(cp);
    const Reverse& r = reverseFor(page);
    auto end = r.entries.begin() + r.size;
    auto it = std::lower_bound(r.entries.begin(), end, std::pair<uint32_t, uint8_t>{cp, 0});
    if (it != end && it->first == cp)
        return it->second;
    return std::nullopt;
}

const char* transliteration(uint32_t cp) {
    auto it = std::lower_bound(std::begin(kTranslit), std::end(kTranslit), cp,
                               [](const Translit& t, uint32_t v) { return t.cp < v; });
    if (it != std::end(kTranslit) && it->cp == cp)
        return it->ascii;
    return nullptr;
}

// Next code point of `s` from `i`; invalid sequences yield U+FFFD and consume one byte.
uint32_t nextCodePoint(std::string_view s, size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += len;
    return cp;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

uint8_t escTNumber(CodePage page) {
    switch (page) {
        case CodePage::Pc437:
            return 0;
        case CodePage::Pc850:
            return 2;
        case CodePage::Pc858:
            return 19;
        case CodePage::Wpc1252:
            return 16;
    }
    return 0;
}

std::optional<CodePage> codePageFromEscT(uint8_t n) {
    switch (n) {
        case 0:
            return CodePage::Pc437;
        case 2:
            return CodePage::Pc850;
        case 19:
            return CodePage::Pc858;
        case 16:
            return CodePage::Wpc1252;
        default:
            return std::nullopt;
    }
}

const char* codePageName(CodePage page) {
    switch (page) {
        case CodePage::Pc437:
            return "PC437";
        case CodePage::Pc850:
            return "PC850";
        case CodePage::Pc858:
            return "PC858";
        case CodePage::Wpc1252:
            return "WPC1252";
    }
    return "PC437";
}

std::optional<CodePage> parseCodePage(std::string_view name) {
    for (CodePage p : {CodePage::Pc437, CodePage::Pc850, CodePage::Pc858, CodePage::Wpc1252})
        if (name == codePageName(p))
            return p;
    return std::nullopt;
}

std::string encodeText(std::string_view utf8, CodePage page) {
    std::string out;
    out.reserve(utf8.size());
    size_t i = 0;
    while (i < utf8.size()) {
        const uint32_t cp = nextCodePoint(utf8, i);
        if (cp == '\n') {
            out += '\n';
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            out += ' ';
            continue;
        }
        if (auto b = byteFor(cp, page)) {
            out += static_cast<char>(*b);
            continue;
        }
        if (const char* t = transliteration(cp)) {
            out += t;
            continue;
        }
        out += '?';
    }
    return out;
}

std::string decodeByte(uint8_t byte, CodePage page) {
    std::string out;
    if (byte < 0x80) {
        out += static_cast<char>(byte);
        return out;
    }
    const uint16_t cp = tableFor(page)[byte - 0x80];
    appendUtf8(out, cp == 0 ? 0xFFFD : cp);
    return out;
}

std::string printable(std::string_view utf8, CodePage page) {
    std::string out;
    for (char c : encodeText(utf8, page))
        out += decodeByte(static_cast<uint8_t>(c), page);
    return out;
}

}  // namespace kiosk::devices::printer
