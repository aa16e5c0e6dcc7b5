#include "devices/printer/printer_sim.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "devices/printer/paper_render.hpp"

namespace kiosk::devices::printer {
namespace {

int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

PrinterSimulator::PrinterSimulator(SimOptions options) : options_(std::move(options)) {
    state_.nearEnd = options_.nearEnd;
    state_.coverOpen = options_.coverOpen;
    state_.drawerOpen = options_.drawerOpen;
    paperLimit_ = options_.paperLines;
    nearEndAt_ = options_.nearEndLines;
}

PrinterSimulator::~PrinterSimulator() {
    stop();
}

Result<void> PrinterSimulator::listen(const std::string& host, int port) {
    auto l = TcpListener::listen(host, port);
    if (!l)
        return l.error();
    listener_ = std::move(*l);
    port_ = listener_->port();
    stop_ = false;
    thread_ = std::thread([this] { serve(); });
    // Files on their own thread: a printer answers status while the paper is still moving, and
    // a PNG takes far longer to draw than the protocol takes to run.
    writer_ = std::thread([this] {
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return stop_ || !unwritten_.empty(); });
                if (unwritten_.empty() && stop_)
                    return;
            }
            writePendingPages();
        }
    });
    return {};
}

void PrinterSimulator::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        changed_.notify_all();
    }
    if (thread_.joinable())
        thread_.join();
    if (writer_.joinable())
        writer_.join();
    if (listener_)
        listener_->close();
}

void PrinterSimulator::serve() {
    while (!stop_) {
        auto accepted = listener_->accept(100);
        if (!accepted || !*accepted)
            continue;
        std::unique_ptr<TcpStream> conn = std::move(*accepted);
        int64_t dropAfter = -1;
        {
            std::lock_guard lock(mutex_);
            ++state_.connections;
            dropAfter = options_.dropAfterBytes;
            options_.dropAfterBytes = -1;
            // A fresh decoder per connection: a command cut in half by a dropped link must not
            // swallow the next job's bytes. (The half job's uncut lines are dropped with it.)
            decoder_ = EscPosDecoder();
        }
        int64_t received = 0;
        uint8_t buf[4096];
        while (!stop_) {
            auto n = conn->readSome(buf, 100);
            if (!n)
                break;  // closed by the driver
            if (*n == 0)
                continue;
            size_t take = *n;
            bool drop = false;
            if (dropAfter >= 0 && received + static_cast<int64_t>(take) >= dropAfter) {
                take = static_cast<size_t>(dropAfter - received);
                drop = true;
            }
            received += static_cast<int64_t>(take);
            const std::vector<uint8_t> answers = feed(std::span<const uint8_t>(buf, take));
            if (drop) {
                spdlog::info("printer sim: dropping the connection after {} bytes", received);
                break;
            }
            if (!answers.empty() && !conn->writeAll(answers, 1000))
                break;
        }
        conn->close();
        endOfJob();
    }
}

void PrinterSimulator::writePendingPages() {
    std::vector<std::pair<size_t, PaperPage>> todo;
    {
        std::lock_guard lock(mutex_);
        todo.swap(unwritten_);
    }
    for (const auto& [number, page] : todo) {
        std::vector<std::string> written = writePage(number, page);
        std::lock_guard lock(mutex_);
        files_.insert(files_.end(), written.begin(), written.end());
        changed_.notify_all();
    }
}

Result<void> PrinterSimulator::feedFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, path + ": cannot open the job file");
    std::vector<uint8_t> chunk(65536);
    while (in) {
        in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<size_t>(in.gcount());
        if (got == 0)
            break;
        (void)feed(std::span<const uint8_t>(chunk.data(), got));
    }
    if (in.bad())
        return makeError(ErrorCode::Io, path + ": read error");
    endOfJob();
    writePendingPages();
    return {};
}

std::vector<uint8_t> PrinterSimulator::feed(std::span<const uint8_t> bytes) {
    std::vector<uint8_t> answers;
    std::vector<DecoderEvent> events;
    std::lock_guard lock(mutex_);
    updateDrawer();
    decoder_.setDiscardOutput(paperOutLocked() || state_.coverOpen);
    // Feed in small steps so paper running out takes effect at the right item.
    constexpr size_t kStep = 64;
    for (size_t off = 0; off < bytes.size(); off += kStep) {
        events.clear();
        decoder_.feed(bytes.subspan(off, std::min(kStep, bytes.size() - off)), events);
        handleEvents(events, answers);
    }
    return answers;
}

void PrinterSimulator::endOfJob() {
    std::lock_guard lock(mutex_);
    std::vector<DecoderEvent> events;
    decoder_.flushLine(events);
    std::vector<uint8_t> ignored;
    handleEvents(events, ignored);
    // An uncut tail stays on the current page: the next job's cut completes it, as on paper.
    changed_.notify_all();
}

bool PrinterSimulator::paperOutLocked() const {
    return state_.paperOut;
}

void PrinterSimulator::updateDrawer() {
    if (state_.drawerOpen && drawerOpenedAt_ > 0 && options_.drawerCloseMs >= 0 &&
        steadyMs() - drawerOpenedAt_ >= options_.drawerCloseMs) {
        state_.drawerOpen = false;
        drawerOpenedAt_ = 0;
    }
}

void PrinterSimulator::handleEvents(std::vector<DecoderEvent>& events,
                                    std::vector<uint8_t>& answers) {
    for (DecoderEvent& e : events) {
        switch (e.kind) {
            case DecoderEvent::Kind::StatusQuery:
                ++state_.statusQueries;
                updateDrawer();
                answers.push_back(statusByte(e.n));
                break;
            case DecoderEvent::Kind::DrawerKick:
                ++state_.drawerKicks;
                state_.lastKickPin = e.pin;
                state_.lastKickOnMs = e.onMs;
                state_.drawerOpen = true;
                drawerOpenedAt_ = steadyMs();
                break;
            case DecoderEvent::Kind::Printed:
                ++state_.printedItems;
                if (nearEndAt_ >= 0 && state_.printedItems >= nearEndAt_)
                    state_.nearEnd = true;
                if (paperLimit_ >= 0 && state_.printedItems >= paperLimit_) {
                    state_.paperOut = true;
                    decoder_.setDiscardOutput(true);
                }
                break;
            case DecoderEvent::Kind::Cut: {
                PaperPage page = decoder_.takePage();
                if (!page.items.empty()) {
                    pages_.push_back(page);
                    if (!options_.outDir.empty())
                        unwritten_.emplace_back(pages_.size(), std::move(page));
                }
                break;
            }
            case DecoderEvent::Kind::Problem:
                if (state_.problems.size() < 1000)
                    state_.problems.push_back(e.message);
                break;
        }
    }
    changed_.notify_all();
}

std::vector<std::string> PrinterSimulator::writePage(size_t number, const PaperPage& page) const {
    std::vector<std::string> written;
    std::error_code ec;
    std::filesystem::create_directories(options_.outDir, ec);
    char name[32];
    std::snprintf(name, sizeof name, "receipt-%04zu", number);
    const std::string base = (std::filesystem::path(options_.outDir) / name).string();
    std::ofstream txt(base + ".txt", std::ios::trunc);
    for (const std::string& line : page.textLines())
        txt << line << '\n';
    for (const std::string& qr : page.qrPayloads())
        txt << "[QR] " << qr << '\n';
    for (const PaperItem& item : page.items)
        if (const auto* bc = std::get_if<PaperBarcode>(&item))
            txt << "[BARCODE " << static_cast<int>(bc->type) << "] " << bc->data << '\n';
    txt.close();
    if (!txt)
        spdlog::warn("printer sim: cannot write {}.txt", base);
    else
        written.push_back(base + ".txt");
    if (!options_.png)
        return written;
    auto image = renderPaper(page, RenderOptions{options_.columns});
    if (!image) {
        spdlog::warn("printer sim: {}", image.error().message);
        return written;
    }
    if (auto w = writePng(*image, base + ".png"); !w)
        spdlog::warn("printer sim: {}", w.error().message);
    else
        written.push_back(base + ".png");
    return written;
}

bool PrinterSimulator::waitForFiles(size_t count, Millis timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout),
                             [&] { return files_.size() >= count; });
}

std::vector<PaperPage> PrinterSimulator::pages() const {
    std::lock_guard lock(mutex_);
    return pages_;
}

bool PrinterSimulator::waitForPages(size_t count, Millis timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout),
                             [&] { return pages_.size() >= count; });
}

std::vector<std::string> PrinterSimulator::writtenFiles() const {
    std::lock_guard lock(mutex_);
    return files_;
}

SimState PrinterSimulator::state() const {
    std::lock_guard lock(mutex_);
    const_cast<PrinterSimulator*>(this)->updateDrawer();
    return state_;
}

void PrinterSimulator::setCoverOpen(bool open) {
    std::lock_guard lock(mutex_);
    state_.coverOpen = open;
}

void PrinterSimulator::setNearEnd(bool nearEnd) {
    std::lock_guard lock(mutex_);
    state_.nearEnd = nearEnd;
}

void PrinterSimulator::setPaperLines(int64_t lines) {
    std::lock_guard lock(mutex_);
    paperLimit_ = lines < 0 ? -1 : state_.printedItems + lines;
    state_.paperOut = lines == 0;
}

void PrinterSimulator::refillPaper() {
    std::lock_guard lock(mutex_);
    state_.paperOut = false;
    state_.nearEnd = false;
    paperLimit_ = -1;
    nearEndAt_ = -1;
    decoder_.setDiscardOutput(false);
}

void PrinterSimulator::setDrawerOpen(bool open) {
    std::lock_guard lock(mutex_);
    state_.drawerOpen = open;
    drawerOpenedAt_ = 0;
}

void PrinterSimulator::dropNextConnectionAfter(int64_t bytes) {
    std::lock_guard lock(mutex_);
    options_.dropAfterBytes = bytes;
}

uint8_t PrinterSimulator::statusByte(int n) const {
    // Bits 1 and 4 are always set; the rest per DLE EOT n (DOMAIN.md).
    uint8_t b = 0x12;
    const bool offline = state_.paperOut || state_.coverOpen;
    switch (n) {
        case 1:
            if (state_.drawerOpen)
                b |= 0x04;
            if (offline)
                b |= 0x08;
            break;
        case 2:
            if (state_.coverOpen)
                b |= 0x04;
            if (state_.paperOut)
                b |= 0x20;
            break;
        case 4:
            if (state_.nearEnd || state_.paperOut)
                b |= 0x0C;
            if (state_.paperOut)
                b |= 0x60;
            break;
        default:
            break;
    }
    return b;
}

}  // namespace kiosk::devices::printer
