#include "kiosk/ui/po_catalog.hpp"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

namespace kiosk::ui {
namespace {

std::string trimmed(std::string_view s) {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        --e;
    return std::string(s.substr(b, e - b));
}

// A quoted C string, with the escapes gettext writes.
Result<std::string> unquote(std::string_view s, const std::string& where) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"')
        return makeError(ErrorCode::InvalidArgument, where + ": expected a quoted string");
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        char c = s[i];
        if (c == '"')
            return makeError(ErrorCode::InvalidArgument, where + ": unescaped quote in a string");
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 2 >= s.size())
            return makeError(ErrorCode::InvalidArgument, where + ": string ends in a backslash");
        switch (s[++i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                return makeError(ErrorCode::InvalidArgument,
                                 where + ": unknown escape \\" + std::string(1, s[i]));
        }
    }
    return out;
}

struct Entry {
    std::string ctxt;
    std::string id;
    std::string str;
    bool hasId = false;
    bool hasStr = false;
    bool fuzzy = false;
    uint32_t line = 0;
};

}  // namespace

Result<PoFile> parsePo(std::string_view text, const std::string& sourceName) {
    PoFile file;
    Entry entry;
    std::string* current = nullptr;  // the field a continued "..." line extends
    bool skipping = false;           // inside msgstr[n>0], whose text we do not keep
    std::string headerText;

    const auto finish = [&](uint32_t line) -> Result<void> {
        if (!entry.hasId && !entry.hasStr) {
            entry = {};
            return {};
        }
        if (!entry.hasId || !entry.hasStr)
            return makeError(ErrorCode::InvalidArgument,
                             sourceName + ":" + std::to_string(entry.line ? entry.line : line) +
                                 ": an entry needs both msgid and msgstr");
        if (entry.id.empty() && entry.ctxt.empty()) {
            headerText = entry.str;
        } else if (!entry.str.empty() && !entry.fuzzy) {
            std::string key = entry.ctxt.empty() ? entry.id : entry.ctxt + '\x04' + entry.id;
            file.messages[key] = entry.str;
        }
        entry = {};
        return {};
    };

    uint32_t lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        const std::string where = sourceName + ":" + std::to_string(lineNo);
        if (line.empty()) {
            current = nullptr;
            skipping = false;
            if (pos > text.size())
                break;
            continue;
        }
        if (line[0] == '#') {
            // A flags comment before an entry starts a new entry's metadata.
            if (entry.hasStr) {
                if (auto done = finish(lineNo); !done)
                    return done.error();
            }
            if (line.rfind("#,", 0) == 0 && line.find("fuzzy") != std::string::npos)
                entry.fuzzy = true;
            current = nullptr;
            continue;
        }
        if (line[0] == '"') {
            if (skipping)
                continue;
            if (current == nullptr)
                return makeError(ErrorCode::InvalidArgument,
                                 where + ": a continued string outside msgid or msgstr");
            auto part = unquote(line, where);
            if (!part)
                return part.error();
            *current += *part;
            continue;
        }
        const size_t space = line.find_first_of(" \t");
        if (space == std::string::npos)
            return makeError(ErrorCode::InvalidArgument, where + ": expected keyword and string");
        const std::string keyword = line.substr(0, space);
        auto value = unquote(trimmed(std::string_view(line).substr(space)), where);
        if (!value)
            return value.error();
        skipping = false;
        if (keyword == "msgctxt" || (keyword == "msgid" && entry.hasStr)) {
            if (entry.hasStr) {
                if (auto done = finish(lineNo); !done)
                    return done.error();
            }
        }
        if (keyword == "msgctxt") {
            entry.ctxt = *value;
            entry.line = lineNo;
            current = &entry.ctxt;
        } else if (keyword == "msgid") {
            if (entry.hasId)
                return makeError(ErrorCode::InvalidArgument, where + ": msgid twice in an entry");
            entry.id = *value;
            entry.hasId = true;
            if (entry.line == 0)
                entry.line = lineNo;
            current = &entry.id;
        } else if (keyword == "msgid_plural") {
            current = nullptr;
            skipping = true;
        } else if (keyword == "msgstr" || keyword == "msgstr[0]") {
            if (!entry.hasId)
                return makeError(ErrorCode::InvalidArgument, where + ": msgstr before msgid");
            entry.str = *value;
            entry.hasStr = true;
            current = &entry.str;
        } else if (keyword.rfind("msgstr[", 0) == 0) {
            current = nullptr;
            skipping = true;
        } else {
            return makeError(ErrorCode::InvalidArgument, where + ": unknown keyword " + keyword);
        }
    }
    if (auto done = finish(lineNo); !done)
        return done.error();

    std::istringstream header(headerText);
    for (std::string h; std::getline(header, h);)
        if (h.rfind("Language:", 0) == 0)
            file.language = trimmed(std::string_view(h).substr(9));
    return file;
}

Result<PoFile> loadPo(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, path + ": cannot open the translation file");
    std::ostringstream text;
    text << in.rdbuf();
    return parsePo(text.str(), path);
}

void Translations::add(const std::string& language, PoFile file) {
    catalogs_[language] = std::move(file.messages);
}

const std::string& Translations::tr(const std::string& language, const std::string& msgid) const {
    auto catalog = catalogs_.find(language);
    if (catalog != catalogs_.end()) {
        auto it = catalog->second.find(msgid);
        if (it != catalog->second.end())
            return it->second;
    }
    // The returned reference must outlive a temporary msgid, so it points into the set.
    auto [it, added] = missingByLanguage_[language].insert(msgid);
    if (added) {
        missing_.insert(language + ": " + msgid);
        spdlog::warn("no {} translation for \"{}\"; showing the English text", language, msgid);
    }
    return *it;
}

}  // namespace kiosk::ui
