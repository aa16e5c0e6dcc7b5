// ScanService with a scripted source and decoder: events, counters, preview, health, hints.
#include "vision/scan/scan_service.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace kiosk::vision {
namespace {

// Frames of 200x100, one every 33 ms; after `frames` it ends. Health can be scripted.
class ScriptedSource final : public FrameSource {
  public:
    explicit ScriptedSource(int frames, int disconnectAt = -1)
        : frames_(frames), disconnectAt_(disconnectAt) {
        health_.device = "camera";
        health_.address = "scripted";
        health_.state = devices::DeviceState::Ready;
    }
    ReadStatus read(SourceFrame& out) override {
        if (next_ == disconnectAt_ && !disconnected_) {
            disconnected_ = true;
            health_.state = devices::DeviceState::Disconnected;
            health_.lastError = "unplugged";
            return ReadStatus::Waiting;
        }
        health_.state = devices::DeviceState::Ready;
        if (next_ >= frames_)
            return ReadStatus::Ended;
        out.gray.width = 200;
        out.gray.height = 100;
        out.gray.pixels.assign(200 * 100, static_cast<uint8_t>(next_));
        out.gray.index = next_;
        out.gray.capturedAt = next_ * 33;
        out.colorWidth = 200;
        out.colorHeight = 100;
        out.rgb.assign(200 * 100 * 3, 7);
        ++next_;
        ++stats_.frames;
        return ReadStatus::Frame;
    }
    devices::DeviceHealth health() const override { return health_; }
    const SourceStats& stats() const override { return stats_; }
    std::string describe() const override { return "scripted"; }

  private:
    int64_t frames_;
    int64_t disconnectAt_;
    bool disconnected_ = false;
    int64_t next_ = 0;
    devices::DeviceHealth health_;
    SourceStats stats_;
};

// Frame i decodes to script[i] (empty: nothing); records the hints it was given.
struct Script {
    std::vector<std::string> texts;
    std::vector<int> crashAt;
    std::vector<DecodeHints> hints;
};

class ScriptedDecoder final : public FrameDecoder {
  public:
    explicit ScriptedDecoder(Script* s) : s_(s) {}
    DecodeResult decode(const GrayFrame& frame, const DecodeHints& hints) override {
        s_->hints.push_back(hints);
        DecodeResult r;
        const auto i = static_cast<size_t>(frame.index);
        if (std::find(s_->crashAt.begin(), s_->crashAt.end(), frame.index) != s_->crashAt.end()) {
            r.crashed = true;
            r.error = "worker died (signal 6)";
            return r;
        }
        if (i < s_->texts.size() && !s_->texts[i].empty()) {
            Detection d;
            d.text = s_->texts[i];
            d.format = d.text.size() == 13 ? "EAN-13" : "QRCode";
            d.symbologyId = d.text.size() == 13 ? "]E0" : "]Q1";
            d.corners = {PointF{40, 20}, PointF{160, 20}, PointF{160, 80}, PointF{40, 80}};
            d.confidence = 90;
            r.detections.push_back(d);
        }
        r.ms = 1.5;
        return r;
    }

  private:
    Script* s_;
};

struct Collected {
    std::mutex mutex;
    std::vector<ScanEvent> events;
    std::vector<devices::DeviceHealth> health;
};

std::unique_ptr<ScanService> makeService(int frames, Script* script, Collected* out,
                                         ScanServiceOptions options = {}, int disconnectAt = -1) {
    return std::make_unique<ScanService>(
        std::make_unique<ScriptedSource>(frames, disconnectAt),
        std::make_unique<ScriptedDecoder>(script), options,
        [out](ScanEvent e) {
            std::lock_guard lock(out->mutex);
            out->events.push_back(std::move(e));
        },
        [out](const devices::DeviceHealth& h) {
            std::lock_guard lock(out->mutex);
            out->health.push_back(h);
        });
}

const std::string A = "5901234123457";
const std::string B = "4006381333931";

TEST(ScanService, PostsOneInterpretedEventPerItem) {
    Script s;
    for (int i = 0; i < 10; ++i)
        s.texts.push_back(A);
    for (int i = 0; i < 40; ++i)
        s.texts.push_back("");
    for (int i = 0; i < 10; ++i)
        s.texts.push_back(B);
    Collected c;
    auto svc = makeService(60, &s, &c);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    ASSERT_EQ(c.events.size(), 2u);
    const ScanEvent& a = c.events[0];
    EXPECT_EQ(a.text, A);
    EXPECT_EQ(a.symbologyId, "]E0");
    ASSERT_TRUE(a.code.has_value()) << a.error;
    EXPECT_EQ(a.code->kind, ScanKind::Gtin);
    EXPECT_EQ(a.code->gtin14, "0" + A);
    EXPECT_EQ(a.agreeingFrames, 2);
    EXPECT_EQ(a.frameIndex, 1);
    EXPECT_EQ(a.firstSeenAt, 0);
    EXPECT_EQ(a.agreementMs, 33);
    EXPECT_EQ(a.confidence, 90);
    EXPECT_DOUBLE_EQ(a.decodeMs, 1.5);
    EXPECT_GE(a.acceptMs, a.waitMs);
    EXPECT_EQ(c.events[1].code->gtin14, "0" + B);
    const ScanCounters k = svc->counters();
    EXPECT_EQ(k.frames, 60u);
    EXPECT_EQ(k.decoded, 20u);
    EXPECT_EQ(k.accepted, 2u);
    EXPECT_EQ(k.refused, 0u);
}

TEST(ScanService, RefusedReadsCarryThePlainWordsError) {
    Script s;
    s.texts = {"5901234123458", "5901234123458", "5901234123458"};
    Collected c;
    auto svc = makeService(3, &s, &c);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_FALSE(c.events[0].code.has_value());
    EXPECT_NE(c.events[0].error.find("check digit"), std::string::npos);
    EXPECT_EQ(svc->counters().refused, 1u);
}

TEST(ScanService, DecoderCrashesAreCountedAndScanningGoesOn) {
    Script s;
    s.texts = {"", "", A, A, A};
    s.crashAt = {0, 1};
    Collected c;
    auto svc = makeService(5, &s, &c);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    EXPECT_EQ(svc->counters().decoderCrashes, 2u);
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].text, A);
}

TEST(ScanService, DecoderCrashesWhileAnItemIsHeldDoNotScanItTwice) {
    // A code that makes the decoder die now and then: the frames it crashed on say nothing
    // about whether the item left, so a run of them longer than the absence window must not
    // turn the same item, still held up, into a second scan.
    Script s;
    for (int i = 0; i < 60; ++i)
        s.texts.push_back(A);
    for (int i = 4; i < 50; ++i)  // 46 frames of 33 ms: 1.5 s
        s.crashAt.push_back(i);
    Collected c;
    auto svc = makeService(60, &s, &c);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    EXPECT_EQ(svc->counters().decoderCrashes, 46u);
    EXPECT_EQ(c.events.size(), 1u);
}

TEST(ScanService, PassesTheLastCodesBoxAsRoi) {
    Script s;
    s.texts = {"", A, "", "", "", "", "", "", ""};
    Collected c;
    ScanServiceOptions o;
    o.roiFrames = 3;
    auto svc = makeService(9, &s, &c, o);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    ASSERT_EQ(s.hints.size(), 9u);
    EXPECT_FALSE(s.hints[0].roi);
    EXPECT_FALSE(s.hints[1].roi);
    ASSERT_TRUE(s.hints[2].roi);
    EXPECT_EQ(s.hints[2].roi->x, 40);
    EXPECT_EQ(s.hints[2].roi->y, 20);
    EXPECT_EQ(s.hints[2].roi->width, 120);
    EXPECT_EQ(s.hints[2].roi->height, 60);
    EXPECT_TRUE(s.hints[4].roi);
    EXPECT_FALSE(s.hints[5].roi) << "a stale box is dropped after roiFrames";
}

TEST(ScanService, PreviewIsDownscaledWithOutlineAndScanArea) {
    Script s;
    s.texts = {A};
    Collected c;
    ScanServiceOptions o;
    o.previewWidth = 100;
    auto svc = makeService(1, &s, &c, o);
    EXPECT_FALSE(svc->latestPreview());
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    auto p = svc->latestPreview();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->width, 100);
    EXPECT_EQ(p->height, 50);
    EXPECT_EQ(p->rgb.size(), 100u * 50u * 3u);
    EXPECT_EQ(p->rgb[0], 7);
    ASSERT_EQ(p->outlines.size(), 1u);
    EXPECT_FLOAT_EQ(p->outlines[0][1].x, 80);
    EXPECT_FLOAT_EQ(p->outlines[0][2].y, 40);
    EXPECT_EQ(p->scanArea.x, 20);
    EXPECT_EQ(p->scanArea.width, 60);
    EXPECT_EQ(p->sequence, svc->previewSequence());
}

TEST(ScanService, ReportsCameraStateChanges) {
    Script s;
    Collected c;
    auto svc = makeService(5, &s, &c, {}, 2);
    svc->start();
    ASSERT_TRUE(svc->waitUntilEnded(std::chrono::seconds(20)));
    svc->stop();
    std::vector<devices::DeviceState> states;
    for (const auto& h : c.health)
        states.push_back(h.state);
    EXPECT_EQ(states, (std::vector<devices::DeviceState>{devices::DeviceState::Ready,
                                                         devices::DeviceState::Disconnected,
                                                         devices::DeviceState::Ready}));
    EXPECT_EQ(c.health[1].lastError, "unplugged");
    EXPECT_EQ(svc->cameraHealth().state, devices::DeviceState::Ready);
}

TEST(ScanService, ShowNeedsAStillSource) {
    Script s;
    Collected c;
    auto svc = makeService(1, &s, &c);
    auto r = svc->show(std::string("item.png"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
}

TEST(ScanService, StopWithoutStartAndTwiceIsHarmless) {
    Script s;
    Collected c;
    auto svc = makeService(1000000, &s, &c);
    svc->stop();
    svc->start();
    svc->start();
    svc->stop();
    svc->stop();
    EXPECT_FALSE(svc->running());
}

}  // namespace
}  // namespace kiosk::vision
