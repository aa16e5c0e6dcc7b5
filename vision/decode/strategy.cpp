#include "vision/decode/strategy.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <opencv2/barcode.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "vision/decode/gs1_text.hpp"
#include "vision/decode/gtin_check.hpp"
#include "vision/decode/localise.hpp"

namespace kiosk::vision {

namespace {

const ZXing::BarcodeFormats kRetailFormats =
    ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::UPCA |
    ZXing::BarcodeFormat::UPCE | ZXing::BarcodeFormat::DataBar |
    ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::Code128 |
    ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix;

const ZXing::BarcodeFormats kLinearRetail =
    ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::UPCA |
    ZXing::BarcodeFormat::UPCE | ZXing::BarcodeFormat::DataBar |
    ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::Code128;

bool isGs1Symbology(const std::string& id) {
    return id == "]C1" || id == "]e0" || id == "]Q3" || id == "]d2" || id == "]Q5";
}

bool isEanUpc(const std::string& format) {
    return format == "EAN-13" || format == "EAN-8" || format == "UPC-A" || format == "UPC-E";
}

std::string mainPart(const std::string& text) {
    return text.substr(0, text.find(' '));
}

// One read by one pass, corners already in frame coordinates.
struct Read {
    Detection detection;
};

class StrategyDecoder final : public FrameDecoder {
  public:
    explicit StrategyDecoder(StrategyOptions options) : options_(options) { cv::setNumThreads(1); }

    DecodeResult decode(const GrayFrame& frame, const DecodeHints& hints) override {
        auto start = std::chrono::steady_clock::now();
        DecodeResult result;
        if (frame.width <= 0 || frame.height <= 0) {
            result.error = "bad frame: zero size";
            return result;
        }
        if (frame.pixels.size() != static_cast<std::size_t>(frame.width) * frame.height) {
            result.error = "bad frame: " + std::to_string(frame.pixels.size()) +
                           " bytes of pixels for " + std::to_string(frame.width) + "x" +
                           std::to_string(frame.height);
            return result;
        }
        reads_.clear();
        // The frame's pixels are only read; OpenCV wants a non-const pointer for a header.
        cv::Mat gray(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.pixels.data()));
        try {
            run(gray, hints);
        } catch (const cv::Exception& e) {
            result.error = std::string("OpenCV: ") + e.what();
        } catch (const std::exception& e) {
            result.error = std::string("decoder exception: ") + e.what();
        } catch (...) {
            result.error = "decoder exception";
        }
        result.detections = assemble();
        result.ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return result;
    }

  private:
    ZXing::DecodeHints zxHints(bool harder, bool rotate,
                               ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage,
                               ZXing::BarcodeFormats formats = kRetailFormats) const {
        ZXing::DecodeHints h;
        h.setFormats(formats)
            .setTryHarder(harder)
            .setTryRotate(rotate)
            .setBinarizer(binarizer)
            .setEanAddOnSymbol(options_.readAddOns ? ZXing::EanAddOnSymbol::Read
                                                   : ZXing::EanAddOnSymbol::Ignore);
        return h;
    }

    // Decodes `img` (whose pixel (x, y) is frame point toFrame * (x, y, 1), or the same point
    // when toFrame is empty). True when the strategy may stop.
    bool attempt(const char* pass, const cv::Mat& img, const cv::Mat& toFrame,
                 const ZXing::DecodeHints& hints) {
        if (img.cols < 8 || img.rows < 8) {
            return false;
        }
        ZXing::ImageView view(img.data, img.cols, img.rows, ZXing::ImageFormat::Lum,
                              static_cast<int>(img.step));
        ZXing::Result r;
        try {
            r = ZXing::ReadBarcode(view, hints);
        } catch (const std::exception&) {
            return false;  // a throwing reader read nothing
        }
        if (!r.isValid()) {
            return false;
        }
        Detection d;
        d.format = ZXing::ToString(r.format());
        d.text = r.text();
        d.symbologyId = r.symbologyIdentifier();
        if (d.format == "DataBarExpanded") {
            auto raw = gs1HumanReadableToElementString(d.text);
            if (!raw) {
                return false;
            }
            d.text = *raw;
        }
        if (!hasValidCheckDigits(d.format, d.text) ||
            (isGs1Symbology(d.symbologyId) && !hasValidCheckDigits("DataBarExpanded", d.text))) {
            return false;
        }
        if (isEanUpc(d.format) && d.text.find(' ') != std::string::npos &&
            !confirmAddOn(view, hints, d.text)) {
            d.text = mainPart(d.text);
        }
        const auto& p = r.position();
        for (int i = 0; i < 4; ++i) {
            double x = p[i].x;
            double y = p[i].y;
            if (!toFrame.empty()) {
                const double* m = toFrame.ptr<double>(0);
                const double* n = toFrame.ptr<double>(1);
                double fx = m[0] * x + m[1] * y + m[2];
                double fy = n[0] * x + n[1] * y + n[2];
                x = fx;
                y = fy;
            }
            d.corners[i] = {static_cast<float>(x), static_cast<float>(y)};
        }
        d.pass = pass;
        reads_.push_back({std::move(d)});
        return !options_.exhaustive;
    }

    // An add-on read once can be a misread of print beside the code: it counts only if a
    // second read with another binarisation, requiring the add-on, sees the same digits.
    static bool confirmAddOn(const ZXing::ImageView& view, const ZXing::DecodeHints& hints,
                             const std::string& text) {
        ZXing::DecodeHints again = hints;
        again.setTryHarder(true)
            .setBinarizer(hints.binarizer() == ZXing::Binarizer::FixedThreshold
                              ? ZXing::Binarizer::LocalAverage
                              : ZXing::Binarizer::FixedThreshold)
            .setEanAddOnSymbol(ZXing::EanAddOnSymbol::Require);
        try {
            ZXing::Result r = ZXing::ReadBarcode(view, again);
            return r.isValid() && r.text() == text;
        } catch (const std::exception&) {
            return false;
        }
    }

    // Decodes the rotated box (centre, size along/across the bars, angle of the gradient in
    // degrees) turned upright and enlarged when small.
    bool attemptBox(const char* pass, const cv::Mat& gray, const Box& box, bool rotate) {
        double across = box.width * 1.25 + 24;  // quiet zones on both sides
        double along = box.height * 1.1 + 8;
        double scale = 1.0;
        if (across < 420) {
            scale = std::min(3.0, 420 / across);
        }
        int w = static_cast<int>(std::ceil(across * scale));
        int h = static_cast<int>(std::ceil(along * scale));
        if (w < 16 || h < 16 || w > 4000 || h > 4000) {
            return false;
        }
        // frame -> crop: rotate by -angle about the box centre, scale, centre in the crop.
        cv::Mat M = cv::getRotationMatrix2D(box.centre, box.angle, scale);
        M.at<double>(0, 2) += w / 2.0 - box.centre.x;
        M.at<double>(1, 2) += h / 2.0 - box.centre.y;
        cv::Mat crop;
        cv::warpAffine(gray, crop, M, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::Mat back;
        cv::invertAffineTransform(M, back);
        if (attempt(pass, crop, back, zxHints(true, rotate))) {
            return true;
        }
        return attempt(pass, crop, back,
                       zxHints(true, rotate, ZXing::Binarizer::FixedThreshold, kLinearRetail));
    }

    void run(const cv::Mat& gray, const DecodeHints& hints) {
        static const cv::Mat kIdentity;
        // Cheap: where the code was in the previous frame, then the whole frame.
        if (hints.roi) {
            const RectI& r = *hints.roi;
            int mx = std::max(32, r.width / 2);
            int my = std::max(32, r.height / 2);
            cv::Rect roi(r.x - mx, r.y - my, r.width + 2 * mx, r.height + 2 * my);
            roi &= cv::Rect(0, 0, gray.cols, gray.rows);
            if (roi.width >= 16 && roi.height >= 16) {
                cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 1, 0, roi.x, 0, 1, roi.y);
                if (attempt("roi", gray(roi), toFrame, zxHints(false, true))) {
                    return;
                }
            }
        }
        if (attempt("fast", gray, kIdentity, zxHints(false, false))) {
            return;
        }
        if (!hints.tryHarder) {
            return;
        }
        bool small = gray.total() <= static_cast<std::size_t>(options_.wholeFrameHardLimit);
        if (small) {
            if (attempt("hard", gray, kIdentity, zxHints(true, true))) {
                return;
            }
            if (attempt("fixed", gray, kIdentity,
                        zxHints(true, true, ZXing::Binarizer::FixedThreshold))) {
                return;
            }
            if (std::max(gray.cols, gray.rows) < 1000) {
                cv::Mat up;
                cv::resize(gray, up, cv::Size(), 2, 2, cv::INTER_CUBIC);
                cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 0.5, 0, 0, 0, 0.5, 0);
                if (attempt("up2", up, toFrame, zxHints(true, true))) {
                    return;
                }
            }
        }
        if (options_.localiseTilted) {
            for (const Box& box : localiseLinearCodes(gray, 3)) {
                if (attemptBox("tilt", gray, box, true)) {
                    return;
                }
            }
        }
        if (options_.openCvDetector && std::min(gray.cols, gray.rows) >= 120) {
            std::vector<cv::Point2f> corners;
            if (detector_.detect(gray, corners)) {
                for (std::size_t i = 0; i + 3 < corners.size() && i < 12; i += 4) {
                    cv::RotatedRect rr = cv::minAreaRect(
                        std::vector<cv::Point2f>(corners.begin() + static_cast<long>(i),
                                                 corners.begin() + static_cast<long>(i) + 4));
                    Box box{rr.center, rr.size.width, rr.size.height, rr.angle};
                    if (attemptBox("cvdet", gray, box, true)) {
                        return;
                    }
                }
            }
        }
        if (small) {
            cv::Mat sharp;
            cv::GaussianBlur(gray, sharp, cv::Size(0, 0), 1.5);
            cv::addWeighted(gray, 2.0, sharp, -1.0, 0, sharp);
            if (attempt("sharp", sharp, kIdentity, zxHints(true, true))) {
                return;
            }
        }
    }

    // Merges the reads of all passes: one detection per distinct text, confidence from how
    // many passes agreed. An add-on only one pass saw is dropped (the main code stays).
    std::vector<Detection> assemble() {
        std::vector<Detection> out;
        for (const auto& r : reads_) {
            Detection d = r.detection;
            auto same = std::find_if(out.begin(), out.end(), [&](const Detection& o) {
                return o.format == d.format && mainPart(o.text) == mainPart(d.text);
            });
            if (same == out.end()) {
                d.confidence = 1;
                out.push_back(std::move(d));
            } else {
                same->confidence += 1;
                same->pass += "+" + d.pass;
                if (same->text != d.text && d.text.size() > same->text.size()) {
                    same->text = d.text;
                }
            }
        }
        for (auto& d : out) {
            d.confidence = std::min(100, 50 * d.confidence);
        }
        return out;
    }

    StrategyOptions options_;
    std::vector<Read> reads_;
    cv::barcode::BarcodeDetector detector_;
};

}  // namespace

std::unique_ptr<FrameDecoder> makeStrategyDecoder(StrategyOptions options) {
    return std::make_unique<StrategyDecoder>(options);
}

}  // namespace kiosk::vision
