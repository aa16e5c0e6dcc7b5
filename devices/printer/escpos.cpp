#include "devices/printer/escpos.hpp"

#include <algorithm>

namespace kiosk::devices::printer {
namespace {

constexpr uint8_t ESC = 0x1B;
constexpr uint8_t GS = 0x1D;
constexpr uint8_t DLE = 0x10;
constexpr uint8_t EOT = 0x04;

bool validBarcodeData(BarcodeType type, std::string_view d) {
    auto digits = [&] {
        return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    switch (type) {
        case BarcodeType::UpcA:
            return (d.size() == 11 || d.size() == 12) && digits();
        case BarcodeType::UpcE:
            return (d.size() >= 6 && d.size() <= 12) && digits();
        case BarcodeType::Ean13:
            return (d.size() == 12 || d.size() == 13) && digits();
        case BarcodeType::Ean8:
            return (d.size() == 7 || d.size() == 8) && digits();
        case BarcodeType::Itf:
            return !d.empty() && d.size() % 2 == 0 && d.size() <= 255 && digits();
        case BarcodeType::Code39:
            return !d.empty() && d.size() <= 255 && std::all_of(d.begin(), d.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                       std::string_view(" $%*+-./").find(c) != std::string_view::npos;
            });
        case BarcodeType::Codabar:
        case BarcodeType::Code93:
        case BarcodeType::Code128:
            return !d.empty() && d.size() <= 253 && std::all_of(d.begin(), d.end(), [](char c) {
                const auto u = static_cast<unsigned char>(c);
                return u >= 0x20 && u < 0x7F;
            });
    }
    return false;
}

}  // namespace

std::vector<uint8_t> statusQueryBytes(StatusQuery q) {
    return {DLE, EOT, static_cast<uint8_t>(q)};
}

EscPosWriter& EscPosWriter::init() {
    out_.insert(out_.end(), {ESC, '@'});
    return codePage(page_);
}

EscPosWriter& EscPosWriter::codePage(CodePage page) {
    page_ = page;
    out_.insert(out_.end(), {ESC, 't', escTNumber(page)});
    return *this;
}

EscPosWriter& EscPosWriter::align(Align a) {
    out_.insert(out_.end(), {ESC, 'a', static_cast<uint8_t>(a)});
    return *this;
}

EscPosWriter& EscPosWriter::bold(bool on) {
    out_.insert(out_.end(), {ESC, 'E', static_cast<uint8_t>(on ? 1 : 0)});
    return *this;
}

EscPosWriter& EscPosWriter::size(int width, int height) {
    const int w = std::clamp(width, 1, 8) - 1;
    const int h = std::clamp(height, 1, 8) - 1;
    out_.insert(out_.end(), {GS, '!', static_cast<uint8_t>((w << 4) | h)});
    return *this;
}

EscPosWriter& EscPosWriter::text(std::string_view utf8) {
    const std::string encoded = encodeText(utf8, page_);
    for (char c : encoded)
        out_.push_back(c == '\n' ? 0x0A : static_cast<uint8_t>(c));
    return *this;
}

EscPosWriter& EscPosWriter::newline() {
    out_.push_back(0x0A);
    return *this;
}

EscPosWriter& EscPosWriter::feed(int lines) {
    out_.insert(out_.end(), {ESC, 'd', static_cast<uint8_t>(std::clamp(lines, 0, 255))});
    return *this;
}

EscPosWriter& EscPosWriter::cut(bool partial, int feedDots) {
    out_.insert(out_.end(), {GS, 'V', static_cast<uint8_t>(partial ? 66 : 65),
                             static_cast<uint8_t>(std::clamp(feedDots, 0, 255))});
    return *this;
}

bool EscPosWriter::barcode(BarcodeType type, std::string_view data, int heightDots, int moduleWidth,
                           bool humanReadable) {
    std::string payload(data);
    if (type == BarcodeType::Code128) {
        // Function B Code 128 data starts with a code set selector; "{B" is set B (ASCII).
        if (!validBarcodeData(type, data))
            return false;
        payload = "{B" + payload;
    } else if (!validBarcodeData(type, data)) {
        return false;
    }
    out_.insert(out_.end(), {GS, 'h', static_cast<uint8_t>(std::clamp(heightDots, 1, 255))});
    out_.insert(out_.end(), {GS, 'w', static_cast<uint8_t>(std::clamp(moduleWidth, 2, 6))});
    out_.insert(out_.end(), {GS, 'H', static_cast<uint8_t>(humanReadable ? 2 : 0)});
    out_.insert(out_.end(),
                {GS, 'k', static_cast<uint8_t>(type), static_cast<uint8_t>(payload.size())});
    out_.insert(out_.end(), payload.begin(), payload.end());
    return true;
}

bool EscPosWriter::qr(std::string_view data, int moduleSize, char errorCorrection) {
    if (data.empty() || data.size() > 7089)
        return false;
    uint8_t ec = 49;  // M
    switch (errorCorrection) {
        case 'L':
            ec = 48;
            break;
        case 'Q':
            ec = 50;
            break;
        case 'H':
            ec = 51;
            break;
        default:
            break;
    }
    // fn 65: model 2; fn 67: module size; fn 69: error correction; fn 80: store; fn 81: print.
    out_.insert(out_.end(), {GS, '(', 'k', 4, 0, 49, 65, 50, 0});
    out_.insert(out_.end(),
                {GS, '(', 'k', 3, 0, 49, 67, static_cast<uint8_t>(std::clamp(moduleSize, 1, 16))});
    out_.insert(out_.end(), {GS, '(', 'k', 3, 0, 49, 69, ec});
    const size_t len = data.size() + 3;
    out_.insert(out_.end(), {GS, '(', 'k', static_cast<uint8_t>(len & 0xFF),
                             static_cast<uint8_t>(len >> 8), 49, 80, 48});
    out_.insert(out_.end(), data.begin(), data.end());
    out_.insert(out_.end(), {GS, '(', 'k', 3, 0, 49, 81, 48});
    return true;
}

EscPosWriter& EscPosWriter::raster(const Bitmap& image) {
    const int w = std::clamp(image.width, 0, 0xFFFF * 8);
    const int h = std::clamp(image.height, 0, 0xFFFF);
    if (w == 0 || h == 0 || image.pixels.size() < static_cast<size_t>(image.width) * image.height)
        return *this;
    const int bytesPerRow = (w + 7) / 8;
    out_.insert(out_.end(), {GS, 'v', '0', 0, static_cast<uint8_t>(bytesPerRow & 0xFF),
                             static_cast<uint8_t>(bytesPerRow >> 8), static_cast<uint8_t>(h & 0xFF),
                             static_cast<uint8_t>(h >> 8)});
    for (int y = 0; y < h; ++y) {
        for (int bx = 0; bx < bytesPerRow; ++bx) {
            uint8_t b = 0;
            for (int bit = 0; bit < 8; ++bit) {
                const int x = bx * 8 + bit;
                if (x < w && image.pixels[static_cast<size_t>(y) * image.width + x])
                    b |= static_cast<uint8_t>(0x80 >> bit);
            }
            out_.push_back(b);
        }
    }
    return *this;
}

EscPosWriter& EscPosWriter::drawerKick(int pin, int onMs, int offMs) {
    const auto units = [](int ms) {
        return static_cast<uint8_t>(std::clamp((ms + 1) / 2, 1, 255));
    };
    out_.insert(out_.end(),
                {ESC, 'p', static_cast<uint8_t>(pin == 5 ? 1 : 0), units(onMs), units(offMs)});
    return *this;
}

EscPosWriter& EscPosWriter::status(StatusQuery q) {
    out_.insert(out_.end(), {DLE, EOT, static_cast<uint8_t>(q)});
    return *this;
}

EscPosWriter& EscPosWriter::raw(std::initializer_list<uint8_t> bytes) {
    out_.insert(out_.end(), bytes);
    return *this;
}

}  // namespace kiosk::devices::printer
