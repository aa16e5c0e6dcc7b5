#include "kiosk/app/ui_settings.hpp"

#include <gtest/gtest.h>

using kiosk::app::uiSettingsOf;
using kiosk::config::Section;
using kiosk::config::SettingValue;

TEST(UiSettings, DefaultsWhenAbsent) {
    auto s = uiSettingsOf(Section());
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(s->highContrast);
    EXPECT_EQ(s->cameraFps, 30);
}

TEST(UiSettings, ReadsAndValidatesEveryKey) {
    Section ok("k.toml", "ui", 10);
    ok.set("high_contrast", {"true", SettingValue::Type::Boolean, 12});
    ok.set("camera_fps", {"15", SettingValue::Type::Integer, 13});
    auto s = uiSettingsOf(ok);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_TRUE(s->highContrast);
    EXPECT_EQ(s->cameraFps, 15);

    Section bad("k.toml", "ui", 10);
    bad.set("high_contrast", {"yes", SettingValue::Type::String, 11});
    bad.set("camera_fps", {"500", SettingValue::Type::Integer, 12});
    bad.set("colour", {"red", SettingValue::Type::String, 13});
    auto e = uiSettingsOf(bad);
    ASSERT_FALSE(e.ok());
    const std::string& m = e.error().message;
    EXPECT_NE(m.find("k.toml:11: ui.high_contrast"), std::string::npos) << m;
    EXPECT_NE(m.find("k.toml:12: ui.camera_fps"), std::string::npos) << m;
    EXPECT_NE(m.find("colour"), std::string::npos) << m;
}

TEST(UiSettings, TheSharedAttendantPinIsRefusedWithAPointerToStaffAccounts) {
    for (const char* key : {"attendant_pin", "attendant_staff_id"}) {
        Section old("k.toml", "ui", 10);
        old.set(key, {"2468", SettingValue::Type::String, 14});
        auto e = uiSettingsOf(old);
        ASSERT_FALSE(e.ok()) << key;
        const std::string& m = e.error().message;
        EXPECT_NE(m.find(std::string("k.toml:14: ui.") + key), std::string::npos) << m;
        EXPECT_NE(m.find("staff accounts replaced"), std::string::npos) << m;
        EXPECT_NE(m.find("kasir-admin staff add"), std::string::npos) << m;
    }
}
