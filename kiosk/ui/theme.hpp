// The kiosk's one theme: fonts (DejaVu from fonts-dejavu-core), sizes and colours, in a normal
// and a high-contrast variant. Designed for a software rasteriser: no full-window fills (the
// clear colour is the background), few panels, nearest-filtered pixel-snapped fonts.
#pragma once

#include <string>

#include <imgui.h>

namespace kiosk::ui {

enum class ButtonKind { Primary, Secondary, Help, Danger, Quiet, Key };

struct Palette {
    ImU32 background = 0;  // also the GL clear colour
    ImU32 text = 0;
    ImU32 textMuted = 0;
    ImU32 panel = 0;
    ImU32 panelBorder = 0;
    ImU32 highlight = 0;  // the newest cart line
    ImU32 accent = 0;     // the scan area outline
    ImU32 warning = 0;    // banners: attendant coming
    ImU32 warningText = 0;
    ImU32 good = 0;
    ImU32 bad = 0;
    ImU32 disabled = 0;
    ImU32 disabledText = 0;
    ImU32 buttonFill[6] = {};
    ImU32 buttonText[6] = {};
    ImU32 buttonBorder = 0;  // 0: none (high contrast draws one)
};

struct Theme {
    float scale = 1.0f;  // 1 at a 1080-pixel short side
    float width = 1920;
    float height = 1080;
    bool portrait = false;
    bool highContrast = false;
    // Pixel sizes after scaling: body text is 36 px at 1080p (the issue asks 32 at least).
    float small = 32, body = 36, large = 48, title = 64, huge = 88;
    float touch = 112;  // button height; at least 96 px at 1080p
    float gap = 24;
    float rounding = 14;
    ImFont* fontSmall = nullptr;
    ImFont* fontBody = nullptr;
    ImFont* fontLarge = nullptr;
    ImFont* fontTitle = nullptr;
    ImFont* fontHuge = nullptr;
    Palette colors;
    std::string fontFile;  // the regular face actually loaded ("" = ImGui's built-in)
};

// Sizes for a display of `width` x `height` pixels.
Theme makeTheme(float width, float height, bool highContrast);
// Switches palettes without touching the fonts.
void applyPalette(Theme& theme, bool highContrast);

// Bakes the theme's fonts into ImGui's atlas (before the renderer builds its texture). Looks
// for DejaVu Sans under `fontDirs` in order; if none is found it logs and falls back to
// ImGui's built-in font scaled up, so the kiosk still starts.
void loadFonts(Theme& theme, const std::string& fontDir);

// ImGui style colours and spacing from the theme (scroll bars, child windows).
void applyStyle(const Theme& theme);

}  // namespace kiosk::ui
