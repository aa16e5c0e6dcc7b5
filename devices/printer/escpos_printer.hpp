// ReceiptPrinter over ESC/POS on any ByteStream (TCP 9100, USB node, serial line, file).
// One job at a time; the link is opened on first use and again after any failure, so an
// unplugged printer comes back on the next print, status or drawer kick.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "devices/common/byte_stream.hpp"
#include "devices/printer/printer.hpp"

namespace kiosk::devices::printer {

class PrinterSimulator;

class EscPosPrinter final : public ReceiptPrinter {
  public:
    using Opener = std::function<Result<std::unique_ptr<ByteStream>>()>;
    // `opener` makes a fresh link each time one is needed.
    EscPosPrinter(PrinterOptions options, Opener opener);
    ~EscPosPrinter() override;

    PrintOutcome print(const Receipt& receipt) override;
    PrintOutcome reprint() override;
    bool hasReprint() const override;
    PrintOutcome printSlip(const Slip& slip) override;
    Result<PrinterStatus> status() override;
    Result<void> kickDrawer() override;
    DeviceHealth health() const override;
    Result<DigitalReceipt> saveDigital(Receipt& receipt) override;
    const PrinterOptions& options() const override { return options_; }

    // Keeps the in-process simulator of a "sim" printer alive as long as the printer.
    void own(std::shared_ptr<PrinterSimulator> sim) { sim_ = std::move(sim); }

  private:
    PrintOutcome printLocked(const Receipt& receipt);
    // One job: status before, the bytes, status after. `fail` makes the outcome of a job that
    // did not come out (a receipt is kept for reprint, a slip is not); `done` runs when it did.
    using FailJob =
        std::function<PrintOutcome(PrintResult, std::string, std::optional<PrinterStatus>)>;
    PrintOutcome runJob(const std::function<std::vector<uint8_t>()>& encode, const FailJob& fail,
                        const std::function<void()>& done);
    void forget(const Receipt& printed);
    Result<ByteStream*> link();
    void dropLink(const Error& why);
    Result<uint8_t> ask(StatusQuery q);
    Result<PrinterStatus> statusLocked();
    void noteStatus(const PrinterStatus& s);
    void setState(DeviceState state, const std::string& error = {});
    PrintOutcome keep(const Receipt& receipt, PrintResult result, std::string message,
                      std::optional<PrinterStatus> status);

    PrinterOptions options_;
    Opener opener_;
    std::shared_ptr<PrinterSimulator> sim_;

    mutable std::mutex jobMutex_;  // one job or query at a time
    std::unique_ptr<ByteStream> stream_;
    bool hadLink_ = false;
    bool lostLink_ = false;
    std::optional<Receipt> pending_;

    mutable std::mutex healthMutex_;
    DeviceHealth health_;
};

// Decodes a DLE EOT answer into `status` (false when the byte is not a status answer).
bool applyStatusByte(StatusQuery q, uint8_t byte, PrinterStatus& status);

}  // namespace kiosk::devices::printer
