// A scale on the far end of a pseudo-terminal, speaking 8217 or SCI, for tests, the demo and
// kasir-scale-sim. It follows a script of weights and faults, one step per weight request,
// and can be steered live (set, unplug).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "devices/common/pty.hpp"
#include "devices/scale/scale_protocol.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

struct ScaleSimStep {
    enum class Kind {
        Weight,      // a settled load of `grams` (gross; zero and tare apply)
        Motion,      // the load is moving
        Over,        // over capacity
        Under,       // under zero
        ZeroError,   // outside the zero range (8217) / cannot find zero (SCI)
        Slow,        // a settled load of `grams`, answered `ms` late (after the driver gave up)
        Garbage,     // an unreadable reply
        Silent,      // no reply at all
        Disconnect,  // at the next request: unplug for `ms`, then plug in again (a new pty;
                     // the link follows)
    };
    Kind kind = Kind::Weight;
    int64_t grams = 0;
    int64_t polls = 0;  // weight requests this step lasts; 0 = for ever (ends the script)
    Millis ms = 0;      // Disconnect: how long the scale stays unplugged
    friend bool operator==(const ScaleSimStep&, const ScaleSimStep&) = default;
};

// One step per line or ';': "weight 1234 [polls]", "motion 3", "over 2", "under 2",
// "zero-error 1", "garbage 1", "silent 2", "slow 1234 400 [polls]" (grams, ms late),
// "disconnect 500" (ms). '#' starts a comment.
// Without a polls count a step lasts for ever. Errors name the step.
Result<std::vector<ScaleSimStep>> parseScaleScript(std::string_view text);

struct ScaleSimOptions {
    ScaleProtocol protocol = ScaleProtocol::Toledo8217;
    std::vector<ScaleSimStep> script{ScaleSimStep{}};
    std::string link;  // when set, a symlink kept pointing at the current pty
    int64_t capacityGrams = 15'000;
};

class ScaleSimulator {
  public:
    static Result<std::unique_ptr<ScaleSimulator>> start(ScaleSimOptions options);
    ~ScaleSimulator();
    ScaleSimulator(const ScaleSimulator&) = delete;
    ScaleSimulator& operator=(const ScaleSimulator&) = delete;

    // The path a driver opens: the link when there is one, else the current pty slave.
    std::string path() const;
    // "serial://PATH?baud=9600&parity=even&bits=7"
    std::string url() const;

    // Replaces the rest of the script with this one step (live control).
    void set(const ScaleSimStep& step);
    void setScript(std::vector<ScaleSimStep> script);
    // Unplugs now and plugs in again after `ms`.
    void unplug(Millis ms);

    int64_t requests() const { return requests_.load(); }  // weight requests answered or not
    int64_t zeroOffset() const;
    int64_t tare() const;

  private:
    explicit ScaleSimulator(ScaleSimOptions options) : options_(std::move(options)) {}
    void run();
    void handleCommand(std::string_view command);
    void reply(const std::string& bytes);
    ScaleSimStep currentStep();         // with mutex_ held
    void consumePoll();                 // with mutex_ held
    void closePty(Millis replugAfter);  // with mutex_ held
    Result<void> openPty();             // with mutex_ held

    ScaleSimOptions options_;
    mutable std::mutex mutex_;
    Pty pty_;
    std::string slavePath_;
    std::vector<ScaleSimStep> script_;
    size_t stepIndex_ = 0;
    int64_t stepPolls_ = 0;
    int64_t zeroOffset_ = 0;
    int64_t tare_ = 0;
    int64_t replugAt_ = 0;  // steady ms; 0 = plugged
    std::string pending_;   // SCI command bytes up to CR
    std::atomic<int64_t> requests_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace kiosk::devices
