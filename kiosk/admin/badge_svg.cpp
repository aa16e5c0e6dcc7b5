// Badge cards as SVG: simple enough to print from any browser, and a QR code scanners read at
// arm's length (error correction M, 4 modules of quiet zone).
#include "kiosk/admin/badge_svg.hpp"

#include <qrencode.h>

#include <fmt/format.h>

namespace kiosk::admin {
namespace {

std::string xmlEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // Control characters are not allowed in XML 1.0.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
                    out += c;
        }
    }
    return out;
}

}  // namespace

Result<std::vector<std::vector<bool>>> qrModules(std::string_view text) {
    const std::string data(text);
    QRcode* qr = QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == nullptr)
        return makeError(ErrorCode::Internal, "libqrencode could not encode the badge text");
    std::vector<std::vector<bool>> rows(static_cast<size_t>(qr->width),
                                        std::vector<bool>(static_cast<size_t>(qr->width)));
    for (int y = 0; y < qr->width; ++y)
        for (int x = 0; x < qr->width; ++x)
            rows[static_cast<size_t>(y)][static_cast<size_t>(x)] =
                (qr->data[y * qr->width + x] & 1) != 0;
    QRcode_free(qr);
    return rows;
}

Result<std::string> badgeSvg(const BadgeCard& card) {
    auto modules = qrModules(card.badgeText);
    if (!modules)
        return modules.error();
    const int size = static_cast<int>(modules->size());
    // ISO/IEC 7810 ID-1 card: 85.6 x 54 mm. The QR code (with its quiet zone) fills 44 mm on
    // the right; the text sits on the left.
    constexpr double kCardW = 85.6, kCardH = 54.0, kQrSide = 44.0;
    const double quiet = 4.0;
    const double scale = kQrSide / (size + 2 * quiet);
    const double qrX = kCardW - kQrSide - 3.0 + quiet * scale;
    const double qrY = (kCardH - kQrSide) / 2 + quiet * scale;
    std::string svg = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}mm\" height=\"{1}mm\" "
        "viewBox=\"0 0 {0} {1}\">\n"
        "<title>Staff badge: {2}</title>\n"
        "<rect x=\"0.5\" y=\"0.5\" width=\"{3}\" height=\"{4}\" rx=\"3\" fill=\"#ffffff\" "
        "stroke=\"#333333\" stroke-width=\"0.3\"/>\n"
        "<text x=\"4\" y=\"9\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"3.2\" "
        "fill=\"#555555\">{5}</text>\n"
        "<text x=\"4\" y=\"21\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"5\" "
        "font-weight=\"bold\" fill=\"#000000\">{2}</text>\n"
        "<text x=\"4\" y=\"28\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"3.6\" "
        "fill=\"#000000\">{6}</text>\n"
        "<text x=\"4\" y=\"34\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"3.6\" "
        "fill=\"#000000\">Staff no. {7}</text>\n"
        "<text x=\"4\" y=\"49\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"2.4\" "
        "fill=\"#777777\">Scan at any kiosk to sign in</text>\n"
        "<rect x=\"{8:.3f}\" y=\"{9:.3f}\" width=\"{10:.3f}\" height=\"{10:.3f}\" "
        "fill=\"#ffffff\"/>\n"
        "<g id=\"qr\" data-modules=\"{11}\" transform=\"translate({12:.4f} {13:.4f}) "
        "scale({14:.5f})\" fill=\"#000000\" shape-rendering=\"crispEdges\">\n",
        kCardW, kCardH, xmlEscape(card.staffName), kCardW - 1, kCardH - 1,
        xmlEscape(card.storeName), xmlEscape(card.role), xmlEscape(card.staffId),
        qrX - quiet * scale, qrY - quiet * scale, kQrSide, size, qrX, qrY, scale);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            if ((*modules)[static_cast<size_t>(y)][static_cast<size_t>(x)])
                svg += fmt::format(
                    "<rect class=\"qr\" x=\"{}\" y=\"{}\" width=\"1\" "
                    "height=\"1\"/>\n",
                    x, y);
    svg += "</g>\n</svg>\n";
    return svg;
}

}  // namespace kiosk::admin
