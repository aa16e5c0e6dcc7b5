// Which device stands behind each port, from [devices.*] and the command line: the real
// driver where one is configured and built, a labelled stand-in otherwise. This file is the
// one place that knows the device folders.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kiosk/app/ports.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::app {

struct DeviceRequest {
    const config::Config* config = nullptr;
    std::string configDir;  // relative paths in [devices.*] (receipts_dir, folder: cameras)
    bool demo = false;
    bool bench = false;       // a synthetic camera that the benchmark feeds
    std::string terminalUrl;  // command-line overrides; empty: the config's
    std::string printerUrl;
    std::string scaleUrl;
    std::string handScannerUrl;
    std::string cameraSource;
    Wake wake;
};

class SyntheticCamera;
class ChildProcess;

struct DevicePorts {
    DevicePorts();
    DevicePorts(DevicePorts&&) noexcept;
    DevicePorts& operator=(DevicePorts&&) noexcept;
    ~DevicePorts();

    // The demo's simulator processes; declared first so they outlive the drivers using them.
    std::vector<std::unique_ptr<ChildProcess>> simulators;
    std::unique_ptr<PaymentPort> payment;
    std::unique_ptr<PrinterPort> printer;
    std::unique_ptr<ScalePort> scale;
    std::unique_ptr<CameraPort> camera;
    std::unique_ptr<HandScannerPort> handScanner;  // null: none configured
    SyntheticCamera* synthetic = nullptr;          // set in bench mode
    // Start-up payment resolution: sales the terminal says were paid (their restored cart is
    // completed at once) and anything unresolved (staff must look before a shopper is served).
    std::vector<std::string> paidSales;
    std::string unresolvedPayments;
    void setBenchFrame(const PreviewFrame& frame);
};

Result<DevicePorts> makeDevicePorts(const DeviceRequest& request);

}  // namespace kiosk::app
