#include "kiosk/app/script.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace kiosk::app {
namespace {

// Splits a line into words; "quoted words" keep their spaces. A '#' outside quotes at the
// start of a word starts a comment.
Result<std::vector<std::string>> words(std::string_view line, const std::string& where) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        if (i >= line.size())
            break;
        if (line[i] == '#' && out.empty())
            break;
        std::string word;
        if (line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                char c = line[i++];
                if (c == '\\' && i < line.size()) {
                    word += line[i++];
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    word += c;
                }
            }
            if (!closed)
                return makeError(ErrorCode::InvalidArgument, where + ": unterminated quote");
            out.push_back(std::move(word));
            // Mark quoted words so `tap "Label"` differs from `tap #id`.
            out.back().insert(0, 1, '\x01');
            continue;
        }
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            word += line[i++];
        out.push_back(std::move(word));
    }
    return out;
}

bool quoted(const std::string& w) {
    return !w.empty() && w[0] == '\x01';
}
std::string plain(const std::string& w) {
    return quoted(w) ? w.substr(1) : w;
}

template <typename T>
bool number(const std::string& s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

// The rest of the words as one text (for `type hello world` and `expect message Item added`).
std::string rest(const std::vector<std::string>& w, size_t from) {
    std::string s;
    for (size_t i = from; i < w.size(); ++i) {
        if (i > from)
            s += ' ';
        s += plain(w[i]);
    }
    return s;
}

}  // namespace

Result<std::vector<ScriptCommand>> parseScript(std::string_view text,
                                               const std::string& sourceName) {
    std::vector<ScriptCommand> out;
    std::vector<std::string> problems;
    uint32_t lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        const std::string where = sourceName + ":" + std::to_string(lineNo);
        auto w = words(line, where);
        if (!w) {
            problems.push_back(w.error().message);
            continue;
        }
        if (w->empty()) {
            if (end >= text.size())
                break;
            continue;
        }
        ScriptCommand c;
        c.line = lineNo;
        c.source = std::string(line);
        while (!c.source.empty() && (c.source.back() == '\r' || c.source.back() == ' '))
            c.source.pop_back();
        const std::string verb = plain((*w)[0]);
        const size_t n = w->size();
        const auto bad = [&](const std::string& why) { problems.push_back(where + ": " + why); };
        if (verb == "wait-for") {
            if (n < 2 || n > 3) {
                bad("usage: wait-for STATE[|STATE...] [seconds]");
                continue;
            }
            c.kind = ScriptCommand::Kind::WaitFor;
            std::string list = plain((*w)[1]);
            for (size_t b = 0, e; b <= list.size(); b = e + 1) {
                e = list.find('|', b);
                if (e == std::string::npos)
                    e = list.size();
                if (e > b)
                    c.states.push_back(list.substr(b, e - b));
            }
            if (c.states.empty()) {
                bad("wait-for needs a state");
                continue;
            }
            if (n == 3) {
                double s = 0;
                if (!number(plain((*w)[2]), s) || s <= 0 || s > 3600) {
                    bad("wait-for: seconds must be a number from 0 to 3600");
                    continue;
                }
                c.seconds = s;
            }
        } else if (verb == "tap") {
            if (n == 2 && quoted((*w)[1])) {
                c.kind = ScriptCommand::Kind::TapLabel;
                c.text = plain((*w)[1]);
            } else if (n == 2 && (*w)[1].size() > 1 && (*w)[1][0] == '#') {
                c.kind = ScriptCommand::Kind::TapId;
                c.text = (*w)[1].substr(1);
            } else if (n == 3 && number((*w)[1], c.x) && number((*w)[2], c.y) && c.x >= 0 &&
                       c.y >= 0) {
                c.kind = ScriptCommand::Kind::TapAt;
            } else {
                bad("usage: tap \"Label\" | tap #id | tap X Y");
                continue;
            }
        } else if (verb == "scan") {
            if (n != 2) {
                bad("usage: scan CODE");
                continue;
            }
            c.kind = ScriptCommand::Kind::Scan;
            c.text = plain((*w)[1]);
        } else if (verb == "scan-file" || verb == "hand-scan-file") {
            if (n != 2) {
                bad("usage: " + verb + " PATH (its first line is scanned)");
                continue;
            }
            c.kind = verb == "scan-file" ? ScriptCommand::Kind::ScanFile
                                         : ScriptCommand::Kind::HandScanFile;
            c.text = plain((*w)[1]);
        } else if (verb == "hand-scan") {
            if (n != 2) {
                bad("usage: hand-scan RAW (e.g. hand-scan \"]E08076809570787\")");
                continue;
            }
            c.kind = ScriptCommand::Kind::HandScan;
            c.text = plain((*w)[1]);
        } else if (verb == "show") {
            if (n != 2) {
                bad("usage: show IMAGE | show none");
                continue;
            }
            c.kind = ScriptCommand::Kind::Show;
            c.text = plain((*w)[1]);
        } else if (verb == "type") {
            if (n < 2) {
                bad("usage: type TEXT");
                continue;
            }
            c.kind = ScriptCommand::Kind::Type;
            c.text = rest(*w, 1);
        } else if (verb == "expect") {
            if (n < 3) {
                bad("usage: expect KEY VALUE");
                continue;
            }
            c.kind = ScriptCommand::Kind::Expect;
            c.key = plain((*w)[1]);
            c.text = rest(*w, 2);
        } else if (verb == "dump" || verb == "screenshot") {
            if (n != 2) {
                bad("usage: " + verb + (verb == "dump" ? " FILE" : " NAME"));
                continue;
            }
            c.kind = verb == "dump" ? ScriptCommand::Kind::Dump : ScriptCommand::Kind::Screenshot;
            c.text = plain((*w)[1]);
            if (c.kind == ScriptCommand::Kind::Screenshot &&
                c.text.find_first_of("/\\") != std::string::npos) {
                bad("screenshot: NAME is a file name without folders");
                continue;
            }
        } else if (verb == "remember") {
            if (n != 3) {
                bad("usage: remember NAME KEY (then ${NAME} in scan, hand-scan and type)");
                continue;
            }
            c.kind = ScriptCommand::Kind::Remember;
            c.text = plain((*w)[1]);
            c.key = plain((*w)[2]);
        } else if (verb == "sleep") {
            if (n != 2 || !number(plain((*w)[1]), c.ms) || c.ms < 0 || c.ms > 600'000) {
                bad("usage: sleep MS (0 to 600000)");
                continue;
            }
            c.kind = ScriptCommand::Kind::Sleep;
        } else {
            bad("unknown command \"" + verb +
                "\" (wait-for, tap, scan, scan-file, hand-scan, hand-scan-file, show, type, "
                "expect, dump, "
                "screenshot, "
                "sleep, remember)");
            continue;
        }
        out.push_back(std::move(c));
        if (end >= text.size())
            break;
    }
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems)
            all += (all.empty() ? "" : "\n") + p;
        return makeError(ErrorCode::InvalidArgument, all);
    }
    return out;
}

Result<std::vector<ScriptCommand>> loadScript(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, path + ": cannot open the script");
    std::ostringstream text;
    text << in.rdbuf();
    return parseScript(text.str(), path);
}

}  // namespace kiosk::app
