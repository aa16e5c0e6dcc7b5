// The gradient localiser finds a linear code at its angle, and nothing in an even image.
#include "vision/decode/localise.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "render.hpp"

namespace kiosk::vision {
namespace {

// Angles of bars are defined modulo 180 degrees.
double angleGap(double a, double b) {
    double d = std::fmod(std::abs(a - b), 180.0);
    return std::min(d, 180.0 - d);
}

class LocaliseAngle : public ::testing::TestWithParam<double> {};

TEST_P(LocaliseAngle, FindsTheCodeAtItsAngle) {
    cv::Mat code = test::renderCode(ZXing::BarcodeFormat::EAN13, "5901234123457", 3, 80);
    cv::Mat img = test::rotated(code, GetParam());
    auto boxes = localiseLinearCodes(img, 3);
    ASSERT_FALSE(boxes.empty());
    const Box& b = boxes.front();
    // The code was drawn turned by +angle (cv::getRotationMatrix2D); turning the image by the
    // box angle makes its bars upright again, so that is -angle.
    EXPECT_LT(angleGap(b.angle, -GetParam()), 6.0) << "box angle " << b.angle;
    EXPECT_NEAR(b.centre.x, img.cols / 2.0, 25);
    EXPECT_NEAR(b.centre.y, img.rows / 2.0, 25);
    // Across the bars it spans about the code's width (quiet zones excluded).
    EXPECT_GT(b.width, code.cols * 0.6);
    EXPECT_LT(b.width, code.cols * 1.3);
}

INSTANTIATE_TEST_SUITE_P(Angles, LocaliseAngle, ::testing::Values(0.0, 30.0, 60.0, -45.0, 90.0));

TEST(Localise, FindsNothingInAnEvenImage) {
    cv::Mat even(300, 400, CV_8UC1, cv::Scalar(120));
    EXPECT_TRUE(localiseLinearCodes(even, 3).empty());
    cv::Mat tiny(10, 10, CV_8UC1, cv::Scalar(0));
    EXPECT_TRUE(localiseLinearCodes(tiny, 3).empty());
}

}  // namespace
}  // namespace kiosk::vision
