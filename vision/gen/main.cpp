// kasir-barcode-gen: renders catalogue barcodes into a synthetic camera feed (image folder or
// lossless video) with manifests, for the demo and the end-to-end scanning tests.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <random>

#include "vision/gen/generate.hpp"

using namespace kiosk::vision::gen;

int main(int argc, char** argv) {
    CLI::App app{"Render catalogue barcodes into a synthetic camera feed (deterministic)"};
    std::string catalog;
    std::string column = "code";
    std::vector<std::string> codes;
    GenerateOptions o;
    int items = 20;
    bool shuffle = false;
    std::string difficulty = "medium";
    app.add_option("--catalog", catalog, "catalogue CSV (e.g. assets/demo/products.csv)");
    app.add_option("--column", column, "header of the GTIN column")->capture_default_str();
    app.add_option("--code", codes, "a GTIN to show (repeatable; instead of --catalog)");
    app.add_option("--out", o.outDir, "output folder of PNG frames");
    app.add_option("--video", o.videoPath, "output video: .mkv (FFV1) or .mp4 (H.264)");
    app.add_option("--items", items, "items to show")->capture_default_str();
    app.add_flag("--shuffle", shuffle, "pick the items at random (from the seed)");
    app.add_option("--seed", o.seed, "random seed")->capture_default_str();
    app.add_option("--width", o.scene.width, "frame width")->capture_default_str();
    app.add_option("--height", o.scene.height, "frame height")->capture_default_str();
    app.add_option("--fps", o.fps, "frames per second")->capture_default_str();
    app.add_option("--hold-frames", o.holdFrames, "frames each item is in view")
        ->capture_default_str();
    app.add_option("--gap-frames", o.gapFrames, "empty frames before each item")
        ->capture_default_str();
    app.add_option("--digital-link-every", o.digitalLinkEvery,
                   "every Nth item as a GS1 Digital Link QR code (0: none)")
        ->capture_default_str();
    app.add_option("--difficulty", difficulty, "easy, medium or hard")
        ->check(CLI::IsMember({"easy", "medium", "hard"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    o.scene.difficulty = difficulty == "easy"   ? Difficulty::Easy
                         : difficulty == "hard" ? Difficulty::Hard
                                                : Difficulty::Medium;
    if (o.outDir.empty() == o.videoPath.empty()) {
        std::fprintf(stderr, "kasir-barcode-gen: give --out DIR or --video FILE\n");
        return 2;
    }
    if (catalog.empty() == codes.empty()) {
        std::fprintf(stderr, "kasir-barcode-gen: give --catalog FILE or --code GTIN\n");
        return 2;
    }
    if (o.scene.width < 64 || o.scene.height < 64 || o.scene.width > 8192 ||
        o.scene.height > 8192) {
        std::fprintf(stderr, "kasir-barcode-gen: frame size must be 64 to 8192 pixels\n");
        return 2;
    }
    if (!catalog.empty()) {
        int skipped = 0;
        auto gtins = catalogueGtins(catalog, column, &skipped);
        if (!gtins) {
            std::fprintf(stderr, "kasir-barcode-gen: %s\n", gtins.error().message.c_str());
            return 1;
        }
        if (gtins->empty()) {
            std::fprintf(stderr, "kasir-barcode-gen: %s has no printable GTINs\n", catalog.c_str());
            return 1;
        }
        if (shuffle) {
            std::mt19937_64 rng(o.seed ^ 0x9e3779b97f4a7c15ULL);
            std::shuffle(gtins->begin(), gtins->end(), rng);
        }
        for (int i = 0; i < items; ++i)
            o.gtins.push_back((*gtins)[static_cast<size_t>(i) % gtins->size()]);
        if (skipped > 0)
            std::fprintf(stderr,
                         "kasir-barcode-gen: %d catalogue rows without a printable GTIN "
                         "skipped\n",
                         skipped);
    } else {
        o.gtins = codes;
    }
    auto scans = generateFeed(o);
    if (!scans) {
        std::fprintf(stderr, "kasir-barcode-gen: %s\n", scans.error().message.c_str());
        return 1;
    }
    const int64_t frames = scans->empty() ? 0 : scans->back().lastFrame + 1 + o.gapFrames;
    std::printf("%zu items, %lld frames at %.0f fps -> %s\n", scans->size(),
                static_cast<long long>(frames), o.fps,
                o.outDir.empty() ? o.videoPath.c_str() : o.outDir.c_str());
    return 0;
}
