#include "kiosk/app/sound.hpp"

#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>

using kiosk::Sound;
using kiosk::app::soundSamples;

namespace {
// Zero crossings per second: twice the frequency of a pure tone.
double crossingsPerSecond(const std::vector<int16_t>& s, int rate) {
    int crossings = 0;
    for (size_t i = 1; i < s.size(); ++i)
        if ((s[i - 1] < 0) != (s[i] < 0))
            ++crossings;
    return crossings * static_cast<double>(rate) / static_cast<double>(s.size());
}
}  // namespace

TEST(Sound, GoodScanIsAShortHighBeepAndErrorsAreLowAndLonger) {
    const int rate = 44100;
    const auto good = soundSamples(Sound::Good, rate);
    const auto error = soundSamples(Sound::Error, rate);
    const auto attention = soundSamples(Sound::Attention, rate);
    EXPECT_NEAR(good.size(), rate * 90 / 1000, 2);
    EXPECT_GT(error.size(), good.size() * 4);
    EXPECT_GT(attention.size(), good.size() * 3);
    EXPECT_NEAR(crossingsPerSecond(good, rate), 2 * 1760, 60);
    EXPECT_LT(crossingsPerSecond(error, rate), 2 * 400);
    // Ramps at both ends: no click.
    EXPECT_LT(std::abs(good.front()), 200);
    EXPECT_LT(std::abs(good.back()), 200);
    const auto peak = *std::max_element(good.begin(), good.end());
    EXPECT_GT(peak, 10000);
}
