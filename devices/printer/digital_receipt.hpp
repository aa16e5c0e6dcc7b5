// The digital receipt: the same receipt as a standalone HTML page (inline CSS, the QR code as
// inline SVG, no external assets) and a PNG of the paper, named by an unguessable id so the
// URL in the QR code cannot be guessed from a receipt number.
#pragma once

#include <string>

#include "devices/printer/printer.hpp"

namespace kiosk::devices::printer {

// 128 random bits (libsodium) as 22 url-safe base64 characters.
Result<std::string> newReceiptId();

// The HTML page for a receipt laid out at `columns` (its QR code carries receipt.digitalUrl).
std::string receiptHtml(const Receipt& receipt, int columns);

// Picks an id, sets receipt.digitalUrl = <baseUrl>/<id>.html, writes <dir>/<id>.html and
// <dir>/<id>.png (the printed bytes decoded and drawn), creating `dir` when needed. Files are
// written to a temporary name first and renamed, so a reader never sees half a receipt.
Result<DigitalReceipt> writeDigitalReceipt(Receipt& receipt, const PrinterOptions& options);

}  // namespace kiosk::devices::printer
