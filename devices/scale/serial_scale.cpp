#include "devices/scale/serial_scale.hpp"

#include <thread>

namespace kiosk::devices {
namespace {

bool isScannerLabel(const std::string& frame) {
    // A Magellan scanner-scale sends barcodes on the same line as `S08...`; they are not
    // replies to a weight request.
    return frame.size() >= 3 && frame[0] == 'S' && frame[1] == '0';
}

}  // namespace

SerialOptions defaultSerialOptions(ScaleProtocol) {
    return SerialOptions{9600, Parity::Even, 7, 1, true};
}

SerialScale::SerialScale(std::unique_ptr<ByteStream> link, SerialScaleOptions options)
    : link_(std::move(link)), options_(options), framer_(options.protocol) {}

std::string SerialScale::describe() const {
    return std::string(toString(options_.protocol)) + " scale on " + link_->describe();
}

Result<void> SerialScale::send(std::string_view command) {
    // A reply that came after we gave up waiting must not answer this command (it may be the
    // previous item's weight). After a timeout, wait out one more reply time for it.
    uint8_t stale[256];
    const auto drainUntil = std::chrono::steady_clock::now() +
                            std::chrono::milliseconds(timedOut_ ? options_.replyTimeout : 0);
    timedOut_ = false;
    for (int i = 0; i < 1024; ++i) {  // bounded: a flood of noise must not stall us for ever
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              drainUntil - std::chrono::steady_clock::now())
                              .count();
        auto n = link_->readSome(stale, std::max<int64_t>(left, 0));
        if (!n)
            return n.error();
        if (*n == 0 && left <= 0)
            break;
    }
    framer_.clear();
    const auto gap = std::chrono::milliseconds(options_.commandGap);
    const auto earliest = lastCommand_ + gap;
    const auto now = std::chrono::steady_clock::now();
    if (now < earliest)
        std::this_thread::sleep_for(earliest - now);
    lastCommand_ = std::chrono::steady_clock::now();
    return link_->writeAll({reinterpret_cast<const uint8_t*>(command.data()), command.size()},
                           1000);
}

Result<std::string> SerialScale::awaitFrame() {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.replyTimeout);
    for (;;) {
        while (auto frame = framer_.next()) {
            if (options_.protocol == ScaleProtocol::DatalogicSci && isScannerLabel(*frame))
                continue;
            return *frame;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            timedOut_ = true;
            return makeError(ErrorCode::Io, "the scale does not answer (" +
                                                std::to_string(options_.replyTimeout) + " ms) on " +
                                                link_->describe());
        }
        uint8_t buf[128];
        auto n = link_->readSome(buf, left);
        if (!n)
            return n.error();
        framer_.feed({reinterpret_cast<const char*>(buf), *n});
    }
}

Result<WeightReading> SerialScale::read() {
    const bool sci = options_.protocol == ScaleProtocol::DatalogicSci;
    // SCI: the monitor command, because S11 stays silent until the weight is stable.
    if (auto sent = send(sci ? "S14\r" : "W"); !sent)
        return sent.error();
    auto frame = awaitFrame();
    if (!frame)
        return frame.error();
    return sci ? sci::parseReply(*frame) : t8217::parseReply(*frame);
}

Result<void> SerialScale::statusCommand(std::string_view command, const char* what) {
    if (options_.protocol != ScaleProtocol::Toledo8217)
        return makeError(ErrorCode::Unsupported, std::string("this scale cannot ") + what +
                                                     " from the kiosk: use the scale's own key");
    if (auto sent = send(command); !sent)
        return sent.error();
    auto frame = awaitFrame();
    if (!frame)
        return frame.error();
    auto status = t8217::parseStatus(*frame);
    if (!status)
        return status.error();
    if (*status & (t8217::kMotion | t8217::kOutsideZeroRange | t8217::kOverCapacity)) {
        const WeightReading why = t8217::readingFromStatus(*status);
        return makeError(ErrorCode::Conflict,
                         std::string("the scale did not ") + what + ": " +
                             (why.state == WeightState::Error ? why.detail : toString(why.state)));
    }
    return {};
}

Result<void> SerialScale::zero() {
    return statusCommand("Z", "zero");
}
Result<void> SerialScale::tare() {
    return statusCommand("T", "tare");
}
Result<void> SerialScale::clearTare() {
    return statusCommand("C", "clear the tare");
}

}  // namespace kiosk::devices
