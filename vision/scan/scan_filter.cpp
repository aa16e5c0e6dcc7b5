// ScanFilter: agreement across frames and one scan per presence of a code.
#include "vision/scan/scan_filter.hpp"

#include <algorithm>

#include "kiosk/core/gs1.hpp"

namespace kiosk::vision {

ScanFilter::ScanFilter(ScanFilterOptions options) : options_(options) {
    options_.agreeFrames = std::max(1, options_.agreeFrames);
}

std::string ScanFilter::keyOf(const Detection& d) {
    // The product, not the symbol: a periodical's frames alternate between the code with its
    // add-on and without (the add-on needs two agreeing reads), and a pack may carry an EAN-13
    // and a GS1 DataMatrix or Digital Link QR with the same GTIN. Keying on the symbol's text
    // made each of those a second scan of one item. Plain GTINs without variable-measure rules,
    // so two labels of one weighed product with different prices stay two codes.
    static const VariableMeasureRules kNoRules;
    auto code = interpretScan(d.text, d.symbologyId.empty() ? d.format : d.symbologyId, kNoRules);
    if (code && !code->gtin14.empty())
        return code->gtin14;
    return d.format + ":" + d.text;
}

std::vector<FilterHit> ScanFilter::update(Timestamp now, const std::vector<Detection>& detections) {
    // Codes out of view for longer than the absence window, over enough frames, are forgotten.
    std::erase_if(tracks_, [&](const Track& t) {
        return now - t.lastSeen > options_.absence && t.missed >= options_.absenceFrames;
    });

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
            tracks_.push_back(Track{key, now, now, now, 0, 0, false});
            it = tracks_.end() - 1;
        }
        Track& t = *it;
        // A clock that steps back (camera timestamps) must not open a false absence later.
        t.lastSeen = std::max(t.lastSeen, now);
        t.missed = 0;
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
    for (Track& t : tracks_)
        if (std::find(seenThisFrame.begin(), seenThisFrame.end(), t.key) == seenThisFrame.end())
            ++t.missed;
    return hits;
}

}  // namespace kiosk::vision
