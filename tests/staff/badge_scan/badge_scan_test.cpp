// A badge card's QR code scans back to the badge text: the SVG's modules are drawn into a
// grey image (as a printer and camera would see the card, minus the blur) and decoded by
// ZXing through kasir's vision decoder.
#include <gtest/gtest.h>

#include <regex>

#include "kiosk/admin/badge_svg.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/staff/staff_service.hpp"
#include "vision/decode/plain_zxing.hpp"

namespace {

using namespace kiosk;

// The SVG's QR group rendered at `pixels` per module with a 4-module white quiet zone.
vision::GrayFrame render(const std::string& svg, int pixels) {
    std::smatch size;
    EXPECT_TRUE(std::regex_search(svg, size, std::regex(R"re(data-modules="(\d+)")re")));
    const int modules = std::stoi(size[1]);
    const int side = (modules + 8) * pixels;
    vision::GrayFrame frame;
    frame.width = side;
    frame.height = side;
    frame.pixels.assign(static_cast<size_t>(side) * side, 255);
    const std::regex rect(R"re(<rect class="qr" x="(\d+)" y="(\d+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
         ++it) {
        const int mx = std::stoi((*it)[1]) + 4, my = std::stoi((*it)[2]) + 4;
        for (int y = my * pixels; y < (my + 1) * pixels; ++y)
            for (int x = mx * pixels; x < (mx + 1) * pixels; ++x)
                frame.pixels[static_cast<size_t>(y) * side + x] = 0;
    }
    return frame;
}

TEST(BadgeScan, TheCardsQrCodeDecodesToTheBadgeText) {
    auto decoder = vision::makePlainZxingDecoder(vision::PlainZxing::Single);
    for (const char* id : {"1", "42", "citra.w", "a-very_long.staff-id-of-32-chars"}) {
        const std::string text = formatBadgeCode(BadgeCode{id, staff::newBadgeSecret()});
        auto svg = admin::badgeSvg(
            admin::BadgeCard{"Toko Kasir Demo", "Citra <&> \"W\"", "manager", id, text});
        ASSERT_TRUE(svg) << svg.error().message;
        EXPECT_NE(svg->find("Citra &lt;&amp;&gt; &quot;W&quot;"), std::string::npos)
            << "names are XML-escaped";
        const auto result = decoder->decode(render(*svg, 4), vision::DecodeHints{});
        ASSERT_EQ(result.detections.size(), 1u) << id << " " << result.error;
        EXPECT_EQ(result.detections[0].format, "QRCode");
        EXPECT_EQ(result.detections[0].text, text);
        const auto badge = parseBadgeCode(result.detections[0].text);
        ASSERT_TRUE(badge);
        EXPECT_EQ(badge->staffId, id);
    }
}

}  // namespace
