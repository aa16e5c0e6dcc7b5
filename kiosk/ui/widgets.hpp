// The drawing context of one frame and the few widgets the screens are made of. Every
// actionable widget has a stable id and is recorded with its label and rectangle, so scripts
// can tap it by id or by its visible label (see kiosk/app/script.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/po_catalog.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/view.hpp"

namespace kiosk::ui {

struct WidgetInfo {
    std::string id;     // "pay", "lang-id", "item-1001" (scripts write "#pay")
    std::string label;  // as shown, in the current language
    float x = 0, y = 0, w = 0, h = 0;
    bool enabled = true;
};

class Frame {
  public:
    Frame(const View& view, Intents& intents, const Theme& theme, const Translations& tr,
          std::vector<WidgetInfo>& widgets)
        : view(view), intents(intents), theme(theme), tr_(tr), widgets_(widgets) {}

    const View& view;
    Intents& intents;
    const Theme& theme;

    const CheckoutState& state() const { return *view.state; }
    const std::string& language() const { return view.state->language; }
    // The text in the shopper's language (English when a translation is missing).
    const std::string& t(const std::string& english) const { return tr_.tr(language(), english); }
    std::string money(int64_t minor) const;

    // A big touch button at the cursor; true when tapped this frame (and enabled).
    bool button(std::string_view id, const std::string& label, ImVec2 size,
                ButtonKind kind = ButtonKind::Secondary, bool enabled = true,
                ImFont* font = nullptr);
    // A button the signed-in role may not use: drawn disabled (recorded as "disabled") but
    // still tappable, so the tap reaches the permission check, which says who may.
    bool guardedButton(std::string_view id, const std::string& label, ImVec2 size, ButtonKind kind,
                       bool allowed, ImFont* font = nullptr);
    // An invisible target (the Attract screen's whole surface, the attendant corner).
    bool hotspot(std::string_view id, const std::string& label, ImVec2 pos, ImVec2 size);

    void event(Event e) { intents.events.push_back(std::move(e)); }
    void action(UiAction::Kind kind, std::string text = {}, int64_t number = 0) {
        intents.actions.push_back(UiAction{kind, std::move(text), number});
    }

    // Text helpers drawing straight into the window's draw list (no widget state).
    void text(ImFont* font, ImU32 color, const std::string& s);
    void textCentered(ImFont* font, ImU32 color, const std::string& s, float width);
    void textWrapped(ImFont* font, ImU32 color, const std::string& s, float width);
    void panel(ImVec2 min, ImVec2 max, ImU32 fill, bool border = true);

  private:
    void record(std::string_view id, const std::string& label, ImVec2 pos, ImVec2 size,
                bool enabled);

    const Translations& tr_;
    std::vector<WidgetInfo>& widgets_;
    bool lastPressed_ = false;  // the latest button() was tapped, enabled or not
};

// A font of the theme no larger than `preferred` in which `s` fits `width` (else the smallest).
ImFont* fittingFont(const Theme& theme, ImFont* preferred, const std::string& s, float width);

}  // namespace kiosk::ui
