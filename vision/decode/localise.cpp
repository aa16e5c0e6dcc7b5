#include "vision/decode/localise.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace kiosk::vision {

namespace {

constexpr int kCell = 8;            // pixels per analysis cell (in the working image)
constexpr int kWorkSide = 480;      // larger frames are analysed downscaled
constexpr float kCoherence = 0.6f;  // 0: gradients in every direction, 1: all parallel

}  // namespace

std::vector<Box> localiseLinearCodes(const cv::Mat& gray, int maxBoxes) {
    std::vector<Box> boxes;
    double f = std::min(1.0, double(kWorkSide) / std::max(gray.cols, gray.rows));
    cv::Mat work;
    if (f < 1.0) {
        cv::resize(gray, work, cv::Size(), f, f, cv::INTER_AREA);
    } else {
        work = gray;
    }
    int cw = work.cols / kCell;
    int ch = work.rows / kCell;
    if (cw < 3 || ch < 3) {
        return boxes;
    }
    cv::Mat gx, gy;
    cv::Sobel(work, gx, CV_32F, 1, 0, 3);
    cv::Sobel(work, gy, CV_32F, 0, 1, 3);
    cv::Mat jxx = gx.mul(gx);
    cv::Mat jyy = gy.mul(gy);
    cv::Mat jxy = gx.mul(gy);
    cv::Rect used(0, 0, cw * kCell, ch * kCell);
    cv::Mat cxx, cyy, cxy;
    cv::resize(jxx(used), cxx, cv::Size(cw, ch), 0, 0, cv::INTER_AREA);
    cv::resize(jyy(used), cyy, cv::Size(cw, ch), 0, 0, cv::INTER_AREA);
    cv::resize(jxy(used), cxy, cv::Size(cw, ch), 0, 0, cv::INTER_AREA);

    cv::Mat energy = cxx + cyy;
    double maxEnergy = 0;
    cv::minMaxLoc(energy, nullptr, &maxEnergy);
    float threshold = static_cast<float>(std::max(300.0, 0.04 * maxEnergy));
    cv::Mat mask(ch, cw, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < ch; ++y) {
        for (int x = 0; x < cw; ++x) {
            float a = cxx.at<float>(y, x);
            float b = cyy.at<float>(y, x);
            float c = cxy.at<float>(y, x);
            float e = a + b;
            if (e < threshold) {
                continue;
            }
            float coh = std::sqrt((a - b) * (a - b) + 4 * c * c) / e;
            if (coh > kCoherence) {
                mask.at<uint8_t>(y, x) = 255;
            }
        }
    }
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    cv::Mat labels, stats, centroids;
    int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);

    struct Candidate {
        Box box;
        double score;
    };
    std::vector<Candidate> candidates;
    for (int label = 1; label < n; ++label) {
        int area = stats.at<int>(label, cv::CC_STAT_AREA);
        if (area < 4) {
            continue;
        }
        double sxx = 0, syy = 0, sxy = 0;
        std::vector<cv::Point2f> pts;
        for (int y = stats.at<int>(label, cv::CC_STAT_TOP);
             y < stats.at<int>(label, cv::CC_STAT_TOP) + stats.at<int>(label, cv::CC_STAT_HEIGHT);
             ++y) {
            for (int x = stats.at<int>(label, cv::CC_STAT_LEFT);
                 x <
                 stats.at<int>(label, cv::CC_STAT_LEFT) + stats.at<int>(label, cv::CC_STAT_WIDTH);
                 ++x) {
                if (labels.at<int>(y, x) != label) {
                    continue;
                }
                sxx += cxx.at<float>(y, x);
                syy += cyy.at<float>(y, x);
                sxy += cxy.at<float>(y, x);
                pts.emplace_back((x + 0.5f) * kCell / static_cast<float>(f),
                                 (y + 0.5f) * kCell / static_cast<float>(f));
            }
        }
        double e = sxx + syy;
        double coherence = std::sqrt((sxx - syy) * (sxx - syy) + 4 * sxy * sxy) / (e + 1e-9);
        if (coherence < 0.5) {
            continue;  // several directions: text, a QR code, clutter
        }
        double theta = 0.5 * std::atan2(2 * sxy, sxx - syy);  // gradient direction
        double c = std::cos(theta);
        double s = std::sin(theta);
        float minU = 1e9f, maxU = -1e9f, minV = 1e9f, maxV = -1e9f;
        for (const auto& p : pts) {
            float u = static_cast<float>(p.x * c + p.y * s);
            float v = static_cast<float>(-p.x * s + p.y * c);
            minU = std::min(minU, u);
            maxU = std::max(maxU, u);
            minV = std::min(minV, v);
            maxV = std::max(maxV, v);
        }
        float cell = kCell / static_cast<float>(f);
        float across = maxU - minU + cell;
        float along = maxV - minV + cell;
        if (across < 3 * cell) {
            continue;
        }
        float cu = (minU + maxU) / 2;
        float cv = (minV + maxV) / 2;
        Box box;
        box.centre =
            cv::Point2f(static_cast<float>(cu * c - cv * s), static_cast<float>(cu * s + cv * c));
        box.width = across;
        box.height = along;
        box.angle = static_cast<float>(theta * 180.0 / CV_PI);
        candidates.push_back({box, area * coherence});
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    for (const auto& cand : candidates) {
        if (static_cast<int>(boxes.size()) >= maxBoxes) {
            break;
        }
        boxes.push_back(cand.box);
    }
    return boxes;
}

}  // namespace kiosk::vision
