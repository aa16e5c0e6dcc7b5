#include "vision/decode/plain_zxing.hpp"

#include <ZXing/ReadBarcode.h>

#include <chrono>
#include <ctime>
#include <exception>

#include "vision/decode/gs1_text.hpp"

namespace kiosk::vision {

namespace {

double cpuNowMs() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

class PlainZxingDecoder final : public FrameDecoder {
  public:
    explicit PlainZxingDecoder(PlainZxing mode) : mode_(mode) {}

    DecodeResult decode(const GrayFrame& frame, const DecodeHints&) override {
        DecodeResult result;
        if (frame.width <= 0 || frame.height <= 0 ||
            frame.pixels.size() != static_cast<std::size_t>(frame.width) * frame.height) {
            result.error = "bad frame";
            return result;
        }
        auto start = std::chrono::steady_clock::now();
        double cpu = cpuNowMs();
        ZXing::ImageView view(frame.pixels.data(), frame.width, frame.height,
                              ZXing::ImageFormat::Lum);
        try {
            ZXing::Results found;
            if (mode_ == PlainZxing::Multi) {
                found = ZXing::ReadBarcodes(view);
            } else {
                found.push_back(ZXing::ReadBarcode(view));
            }
            for (const auto& r : found) {
                if (!r.isValid()) {
                    continue;
                }
                Detection d;
                d.format = ZXing::ToString(r.format());
                d.text = r.text();
                if (d.format == "DataBarExpanded") {
                    d.text = gs1HumanReadableToElementString(d.text).value_or(d.text);
                }
                d.symbologyId = r.symbologyIdentifier();
                const auto& p = r.position();
                for (int i = 0; i < 4; ++i) {
                    d.corners[i] = {static_cast<float>(p[i].x), static_cast<float>(p[i].y)};
                }
                d.confidence = 50;
                d.pass = mode_ == PlainZxing::Multi ? "zxing-multi" : "zxing-single";
                result.detections.push_back(std::move(d));
            }
        } catch (const std::exception& e) {
            result.error = std::string("decoder exception: ") + e.what();
        }
        result.cpuMs = cpuNowMs() - cpu;
        result.ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return result;
    }

  private:
    PlainZxing mode_;
};

}  // namespace

std::unique_ptr<FrameDecoder> makePlainZxingDecoder(PlainZxing mode) {
    return std::make_unique<PlainZxingDecoder>(mode);
}

}  // namespace kiosk::vision
