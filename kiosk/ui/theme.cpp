#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <spdlog/spdlog.h>

namespace kiosk::ui {
namespace {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) {
    return IM_COL32(r, g, b, 255);
}

}  // namespace

void applyPalette(Theme& theme, bool highContrast) {
    theme.highContrast = highContrast;
    Palette& p = theme.colors;
    if (!highContrast) {
        // Dark text on a light background; every button colour keeps white text at 5:1 or more.
        p.background = rgb(0xF3, 0xF5, 0xF7);
        p.text = rgb(0x10, 0x18, 0x20);
        p.textMuted = rgb(0x44, 0x4E, 0x58);
        p.panel = rgb(0xFF, 0xFF, 0xFF);
        p.panelBorder = rgb(0xC8, 0xCE, 0xD4);
        p.highlight = rgb(0xDD, 0xF0, 0xE2);
        p.accent = rgb(0x10, 0xB0, 0x50);
        p.warning = rgb(0xFF, 0xE0, 0x8A);
        p.warningText = rgb(0x3A, 0x26, 0x00);
        p.good = rgb(0x0B, 0x6E, 0x38);
        p.bad = rgb(0xA8, 0x10, 0x1C);
        p.disabled = rgb(0xD4, 0xD8, 0xDC);
        p.disabledText = rgb(0x5A, 0x62, 0x6A);
        const ImU32 fills[6] = {rgb(0x0B, 0x6E, 0x38), rgb(0x1F, 0x4E, 0x8C),
                                rgb(0xB0, 0x40, 0x00), rgb(0xA8, 0x10, 0x1C),
                                rgb(0xE2, 0xE6, 0xEA), rgb(0xFF, 0xFF, 0xFF)};
        const ImU32 texts[6] = {rgb(255, 255, 255), rgb(255, 255, 255),    rgb(255, 255, 255),
                                rgb(255, 255, 255), rgb(0x10, 0x18, 0x20), rgb(0x10, 0x18, 0x20)};
        std::copy(std::begin(fills), std::end(fills), p.buttonFill);
        std::copy(std::begin(texts), std::end(texts), p.buttonText);
        p.buttonBorder = rgb(0xC8, 0xCE, 0xD4);
    } else {
        // White and yellow on black: the highest contrast, every control outlined.
        p.background = rgb(0, 0, 0);
        p.text = rgb(255, 255, 255);
        p.textMuted = rgb(0xE0, 0xE0, 0xE0);
        p.panel = rgb(0, 0, 0);
        p.panelBorder = rgb(255, 255, 255);
        p.highlight = rgb(0x00, 0x3A, 0x8C);
        p.accent = rgb(0xFF, 0xE6, 0x00);
        p.warning = rgb(0xFF, 0xE6, 0x00);
        p.warningText = rgb(0, 0, 0);
        p.good = rgb(0x7C, 0xFF, 0x9A);
        p.bad = rgb(0xFF, 0x8A, 0x8A);
        p.disabled = rgb(0x30, 0x30, 0x30);
        p.disabledText = rgb(0xC0, 0xC0, 0xC0);
        const ImU32 fills[6] = {rgb(0xFF, 0xE6, 0x00), rgb(0xFF, 0xFF, 0xFF), rgb(0xFF, 0xB0, 0x00),
                                rgb(0xFF, 0x8A, 0x8A), rgb(0, 0, 0),          rgb(0, 0, 0)};
        const ImU32 texts[6] = {rgb(0, 0, 0), rgb(0, 0, 0),       rgb(0, 0, 0),
                                rgb(0, 0, 0), rgb(255, 255, 255), rgb(255, 255, 255)};
        std::copy(std::begin(fills), std::end(fills), p.buttonFill);
        std::copy(std::begin(texts), std::end(texts), p.buttonText);
        p.buttonBorder = rgb(255, 255, 255);
    }
}

Theme makeTheme(float width, float height, bool highContrast) {
    Theme t;
    t.width = width;
    t.height = height;
    t.portrait = height > width;
    // Design sizes are for a 1080-pixel short side; smaller displays scale down (Pay and Help
    // stay on screen), larger ones up.
    t.scale = std::clamp(std::min(width, height) / 1080.0f, 0.35f, 3.0f);
    const float s = t.scale;
    t.small = std::round(32 * s);
    t.body = std::round(36 * s);
    t.large = std::round(48 * s);
    t.title = std::round(64 * s);
    t.huge = std::round(88 * s);
    t.touch = std::round(112 * s);
    t.gap = std::round(24 * s);
    t.rounding = std::round(14 * s);
    applyPalette(t, highContrast);
    return t;
}

void loadFonts(Theme& theme, const std::string& fontDir) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    namespace fs = std::filesystem;
    const std::string regular = fontDir + "/DejaVuSans.ttf";
    const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
    std::error_code ec;
    const bool haveRegular = fs::exists(regular, ec);
    const bool haveBold = fs::exists(bold, ec);

    // Latin, Latin-1, Latin Extended-A (names in the catalogue), general punctuation and the
    // currency symbols (rupiah is plain "Rp"; euro and others are in U+20A0..).
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x20A0,
                                     0x20CF, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    ImFontConfig cfg;
    // Part of the fill-rate diet: no horizontal oversampling, pixel-snapped glyphs.
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;

    const auto add = [&](float size, bool wantBold) -> ImFont* {
        const std::string& file = wantBold && haveBold ? bold : regular;
        if (haveRegular || (wantBold && haveBold))
            return io.Fonts->AddFontFromFileTTF(file.c_str(), size, &cfg, ranges);
        ImFontConfig fallback;
        fallback.SizePixels = size;
        return io.Fonts->AddFontDefault(&fallback);
    };
    if (!haveRegular)
        spdlog::warn("font {} not found (install fonts-dejavu-core); using ImGui's built-in font",
                     regular);
    theme.fontFile = haveRegular ? regular : "";
    theme.fontBody = add(theme.body, false);
    theme.fontSmall = add(theme.small, false);
    theme.fontLarge = add(theme.large, true);
    theme.fontTitle = add(theme.title, true);
    theme.fontHuge = add(theme.huge, true);
    io.FontDefault = theme.fontBody;
}

void applyStyle(const Theme& theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameRounding = theme.rounding;
    style.ScrollbarSize = std::round(40 * theme.scale);  // a finger can drag it
    style.ScrollbarRounding = theme.rounding;
    style.ItemSpacing = ImVec2(theme.gap * 0.5f, theme.gap * 0.5f);
    style.TouchExtraPadding = ImVec2(0, 0);
    const Palette& p = theme.colors;
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(p.disabledText);
    // Transparent window and child backgrounds: glClear paints the background once.
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(p.disabled);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.buttonFill[1]);
    c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrab];
    c[ImGuiCol_ScrollbarGrabActive] = c[ImGuiCol_ScrollbarGrab];
}

}  // namespace kiosk::ui
