// Stand-ins for devices whose real driver is not configured. Each one says what it is in
// describe() and in the log at start-up; none of them pretends to be a device protocol.
#pragma once

#include <memory>
#include <string>

#include "kiosk/app/ports.hpp"

namespace kiosk::app {

// NOT a payment terminal: an in-process stand-in that answers StartPayment after a short
// delay. `faults`: "" approves; "decline-first" declines the first attempt of each sale, then
// approves; "decline" always declines; "unavailable" fails every request. Only for scripted
// tests of the screens and for builds without the payment service; the demo uses the real
// nexo terminal simulator.
std::unique_ptr<PaymentPort> makeStandInPayment(std::string faults, Millis delay, Wake wake);

// NOT a printer: writes the receipt text to the log (and to `file` when not empty).
std::unique_ptr<PrinterPort> makeLogPrinter(std::string file);

// NOT a scale: answers every weight request with `grams` after `delay`.
std::unique_ptr<ScalePort> makeStandInScale(int64_t grams, Millis delay, Wake wake);

// No camera: no frames, no scans; `show` is Unsupported with a message saying so.
std::unique_ptr<CameraPort> makeNoCamera(std::string why);

}  // namespace kiosk::app
