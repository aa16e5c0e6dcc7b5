// Image decoding and conversion shared by the sources: every odd image becomes 8-bit BGR or a
// counted, explained error.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <iterator>

#include "vision/source/capture_device.hpp"

namespace kiosk::vision {
namespace {

// OpenCV decodes some damaged files (a JPEG without its end, a PNG cut short) into a partly
// grey picture with only a warning; the file's own end markers tell us it is truncated.
bool looksTruncated(const std::vector<uint8_t>& b) {
    if (b.size() >= 8 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
        if (b.size() < 12)
            return true;
        const std::string tail(b.end() - 12, b.end());
        return tail.find("IEND") == std::string::npos;
    }
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        size_t end = b.size();
        while (end > 2 && b[end - 1] == 0x00)  // some writers pad after the end marker
            --end;
        return !(b[end - 2] == 0xFF && b[end - 1] == 0xD9);
    }
    return false;
}

}  // namespace

Result<cv::Mat> toBgr8(const cv::Mat& image, bool* converted) {
    if (converted)
        *converted = false;
    if (image.empty() || image.cols <= 0 || image.rows <= 0)
        return makeError(ErrorCode::InvalidArgument, "the image has no pixels");
    try {
        cv::Mat m = image;
        if (m.depth() != CV_8U) {
            cv::Mat eight;
            if (m.depth() == CV_16U)
                m.convertTo(eight, CV_8U, 1.0 / 257.0);
            else if (m.depth() == CV_32F || m.depth() == CV_64F)
                m.convertTo(eight, CV_8U, 255.0);  // floating point images hold 0..1
            else {
                cv::Mat normalised;
                cv::normalize(m, normalised, 0, 255, cv::NORM_MINMAX, CV_8U);
                eight = normalised;
            }
            m = eight;
            if (converted)
                *converted = true;
        }
        cv::Mat bgr;
        switch (m.channels()) {
            case 1:
                cv::cvtColor(m, bgr, cv::COLOR_GRAY2BGR);
                break;
            case 2: {  // gray + alpha
                std::vector<cv::Mat> planes;
                cv::split(m, planes);
                cv::Mat white(planes[0].size(), CV_8U, cv::Scalar(255));
                cv::Mat alpha;
                planes[1].convertTo(alpha, CV_32F, 1.0 / 255.0);
                cv::Mat g, w;
                planes[0].convertTo(g, CV_32F);
                white.convertTo(w, CV_32F);
                cv::Mat mixed = g.mul(alpha) + w.mul(1.0 - alpha);
                mixed.convertTo(g, CV_8U);
                cv::cvtColor(g, bgr, cv::COLOR_GRAY2BGR);
                if (converted)
                    *converted = true;
                break;
            }
            case 3:
                bgr = m;
                break;
            case 4: {
                // A transparent background would turn black and hide a black code: composite
                // over white, as the label would look printed.
                std::vector<cv::Mat> planes;
                cv::split(m, planes);
                cv::Mat alpha;
                planes[3].convertTo(alpha, CV_32F, 1.0 / 255.0);
                std::vector<cv::Mat> out(3);
                for (int c = 0; c < 3; ++c) {
                    cv::Mat p;
                    planes[static_cast<size_t>(c)].convertTo(p, CV_32F);
                    cv::Mat mixed = p.mul(alpha) + (1.0 - alpha) * 255.0;
                    mixed.convertTo(out[static_cast<size_t>(c)], CV_8U);
                }
                cv::merge(out, bgr);
                if (converted)
                    *converted = true;
                break;
            }
            default:
                return makeError(
                    ErrorCode::Unsupported,
                    "images with " + std::to_string(m.channels()) + " channels are not supported");
        }
        return bgr;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InvalidArgument,
                         std::string("image conversion failed: ") + e.what());
    }
}

Result<cv::Mat> loadImageFile(const std::string& path, bool* converted) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, "cannot open " + path);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad())
        return makeError(ErrorCode::Io, "cannot read " + path);
    if (bytes.empty())
        return makeError(ErrorCode::Corrupt, path + " is an empty file");
    if (looksTruncated(bytes))
        return makeError(ErrorCode::Corrupt, path + " is truncated (the image ends early)");
    cv::Mat decoded;
    try {
        decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Corrupt, path + " could not be decoded: " + e.what());
    }
    if (decoded.empty())
        return makeError(ErrorCode::Corrupt, path +
                                                 " is not a readable image (corrupt or an "
                                                 "unknown format)");
    auto bgr = toBgr8(decoded, converted);
    if (!bgr)
        return makeError(bgr.error().code, path + ": " + bgr.error().message);
    return bgr;
}

void fillFrame(const cv::Mat& bgr, int64_t index, Timestamp capturedAt, SourceFrame& out) {
    out.gray.width = bgr.cols;
    out.gray.height = bgr.rows;
    out.gray.index = index;
    out.gray.capturedAt = capturedAt;
    out.gray.pixels.resize(static_cast<size_t>(bgr.cols) * static_cast<size_t>(bgr.rows));
    cv::Mat gray(bgr.rows, bgr.cols, CV_8U, out.gray.pixels.data());
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    out.colorWidth = bgr.cols;
    out.colorHeight = bgr.rows;
    out.rgb.resize(static_cast<size_t>(bgr.cols) * static_cast<size_t>(bgr.rows) * 3);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, out.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
}

}  // namespace kiosk::vision
