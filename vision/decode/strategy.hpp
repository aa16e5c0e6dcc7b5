// The in-process decoding strategy: ZXing-cpp restricted to retail formats, a cheap pass first
// and harder passes (rotation, upscaling, binarisations, localised tilted codes) only on a miss.
#pragma once

#include <memory>

#include "vision/decode/frame.hpp"

namespace kiosk::vision {

struct StrategyOptions {
    // Read EAN-2/EAN-5 add-ons after EAN-13/UPC-A (text becomes "main addon"). An add-on is
    // reported only when two passes read the same one; otherwise the main code alone.
    bool readAddOns = true;
    // Find tilted 1D codes by gradient analysis, turn them upright and decode the crop.
    bool localiseTilted = true;
    // Also ask OpenCV's barcode detector for boxes (slower; finds some codes ours misses).
    bool openCvDetector = true;
    // Frames larger than this (pixels) skip the whole-frame hard passes: their harder work
    // happens on localised crops, which keeps a 1280x720 frame within a camera frame time.
    int wholeFrameHardLimit = 640 * 480;
    // CPU time after which no further hard pass starts (the cheap passes always run). A
    // frame that needs more is better retried on the next camera frame.
    double budgetMs = 12.0;
    // The same for frames above wholeFrameHardLimit: a 30 fps camera leaves 33 ms per frame
    // and the kiosk's screen needs its share of the two cores.
    double frameBudgetMs = 6.0;
    // Run every pass and report what each found (pass names in Detection::pass). For
    // analysing the strategy only; the kiosk wants the first validated answer.
    bool exhaustive = false;
};

// Runs in the calling process: an abort inside ZXing 1.4.0 ends that process. The kiosk uses
// DecoderProcess (vision/worker/decoder_process.hpp), which runs this in a worker process.
// Not thread-safe: one decoder per thread. Sets OpenCV to one thread (a decoder gets a core).
//
// Detection::text: EAN/UPC digits as ZXing reads them (UPC-A 12, UPC-E 8 digits) with an
// add-on after a space; DataBar the GTIN-14; GS1 symbols (DataBar Expanded, GS1-128, GS1 QR
// and DataMatrix) the element string with GS (0x1D) separators; other symbols their text.
std::unique_ptr<FrameDecoder> makeStrategyDecoder(StrategyOptions options = {});

}  // namespace kiosk::vision
