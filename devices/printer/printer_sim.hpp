// An ESC/POS receipt printer on the other end of a TCP socket (or reading a job file): decodes
// what it is sent, keeps each cut receipt as text and PNG, answers DLE EOT status queries, and
// injects faults: paper running out after N lines, near end, cover open, drawer open, a
// connection dropped mid-job. kasir-printer-sim wraps it; tests and "sim" use it in process.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "devices/common/tcp_stream.hpp"
#include "devices/printer/escpos_decoder.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::devices::printer {

struct SimOptions {
    int columns = 48;
    std::string outDir;         // receipt-0001.txt/.png per cut; empty = keep in memory only
    bool png = true;            // write PNGs (text files always)
    int64_t paperLines = -1;    // printed items until the paper runs out; -1 = endless roll
    int64_t nearEndLines = -1;  // printed items until the near-end sensor trips; -1 = never
    bool nearEnd = false;
    bool coverOpen = false;
    bool drawerOpen = false;
    int64_t drawerCloseMs = 2000;  // a kicked drawer reads open this long; -1 = stays open
    int64_t dropAfterBytes = -1;   // close the next connection after this many bytes (once)
};

struct SimState {
    bool paperOut = false;
    bool nearEnd = false;
    bool coverOpen = false;
    bool drawerOpen = false;
    int64_t printedItems = 0;
    int64_t drawerKicks = 0;
    int lastKickPin = 0;
    int lastKickOnMs = 0;
    int64_t statusQueries = 0;
    int64_t connections = 0;
    std::vector<std::string> problems;  // decoder problems (unknown commands ...)
};

class PrinterSimulator {
  public:
    explicit PrinterSimulator(SimOptions options);
    ~PrinterSimulator();
    PrinterSimulator(const PrinterSimulator&) = delete;
    PrinterSimulator& operator=(const PrinterSimulator&) = delete;

    // Serves host:port (0 = a free port) on a thread until stop().
    Result<void> listen(const std::string& host, int port);
    int port() const { return port_; }
    void stop();

    // Decodes a job file (what a file:// printer wrote) as if it had been sent.
    Result<void> feedFile(const std::string& path);
    // Decodes bytes as one connection would; returns the status answers it would send.
    std::vector<uint8_t> feed(std::span<const uint8_t> bytes);
    // End of a connection or file: a page not yet cut is kept (not written) as pending.
    void endOfJob();

    // Cut pages so far, oldest first, and waiting for them (false on timeout).
    std::vector<PaperPage> pages() const;
    bool waitForPages(size_t count, Millis timeout) const;
    std::vector<std::string> writtenFiles() const;
    bool waitForFiles(size_t count, Millis timeout) const;
    // Writes the text and PNG of pages cut since the last call (the TCP server does this after
    // answering; feed() callers do it when they like).
    void writePendingPages();
    SimState state() const;

    // Fault injection, any time, from any thread.
    void setCoverOpen(bool open);
    void setNearEnd(bool nearEnd);
    void setPaperLines(int64_t lines);  // from now: items until paper out; -1 = endless
    void refillPaper();                 // paper out cleared, counters reset
    void setDrawerOpen(bool open);
    void dropNextConnectionAfter(int64_t bytes);

    // The DLE EOT n answer for the current state.
    uint8_t statusByte(int n) const;

  private:
    void serve();
    void handleEvents(std::vector<DecoderEvent>& events, std::vector<uint8_t>& answers);
    std::vector<std::string> writePage(size_t number, const PaperPage& page) const;
    void updateDrawer();
    bool paperOutLocked() const;

    SimOptions options_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    EscPosDecoder decoder_;
    SimState state_;
    std::vector<PaperPage> pages_;
    std::vector<std::string> files_;
    std::vector<std::pair<size_t, PaperPage>> unwritten_;
    int64_t drawerOpenedAt_ = 0;
    int64_t paperLimit_ = -1;  // absolute item count at which the paper runs out
    int64_t nearEndAt_ = -1;

    std::unique_ptr<TcpListener> listener_;
    std::thread thread_;
    std::thread writer_;
    std::atomic<bool> stop_{false};
    int port_ = 0;
};

}  // namespace kiosk::devices::printer
