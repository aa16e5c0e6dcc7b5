// Synthetic camera scenes for demos and tests: catalogue barcodes rendered with ZXing's writer
// onto generated backgrounds with perspective, rotation, blur, noise, glare and motion.
// Deterministic from a seed.
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "vision/decode/frame.hpp"

namespace kiosk::vision::gen {

enum class Difficulty { Easy, Medium, Hard };

struct SceneOptions {
    int width = 1280;
    int height = 720;
    Difficulty difficulty = Difficulty::Medium;
};

// What to print: ZXing writer format name ("EAN-13", "EAN-8", "UPC-A", "QRCode", "Code128",
// "DataMatrix") and the text.
struct CodeSpec {
    std::string format;
    std::string text;
};

// The code for a catalogue GTIN: EAN-13, EAN-8 or UPC-A by length (a GTIN-14 with a leading 0
// as EAN-13); QR with a GS1 Digital Link when `digitalLink`. Error for other codes.
Result<CodeSpec> codeForGtin(const std::string& gtin, bool digitalLink);

// The code as a black-on-white label image (8-bit gray) with its quiet zone.
Result<cv::Mat> renderLabel(const CodeSpec& code, int moduleSize = 3);

// How the label sits in the frame; one per item, moved a little frame by frame.
struct Pose {
    cv::Point2f centre;
    float scale = 1;                    // label pixels -> frame pixels
    float angleDeg = 0;                 // in-plane rotation
    std::array<cv::Point2f, 4> skew{};  // perspective offsets of the corners, frame pixels
};

class SceneGenerator {
  public:
    SceneGenerator(SceneOptions options, uint64_t seed);

    // A background (texture, clutter, shelf-like shapes), new for each item.
    cv::Mat background();
    // A random pose for a label of this size, inside the frame.
    Pose pose(cv::Size label);
    // The pose a frame later: a small drift, as a hand holds an item.
    Pose drift(const Pose& p);
    // The frame: background + label at the pose + camera effects. `corners` receives the
    // label's corners in the frame (clockwise from top-left).
    cv::Mat compose(const cv::Mat& background, const cv::Mat& label, const Pose& p,
                    std::array<PointF, 4>* corners);
    // An empty scene (background + camera effects): nothing to read.
    cv::Mat empty(const cv::Mat& background);

  private:
    void cameraEffects(cv::Mat& frame);
    float uniform(float a, float b) { return std::uniform_real_distribution<float>(a, b)(rng_); }
    bool chance(float p) { return uniform(0, 1) < p; }

    SceneOptions options_;
    std::mt19937_64 rng_;
};

}  // namespace kiosk::vision::gen
