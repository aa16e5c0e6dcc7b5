// Finds 1D barcodes at any angle by gradient analysis: bars give strong gradients that all
// point one way. ZXing-cpp 1.4.0 only scans rows and columns, so a code tilted by 30-60
// degrees is missed until it is cut out and turned upright.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace kiosk::vision {

struct Box {
    cv::Point2f centre;  // frame coordinates
    float width = 0;     // across the bars (along the gradient), pixels
    float height = 0;    // along the bars
    float angle = 0;     // degrees; rotating the frame by this (cv::getRotationMatrix2D)
                         // makes the bars vertical
};

// Up to `maxBoxes` candidate regions, most promising first.
std::vector<Box> localiseLinearCodes(const cv::Mat& gray, int maxBoxes);

}  // namespace kiosk::vision
