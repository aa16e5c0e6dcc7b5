// The receipt printer and its cash drawer as the kiosk app sees them. Calls are synchronous
// and bounded by the configured timeouts: the app calls them from a worker thread, never the
// UI thread. health() may be called from any thread at any time.
//
//   auto printer = makePrinter(config.devicesSection("printer"), cli.printerUrl);
//   Receipt r{sale, storeName, utcOffsetMinutes};
//   auto digital = (*printer)->saveDigital(r);     // HTML + PNG, sets r.digitalUrl
//   PrintOutcome o = (*printer)->print(r);          // o.printed(), o.result, o.message
//   if (!o.printed()) offer digital->url as a QR on screen; (*printer)->reprint() later.
//   (*printer)->printSlip(Slip{storeName, {"Code"}, "12345678", {"Total ..."}, qrPayload});
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "devices/common/health.hpp"
#include "devices/printer/code_page.hpp"
#include "devices/printer/receipt_job.hpp"
#include "kiosk/config/section.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices::printer {

// [devices.printer] in the kiosk's TOML file.
struct PrinterOptions {
    std::string url = "sim";  // "sim" | tcp://host:9100 | usb:///dev/usb/lp0 |
                              // serial:///dev/ttyS0?baud=19200 | file:///path/job.bin
    int columns = 48;         // 48 (80 mm paper) or 32 (58 mm)
    CodePage codePage = CodePage::Pc858;
    int drawerPin = 2;  // 2 or 5
    int drawerOnMs = 100;
    int drawerOffMs = 200;
    std::string receiptsDir = "receipts";  // digital receipts (<id>.html, <id>.png)
    std::string receiptBaseUrl = "http://localhost:8080/receipts";
    std::string logo;  // optional PNG printed above the header (thresholded, fitted)
    Millis connectTimeoutMs = 2000;
    Millis statusTimeoutMs = 1000;
    Millis writeTimeoutMs = 10000;
    // Ask DLE EOT status before and after each job on transports that can answer; off for a
    // printer (or print server) that does not answer, then outcomes are PrintedUnchecked.
    bool askStatus = true;
    std::string simOut = "printer-sim";  // url "sim": where the built-in simulator writes paper
};

// Reads and validates the section (nullptr = all defaults); `overrideUrl` (kasir --printer
// URL) replaces `url` when not empty. Errors are "FILE:LINE: devices.printer.KEY: ...".
Result<PrinterOptions> printerOptions(const config::Section* devicesPrinter,
                                      std::string_view overrideUrl = {});

struct PrinterStatus {
    bool online = true;
    bool coverOpen = false;
    bool drawerOpen = false;  // drawer sensor (connector pin 3) reads "open"
    bool error = false;       // mechanical / auto-cutter / unrecoverable error
    PaperLevel paper = PaperLevel::Unknown;
    friend bool operator==(const PrinterStatus&, const PrinterStatus&) = default;
};

enum class PrintResult {
    Printed,           // the job went out and the printer reports paper
    PrintedPaperLow,   // printed; paper near end: warn the attendant
    PrintedUnchecked,  // written to a transport that cannot answer (file, write-only USB)
    RefusedPaperOut,   // nothing sent; receipt kept for reprint
    RefusedCoverOpen,  // nothing sent; kept
    RefusedOffline,    // printer reports offline or an error; kept
    Failed,            // unreachable, link lost mid-job, or paper ran out during the job; kept
};
const char* toString(PrintResult r);

struct PrintOutcome {
    PrintResult result = PrintResult::Failed;
    std::string message;  // for the attendant, plain words
    bool keptForReprint = false;
    std::optional<PrinterStatus> status;  // last status read, when the transport answers
    bool printed() const {
        return result == PrintResult::Printed || result == PrintResult::PrintedPaperLow ||
               result == PrintResult::PrintedUnchecked;
    }
};

struct DigitalReceipt {
    std::string id;   // 22 url-safe characters, 128 random bits
    std::string url;  // receiptBaseUrl + "/" + id + ".html"
    std::string htmlPath;
    std::string pngPath;
};

class ReceiptPrinter {
  public:
    virtual ~ReceiptPrinter() = default;
    // Asks status first where the transport answers, then prints; never throws. A receipt that
    // did not come out is kept: reprint() tries it again.
    virtual PrintOutcome print(const Receipt& receipt) = 0;
    // The receipt kept by the latest print that did not come out; printing other receipts
    // meanwhile does not drop it.
    virtual PrintOutcome reprint() = 0;
    virtual bool hasReprint() const = 0;
    // A slip (the suspended transaction's code): the same status checks, timeouts and
    // outcomes as print(), but nothing is kept for reprint (keptForReprint stays false): the
    // caller still has what it asked to print.
    virtual PrintOutcome printSlip(const Slip& slip) = 0;
    virtual Result<PrinterStatus> status() = 0;
    // ESC p with the configured pin and pulse; the drawer state follows from status().
    virtual Result<void> kickDrawer() = 0;
    virtual DeviceHealth health() const = 0;
    // Writes the digital receipt (HTML and PNG) and sets receipt.digitalUrl to its URL.
    virtual Result<DigitalReceipt> saveDigital(Receipt& receipt) = 0;
    virtual const PrinterOptions& options() const = 0;
};

// What the kiosk does for "print my receipt": the digital receipt first (so its QR code is on
// the paper and the screen can offer it if the paper does not come out), then the print.
// A digital receipt that cannot be written (disk full) does not stop the print: the paper
// then has no QR code and `digitalError` says why.
struct SaleReceipt {
    PrintOutcome outcome;
    std::optional<DigitalReceipt> digital;
    std::string digitalError;
};
SaleReceipt printSale(ReceiptPrinter& printer, const SaleRecord& sale, const std::string& storeName,
                      int utcOffsetMinutes);

// The ESC/POS printer for `devicesPrinter` ([devices.printer]); "sim" starts the built-in
// simulator on a free local port (paper written to sim_out). The printer connects on first
// use, so an unplugged printer does not stop the kiosk from starting.
Result<std::unique_ptr<ReceiptPrinter>> makePrinter(const config::Section* devicesPrinter,
                                                    std::string_view overrideUrl = {});
Result<std::unique_ptr<ReceiptPrinter>> makePrinter(const PrinterOptions& options);

}  // namespace kiosk::devices::printer
