#include "devices/common/device_url.hpp"

#include <gtest/gtest.h>

namespace kiosk::devices {
namespace {

TEST(DeviceUrl, Sim) {
    auto u = parseDeviceUrl("sim");
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_TRUE(u->isSim());
    auto v = parseDeviceUrl("sim:?paper_lines=40");
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->isSim());
    EXPECT_EQ(v->query.at("paper_lines"), "40");
}

TEST(DeviceUrl, TcpNeedsHostAndPort) {
    auto u = parseDeviceUrl("tcp://10.0.0.5:9100");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->scheme, "tcp");
    EXPECT_EQ(u->host, "10.0.0.5");
    EXPECT_EQ(u->port, 9100);
    EXPECT_FALSE(parseDeviceUrl("tcp://10.0.0.5"));
    EXPECT_FALSE(parseDeviceUrl("tcp://:9100"));
    EXPECT_FALSE(parseDeviceUrl("tcp://host:70000"));
    auto v6 = parseDeviceUrl("tcp://[::1]:9100");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
}

TEST(DeviceUrl, HttpDefaultsPortAndPath) {
    auto u = parseDeviceUrl("http://127.0.0.1:8443/nexo");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->port, 8443);
    EXPECT_EQ(u->path, "/nexo");
    auto s = parseDeviceUrl("HTTPS://terminal.local");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->scheme, "https");
    EXPECT_EQ(s->port, 443);
    EXPECT_EQ(s->path, "/");
}

TEST(DeviceUrl, SerialWithQuery) {
    auto u = parseDeviceUrl("serial:///dev/ttyS0?baud=9600&parity=even&bits=7");
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->path, "/dev/ttyS0");
    EXPECT_EQ(*u->queryInt("baud", 0, 50, 4'000'000), 9600);
    EXPECT_EQ(*u->queryInt("stop", 1, 1, 2), 1);
    EXPECT_EQ(u->query.at("parity"), "even");
    EXPECT_FALSE(u->queryInt("parity", 0, 0, 10));
}

TEST(DeviceUrl, RejectsGarbageWithAMessage) {
    for (const char* text : {"", "nonsense", "tcp:/x:1", "file://", "se rial://x", "a?b",
                             "serial:///dev/x?baud", "\x01"}) {
        auto u = parseDeviceUrl(text);
        ASSERT_FALSE(u) << text;
        EXPECT_NE(u.error().message.find("device address"), std::string::npos);
    }
}

}  // namespace
}  // namespace kiosk::devices
