#include "devices/printer/paper_render.hpp"

#include <qrencode.h>
#include <stb_image_write.h>
#include <stb_truetype.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>

namespace kiosk::devices::printer {
namespace {

constexpr int kCellW = 12;
constexpr int kCellH = 24;
constexpr int kLineGap = 6;  // ESC 2 default spacing: 30 dots per line of 24-dot text

// The Code 128 symbol patterns (values 0..105): widths of bar, space, bar, space, bar, space.
constexpr int kCode128[106] = {
    212222, 222122, 222221, 121223, 121322, 131222, 122213, 122312, 132212, 221213, 221312, 231212,
    112232, 122132, 122231, 113222, 123122, 123221, 223211, 221132, 221231, 213212, 223112, 312131,
    311222, 321122, 321221, 312212, 322112, 322211, 212123, 212321, 232121, 111323, 131123, 131321,
    112313, 132113, 132311, 211313, 231113, 231311, 112133, 112331, 132131, 113123, 113321, 133121,
    313121, 211331, 231131, 213113, 213311, 213131, 311123, 311321, 331121, 312113, 312311, 332111,
    314111, 221411, 431111, 111224, 111422, 121124, 121421, 141122, 141221, 112214, 112412, 122114,
    122411, 142112, 142211, 241211, 221114, 413111, 241112, 134111, 111242, 121142, 121241, 114212,
    124112, 124211, 411212, 421112, 421211, 212141, 214121, 412121, 111143, 111341, 131141, 114113,
    114311, 411113, 411311, 113141, 114131, 311141, 411131, 211412, 211214, 211232};

// The font file, loaded once per path; glyph cells cached (rendering is on worker threads, the
// simulator's and the kiosk's, so the cache is locked).
class MonoFont {
  public:
    static Result<std::shared_ptr<MonoFont>> get(const std::string& path) {
        static std::mutex mutex;
        static std::map<std::string, std::shared_ptr<MonoFont>> fonts;
        std::lock_guard lock(mutex);
        if (auto it = fonts.find(path); it != fonts.end())
            return it->second;
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return makeError(
                ErrorCode::NotFound,
                "font " + path + " is missing: install the Debian package fonts-dejavu-core");
        auto font = std::shared_ptr<MonoFont>(new MonoFont);
        font->data_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        const auto* bytes = reinterpret_cast<const unsigned char*>(font->data_.data());
        if (font->data_.empty() ||
            !stbtt_InitFont(&font->info_, bytes, stbtt_GetFontOffsetForIndex(bytes, 0)))
            return makeError(ErrorCode::Corrupt, "font " + path + " is not a TrueType font");
        int advance = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&font->info_, 'M', &advance, &lsb);
        // Scale so one advance is exactly one 12-dot cell; the glyph height follows.
        font->scale_ = advance > 0 ? static_cast<float>(kCellW) / advance : 0.01f;
        int ascent = 0, descent = 0, gap = 0;
        stbtt_GetFontVMetrics(&font->info_, &ascent, &descent, &gap);
        font->baseline_ = (kCellH + static_cast<int>((ascent + descent) * font->scale_)) / 2;
        fonts[path] = font;
        return font;
    }

    // The 12 x 24 coverage cell (0..255) of a code point.
    const std::vector<uint8_t>& cell(uint32_t cp) {
        std::lock_guard lock(mutex_);
        auto it = cells_.find(cp);
        if (it != cells_.end())
            return it->second;
        std::vector<uint8_t> cell(kCellW * kCellH, 0);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBox(&info_, static_cast<int>(cp), scale_, scale_, &x0, &y0, &x1,
                                    &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w > 0 && h > 0 && w < 64 && h < 64) {
            std::vector<uint8_t> glyph(static_cast<size_t>(w * h));
            stbtt_MakeCodepointBitmap(&info_, glyph.data(), w, h, w, scale_, scale_,
                                      static_cast<int>(cp));
            int lsb = 0, adv = 0;
            stbtt_GetCodepointHMetrics(&info_, static_cast<int>(cp), &adv, &lsb);
            const int ox = static_cast<int>(lsb * scale_);
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) {
                    const int cx = ox + x, cy = baseline_ + y0 + y;
                    if (cx >= 0 && cx < kCellW && cy >= 0 && cy < kCellH)
                        cell[cy * kCellW + cx] = std::max(cell[cy * kCellW + cx], glyph[y * w + x]);
                }
        }
        return cells_.emplace(cp, std::move(cell)).first->second;
    }

  private:
    MonoFont() = default;
    std::string data_;
    stbtt_fontinfo info_{};
    float scale_ = 1;
    int baseline_ = 19;
    std::mutex mutex_;
    std::map<uint32_t, std::vector<uint8_t>> cells_;
};

std::vector<uint32_t> codePoints(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80             ? 1
                     : (c & 0xE0) == 0xC0 ? 2
                     : (c & 0xF0) == 0xE0 ? 3
                     : (c & 0xF8) == 0xF0 ? 4
                                          : 1;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        if (i + len > s.size())
            len = s.size() - i;
        for (size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

class Canvas {
  public:
    explicit Canvas(int width) : width_(width) {}
    // A new band of `h` white rows; returns its top row.
    int grow(int h) {
        const int top = height_;
        height_ += h;
        pixels_.resize(static_cast<size_t>(width_) * height_, 255);
        return top;
    }
    void ink(int x, int y, uint8_t coverage) {
        if (x < 0 || y < 0 || x >= width_ || y >= height_)
            return;
        uint8_t& p = pixels_[static_cast<size_t>(y) * width_ + x];
        p = std::min<uint8_t>(p, static_cast<uint8_t>(255 - coverage));
    }
    void box(int x, int y, int w, int h) {
        for (int yy = y; yy < y + h; ++yy)
            for (int xx = x; xx < x + w; ++xx)
                ink(xx, yy, 255);
    }
    int width() const { return width_; }
    GrayImage take() { return GrayImage{width_, height_, std::move(pixels_)}; }

  private:
    int width_;
    int height_ = 0;
    std::vector<uint8_t> pixels_;
};

int alignedX(Align a, int contentWidth, int paperWidth) {
    switch (a) {
        case Align::Center:
            return std::max(0, (paperWidth - contentWidth) / 2);
        case Align::Right:
            return std::max(0, paperWidth - contentWidth);
        case Align::Left:
            break;
    }
    return 0;
}

void drawText(Canvas& canvas, MonoFont& font, const PaperText& t) {
    const std::vector<uint32_t> cps = codePoints(t.text);
    const int w = std::clamp(t.width, 1, 8), h = std::clamp(t.height, 1, 8);
    const int lineH = kCellH * h + kLineGap;
    const int top = canvas.grow(lineH);
    const int x0 = alignedX(t.align, static_cast<int>(cps.size()) * kCellW * w, canvas.width());
    for (size_t i = 0; i < cps.size(); ++i) {
        if (cps[i] == ' ')
            continue;
        const std::vector<uint8_t>& cell = font.cell(cps[i]);
        const int cx = x0 + static_cast<int>(i) * kCellW * w;
        for (int y = 0; y < kCellH * h; ++y)
            for (int x = 0; x < kCellW * w; ++x) {
                const uint8_t v = cell[(y / h) * kCellW + x / w];
                if (v == 0)
                    continue;
                canvas.ink(cx + x, top + y, v);
                if (t.bold)  // emphasised: the printer strikes each dot twice, one dot apart
                    canvas.ink(cx + x + 1, top + y, v);
            }
    }
}

void drawImage(Canvas& canvas, const PaperImage& img) {
    const Bitmap& b = img.bitmap;
    const int top = canvas.grow(b.height);
    const int x0 = alignedX(img.align, b.width, canvas.width());
    for (int y = 0; y < b.height; ++y)
        for (int x = 0; x < b.width; ++x)
            if (b.pixels[static_cast<size_t>(y) * b.width + x])
                canvas.ink(x0 + x, top + y, 255);
}

void drawPlaceholder(Canvas& canvas, MonoFont& font, Align align, const std::string& label) {
    PaperText t;
    t.text = label;
    t.align = align;
    drawText(canvas, font, t);
}

void drawQr(Canvas& canvas, MonoFont& font, const PaperQr& qr) {
    auto m = qrMatrix(qr.data, qr.errorCorrection);
    if (!m) {
        drawPlaceholder(canvas, font, qr.align, "[QR: " + m.error().message + "]");
        return;
    }
    const int ms = std::clamp(qr.moduleSize, 1, 16);
    const int quiet = 4 * ms;
    const int side = m->size * ms;
    const int top = canvas.grow(side + 2 * quiet);
    const int x0 = alignedX(qr.align, side, canvas.width());
    for (int y = 0; y < m->size; ++y)
        for (int x = 0; x < m->size; ++x)
            if (m->modules[static_cast<size_t>(y) * m->size + x])
                canvas.box(x0 + x * ms, top + quiet + y * ms, ms, ms);
}

void drawBarcode(Canvas& canvas, MonoFont& font, const PaperBarcode& bc) {
    if (bc.type != BarcodeType::Code128) {
        drawPlaceholder(
            canvas, font, bc.align,
            "[barcode " + std::to_string(static_cast<int>(bc.type)) + ": " + bc.data + "]");
        return;
    }
    const std::vector<int> widths = code128Widths(bc.data);
    if (widths.empty()) {
        drawPlaceholder(canvas, font, bc.align, "[Code 128: unprintable data]");
        return;
    }
    int modules = 0;
    for (int w : widths)
        modules += w;
    const int mw = std::clamp(bc.moduleWidth, 1, 6);
    const int h = std::clamp(bc.height, 1, 255);
    const int top = canvas.grow(h + 8);
    int x = alignedX(bc.align, modules * mw, canvas.width());
    for (size_t i = 0; i < widths.size(); ++i) {
        if (i % 2 == 0)
            canvas.box(x, top + 4, widths[i] * mw, h);
        x += widths[i] * mw;
    }
    if (bc.humanReadable) {
        PaperText t;
        t.text = bc.data;
        t.align = bc.align;
        drawText(canvas, font, t);
    }
}

}  // namespace

Result<QrMatrix> qrMatrix(const std::string& data, char errorCorrection) {
    QRecLevel level = QR_ECLEVEL_M;
    switch (errorCorrection) {
        case 'L':
            level = QR_ECLEVEL_L;
            break;
        case 'Q':
            level = QR_ECLEVEL_Q;
            break;
        case 'H':
            level = QR_ECLEVEL_H;
            break;
        default:
            break;
    }
    QRcode* code = QRcode_encodeData(static_cast<int>(data.size()),
                                     reinterpret_cast<const unsigned char*>(data.data()), 0, level);
    if (!code)
        return makeError(ErrorCode::InvalidArgument, "QR code: " + std::to_string(data.size()) +
                                                         " bytes do not fit one symbol");
    QrMatrix m;
    m.size = code->width;
    m.modules.resize(static_cast<size_t>(m.size) * m.size);
    for (size_t i = 0; i < m.modules.size(); ++i)
        m.modules[i] = code->data[i] & 1;
    QRcode_free(code);
    return m;
}

std::vector<int> code128Widths(const std::string& data) {
    std::vector<int> values{104};  // start B
    int check = 104;
    int pos = 1;
    for (char c : data) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E)
            return {};
        values.push_back(u - 32);
        check += (u - 32) * pos++;
    }
    values.push_back(check % 103);
    std::vector<int> widths;
    for (int v : values) {
        int pattern = kCode128[v];
        int digits[6];
        for (int i = 5; i >= 0; --i) {
            digits[i] = pattern % 10;
            pattern /= 10;
        }
        widths.insert(widths.end(), digits, digits + 6);
    }
    widths.insert(widths.end(), {2, 3, 3, 1, 1, 1, 2});  // stop
    return widths;
}

Result<GrayImage> renderPaper(const PaperPage& page, const RenderOptions& options) {
    auto font = MonoFont::get(options.fontPath);
    if (!font)
        return font.error();
    Canvas canvas(std::clamp(options.columns, 8, 128) * kCellW);
    canvas.grow(kCellH / 2);
    for (const PaperItem& item : page.items) {
        if (const auto* t = std::get_if<PaperText>(&item))
            drawText(canvas, **font, *t);
        else if (const auto* img = std::get_if<PaperImage>(&item))
            drawImage(canvas, *img);
        else if (const auto* qr = std::get_if<PaperQr>(&item))
            drawQr(canvas, **font, *qr);
        else if (const auto* bc = std::get_if<PaperBarcode>(&item))
            drawBarcode(canvas, **font, *bc);
    }
    canvas.grow(kCellH);
    return canvas.take();
}

Result<std::vector<uint8_t>> encodePng(const GrayImage& image) {
    if (image.width <= 0 || image.height <= 0)
        return makeError(ErrorCode::InvalidArgument, "PNG: empty image");
    std::vector<uint8_t> out;
    auto sink = [](void* ctx, void* data, int size) {
        auto* v = static_cast<std::vector<uint8_t>*>(ctx);
        const auto* d = static_cast<const uint8_t*>(data);
        v->insert(v->end(), d, d + size);
    };
    if (!stbi_write_png_to_func(sink, &out, image.width, image.height, 1, image.pixels.data(),
                                image.width))
        return makeError(ErrorCode::Internal, "PNG: encoding failed");
    return out;
}

Result<void> writePng(const GrayImage& image, const std::string& path) {
    auto png = encodePng(image);
    if (!png)
        return png.error();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(png->data()),
              static_cast<std::streamsize>(png->size()));
    out.close();
    if (!out)
        return makeError(ErrorCode::Io, path + ": cannot write the PNG");
    return {};
}

}  // namespace kiosk::devices::printer
