// kasir: the self-service checkout kiosk. Parses the command line and runs the kiosk.
#include <cstdio>
#include <string>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "kiosk/app/kiosk_app.hpp"

int main(int argc, char** argv) {
    kiosk::app::AppOptions o;
    CLI::App app{
        "kasir: the self-service checkout kiosk (fullscreen touch screen, SDL2 + Dear ImGui).\n"
        "Starts on the store's configuration; `kasir --demo` starts the demo store with its\n"
        "device simulators. Scripted runs (tests, demos, acceptance checks) combine\n"
        "--headless --script FILE [--screenshots DIR] [--size WxH]; the script format and the\n"
        "widget ids are in README.md."};
    app.footer(
        "Exit status: 0 when the kiosk was closed (window closed, SIGTERM) or a script held;\n"
        "1 when a script command failed (the failed line is named), the configuration is bad\n"
        "or the store cannot be opened; 2 for a bad command line.\n\n"
        "Examples:\n"
        "  kasir --demo                                   the demo, fullscreen\n"
        "  kasir --demo --size 1080x1920                  the demo in a portrait window\n"
        "  kasir --config /etc/kasir/kasir.toml           a real store\n"
        "  SDL_VIDEODRIVER=offscreen kasir --demo --headless --script "
        "tests/ui/scripts/happy_path.kasir \\\n"
        "        --screenshots /tmp/shots\n"
        "  xvfb-run -a -s '-screen 0 1920x1080x24' kasir --demo --bench   the UI benchmark");
    std::string size;
    std::string logLevel = "info";
    app.add_flag("--demo", o.demo,
                 "Start the demo store (assets/demo/kasir.toml and its database; build it with "
                 "`kasir-admin demo-store`) with the device simulators");
    app.add_option("--config", o.configPath, "The kiosk's TOML configuration file")
        ->check(CLI::ExistingFile);
    app.add_option("--db", o.dbPath, "Use this store database instead of [database] path");
    app.add_flag("--headless", o.headless,
                 "No display needed: SDL's offscreen driver when $DISPLAY is unset (Xvfb "
                 "otherwise), a window of --size instead of fullscreen, no sound device");
    app.add_option("--script", o.scriptPath,
                   "Follow this script, then exit (0 when every command held)")
        ->check(CLI::ExistingFile);
    app.add_option("--screenshots", o.screenshotDir,
                   "Folder for the script's `screenshot NAME` files (NAME.png)");
    app.add_option("--size", size,
                   "Window size WxH, e.g. 1920x1080 or 1080x1920 (default: "
                   "fullscreen; 1920x1080 when headless)");
    app.add_option("--terminal", o.terminalUrl,
                   "Payment terminal address, overriding [devices.terminal] url (\"sim\", "
                   "\"http://host:port/path\", \"https://...\")");
    app.add_option("--printer", o.printerUrl,
                   "Receipt printer address, overriding [devices.printer] url (\"sim\", "
                   "\"tcp://host:9100\", \"usb:///dev/usb/lp0\", \"file:///path\")");
    app.add_option("--scale", o.scaleUrl,
                   "Scale address, overriding [devices.scale] url (\"sim\", "
                   "\"serial:///dev/ttyUSB0?baud=9600&parity=even&bits=7\")");
    app.add_option("--hand-scanner", o.handScannerUrl,
                   "Hand scanner address, overriding [devices.hand_scanner] url "
                   "(\"evdev:///dev/input/by-id/...\", \"serial:///dev/ttyACM0\")");
    app.add_option("--camera", o.cameraSource,
                   "Camera source, overriding [devices.camera] url (\"v4l2:///dev/video0\", "
                   "\"folder:///path\", \"video:///file.mp4\")");
    app.add_flag("--bench", o.bench,
                 "Benchmark mode: start-up time, idle CPU on Attract, frame times of the "
                 "busiest screen, scan-to-row latency; prints the figures and exits");
    app.add_option("--bench-frames", o.benchFrames, "Frames timed on the busiest screen")
        ->check(CLI::Range(30, 100000));
    app.add_option("--bench-idle-seconds", o.benchIdleSeconds, "Seconds of idle CPU measurement")
        ->check(CLI::Range(1, 600));
    app.add_flag("--high-contrast", o.highContrast, "Start in high-contrast mode");
    app.add_option("--assets", o.assetsDir,
                   "Folder holding i18n/ (default: found next to the "
                   "program or in the source tree)");
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (!size.empty()) {
        int w = 0, h = 0;
        char x = 0;
        if (std::sscanf(size.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') ||
            w < 320 || h < 240 || w > 8192 || h > 8192) {
            std::fprintf(stderr, "--size %s: expected WxH between 320x240 and 8192x8192\n",
                         size.c_str());
            return 2;
        }
        o.width = w;
        o.height = h;
    }
    if (!o.demo && o.configPath.empty()) {
        std::fprintf(stderr, "kasir: give --config FILE for a store, or --demo (see --help)\n");
        return 2;
    }
    spdlog::set_level(spdlog::level::from_str(logLevel));
    return kiosk::app::runKiosk(o);
}
