#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace kiosk::ui {

void Frame::record(std::string_view id, const std::string& label, ImVec2 pos, ImVec2 size,
                   bool enabled) {
    // Only what a finger could touch: the part inside the window's clip rectangle (a row
    // scrolled out of a list is not on the screen).
    if (!ImGui::IsItemVisible())
        return;
    const ImVec2 clipMin = ImGui::GetWindowDrawList()->GetClipRectMin();
    const ImVec2 clipMax = ImGui::GetWindowDrawList()->GetClipRectMax();
    const float x0 = std::max(pos.x, clipMin.x), y0 = std::max(pos.y, clipMin.y);
    const float x1 = std::min(pos.x + size.x, clipMax.x), y1 = std::min(pos.y + size.y, clipMax.y);
    if (x1 - x0 < 4 || y1 - y0 < 4)
        return;
    widgets_.push_back(WidgetInfo{std::string(id), label, x0, y0, x1 - x0, y1 - y0, enabled});
}

std::string Frame::money(int64_t minor) const {
    return formatMinor(minor, view.currency, language());
}

ImFont* fittingFont(const Theme& theme, ImFont* preferred, const std::string& s, float width) {
    ImFont* order[] = {theme.fontHuge, theme.fontTitle, theme.fontLarge, theme.fontBody,
                       theme.fontSmall};
    bool reached = false;
    for (ImFont* f : order) {
        if (f == preferred)
            reached = true;
        if (!reached || f == nullptr)
            continue;
        if (f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str()).x <= width)
            return f;
    }
    return theme.fontSmall;
}

bool Frame::button(std::string_view id, const std::string& label, ImVec2 size, ButtonKind kind,
                   bool enabled, ImFont* font) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const std::string imguiId = "##" + std::string(id);
    const bool pressed = ImGui::InvisibleButton(imguiId.c_str(), size);
    lastPressed_ = pressed;
    record(id, label, pos, size, enabled);
    const bool held = enabled && ImGui::IsItemActive();

    const Palette& p = theme.colors;
    const int k = static_cast<int>(kind);
    ImU32 fill = enabled ? p.buttonFill[k] : p.disabled;
    ImU32 ink = enabled ? p.buttonText[k] : p.disabledText;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    // Pressed state is a visible inset, not a hover colour: touch screens have no hover.
    const float inset = held ? std::max(2.0f, 4 * theme.scale) : 0;
    dl->AddRectFilled(ImVec2(pos.x + inset, pos.y + inset), ImVec2(max.x - inset, max.y - inset),
                      fill, theme.rounding);
    if (p.buttonBorder != 0 &&
        (kind == ButtonKind::Quiet || kind == ButtonKind::Key || theme.highContrast || !enabled))
        dl->AddRect(pos, max, p.buttonBorder, theme.rounding, 0, std::max(2.0f, 3 * theme.scale));
    const float pad = theme.gap * 0.6f;
    ImFont* f = fittingFont(theme, font ? font : theme.fontLarge, label, size.x - 2 * pad);
    // Labels that still do not fit wrap onto two lines.
    const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, size.x - 2 * pad, label.c_str());
    const ImVec2 at(pos.x + std::max(pad, (size.x - ts.x) * 0.5f),
                    pos.y + std::max(0.0f, (size.y - ts.y) * 0.5f));
    dl->AddText(f, f->FontSize, at, ink, label.c_str(), nullptr, size.x - 2 * pad);
    return pressed && enabled;
}

bool Frame::guardedButton(std::string_view id, const std::string& label, ImVec2 size,
                          ButtonKind kind, bool allowed, ImFont* font) {
    const bool pressed = button(id, label, size, kind, allowed, font);
    return pressed || lastPressed_;
}

bool Frame::hotspot(std::string_view id, const std::string& label, ImVec2 pos, ImVec2 size) {
    ImGui::SetCursorScreenPos(pos);
    const std::string imguiId = "##" + std::string(id);
    const bool pressed = ImGui::InvisibleButton(imguiId.c_str(), size);
    record(id, label, pos, size, true);
    return pressed;
}

void Frame::text(ImFont* font, ImU32 color, const std::string& s) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, color, s.c_str());
    ImGui::Dummy(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()));
}

void Frame::textCentered(ImFont* font, ImU32 color, const std::string& s, float width) {
    ImFont* f = fittingFont(theme, font, s, width);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, width, s.c_str());
    ImGui::GetWindowDrawList()->AddText(
        f, f->FontSize, ImVec2(pos.x + std::max(0.0f, (width - ts.x) * 0.5f), pos.y), color,
        s.c_str(), nullptr, width);
    ImGui::Dummy(ImVec2(width, ts.y));
}

void Frame::textWrapped(ImFont* font, ImU32 color, const std::string& s, float width) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, width, s.c_str());
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, color, s.c_str(), nullptr,
                                        width);
    ImGui::Dummy(ImVec2(width, ts.y));
}

void Frame::panel(ImVec2 min, ImVec2 max, ImU32 fill, bool border) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(min, max, fill, theme.rounding);
    if (border)
        dl->AddRect(min, max, theme.colors.panelBorder, theme.rounding, 0,
                    std::max(1.0f, 2 * theme.scale));
}

}  // namespace kiosk::ui
