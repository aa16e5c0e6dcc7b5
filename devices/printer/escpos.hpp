// ESC/POS command encoder: builds the byte stream of one print job. Every command is the
// Epson-documented form (DOMAIN.md lists the subset); text goes through the configured code
// page with transliteration, so nothing the printer cannot show reaches it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "devices/printer/code_page.hpp"

namespace kiosk::devices::printer {

enum class Align : uint8_t { Left = 0, Center = 1, Right = 2 };

// A 1-bit image, row-major, one byte per pixel (non-zero = black).
struct Bitmap {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;
};

// GS k function B symbologies (m = 65..73).
enum class BarcodeType : uint8_t {
    UpcA = 65,
    UpcE = 66,
    Ean13 = 67,
    Ean8 = 68,
    Code39 = 69,
    Itf = 70,
    Codabar = 71,
    Code93 = 72,
    Code128 = 73,
};

// Status queries (DLE EOT n).
enum class StatusQuery : uint8_t { Printer = 1, OfflineCause = 2, ErrorCause = 3, PaperSensor = 4 };

class EscPosWriter {
  public:
    explicit EscPosWriter(CodePage page = CodePage::Pc858) : page_(page) {}

    EscPosWriter& init();                   // ESC @, then ESC t for the page
    EscPosWriter& codePage(CodePage page);  // ESC t n
    EscPosWriter& align(Align a);           // ESC a n
    EscPosWriter& bold(bool on);            // ESC E n
    // GS ! n: width and height multipliers 1..8.
    EscPosWriter& size(int width, int height);
    // UTF-8 text in the current code page; '\n' prints the line.
    EscPosWriter& text(std::string_view utf8);
    EscPosWriter& line(std::string_view utf8) { return text(utf8).newline(); }
    EscPosWriter& newline();
    EscPosWriter& feed(int lines);  // ESC d n
    // GS V 66 n: feed n dots then cut (partial when `partial`, GS V 65 n otherwise).
    EscPosWriter& cut(bool partial = false, int feedDots = 0);
    // GS h, GS w, GS H, then GS k m n d1..dn. Data outside the symbology is the caller's bug:
    // it returns false and writes nothing.
    bool barcode(BarcodeType type, std::string_view data, int heightDots = 80, int moduleWidth = 2,
                 bool humanReadable = true);
    // GS ( k: model 2, module size 1..16, error correction 'L','M','Q','H', store then print.
    // False (nothing written) when the data does not fit one symbol (7089 bytes).
    bool qr(std::string_view data, int moduleSize = 6, char errorCorrection = 'M');
    // GS v 0 m xL xH yL yH d...: the bitmap packed MSB first, width padded to whole bytes.
    EscPosWriter& raster(const Bitmap& image);
    // ESC p m t1 t2: m 0 = pin 2, 1 = pin 5; times in ms, sent as units of 2 ms (1..255).
    EscPosWriter& drawerKick(int pin, int onMs, int offMs);
    // DLE EOT n.
    EscPosWriter& status(StatusQuery q);
    EscPosWriter& raw(std::initializer_list<uint8_t> bytes);

    CodePage page() const { return page_; }
    const std::vector<uint8_t>& bytes() const { return out_; }
    std::vector<uint8_t> take() { return std::move(out_); }

  private:
    CodePage page_;
    std::vector<uint8_t> out_;
};

// The bytes of a status query, a drawer kick: the driver sends them outside a job.
std::vector<uint8_t> statusQueryBytes(StatusQuery q);

}  // namespace kiosk::devices::printer
