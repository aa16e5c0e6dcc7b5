// Camera-like frames for the benchmark: codes (ZXing-written or cut from the real photos)
// pasted onto a cluttered background with perspective, tilt, blur, noise and uneven light,
// in short sequences where the code drifts a little from frame to frame, as when an item is
// held in front of the camera. Deterministic for a given seed.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace kiosk::vision::bench {

struct SynthFrame {
    cv::Mat gray;
    std::string format;        // manifest format of the pasted code; empty: no code
    std::string expectedText;  // manifest-style expected text
    int sequence = 0;          // frames of one sequence show the same code
    bool firstOfSequence = false;
};

struct PasteSource {
    cv::Mat gray;
    std::string format;
    std::string expectedText;
};

// `photos`: real images to paste (may be empty). A tenth of the sequences show no code.
std::vector<SynthFrame> makeFrames(int width, int height, int count,
                                   const std::vector<PasteSource>& photos, unsigned seed = 7);

}  // namespace kiosk::vision::bench
