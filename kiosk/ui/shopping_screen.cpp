// Shopping: camera preview with the scan area, the cart, the total; Look up item, Help, Pay.
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

void drawCamera(Frame& f, ImVec2 pos, ImVec2 size) {
    const Theme& th = f.theme;
    const CameraView& cam = f.view.camera;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    // The preview keeps its aspect ratio inside the box.
    ImVec2 imgMin = pos;
    ImVec2 imgMax = max;
    if (cam.texture != nullptr && cam.width > 0 && cam.height > 0) {
        const float sx = size.x / static_cast<float>(cam.width);
        const float sy = size.y / static_cast<float>(cam.height);
        const float s = std::min(sx, sy);
        const ImVec2 d(cam.width * s, cam.height * s);
        imgMin = ImVec2(pos.x + (size.x - d.x) / 2, pos.y + (size.y - d.y) / 2);
        imgMax = ImVec2(imgMin.x + d.x, imgMin.y + d.y);
        dl->AddImage(cam.texture, imgMin, imgMax);
        for (const Outline& o : cam.outlines) {
            ImVec2 pts[4];
            for (int i = 0; i < 4; ++i)
                pts[i] =
                    ImVec2(imgMin.x + o.corners[i * 2] * s, imgMin.y + o.corners[i * 2 + 1] * s);
            dl->AddPolyline(pts, 4, th.colors.accent, ImDrawFlags_Closed,
                            std::max(3.0f, 6 * th.scale));
        }
    } else {
        dl->AddRectFilled(pos, max, IM_COL32(0x26, 0x2C, 0x33, 255), th.rounding);
        const std::string status =
            cam.status.empty() ? f.t("Hold the barcode up to the camera") : cam.status;
        ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + size.y * 0.82f));
        f.textCentered(th.fontBody, IM_COL32(255, 255, 255, 255), status, size.x);
    }
    // The scan area: where to hold the item.
    const ImVec2 c((imgMin.x + imgMax.x) / 2, (imgMin.y + imgMax.y) / 2);
    const ImVec2 half((imgMax.x - imgMin.x) * 0.3f, (imgMax.y - imgMin.y) * 0.25f);
    dl->AddRect(ImVec2(c.x - half.x, c.y - half.y), ImVec2(c.x + half.x, c.y + half.y),
                th.colors.accent, th.rounding, 0, std::max(2.0f, 4 * th.scale));
}

void drawMessage(Frame& f, ImVec2 pos, float width) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    float y = pos.y;
    const char* msg = shopperMessageText(s.message);
    if (s.message == ShopperMessage::None || s.message == ShopperMessage::Welcome)
        msg = "Scan your items one by one";
    if (s.pendingWeight) {
        msg = shopperMessageText(ShopperMessage::PlaceItemOnScale);
        // What the scale itself says about the item (ScalePort::advice()).
        const std::string& advice = f.view.scaleAdvice;
        if (advice == "keep-still")
            msg = "Please keep the item still";
        else if (advice == "place-item")
            msg = "Place the item on the scale";
        else if (advice == "too-heavy")
            msg = "The item is too heavy for the scale";
        else if (advice == "clear-scale")
            msg = "Please clear the scale";
        else if (advice == "call-attendant")
            msg = "Please wait, help is coming";
    }
    if (!s.pendingLookups.empty())
        msg = "Looking up the item...";
    // The lock banner below says it in full; do not say it twice.
    if ((s.message == ShopperMessage::AgeCheckNeeded && hasLock(s, LockKind::AgeCheckPending)) ||
        (s.message == ShopperMessage::UnknownItem && hasLock(s, LockKind::UnknownItem)) ||
        (s.message == ShopperMessage::HelpComing && hasLock(s, LockKind::HelpRequested)))
        msg = "Scan your items one by one";
    const bool bad = msg == shopperMessageText(s.message) &&
                     (s.message == ShopperMessage::UnknownItem ||
                      s.message == ShopperMessage::RestrictedNotAllowed ||
                      s.message == ShopperMessage::WeightNotValid);
    ImGui::SetCursorScreenPos(ImVec2(pos.x, y));
    f.textWrapped(th.fontLarge, bad ? th.colors.bad : th.colors.text, f.t(msg), width);
    y = ImGui::GetCursorScreenPos().y + th.gap * 0.5f;
    drawLockBanner(f, ImVec2(pos.x, y), width);
}

void drawButtons(Frame& f, ImVec2 pos, float width, bool twoRows) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const float g = th.gap;
    ImGui::SetCursorScreenPos(pos);
    if (twoRows) {
        // Portrait: Look up and Review on one row, Pay full width below.
        const float half = (width - g) / 2;
        if (f.button("lookup", f.t("Look up item"), ImVec2(half, th.touch)))
            f.action(UiAction::Kind::OpenLookup);
        ImGui::SameLine(0, g);
        if (f.button("review", f.t("Change items"), ImVec2(half, th.touch), ButtonKind::Secondary,
                     !s.cart.empty()))
            f.event(ReviewPressed{});
        ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + th.touch + g));
        if (f.button("pay", f.t("Pay"), ImVec2(width, th.touch), ButtonKind::Primary,
                     f.view.payAllowed, th.fontTitle))
            f.event(PayPressed{});
        return;
    }
    const float payW = width * 0.40f;
    const float other = (width - payW - 2 * g) / 2;
    if (f.button("lookup", f.t("Look up item"), ImVec2(other, th.touch)))
        f.action(UiAction::Kind::OpenLookup);
    ImGui::SameLine(0, g);
    if (f.button("review", f.t("Change items"), ImVec2(other, th.touch), ButtonKind::Secondary,
                 !s.cart.empty()))
        f.event(ReviewPressed{});
    ImGui::SameLine(0, g);
    if (f.button("pay", f.t("Pay"), ImVec2(payW, th.touch), ButtonKind::Primary, f.view.payAllowed,
                 th.fontTitle))
        f.event(PayPressed{});
}

}  // namespace

void drawShoppingScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const float top = drawTopBar(f, f.view.storeName);
    const float g = th.gap;
    const int count = static_cast<int>(s.cart.lines().size());
    const std::string header = fmt::format("{} ({})", f.t("Your items"), count);
    if (!th.portrait) {
        const float leftW = std::round(th.width * 0.42f);
        const float bottomH = th.touch + 2 * g;
        const float bottomY = th.height - bottomH;
        const float camH = std::min((leftW - 2 * g) * 9 / 16, (bottomY - top) * 0.6f);
        drawCamera(f, ImVec2(g, top + g), ImVec2(leftW - 2 * g, camH));
        drawMessage(f, ImVec2(g, top + 2 * g + camH), leftW - 2 * g);
        const float rightX = leftW + g;
        const float rightW = th.width - rightX - g;
        ImGui::SetCursorScreenPos(ImVec2(rightX, top + g * 0.5f));
        f.text(th.fontLarge, th.colors.text, header);
        const float totalH = th.huge + th.small + g;
        const float listY = top + g * 0.5f + th.large + g * 0.5f;
        drawCartList(f, ImVec2(rightX, listY), ImVec2(rightW, bottomY - totalH - listY - g), false);
        drawTotal(f, ImVec2(rightX, bottomY - totalH), rightW - g);
        drawButtons(f, ImVec2(g, bottomY + g), th.width - 2 * g, false);
    } else {
        const float w = th.width - 2 * g;
        const float bottomH = 2 * th.touch + 3 * g;
        const float bottomY = th.height - bottomH;
        const float camH = std::min(w * 9 / 16, (bottomY - top) * 0.32f);
        drawCamera(f, ImVec2(g, top + g), ImVec2(w, camH));
        drawMessage(f, ImVec2(g, top + 2 * g + camH), w);
        const float headerY = ImGui::GetCursorScreenPos().y + g * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(g, headerY));
        f.text(th.fontLarge, th.colors.text, header);
        const float totalH = th.huge + th.small + g;
        const float listY = headerY + th.large + g * 0.5f;
        drawCartList(f, ImVec2(g, listY), ImVec2(w, bottomY - totalH - listY - g * 0.5f), false);
        drawTotal(f, ImVec2(g, bottomY - totalH), w - g);
        drawButtons(f, ImVec2(g, bottomY + g), w, true);
    }
}

}  // namespace kiosk::ui
