// Draws decoded paper (EscPosDecoder's PaperPage) as a grey image, the way a thermal printer
// lays it out: 12 x 24 dot character cells (font A) in DejaVu Sans Mono, raster images dot
// for dot, QR codes re-encoded from their payload, Code 128 bars. Used by kasir-printer-sim
// and by the digital receipt's PNG, so the PNG is exactly what the printer would print.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/printer/escpos_decoder.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices::printer {

inline constexpr const char* kDefaultMonoFont =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // 0 = black, 255 = white, row-major
};

struct RenderOptions {
    int columns = 48;  // paper width in font A characters: 48 (80 mm), 32 (58 mm)
    std::string fontPath = kDefaultMonoFont;
};

// Fails only when the font cannot be loaded (the message names the file and the package).
Result<GrayImage> renderPaper(const PaperPage& page, const RenderOptions& options);
Result<std::vector<uint8_t>> encodePng(const GrayImage& image);
Result<void> writePng(const GrayImage& image, const std::string& path);

// QR modules of `data` (true = dark), `size` x `size`, or an error when it does not fit.
struct QrMatrix {
    int size = 0;
    std::vector<uint8_t> modules;
};
Result<QrMatrix> qrMatrix(const std::string& data, char errorCorrection = 'M');

// Bar and space widths in modules of a Code 128 (set B) symbol for printable ASCII `data`,
// start and check characters and the stop pattern included; empty when data is not ASCII.
std::vector<int> code128Widths(const std::string& data);

}  // namespace kiosk::devices::printer
