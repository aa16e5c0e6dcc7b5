// The receipt's PNG (the simulator's paper and the digital receipt) and the suspend slip read back
// by the kiosk's own barcode decoder: the QR code carries the digital receipt URL and the Code 128
// the receipt reference. A wrong QR mask or Code 128 table would print codes nobody can scan.
#include <gtest/gtest.h>

#include "devices/printer/escpos_decoder.hpp"
#include "devices/printer/paper_render.hpp"
#include "devices/printer/receipt_job.hpp"
#include "tests/printer/printer_fixtures.hpp"
#include "vision/decode/strategy.hpp"

namespace kiosk::devices::printer {
namespace {

vision::GrayFrame frameOf(const GrayImage& img) {
    vision::GrayFrame f;
    f.width = img.width;
    f.height = img.height;
    f.pixels = img.pixels;
    return f;
}

// The part of the paper below the text: where the codes are.
GrayImage bottom(const GrayImage& img, int rows) {
    GrayImage out;
    out.width = img.width;
    out.height = std::min(rows, img.height);
    const auto start = img.pixels.end() - static_cast<std::ptrdiff_t>(out.width) * out.height;
    out.pixels.assign(start, img.pixels.end());
    return out;
}

TEST(PrintedCodes, TheSuspendSlipsQrScansBackToItsCode) {
    for (int columns : {48, 32}) {
        Slip slip;
        slip.title = "Toko";
        slip.lines = {"Saved shopping", "Code"};
        slip.big = "47110815";
        slip.after = {"Scan this slip at any kiosk to continue"};
        slip.qr = "KASIR-SUSPENDED:47110815";
        EscPosDecoder d;
        std::vector<DecoderEvent> events;
        d.feed(encodeSlip(slip, JobOptions{columns, CodePage::Pc858, true}), events);
        auto img = renderPaper(d.takePage(), RenderOptions{columns});
        ASSERT_TRUE(img.ok()) << img.error().message;
        auto decoder = vision::makeStrategyDecoder(vision::StrategyOptions{});
        const vision::DecodeResult res = decoder->decode(frameOf(*img), {});
        bool qr = false;
        for (const auto& det : res.detections)
            qr = qr || (det.format == "QRCode" && det.text == slip.qr);
        EXPECT_TRUE(qr) << columns << " columns";
    }
}

TEST(PrintedCodes, QrAndCode128OnThePaperScan) {
    for (int columns : {48, 32}) {
        Receipt r;
        r.sale = testing::thirtyLineSale();
        r.storeName = "Toko";
        r.digitalUrl = "https://receipts.example.com/r/Zb8Qm1x-KJ2_abcdEFGH12.html";
        const std::vector<uint8_t> bytes =
            encodeReceipt(r, JobOptions{columns, CodePage::Pc858, true});
        EscPosDecoder d;
        std::vector<DecoderEvent> events;
        d.feed(bytes, events);
        auto img = renderPaper(d.takePage(), RenderOptions{columns});
        ASSERT_TRUE(img.ok()) << img.error().message;
        // Every pass, every code: the kiosk's policy stops at the first accepted code, and
        // here both must be read.
        vision::StrategyOptions so;
        so.exhaustive = true;
        auto decoder = vision::makeStrategyDecoder(so);
        const vision::DecodeResult res = decoder->decode(frameOf(bottom(*img, 600)), {});
        bool qr = false, code128 = false;
        for (const auto& det : res.detections) {
            if (det.format == "QRCode")
                qr = qr || det.text == r.digitalUrl;
            if (det.format == "Code128")
                code128 = code128 || det.text == receiptBarcodeText(r.sale, columns);
        }
        EXPECT_TRUE(qr) << columns << " columns";
        EXPECT_TRUE(code128) << columns << " columns";
    }
}

}  // namespace
}  // namespace kiosk::devices::printer
