#include "devices/printer/escpos_printer.hpp"

#include <spdlog/spdlog.h>
#include <stb_image.h>

#include <chrono>
#include <filesystem>

#include "devices/common/device_url.hpp"
#include "devices/common/file_stream.hpp"
#include "devices/common/serial_port.hpp"
#include "devices/common/tcp_stream.hpp"
#include "devices/common/usb_stream.hpp"
#include "devices/printer/digital_receipt.hpp"
#include "devices/printer/printer_sim.hpp"

namespace kiosk::devices::printer {
namespace {

Timestamp wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A logo PNG/JPEG as a 1-bit bitmap no wider than the paper (dots), dithered by threshold.
Result<Bitmap> loadLogo(const std::string& path, int maxWidth) {
    int w = 0, h = 0, n = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 1);
    if (!data)
        return makeError(ErrorCode::InvalidArgument, "logo " + path + ": cannot read the image (" +
                                                         std::string(stbi_failure_reason()) + ")");
    const int outW = std::min(w, maxWidth);
    const int outH = static_cast<int>(static_cast<int64_t>(h) * outW / std::max(w, 1));
    Bitmap b;
    b.width = outW;
    b.height = std::min(outH, 1024);
    b.pixels.resize(static_cast<size_t>(b.width) * b.height);
    for (int y = 0; y < b.height; ++y)
        for (int x = 0; x < b.width; ++x) {
            const int sx = static_cast<int>(static_cast<int64_t>(x) * w / outW);
            const int sy = static_cast<int>(static_cast<int64_t>(y) * h / std::max(outH, 1));
            b.pixels[static_cast<size_t>(y) * b.width + x] =
                data[static_cast<size_t>(sy) * w + sx] < 128;
        }
    stbi_image_free(data);
    return b;
}

}  // namespace

const char* toString(PrintResult r) {
    switch (r) {
        case PrintResult::Printed:
            return "printed";
        case PrintResult::PrintedPaperLow:
            return "printed, paper near end";
        case PrintResult::PrintedUnchecked:
            return "sent (printer cannot report status)";
        case PrintResult::RefusedPaperOut:
            return "not printed: paper out";
        case PrintResult::RefusedCoverOpen:
            return "not printed: cover open";
        case PrintResult::RefusedOffline:
            return "not printed: printer offline";
        case PrintResult::Failed:
            return "not printed: printer failed";
    }
    return "unknown";
}

bool applyStatusByte(StatusQuery q, uint8_t b, PrinterStatus& s) {
    if ((b & 0x93) != 0x12)
        return false;
    switch (q) {
        case StatusQuery::Printer:
            s.drawerOpen = (b & 0x04) != 0;
            s.online = (b & 0x08) == 0;
            break;
        case StatusQuery::OfflineCause:
            s.coverOpen = (b & 0x04) != 0;
            if (b & 0x20)
                s.paper = PaperLevel::Out;
            s.error = (b & 0x40) != 0;
            break;
        case StatusQuery::ErrorCause:
            s.error = s.error || (b & 0x6C) != 0;
            break;
        case StatusQuery::PaperSensor:
            if ((b & 0x60) == 0x60)
                s.paper = PaperLevel::Out;
            else if ((b & 0x0C) == 0x0C)
                s.paper = s.paper == PaperLevel::Out ? PaperLevel::Out : PaperLevel::NearEnd;
            else if (s.paper != PaperLevel::Out)
                s.paper = PaperLevel::Ok;
            break;
    }
    return true;
}

EscPosPrinter::EscPosPrinter(PrinterOptions options, Opener opener)
    : options_(std::move(options)), opener_(std::move(opener)) {
    health_.device = "printer";
    health_.address = options_.url;
    health_.state = DeviceState::Connecting;
    health_.since = wallMs();
}

EscPosPrinter::~EscPosPrinter() {
    std::lock_guard lock(jobMutex_);
    stream_.reset();
}

void EscPosPrinter::setState(DeviceState state, const std::string& error) {
    std::lock_guard lock(healthMutex_);
    if (health_.state != state) {
        health_.state = state;
        health_.since = wallMs();
    }
    if (!error.empty()) {
        health_.lastError = error;
        health_.lastErrorAt = wallMs();
    }
}

DeviceHealth EscPosPrinter::health() const {
    std::lock_guard lock(healthMutex_);
    return health_;
}

Result<ByteStream*> EscPosPrinter::link() {
    if (stream_)
        return stream_.get();
    auto s = opener_();
    if (!s) {
        dropLink(s.error());
        return s.error();
    }
    stream_ = std::move(*s);
    if (lostLink_) {
        std::lock_guard lock(healthMutex_);
        ++health_.reconnects;
        spdlog::info("printer: reconnected to {}", stream_->describe());
    }
    hadLink_ = true;
    lostLink_ = false;
    setState(DeviceState::Ready);
    return stream_.get();
}

void EscPosPrinter::dropLink(const Error& why) {
    if (stream_ || !lostLink_)
        spdlog::warn("printer: {}", why.message);
    stream_.reset();
    lostLink_ = true;
    setState(DeviceState::Disconnected, "printer not reachable: " + why.message);
}

Result<uint8_t> EscPosPrinter::ask(StatusQuery q) {
    ByteStream* s = stream_.get();
    // A stale answer (a reply that came after an earlier timeout) would shift every later one.
    uint8_t junk[64];
    for (int i = 0; i < 16; ++i) {
        auto n = s->readSome(junk, 0);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
    }
    if (auto w = s->writeAll(statusQueryBytes(q), options_.statusTimeoutMs); !w)
        return w.error();
    uint8_t b = 0;
    auto n = s->readSome(std::span<uint8_t>(&b, 1), options_.statusTimeoutMs);
    if (!n)
        return n.error();
    if (*n == 0)
        return makeError(ErrorCode::Io, s->describe() + ": no answer to a status query within " +
                                            std::to_string(options_.statusTimeoutMs) + " ms");
    return b;
}

Result<PrinterStatus> EscPosPrinter::statusLocked() {
    auto l = link();
    if (!l)
        return l.error();
    if (!(*l)->canAnswer())
        return makeError(ErrorCode::Unsupported,
                         (*l)->describe() + " cannot report printer status");
    PrinterStatus st;
    for (StatusQuery q :
         {StatusQuery::Printer, StatusQuery::OfflineCause, StatusQuery::PaperSensor}) {
        auto b = ask(q);
        if (!b) {
            dropLink(b.error());
            return b.error();
        }
        if (!applyStatusByte(q, *b, st)) {
            const Error e =
                makeError(ErrorCode::Io,
                          (*l)->describe() + ": answered a status query with an unexpected byte");
            dropLink(e);
            return e;
        }
    }
    noteStatus(st);
    return st;
}

void EscPosPrinter::noteStatus(const PrinterStatus& s) {
    DeviceState state = DeviceState::Ready;
    std::string error;
    if (s.paper == PaperLevel::Out) {
        state = DeviceState::Fault;
        error = "paper out: load a new roll";
    } else if (s.coverOpen) {
        state = DeviceState::Fault;
        error = "printer cover open";
    } else if (s.error || !s.online) {
        state = DeviceState::Fault;
        error = "printer offline or in error";
    } else if (s.paper == PaperLevel::NearEnd) {
        state = DeviceState::Warning;
        error = "paper near end: replace the roll soon";
    }
    {
        std::lock_guard lock(healthMutex_);
        health_.paper = s.paper;
        health_.coverOpen = s.coverOpen;
        health_.drawerOpen = s.drawerOpen;
    }
    setState(state, error);
}

Result<PrinterStatus> EscPosPrinter::status() {
    std::lock_guard lock(jobMutex_);
    auto st = statusLocked();
    // A link that failed may be a stale socket to a printer that was power-cycled: one retry.
    if (!st && st.error().code == ErrorCode::Io && hadLink_ && !stream_)
        st = statusLocked();
    return st;
}

PrintOutcome EscPosPrinter::keep(const Receipt& receipt, PrintResult result, std::string message,
                                 std::optional<PrinterStatus> status) {
    pending_ = receipt;
    PrintOutcome o;
    o.result = result;
    o.message = std::move(message);
    o.keptForReprint = true;
    o.status = status;
    spdlog::warn("printer: receipt {} not printed ({}): {}", receipt.sale.receiptNo,
                 toString(result), o.message);
    return o;
}

void EscPosPrinter::forget(const Receipt& printed) {
    // Only the receipt that came out leaves the reprint slot: printing the next shopper's
    // receipt must not lose an earlier one the attendant still has to reprint.
    if (pending_ && pending_->sale.saleUuid == printed.sale.saleUuid &&
        pending_->sale.receiptNo == printed.sale.receiptNo)
        pending_.reset();
}

PrintOutcome EscPosPrinter::print(const Receipt& receipt) {
    std::lock_guard lock(jobMutex_);
    return printLocked(receipt);
}

PrintOutcome EscPosPrinter::reprint() {
    std::lock_guard lock(jobMutex_);
    if (!pending_) {
        PrintOutcome o;
        o.result = PrintResult::Failed;
        o.message = "no receipt is waiting to be reprinted";
        return o;
    }
    const Receipt r = *pending_;
    return printLocked(r);
}

bool EscPosPrinter::hasReprint() const {
    std::lock_guard lock(jobMutex_);
    return pending_.has_value();
}

PrintOutcome EscPosPrinter::printLocked(const Receipt& receipt) {
    return runJob(
        [&] {
            Receipt job = receipt;
            if (!options_.logo.empty()) {
                if (auto logo = loadLogo(options_.logo, options_.columns * 12))
                    job.logo = std::move(*logo);
                else
                    spdlog::warn("printer: {}", logo.error().message);
            }
            return encodeReceipt(job, JobOptions{options_.columns, options_.codePage, true});
        },
        [&](PrintResult result, std::string message, std::optional<PrinterStatus> status) {
            return keep(receipt, result, std::move(message), status);
        },
        [&] { forget(receipt); });
}

PrintOutcome EscPosPrinter::printSlip(const Slip& slip) {
    std::lock_guard lock(jobMutex_);
    return runJob(
        [&] {
            return encodeSlip(slip, JobOptions{options_.columns, options_.codePage, true});
        },
        [&](PrintResult result, std::string message, std::optional<PrinterStatus> status) {
            // Nothing is kept, so there is nothing to reprint: the slip's words must not ask.
            if (const auto at = message.find(", then reprint"); at != std::string::npos)
                message.erase(at);
            PrintOutcome o;
            o.result = result;
            o.message = std::move(message);
            o.status = status;
            spdlog::warn("printer: slip not printed ({}): {}", toString(result), o.message);
            return o;
        },
        [] {});
}

PrintOutcome EscPosPrinter::runJob(const std::function<std::vector<uint8_t>()>& encode,
                                   const FailJob& fail, const std::function<void()>& done) {
    auto l = link();
    if (!l && hadLink_)
        l = link();
    if (!l)
        return fail(PrintResult::Failed, "printer not reachable: " + l.error().message,
                    std::nullopt);

    std::optional<PrinterStatus> before;
    if ((*l)->canAnswer() && options_.askStatus) {
        auto st = statusLocked();
        if (!st && hadLink_) {  // stale link (printer restarted): reconnect once
            st = statusLocked();
        }
        if (!st)
            return fail(PrintResult::Failed, "printer not answering: " + st.error().message,
                        std::nullopt);
        before = *st;
        if (st->paper == PaperLevel::Out)
            return fail(PrintResult::RefusedPaperOut, "paper out: load a new roll, then reprint",
                        before);
        if (st->coverOpen)
            return fail(PrintResult::RefusedCoverOpen, "printer cover open: close it, then reprint",
                        before);
        if (!st->online || st->error)
            return fail(PrintResult::RefusedOffline, "printer offline or in error", before);
    }

    const std::vector<uint8_t> bytes = encode();
    ByteStream* s = stream_.get();
    if (auto w = s->writeAll(bytes, options_.writeTimeoutMs); !w) {
        dropLink(w.error());
        return fail(PrintResult::Failed,
                    "the printer connection broke during printing: " + w.error().message, before);
    }
    if (!s->canAnswer() || !options_.askStatus) {
        done();
        setState(DeviceState::Ready);
        PrintOutcome o;
        o.result = PrintResult::PrintedUnchecked;
        o.message = "sent to " + s->describe();
        return o;
    }
    // Asking again after the job tells a link that dropped mid-job and paper that ran out
    // while printing from a job that came out whole.
    auto after = statusLocked();
    if (!after)
        return fail(PrintResult::Failed,
                    "the printer stopped answering during printing: " + after.error().message,
                    before);
    if (after->paper == PaperLevel::Out)
        return fail(PrintResult::Failed,
                    "paper ran out while printing: load a new roll, then reprint", *after);
    if (after->coverOpen)
        return fail(PrintResult::Failed, "cover opened while printing: close it, then reprint",
                    *after);
    done();
    PrintOutcome o;
    o.status = *after;
    if (after->paper == PaperLevel::NearEnd) {
        o.result = PrintResult::PrintedPaperLow;
        o.message = "printed; paper near end: replace the roll soon";
    } else {
        o.result = PrintResult::Printed;
        o.message = "printed";
    }
    return o;
}

Result<void> EscPosPrinter::kickDrawer() {
    std::lock_guard lock(jobMutex_);
    auto l = link();
    if (!l && hadLink_)
        l = link();
    if (!l)
        return l.error();
    EscPosWriter w(options_.codePage);
    w.drawerKick(options_.drawerPin, options_.drawerOnMs, options_.drawerOffMs);
    if (auto r = (*l)->writeAll(w.bytes(), options_.writeTimeoutMs); !r) {
        dropLink(r.error());
        return r.error();
    }
    return {};
}

Result<DigitalReceipt> EscPosPrinter::saveDigital(Receipt& receipt) {
    return writeDigitalReceipt(receipt, options_);
}

SaleReceipt printSale(ReceiptPrinter& printer, const SaleRecord& sale, const std::string& storeName,
                      int utcOffsetMinutes) {
    SaleReceipt out;
    Receipt receipt;
    receipt.sale = sale;
    receipt.storeName = storeName;
    receipt.utcOffsetMinutes = utcOffsetMinutes;
    if (auto d = printer.saveDigital(receipt)) {
        out.digital = std::move(*d);
    } else {
        out.digitalError = d.error().message;
        receipt.digitalUrl.clear();
        spdlog::warn("printer: digital receipt for {} not written: {}", sale.receiptNo,
                     out.digitalError);
    }
    out.outcome = printer.print(receipt);
    return out;
}

// ---- options and factory -------------------------------------------------------------------

Result<PrinterOptions> printerOptions(const config::Section* sec, std::string_view overrideUrl) {
    PrinterOptions o;
    config::Section empty;
    const config::Section& s = sec ? *sec : empty;
    if (auto k = s.checkKeys({"url", "columns", "code_page", "drawer_pin", "drawer_on_ms",
                              "drawer_off_ms", "receipts_dir", "receipt_base_url", "logo",
                              "connect_timeout_ms", "status_timeout_ms", "write_timeout_ms",
                              "ask_status", "sim_out"});
        !k)
        return k.error();
    std::string problems;
    auto note = [&](const Error& e) { problems += (problems.empty() ? "" : "\n") + e.message; };
    if (auto v = s.string("url", o.url))
        o.url = *v;
    else
        note(v.error());
    if (auto v = s.integer("columns", o.columns, 32, 48)) {
        if (*v != 32 && *v != 48)
            note(makeError(ErrorCode::InvalidArgument,
                           s.problem("columns", "must be 32 (58 mm paper) or 48 (80 mm)")));
        o.columns = static_cast<int>(*v);
    } else {
        note(v.error());
    }
    if (auto v =
            s.choice("code_page", codePageName(o.codePage), {"PC437", "PC850", "PC858", "WPC1252"}))
        o.codePage = *parseCodePage(*v);
    else
        note(v.error());
    if (auto v = s.integer("drawer_pin", o.drawerPin, 2, 5)) {
        if (*v != 2 && *v != 5)
            note(makeError(ErrorCode::InvalidArgument, s.problem("drawer_pin", "must be 2 or 5")));
        o.drawerPin = static_cast<int>(*v);
    } else {
        note(v.error());
    }
    if (auto v = s.integer("drawer_on_ms", o.drawerOnMs, 2, 510))
        o.drawerOnMs = static_cast<int>(*v);
    else
        note(v.error());
    if (auto v = s.integer("drawer_off_ms", o.drawerOffMs, 2, 510))
        o.drawerOffMs = static_cast<int>(*v);
    else
        note(v.error());
    if (auto v = s.string("receipts_dir", o.receiptsDir)) {
        if (v->empty())
            note(makeError(ErrorCode::InvalidArgument,
                           s.problem("receipts_dir", "must not be empty")));
        o.receiptsDir = *v;
    } else {
        note(v.error());
    }
    if (auto v = s.string("receipt_base_url", o.receiptBaseUrl)) {
        if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0)
            note(makeError(ErrorCode::InvalidArgument,
                           s.problem("receipt_base_url", "must start with http:// or https://")));
        o.receiptBaseUrl = *v;
    } else {
        note(v.error());
    }
    if (auto v = s.string("logo", o.logo))
        o.logo = *v;
    else
        note(v.error());
    if (auto v = s.integer("connect_timeout_ms", o.connectTimeoutMs, 50, 60000))
        o.connectTimeoutMs = *v;
    else
        note(v.error());
    if (auto v = s.integer("status_timeout_ms", o.statusTimeoutMs, 50, 60000))
        o.statusTimeoutMs = *v;
    else
        note(v.error());
    if (auto v = s.integer("write_timeout_ms", o.writeTimeoutMs, 100, 300000))
        o.writeTimeoutMs = *v;
    else
        note(v.error());
    if (auto v = s.boolean("ask_status", o.askStatus))
        o.askStatus = *v;
    else
        note(v.error());
    if (auto v = s.string("sim_out", o.simOut))
        o.simOut = *v;
    else
        note(v.error());
    if (!overrideUrl.empty())
        o.url = std::string(overrideUrl);
    if (auto u = parseDeviceUrl(o.url); !u) {
        note(makeError(ErrorCode::InvalidArgument, s.problem("url", u.error().message)));
    } else if (!u->isSim() && u->scheme != "tcp" && u->scheme != "usb" && u->scheme != "serial" &&
               u->scheme != "file") {
        note(makeError(
            ErrorCode::InvalidArgument,
            s.problem("url", "\"" + o.url +
                                 "\": a printer is sim, tcp://, usb://, serial:// or file://")));
    }
    if (!problems.empty())
        return makeError(ErrorCode::InvalidArgument, problems);
    return o;
}

Result<std::unique_ptr<ReceiptPrinter>> makePrinter(const PrinterOptions& options) {
    auto url = parseDeviceUrl(options.url);
    if (!url)
        return url.error();
    std::shared_ptr<PrinterSimulator> sim;
    PrinterOptions opts = options;
    DeviceUrl target = *url;
    if (url->isSim()) {
        SimOptions so;
        so.columns = options.columns;
        so.outDir = options.simOut;
        sim = std::make_shared<PrinterSimulator>(so);
        if (auto l = sim->listen("127.0.0.1", 0); !l)
            return l.error();
        target.scheme = "tcp";
        target.host = "127.0.0.1";
        target.port = sim->port();
    }
    EscPosPrinter::Opener opener;
    const Millis connectTimeout = options.connectTimeoutMs;
    if (target.scheme == "tcp") {
        opener = [target, connectTimeout]() -> Result<std::unique_ptr<ByteStream>> {
            auto s = TcpStream::connect(target.host, target.port, connectTimeout);
            if (!s)
                return s.error();
            return std::unique_ptr<ByteStream>(std::move(*s));
        };
    } else if (target.scheme == "usb") {
        opener = [path = target.path]() -> Result<std::unique_ptr<ByteStream>> {
            auto s = UsbStream::open(path);
            if (!s)
                return s.error();
            return std::unique_ptr<ByteStream>(std::move(*s));
        };
    } else if (target.scheme == "file") {
        opener = [path = target.path]() -> Result<std::unique_ptr<ByteStream>> {
            auto s = FileStream::open(path);
            if (!s)
                return s.error();
            return std::unique_ptr<ByteStream>(std::move(*s));
        };
    } else if (target.scheme == "serial") {
        // ESC/POS serial printers commonly ship at 9600 8N1 (Epson TM default 38400 on some).
        SerialOptions defaults;
        if (auto so = serialOptionsFromUrl(target, defaults); !so)
            return so.error();
        opener = [target, defaults]() -> Result<std::unique_ptr<ByteStream>> {
            auto s = SerialPort::open(target, defaults);
            if (!s)
                return s.error();
            return std::unique_ptr<ByteStream>(std::move(*s));
        };
    } else {
        return makeError(ErrorCode::InvalidArgument,
                         "printer address \"" + options.url + "\": unsupported scheme");
    }
    auto printer = std::make_unique<EscPosPrinter>(opts, std::move(opener));
    if (sim)
        printer->own(std::move(sim));
    return std::unique_ptr<ReceiptPrinter>(std::move(printer));
}

Result<std::unique_ptr<ReceiptPrinter>> makePrinter(const config::Section* devicesPrinter,
                                                    std::string_view overrideUrl) {
    auto options = printerOptions(devicesPrinter, overrideUrl);
    if (!options)
        return options.error();
    return makePrinter(*options);
}

}  // namespace kiosk::devices::printer
