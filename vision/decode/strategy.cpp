#include "vision/decode/strategy.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <exception>
#include <opencv2/barcode.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include <spdlog/spdlog.h>

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

const ZXing::BarcodeFormats kMatrixRetail =
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

// One read by one pass, corners already in frame coordinates.
struct Read {
    Detection detection;  // text without the add-on
    std::string addOn;    // EAN-2/EAN-5 digits, if this pass saw an add-on
    int addOnVotes = 0;   // 2 when a second read confirmed the add-on at once
    // EAN/UPC check digits catch only some misreads: a read from a hard pass counts only
    // when another pass agrees. Reads of the cheap passes and of formats with stronger
    // checks (DataBar, Code 128, QR, DataMatrix) count alone.
    bool trusted = false;
};

// EAN-13 and UPC-A. A scan line crossing part of one (a tilted code, a code cut by the frame
// edge) can pass for a short UPC-E or EAN-8 with a valid check digit; never the reverse.
bool isLongEanUpc(const std::string& format) {
    return format == "EAN-13" || format == "UPC-A";
}

// Add-ons are printed on periodicals and books: EAN-13 with an ISSN/ISBN/ISMN prefix and
// UPC-A. Digits beside other codes are print, not an add-on.
bool mayHaveAddOn(const std::string& format, const std::string& main) {
    if (format == "UPC-A") {
        return true;
    }
    return format == "EAN-13" &&
           (main.rfind("977", 0) == 0 || main.rfind("978", 0) == 0 || main.rfind("979", 0) == 0);
}

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
        boxes_.clear();
        boxesDone_ = false;
        cpuStart_ = cpuNowMs();
        // The frame's pixels are only read; OpenCV wants a non-const pointer for a header.
        cv::Mat gray(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.pixels.data()));
        try {
            run(gray, hints);
            if (hints.tryHarder) {
                confirmSingleReads(gray);
            }
            if (options_.readAddOns && hints.tryHarder) {
                lookForAddOns(gray);
            }
        } catch (const cv::Exception& e) {
            result.error = std::string("OpenCV: ") + e.what();
        } catch (const std::exception& e) {
            result.error = std::string("decoder exception: ") + e.what();
        } catch (...) {
            result.error = "decoder exception";
        }
        result.detections = assemble();
        result.cpuMs = cpuNowMs() - cpuStart_;
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
        auto t0 = std::chrono::steady_clock::now();
        try {
            r = ZXing::ReadBarcode(view, hints);
        } catch (const std::exception&) {
            return false;  // a throwing reader read nothing
        }
        SPDLOG_DEBUG(
            "pass {} {}x{} {:.2f} ms {}", pass, img.cols, img.rows,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count(),
            r.isValid() ? "found" : "-");
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
        Read read;
        if (auto space = d.text.find(' '); isEanUpc(d.format) && space != std::string::npos) {
            std::string main = d.text.substr(0, space);
            if (mayHaveAddOn(d.format, main)) {
                read.addOn = d.text.substr(space + 1);
                read.addOnVotes = confirmAddOn(view, hints, d.text) ? 2 : 1;
            }
            d.text = main;
        }
        std::string passName = pass;
        read.trusted = !isEanUpc(d.format) ||
                       (isLongEanUpc(d.format) && (passName == "fast" || passName == "roi"));
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
        read.detection = std::move(d);
        reads_.push_back(std::move(read));
        return !options_.exhaustive && decided();
    }

    struct Group {
        Detection detection;
        int support = 0;
        bool trusted = false;
        std::vector<std::pair<std::string, int>> addOns;  // digits, votes
        bool addOnWanted = false;
    };

    std::vector<Group> groups() const {
        std::vector<Group> out;
        for (const auto& r : reads_) {
            const Detection& d = r.detection;
            auto g = std::find_if(out.begin(), out.end(), [&](const Group& o) {
                return o.detection.format == d.format && o.detection.text == d.text;
            });
            if (g == out.end()) {
                out.push_back({d, 1, false, {}, false});
                g = out.end() - 1;
            } else if (!hasPass(g->detection.pass, d.pass)) {
                // Support counts distinct passes: two binarisations of one crop are not
                // independent enough to confirm each other.
                g->detection.pass += "+" + d.pass;
                g->support += 1;
            }
            g->trusted = g->trusted || r.trusted;
            g->addOnWanted =
                options_.readAddOns && isEanUpc(d.format) && mayHaveAddOn(d.format, d.text);
            if (!r.addOn.empty()) {
                auto a = std::find_if(g->addOns.begin(), g->addOns.end(),
                                      [&](const auto& x) { return x.first == r.addOn; });
                if (a == g->addOns.end()) {
                    g->addOns.emplace_back(r.addOn, r.addOnVotes);
                } else {
                    a->second += r.addOnVotes;
                }
            }
        }
        return out;
    }

    static bool hasPass(const std::string& passes, const std::string& pass) {
        std::size_t start = 0;
        while (start <= passes.size()) {
            std::size_t end = passes.find('+', start);
            if (end == std::string::npos) {
                end = passes.size();
            }
            if (passes.compare(start, end - start, pass) == 0) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    static bool accepted(const Group& g) { return g.trusted || g.support >= 2; }

    static const std::string* confirmedAddOn(const Group& g) {
        for (const auto& [digits, votes] : g.addOns) {
            if (votes >= 2) {
                return &digits;
            }
        }
        return nullptr;
    }

    // The strategy may stop once a read is accepted and no add-on is left to confirm (an
    // add-on seen once makes the later passes worth running).
    bool decided() const {
        for (const auto& g : groups()) {
            if (accepted(g) && (g.addOns.empty() || confirmedAddOn(g) != nullptr)) {
                return true;
            }
        }
        return false;
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

    // The rotated box (centre, size along/across the bars, angle of the gradient in degrees)
    // cut out upright, enlarged when small. `tweak` turns and scales the cut a little, so
    // that a second look at the same box crosses the bars along other lines.
    void cutBox(const cv::Mat& gray, const Box& box, double tweak, cv::Mat& crop,
                cv::Mat& back) const {
        double across = box.width * 1.25 + 24;  // quiet zones on both sides
        double along = box.height * 1.1 + 8;
        // A slice of the bars is enough to decode and keeps big boxes cheap.
        along = std::min(along, std::max(60.0, across * 0.4));
        double scale = 1.0;
        if (across < 420) {
            scale = std::min(3.0, 420 / across);
        } else if (across > 900) {
            scale = 900 / across;
        }
        scale *= 1.0 - 0.2 * tweak;
        int w = static_cast<int>(std::ceil(across * scale));
        int h = static_cast<int>(std::ceil(along * scale));
        if (w < 16 || h < 16 || w > 4000 || h > 4000) {
            crop.release();
            return;
        }
        // frame -> crop: rotate by -angle about the box centre, scale, centre in the crop.
        cv::Mat M = cv::getRotationMatrix2D(box.centre, box.angle + 3.0 * tweak, scale);
        M.at<double>(0, 2) += w / 2.0 - box.centre.x;
        M.at<double>(1, 2) += h / 2.0 - box.centre.y;
        cv::warpAffine(gray, crop, M, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::invertAffineTransform(M, back);
    }

    bool attemptBox(const char* pass, const cv::Mat& gray, const Box& box, bool rotate) {
        cv::Mat crop;
        cv::Mat back;
        cutBox(gray, box, 0, crop, back);
        if (crop.empty()) {
            return false;
        }
        std::size_t before = reads_.size();
        // Upright now: a quick look along the rows first, the thorough scan after.
        if (attempt(pass, crop, back,
                    zxHints(false, false, ZXing::Binarizer::LocalAverage, kLinearRetail)) ||
            attempt(pass, crop, back,
                    zxHints(true, rotate, ZXing::Binarizer::LocalAverage, kLinearRetail))) {
            return true;
        }
        if (reads_.size() > before) {
            // Read but not yet trusted (EAN/UPC from a hard pass): a second, slightly turned
            // and smaller cut is a look along other lines that may confirm it.
            cutBox(gray, box, 1, crop, back);
            std::string second = std::string(pass) + "2";
            return !crop.empty() &&
                   attempt(second.c_str(), crop, back,
                           zxHints(true, rotate, ZXing::Binarizer::LocalAverage, kLinearRetail));
        }
        return attempt(pass, crop, back,
                       zxHints(true, rotate, ZXing::Binarizer::FixedThreshold, kLinearRetail));
    }

    static double cpuNowMs() {
        timespec ts{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    }

    bool overBudget() const { return !options_.exhaustive && cpuNowMs() - cpuStart_ > budgetMs_; }

    // A whole-image pass on a transformed copy; `scale` maps copy pixels back to the frame.
    template <typename Make>
    bool variant(const char* pass, const cv::Mat& gray, Make make, double scale,
                 const ZXing::DecodeHints& hints) {
        if (overBudget()) {
            return false;
        }
        cv::Mat img = make(gray);
        cv::Mat toFrame;
        if (scale != 1.0) {
            toFrame = (cv::Mat_<double>(2, 3) << 1 / scale, 0, 0, 0, 1 / scale, 0);
        }
        return attempt(pass, img, toFrame, hints);
    }

    // Boxes of the localiser, computed once per frame.
    const std::vector<Box>& boxes(const cv::Mat& gray) {
        if (!boxesDone_) {
            boxes_ = options_.localiseTilted ? localiseLinearCodes(gray, 3) : std::vector<Box>{};
            boxesDone_ = true;
        }
        return boxes_;
    }

    static bool isSkewed(const Box& box) {
        double a = std::fmod(std::abs(box.angle), 90.0);
        return a > 12.0 && a < 78.0;
    }

    // Cut-out decoding of the localised boxes: the skewed ones only (which the whole-image
    // passes cannot read), or all of them.
    bool tilted(const cv::Mat& gray, bool skewedOnly = false) {
        if (!options_.localiseTilted || overBudget()) {
            return false;
        }
        for (const Box& box : boxes(gray)) {
            if (skewedOnly && !isSkewed(box)) {
                continue;
            }
            if (attemptBox("tilt", gray, box, true)) {
                return true;
            }
            if (overBudget()) {
                break;
            }
        }
        return false;
    }

    // OpenCV's detector dies with a division by zero on tiny images (here only the worker
    // would die); it gets images of a reasonable size only.
    bool openCvBoxes(const cv::Mat& gray) {
        if (!options_.openCvDetector || overBudget() || std::min(gray.cols, gray.rows) < 120) {
            return false;
        }
        std::vector<cv::Point2f> corners;
        if (!detector_.detect(gray, corners)) {
            return false;
        }
        for (std::size_t i = 0; i + 3 < corners.size() && i < 12; i += 4) {
            cv::RotatedRect rr = cv::minAreaRect(
                std::vector<cv::Point2f>(corners.begin() + static_cast<long>(i),
                                         corners.begin() + static_cast<long>(i) + 4));
            // Which side runs across the bars is unknown: pad both, let ZXing rotate.
            float side = std::max(rr.size.width, rr.size.height);
            Box box{rr.center, side, side, rr.angle};
            if (attemptBox("cvdet", gray, box, true) || overBudget()) {
                return !overBudget();
            }
        }
        return false;
    }

    // An EAN/UPC read by one hard pass only: look again at just that place, enlarged by half
    // (another sampling of the bars), with both binarisations. Agreement there accepts it;
    // a different number there makes it contested (and both are dropped).
    void confirmSingleReads(const cv::Mat& gray) {
        if (options_.exhaustive) {
            return;
        }
        int tries = 0;
        for (const auto& g : groups()) {
            if (accepted(g) || !isEanUpc(g.detection.format) || ++tries > 2) {
                continue;
            }
            cv::Rect2f a = area(g.detection);
            float grow = std::max(a.width, a.height) * 0.3f;
            cv::Rect r(static_cast<int>(a.x - grow), static_cast<int>(a.y - grow),
                       static_cast<int>(a.width + 2 * grow), static_cast<int>(a.height + 2 * grow));
            r &= cv::Rect(0, 0, gray.cols, gray.rows);
            if (r.width < 16 || r.height < 16) {
                continue;
            }
            double f = std::min(1.5, 1200.0 / std::max(r.width, r.height));
            cv::Mat crop;
            cv::resize(gray(r), crop, cv::Size(), f, f, cv::INTER_CUBIC);
            cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 1 / f, 0, r.x, 0, 1 / f, r.y);
            if (!attempt("confirm", crop, toFrame, zxHints(true, true))) {
                attempt("confirm", crop, toFrame,
                        zxHints(true, true, ZXing::Binarizer::FixedThreshold));
            }
        }
    }

    // Periodicals and books carry an add-on that the pass which found the main code may not
    // have seen. Around such a code, two reads requiring the add-on (the second inside
    // attempt()) must agree before it is reported.
    void lookForAddOns(const cv::Mat& gray) {
        for (const auto& g : groups()) {
            if (!g.addOnWanted || !g.addOns.empty() || !accepted(g)) {
                continue;
            }
            cv::Rect2f a = area(g.detection);
            cv::Rect r(static_cast<int>(a.x - a.width * 0.5f), static_cast<int>(a.y - a.height),
                       static_cast<int>(a.width * 2), static_cast<int>(a.height * 3));
            r &= cv::Rect(0, 0, gray.cols, gray.rows);
            if (r.width < 16 || r.height < 16) {
                continue;
            }
            cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 1, 0, r.x, 0, 1, r.y);
            auto hints = zxHints(true, true);
            hints.setEanAddOnSymbol(ZXing::EanAddOnSymbol::Require);
            attempt("addon", gray(r), toFrame, hints);
        }
    }

    void run(const cv::Mat& gray, const DecodeHints& hints) {
        static const cv::Mat kIdentity;
        const auto hard = zxHints(true, true);
        // After the first hard pass, the image variants scan rows only (half the cost): codes
        // standing upright are cut out and turned by the localiser instead.
        const auto rows = zxHints(true, false);
        // Cheap: where the code was in the previous frame, then the whole frame.
        if (hints.roi) {
            const RectI& r = *hints.roi;
            int mx = std::max(32, r.width / 2);
            int my = std::max(32, r.height / 2);
            cv::Rect roi(r.x - mx, r.y - my, r.width + 2 * mx, r.height + 2 * my);
            roi &= cv::Rect(0, 0, gray.cols, gray.rows);
            if (roi.width >= 16 && roi.height >= 16) {
                cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 1, 0, roi.x, 0, 1, roi.y);
                // Both binarisations: the row-wise histogram threshold fails when the crop is
                // mostly an even background, the fixed one when the light is uneven.
                if (attempt("roi", gray(roi), toFrame, zxHints(false, true)) ||
                    attempt("roi", gray(roi), toFrame,
                            zxHints(false, true, ZXing::Binarizer::FixedThreshold))) {
                    return;
                }
            }
        }
        const bool large = gray.total() > static_cast<std::size_t>(options_.wholeFrameHardLimit);
        budgetMs_ = large ? options_.frameBudgetMs : options_.budgetMs;
        if (large) {
            // A camera frame: the whole-frame hard passes would take 30 ms and more here, so
            // after the quick look the hard work goes to localised crops and a half-size copy.
            cv::Mat half;
            cv::Mat toFrame = (cv::Mat_<double>(2, 3) << 2, 0, 0, 0, 2, 0);
            // Rows first (a tenth of a millisecond), then the localised boxes, then the
            // matrix-code detectors, which cost about 5 ms on a frame this size.
            bool done =
                attempt("fast", gray, kIdentity,
                        zxHints(false, false, ZXing::Binarizer::LocalAverage, kLinearRetail)) ||
                (hints.tryHarder && tilted(gray)) ||
                attempt("fast", gray, kIdentity,
                        zxHints(false, false, ZXing::Binarizer::LocalAverage, kMatrixRetail)) ||
                !hints.tryHarder;
            if (!done && !overBudget()) {
                cv::resize(gray, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
                done = attempt("half", half, toFrame, zxHints(true, true));
            }
            if (!done) {
                openCvBoxes(gray);
            }
            return;
        }
        if (attempt("fast", gray, kIdentity, zxHints(false, false))) {
            return;
        }
        if (!hints.tryHarder) {
            return;
        }
        auto same = [](const cv::Mat& g) { return g; };
        auto resized = [](double f, int interpolation) {
            return [f, interpolation](const cv::Mat& g) {
                cv::Mat o;
                cv::resize(g, o, cv::Size(), f, f, interpolation);
                return o;
            };
        };
        auto sharpened = [](double sigma, double amount) {
            return [sigma, amount](const cv::Mat& g) {
                cv::Mat blur;
                cv::Mat o;
                cv::GaussianBlur(g, blur, cv::Size(0, 0), sigma);
                cv::addWeighted(g, 1 + amount, blur, -amount, 0, o);
                return o;
            };
        };
        auto inverted = [](const cv::Mat& g) {
            cv::Mat o;
            cv::bitwise_not(g, o);
            return o;
        };
        auto adaptive = [](const cv::Mat& g) {
            cv::Mat o;
            cv::adaptiveThreshold(g, o, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, 31, 5);
            return o;
        };
        auto equalised = [this](const cv::Mat& g) {
            cv::Mat o;
            clahe_->apply(g, o);
            return o;
        };
        const int longSide = std::max(gray.cols, gray.rows);
        const int shortSide = std::min(gray.cols, gray.rows);

        // A small image or crop: whole-image passes, most productive per millisecond first.
        if (tilted(gray, true) || variant("hard", gray, same, 1, hard) ||
            variant("inv", gray, inverted, 1, zxHints(false, true)) ||
            (longSide < 1000 && variant("up2", gray, resized(2, cv::INTER_CUBIC), 2, rows)) ||
            variant("sharp3", gray, sharpened(2.0, 2.0), 1, rows) ||
            variant("adapt", gray, adaptive, 1, rows) ||
            variant("clahe", gray, equalised, 1, rows) ||
            (shortSide >= 160 && variant("down2", gray, resized(0.5, cv::INTER_AREA), 0.5, rows)) ||
            tilted(gray) ||
            variant("fixed", gray, same, 1,
                    zxHints(true, true, ZXing::Binarizer::FixedThreshold)) ||
            variant("sharp", gray, sharpened(1.5, 1.0), 1, rows) ||
            (longSide < 500 && variant("up3", gray, resized(3, cv::INTER_CUBIC), 3, rows)) ||
            openCvBoxes(gray)) {
            return;
        }
    }

    // One detection per accepted code, with its add-on when two reads saw the same one.
    // Confidence: 50 for one pass, 100 for two or more agreeing.
    static cv::Rect2f area(const Detection& d) {
        float x0 = d.corners[0].x, x1 = x0, y0 = d.corners[0].y, y1 = y0;
        for (const auto& p : d.corners) {
            x0 = std::min(x0, p.x);
            x1 = std::max(x1, p.x);
            y0 = std::min(y0, p.y);
            y1 = std::max(y1, p.y);
        }
        // Linear codes report a line across the bars: give it some height.
        float pad = std::max(16.0f, 0.15f * (x1 - x0 + y1 - y0));
        return {x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad};
    }

    // Two passes that read different EAN/UPC numbers at the same place: one of them misread
    // (both pass the check digit), and nothing says which. Neither is reported, except that
    // a long code (EAN-13, UPC-A) wins over a short one read from a piece of it.
    static bool contested(const Group& g, const std::vector<Group>& all) {
        if (!isEanUpc(g.detection.format)) {
            return false;
        }
        cv::Rect2f mine = area(g.detection);
        for (const auto& o : all) {
            if (&o == &g || !isEanUpc(o.detection.format) || o.detection.text == g.detection.text ||
                (mine & area(o.detection)).area() <= 0) {
                continue;
            }
            // A short code overlapping a long one is a piece of it: only the short one goes.
            if (isLongEanUpc(g.detection.format) && !isLongEanUpc(o.detection.format)) {
                continue;
            }
            return true;
        }
        return false;
    }

    std::vector<Detection> assemble() const {
        std::vector<Detection> out;
        auto all = groups();
        for (const auto& g : all) {
            if (!options_.exhaustive && (!accepted(g) || contested(g, all))) {
                continue;
            }
            Detection d = g.detection;
            if (const std::string* addOn = confirmedAddOn(g)) {
                d.text += " " + *addOn;
            }
            d.confidence = std::min(100, 50 * g.support);
            out.push_back(std::move(d));
        }
        return out;
    }

    StrategyOptions options_;
    std::vector<Read> reads_;
    double cpuStart_ = 0;
    std::vector<Box> boxes_;
    bool boxesDone_ = false;
    double budgetMs_ = 0;
    cv::Ptr<cv::CLAHE> clahe_ = cv::createCLAHE(2.0, cv::Size(8, 8));
    cv::barcode::BarcodeDetector detector_;
};

}  // namespace

std::unique_ptr<FrameDecoder> makeStrategyDecoder(StrategyOptions options) {
    return std::make_unique<StrategyDecoder>(options);
}

}  // namespace kiosk::vision
