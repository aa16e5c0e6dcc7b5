// The kiosk program's body: options, start-up, the SDL/ImGui loop, scripted and benchmark
// runs. main.cpp parses the command line into AppOptions and calls runKiosk.
#pragma once

#include <chrono>
#include <string>

namespace kiosk::app {

struct AppOptions {
    std::string configPath;  // --config; --demo uses the demo's
    bool demo = false;
    std::string dbPath;  // --db: overrides [database] path (tests)
    bool headless = false;
    std::string scriptPath;
    std::string screenshotDir;
    int width = 0;  // --size; 0: fullscreen (windowed 1920x1080 when headless)
    int height = 0;
    std::string terminalUrl;
    std::string printerUrl;
    std::string scaleUrl;
    std::string handScannerUrl;
    std::string cameraSource;
    bool bench = false;
    int benchFrames = 600;
    int benchIdleSeconds = 10;
    bool highContrast = false;
    std::string assetsDir;  // translations; default: next to the program, else the source tree
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Returns the process exit status: 0 done (script passed), 1 failure (script line failed,
// bad configuration, unusable store), 2 never here (CLI errors are main's).
int runKiosk(const AppOptions& options);

}  // namespace kiosk::app
