// The in-process decoding strategy: ZXing-cpp restricted to retail formats, a cheap pass first
// and harder passes (rotation, upscaling, binarisations, localised tilted codes) only on a miss.
#pragma once

#include <memory>

#include "vision/decode/frame.hpp"

namespace kiosk::vision {

struct StrategyOptions {
    // Read EAN-2/EAN-5 add-ons after EAN-13/UPC-A (text becomes "main addon").
    bool readAddOns = true;
    // Use OpenCV's barcode detector to find tilted 1D codes when every axis-aligned pass fails.
    bool localiseTilted = true;
    // Stop after the first pass that yields a validated detection.
    bool stopAtFirst = true;
};

// Runs in the calling process: an abort inside ZXing 1.4.0 ends that process. The kiosk uses
// DecoderProcess (vision/worker/decoder_process.hpp), which runs this in a worker process.
// Not thread-safe: one decoder per thread.
std::unique_ptr<FrameDecoder> makeStrategyDecoder(StrategyOptions options = {});

}  // namespace kiosk::vision
