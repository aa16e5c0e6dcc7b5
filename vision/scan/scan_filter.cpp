// ScanFilter: agreement across frames and one scan per presence of a code.
#include "vision/scan/scan_filter.hpp"

#include <algorithm>

namespace kiosk::vision {

ScanFilter::ScanFilter(ScanFilterOptions options) : options_(options) {
    options_.agreeFrames = std::max(1, options_.agreeFrames);
}

std::string ScanFilter::keyOf(const Detection& d) {
    const std::string& t = d.text;
    const size_t space = t.find(' ');
    const std::string main = t.substr(0, space);
    const bool digits = !main.empty() && std::all_of(main.begin(), main.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (digits &&
        (main.size() == 8 || main.size() == 12 || main.size() == 13 || main.size() == 14) &&
        d.format != "UPC-E") {
        std::string key = std::string(14 - main.size(), '0') + main;
        if (space != std::string::npos)
            key += t.substr(space);
        return key;
    }
    return d.format + ":" + t;
}

std::vector<FilterHit> ScanFilter::update(Timestamp now, const std::vector<Detection>& detections) {
    // Codes out of view for longer than the absence window are forgotten.
    std::erase_if(tracks_, [&](const Track& t) { return now - t.lastSeen > options_.absence; });

    std::vector<FilterHit> hits;
    std::vector<std::string> seenThisFrame;
    for (const Detection& d : detections) {
        const std::string key = keyOf(d);
        if (std::find(seenThisFrame.begin(), seenThisFrame.end(), key) != seenThisFrame.end())
            continue;  // two reads of one code in one frame are one read
        seenThisFrame.push_back(key);
        auto it = std::find_if(tracks_.begin(), tracks_.end(),
                               [&](const Track& t) { return t.key == key; });
        if (it == tracks_.end()) {
            tracks_.push_back(Track{key, now, now, now, 0, false});
            it = tracks_.end() - 1;
        }
        Track& t = *it;
        // A clock that steps back (camera timestamps) must not open a false absence later.
        t.lastSeen = std::max(t.lastSeen, now);
        if (t.accepted)
            continue;
        if (now - t.firstRead > options_.agreeWindow) {
            t.firstRead = now;
            t.reads = 0;
        }
        ++t.reads;
        if (t.reads >= options_.agreeFrames) {
            t.accepted = true;
            hits.push_back(FilterHit{d, key, t.reads, t.firstSeen, now});
        }
    }
    return hits;
}

}  // namespace kiosk::vision
