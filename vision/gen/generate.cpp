// generateFeed: the timeline of items and empty scenes, written as PNGs or a lossless video.
#include "vision/gen/generate.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>
#include <sstream>

#include "kiosk/admin/csv.hpp"
#include "kiosk/core/gtin.hpp"

namespace kiosk::vision::gen {
namespace {

namespace fs = std::filesystem;

Result<cv::VideoWriter> openVideo(const std::string& path, double fps, cv::Size size) {
    const std::string ext = fs::path(path).extension().string();
    // Lossy MJPG or mp4v destroys thin bars; only lossless FFV1 or H.264 keep codes readable.
    const int fourcc = ext == ".mp4" ? cv::VideoWriter::fourcc('a', 'v', 'c', '1')
                                     : cv::VideoWriter::fourcc('F', 'F', 'V', '1');
    if (ext != ".mp4" && ext != ".mkv" && ext != ".avi")
        return makeError(ErrorCode::InvalidArgument,
                         "video '" + path + "': use .mkv or .avi (FFV1, lossless) or .mp4 (H.264)");
    cv::VideoWriter w;
    try {
        w.open(path, cv::CAP_FFMPEG, fourcc, fps, size);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Unsupported, "cannot write video '" + path + "': " + e.what());
    }
    if (!w.isOpened())
        return makeError(ErrorCode::Unsupported,
                         "cannot write video '" + path + "': this OpenCV build lacks the codec");
    return w;
}

}  // namespace

Result<std::vector<GeneratedScan>> generateFeed(const GenerateOptions& o) {
    if (o.gtins.empty())
        return makeError(ErrorCode::InvalidArgument, "no items to show");
    if (o.holdFrames < 1 || o.gapFrames < 0 || o.fps <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "hold frames, gap frames and fps must be positive");
    const bool video = !o.videoPath.empty();
    if (video == !o.outDir.empty())
        return makeError(ErrorCode::InvalidArgument, "give either an output folder or a video");

    std::string manifestPath, scansPath;
    cv::VideoWriter writer;
    if (video) {
        auto w = openVideo(o.videoPath, o.fps, cv::Size(o.scene.width, o.scene.height));
        if (!w)
            return w.error();
        writer = std::move(*w);
        manifestPath = o.videoPath + ".manifest.csv";
        scansPath = o.videoPath + ".expected_scans.csv";
    } else {
        std::error_code ec;
        fs::create_directories(o.outDir, ec);
        if (ec)
            return makeError(ErrorCode::Io, "cannot create " + o.outDir + ": " + ec.message());
        manifestPath = (fs::path(o.outDir) / "manifest.csv").string();
        scansPath = (fs::path(o.outDir) / "expected_scans.csv").string();
    }
    std::ofstream manifest(manifestPath);
    std::ofstream scansOut(scansPath);
    if (!manifest || !scansOut)
        return makeError(ErrorCode::Io, "cannot write " + manifestPath);
    manifest << "frame,file,time_ms,scan,format,text,gtin14,x0,y0,x1,y1,x2,y2,x3,y3\n";
    scansOut << "scan,gtin14,format,text,first_frame,last_frame\n";

    SceneGenerator gen(o.scene, o.seed);
    std::vector<GeneratedScan> scans;
    int64_t frame = 0;
    const std::vector<int> png = {cv::IMWRITE_PNG_COMPRESSION, 1};
    auto emit = [&](const cv::Mat& image, const GeneratedScan* scan,
                    const std::array<PointF, 4>& c) -> Result<void> {
        std::string file;
        if (video) {
            writer.write(image);
        } else {
            file = fmt::format("frame_{:06d}.png", frame);
            if (!cv::imwrite((fs::path(o.outDir) / file).string(), image, png))
                return makeError(ErrorCode::Io, "cannot write " + file + " in " + o.outDir);
        }
        const auto t = static_cast<int64_t>(static_cast<double>(frame) * 1000.0 / o.fps);
        manifest << fmt::format("{},{},{},", frame, file, t);
        if (scan)
            manifest << fmt::format(
                "{},{},{},{},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f}\n", scan->scan,
                scan->format, admin::csvField(scan->text), scan->gtin14, c[0].x, c[0].y, c[1].x,
                c[1].y, c[2].x, c[2].y, c[3].x, c[3].y);
        else
            manifest << ",,,,,,,,,,,\n";
        ++frame;
        return {};
    };

    int item = 0;
    for (const std::string& gtin : o.gtins) {
        ++item;
        const bool dl = o.digitalLinkEvery > 0 && item % o.digitalLinkEvery == 0;
        auto spec = codeForGtin(gtin, dl);
        if (!spec)
            return spec.error();
        auto label = renderLabel(*spec);
        if (!label)
            return label.error();
        const cv::Mat bg = gen.background();
        for (int i = 0; i < o.gapFrames; ++i)
            if (auto r = emit(gen.empty(bg), nullptr, {}); !r)
                return r.error();
        GeneratedScan s;
        s.scan = item;
        s.gtin14 = *normalizeGtin14(gtin);
        s.format = spec->format;
        s.text = spec->text;
        s.firstFrame = frame;
        Pose pose = gen.pose(label->size());
        for (int i = 0; i < o.holdFrames; ++i) {
            std::array<PointF, 4> corners{};
            const cv::Mat image = gen.compose(bg, *label, pose, &corners);
            if (auto r = emit(image, &s, corners); !r)
                return r.error();
            pose = gen.drift(pose);
        }
        s.lastFrame = frame - 1;
        scansOut << fmt::format("{},{},{},{},{},{}\n", s.scan, s.gtin14, s.format,
                                admin::csvField(s.text), s.firstFrame, s.lastFrame);
        scans.push_back(s);
    }
    // The last item leaves the view too.
    const cv::Mat bg = gen.background();
    for (int i = 0; i < o.gapFrames; ++i)
        if (auto r = emit(gen.empty(bg), nullptr, {}); !r)
            return r.error();
    if (video)
        writer.release();
    manifest.close();
    scansOut.close();
    if (!manifest || !scansOut)
        return makeError(ErrorCode::Io, "cannot finish writing " + manifestPath);
    return scans;
}

Result<std::vector<std::string>> catalogueGtins(const std::string& csvPath,
                                                const std::string& column, int* skipped) {
    std::ifstream in(csvPath, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, "cannot open " + csvPath);
    std::stringstream buf;
    buf << in.rdbuf();
    auto records = admin::parseCsv(buf.str(), csvPath);
    if (!records)
        return records.error();
    if (records->empty())
        return makeError(ErrorCode::InvalidArgument, csvPath + " is empty");
    const auto& header = records->front().fields;
    const auto it = std::find(header.begin(), header.end(), column);
    if (it == header.end())
        return makeError(ErrorCode::InvalidArgument,
                         csvPath + " has no column '" + column + "' in its header");
    const auto col = static_cast<size_t>(it - header.begin());
    std::vector<std::string> out;
    int bad = 0;
    for (size_t i = 1; i < records->size(); ++i) {
        const auto& f = (*records)[i].fields;
        if (col < f.size() && isValidGtin(f[col]) && codeForGtin(f[col], false).ok())
            out.push_back(f[col]);
        else
            ++bad;
    }
    if (skipped)
        *skipped = bad;
    return out;
}

Result<std::vector<GeneratedScan>> readExpectedScans(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, "cannot open " + path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto records = admin::parseCsv(buf.str(), path);
    if (!records)
        return records.error();
    std::vector<GeneratedScan> out;
    for (size_t i = 1; i < records->size(); ++i) {
        const auto& f = (*records)[i].fields;
        if (f.size() != 6)
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{}:{}: expected 6 fields", path, (*records)[i].line));
        try {
            out.push_back(GeneratedScan{std::stoi(f[0]), f[1], f[2], f[3], std::stoll(f[4]),
                                        std::stoll(f[5])});
        } catch (const std::exception&) {
            return makeError(ErrorCode::Corrupt,
                             fmt::format("{}:{}: bad number", path, (*records)[i].line));
        }
    }
    return out;
}

}  // namespace kiosk::vision::gen
