#include "vision/bench/synth.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>

#include "kiosk/core/gtin.hpp"

namespace kiosk::vision::bench {

namespace {

using Rng = std::mt19937;

double uniform(Rng& rng, double a, double b) {
    return std::uniform_real_distribution<double>(a, b)(rng);
}
int uniformInt(Rng& rng, int a, int b) {
    return std::uniform_int_distribution<int>(a, b)(rng);
}

std::string randomDigits(Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += static_cast<char>('0' + uniformInt(rng, 0, 9));
    }
    return s;
}

cv::Mat background(int width, int height, Rng& rng) {
    cv::Mat bg(height, width, CV_8UC1);
    // Uneven light: a gradient across the frame.
    double a = uniform(rng, 60, 140);
    double b = uniform(rng, 120, 220);
    for (int y = 0; y < height; ++y) {
        auto* row = bg.ptr<uint8_t>(y);
        for (int x = 0; x < width; ++x) {
            row[x] = cv::saturate_cast<uint8_t>(a + (b - a) * (x + y) / double(width + height));
        }
    }
    // Clutter: boxes, lines, text and circles, like shelves, hands and packaging.
    for (int i = 0; i < 40; ++i) {
        cv::Point p(uniformInt(rng, 0, width), uniformInt(rng, 0, height));
        cv::Scalar c(uniformInt(rng, 0, 255));
        switch (i % 4) {
            case 0:
                cv::rectangle(bg, p,
                              p + cv::Point(uniformInt(rng, 10, 200), uniformInt(rng, 10, 150)), c,
                              uniformInt(rng, -1, 3));
                break;
            case 1:
                cv::line(bg, p, cv::Point(uniformInt(rng, 0, width), uniformInt(rng, 0, height)), c,
                         uniformInt(rng, 1, 4));
                break;
            case 2:
                cv::putText(bg, "KASIR " + randomDigits(rng, 5), p, cv::FONT_HERSHEY_SIMPLEX,
                            uniform(rng, 0.5, 2.0), c, uniformInt(rng, 1, 3));
                break;
            default:
                cv::circle(bg, p, uniformInt(rng, 5, 80), c, uniformInt(rng, -1, 3));
        }
    }
    return bg;
}

struct Code {
    cv::Mat gray;
    std::string format;
    std::string expectedText;
};

Code writtenCode(Rng& rng) {
    ZXing::BarcodeFormat format;
    std::string text;
    std::string manifestFormat;
    std::string expected;
    switch (uniformInt(rng, 0, 5)) {
        case 0:
        case 1: {
            std::string body = "5" + randomDigits(rng, 11);
            text = body + std::to_string(gtinCheckDigit(body));
            format = ZXing::BarcodeFormat::EAN13;
            manifestFormat = "EAN-13";
            expected = text;
            break;
        }
        case 2: {
            std::string body = "0" + randomDigits(rng, 10);
            text = body + std::to_string(gtinCheckDigit(body));
            format = ZXing::BarcodeFormat::UPCA;
            manifestFormat = "UPC-A";
            expected = "0" + text;
            break;
        }
        case 3: {
            std::string body = "9" + randomDigits(rng, 6);
            text = body + std::to_string(gtinCheckDigit(body));
            format = ZXing::BarcodeFormat::EAN8;
            manifestFormat = "EAN-8";
            expected = text;
            break;
        }
        case 4:
            text = "https://kasir.example/p/" + randomDigits(rng, 8);
            format = ZXing::BarcodeFormat::QRCode;
            manifestFormat = "QRCode";
            expected = text;
            break;
        default:
            text = "KASIR-" + randomDigits(rng, 8);
            format = ZXing::BarcodeFormat::Code128;
            manifestFormat = "Code128";
            expected = text;
    }
    bool linear = format != ZXing::BarcodeFormat::QRCode;
    ZXing::BitMatrix bits =
        ZXing::MultiFormatWriter(format).setMargin(linear ? 10 : 4).encode(text, 1, 1);
    cv::Mat m(bits.height(), bits.width(), CV_8UC1);
    for (int y = 0; y < bits.height(); ++y) {
        for (int x = 0; x < bits.width(); ++x) {
            m.at<uint8_t>(y, x) = bits.get(x, y) ? 20 : 235;
        }
    }
    double module = uniform(rng, 1.6, 3.5);
    int w = static_cast<int>(m.cols * module);
    int h =
        linear ? static_cast<int>(w * uniform(rng, 0.3, 0.6)) : static_cast<int>(m.rows * module);
    cv::Mat big;
    cv::resize(m, big, cv::Size(w, h), 0, 0, cv::INTER_NEAREST);
    return {big, manifestFormat, expected};
}

// Pastes `code` into `frame` centred at `centre`, rotated and in perspective; white paper
// around the code as on a label.
void paste(cv::Mat& frame, const cv::Mat& code, cv::Point2f centre, double angle, double tiltX,
           double tiltY, double scale) {
    cv::Mat label(code.rows + 24, code.cols + 24, CV_8UC1, cv::Scalar(235));
    code.copyTo(label(cv::Rect(12, 12, code.cols, code.rows)));
    float w = label.cols * static_cast<float>(scale);
    float h = label.rows * static_cast<float>(scale);
    std::vector<cv::Point2f> src{{0, 0},
                                 {float(label.cols), 0},
                                 {float(label.cols), float(label.rows)},
                                 {0, float(label.rows)}};
    // Perspective: one side shorter than the other.
    float kx = static_cast<float>(tiltX);
    float ky = static_cast<float>(tiltY);
    std::vector<cv::Point2f> local{{-w / 2 * (1 - ky), -h / 2 * (1 - kx)},
                                   {w / 2 * (1 + ky), -h / 2 * (1 + kx)},
                                   {w / 2 * (1 + ky), h / 2 * (1 + kx)},
                                   {-w / 2 * (1 - ky), h / 2 * (1 - kx)}};
    double c = std::cos(angle * CV_PI / 180);
    double s = std::sin(angle * CV_PI / 180);
    std::vector<cv::Point2f> dst;
    for (auto p : local) {
        dst.emplace_back(static_cast<float>(centre.x + p.x * c - p.y * s),
                         static_cast<float>(centre.y + p.x * s + p.y * c));
    }
    cv::Mat H = cv::getPerspectiveTransform(src, dst);
    cv::Mat warped;
    cv::Mat mask(label.size(), CV_8UC1, cv::Scalar(255));
    cv::Mat warpedMask;
    cv::warpPerspective(label, warped, H, frame.size(), cv::INTER_LINEAR);
    cv::warpPerspective(mask, warpedMask, H, frame.size(), cv::INTER_NEAREST);
    warped.copyTo(frame, warpedMask);
}

}  // namespace

std::vector<SynthFrame> makeFrames(int width, int height, int count,
                                   const std::vector<PasteSource>& photos, unsigned seed) {
    Rng rng(seed);
    std::vector<SynthFrame> frames;
    int sequence = 0;
    while (static_cast<int>(frames.size()) < count) {
        ++sequence;
        cv::Mat bg = background(width, height, rng);
        int kind = uniformInt(rng, 0, 9);
        Code code;
        if (kind == 0) {
            // No code: the camera looks at the shopper or an empty counter.
        } else if (kind <= 3 && !photos.empty()) {
            const auto& p =
                photos[static_cast<std::size_t>(uniformInt(rng, 0, int(photos.size()) - 1))];
            code = {p.gray, p.format, p.expectedText};
        } else {
            code = writtenCode(rng);
        }
        double angle = uniform(rng, -70, 70);
        double scale = code.gray.empty()
                           ? 1.0
                           : std::min(uniform(rng, 0.8, 1.6),
                                      0.6 * std::min(width, height) /
                                          double(std::max(code.gray.cols, code.gray.rows)));
        cv::Point2f centre(static_cast<float>(uniform(rng, 0.3, 0.7) * width),
                           static_cast<float>(uniform(rng, 0.3, 0.7) * height));
        double tiltX = uniform(rng, -0.15, 0.15);
        double tiltY = uniform(rng, -0.15, 0.15);
        double blur = uniform(rng, 0.0, 1.2);
        double noise = uniform(rng, 2, 8);
        int length = uniformInt(rng, 6, 12);
        for (int i = 0; i < length && static_cast<int>(frames.size()) < count; ++i) {
            cv::Mat frame = bg.clone();
            if (!code.gray.empty()) {
                centre += cv::Point2f(static_cast<float>(uniform(rng, -6, 6)),
                                      static_cast<float>(uniform(rng, -4, 4)));
                angle += uniform(rng, -2, 2);
                paste(frame, code.gray, centre, angle, tiltX, tiltY, scale);
            }
            if (blur > 0.3) {
                cv::GaussianBlur(frame, frame, cv::Size(0, 0), blur);
            }
            cv::Mat n(frame.size(), CV_16SC1);
            cv::randn(n, 0, noise);
            cv::Mat f16;
            frame.convertTo(f16, CV_16SC1);
            f16 += n;
            f16.convertTo(frame, CV_8UC1);
            frames.push_back({frame, code.format, code.expectedText, sequence, i == 0});
        }
    }
    return frames;
}

}  // namespace kiosk::vision::bench
