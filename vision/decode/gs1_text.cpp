#include "vision/decode/gs1_text.hpp"

#include <vector>

namespace kiosk::vision {

namespace {

// AIs whose values have a predefined length (GS1 General Specifications, figure 7.8.5-2):
// no separator follows them.
bool predefinedLength(std::string_view ai) {
    static constexpr std::string_view kPrefixes[] = {"00", "01", "02", "03", "04", "11", "12", "13",
                                                     "14", "15", "16", "17", "18", "19", "20", "31",
                                                     "32", "33", "34", "35", "36", "41"};
    for (auto p : kPrefixes) {
        if (ai.substr(0, 2) == p) {
            return true;
        }
    }
    return false;
}

// Length of an "(AI)" opening at `pos`, or 0.
std::size_t aiTokenAt(std::string_view text, std::size_t pos) {
    if (pos >= text.size() || text[pos] != '(') {
        return 0;
    }
    std::size_t n = 0;
    while (pos + 1 + n < text.size() && text[pos + 1 + n] >= '0' && text[pos + 1 + n] <= '9') {
        ++n;
    }
    if (n < 2 || n > 4 || pos + 1 + n >= text.size() || text[pos + 1 + n] != ')') {
        return 0;
    }
    return n + 2;
}

}  // namespace

std::optional<std::string> gs1HumanReadableToElementString(std::string_view text) {
    if (aiTokenAt(text, 0) == 0) {
        return std::nullopt;
    }
    struct Element {
        std::string_view ai;
        std::string_view value;
    };
    std::vector<Element> elements;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t token = aiTokenAt(text, pos);
        if (token == 0) {
            return std::nullopt;
        }
        std::string_view ai = text.substr(pos + 1, token - 2);
        std::size_t start = pos + token;
        std::size_t end = start;
        // A value of a predefined length may contain "(" only as data; for the others the
        // next "(NN)" starts a new element (the printed form is ambiguous there anyway).
        while (end < text.size() && aiTokenAt(text, end) == 0) {
            ++end;
        }
        if (end == start) {
            return std::nullopt;
        }
        elements.push_back({ai, text.substr(start, end - start)});
        pos = end;
    }
    std::string out;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        out += elements[i].ai;
        out += elements[i].value;
        if (i + 1 < elements.size() && !predefinedLength(elements[i].ai)) {
            out += '\x1d';
        }
    }
    return out;
}

}  // namespace kiosk::vision
