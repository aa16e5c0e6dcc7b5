// The kiosk's sounds, generated (no sound files): a short high beep for a good scan, a low
// double tone for an unknown or refused code, a two-note chime for attention. SDL audio; a
// machine without a sound device logs once and stays silent.
#pragma once

#include <cstdint>
#include <vector>

#include "kiosk/core/checkout_machine.hpp"

namespace kiosk::app {

// 16-bit mono samples at `rate` Hz for one cue (pure; tested).
std::vector<int16_t> soundSamples(Sound sound, int rate);

class SoundOutput {
  public:
    SoundOutput();  // opens the default device (needs SDL_INIT_AUDIO)
    ~SoundOutput();
    SoundOutput(const SoundOutput&) = delete;
    SoundOutput& operator=(const SoundOutput&) = delete;
    void play(Sound sound);
    bool available() const { return device_ != 0; }

  private:
    uint32_t device_ = 0;
    int rate_ = 44100;
};

}  // namespace kiosk::app
