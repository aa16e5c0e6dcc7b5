// Which device stands behind each port, from [devices.*] and the command line: the real
// driver where one is configured and built, a labelled stand-in otherwise. This file is the
// one place that knows the device folders.
#pragma once

#include <memory>
#include <string>

#include "kiosk/app/ports.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::app {

struct DeviceRequest {
    const config::Config* config = nullptr;
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

struct DevicePorts {
    std::unique_ptr<PaymentPort> payment;
    std::unique_ptr<PrinterPort> printer;
    std::unique_ptr<ScalePort> scale;
    std::unique_ptr<CameraPort> camera;
    SyntheticCamera* synthetic = nullptr;  // set in bench mode
    void setBenchFrame(const PreviewFrame& frame);
};

Result<DevicePorts> makeDevicePorts(const DeviceRequest& request);

}  // namespace kiosk::app
