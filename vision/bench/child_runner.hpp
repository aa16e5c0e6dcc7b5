// Runs a decoder over many images in a forked child, so that a decoder that aborts (ZXing
// 1.4.0 on some images) costs one image, not the benchmark: the child is restarted after the
// image that killed it, and that image is counted as a crash.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace kiosk::vision::bench {

struct ChildAnswer {
    bool crashed = false;  // the child died or hung on this image
    std::string format;    // empty: nothing decoded
    std::string text;
    double ms = 0;      // CPU time of the decode
    double wallMs = 0;  // wall clock of the decode
};

// Calls work(i) for i in [0, count) in child processes (fork without exec: the caller must
// not hold locks and should be single-threaded). A child silent for `hangSeconds` is killed.
std::vector<ChildAnswer> runInChildren(int count, const std::function<ChildAnswer(int)>& work,
                                       int hangSeconds = 20);

}  // namespace kiosk::vision::bench
