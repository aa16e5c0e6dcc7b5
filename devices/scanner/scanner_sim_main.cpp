// kasir-scanner-sim: a serial hand scanner on a pseudo-terminal. Prints the address to give the
// kiosk (`kasir --hand-scanner URL`), sends each --scan, then each line typed on stdin.
// With --evdev-out FILE it instead writes the key events a keyboard-wedge scanner would send
// (replay with `--hand-scanner evdev://FILE`).
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "devices/scanner/scanner_sim.hpp"

namespace {
std::atomic<bool> g_stop{false};
void onSignal(int) {
    g_stop = true;
}

// "\x1d" or "<GS>" in a scan argument stands for the GS1 separator.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 4, "<GS>") == 0) {
            out += '\x1d';
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk::devices;
    CLI::App app{
        "kasir-scanner-sim: a hand scanner on a pseudo-terminal. Write <GS> for the GS1 "
        "separator; start a scan with its AIM id (e.g. ]E0) to send one."};
    std::vector<std::string> scans;
    std::string terminator = "cr";
    std::string link;
    std::string evdevOut;
    std::string layoutName = "us";
    int64_t intervalMs = 500;
    app.add_option("--scan", scans, "text to scan (repeatable)");
    app.add_option("--terminator", terminator, "cr, lf or crlf")
        ->check(CLI::IsMember({"cr", "lf", "crlf"}));
    app.add_option("--link", link, "keep a symlink at this path pointing at the pty");
    app.add_option("--interval-ms", intervalMs, "pause between --scan items")
        ->check(CLI::Range(0, 60'000));
    app.add_option("--evdev-out", evdevOut, "write wedge key events to this file and exit");
    app.add_option("--layout", layoutName, "keyboard layout for --evdev-out: us, de, fr")
        ->check(CLI::IsMember({"us", "de", "fr"}));
    CLI11_PARSE(app, argc, argv);
    // std::cin with its own buffer, so in_avail() tells what poll() on fd 0 cannot see.
    std::ios::sync_with_stdio(false);

    if (!evdevOut.empty()) {
        std::ofstream out(evdevOut, std::ios::binary);
        int64_t t = 1'700'000'000'000'000;
        for (const auto& s : scans) {
            auto events = keystrokesFor(unescape(s), *parseKeyLayout(layoutName), t, 8'000);
            if (!events) {
                std::cerr << "kasir-scanner-sim: " << events.error().message << "\n";
                return 2;
            }
            out.write(reinterpret_cast<const char*>(events->data()),
                      static_cast<std::streamsize>(events->size() * sizeof(input_event)));
            t += 2'000'000;
        }
        if (!out) {
            std::cerr << "kasir-scanner-sim: cannot write " << evdevOut << "\n";
            return 1;
        }
        return 0;
    }

    const auto term = terminator == "lf"     ? ScannerSimulator::Terminator::Lf
                      : terminator == "crlf" ? ScannerSimulator::Terminator::CrLf
                                             : ScannerSimulator::Terminator::Cr;
    auto sim = ScannerSimulator::start(term, link);
    if (!sim) {
        std::cerr << "kasir-scanner-sim: " << sim.error().message << "\n";
        return 1;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::cout << (*sim)->url() << std::endl;
    for (const auto& s : scans) {
        std::this_thread::sleep_for(std::chrono::milliseconds(intervalMs));
        if (auto r = (*sim)->scan(unescape(s)); !r)
            std::cerr << "kasir-scanner-sim: " << r.error().message << "\n";
    }
    std::string line;
    bool stdinOpen = true;
    while (!g_stop) {
        if (!stdinOpen) {
            ::usleep(100'000);
            continue;
        }
        pollfd p{0, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        // Every line std::cin has already buffered, not just one: poll() sees only the fd.
        do {
            if (!std::getline(std::cin, line)) {
                stdinOpen = false;
                break;
            }
            if (line.empty())
                continue;
            if (auto r = (*sim)->scan(unescape(line)); !r)
                std::cerr << "kasir-scanner-sim: " << r.error().message << "\n";
        } while (std::cin.rdbuf()->in_avail() > 0);
    }
    return 0;
}
