#include "kiosk/app/snapshot_json.hpp"

#include <gtest/gtest.h>

#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/ui/screens.hpp"

using namespace kiosk;
using kiosk::app::snapshotJson;
using kiosk::app::snapshotValue;

namespace {

Product bread() {
    Product p;
    p.id = 1;
    p.gtin = "08076809570787";
    p.names["en"] = "Bread";
    p.price = 12'500;
    p.taxClass = "PPN";
    return p;
}

CheckoutMachine machine() {
    CheckoutSetup setup;
    setup.rules.currency = currencyIdr();
    setup.rules.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}};
    setup.storeId = "s";
    setup.kioskId = "k";
    return CheckoutMachine(setup);
}

}  // namespace

TEST(SnapshotJson, ReportsStateCartLocksAndLastSale) {
    auto m = machine();
    auto s = m.initialState();
    s = m.handle(s, BarcodeScanned{"08076809570787", "", "sale-1"}, 1000).state;
    s = m.handle(s, LookupResult{"08076809570787", bread()}, 1100).state;
    s = m.handle(s, HelpPressed{}, 1200).state;

    app::ExecutorStatus exec;
    exec.lastSound = "Good";
    exec.sounds = 1;
    std::vector<ui::WidgetInfo> widgets{{"pay", "Pay", 0, 0, 10, 10, false},
                                        {"help", "Help", 0, 0, 10, 10, true}};
    app::SnapshotInput in;
    in.state = &s;
    in.screen = ui::Screen::Shopping;
    in.executor = &exec;
    in.widgets = &widgets;
    const auto j = snapshotJson(in);
    EXPECT_EQ(snapshotValue(j, "state"), "Shopping");
    EXPECT_EQ(snapshotValue(j, "screen"), "Shopping");
    EXPECT_EQ(snapshotValue(j, "cart.lines"), "1");
    EXPECT_EQ(snapshotValue(j, "cart.total_minor"), "12500");
    EXPECT_EQ(snapshotValue(j, "cart.items.0.name"), "Bread");
    EXPECT_EQ(snapshotValue(j, "lock"), "HelpRequested");
    EXPECT_EQ(snapshotValue(j, "language"), "en");
    EXPECT_EQ(snapshotValue(j, "last_sale.status"), "none");
    EXPECT_EQ(snapshotValue(j, "sound.last"), "Good");
    EXPECT_EQ(snapshotValue(j, "widgets.pay"), "disabled");
    EXPECT_EQ(snapshotValue(j, "widgets.help"), "enabled");
    EXPECT_EQ(snapshotValue(j, "pay_enabled"), "false");
    EXPECT_EQ(snapshotValue(j, "widgets.nothing"), std::nullopt);
    EXPECT_EQ(snapshotValue(j, "cart.items.7.name"), std::nullopt);
    EXPECT_EQ(snapshotValue(j, "cart.lines.deeper"), std::nullopt);

    // Cancelled by the attendant: the last sale says so.
    s = m.handle(s, AttendantCancelTransaction{"staff", "shopper-left"}, 2000).state;
    in.state = &s;
    in.screen = ui::Screen::Attract;
    const auto k = snapshotJson(in);
    EXPECT_EQ(snapshotValue(k, "state"), "Attract");
    EXPECT_EQ(snapshotValue(k, "last_sale.status"), "cancelled");
    EXPECT_EQ(snapshotValue(k, "cart.lines"), "0");
}

TEST(SnapshotJson, ScreenChoiceFollowsStateAndOverlays) {
    auto m = machine();
    auto s = m.initialState();
    ui::UiState u;
    EXPECT_EQ(ui::chooseScreen(s, u, false), ui::Screen::Attract);
    s = m.handle(s, Touch{"sale-1"}, 1000).state;
    EXPECT_EQ(ui::chooseScreen(s, u, false), ui::Screen::Shopping);
    u.lookupOpen = true;
    EXPECT_EQ(ui::chooseScreen(s, u, false), ui::Screen::Lookup);
    EXPECT_EQ(ui::chooseScreen(s, u, true), ui::Screen::HelpComing);
    u.staff = ui::UiState::Staff::StaffNumber;
    EXPECT_EQ(ui::chooseScreen(s, u, true), ui::Screen::StaffSignIn);
    u.staff = ui::UiState::Staff::Pin;
    EXPECT_EQ(ui::chooseScreen(s, u, true), ui::Screen::Pin);
    u.staff = ui::UiState::Staff::Panel;
    EXPECT_EQ(ui::chooseScreen(s, u, true), ui::Screen::Attendant);
}

TEST(SnapshotJson, StaffInterventionsAndSuspendCodeNeverThePin) {
    auto m = machine();
    auto s = m.initialState();
    s = m.handle(s, BarcodeScanned{"08076809570787", "", "sale-1"}, 1000).state;
    s = m.handle(s, LookupResult{"08076809570787", bread()}, 1100).state;
    s = m.handle(s, HelpPressed{}, 5000).state;
    s = m.handle(s,
                 AttendantRaiseIntervention{"system", "printer: no paper", LockKind::DeviceFault},
                 2000)
            .state;
    ui::UiState u;
    u.staff = ui::UiState::Staff::Pin;
    u.staffEntry = "2";
    u.pin = "2468";
    app::SnapshotInput in;
    in.state = &s;
    in.ui = &u;
    in.now = 65'000;
    auto j = snapshotJson(in);
    EXPECT_EQ(snapshotValue(j, "staff.signed_in"), "false");
    EXPECT_EQ(snapshotValue(j, "staff.entry_length"), "4");
    EXPECT_EQ(j.dump().find("2468"), std::string::npos) << "the PIN must never reach the snapshot";
    // Oldest first (the machine's clock never goes back, so both are stamped 5 s and keep the
    // kind order); each with kind, reason and age.
    ASSERT_EQ(snapshotValue(j, "interventions.0.kind"), "HelpRequested");
    EXPECT_EQ(snapshotValue(j, "interventions.1.kind"), "DeviceFault");
    EXPECT_EQ(snapshotValue(j, "interventions.1.reason"), "printer: no paper");
    EXPECT_EQ(snapshotValue(j, "interventions.0.age_seconds"), "60");
    EXPECT_EQ(snapshotValue(j, "suspend_code"), "none");

    u.staff = ui::UiState::Staff::Panel;
    u.pin.clear();
    u.staffId = "2";
    u.staffName = "Budi";
    u.role = Role::Supervisor;
    u.staffNotice = "Needs a manager";
    j = snapshotJson(in);
    EXPECT_EQ(snapshotValue(j, "staff.signed_in"), "true");
    EXPECT_EQ(snapshotValue(j, "staff.id"), "2");
    EXPECT_EQ(snapshotValue(j, "staff.name"), "Budi");
    EXPECT_EQ(snapshotValue(j, "staff.role"), "supervisor");
    EXPECT_EQ(snapshotValue(j, "staff.notice"), "Needs a manager");
}
