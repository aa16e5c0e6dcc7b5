// kasir-scale-sim: a scale on a pseudo-terminal, speaking 8217 or SCI, following a script.
// Prints the address to give the kiosk (`kasir --scale URL`), then takes steps on stdin.
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "devices/scale/scale_sim.hpp"

namespace {
std::atomic<bool> g_stop{false};
void onSignal(int) {
    g_stop = true;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk::devices;
    CLI::App app{
        "kasir-scale-sim: a checkout scale on a pseudo-terminal (Mettler Toledo 8217 or "
        "Datalogic SCI).\nPrints the serial:// address on the first line of stdout. While "
        "running, each line on stdin replaces the script (e.g. \"motion 3; weight 1234\"), "
        "\"unplug MS\" unplugs the scale for MS ms.\nSteps: weight GRAMS [POLLS], motion "
        "[POLLS], over [POLLS], under [POLLS], zero-error [POLLS], garbage [POLLS], silent "
        "[POLLS], slow GRAMS MS [POLLS] (answered MS late), disconnect MS. A step without POLLS "
        "lasts for ever."};
    std::string protocol = "8217";
    std::string link;
    std::string scriptFile;
    std::vector<std::string> steps;
    int64_t capacity = 15'000;
    app.add_option("--protocol", protocol, "8217 or sci")->check(CLI::IsMember({"8217", "sci"}));
    app.add_option("--link", link,
                   "keep a symlink at this path pointing at the current pty (survives unplug)");
    app.add_option("--script", scriptFile, "a file with one step per line");
    app.add_option("--step", steps, "a step (repeatable), after the script file's");
    app.add_option("--capacity", capacity, "capacity in grams")->check(CLI::Range(1, 999'999));
    CLI11_PARSE(app, argc, argv);
    // std::cin with its own buffer, so in_avail() tells what poll() on fd 0 cannot see.
    std::ios::sync_with_stdio(false);

    std::string text;
    if (!scriptFile.empty()) {
        std::ifstream in(scriptFile);
        if (!in) {
            std::cerr << "kasir-scale-sim: cannot read " << scriptFile << "\n";
            return 1;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    for (const auto& s : steps)
        text += "\n" + s;
    ScaleSimOptions options;
    options.protocol = protocol == "sci" ? ScaleProtocol::DatalogicSci : ScaleProtocol::Toledo8217;
    options.link = link;
    options.capacityGrams = capacity;
    if (!text.empty()) {
        auto script = parseScaleScript(text);
        if (!script) {
            std::cerr << "kasir-scale-sim: " << script.error().message << "\n";
            return 2;
        }
        options.script = *script;
    }
    auto sim = ScaleSimulator::start(options);
    if (!sim) {
        std::cerr << "kasir-scale-sim: " << sim.error().message << "\n";
        return 1;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::cout << (*sim)->url() << std::endl;

    auto handleLine = [&](const std::string& line) {
        if (line.rfind("unplug ", 0) == 0) {
            try {
                (*sim)->unplug(std::stoll(line.substr(7)));
                std::cerr << "kasir-scale-sim: unplugged\n";
            } catch (...) {
                std::cerr << "kasir-scale-sim: unplug needs milliseconds\n";
            }
            return;
        }
        auto script = parseScaleScript(line);
        if (!script) {
            std::cerr << "kasir-scale-sim: " << script.error().message << "\n";
            return;
        }
        (*sim)->setScript(*script);
        std::cerr << "kasir-scale-sim: new script (" << script->size() << " steps)\n";
    };
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
            handleLine(line);
        } while (std::cin.rdbuf()->in_avail() > 0);
    }
    return 0;
}
