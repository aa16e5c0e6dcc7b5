#include "devices/scale/scale_sim.hpp"

#include <poll.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <thread>

namespace kiosk::devices {
namespace {

int64_t steadyMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        s = trim(s);
        const size_t sp = s.find_first_of(" \t");
        out.push_back(s.substr(0, sp));
        s = sp == std::string_view::npos ? std::string_view() : s.substr(sp);
        s = trim(s);
    }
    return out;
}

std::optional<int64_t> number(std::string_view w) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc() || p != w.data() + w.size() || v < 0)
        return std::nullopt;
    return v;
}

}  // namespace

Result<std::vector<ScaleSimStep>> parseScaleScript(std::string_view text) {
    using Kind = ScaleSimStep::Kind;
    std::vector<ScaleSimStep> steps;
    size_t lineNo = 0;
    while (!text.empty()) {
        const size_t end = text.find_first_of(";\n");
        std::string_view item = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++lineNo;
        if (size_t hash = item.find('#'); hash != std::string_view::npos)
            item = item.substr(0, hash);
        auto w = words(trim(item));
        if (w.empty())
            continue;
        auto bad = [&](const std::string& why) {
            return makeError(ErrorCode::InvalidArgument,
                             "scale script step " + std::to_string(lineNo) + " \"" +
                                 std::string(trim(item)) + "\": " + why);
        };
        ScaleSimStep step;
        const std::string_view verb = w[0];
        size_t countAt = 1;
        if (verb == "weight") {
            step.kind = Kind::Weight;
            if (w.size() < 2 || !number(w[1]))
                return bad("needs grams, e.g. \"weight 1234\"");
            step.grams = *number(w[1]);
            if (step.grams > 999'999)
                return bad("at most 999999 g");
            countAt = 2;
        } else if (verb == "slow") {
            step.kind = Kind::Slow;
            if (w.size() < 3 || !number(w[1]) || !number(w[2]))
                return bad("needs grams and milliseconds, e.g. \"slow 1234 400\"");
            step.grams = *number(w[1]);
            step.ms = *number(w[2]);
            if (step.grams > 999'999 || step.ms > 60'000)
                return bad("at most 999999 g and 60000 ms");
            countAt = 3;
        } else if (verb == "motion") {
            step.kind = Kind::Motion;
        } else if (verb == "over") {
            step.kind = Kind::Over;
        } else if (verb == "under") {
            step.kind = Kind::Under;
        } else if (verb == "zero-error") {
            step.kind = Kind::ZeroError;
        } else if (verb == "garbage") {
            step.kind = Kind::Garbage;
        } else if (verb == "silent") {
            step.kind = Kind::Silent;
        } else if (verb == "disconnect") {
            step.kind = Kind::Disconnect;
            if (w.size() != 2 || !number(w[1]))
                return bad("needs milliseconds, e.g. \"disconnect 500\"");
            step.ms = *number(w[1]);
            steps.push_back(step);
            continue;
        } else {
            return bad(
                "unknown step (weight, motion, over, under, zero-error, garbage, "
                "silent, disconnect)");
        }
        if (w.size() > countAt + 1)
            return bad("too many words");
        if (w.size() == countAt + 1) {
            auto n = number(w[countAt]);
            if (!n || *n == 0)
                return bad("the number of polls must be a positive number");
            step.polls = *n;
        }
        steps.push_back(step);
    }
    if (steps.empty())
        return makeError(ErrorCode::InvalidArgument, "scale script has no steps");
    return steps;
}

Result<std::unique_ptr<ScaleSimulator>> ScaleSimulator::start(ScaleSimOptions options) {
    if (options.script.empty())
        return makeError(ErrorCode::InvalidArgument, "scale simulator: empty script");
    std::unique_ptr<ScaleSimulator> sim(new ScaleSimulator(std::move(options)));
    {
        std::lock_guard lock(sim->mutex_);
        sim->script_ = sim->options_.script;
        if (auto opened = sim->openPty(); !opened)
            return opened.error();
    }
    sim->thread_ = std::thread([s = sim.get()] { s->run(); });
    return sim;
}

ScaleSimulator::~ScaleSimulator() {
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
    if (!options_.link.empty())
        ::unlink(options_.link.c_str());
}

Result<void> ScaleSimulator::openPty() {
    auto pty = Pty::open();
    if (!pty)
        return pty.error();
    pty_ = std::move(*pty);
    slavePath_ = pty_.slavePath();
    replugAt_ = 0;
    pending_.clear();
    if (!options_.link.empty())
        return replaceSymlink(slavePath_, options_.link);
    return {};
}

void ScaleSimulator::closePty(Millis replugAfter) {
    pty_.close();
    if (!options_.link.empty())
        ::unlink(options_.link.c_str());  // an unplugged USB adapter's node disappears
    replugAt_ = steadyMs() + replugAfter;
}

std::string ScaleSimulator::path() const {
    std::lock_guard lock(mutex_);
    return options_.link.empty() ? slavePath_ : options_.link;
}

std::string ScaleSimulator::url() const {
    return "serial://" + path() + "?baud=9600&parity=even&bits=7";
}

void ScaleSimulator::set(const ScaleSimStep& step) {
    setScript({step});
}

void ScaleSimulator::setScript(std::vector<ScaleSimStep> script) {
    if (script.empty())
        return;
    std::lock_guard lock(mutex_);
    script_ = std::move(script);
    stepIndex_ = 0;
    stepPolls_ = 0;
}

void ScaleSimulator::unplug(Millis ms) {
    std::lock_guard lock(mutex_);
    closePty(ms);
}

int64_t ScaleSimulator::zeroOffset() const {
    std::lock_guard lock(mutex_);
    return zeroOffset_;
}

int64_t ScaleSimulator::tare() const {
    std::lock_guard lock(mutex_);
    return tare_;
}

ScaleSimStep ScaleSimulator::currentStep() {
    return script_[stepIndex_];
}

void ScaleSimulator::consumePoll() {
    const ScaleSimStep& step = script_[stepIndex_];
    if (step.polls == 0)
        return;
    if (++stepPolls_ >= step.polls && stepIndex_ + 1 < script_.size()) {
        ++stepIndex_;
        stepPolls_ = 0;
    }
}

void ScaleSimulator::reply(const std::string& bytes) {
    if (pty_.isOpen())
        (void)!::write(pty_.master(), bytes.data(), bytes.size());
}

void ScaleSimulator::handleCommand(std::string_view command) {
    using Kind = ScaleSimStep::Kind;
    const bool sci = options_.protocol == ScaleProtocol::DatalogicSci;
    const bool weigh = sci ? (command == "S14" || command == "S11") : command == "W";
    const ScaleSimStep step = currentStep();
    const int64_t shown = step.grams - zeroOffset_ - tare_;

    WeightReading r{WeightState::Stable, shown, tare_ != 0, ""};
    uint8_t status = tare_ != 0 ? t8217::kNet : 0;
    switch (step.kind) {
        case Kind::Slow:
        case Kind::Weight:
            if (shown < 0) {
                r.state = WeightState::UnderZero;
                status |= t8217::kUnderZero;
            } else if (shown > options_.capacityGrams) {
                r.state = WeightState::OverCapacity;
                status |= t8217::kOverCapacity;
            } else if (shown == 0) {
                status |= t8217::kCenterOfZero;
            }
            break;
        case Kind::Motion:
            r.state = WeightState::Motion;
            status |= t8217::kMotion;
            break;
        case Kind::Over:
            r.state = WeightState::OverCapacity;
            status |= t8217::kOverCapacity;
            break;
        case Kind::Under:
            r.state = WeightState::UnderZero;
            status |= t8217::kUnderZero;
            break;
        case Kind::ZeroError:
            r.state = WeightState::Error;
            status |= t8217::kOutsideZeroRange;
            break;
        default:
            break;
    }

    if (weigh && step.kind == Kind::Disconnect) {
        // Pulled out just as the kiosk asks: the request goes unanswered, the line drops.
        ++requests_;
        if (stepIndex_ + 1 < script_.size())
            ++stepIndex_;
        stepPolls_ = 0;
        closePty(step.ms);
        return;
    }
    if (weigh) {
        ++requests_;
        consumePoll();
        if (step.kind == Kind::Silent)
            return;
        if (step.kind == Kind::Slow)
            std::this_thread::sleep_for(std::chrono::milliseconds(step.ms));
        if (step.kind == Kind::Garbage) {
            reply(sci ? std::string("S1\x7f?9\r")
                      : std::string("\x02"
                                    "0#.x\xff\r"));
            return;
        }
        if (sci) {
            if (command == "S11") {
                if (r.state == WeightState::Stable && r.grams > 0)
                    reply(sci::encodeStableWeight(r.grams));
            } else {
                reply(sci::encodeMonitor(r));
            }
        } else if (r.state == WeightState::Stable) {
            reply(t8217::encodeWeight(r.grams, r.net));
        } else {
            reply(t8217::encodeStatus(status));
        }
        return;
    }
    if (sci)
        return;  // SCI commands other than weight requests are not simulated
    const bool settled = step.kind == Kind::Weight && r.state != WeightState::Error;
    if (command == "Z") {
        if (settled && step.kind == Kind::Weight) {
            zeroOffset_ = step.grams - tare_;
            status = static_cast<uint8_t>((status & ~(t8217::kUnderZero | t8217::kOverCapacity)) |
                                          t8217::kCenterOfZero);
        }
        reply(t8217::encodeStatus(status));
    } else if (command == "T") {
        if (settled && shown > 0) {
            tare_ += shown;
            status = static_cast<uint8_t>(t8217::kNet | t8217::kCenterOfZero);
        }
        reply(t8217::encodeStatus(status));
    } else if (command == "C") {
        if (step.kind != Kind::Motion)
            tare_ = 0;
        reply(t8217::encodeStatus(static_cast<uint8_t>(status & ~t8217::kNet)));
    }
}

void ScaleSimulator::run() {
    while (!stop_) {
        int fd = -1;
        {
            std::lock_guard lock(mutex_);
            if (!pty_.isOpen()) {
                if (replugAt_ != 0 && steadyMs() >= replugAt_)
                    (void)openPty();
            }
            fd = pty_.isOpen() ? pty_.master() : -1;
        }
        if (fd < 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10) <= 0 || !(p.revents & POLLIN))
            continue;
        char buf[256];
        std::lock_guard lock(mutex_);
        if (!pty_.isOpen() || pty_.master() != fd)
            continue;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            continue;
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buf[i];
            if (options_.protocol == ScaleProtocol::Toledo8217) {
                if (c == 'W' || c == 'Z' || c == 'T' || c == 'C')
                    handleCommand(std::string_view(&c, 1));
            } else if (c == '\r') {
                handleCommand(pending_);
                pending_.clear();
            } else if (c != '\n' && pending_.size() < 32) {
                pending_ += c;
            }
        }
    }
}

}  // namespace kiosk::devices
