// Translations from gettext .po files, read by a small parser of our own so the kiosk never
// depends on the system's locales. A missing file or string falls back to the English msgid.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace kiosk::ui {

// msgid -> msgstr of one language. Entries with an empty msgstr or the "fuzzy" flag are left
// out (gettext's rule: they are not translations yet), as is the header entry (msgid "").
struct PoFile {
    std::string language;  // from the "Language:" header, may be empty
    std::map<std::string, std::string> messages;
};

// Parses .po text: comments, msgctxt (joined to the msgid as "ctxt\x04id", gettext's key),
// msgid, msgstr, msgid_plural/msgstr[0] (the singular is kept), continued strings on the
// following lines and the C escapes \n \t \" \\. Errors name `sourceName` and the line.
Result<PoFile> parsePo(std::string_view text, const std::string& sourceName);
Result<PoFile> loadPo(const std::string& path);

// The translations the screens use. `tr` never fails: an unknown string comes back as given
// (the English source text) and is remembered once, so the log names each missing string once.
class Translations {
  public:
    void add(const std::string& language, PoFile file);
    bool has(const std::string& language) const { return catalogs_.count(language) > 0; }
    const std::string& tr(const std::string& language, const std::string& msgid) const;
    // Strings asked for that a catalogue lacked, as "language: msgid" (for logs and tests).
    const std::set<std::string>& missing() const { return missing_; }

  private:
    std::map<std::string, std::map<std::string, std::string>> catalogs_;
    mutable std::set<std::string> missing_;
    mutable std::map<std::string, std::set<std::string>> missingByLanguage_;
};

}  // namespace kiosk::ui
