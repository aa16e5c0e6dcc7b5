// Printer code pages (ESC t): UTF-8 text to the bytes a printer prints, and back. Text the page
// cannot show is transliterated to ASCII ("Ł" -> "L", "€" -> "EUR" where the page lacks it);
// what has no transliteration (CJK, emoji) becomes '?', never stray bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::devices::printer {

enum class CodePage { Pc437, Pc850, Pc858, Wpc1252 };

// The ESC t argument for the page on Epson-compatible printers.
uint8_t escTNumber(CodePage page);
// The page selected by an ESC t argument, if it is one we know.
std::optional<CodePage> codePageFromEscT(uint8_t n);
// "PC437", "PC850", "PC858", "WPC1252".
const char* codePageName(CodePage page);
std::optional<CodePage> parseCodePage(std::string_view name);

// Encodes UTF-8 (invalid sequences become '?') for the page. Control characters other than
// '\n' become spaces so text can never smuggle a command to the printer.
std::string encodeText(std::string_view utf8, CodePage page);
// The byte as Unicode text in the page (bytes below 0x20 are the caller's business).
std::string decodeByte(uint8_t byte, CodePage page);
// What the printer will show for `utf8`: encodeText then decode, as UTF-8.
std::string printable(std::string_view utf8, CodePage page);

}  // namespace kiosk::devices::printer
