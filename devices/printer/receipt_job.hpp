// A receipt as the printer prints it: the shared layout (kiosk::receiptLayout) in the
// printer's code page, styled, followed by the digital receipt's QR code, a Code 128 of the
// receipt number and a cut. The digital receipt's PNG decodes these same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/printer/code_page.hpp"
#include "devices/printer/escpos.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::devices::printer {

struct Receipt {
    SaleRecord sale;
    std::string storeName;
    int utcOffsetMinutes = 0;
    std::string digitalUrl;  // the QR code's payload; empty prints no QR code
    Bitmap logo;             // printed above the header when not empty
};

struct JobOptions {
    int columns = 48;
    CodePage codePage = CodePage::Pc858;
    bool cut = true;
};

// The layout lines as the printer will show them (text already transliterated to the page).
std::vector<ReceiptLine> printedLayout(const Receipt& receipt, const JobOptions& options);
// The ESC/POS bytes of the whole job.
std::vector<uint8_t> encodeReceipt(const Receipt& receipt, const JobOptions& options);
// A short job that is not a sale (the suspended transaction's slip): the title on top (bold,
// centred), text lines, one line in double width and height, more text lines, an optional QR
// code, then a cut. Lines longer than the paper are word-wrapped to it.
struct Slip {
    std::string title;
    std::vector<std::string> lines;  // between the title and the big line
    std::string big;                 // double width and height; empty prints none
    std::vector<std::string> after;  // under the big line
    std::string qr;                  // the QR code's payload; empty prints no QR code
};
// The slip's text as the paper shows it, one entry a printed line: the big line is wrapped to
// half the columns; text already transliterated to the page.
std::vector<std::string> slipLines(const Slip& slip, const JobOptions& options);
std::vector<uint8_t> encodeSlip(const Slip& slip, const JobOptions& options);

// The text a receipt's Code 128 carries: "<kiosk>-<receipt no>" (printable ASCII), or the
// receipt number alone when that would not fit the paper width.
std::string receiptBarcodeText(const SaleRecord& sale, int columns);

}  // namespace kiosk::devices::printer
