// ESC/POS decoder: what a printer does with the byte stream, as data. Used by the simulator
// (which prints it as text and PNG), the digital receipt (which renders the same bytes as the
// paper) and the tests. Streaming: bytes may arrive in any chunks; nothing a hostile stream
// sends makes it allocate without bound or fail (unknown commands are recorded and skipped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "devices/printer/code_page.hpp"
#include "devices/printer/escpos.hpp"

namespace kiosk::devices::printer {

struct PaperText {
    std::string text;  // UTF-8, decoded from the code page in force
    Align align = Align::Left;
    bool bold = false;
    int width = 1;  // GS ! multipliers
    int height = 1;
    friend bool operator==(const PaperText&, const PaperText&) = default;
};
struct PaperImage {
    Bitmap bitmap;
    Align align = Align::Left;
};
struct PaperQr {
    std::string data;
    int moduleSize = 3;
    char errorCorrection = 'L';
    Align align = Align::Left;
};
struct PaperBarcode {
    BarcodeType type = BarcodeType::Code128;
    std::string data;  // the encoded characters (Code 128 set selectors removed)
    int height = 162;
    int moduleWidth = 3;
    bool humanReadable = false;
    Align align = Align::Left;
};
using PaperItem = std::variant<PaperText, PaperImage, PaperQr, PaperBarcode>;

// What came out of the printer between two cuts.
struct PaperPage {
    std::vector<PaperItem> items;
    bool cut = false;
    // Lines of text only, in order (images and codes left out): what tests compare.
    std::vector<std::string> textLines() const;
    std::vector<std::string> qrPayloads() const;
};

struct DecoderEvent {
    enum class Kind {
        StatusQuery,  // DLE EOT n: `n`
        DrawerKick,   // ESC p / DLE DC4: `pin` 2 or 5, pulse on/off ms
        Printed,      // an item was added to the page (text line, image, code)
        Cut,          // GS V: the page is complete (takePage())
        Problem,      // `message`: unknown command, oversized image, bad QR ...
    };
    Kind kind = Kind::Printed;
    int n = 0;
    int pin = 2;
    int onMs = 0;
    int offMs = 0;
    std::string message;
};

class EscPosDecoder {
  public:
    EscPosDecoder();
    // Decodes `bytes`, appending what happened to `events`.
    void feed(std::span<const uint8_t> bytes, std::vector<DecoderEvent>& events);
    // Prints the text still on the current line (as at the end of a job).
    void flushLine(std::vector<DecoderEvent>& events);
    // The oldest page cut and not yet taken (one per Cut event, in order); when none is
    // waiting, the page in progress (and a fresh one starts).
    PaperPage takePage();
    size_t cutPages() const { return cut_.size(); }
    // The page in progress: what came out since the last cut.
    const PaperPage& page() const { return page_; }
    // When set, printed items are dropped (no paper): commands still take effect.
    void setDiscardOutput(bool discard) { discard_ = discard; }
    CodePage codePage() const { return page_cp_; }
    size_t pendingBytes() const { return buf_.size() - pos_; }

    // A raster image larger than this many bytes is skipped (reported as a Problem).
    static constexpr size_t kMaxRasterBytes = 1 << 20;
    // What one page may hold, in items plus one per 64 dots of image or bytes of text (about
    // 20 m of receipt paper); past it output is dropped and reported.
    static constexpr size_t kMaxPageCost = 200000;

  private:
    // Consumes one command or text byte at pos_; returns false when more bytes are needed.
    bool step(std::vector<DecoderEvent>& events);
    void resetModes();
    void emitItem(PaperItem item, std::vector<DecoderEvent>& events);
    void printLine(std::vector<DecoderEvent>& events);
    void problem(std::string message, std::vector<DecoderEvent>& events);

    std::vector<uint8_t> buf_;
    size_t pos_ = 0;
    size_t skip_ = 0;  // bytes of an oversized block still to drop

    PaperPage page_;
    std::vector<PaperPage> cut_;  // cut, waiting for takePage()
    std::string line_;
    bool lineHasContent_ = false;
    PaperText lineStyle_;
    CodePage page_cp_ = CodePage::Pc437;
    Align align_ = Align::Left;
    bool bold_ = false;
    int width_ = 1;
    int height_ = 1;
    bool discard_ = false;
    size_t pageCost_ = 0;
    bool pageFull_ = false;
    // GS ( k QR state and GS k barcode settings.
    std::string qrData_;
    int qrModule_ = 3;
    char qrEc_ = 'L';
    int barHeight_ = 162;
    int barModule_ = 3;
    bool barHri_ = false;
};

}  // namespace kiosk::devices::printer
