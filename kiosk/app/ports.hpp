// The app's device ports: what the executor needs from each device, nothing more. Each real
// driver (payment service, printer, scale, camera) plugs in behind one of these; until a real
// one is configured a clearly labelled stand-in does (stand_ins.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::app {

// Wakes the UI loop from any thread (SDL_PushEvent in the app). Ports call it whenever poll()
// has something new.
using Wake = std::function<void()>;

// Card payments. Final outcomes only (PaymentApproved, PaymentDeclined, PaymentCancelled,
// PaymentFailed), through poll() on the UI thread. Shaped like kiosk::payment::PaymentService.
class PaymentPort {
  public:
    virtual ~PaymentPort() = default;
    virtual void start(const StartPayment& command) = 0;
    virtual void abort(const std::string& saleUuid) = 0;
    virtual std::vector<Event> poll() = 0;
    virtual std::string status() const = 0;  // English, for the attendant and the log
    virtual std::string describe() const = 0;
};

// Receipt printer. Blocking: the executor calls it on its device thread.
struct ReceiptContext {
    std::string storeName;
    int utcOffsetMinutes = 0;
};
class PrinterPort {
  public:
    virtual ~PrinterPort() = default;
    virtual Result<void> print(const SaleRecord& sale, const ReceiptContext& context) = 0;
    virtual std::string describe() const = 0;
};

// Scale: RequestWeight -> WeightStable{grams} through poll() (or nothing while the item is
// not settled; the shopper can CancelWeighing).
class ScalePort {
  public:
    virtual ~ScalePort() = default;
    virtual void requestWeight(int64_t productId) = 0;
    virtual void cancel() = 0;
    virtual std::vector<Event> poll() = 0;
    virtual std::string describe() const = 0;
};

// A preview frame for the Shopping screen (RGB, packed).
struct PreviewFrame {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;
    std::vector<std::array<float, 8>> outlines;  // detected codes, in frame coordinates
    int64_t index = 0;
};

// Camera scanning: BarcodeScanned events and the latest preview frame.
class CameraPort {
  public:
    virtual ~CameraPort() = default;
    virtual std::vector<Event> poll() = 0;
    // Copies the newest frame into `out` when there is one newer than `out.index`.
    virtual bool latestFrame(PreviewFrame& out) = 0;
    // Scripts: from now on the camera sees this image ("" = nothing). Unsupported when the
    // camera cannot do it.
    virtual Result<void> show(const std::string& imagePath) = 0;
    virtual bool live() const = 0;  // frames keep coming: redraw at the camera's rate
    virtual std::string describe() const = 0;
};

}  // namespace kiosk::app
