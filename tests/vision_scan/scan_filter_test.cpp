// ScanFilter over scripted timelines: agreement, one scan per presence, absence, new codes.
#include "vision/scan/scan_filter.hpp"

#include <gtest/gtest.h>

namespace kiosk::vision {
namespace {

Detection det(const std::string& text, const std::string& format = "EAN-13") {
    Detection d;
    d.text = text;
    d.format = format;
    return d;
}

// Feeds frames every `stepMs` ms; frame i shows the codes timeline[i] ("" = nothing).
// Returns the accepted texts in order.
std::vector<std::string> run(ScanFilter& f, const std::vector<std::vector<std::string>>& timeline,
                             Millis stepMs = 33) {
    std::vector<std::string> out;
    Timestamp t = 0;
    for (const auto& codes : timeline) {
        std::vector<Detection> ds;
        for (const auto& c : codes)
            ds.push_back(det(c));
        for (const auto& hit : f.update(t, ds))
            out.push_back(hit.detection.text);
        t += stepMs;
    }
    return out;
}

std::vector<std::vector<std::string>> repeat(const std::string& code, int n) {
    return std::vector<std::vector<std::string>>(
        static_cast<size_t>(n),
        code.empty() ? std::vector<std::string>{} : std::vector<std::string>{code});
}

std::vector<std::vector<std::string>> concat(
    std::initializer_list<std::vector<std::vector<std::string>>> parts) {
    std::vector<std::vector<std::string>> all;
    for (const auto& p : parts)
        all.insert(all.end(), p.begin(), p.end());
    return all;
}

const std::string A = "5901234123457";
const std::string B = "4006381333931";

TEST(ScanFilter, ItemHeldStillIsOneScan) {
    ScanFilter f({2, 700, 1000});
    EXPECT_EQ(run(f, repeat(A, 300)), std::vector<std::string>{A});
}

TEST(ScanFilter, NeedsAgreementAcrossFrames) {
    ScanFilter f({3, 700, 1000});
    auto out = run(f, concat({repeat(A, 2), repeat("", 40)}));
    EXPECT_TRUE(out.empty()) << "two reads of three required";
    ScanFilter g({3, 700, 1000});
    EXPECT_EQ(run(g, concat({repeat(A, 1), repeat("", 2), repeat(A, 2)})),
              std::vector<std::string>{A})
        << "reads need not be consecutive frames, only within the window";
}

TEST(ScanFilter, LoneMisreadsNeverBecomeScans) {
    ScanFilter f({2, 300, 1000});
    // One read every 400 ms: never two inside the 300 ms agreement window.
    std::vector<std::vector<std::string>> tl;
    for (int i = 0; i < 20; ++i) {
        tl.push_back({A});
        for (int k = 0; k < 11; ++k)
            tl.push_back({});
    }
    EXPECT_TRUE(run(f, tl).empty());
}

TEST(ScanFilter, ShortDropoutsDoNotRescan) {
    ScanFilter f({2, 700, 1000});
    // Held, lost for ~0.5 s (hand moved, glare), held again: still one item.
    auto out = run(
        f, concat({repeat(A, 10), repeat("", 15), repeat(A, 10), repeat("", 20), repeat(A, 10)}));
    EXPECT_EQ(out, std::vector<std::string>{A});
}

TEST(ScanFilter, SameProductAfterLeavingIsASecondScan) {
    ScanFilter f({2, 700, 1000});
    auto out = run(f, concat({repeat(A, 10), repeat("", 40), repeat(A, 10)}));  // 1.3 s away
    EXPECT_EQ(out, (std::vector<std::string>{A, A}));
}

TEST(ScanFilter, AbsenceWindowIsConfigurable) {
    ScanFilter shortWindow({2, 700, 300});
    EXPECT_EQ(run(shortWindow, concat({repeat(A, 5), repeat("", 15), repeat(A, 5)})).size(), 2u);
    ScanFilter longWindow({2, 700, 3000});
    EXPECT_EQ(run(longWindow, concat({repeat(A, 5), repeat("", 60), repeat(A, 5)})).size(), 1u);
}

TEST(ScanFilter, DifferentCodeIsANewScanAtOnce) {
    ScanFilter f({2, 700, 1000});
    auto out = run(f, concat({repeat(A, 10), repeat(B, 2)}));
    EXPECT_EQ(out, (std::vector<std::string>{A, B}));
}

TEST(ScanFilter, TwoCodesInViewAreTwoScansOnce) {
    ScanFilter f({2, 700, 1000});
    std::vector<std::vector<std::string>> tl(50, std::vector<std::string>{A, B});
    EXPECT_EQ(run(f, tl), (std::vector<std::string>{A, B}));
    // Flickering between the two (one read per frame each in turn) is still one each.
    ScanFilter g({2, 700, 1000});
    std::vector<std::vector<std::string>> flicker;
    for (int i = 0; i < 60; ++i)
        flicker.push_back({i % 2 ? A : B});
    EXPECT_EQ(run(g, flicker), (std::vector<std::string>{B, A}));
}

TEST(ScanFilter, DuplicatesInOneFrameCountOnce) {
    ScanFilter f({2, 700, 1000});
    std::vector<std::vector<std::string>> tl{{A, A}};
    EXPECT_TRUE(run(f, tl).empty());
}

TEST(ScanFilter, AgreeOneAcceptsAtFirstRead) {
    ScanFilter f({1, 700, 1000});
    auto out = run(f, repeat(A, 1));
    EXPECT_EQ(out, std::vector<std::string>{A});
}

TEST(ScanFilter, GtinFormsShareAKey) {
    EXPECT_EQ(ScanFilter::keyOf(det("036000291452", "UPC-A")),
              ScanFilter::keyOf(det("0036000291452", "EAN-13")));
    EXPECT_NE(ScanFilter::keyOf(det("ABC", "QRCode")), ScanFilter::keyOf(det("ABC", "Code128")));
    EXPECT_EQ(ScanFilter::keyOf(det("04252614", "UPC-E")),
              ScanFilter::keyOf(det("042100005264", "UPC-A")));
    EXPECT_NE(ScanFilter::keyOf(det("4006381333931")), ScanFilter::keyOf(det("5901234123457")));
}

// One physical item must be one scan even when its codes are read in different forms.
TEST(ScanFilter, AnAddOnReadInSomeFramesOnlyIsOneScan) {
    // The strategy reports a periodical's add-on only when two reads agree, the main code
    // alone otherwise: the frames of one magazine alternate between the two texts.
    ScanFilter f({2, 700, 1000});
    std::vector<std::vector<std::string>> tl;
    for (int i = 0; i < 60; ++i)
        tl.push_back({i % 3 == 0 ? "9771234567003" : "9771234567003 05"});
    EXPECT_EQ(run(f, tl).size(), 1u);
}

TEST(ScanFilter, A2dCodeWithTheSameGtinAsTheEanIsOneScan) {
    // Packs printed for GS1's 2D transition carry an EAN-13 and a GS1 DataMatrix or Digital
    // Link QR with the same GTIN (plus batch, expiry): both in view is still one item.
    ScanFilter f({2, 700, 1000});
    Timestamp t = 0;
    size_t scans = 0;
    for (int i = 0; i < 30; ++i, t += 33) {
        Detection dm =
            det("\x1d"
                "0105901234123457"
                "10ABC1\x1d"
                "17261231",
                "DataMatrix");
        dm.symbologyId = "]d2";
        Detection qr = det("https://id.example.com/01/05901234123457/10/ABC1", "QRCode");
        qr.symbologyId = "]Q1";
        std::vector<Detection> ds{det(A)};
        if (i % 2)
            ds.push_back(dm);
        else
            ds.push_back(qr);
        scans += f.update(t, ds).size();
    }
    EXPECT_EQ(scans, 1u);
}

TEST(ScanFilter, ReportsAgreementAndTimes) {
    ScanFilter f({3, 700, 1000});
    EXPECT_TRUE(f.update(100, {det(A)}).empty());
    EXPECT_TRUE(f.update(133, {det(A)}).empty());
    auto hits = f.update(166, {det(A)});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].agreeingFrames, 3);
    EXPECT_EQ(hits[0].firstSeen, 100);
    EXPECT_EQ(hits[0].acceptedAt, 166);
    EXPECT_EQ(hits[0].key, "0" + A);
}

TEST(ScanFilter, ClockSteppingBackDoesNotRescan) {
    ScanFilter f({2, 700, 1000});
    EXPECT_EQ(f.update(10'000, {det(A)}).size(), 0u);
    EXPECT_EQ(f.update(10'033, {det(A)}).size(), 1u);
    EXPECT_TRUE(f.update(9'000, {det(A)}).empty());  // wall clock stepped back a second
    EXPECT_TRUE(f.update(10'100, {det(A)}).empty());
}

TEST(ScanFilter, AStallWhileTheItemIsHeldIsNotASecondScan) {
    // The scan thread stalled (decoder restarting, CPU starved) for longer than the absence
    // window while the item stayed in view: time alone must not call that a departure, or the
    // item is charged twice.
    ScanFilter f({2, 700, 1000});
    size_t scans = 0;
    for (Timestamp t : {0, 33, 66, 99, 1600, 1633, 1666, 3200, 3233})
        scans += f.update(t, {det(A)}).size();
    EXPECT_EQ(scans, 1u);
    // Leaving for real is still seen: frames without it for longer than the window.
    for (Timestamp t = 3266; t < 4600; t += 33)
        scans += f.update(t, {}).size();
    for (Timestamp t = 4600; t < 4700; t += 33)
        scans += f.update(t, {det(A)}).size();
    EXPECT_EQ(scans, 2u);
}

TEST(ScanFilter, ResetForgetsCodesInView) {
    ScanFilter f({2, 700, 1000});
    EXPECT_EQ(run(f, repeat(A, 5)).size(), 1u);
    f.reset();
    EXPECT_EQ(f.tracked(), 0u);
    EXPECT_EQ(run(f, repeat(A, 5)).size(), 1u);
}

}  // namespace
}  // namespace kiosk::vision
