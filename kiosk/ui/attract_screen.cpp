// Attract: store name, how to start, language choice. Touching anywhere starts.
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

std::string languageName(const std::string& code) {
    if (code == "en")
        return "English";
    if (code == "id")
        return "Bahasa Indonesia";
    return code;
}

// Flags drawn from rectangles: Indonesia's red over white, and a simplified Union Jack.
void drawFlag(ImDrawList* dl, const std::string& code, ImVec2 p, ImVec2 s) {
    const ImVec2 q(p.x + s.x, p.y + s.y);
    if (code == "id") {
        dl->AddRectFilled(p, ImVec2(q.x, p.y + s.y / 2), IM_COL32(0xCE, 0x11, 0x26, 255));
        dl->AddRectFilled(ImVec2(p.x, p.y + s.y / 2), q, IM_COL32(255, 255, 255, 255));
    } else if (code == "en") {
        dl->AddRectFilled(p, q, IM_COL32(0x01, 0x21, 0x69, 255));
        const float t = s.y * 0.2f;
        dl->AddLine(p, q, IM_COL32(255, 255, 255, 255), t);
        dl->AddLine(ImVec2(p.x, q.y), ImVec2(q.x, p.y), IM_COL32(255, 255, 255, 255), t);
        const ImVec2 c(p.x + s.x / 2, p.y + s.y / 2);
        dl->AddRectFilled(ImVec2(c.x - t, p.y), ImVec2(c.x + t, q.y), IM_COL32(255, 255, 255, 255));
        dl->AddRectFilled(ImVec2(p.x, c.y - t), ImVec2(q.x, c.y + t), IM_COL32(255, 255, 255, 255));
        dl->AddRectFilled(ImVec2(c.x - t * 0.6f, p.y), ImVec2(c.x + t * 0.6f, q.y),
                          IM_COL32(0xC8, 0x10, 0x2E, 255));
        dl->AddRectFilled(ImVec2(p.x, c.y - t * 0.6f), ImVec2(q.x, c.y + t * 0.6f),
                          IM_COL32(0xC8, 0x10, 0x2E, 255));
    } else {
        dl->AddRectFilled(p, q, IM_COL32(0x80, 0x80, 0x80, 255));
    }
    dl->AddRect(p, q, IM_COL32(0x40, 0x40, 0x40, 255));
}

}  // namespace

void drawLanguageButtons(Frame& f, ImVec2 pos, float width) {
    const Theme& th = f.theme;
    const auto& langs = f.view.languages;
    if (langs.empty())
        return;
    const float n = static_cast<float>(langs.size());
    const float bw = std::min(560 * th.scale, (width - (n - 1) * th.gap) / n);
    float x = pos.x + (width - (bw * n + (n - 1) * th.gap)) * 0.5f;
    for (const auto& code : langs) {
        ImGui::SetCursorScreenPos(ImVec2(x, pos.y));
        const bool current = code == f.language();
        const std::string label = "      " + languageName(code);
        if (f.button("lang-" + code, label, ImVec2(bw, th.touch),
                     current ? ButtonKind::Secondary : ButtonKind::Key, true, th.fontBody))
            f.event(LanguageChosen{code});
        const float fh = th.touch * 0.4f;
        drawFlag(ImGui::GetWindowDrawList(), code, ImVec2(x + th.gap, pos.y + (th.touch - fh) / 2),
                 ImVec2(fh * 1.6f, fh));
        x += bw + th.gap;
    }
}

void drawAttractScreen(Frame& f) {
    const Theme& th = f.theme;
    const float top = drawTopBar(f, f.view.storeName);
    // Everything below the bar is one big target: any touch starts, as does a scan. Language
    // buttons and Help are drawn after it so they take their own taps.
    const float langY = th.height - th.touch - th.gap * 2;
    if (f.hotspot("start", f.t("Touch to start"), ImVec2(0, top),
                  ImVec2(th.width, langY - top - th.gap)))
        f.event(Touch{});
    const float mid = top + (langY - top) * 0.30f;
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, mid));
    f.textCentered(th.fontHuge, th.colors.text, f.t("Welcome"), th.width - 4 * th.gap);
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, mid + th.huge + th.gap * 2));
    f.textCentered(th.fontTitle, th.colors.good, f.t("Scan an item or touch to start"),
                   th.width - 4 * th.gap);
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, mid + th.huge + th.title + th.gap * 3));
    f.textCentered(th.fontBody, th.colors.text, f.t("Scan your saved-shopping slip to continue"),
                   th.width - 4 * th.gap);
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, mid + th.huge + th.title + th.body + th.gap * 5));
    f.textCentered(th.fontBody, th.colors.textMuted, f.t("Choose your language"),
                   th.width - 4 * th.gap);
    drawLanguageButtons(f, ImVec2(th.gap, langY), th.width - 2 * th.gap);
}

}  // namespace kiosk::ui
