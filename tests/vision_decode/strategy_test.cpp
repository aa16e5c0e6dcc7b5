// The in-process strategy on codes drawn by ZXing's writer: every retail format, codes tilted
// beyond what ZXing scans, small codes, and codes whose check digit is wrong.
#include "vision/decode/strategy.hpp"

#include <gtest/gtest.h>

#include "render.hpp"
#include "vision/decode/gtin_check.hpp"

namespace kiosk::vision {
namespace {

using ZXing::BarcodeFormat;

// Correctness, not speed: no CPU budget cuts passes short on a loaded or sanitised build.
StrategyOptions unhurried() {
    StrategyOptions o;
    o.budgetMs = 1e6;
    o.frameBudgetMs = 1e6;
    return o;
}

std::vector<Detection> decodeImage(const cv::Mat& img, DecodeHints hints = {}) {
    auto decoder = makeStrategyDecoder(unhurried());
    DecodeResult r = decoder->decode(test::toFrame(img), hints);
    EXPECT_TRUE(r.error.empty()) << r.error;
    EXPECT_FALSE(r.crashed);
    return r.detections;
}

// On a grey background with room around it, as a camera would see a label.
cv::Mat onCanvas(const cv::Mat& code) {
    return test::rotated(code, 0);
}

struct Case {
    BarcodeFormat format;
    std::string written;
    std::string format_name;
    std::string decoded;
};

class StrategyFormats : public ::testing::TestWithParam<Case> {};

TEST_P(StrategyFormats, DecodesAWrittenCode) {
    const Case& c = GetParam();
    auto found = decodeImage(onCanvas(test::renderCode(c.format, c.written)));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].format, c.format_name);
    EXPECT_EQ(found[0].text, c.decoded);
    EXPECT_GT(found[0].confidence, 0);
    EXPECT_FALSE(found[0].symbologyId.empty());
}

INSTANTIATE_TEST_SUITE_P(
    RetailFormats, StrategyFormats,
    ::testing::Values(Case{BarcodeFormat::EAN13, "4006381333931", "EAN-13", "4006381333931"},
                      Case{BarcodeFormat::EAN8, "96385074", "EAN-8", "96385074"},
                      Case{BarcodeFormat::UPCA, "036000291452", "UPC-A", "036000291452"},
                      Case{BarcodeFormat::UPCE, "04252614", "UPC-E", "04252614"},
                      Case{BarcodeFormat::Code128, "KASIR-2026", "Code128", "KASIR-2026"},
                      // GS1-128: FNC1 first (written as U+00F1), GTIN with a valid check digit.
                      Case{BarcodeFormat::Code128,
                           "\xC3\xB1"
                           "0104006381333931"
                           "10ABC",
                           "Code128",
                           "0104006381333931"
                           "10ABC"},
                      Case{BarcodeFormat::QRCode, "https://kasir.example/p/4006381333931", "QRCode",
                           "https://kasir.example/p/4006381333931"},
                      Case{BarcodeFormat::DataMatrix, "KASIR DM 42", "DataMatrix", "KASIR DM 42"}));
// ZXing-cpp 1.4.0 has no DataBar writer; DataBar decoding is covered by the real photos in
// tests/data/barcodes (DecoderProcess tests).

TEST(Strategy, ReportsTheGs1SymbologyIdentifier) {
    auto found = decodeImage(onCanvas(test::renderCode(BarcodeFormat::Code128,
                                                       "\xC3\xB1"
                                                       "0104006381333931")));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].symbologyId, "]C1");
}

class StrategyTilt : public ::testing::TestWithParam<double> {};

TEST_P(StrategyTilt, DecodesATiltedLinearCode) {
    // ZXing scans rows and columns only: at 45-65 degrees a plain read misses these.
    cv::Mat code = test::renderCode(BarcodeFormat::EAN13, "5901234123457", 3, 70);
    auto found = decodeImage(test::rotated(code, GetParam()));
    ASSERT_EQ(found.size(), 1u) << "angle " << GetParam();
    EXPECT_EQ(found[0].text, "5901234123457");
}

INSTANTIATE_TEST_SUITE_P(Angles, StrategyTilt, ::testing::Values(60.0, -60.0, 45.0, 120.0, 65.0));

TEST(Strategy, DecodesATiltedCode128AndUpcA) {
    auto code128 =
        decodeImage(test::rotated(test::renderCode(BarcodeFormat::Code128, "KASIR-60", 3, 60), 60));
    ASSERT_EQ(code128.size(), 1u);
    EXPECT_EQ(code128[0].text, "KASIR-60");
    auto upca = decodeImage(
        test::rotated(test::renderCode(BarcodeFormat::UPCA, "036000291452", 3, 70), -58));
    ASSERT_EQ(upca.size(), 1u);
    EXPECT_EQ(upca[0].text, "036000291452");
}

TEST(Strategy, TheTiltedCodeIsLocalisedInFrameCoordinates) {
    cv::Mat img = test::rotated(test::renderCode(BarcodeFormat::EAN13, "5901234123457", 3, 70), 60);
    auto found = decodeImage(img);
    ASSERT_EQ(found.size(), 1u);
    // The corners lie around the image centre, where the code was drawn.
    for (const auto& c : found[0].corners) {
        EXPECT_NEAR(c.x, img.cols / 2.0, img.cols / 2.0);
        EXPECT_NEAR(c.y, img.rows / 2.0, img.rows / 2.0);
    }
}

TEST(Strategy, DecodesASmallBlurredCodeByUpscaling) {
    // About 1.2 pixels per module, softened: the cheap pass does not read it.
    cv::Mat code = test::renderCode(BarcodeFormat::EAN13, "4006381333931", 4, 120);
    cv::Mat small;
    cv::resize(code, small, cv::Size(), 0.3, 0.3, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(0, 0), 0.6);
    cv::Mat img = onCanvas(small);
    DecodeHints cheap;
    cheap.tryHarder = false;
    auto quick = decodeImage(img, cheap);
    auto found = decodeImage(img);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].text, "4006381333931");
    EXPECT_TRUE(quick.empty()) << "the cheap pass read it; the test no longer shows upscaling";
}

TEST(Strategy, UsesTheRoiHint) {
    cv::Mat frame(720, 1280, CV_8UC1, cv::Scalar(128));
    cv::Mat code = test::renderCode(BarcodeFormat::EAN13, "4006381333931", 3, 80);
    code.copyTo(frame(cv::Rect(700, 400, code.cols, code.rows)));
    DecodeHints hints;
    hints.roi = RectI{690, 395, code.cols + 20, code.rows + 10};
    auto found = decodeImage(frame, hints);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pass, "roi");
    EXPECT_NEAR(found[0].corners[0].x, 700, 60);
}

TEST(Strategy, RefusesAGs1GtinWithABadCheckDigit) {
    // Code 128's own checksum is fine; the GTIN inside (01) has a wrong check digit.
    auto bad = decodeImage(onCanvas(test::renderCode(BarcodeFormat::Code128,
                                                     "\xC3\xB1"
                                                     "0104006381333932")));
    EXPECT_TRUE(bad.empty());
}

TEST(Strategy, FindsNothingInAnEmptyFrame) {
    cv::Mat frame(480, 640, CV_8UC1, cv::Scalar(90));
    cv::putText(frame, "KASIR 12345", cv::Point(50, 200), cv::FONT_HERSHEY_SIMPLEX, 2,
                cv::Scalar(250), 3);
    EXPECT_TRUE(decodeImage(frame).empty());
}

TEST(Strategy, ReportsBadFrames) {
    auto decoder = makeStrategyDecoder();
    GrayFrame empty;
    EXPECT_NE(decoder->decode(empty, {}).error.find("zero size"), std::string::npos);
    GrayFrame wrong;
    wrong.width = 10;
    wrong.height = 10;
    wrong.pixels.resize(99);
    DecodeResult r = decoder->decode(wrong, {});
    EXPECT_NE(r.error.find("99 bytes"), std::string::npos) << r.error;
    EXPECT_TRUE(r.detections.empty());
}

TEST(CheckDigits, EanUpcAndDataBar) {
    EXPECT_TRUE(hasValidCheckDigits("EAN-13", "4006381333931"));
    EXPECT_FALSE(hasValidCheckDigits("EAN-13", "4006381333932"));
    EXPECT_FALSE(hasValidCheckDigits("EAN-13", "400638133393"));
    EXPECT_TRUE(hasValidCheckDigits("EAN-8", "96385074"));
    EXPECT_FALSE(hasValidCheckDigits("EAN-8", "96385075"));
    EXPECT_TRUE(hasValidCheckDigits("UPC-A", "036000291452"));
    EXPECT_FALSE(hasValidCheckDigits("UPC-A", "036000291453"));
    EXPECT_TRUE(hasValidCheckDigits("UPC-E", "04252614"));
    EXPECT_FALSE(hasValidCheckDigits("UPC-E", "04252615"));
    EXPECT_TRUE(hasValidCheckDigits("EAN-13", "9780393058673 52595"));
    EXPECT_FALSE(hasValidCheckDigits("EAN-13", "9780393058673 525"));
    EXPECT_TRUE(hasValidCheckDigits("DataBar", "00012345678905"));
    EXPECT_TRUE(hasValidCheckDigits("DataBar", "0100012345678905"));
    EXPECT_FALSE(hasValidCheckDigits("DataBar", "00012345678906"));
    EXPECT_TRUE(hasValidCheckDigits("DataBarExpanded",
                                    "0190012345678908"
                                    "3922795"));
    EXPECT_FALSE(hasValidCheckDigits("DataBarExpanded",
                                     "0190012345678907"
                                     "3922795"));
    EXPECT_TRUE(hasValidCheckDigits("QRCode", "anything"));
}

}  // namespace
}  // namespace kiosk::vision
