// Test images: codes drawn with ZXing's writer, then scaled, rotated and placed with OpenCV.
#pragma once

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/TextUtfEncoding.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "vision/decode/frame.hpp"

namespace kiosk::vision::test {

inline GrayFrame toFrame(const cv::Mat& gray, int64_t index = 0) {
    GrayFrame f;
    cv::Mat packed = gray.isContinuous() ? gray : gray.clone();
    f.width = packed.cols;
    f.height = packed.rows;
    f.pixels.assign(packed.data, packed.data + packed.total());
    f.index = index;
    return f;
}

// The code at `module` pixels per module (text in UTF-8; U+00F1 is FNC1 for Code 128) with a quiet
// zone, black on white.
inline cv::Mat renderCode(ZXing::BarcodeFormat format, const std::string& text, int module = 3,
                          int barHeight = 60) {
    bool linear = ZXing::BarcodeFormats(ZXing::BarcodeFormat::LinearCodes).testFlag(format);
    ZXing::BitMatrix bits = ZXing::MultiFormatWriter(format)
                                .setMargin(linear ? 10 : 4)
                                .encode(ZXing::TextUtfEncoding::FromUtf8(text), 1, 1);
    cv::Mat m(bits.height(), bits.width(), CV_8UC1);
    for (int y = 0; y < bits.height(); ++y) {
        for (int x = 0; x < bits.width(); ++x) {
            m.at<uint8_t>(y, x) = bits.get(x, y) ? 0 : 255;
        }
    }
    cv::Mat big;
    cv::resize(m, big, cv::Size(m.cols * module, linear ? barHeight : m.rows * module), 0, 0,
               cv::INTER_NEAREST);
    return big;
}

// `code` rotated by `degrees` about its centre, on a grey canvas with room for the corners.
inline cv::Mat rotated(const cv::Mat& code, double degrees, int background = 200) {
    int side = static_cast<int>(std::hypot(code.cols, code.rows)) + 40;
    cv::Mat canvas(side, side, CV_8UC1, cv::Scalar(background));
    cv::Mat white(code.rows + 16, code.cols + 16, CV_8UC1, cv::Scalar(255));
    code.copyTo(white(cv::Rect(8, 8, code.cols, code.rows)));
    white.copyTo(
        canvas(cv::Rect((side - white.cols) / 2, (side - white.rows) / 2, white.cols, white.rows)));
    cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(side / 2.0f, side / 2.0f), degrees, 1.0);
    cv::Mat out;
    cv::warpAffine(canvas, out, rot, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   cv::Scalar(background));
    return out;
}

inline cv::Mat loadGray(const std::string& path) {
    return cv::imread(path, cv::IMREAD_GRAYSCALE);
}

}  // namespace kiosk::vision::test
