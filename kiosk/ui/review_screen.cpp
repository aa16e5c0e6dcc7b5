// Review: change quantities, remove lines, see the savings; then pay or go back to scanning.
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {

void drawReviewScreen(Frame& f) {
    const Theme& th = f.theme;
    const float g = th.gap;
    const float top = drawTopBar(f, f.t("Check your items"));
    const float w = th.width - 2 * g;
    const float bottomH = th.touch + 2 * g;
    const float bottomY = th.height - bottomH;
    const float totalH = th.huge + th.small + g;
    float y = top + g * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(g, y));
    if (f.state().pendingEdit)
        f.textWrapped(th.fontBody, th.colors.text,
                      f.t("An attendant needs to approve this change."), w);
    drawLockBanner(f, ImVec2(g, ImGui::GetCursorScreenPos().y), w);
    y = ImGui::GetCursorScreenPos().y + g * 0.5f;
    drawCartList(f, ImVec2(g, y), ImVec2(w, bottomY - totalH - y - g * 0.5f), true);
    drawTotal(f, ImVec2(g, bottomY - totalH), w - g);
    ImGui::SetCursorScreenPos(ImVec2(g, bottomY + g));
    const float payW = w * 0.45f;
    if (f.button("back", f.t("Back to scanning"), ImVec2(w - payW - g, th.touch)))
        f.event(BackToShopping{});
    ImGui::SameLine(0, g);
    if (f.button("pay", f.t("Pay"), ImVec2(payW, th.touch), ButtonKind::Primary, f.view.payAllowed,
                 th.fontTitle))
        f.event(PayPressed{});
}

}  // namespace kiosk::ui
