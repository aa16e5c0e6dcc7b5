// kasir-printer-sim: an ESC/POS receipt printer on a TCP port (or reading a job file), with
// each cut receipt written as text and PNG, status answers and injected faults.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "devices/printer/printer_sim.hpp"

namespace {
volatile std::sig_atomic_t gStop = 0;
void onSignal(int) {
    gStop = 1;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk::devices::printer;
    CLI::App app{"kasir-printer-sim: an ESC/POS receipt printer simulator (TCP or file)"};
    std::string host = "127.0.0.1";
    int port = -1;
    std::string file;
    SimOptions options;
    options.outDir = "printer-sim";
    bool noPng = false;
    app.add_option("--host", host, "address to listen on")->capture_default_str();
    auto* portOpt =
        app.add_option("--port", port,
                       "TCP port to listen on (9100 is the usual; 0 = a free port, printed)")
            ->check(CLI::Range(0, 65535));
    auto* fileOpt = app.add_option("--file", file, "decode a job file instead of listening")
                        ->check(CLI::ExistingFile);
    portOpt->excludes(fileOpt);
    app.add_option("--out", options.outDir, "folder for receipt-NNNN.txt/.png, one per cut")
        ->capture_default_str();
    app.add_option("--columns", options.columns,
                   "paper width in characters: 48 (80 mm) or 32 (58 mm)")
        ->check(CLI::IsMember({32, 48}))
        ->capture_default_str();
    app.add_option("--paper-lines", options.paperLines,
                   "paper runs out after this many printed lines/images")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
    app.add_option("--near-end-lines", options.nearEndLines,
                   "near-end sensor trips after this many lines")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
    app.add_flag("--near-end", options.nearEnd, "paper near end from the start");
    app.add_flag("--cover-open", options.coverOpen, "cover open from the start");
    app.add_flag("--drawer-open", options.drawerOpen, "drawer sensor reads open from the start");
    app.add_option("--drawer-close-ms", options.drawerCloseMs,
                   "a kicked drawer reads open this long (-1 = stays open)")
        ->capture_default_str();
    app.add_option("--drop-after", options.dropAfterBytes,
                   "close the first connection after this many bytes")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
    app.add_flag("--no-png", noPng, "write text files only");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help exits 0; every bad command line exits 2, as the other kasir programs do.
        return app.exit(e) == 0 ? 0 : 2;
    }
    options.png = !noPng;
    if (port < 0 && file.empty()) {
        std::cerr << "kasir-printer-sim: give --port N (0 = any free port) or --file JOB\n";
        return 2;
    }

    PrinterSimulator sim(options);
    if (!file.empty()) {
        if (auto r = sim.feedFile(file); !r) {
            std::cerr << "kasir-printer-sim: " << r.error().message << "\n";
            return 1;
        }
        const SimState st = sim.state();
        for (const std::string& p : st.problems)
            std::cerr << "kasir-printer-sim: " << p << "\n";
        for (const std::string& f : sim.writtenFiles())
            std::cout << f << "\n";
        std::cout << sim.pages().size() << " receipt(s) decoded from " << file << "\n";
        return 0;
    }

    if (auto r = sim.listen(host, port); !r) {
        std::cerr << "kasir-printer-sim: " << r.error().message << "\n";
        return 1;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    std::cout << "listening on " << host << ":" << sim.port() << std::endl;
    size_t reported = 0;
    while (!gStop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const auto files = sim.writtenFiles();
        for (; reported < files.size(); ++reported)
            std::cout << files[reported] << std::endl;
    }
    sim.stop();
    return 0;
}
