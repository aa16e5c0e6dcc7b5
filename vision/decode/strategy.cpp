#include "vision/decode/strategy.hpp"

#include <ZXing/ReadBarcode.h>

#include <chrono>
#include <exception>
#include <string>

#include <spdlog/spdlog.h>

#include "vision/decode/gtin_check.hpp"

namespace kiosk::vision {

namespace {

constexpr ZXing::BarcodeFormats kRetailFormats =
    ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::UPCA |
    ZXing::BarcodeFormat::UPCE | ZXing::BarcodeFormat::DataBar |
    ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::Code128 |
    ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix;

class StrategyDecoder final : public FrameDecoder {
  public:
    explicit StrategyDecoder(StrategyOptions options) : options_(options) {}

    DecodeResult decode(const GrayFrame& frame, const DecodeHints& hints) override {
        auto start = std::chrono::steady_clock::now();
        DecodeResult result;
        if (frame.width <= 0 || frame.height <= 0) {
            result.error = "bad frame: zero size";
            return result;
        }
        if (frame.pixels.size() != static_cast<std::size_t>(frame.width) * frame.height) {
            result.error = "bad frame: " + std::to_string(frame.pixels.size()) + " bytes for " +
                           std::to_string(frame.width) + "x" + std::to_string(frame.height);
            return result;
        }
        ZXing::ImageView image(frame.pixels.data(), frame.width, frame.height,
                               ZXing::ImageFormat::Lum);
        ZXing::DecodeHints zx;
        zx.setFormats(kRetailFormats)
            .setTryHarder(hints.tryHarder)
            .setTryRotate(hints.tryHarder)
            .setEanAddOnSymbol(options_.readAddOns ? ZXing::EanAddOnSymbol::Read
                                                   : ZXing::EanAddOnSymbol::Ignore);
        try {
            for (const auto& r : ZXing::ReadBarcodes(image, zx)) {
                Detection d;
                d.format = ZXing::ToString(r.format());
                d.text = r.text();
                if (!hasValidCheckDigits(d.format, d.text)) {
                    continue;
                }
                d.symbologyId = r.symbologyIdentifier();
                const auto& p = r.position();
                for (int i = 0; i < 4; ++i) {
                    d.corners[i] = {static_cast<float>(p[i].x), static_cast<float>(p[i].y)};
                }
                d.confidence = 50;
                d.pass = "zxing";
                result.detections.push_back(std::move(d));
            }
        } catch (const std::exception& e) {
            result.error = std::string("decoder exception: ") + e.what();
        } catch (...) {
            result.error = "decoder exception";
        }
        result.ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return result;
    }

  private:
    StrategyOptions options_;
};

}  // namespace

std::unique_ptr<FrameDecoder> makeStrategyDecoder(StrategyOptions options) {
    return std::make_unique<StrategyDecoder>(options);
}

}  // namespace kiosk::vision
