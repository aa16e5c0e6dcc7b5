// Scripted runs: the text format (one command a line) and its parser. The runner that plays
// a script against the live kiosk is in script_runner.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace kiosk::app {

struct ScriptCommand {
    enum class Kind {
        WaitFor,   // states (any of), seconds
        TapLabel,  // text
        TapId,     // text (without '#')
        TapAt,     // x, y
        Scan,      // text (${KEY} expands to the snapshot's value, e.g. ${last_sale.suspend_code})
        ScanFile,  // text: a file whose first line is scanned (a badge's badges/1.txt)
        HandScanFile,  // text: the same through the hand scanner (as a QR code, AIM id "]Q1")
        HandScan,      // text: what the hand scanner simulator sends (AIM prefix included; ${KEY})
        Show,          // text ("none" clears)
        Type,          // text
        Expect,        // key, text
        Dump,          // text: file
        Screenshot,    // text: name
        Sleep,         // ms
        Remember,      // text: a name, key: a snapshot key; ${name} is then its value
    };
    Kind kind = Kind::Sleep;
    uint32_t line = 0;
    std::string source;  // the line as written, for messages
    std::string text;
    std::string key;
    std::vector<std::string> states;
    double seconds = 10;
    int64_t ms = 0;
    float x = 0;
    float y = 0;
};

// Blank lines and # comments are skipped. Arguments may be quoted with "..." (a backslash escapes
// the next character inside). Every problem names `sourceName`:LINE.
Result<std::vector<ScriptCommand>> parseScript(std::string_view text,
                                               const std::string& sourceName);
Result<std::vector<ScriptCommand>> loadScript(const std::string& path);

}  // namespace kiosk::app
