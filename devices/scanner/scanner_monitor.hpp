// Reads a hand scanner on its own thread, reconnecting with backoff after an unplug, and
// reports scans and health through callbacks (called on that thread: post them to the app).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "devices/common/health.hpp"
#include "devices/scanner/hand_scanner.hpp"

namespace kiosk::devices {

using HandScannerConnector = std::function<Result<std::unique_ptr<HandScanner>>()>;

struct ScannerMonitorOptions {
    Millis backoffMin = 250;
    Millis backoffMax = 5'000;
    Millis readSlice = 200;  // how often the thread looks up from reading to check for stop
};

class ScannerMonitor {
  public:
    struct Callbacks {
        std::function<void(const HandScan&)> onScan;
        std::function<void(const DeviceHealth&)> onHealth;
    };
    ScannerMonitor(std::string address, HandScannerConnector connect, ScannerMonitorOptions options,
                   Callbacks callbacks);
    ~ScannerMonitor();
    ScannerMonitor(const ScannerMonitor&) = delete;
    ScannerMonitor& operator=(const ScannerMonitor&) = delete;

    void start();
    void stop();
    DeviceHealth health() const;
    int64_t scans() const;

  private:
    void run();
    void setHealth(DeviceState state, const std::string& error);
    bool waitFor(Millis ms);

    const std::string address_;
    HandScannerConnector connect_;
    const ScannerMonitorOptions options_;
    Callbacks callbacks_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    DeviceHealth health_;
    int64_t scans_ = 0;
    std::thread thread_;
};

}  // namespace kiosk::devices
