// The screens: one function per screen, each drawing the snapshot in `Frame` and adding
// intents. `drawKiosk` picks the screen and draws the parts every screen shares.
#pragma once

#include <vector>

#include <fmt/format.h>

#include "kiosk/ui/po_catalog.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

// Which screen a snapshot shows (pure; the script's `screen` key).
Screen chooseScreen(const CheckoutState& state, const UiState& ui, bool fatalError);

// Draws one whole frame into a fullscreen ImGui window. Between NewFrame and Render.
void drawKiosk(const View& view, Intents& intents, const Theme& theme, const Translations& tr,
               std::vector<WidgetInfo>& widgets);

// Shared parts.
float drawTopBar(Frame& f, const std::string& title, bool withHelp = true);  // returns height
void drawLockBanner(Frame& f, ImVec2 pos, float width);

void drawAttractScreen(Frame& f);
void drawShoppingScreen(Frame& f);
void drawLookupScreen(Frame& f);
void drawReviewScreen(Frame& f);
void drawPayingScreen(Frame& f);
void drawDeclinedScreen(Frame& f);
void drawReceiptScreen(Frame& f);
void drawThankYouScreen(Frame& f);
void drawStillThereScreen(Frame& f);
void drawHelpComingScreen(Frame& f);
void drawPinScreen(Frame& f);
void drawAttendantScreen(Frame& f);

// Text for the shopper, in English (translated through the .po files).
const char* shopperMessageText(ShopperMessage message);
const char* declineReasonText(DeclineReason reason);

}  // namespace kiosk::ui

namespace kiosk::ui {
// The cart as large rows (name, quantity, price, discounts under their item), newest
// highlighted; with `editable`, quantity and remove buttons per line (Review).
void drawCartList(Frame& f, ImVec2 pos, ImVec2 size, bool editable);
// The running total with tax, right-aligned in `width`.
void drawTotal(Frame& f, ImVec2 pos, float width);
// Language buttons (flag and name), one per offered language.
void drawLanguageButtons(Frame& f, ImVec2 pos, float width);
}  // namespace kiosk::ui
