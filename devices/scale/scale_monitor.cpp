#include "devices/scale/scale_monitor.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace kiosk::devices {
namespace {

Timestamp wallNow() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

ScaleMonitor::ScaleMonitor(std::string address, ScaleConnector connect, ScaleMonitorOptions options,
                           Callbacks callbacks)
    : address_(std::move(address)),
      connect_(std::move(connect)),
      options_(options),
      callbacks_(std::move(callbacks)) {
    health_.device = "scale";
    health_.address = address_;
    health_.state = DeviceState::Connecting;
    health_.since = wallNow();
}

ScaleMonitor::~ScaleMonitor() {
    stop();
}

void ScaleMonitor::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void ScaleMonitor::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

DeviceHealth ScaleMonitor::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

std::optional<ScaleUpdate> ScaleMonitor::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void ScaleMonitor::request(Command command) {
    {
        std::lock_guard lock(mutex_);
        commands_.push_back(command);
    }
    wake_.notify_all();
}

bool ScaleMonitor::waitFor(Millis ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms),
                   [this] { return stopping_ || !commands_.empty(); });
    return !stopping_;
}

void ScaleMonitor::setHealth(DeviceState state, const std::string& error) {
    DeviceHealth copy;
    {
        std::lock_guard lock(mutex_);
        DeviceHealth next = health_;
        if (next.state != state) {
            next.state = state;
            next.since = wallNow();
        }
        if (!error.empty() && error != next.lastError) {
            next.lastError = error;
            next.lastErrorAt = wallNow();
        }
        if (latest_ && latest_->reading.state == WeightState::Stable)
            next.lastWeightGrams = latest_->reading.grams;
        if (next == health_)
            return;
        health_ = next;
        copy = next;
    }
    if (callbacks_.onHealth)
        callbacks_.onHealth(copy);
}

void ScaleMonitor::publish(const WeightReading& reading) {
    ScaleUpdate update;
    update.reading = reading;
    update.prices = pricesItem(reading, options_.limits);
    update.advice = adviceFor(reading, options_.limits);
    update.at = wallNow();
    {
        std::lock_guard lock(mutex_);
        if (latest_ && latest_->reading == reading)
            return;
        latest_ = update;
    }
    if (callbacks_.onReading)
        callbacks_.onReading(update);
}

void ScaleMonitor::run() {
    std::unique_ptr<Scale> scale;
    Millis backoff = options_.backoffMin;
    bool everConnected = false;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
        }
        if (!scale) {
            auto opened = connect_();
            if (!opened) {
                setHealth(DeviceState::Disconnected, opened.error().message);
                if (!waitFor(backoff))
                    return;
                backoff = std::min(backoff * 2, options_.backoffMax);
                continue;
            }
            scale = std::move(*opened);
            backoff = options_.backoffMin;
            if (everConnected) {
                std::lock_guard lock(mutex_);
                ++health_.reconnects;
            }
            everConnected = true;
            spdlog::info("scale: connected, {}", scale->describe());
        }

        std::deque<Command> commands;
        {
            std::lock_guard lock(mutex_);
            commands.swap(commands_);
        }
        for (Command c : commands) {
            auto done = c == Command::Zero   ? scale->zero()
                        : c == Command::Tare ? scale->tare()
                                             : scale->clearTare();
            if (!done) {
                spdlog::warn("scale: {}", done.error().message);
                setHealth(health().state, done.error().message);
            }
        }

        auto reading = scale->read();
        if (!reading) {
            const Error& e = reading.error();
            if (e.code == ErrorCode::Corrupt) {
                // Keep the line: one bad reply (noise, a half frame) is no reason to reopen.
                setHealth(DeviceState::Fault, e.message);
            } else {
                spdlog::warn("scale: {}", e.message);
                scale.reset();
                publish(WeightReading{WeightState::Error, 0, false, "the scale is disconnected"});
                setHealth(DeviceState::Disconnected, e.message);
                if (!waitFor(backoff))
                    return;
                continue;
            }
        } else {
            publish(*reading);
            const WeightState s = reading->state;
            setHealth(s == WeightState::Error          ? DeviceState::Fault
                      : s == WeightState::OverCapacity ? DeviceState::Warning
                                                       : DeviceState::Ready,
                      s == WeightState::Error ? reading->detail : std::string());
        }
        if (!waitFor(options_.pollInterval))
            return;
    }
}

}  // namespace kiosk::devices
