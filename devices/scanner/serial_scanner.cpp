#include "devices/scanner/serial_scanner.hpp"

#include <chrono>

namespace kiosk::devices {

void SerialScanner::take(std::string_view bytes) {
    for (char c : bytes) {
        if (c == '\r' || c == '\n') {
            if (overflow_)
                ++dropped_;
            else if (!line_.empty())
                ready_.push_back(splitAim(line_));
            line_.clear();
            overflow_ = false;
            continue;
        }
        if (line_.size() >= kMaxScanLength) {
            overflow_ = true;
            continue;
        }
        line_ += c;
    }
}

Result<std::optional<HandScan>> SerialScanner::next(Millis timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout);
    for (;;) {
        if (!ready_.empty()) {
            HandScan s = std::move(ready_.front());
            ready_.pop_front();
            return std::optional<HandScan>(std::move(s));
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return std::optional<HandScan>();
        uint8_t buf[512];
        auto n = link_->readSome(buf, left);
        if (!n)
            return n.error();
        take({reinterpret_cast<const char*>(buf), *n});
    }
}

}  // namespace kiosk::devices
