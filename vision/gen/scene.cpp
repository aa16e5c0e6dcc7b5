// Rendering of synthetic scenes: labels from ZXing's writer, warped onto clutter, with the
// blur, noise, glare and motion of a cheap camera.
#include "vision/gen/scene.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "kiosk/core/gtin.hpp"

namespace kiosk::vision::gen {
namespace {

std::optional<ZXing::BarcodeFormat> zxFormat(const std::string& f) {
    using ZXing::BarcodeFormat;
    if (f == "EAN-13")
        return BarcodeFormat::EAN13;
    if (f == "EAN-8")
        return BarcodeFormat::EAN8;
    if (f == "UPC-A")
        return BarcodeFormat::UPCA;
    if (f == "UPC-E")
        return BarcodeFormat::UPCE;
    if (f == "Code128")
        return BarcodeFormat::Code128;
    if (f == "QRCode")
        return BarcodeFormat::QRCode;
    if (f == "DataMatrix")
        return BarcodeFormat::DataMatrix;
    return std::nullopt;
}

bool is1D(const std::string& f) {
    return f != "QRCode" && f != "DataMatrix";
}

struct Levels {
    float codeMin, codeMax;  // code width as a fraction of the frame width
    float angle;             // max in-plane rotation, degrees
    float skew;              // max corner offset, fraction of the label's diagonal
    float blur;              // max gaussian sigma
    float noise;             // gaussian noise sigma
    float glare, motion;     // probabilities per frame
    int motionLength;        // max motion blur length
};

Levels levelsOf(Difficulty d) {
    switch (d) {
        case Difficulty::Easy:
            return {0.30f, 0.45f, 12, 0.03f, 0.6f, 2, 0.10f, 0.05f, 3};
        case Difficulty::Medium:
            return {0.24f, 0.40f, 40, 0.07f, 1.0f, 4, 0.25f, 0.15f, 5};
        case Difficulty::Hard:
            return {0.18f, 0.35f, 75, 0.12f, 1.6f, 7, 0.40f, 0.30f, 9};
    }
    return levelsOf(Difficulty::Medium);
}

}  // namespace

Result<CodeSpec> codeForGtin(const std::string& gtinIn, bool digitalLink) {
    std::string gtin = gtinIn;
    if (!isValidGtin(gtin))
        return makeError(ErrorCode::InvalidArgument, "'" + gtinIn + "' is not a valid GTIN");
    if (digitalLink) {
        const std::string g14 = std::string(14 - gtin.size(), '0') + gtin;
        return CodeSpec{"QRCode", "https://id.gs1.org/01/" + g14};
    }
    if (gtin.size() == 14 && gtin[0] == '0')
        gtin = gtin.substr(1);
    if (gtin.size() == 13)
        return CodeSpec{"EAN-13", gtin};
    if (gtin.size() == 12)
        return CodeSpec{"UPC-A", gtin};
    if (gtin.size() == 8)
        return CodeSpec{"EAN-8", gtin};
    return makeError(ErrorCode::Unsupported,
                     "'" + gtinIn + "': a GTIN-14 with an indicator digit has no EAN symbol");
}

Result<cv::Mat> renderLabel(const CodeSpec& code, int moduleSize) {
    const auto format = zxFormat(code.format);
    if (!format)
        return makeError(ErrorCode::Unsupported, "cannot print format '" + code.format + "'");
    ZXing::BitMatrix bits;
    try {
        ZXing::MultiFormatWriter writer(*format);
        writer.setMargin(0);
        bits = writer.encode(code.text, 0, is1D(code.format) ? 1 : 0);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument,
                         "cannot encode '" + code.text + "' as " + code.format + ": " + e.what());
    }
    if (bits.width() <= 0 || bits.height() <= 0)
        return makeError(ErrorCode::Internal, "the writer produced an empty symbol");
    const int m = std::max(1, moduleSize);
    if (is1D(code.format)) {
        const int quiet = 12 * m;
        const int barsW = bits.width() * m;
        const int barsH = std::max(20, static_cast<int>(barsW * 0.55));
        const int textH = 12 * m;
        cv::Mat label(barsH + textH + 2 * m * 3, barsW + 2 * quiet, CV_8U, cv::Scalar(255));
        for (int x = 0; x < bits.width(); ++x)
            if (bits.get(x, 0))
                label(cv::Rect(quiet + x * m, 3 * m, m, barsH)).setTo(0);
        // Human-readable digits under the bars, as on a real pack.
        const double fontScale = 0.13 * m * 2.5;
        int baseline = 0;
        const cv::Size ts =
            cv::getTextSize(code.text, cv::FONT_HERSHEY_SIMPLEX, fontScale, 1, &baseline);
        cv::putText(
            label, code.text, cv::Point((label.cols - ts.width) / 2, 3 * m + barsH + ts.height + m),
            cv::FONT_HERSHEY_SIMPLEX, fontScale, cv::Scalar(0), std::max(1, m / 2), cv::LINE_AA);
        return label;
    }
    const int mm = m * 2;  // 2D modules a little larger
    const int quiet = 4 * mm;
    cv::Mat label(bits.height() * mm + 2 * quiet, bits.width() * mm + 2 * quiet, CV_8U,
                  cv::Scalar(255));
    for (int y = 0; y < bits.height(); ++y)
        for (int x = 0; x < bits.width(); ++x)
            if (bits.get(x, y))
                label(cv::Rect(quiet + x * mm, quiet + y * mm, mm, mm)).setTo(0);
    return label;
}

SceneGenerator::SceneGenerator(SceneOptions options, uint64_t seed)
    : options_(options), rng_(seed) {}

cv::Mat SceneGenerator::background() {
    const int w = options_.width, h = options_.height;
    // Low-frequency texture: a few random pixels blown up smoothly.
    cv::Mat small(4 + static_cast<int>(uniform(0, 6)), 6 + static_cast<int>(uniform(0, 8)),
                  CV_8UC3);
    cv::RNG cvRng(rng_());  // OpenCV's own RNG, seeded from ours: cv::theRNG() is global
    cvRng.fill(small, cv::RNG::UNIFORM, cv::Scalar::all(40), cv::Scalar::all(220));
    cv::Mat bg;
    cv::resize(small, bg, cv::Size(w, h), 0, 0, cv::INTER_CUBIC);
    // Clutter: boxes, discs, lines and stray text (shelves, hands, other packs).
    const int shapes = 6 + static_cast<int>(uniform(0, 10));
    for (int i = 0; i < shapes; ++i) {
        const cv::Scalar colour(uniform(0, 255), uniform(0, 255), uniform(0, 255));
        const cv::Point a(static_cast<int>(uniform(0, w)), static_cast<int>(uniform(0, h)));
        const cv::Point b(static_cast<int>(uniform(0, w)), static_cast<int>(uniform(0, h)));
        switch (static_cast<int>(uniform(0, 4))) {
            case 0:
                cv::rectangle(bg, a, b, colour, cv::FILLED);
                break;
            case 1:
                cv::circle(bg, a, static_cast<int>(uniform(10, h / 4.0f)), colour, cv::FILLED,
                           cv::LINE_AA);
                break;
            case 2:
                cv::line(bg, a, b, colour, static_cast<int>(uniform(2, 12)), cv::LINE_AA);
                break;
            default:
                cv::putText(bg, "SALE 50% kasir", a, cv::FONT_HERSHEY_DUPLEX, uniform(0.5, 2),
                            colour, 2, cv::LINE_AA);
                break;
        }
    }
    return bg;
}

Pose SceneGenerator::pose(cv::Size label) {
    const Levels lv = levelsOf(options_.difficulty);
    Pose p;
    float targetW = uniform(lv.codeMin, lv.codeMax) * static_cast<float>(options_.width);
    if (label.height * 2 > label.width)  // a square 2D symbol needs less width than bars
        targetW *= 0.6f;
    p.scale = targetW / static_cast<float>(label.width);
    // At least 2 frame pixels per module (labels are printed at 3 pixels per module): a code
    // held up to a kiosk camera is never smaller, and below that no decoder reads bars.
    p.scale = std::max(p.scale, 2.0f / 3.0f);
    p.angleDeg = uniform(-lv.angle, lv.angle);
    if (options_.difficulty == Difficulty::Hard && chance(0.15f))
        p.angleDeg += 180;  // upside down
    const float diag =
        std::hypot(static_cast<float>(label.width), static_cast<float>(label.height)) * p.scale;
    for (auto& s : p.skew)
        s = cv::Point2f(uniform(-lv.skew, lv.skew) * diag, uniform(-lv.skew, lv.skew) * diag);
    p.centre = cv::Point2f(uniform(0.35f, 0.65f) * static_cast<float>(options_.width),
                           uniform(0.35f, 0.65f) * static_cast<float>(options_.height));
    return p;
}

Pose SceneGenerator::drift(const Pose& p) {
    Pose q = p;
    std::normal_distribution<float> n(0, 1);
    q.centre += cv::Point2f(2.0f * n(rng_), 2.0f * n(rng_));
    q.angleDeg += 0.6f * n(rng_);
    q.scale *= 1.0f + 0.008f * n(rng_);
    return q;
}

cv::Mat SceneGenerator::compose(const cv::Mat& background, const cv::Mat& label, const Pose& p,
                                std::array<PointF, 4>* corners) {
    // The pack: a coloured box around the white label.
    const int padX = label.cols / 5, padY = label.rows / 4;
    cv::Mat item(label.rows + 2 * padY, label.cols + 2 * padX, CV_8UC3,
                 cv::Scalar(uniform(20, 200), uniform(20, 200), uniform(20, 200)));
    cv::Mat labelBgr;
    cv::cvtColor(label, labelBgr, cv::COLOR_GRAY2BGR);
    const float paper = uniform(225, 255) / 255.0f;  // off-white paper
    labelBgr.convertTo(labelBgr, -1, paper, 0);
    labelBgr.copyTo(item(cv::Rect(padX, padY, label.cols, label.rows)));

    const float c = std::cos(p.angleDeg * static_cast<float>(CV_PI) / 180.0f);
    const float s = std::sin(p.angleDeg * static_cast<float>(CV_PI) / 180.0f);
    auto place = [&](cv::Point2f q, size_t corner) {
        const cv::Point2f rel = (q - cv::Point2f(item.cols / 2.0f, item.rows / 2.0f)) * p.scale;
        return p.centre + cv::Point2f(c * rel.x - s * rel.y, s * rel.x + c * rel.y) +
               p.skew[corner];
    };
    const std::array<cv::Point2f, 4> src = {
        cv::Point2f(0, 0), cv::Point2f(static_cast<float>(item.cols), 0),
        cv::Point2f(static_cast<float>(item.cols), static_cast<float>(item.rows)),
        cv::Point2f(0, static_cast<float>(item.rows))};
    std::array<cv::Point2f, 4> dst{};
    for (size_t i = 0; i < 4; ++i)
        dst[i] = place(src[i], i);
    // Keep the pack inside the frame where it fits: a shopper holds it up to the camera.
    float minX = dst[0].x, maxX = dst[0].x, minY = dst[0].y, maxY = dst[0].y;
    for (const auto& q : dst) {
        minX = std::min(minX, q.x);
        maxX = std::max(maxX, q.x);
        minY = std::min(minY, q.y);
        maxY = std::max(maxY, q.y);
    }
    const float fw = static_cast<float>(background.cols), fh = static_cast<float>(background.rows);
    cv::Point2f shift(0, 0);
    if (maxX - minX < fw)
        shift.x = minX < 0 ? -minX : (maxX > fw ? fw - maxX : 0);
    if (maxY - minY < fh)
        shift.y = minY < 0 ? -minY : (maxY > fh ? fh - maxY : 0);
    for (auto& q : dst)
        q += shift;
    const cv::Mat h = cv::getPerspectiveTransform(src.data(), dst.data());

    cv::Mat frame = background.clone();
    cv::Mat warped, mask;
    cv::warpPerspective(item, warped, h, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    cv::warpPerspective(cv::Mat(item.size(), CV_8U, cv::Scalar(255)), mask, h, frame.size(),
                        cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    warped.copyTo(frame, mask);

    if (corners) {
        std::vector<cv::Point2f> in = {
            cv::Point2f(static_cast<float>(padX), static_cast<float>(padY)),
            cv::Point2f(static_cast<float>(padX + label.cols), static_cast<float>(padY)),
            cv::Point2f(static_cast<float>(padX + label.cols),
                        static_cast<float>(padY + label.rows)),
            cv::Point2f(static_cast<float>(padX), static_cast<float>(padY + label.rows))};
        std::vector<cv::Point2f> out;
        cv::perspectiveTransform(in, out, h);
        for (size_t i = 0; i < 4; ++i)
            (*corners)[i] = PointF{out[i].x, out[i].y};
    }
    cameraEffects(frame);
    return frame;
}

cv::Mat SceneGenerator::empty(const cv::Mat& background) {
    cv::Mat frame = background.clone();
    cameraEffects(frame);
    return frame;
}

void SceneGenerator::cameraEffects(cv::Mat& frame) {
    const Levels lv = levelsOf(options_.difficulty);
    // Uneven light: a gentle gradient across the frame.
    {
        cv::Mat ramp(1, 2, CV_32F);
        ramp.at<float>(0, 0) = uniform(0.75f, 1.0f);
        ramp.at<float>(0, 1) = uniform(0.9f, 1.1f);
        cv::Mat gain;
        cv::resize(ramp, gain, frame.size(), 0, 0, cv::INTER_LINEAR);
        cv::Mat f;
        frame.convertTo(f, CV_32FC3);
        cv::Mat gain3;
        cv::merge(std::vector<cv::Mat>{gain, gain, gain}, gain3);
        f = f.mul(gain3);
        f.convertTo(frame, CV_8UC3);
    }
    if (chance(lv.glare)) {  // a specular highlight, soft-edged
        // Drawn and blurred at 1/8 scale: a wide blur on the full frame costs 100 ms.
        const cv::Size small(std::max(1, frame.cols / 8), std::max(1, frame.rows / 8));
        cv::Mat spot(small, CV_8UC3, cv::Scalar::all(0));
        const cv::Point at(static_cast<int>(uniform(0, static_cast<float>(small.width))),
                           static_cast<int>(uniform(0, static_cast<float>(small.height))));
        const int r =
            std::max(2, static_cast<int>(uniform(3, static_cast<float>(small.height) / 5)));
        cv::circle(spot, at, r, cv::Scalar::all(uniform(60, 160)), cv::FILLED, cv::LINE_AA);
        cv::GaussianBlur(spot, spot, cv::Size(0, 0), r / 2.0);
        cv::Mat full;
        cv::resize(spot, full, frame.size(), 0, 0, cv::INTER_LINEAR);
        cv::add(frame, full, frame);
    }
    if (chance(lv.motion)) {
        const int len = 2 + static_cast<int>(uniform(0, static_cast<float>(lv.motionLength - 1)));
        cv::Mat k = cv::Mat::zeros(len, len, CV_32F);
        const float a = uniform(0, static_cast<float>(CV_PI));
        const cv::Point2f mid(len / 2.0f, len / 2.0f);
        const cv::Point2f d(std::cos(a) * len / 2.0f, std::sin(a) * len / 2.0f);
        cv::line(k, mid - d, mid + d, cv::Scalar(1), 1, cv::LINE_AA);
        const double sum = cv::sum(k)[0];
        if (sum > 0) {
            k /= sum;
            cv::filter2D(frame, frame, -1, k);
        }
    }
    const float sigma = uniform(0, lv.blur);
    if (sigma > 0.3f)
        cv::GaussianBlur(frame, frame, cv::Size(0, 0), sigma);
    cv::Mat noise(frame.size(), CV_16SC3);
    cv::RNG cvRng(rng_());
    cvRng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(lv.noise));
    cv::Mat f16;
    frame.convertTo(f16, CV_16SC3);
    f16 += noise;
    f16.convertTo(frame, CV_8UC3);
}

}  // namespace kiosk::vision::gen
