// ZXing-cpp called the plain way, all formats and default hints: the baseline the strategy is
// measured against, and (multi-symbol ReadBarcodes) a decoder that really aborts on some
// images, with which the tests show that DecoderProcess survives a dying decoder.
#pragma once

#include <memory>

#include "vision/decode/frame.hpp"

namespace kiosk::vision {

enum class PlainZxing {
    Single,  // ZXing::ReadBarcode
    Multi,   // ZXing::ReadBarcodes: aborts (assertion) on many DataBar images in 1.4.0
};

std::unique_ptr<FrameDecoder> makePlainZxingDecoder(PlainZxing mode);

}  // namespace kiosk::vision
