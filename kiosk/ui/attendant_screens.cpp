// Staff: the PIN keypad behind the hidden corner, and the attendant panel (why the kiosk is
// locked; approve or refuse age, void a line, override a price, clear a call, cancel, leave).
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

// A 3x4 digit keypad; `kind` says whose keys they are (PIN or price).
void drawKeypad(Frame& f, ImVec2 pos, float key, UiAction::Kind kind, bool withEnter) {
    const Theme& th = f.theme;
    const float g = th.gap * 0.5f;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "\b", "0", "\n"};
    for (int i = 0; i < 12; ++i) {
        const std::string k = keys[i];
        if (k == "\n" && !withEnter)
            continue;
        const float x = pos.x + (i % 3) * (key + g);
        const float y = pos.y + (i / 3) * (key * 0.8f + g);
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        std::string id = "key-" + k;
        std::string label = k;
        ButtonKind bk = ButtonKind::Key;
        if (k == "\b") {
            id = "key-back";
            label = f.t("Delete");
        } else if (k == "\n") {
            id = "key-enter";
            label = f.t("OK");
            bk = ButtonKind::Primary;
        }
        if (f.button(id, label, ImVec2(key, key * 0.8f), bk, true,
                     k.size() == 1 && k[0] >= '0' && k[0] <= '9' ? th.fontTitle : th.fontBody))
            f.action(kind, k);
    }
}

std::string lockText(Frame& f, LockKind kind) {
    switch (kind) {
        case LockKind::HelpRequested:
            return f.t("Help requested");
        case LockKind::AgeCheckPending:
            return f.t("Age check needed");
        case LockKind::UnknownItem:
            return f.t("Unknown item");
        case LockKind::Intervention:
            return f.t("Intervention");
    }
    return "";
}

std::string deviceTitle(Frame& f, const std::string& name) {
    if (name == "terminal")
        return f.t("Card terminal");
    if (name == "printer")
        return f.t("Printer");
    if (name == "scale")
        return f.t("Scale");
    if (name == "hand_scanner")
        return f.t("Hand scanner");
    if (name == "camera")
        return f.t("Camera");
    return name;
}

// The state in words and a colour; the words carry the meaning (no colour-only cue).
std::pair<std::string, ImU32> deviceState(Frame& f, const std::string& state) {
    const Palette& c = f.theme.colors;
    if (state == "ready")
        return {f.t("Ready"), c.good};
    if (state == "connecting")
        return {f.t("Connecting"), c.textMuted};
    if (state == "warning")
        return {f.t("Needs a look"), c.warning};
    if (state == "fault")
        return {f.t("Fault"), c.bad};
    if (state == "disconnected")
        return {f.t("Disconnected"), c.bad};
    return {f.t("Not configured"), c.textMuted};
}

// One compact row of device cards: name, state, then the last error or the printer's paper
// and drawer. Returns the y below it.
float drawDevicePanel(Frame& f, float y, float w) {
    const Theme& th = f.theme;
    const auto& devices = f.view.devices;
    if (devices.empty())
        return y;
    const float g = th.gap;
    const int perRow = th.portrait ? 2 : static_cast<int>(std::min<size_t>(devices.size(), 5));
    const float cw = (w - (perRow - 1) * g * 0.5f) / perRow;
    const float pad = g * 0.6f;
    // Tall enough for the longest detail: an error wraps rather than being cut.
    float detailH = th.fontSmall->FontSize;
    for (const DeviceLine& d : devices)
        if (!d.lastError.empty() && d.state != "ready")
            detailH = std::max(detailH, th.fontSmall
                                            ->CalcTextSizeA(th.fontSmall->FontSize, FLT_MAX,
                                                            cw - 2 * pad, d.lastError.c_str())
                                            .y);
    detailH = std::min(detailH, 4 * th.fontSmall->FontSize);
    const float ch =
        th.fontBody->FontSize + th.fontSmall->FontSize + detailH + 2 * pad + 4 * th.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < devices.size(); ++i) {
        const DeviceLine& d = devices[i];
        const float x = g + (i % perRow) * (cw + g * 0.5f);
        const float cy = y + (i / perRow) * (ch + g * 0.5f);
        f.panel(ImVec2(x, cy), ImVec2(x + cw, cy + ch), th.colors.panel);
        const auto [word, color] = deviceState(f, d.state);
        dl->PushClipRect(ImVec2(x + pad, cy), ImVec2(x + cw - pad, cy + ch), true);
        const float dot = th.fontSmall->FontSize * 0.3f;
        float ty = cy + pad;
        const std::string title = deviceTitle(f, d.name);
        dl->AddText(th.fontBody, th.fontBody->FontSize, ImVec2(x + pad, ty), th.colors.text,
                    title.c_str());
        ty += th.fontBody->FontSize + 2 * th.scale;
        dl->AddCircleFilled(ImVec2(x + pad + dot, ty + th.fontSmall->FontSize * 0.5f), dot, color);
        dl->AddText(th.fontSmall, th.fontSmall->FontSize, ImVec2(x + pad + 3 * dot, ty),
                    th.colors.text, word.c_str());
        ty += th.fontSmall->FontSize + 2 * th.scale;
        std::string detail;
        if (!d.lastError.empty() && d.state != "ready") {
            detail = d.lastError;
        } else if (d.name == "printer") {
            if (d.paper == "ok")
                detail = f.t("Paper OK");
            else if (d.paper == "near-end")
                detail = f.t("Paper low");
            else if (d.paper == "out")
                detail = f.t("Paper out");
            if (d.drawerOpen)
                detail += (detail.empty() ? "" : ", ") +
                          (*d.drawerOpen ? f.t("Drawer open") : f.t("Drawer closed"));
        }
        if (!detail.empty()) {
            ImFont* font = th.fontSmall;
            dl->AddText(font, font->FontSize, ImVec2(x + pad, ty), th.colors.textMuted,
                        detail.c_str(), nullptr, cw - 2 * pad);
        }
        dl->PopClipRect();
    }
    const size_t rows = (devices.size() + perRow - 1) / perRow;
    return y + rows * ch + (rows - 1) * g * 0.5f + g * 0.5f;
}

}  // namespace

void drawPinScreen(Frame& f) {
    const Theme& th = f.theme;
    const float top = drawTopBar(f, f.t("Staff sign-in"), false);
    const UiState& ui = f.view.ui;
    const float key = std::min(200 * th.scale, (th.height - top) / 6.5f);
    const float padW = 3 * key + th.gap;
    float y = top + th.gap;
    ImGui::SetCursorScreenPos(ImVec2(th.gap, y));
    f.textCentered(th.fontLarge, ui.pinWrong ? th.colors.bad : th.colors.text,
                   ui.pinWrong ? f.t("Wrong PIN. Try again.") : f.t("Enter your staff PIN"),
                   th.width - 2 * th.gap);
    y = ImGui::GetCursorScreenPos().y + th.gap * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(th.gap, y));
    std::string dots;
    for (size_t i = 0; i < ui.pin.size(); ++i)
        dots += "* ";
    f.textCentered(th.fontTitle, th.colors.text, dots.empty() ? " " : dots, th.width - 2 * th.gap);
    y = ImGui::GetCursorScreenPos().y + th.gap;
    drawKeypad(f, ImVec2((th.width - padW) / 2, y), key, UiAction::Kind::PinKey, true);
    const float bw = std::min(padW, th.width - 2 * th.gap);
    ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, th.height - th.touch - th.gap));
    if (f.button("pin-cancel", f.t("Cancel"), ImVec2(bw, th.touch), ButtonKind::Quiet))
        f.action(UiAction::Kind::CloseStaff);
}

void drawAttendantScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const UiState& ui = f.view.ui;
    const float g = th.gap;
    const float top = drawTopBar(f, f.t("Attendant"), false);
    const float w = th.width - 2 * g;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = top + g * 0.5f;

    // Status: phase, locks and why.
    ImGui::SetCursorScreenPos(ImVec2(g, y));
    f.text(th.fontBody, th.colors.text,
           fmt::format("{}: {}   {}: {}   {}: {}", f.t("State"), phaseName(s.phase), f.t("Items"),
                       s.cart.lines().size(), f.t("Total"), f.money(s.priced.total)));
    y = ImGui::GetCursorScreenPos().y + g * 0.25f;
    if (!f.view.handScanner.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        const bool ready = f.view.handScanner == "ready";
        f.text(th.fontBody, ready ? th.colors.textMuted : th.colors.bad,
               fmt::format("{}: {}", f.t("Hand scanner"), f.view.handScanner));
        y = ImGui::GetCursorScreenPos().y + g * 0.25f;
    }
    y = drawDevicePanel(f, y, w);
    if (s.locks.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        f.text(th.fontBody, th.colors.textMuted, f.t("The kiosk is not locked."));
        y = ImGui::GetCursorScreenPos().y;
    }
    for (const AttendantLock& lock : s.locks) {
        const int64_t secs = std::max<int64_t>(0, (f.view.now - lock.since) / 1000);
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        f.textWrapped(th.fontBody, th.colors.bad,
                      fmt::format("{}: {} ({} s)", lockText(f, lock.kind), lock.reason, secs), w);
        y = ImGui::GetCursorScreenPos().y;
    }
    y += g * 0.5f;

    // Actions for the locks, in one wrapping row.
    struct Act {
        const char* id;
        std::string label;
        bool show;
        ButtonKind kind;
        Event event;
    };
    const std::string staff = ui.staffId;
    std::vector<Act> acts = {
        {"approve-age", f.t("Approve age (ID checked)"), hasLock(s, LockKind::AgeCheckPending),
         ButtonKind::Primary, AttendantApproveAge{staff, AgeCheckMethod::IdViewed}},
        {"refuse-age", f.t("Refuse age"), hasLock(s, LockKind::AgeCheckPending), ButtonKind::Danger,
         AttendantRefuseAge{staff}},
        {"approve-edit", f.t("Approve the change"), s.pendingEdit.has_value(), ButtonKind::Primary,
         AttendantApproveEdit{staff}},
        {"clear-help", f.t("Clear help call"), hasLock(s, LockKind::HelpRequested),
         ButtonKind::Secondary, AttendantClearLock{staff, LockKind::HelpRequested}},
        {"clear-unknown", f.t("Clear unknown item"), hasLock(s, LockKind::UnknownItem),
         ButtonKind::Secondary, AttendantClearLock{staff, LockKind::UnknownItem}},
        {"clear-intervention", f.t("Clear intervention"), hasLock(s, LockKind::Intervention),
         ButtonKind::Secondary, AttendantClearLock{staff, LockKind::Intervention}},
        {"cancel-transaction-staff", f.t("Cancel transaction"), transactionOpen(s),
         ButtonKind::Danger, AttendantCancelTransaction{staff, "cancelled by attendant"}},
    };
    const float bw = th.portrait ? (w - g) / 2 : (w - 3 * g) / 4;
    int n = 0;
    for (const Act& a : acts) {
        if (!a.show)
            continue;
        const float x = g + (n % (th.portrait ? 2 : 4)) * (bw + g);
        if (n > 0 && n % (th.portrait ? 2 : 4) == 0)
            y += th.touch + g * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (f.button(a.id, a.label, ImVec2(bw, th.touch), a.kind, true, th.fontBody))
            f.event(a.event);
        ++n;
    }
    if (n > 0)
        y += th.touch + g;

    const float bottomY = th.height - th.touch - g;
    if (ui.overridePrice) {
        // New price for the selected line, then the reason (which confirms).
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        const CartLine* line = s.cart.find(ui.selectedLine);
        f.text(th.fontLarge, th.colors.text,
               fmt::format("{}: {}", f.t("New price"),
                           line ? line->product.nameFor(f.language()) : std::string("?")));
        y = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        f.text(th.fontTitle, th.colors.text, ui.priceEntry.empty() ? "0" : ui.priceEntry);
        y = ImGui::GetCursorScreenPos().y + g * 0.5f;
        const float key = std::min(160 * th.scale, (bottomY - y) / 4.5f);
        drawKeypad(f, ImVec2(g, y), key, UiAction::Kind::PriceKey, false);
        const float rx = g + 3 * key + 2 * g;
        const float rw = std::min(w - rx, 700 * th.scale);
        const char* reasons[][2] = {{"reason-shelf", "Shelf price differs"},
                                    {"reason-damaged", "Damaged item"},
                                    {"reason-promotion", "Promotion not applied"}};
        float ry = y;
        for (const auto& r : reasons) {
            ImGui::SetCursorScreenPos(ImVec2(rx, ry));
            if (f.button(r[0], f.t(r[1]), ImVec2(rw, th.touch), ButtonKind::Primary,
                         !ui.priceEntry.empty(), th.fontBody))
                f.action(UiAction::Kind::ConfirmOverride, r[1]);
            ry += th.touch + g * 0.5f;
        }
        ImGui::SetCursorScreenPos(ImVec2(rx, ry));
        if (f.button("override-cancel", f.t("Cancel"), ImVec2(rw, th.touch), ButtonKind::Quiet))
            f.action(UiAction::Kind::CancelOverride);
    } else if (!s.cart.empty()) {
        // Lines, each with Void and Price.
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        ImGui::BeginChild("staff-lines", ImVec2(w, bottomY - y - g), false,
                          ImGuiWindowFlags_NoBackground);
        const float lw = w - ImGui::GetStyle().ScrollbarSize - g;
        const float btn = th.portrait ? 220 * th.scale : 260 * th.scale;
        // A few pixels of air so the first row's outline is not cut by the list's edge.
        ImGui::SetCursorScreenPos(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + 4 * th.scale));
        for (const CartLine& line : s.cart.lines()) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string id = std::to_string(line.lineId);
            std::string label =
                fmt::format("{} x {}", line.quantity, line.product.nameFor(f.language()));
            if (line.product.unit == SaleUnit::Weight)
                label =
                    fmt::format("{} g {}", line.weightGrams, line.product.nameFor(f.language()));
            ImFont* font = fittingFont(th, th.fontBody, label, lw - 2 * btn - 2 * g);
            dl = ImGui::GetWindowDrawList();
            dl->PushClipRect(p, ImVec2(p.x + lw - 2 * btn - 2 * g, p.y + th.touch), true);
            dl->AddText(font, font->FontSize, ImVec2(p.x, p.y + (th.touch - font->FontSize) / 2),
                        th.colors.text, label.c_str());
            dl->PopClipRect();
            ImGui::SetCursorScreenPos(ImVec2(p.x + lw - 2 * btn - g, p.y));
            if (f.button("void-" + id, f.t("Void"), ImVec2(btn, th.touch), ButtonKind::Danger,
                         s.phase == Phase::Shopping || s.phase == Phase::Review, th.fontBody))
                f.event(AttendantVoidLine{staff, line.lineId, "voided by attendant"});
            ImGui::SameLine(0, g);
            if (f.button("override-" + id, f.t("Price"), ImVec2(btn, th.touch),
                         ButtonKind::Secondary,
                         s.phase == Phase::Shopping || s.phase == Phase::Review, th.fontBody)) {
                f.action(UiAction::Kind::SelectLine, {}, line.lineId);
                f.action(UiAction::Kind::OpenOverride);
            }
            ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + th.touch + g * 0.5f));
        }
        ImGui::EndChild();
    }

    ImGui::SetCursorScreenPos(ImVec2(g, bottomY));
    const float lb = (w - 2 * g) / 3;
    if (f.button("contrast", ui.highContrast ? f.t("Normal contrast") : f.t("High contrast"),
                 ImVec2(lb, th.touch), ButtonKind::Quiet, true, th.fontBody))
        f.action(UiAction::Kind::ToggleContrast);
    ImGui::SameLine(0, g);
    if (f.button("open-drawer", f.t("Open drawer"), ImVec2(lb, th.touch), ButtonKind::Secondary,
                 true, th.fontBody))
        f.action(UiAction::Kind::OpenDrawer);
    ImGui::SameLine(0, g);
    if (f.button("attendant-leave", f.t("Leave attendant mode"), ImVec2(lb, th.touch),
                 ButtonKind::Secondary))
        f.action(UiAction::Kind::CloseStaff);
}

}  // namespace kiosk::ui
