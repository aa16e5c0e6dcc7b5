#include "kiosk/app/sound.hpp"

#include <SDL.h>

#include <cmath>

#include <spdlog/spdlog.h>

namespace kiosk::app {
namespace {

void tone(std::vector<int16_t>& out, int rate, double hz, int ms, double volume) {
    const int n = rate * ms / 1000;
    const int fade = rate / 200;  // 5 ms ramps: no clicks
    for (int i = 0; i < n; ++i) {
        double env = 1.0;
        if (i < fade)
            env = static_cast<double>(i) / fade;
        else if (i > n - fade)
            env = static_cast<double>(n - i) / fade;
        out.push_back(static_cast<int16_t>(
            std::lround(32767.0 * volume * env * std::sin(2.0 * M_PI * hz * i / rate))));
    }
}

void silence(std::vector<int16_t>& out, int rate, int ms) {
    out.insert(out.end(), static_cast<size_t>(rate * ms / 1000), 0);
}

}  // namespace

std::vector<int16_t> soundSamples(Sound sound, int rate) {
    std::vector<int16_t> s;
    switch (sound) {
        case Sound::Good:
            tone(s, rate, 1760, 90, 0.5);
            break;
        case Sound::Error:
            tone(s, rate, 330, 160, 0.6);
            silence(s, rate, 60);
            tone(s, rate, 262, 240, 0.6);
            break;
        case Sound::Attention:
            tone(s, rate, 880, 150, 0.5);
            silence(s, rate, 40);
            tone(s, rate, 1175, 220, 0.5);
            break;
    }
    return s;
}

SoundOutput::SoundOutput() {
    SDL_AudioSpec want{};
    want.freq = rate_;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    SDL_AudioSpec have{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device_ == 0) {
        spdlog::warn("no sound device ({}): the kiosk stays silent", SDL_GetError());
        return;
    }
    rate_ = have.freq;
    SDL_PauseAudioDevice(device_, 0);
}

SoundOutput::~SoundOutput() {
    if (device_ != 0)
        SDL_CloseAudioDevice(device_);
}

void SoundOutput::play(Sound sound) {
    if (device_ == 0)
        return;
    // A new cue replaces one still playing: the newest event is the one that matters.
    SDL_ClearQueuedAudio(device_);
    const auto samples = soundSamples(sound, rate_);
    SDL_QueueAudio(device_, samples.data(), static_cast<Uint32>(samples.size() * sizeof(int16_t)));
}

}  // namespace kiosk::app
