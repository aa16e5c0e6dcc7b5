// openFrameSource: a source from the one-line description a configuration file holds.
#include <charconv>
#include <map>

#include "vision/source/frame_source.hpp"

namespace kiosk::vision {
namespace {

Error bad(const std::string& spec, const std::string& why) {
    return makeError(ErrorCode::InvalidArgument, "camera source '" + spec + "': " + why);
}

bool toInt(const std::string& s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool toBool(const std::string& s, bool& out) {
    if (s == "1" || s == "true" || s == "yes") {
        out = true;
        return true;
    }
    if (s == "0" || s == "false" || s == "no") {
        out = false;
        return true;
    }
    return false;
}

}  // namespace

Result<std::unique_ptr<FrameSource>> openFrameSource(const std::string& spec) {
    const size_t colon = spec.find(':');
    if (colon == std::string::npos)
        return bad(spec, "expected KIND:WHERE, KIND one of v4l2, video, folder, still");
    const std::string kind = spec.substr(0, colon);
    std::string where = spec.substr(colon + 1);
    std::map<std::string, std::string> params;
    if (const size_t q = where.find('?'); q != std::string::npos) {
        std::string query = where.substr(q + 1);
        where.resize(q);
        size_t start = 0;
        while (start <= query.size()) {
            size_t amp = query.find('&', start);
            if (amp == std::string::npos)
                amp = query.size();
            const std::string pair = query.substr(start, amp - start);
            if (!pair.empty()) {
                const size_t eq = pair.find('=');
                if (eq == std::string::npos)
                    return bad(spec, "option '" + pair + "' needs a value (name=value)");
                params[pair.substr(0, eq)] = pair.substr(eq + 1);
            }
            start = amp + 1;
        }
    }
    auto take = [&](const std::string& key) -> std::optional<std::string> {
        auto it = params.find(key);
        if (it == params.end())
            return std::nullopt;
        std::string v = it->second;
        params.erase(it);
        return v;
    };
    std::string problem;
    auto intParam = [&](const std::string& key, int& out, int lo, int hi) {
        if (auto v = take(key)) {
            int n = 0;
            if (!toInt(*v, n) || n < lo || n > hi)
                problem = key + " must be a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi);
            else
                out = n;
        }
    };
    auto boolParam = [&](const std::string& key, bool& out) {
        if (auto v = take(key); v && !toBool(*v, out))
            problem = key + " must be 0 or 1";
    };
    std::unique_ptr<FrameSource> source;
    if (kind == "v4l2") {
        CameraOptions o;
        if (!where.empty())
            o.device = where;
        intParam("width", o.width, 16, 8192);
        intParam("height", o.height, 16, 8192);
        intParam("fps", o.fps, 1, 240);
        if (auto f = take("fourcc")) {
            if (*f != "MJPG" && *f != "YUYV")
                problem = "fourcc must be MJPG or YUYV";
            o.fourcc = *f;
        }
        if (problem.empty() && params.empty())
            source = makeCameraSource(o);
    } else if (kind == "video") {
        VideoOptions o;
        o.path = where;
        boolParam("loop", o.loop);
        boolParam("realtime", o.realtime);
        if (where.empty())
            problem = "the video file is missing";
        if (problem.empty() && params.empty())
            source = makeVideoSource(o);
    } else if (kind == "folder") {
        FolderOptions o;
        o.path = where;
        int fps = 30;
        intParam("fps", fps, 1, 240);
        o.fps = fps;
        boolParam("loop", o.loop);
        boolParam("realtime", o.realtime);
        if (where.empty())
            problem = "the image folder is missing";
        if (problem.empty() && params.empty())
            source = makeFolderSource(o);
    } else if (kind == "still") {
        int fps = 15;
        intParam("fps", fps, 1, 120);
        if (problem.empty() && params.empty())
            source = std::make_unique<StillSource>(fps);
    } else {
        return bad(spec, "unknown kind '" + kind + "' (v4l2, video, folder, still)");
    }
    if (!problem.empty())
        return bad(spec, problem);
    if (!params.empty())
        return bad(spec, "unknown option '" + params.begin()->first + "'");
    return source;
}

}  // namespace kiosk::vision
