#include "devices/scanner/scanner_monitor.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace kiosk::devices {
namespace {

Timestamp wallNow() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

ScannerMonitor::ScannerMonitor(std::string address, HandScannerConnector connect,
                               ScannerMonitorOptions options, Callbacks callbacks)
    : address_(std::move(address)),
      connect_(std::move(connect)),
      options_(options),
      callbacks_(std::move(callbacks)) {
    health_.device = "hand_scanner";
    health_.address = address_;
    health_.state = DeviceState::Connecting;
    health_.since = wallNow();
}

ScannerMonitor::~ScannerMonitor() {
    stop();
}

void ScannerMonitor::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void ScannerMonitor::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

DeviceHealth ScannerMonitor::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

int64_t ScannerMonitor::scans() const {
    std::lock_guard lock(mutex_);
    return scans_;
}

bool ScannerMonitor::waitFor(Millis ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
    return !stopping_;
}

void ScannerMonitor::setHealth(DeviceState state, const std::string& error) {
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
        if (next == health_)
            return;
        health_ = next;
        copy = next;
    }
    if (callbacks_.onHealth)
        callbacks_.onHealth(copy);
}

void ScannerMonitor::run() {
    std::unique_ptr<HandScanner> scanner;
    Millis backoff = options_.backoffMin;
    bool everConnected = false;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
        }
        if (!scanner) {
            auto opened = connect_();
            if (!opened) {
                setHealth(DeviceState::Disconnected, opened.error().message);
                if (!waitFor(backoff))
                    return;
                backoff = std::min(backoff * 2, options_.backoffMax);
                continue;
            }
            scanner = std::move(*opened);
            backoff = options_.backoffMin;
            if (everConnected) {
                std::lock_guard lock(mutex_);
                ++health_.reconnects;
            }
            everConnected = true;
            spdlog::info("hand scanner: connected, {}", scanner->describe());
            setHealth(DeviceState::Ready, "");
        }
        auto scan = scanner->next(options_.readSlice);
        if (!scan) {
            spdlog::warn("hand scanner: {}", scan.error().message);
            scanner.reset();
            setHealth(DeviceState::Disconnected, scan.error().message);
            if (!waitFor(backoff))
                return;
            continue;
        }
        if (*scan) {
            {
                std::lock_guard lock(mutex_);
                ++scans_;
            }
            // The scanned text is not logged: a loyalty card or a coupon may be personal.
            if (callbacks_.onScan)
                callbacks_.onScan(**scan);
        }
    }
}

}  // namespace kiosk::devices
