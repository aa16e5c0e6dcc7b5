#include "devices/scale/scale_factory.hpp"

#include <gtest/gtest.h>

#include "scale_fixtures.hpp"

namespace kiosk::devices {
namespace {

using config::Section;
using config::SettingValue;

Section section(std::initializer_list<std::pair<const char*, SettingValue>> values) {
    Section s("kasir.toml", "devices.scale", 10);
    uint32_t line = 11;
    for (const auto& [k, v] : values) {
        SettingValue value = v;
        value.line = line++;
        s.set(k, value);
    }
    return s;
}

SettingValue str(const char* t) {
    return {t, SettingValue::Type::String, 0};
}
SettingValue num(const char* t) {
    return {t, SettingValue::Type::Integer, 0};
}

TEST(ScaleConfig, ReadsEveryKey) {
    auto c = scaleConfigFromSection(
        section({{"url", str("serial:///dev/ttyUSB0?baud=9600&parity=even&bits=7")},
                 {"protocol", str("sci")},
                 {"capacity_grams", num("6000")},
                 {"min_grams", num("20")},
                 {"poll_ms", num("250")},
                 {"timeout_ms", num("800")},
                 {"sim_script", str("motion 2; weight 400")}}),
        std::nullopt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_TRUE(c->enabled);
    EXPECT_EQ(c->url.path, "/dev/ttyUSB0");
    EXPECT_EQ(c->protocol, ScaleProtocol::DatalogicSci);
    EXPECT_EQ(c->limits.capacityGrams, 6000);
    EXPECT_EQ(c->limits.minGrams, 20);
    EXPECT_EQ(c->pollInterval, 250);
    EXPECT_EQ(c->replyTimeout, 800);
    EXPECT_EQ(c->simScript.size(), 2u);
}

TEST(ScaleConfig, DefaultsAndOverride) {
    auto c = scaleConfigFromSection(Section(), std::nullopt);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->enabled);
    EXPECT_TRUE(c->url.isSim());
    EXPECT_EQ(c->protocol, ScaleProtocol::Toledo8217);
    auto o = scaleConfigFromSection(Section(), std::string("serial:///dev/ttyS1?parity=odd"));
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_TRUE(o->enabled);
    EXPECT_EQ(o->url.path, "/dev/ttyS1");
}

TEST(ScaleConfig, ProblemsNameFileLineAndKey) {
    struct Case {
        Section s;
        const char* expect;
    };
    std::vector<Case> cases;
    cases.push_back(
        {section({{"prtocol", str("8217")}}), "kasir.toml:11: devices.scale.prtocol: unknown key"});
    cases.push_back(
        {section({{"protocol", str("8218")}}), "devices.scale.protocol: must be one of"});
    cases.push_back(
        {section({{"url", str("tcp://1.2.3.4:9100")}}), "devices.scale.url: a scale is"});
    cases.push_back(
        {section({{"url", str("serial:///dev/ttyS0?parity=mark")}}), "devices.scale.url"});
    cases.push_back(
        {section({{"capacity_grams", str("15kg")}}), "capacity_grams: must be an integer"});
    cases.push_back({section({{"capacity_grams", num("100")}, {"min_grams", num("200")}}),
                     "min_grams: must not exceed capacity_grams"});
    cases.push_back({section({{"poll_ms", num("1")}}), "devices.scale.poll_ms: must be between"});
    cases.push_back({section({{"sim_script", str("wobble")}}), "devices.scale.sim_script"});
    for (const auto& c : cases) {
        auto r = scaleConfigFromSection(c.s, std::nullopt);
        ASSERT_FALSE(r) << c.expect;
        EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
    }
    auto bad = scaleConfigFromSection(Section(), std::string("serial:/dev/ttyS0"));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("--scale"), std::string::npos);
}

TEST(ScaleDevice, SimAddressStartsTheSimulatorBehindARealPty) {
    auto c = scaleConfigFromSection(section({{"url", str("sim")},
                                             {"protocol", str("8217")},
                                             {"poll_ms", num("20")},
                                             {"sim_script", str("motion 1; weight 1500")}}),
                                    std::nullopt);
    ASSERT_TRUE(c) << c.error().message;
    auto device = makeScaleDevice(*c);
    ASSERT_TRUE(device) << device.error().message;
    ASSERT_TRUE(device->simulator);
    EXPECT_EQ(device->address, "sim");
    auto scale = device->connect();
    ASSERT_TRUE(scale) << scale.error().message;
    auto first = (*scale)->read();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->state, WeightState::Motion);
    auto second = (*scale)->read();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->grams, 1500);
    EXPECT_NE((*scale)->describe().find("/dev/pts/"), std::string::npos);
}

TEST(ScaleDevice, SerialAddressOpensOnEachConnect) {
    auto pty = Pty::open();
    ASSERT_TRUE(pty);
    auto c = scaleConfigFromSection(Section(), "serial://" + pty->slavePath() + "?baud=19200");
    ASSERT_TRUE(c);
    auto device = makeScaleDevice(*c);
    ASSERT_TRUE(device);
    EXPECT_FALSE(device->simulator);
    auto scale = device->connect();
    ASSERT_TRUE(scale) << scale.error().message;
    EXPECT_NE((*scale)->describe().find("19200 7E1"), std::string::npos) << (*scale)->describe();
    auto missing = scaleConfigFromSection(Section(), std::string("serial:///dev/ttyKASIRnone"));
    ASSERT_TRUE(missing);
    auto none = makeScaleDevice(*missing);
    ASSERT_TRUE(none);  // opening is the monitor's job, so a missing scale does not stop start-up
    EXPECT_FALSE(none->connect());
}

}  // namespace
}  // namespace kiosk::devices
