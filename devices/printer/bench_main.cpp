// kasir-printer-bench: how long a 30-line receipt takes through the real driver to the
// simulator over TCP (status asked before and after, as in the kiosk), and how long the
// digital receipt (HTML + PNG) takes to render. Prints median, p90, min and max.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "devices/printer/digital_receipt.hpp"
#include "devices/printer/printer.hpp"
#include "devices/printer/printer_sim.hpp"
#include "tests/printer/printer_fixtures.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Stats {
    double median, p90, min, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.9), v.front(), v.back()};
}

void report(const std::string& what, const std::vector<double>& ms) {
    const Stats s = stats(ms);
    std::printf("%-52s median %8.3f ms  p90 %8.3f ms  min %8.3f ms  max %8.3f ms  (n=%zu)\n",
                what.c_str(), s.median, s.p90, s.min, s.max, ms.size());
}

double since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk::devices::printer;
    CLI::App app{"kasir-printer-bench: receipt print and digital receipt timings"};
    int runs = 50;
    int columns = 48;
    std::string url;
    bool simPng = false;
    app.add_option("--runs", runs, "repetitions per figure")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--columns", columns, "32 or 48")
        ->check(CLI::IsMember({32, 48}))
        ->capture_default_str();
    app.add_option("--url", url,
                   "print to this printer (e.g. tcp://127.0.0.1:9100 of kasir-printer-sim) "
                   "instead of an in-process simulator");
    app.add_flag("--sim-png", simPng, "the in-process simulator also renders each receipt to PNG");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help exits 0; every bad command line exits 2, as the other kasir programs do.
        return app.exit(e) == 0 ? 0 : 2;
    }
    spdlog::set_level(spdlog::level::warn);

    const std::filesystem::path tmp =
        std::filesystem::temp_directory_path() / "kasir-printer-bench";
    std::filesystem::create_directories(tmp);

    std::unique_ptr<PrinterSimulator> sim;
    if (url.empty()) {
        SimOptions so;
        so.columns = columns;
        if (simPng)
            so.outDir = (tmp / "paper").string();
        sim = std::make_unique<PrinterSimulator>(so);
        if (auto l = sim->listen("127.0.0.1", 0); !l) {
            std::cerr << l.error().message << "\n";
            return 1;
        }
        url = "tcp://127.0.0.1:" + std::to_string(sim->port());
    }
    PrinterOptions o;
    o.url = url;
    o.columns = columns;
    o.receiptsDir = (tmp / "receipts").string();
    auto printer = makePrinter(o);
    if (!printer) {
        std::cerr << printer.error().message << "\n";
        return 1;
    }
    Receipt receipt;
    receipt.sale = testing::thirtyLineSale();
    receipt.storeName = "Toko Kasir Demo";
    receipt.utcOffsetMinutes = 420;
    receipt.digitalUrl = "https://receipts.example.com/r/abcDEF0123456789_-xyz.html";

    std::printf("30-line receipt, %d columns, printer %s\n", columns, url.c_str());
    // Warm-up: connects, loads nothing else.
    if (auto w = (*printer)->print(receipt); !w.printed()) {
        std::cerr << "warm-up print failed: " << w.message << "\n";
        return 1;
    }
    std::vector<double> encode, print, status, digital;
    const JobOptions job{columns, o.codePage, true};
    size_t jobBytes = 0;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        jobBytes = encodeReceipt(receipt, job).size();
        encode.push_back(since(t0));
    }
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        const PrintOutcome out = (*printer)->print(receipt);
        print.push_back(since(t0));
        if (!out.printed()) {
            std::cerr << "print failed: " << out.message << "\n";
            return 1;
        }
    }
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        if (!(*printer)->status()) {
            std::cerr << "status failed\n";
            return 1;
        }
        status.push_back(since(t0));
    }
    for (int i = 0; i < runs; ++i) {
        Receipt r = receipt;
        auto t0 = Clock::now();
        auto d = (*printer)->saveDigital(r);
        digital.push_back(since(t0));
        if (!d) {
            std::cerr << d.error().message << "\n";
            return 1;
        }
        std::filesystem::remove(d->htmlPath);
        std::filesystem::remove(d->pngPath);
    }
    report("encode the ESC/POS job (" + std::to_string(jobBytes) + " bytes)", encode);
    report("print via driver -> simulator over TCP", print);
    report("status query (3 x DLE EOT round trips)", status);
    report("digital receipt (HTML + PNG written)", digital);
    std::filesystem::remove_all(tmp);
    return 0;
}
