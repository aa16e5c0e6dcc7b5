#include "devices/scanner/scanner_sim.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiosk::devices {

Result<std::unique_ptr<ScannerSimulator>> ScannerSimulator::start(Terminator terminator,
                                                                  std::string link) {
    std::unique_ptr<ScannerSimulator> sim(new ScannerSimulator(terminator, std::move(link)));
    if (auto p = sim->plug(); !p)
        return p.error();
    return sim;
}

ScannerSimulator::~ScannerSimulator() {
    if (!link_.empty())
        ::unlink(link_.c_str());
}

Result<void> ScannerSimulator::plug() {
    auto pty = Pty::open();
    if (!pty)
        return pty.error();
    std::lock_guard lock(mutex_);
    pty_ = std::move(*pty);
    if (!link_.empty())
        return replaceSymlink(pty_.slavePath(), link_);
    return {};
}

void ScannerSimulator::unplug() {
    std::lock_guard lock(mutex_);
    pty_.close();
    if (!link_.empty())
        ::unlink(link_.c_str());
}

std::string ScannerSimulator::path() const {
    std::lock_guard lock(mutex_);
    return link_.empty() ? pty_.slavePath() : link_;
}

std::string ScannerSimulator::url() const {
    return "serial://" + path() + "?baud=9600";
}

Result<void> ScannerSimulator::scan(const std::string& raw) {
    std::string bytes = raw;
    bytes += terminator_ == Terminator::Lf ? "\n" : terminator_ == Terminator::Cr ? "\r" : "\r\n";
    std::lock_guard lock(mutex_);
    if (!pty_.isOpen())
        return makeError(ErrorCode::Io, "scanner simulator: unplugged");
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::write(pty_.master(), bytes.data() + sent, bytes.size() - sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            ::usleep(1000);
            continue;
        }
        if (n <= 0)
            return makeError(ErrorCode::Io,
                             std::string("scanner simulator: write: ") + std::strerror(errno));
        sent += static_cast<size_t>(n);
    }
    return {};
}

Result<std::vector<input_event>> keystrokesFor(const std::string& raw, KeyLayout layout,
                                               int64_t startUs, int64_t keyGapUs) {
    std::vector<input_event> out;
    int64_t t = startUs;
    auto push = [&](uint16_t type, uint16_t code, int32_t value) {
        input_event e{};
        e.input_event_sec = static_cast<decltype(e.input_event_sec)>(t / 1'000'000);
        e.input_event_usec = static_cast<decltype(e.input_event_usec)>(t % 1'000'000);
        e.type = type;
        e.code = code;
        e.value = value;
        out.push_back(e);
    };
    auto key = [&](int code, int32_t value) {
        push(EV_MSC, MSC_SCAN, 0x70000 + code);  // the HID usage the kernel reports first
        push(EV_KEY, static_cast<uint16_t>(code), value);
        push(EV_SYN, SYN_REPORT, 0);
        t += keyGapUs;
    };
    static constexpr int kKeypad[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                      KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 1 && u < 0x20) {
            // Control characters (GS for GS1) as Alt + three keypad digits, layout-proof.
            key(KEY_LEFTALT, 1);
            for (int d : {u / 100, u / 10 % 10, u % 10}) {
                key(kKeypad[d], 1);
                key(kKeypad[d], 0);
            }
            key(KEY_LEFTALT, 0);
            continue;
        }
        auto stroke = strokeFor(layout, c);
        if (!stroke)
            return makeError(ErrorCode::InvalidArgument,
                             std::string("the ") + toString(layout) +
                                 " layout cannot type character " +
                                 std::to_string(static_cast<unsigned char>(c)));
        const int modifier = stroke->shift ? KEY_LEFTSHIFT : stroke->altGr ? KEY_RIGHTALT : 0;
        if (modifier)
            key(modifier, 1);
        key(stroke->code, 1);
        key(stroke->code, 0);
        if (modifier)
            key(modifier, 0);
    }
    key(KEY_ENTER, 1);
    key(KEY_ENTER, 0);
    return out;
}

}  // namespace kiosk::devices
