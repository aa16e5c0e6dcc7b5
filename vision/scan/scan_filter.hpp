// ScanFilter: turns per-frame detections into scans. A code is accepted once it has been read
// in enough frames; an item held still is one scan; the same code again after it left the
// view is a new scan. Pure and deterministic: time comes from the frames.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/time.hpp"
#include "vision/decode/frame.hpp"

namespace kiosk::vision {

struct ScanFilterOptions {
    // Frames that must read the same code before it is accepted (1: at the first read, for a
    // still image or a trusted source). Live video: 2 or 3.
    int agreeFrames = 2;
    // Those reads must fall within this span from the first of them; a lone misread expires.
    Millis agreeWindow = 700;
    // A code unseen this long has left the view: seeing it again is a new scan.
    Millis absence = 1000;
    // ...and only once this many frames were decoded without it: a stalled scan thread (a
    // decoder restarting, a starved CPU) sees no frames, which says nothing about the item.
    int absenceFrames = 3;
};

struct FilterHit {
    Detection detection;  // the read that completed the agreement
    std::string key;      // what identified the code across frames (GTIN-14 or text)
    int agreeingFrames = 0;
    Timestamp firstSeen = 0;  // first read of this presence
    Timestamp acceptedAt = 0;
};

class ScanFilter {
  public:
    explicit ScanFilter(ScanFilterOptions options = {});

    // The detections of one frame captured at `now` (frames in time order); returns the codes
    // accepted as new scans by this frame, in the order the decoder listed them.
    std::vector<FilterHit> update(Timestamp now, const std::vector<Detection>& detections);

    // Forget every code (e.g. the sale ended and the scene should count afresh).
    void reset() { tracks_.clear(); }
    size_t tracked() const { return tracks_.size(); }
    const ScanFilterOptions& options() const { return options_; }

    // The identity of a read across frames: the GTIN-14 of anything that carries one (EAN-13,
    // UPC-A, UPC-E, with or without add-on, DataBar, GS1 element strings and Digital Links
    // with AI 01); other symbols by their format and text.
    static std::string keyOf(const Detection& d);

  private:
    struct Track {
        std::string key;
        Timestamp firstRead = 0;  // first read of the current agreement attempt
        Timestamp firstSeen = 0;  // first read of this presence
        Timestamp lastSeen = 0;
        int missed = 0;  // frames since lastSeen that did not show it
        int reads = 0;
        bool accepted = false;
    };

    ScanFilterOptions options_;
    std::vector<Track> tracks_;
};

}  // namespace kiosk::vision
