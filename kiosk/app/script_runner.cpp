#include "kiosk/app/script_runner.hpp"

#include <cctype>
#include <fstream>

#include <spdlog/spdlog.h>

#include "kiosk/app/snapshot_json.hpp"

namespace kiosk::app {
namespace {
// Device and storage work is asynchronous, so `expect` waits this long for its value.
constexpr int64_t kExpectWaitMs = 3000;
// ${KEY} in a scanned or typed text is the snapshot's value at KEY (a suspend code the kiosk
// drew, say); nullopt names a key that does not exist.
std::optional<std::string> expand(ScriptHost& host, const std::map<std::string, std::string>& vars,
                                  const std::string& text, std::string& bad) {
    if (text.find("${") == std::string::npos)
        return text;
    const auto snap = host.snapshot();
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t open = text.find("${", i);
        const size_t close = open == std::string::npos ? open : text.find('}', open);
        if (open == std::string::npos || close == std::string::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, open - i);
        const std::string key = text.substr(open + 2, close - open - 2);
        auto it = vars.find(key);
        auto value =
            it != vars.end() ? std::optional<std::string>(it->second) : snapshotValue(snap, key);
        if (!value) {
            bad = key;
            return std::nullopt;
        }
        out += *value;
        i = close + 1;
    }
    return out;
}

}  // namespace

const ui::WidgetInfo* findWidget(const std::vector<ui::WidgetInfo>& widgets,
                                 const std::string& text, bool byId) {
    for (const auto& w : widgets)
        if ((byId ? w.id : w.label) == text)
            return &w;
    return nullptr;
}

ScriptRunner::ScriptRunner(std::vector<ScriptCommand> commands, std::string dumpDir)
    : commands_(std::move(commands)), dumpDir_(std::move(dumpDir)) {}

ScriptRunner::Status ScriptRunner::fail(const std::string& why) {
    const ScriptCommand& c = commands_[index_];
    failure_ = "line " + std::to_string(c.line) + ": " + c.source + ": " + why;
    return Status::Failed;
}

void ScriptRunner::next(ScriptHost& host) {
    ++index_;
    phase_ = 0;
    typed_ = 0;
    startedMs_ = -1;
    host.forgetReached();
}

bool ScriptRunner::tapWidget(ScriptHost& host, const ui::WidgetInfo& w) {
    // Frame 1: finger down at the centre; frame 2: finger up; frame 3: the result is drawn.
    if (phase_ == 0) {
        tapX_ = w.x + w.w * 0.5f;
        tapY_ = w.y + w.h * 0.5f;
        host.touch(tapX_, tapY_, true);
        phase_ = 1;
        return false;
    }
    if (phase_ == 1) {
        host.touch(tapX_, tapY_, false);
        phase_ = 2;
        return false;
    }
    phase_ = 0;
    return true;
}

ScriptRunner::Status ScriptRunner::step(ScriptHost& host) {
    // Several commands that need no frame may run in one step.
    for (int guard = 0; guard < 64; ++guard) {
        if (index_ >= commands_.size())
            return Status::Passed;
        const ScriptCommand& c = commands_[index_];
        const int64_t now = host.steadyMs();
        if (startedMs_ < 0) {
            startedMs_ = now;
            spdlog::debug("script line {}: {}", c.line, c.source);
        }
        using K = ScriptCommand::Kind;
        switch (c.kind) {
            case K::WaitFor: {
                const auto& seen = host.reached();
                for (const auto& s : c.states)
                    if (seen.count(s)) {
                        next(host);
                        goto again;
                    }
                if (now - startedMs_ > static_cast<int64_t>(c.seconds * 1000)) {
                    const auto snap = host.snapshot();
                    return fail("timed out; state is " + snap["state"].get<std::string>() +
                                ", screen " + snap["screen"].get<std::string>());
                }
                return Status::Running;
            }
            case K::TapLabel:
            case K::TapId: {
                static ui::WidgetInfo held;
                if (phase_ == 0) {
                    const auto* w = findWidget(host.widgets(), c.text, c.kind == K::TapId);
                    if (w == nullptr) {
                        // The widget may appear once pending work lands (a screen change).
                        if (now - startedMs_ < kExpectWaitMs)
                            return Status::Running;
                        std::string visible;
                        for (const auto& v : host.widgets())
                            visible +=
                                " #" + v.id + (v.label.empty() ? "" : " \"" + v.label + "\"");
                        return fail("no such widget on the screen; visible:" + visible);
                    }
                    held = *w;
                }
                if (tapWidget(host, held))
                    next(host);
                return Status::Running;
            }
            case K::TapAt: {
                ui::WidgetInfo at;
                at.x = c.x;
                at.y = c.y;
                if (tapWidget(host, at))
                    next(host);
                return Status::Running;
            }
            case K::Type: {
                std::string bad;
                const auto expanded = expand(host, remembered_, c.text, bad);
                if (!expanded)
                    return fail("no snapshot key " + bad + " to expand");
                const std::string& text = *expanded;
                if (typed_ >= text.size()) {
                    next(host);
                    goto again;
                }
                static ui::WidgetInfo held;
                if (phase_ == 0) {
                    const unsigned char ch = static_cast<unsigned char>(text[typed_]);
                    std::string id = "key-";
                    if (ch == ' ')
                        id += "space";
                    else
                        id += static_cast<char>(std::tolower(ch));
                    const auto* w = findWidget(host.widgets(), id, true);
                    if (w == nullptr)
                        return fail("no on-screen key #" + id + " for '" + std::string(1, ch) +
                                    "'");
                    held = *w;
                }
                if (tapWidget(host, held))
                    ++typed_;
                return Status::Running;
            }
            case K::Scan: {
                std::string bad;
                auto text = expand(host, remembered_, c.text, bad);
                if (!text)
                    return fail("no snapshot key " + bad + " to expand");
                host.scan(*text);
                next(host);
                return Status::Running;  // let the frame run the event
            }
            case K::ScanFile:
            case K::HandScanFile: {
                std::ifstream in(c.text);
                std::string line;
                if (!in || !std::getline(in, line))
                    return fail("cannot read " + c.text);
                while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
                    line.pop_back();
                if (c.kind == K::ScanFile) {
                    host.scan(line);
                } else if (auto scanned =
                               host.handScan(line.rfind(']', 0) == 0 ? line : "]Q1" + line);
                           !scanned) {
                    return fail(scanned.error().message);
                }
                next(host);
                return Status::Running;
            }
            case K::HandScan: {
                std::string bad;
                auto text = expand(host, remembered_, c.text, bad);
                if (!text)
                    return fail("no snapshot key " + bad + " to expand");
                auto scanned = host.handScan(*text);
                if (!scanned)
                    return fail(scanned.error().message);
                next(host);
                return Status::Running;
            }
            case K::Show: {
                auto shown = host.show(c.text == "none" ? "" : c.text);
                if (!shown)
                    return fail(shown.error().message);
                next(host);
                goto again;
            }
            case K::Expect: {
                const auto value = snapshotValue(host.snapshot(), c.key);
                if (value && *value == c.text) {
                    next(host);
                    goto again;
                }
                if (now - startedMs_ < kExpectWaitMs)
                    return Status::Running;
                return fail(value ? "got \"" + *value + "\"" : "no such key in the snapshot");
            }
            case K::Dump: {
                std::string path = c.text;
                if (!path.empty() && path[0] != '/' && !dumpDir_.empty())
                    path = dumpDir_ + "/" + path;
                std::ofstream out(path);
                out << host.snapshot().dump(2) << "\n";
                if (!out)
                    return fail("cannot write " + path);
                next(host);
                goto again;
            }
            case K::Screenshot: {
                if (phase_ == 0) {
                    host.screenshot(c.text);
                    phase_ = 1;
                    return Status::Running;
                }
                auto done = host.screenshotDone();
                if (!done)
                    return Status::Running;
                if (!*done)
                    return fail(done->error().message);
                next(host);
                goto again;
            }
            case K::Remember: {
                auto value = snapshotValue(host.snapshot(), c.key);
                if (!value)
                    return fail("no such key in the snapshot");
                remembered_[c.text] = *value;
                next(host);
                goto again;
            }
            case K::Sleep:
                if (now - startedMs_ >= c.ms) {
                    next(host);
                    goto again;
                }
                return Status::Running;
        }
    again:;
    }
    return Status::Running;
}

}  // namespace kiosk::app
