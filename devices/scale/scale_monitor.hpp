// Polls a scale on its own thread, reconnecting with backoff, and reports readings and health
// through callbacks. The app turns a reading that prices (pricesItem) into kiosk::WeightStable
// and shows the others to the shopper (adviceFor).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "devices/common/health.hpp"
#include "devices/scale/scale.hpp"

namespace kiosk::devices {

// Opens the scale (the serial line, or the built-in simulator); called again after a loss.
using ScaleConnector = std::function<Result<std::unique_ptr<Scale>>()>;

struct ScaleMonitorOptions {
    Millis pollInterval = 200;
    Millis backoffMin = 250;  // first retry after a loss; doubles up to backoffMax
    Millis backoffMax = 5'000;
    ScaleLimits limits;
};

struct ScaleUpdate {
    WeightReading reading;
    bool prices = false;  // pricesItem(reading, limits): send kiosk::WeightStable{grams}
    ScaleAdvice advice = ScaleAdvice::None;
    Timestamp at = 0;  // wall clock, ms
};

class ScaleMonitor {
  public:
    struct Callbacks {
        // Called on the monitor thread whenever the reading changes (state, grams or net);
        // a disconnected scale reads as WeightState::Error. Post it to the app's queue.
        std::function<void(const ScaleUpdate&)> onReading;
        // Called on the monitor thread whenever the health summary changes.
        std::function<void(const DeviceHealth&)> onHealth;
    };

    ScaleMonitor(std::string address, ScaleConnector connect, ScaleMonitorOptions options,
                 Callbacks callbacks);
    ~ScaleMonitor();  // stops and joins
    ScaleMonitor(const ScaleMonitor&) = delete;
    ScaleMonitor& operator=(const ScaleMonitor&) = delete;

    void start();
    void stop();

    DeviceHealth health() const;
    std::optional<ScaleUpdate> latest() const;

    // Queued to the monitor thread (the scale talks one command at a time); the outcome shows
    // in the health's lastError when the scale refuses.
    enum class Command { Zero, Tare, ClearTare };
    void request(Command command);

  private:
    void run();
    void setHealth(DeviceState state, const std::string& error);
    void publish(const WeightReading& reading);
    bool waitFor(Millis ms);  // false when stopping

    const std::string address_;
    ScaleConnector connect_;
    const ScaleMonitorOptions options_;
    Callbacks callbacks_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::deque<Command> commands_;
    DeviceHealth health_;
    std::optional<ScaleUpdate> latest_;
    std::thread thread_;
};

}  // namespace kiosk::devices
