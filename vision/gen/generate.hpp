// Generates a scripted camera feed: items held up one after another, with empty scenes in
// between, as an image folder or a lossless video, plus manifests of what each frame shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "vision/gen/scene.hpp"

namespace kiosk::vision::gen {

struct GenerateOptions {
    std::vector<std::string> gtins;  // the items, in order of appearance
    SceneOptions scene;
    uint64_t seed = 1;
    int holdFrames = 15;       // frames an item is in view
    int gapFrames = 40;        // empty frames before each item (longer than the absence window)
    double fps = 30;           // the manifest's clock and the video's rate
    int digitalLinkEvery = 0;  // every Nth item as a QR GS1 Digital Link (0: never)
    std::string outDir;        // image folder (frame_000000.png ...) + manifest.csv
    std::string videoPath;     // or a video: .mkv (FFV1, lossless) or .mp4 (H.264 / avc1)
};

struct GeneratedScan {
    int scan = 0;  // 1-based, in order
    std::string gtin14;
    std::string format;  // as printed
    std::string text;
    int64_t firstFrame = 0;
    int64_t lastFrame = 0;
};

// Writes the frames and, next to them, manifest.csv (one row per frame: frame, file, time_ms,
// scan, format, text, gtin14, corners) and expected_scans.csv (one row per item).
// For a video the manifests are VIDEO.manifest.csv and VIDEO.expected_scans.csv.
Result<std::vector<GeneratedScan>> generateFeed(const GenerateOptions& options);

// The valid GTINs of a catalogue CSV's column (header name), in file order; rows with other
// codes are skipped and counted in `skipped`.
Result<std::vector<std::string>> catalogueGtins(const std::string& csvPath,
                                                const std::string& column, int* skipped);

// Reads expected_scans.csv back (for tests and the demo's checks).
Result<std::vector<GeneratedScan>> readExpectedScans(const std::string& path);

}  // namespace kiosk::vision::gen
