// The app's device ports: what the executor needs from each device, nothing more. Each real
// driver (payment service, printer, scale, camera) plugs in behind one of these; until a real
// one is configured a clearly labelled stand-in does (stand_ins.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/common/health.hpp"
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
    // What the shopper should read now, as a message id of the .po files
    // ("payment.stage.waiting", "payment.stage.checking", ...); empty: nothing live to say.
    virtual std::string stageId() const { return ""; }
    virtual std::string describe() const = 0;
    // For the attendant panel and the snapshot; stand-ins keep the default (absent).
    virtual devices::DeviceHealth deviceHealth() const { return {}; }
};

// Receipt printer. Blocking: the executor calls it on its device thread.
struct ReceiptContext {
    std::string storeName;
    int utcOffsetMinutes = 0;
};
// What came of "print my receipt": the paper, and the digital receipt written first (its QR
// code is on the paper, and the screen offers it when the paper did not come out).
struct DigitalReceiptFile {
    std::string url;       // what the QR code carries
    std::string htmlPath;  // the file behind it, under the printer's receipts folder
};
struct PrintReport {
    Result<void> printed;
    std::optional<DigitalReceiptFile> digital;  // none: no digital receipt was written
};
class PrinterPort {
  public:
    virtual ~PrinterPort() = default;
    virtual PrintReport print(const SaleRecord& sale, const ReceiptContext& context) = 0;
    // Writes the digital receipt (a file under the printer's receipts folder) and returns the
    // URL its QR code carries.
    virtual Result<DigitalReceiptFile> saveDigital(const SaleRecord&, const ReceiptContext&) {
        return makeError(ErrorCode::Unsupported, describe() + " makes no digital receipts");
    }
    virtual std::string describe() const = 0;
    virtual devices::DeviceHealth deviceHealth() const { return {}; }
    // Blocking, like print(): kicks the cash drawer, then reads status so the drawer sensor
    // shows in deviceHealth().
    virtual Result<void> kickDrawer() {
        return makeError(ErrorCode::Unsupported, "this printer has no cash drawer");
    }
    // Blocking: asks the printer's status so deviceHealth() is current.
    virtual void refresh() {}
    // Blocking: a slip for a suspended transaction (the store's name, the code large, the
    // total and `lines` items, and a QR code of formatSuspendSlip(code)). An error leaves the
    // code on screen for the shopper to write down; printers without slips keep this default.
    virtual Result<void> printSuspendSlip(const std::string& /*code*/, int64_t /*total*/,
                                          int64_t /*lines*/) {
        return makeError(ErrorCode::Unsupported,
                         describe() + " cannot print suspend slips (the code is on screen)");
    }
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
    virtual devices::DeviceHealth deviceHealth() const { return {}; }
    // What the shopper should be told about the latest reading: a devices::ScaleAdvice name
    // ("keep-still", "place-item", "too-heavy", "clear-scale", "call-attendant") or "".
    virtual std::string advice() const { return ""; }
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
    // A recorded feed (folder, video, no loop) has played out: the preview shows nothing.
    virtual bool ended() const { return false; }
    virtual std::string describe() const = 0;
    virtual devices::DeviceHealth deviceHealth() const { return {}; }
};

// Hand scanner (keyboard wedge or serial): BarcodeScanned events through poll(), the same
// events a camera scan makes, so the machine and the executor's interpretScan treat both alike.
class HandScannerPort {
  public:
    virtual ~HandScannerPort() = default;
    virtual std::vector<Event> poll() = 0;
    // Plain words for the attendant and the snapshot: "ready", "disconnected: ...".
    virtual std::string health() const = 0;
    virtual std::string state() const = 0;  // devices::DeviceState name
    // Scripts and the demo: the simulated scanner scans `raw` (AIM prefix included).
    // Unsupported when the scanner is a real one.
    virtual Result<void> simulateScan(const std::string& raw) = 0;
    virtual std::string describe() const = 0;
};

}  // namespace kiosk::app
