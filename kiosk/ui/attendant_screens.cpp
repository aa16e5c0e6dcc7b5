// Staff: the PIN keypad behind the hidden corner, and the attendant panel (why the kiosk is
// locked; approve or refuse age, void a line, override a price, clear a call, cancel, leave).
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

// A 3x4 digit keypad; `kind` says whose keys they are (PIN or price).
void drawKeypad(Frame& f, ImVec2 pos, float key, UiAction::Kind kind, bool withEnter,
                float keyW = 0) {
    const Theme& th = f.theme;
    if (keyW <= 0)
        keyW = key;
    const float g = th.gap * 0.5f;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "\b", "0", "\n"};
    for (int i = 0; i < 12; ++i) {
        const std::string k = keys[i];
        if (k == "\n" && !withEnter)
            continue;
        const float x = pos.x + (i % 3) * (keyW + g);
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
        if (f.button(id, label, ImVec2(keyW, key * 0.8f), bk, true,
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
        case LockKind::PriceCheck:
            return f.t("Price check");
        case LockKind::PaymentProblem:
            return f.t("Payment problem");
        case LockKind::DeviceFault:
            return f.t("Device fault");
        case LockKind::Intervention:
            return f.t("Intervention");
    }
    return "";
}

std::string roleText(Frame& f, Role role) {
    switch (role) {
        case Role::Attendant:
            return f.t("Attendant");
        case Role::Supervisor:
            return f.t("Supervisor");
        case Role::Manager:
            return f.t("Manager");
    }
    return "";
}

std::string ageText(Frame& f, int64_t seconds) {
    if (seconds < 60)
        return fmt::format("{} s", seconds);
    return fmt::format("{} {}", seconds / 60, f.t("min"));
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
    // The line under the state: the error, or the printer's paper and drawer.
    const auto detailOf = [&f](const DeviceLine& d) {
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
        return detail;
    };
    // Tall enough for the longest detail: it wraps rather than being cut (five cards in a row
    // leave "Paper OK, Drawer closed" two lines).
    float detailH = th.fontSmall->FontSize;
    for (const DeviceLine& d : devices) {
        const std::string detail = detailOf(d);
        if (!detail.empty())
            detailH = std::max(detailH, th.fontSmall
                                            ->CalcTextSizeA(th.fontSmall->FontSize, FLT_MAX,
                                                            cw - 2 * pad, detail.c_str())
                                            .y);
    }
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
        const std::string detail = detailOf(d);
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
    const UiState& ui = f.view.ui;
    const bool pinStep = ui.staff == UiState::Staff::Pin;
    const float top = drawTopBar(f, f.t("Staff sign-in"), false);
    const float key = std::min(200 * th.scale, (th.height - top) / 7.0f);
    const float padW = 3 * key + th.gap;
    float y = top + th.gap * 0.5f;
    const float w = th.width - 2 * th.gap;
    std::string prompt = pinStep ? f.t("PIN") : f.t("Scan your badge, or enter your staff number");
    ImU32 color = th.colors.text;
    if (ui.signInBusy) {
        prompt = f.t("One moment...");
        color = th.colors.textMuted;
    } else if (!ui.signInProblem.empty() && !pinStep) {
        color = th.colors.bad;
        if (ui.signInProblem == "locked") {
            prompt = fmt::format(
                fmt::runtime(f.t("Locked until {} after too many wrong PINs. A manager can unlock "
                                 "it (kasir-admin staff unlock)")),
                ui.lockedUntil);
        } else {
            prompt = f.t(ui.signInProblem);
            if (ui.triesLeft > 0)
                prompt += ". " + fmt::format(fmt::runtime(f.t("{} tries left")), ui.triesLeft);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(th.gap, y));
    ImFont* pf = fittingFont(th, th.fontLarge, prompt, w);
    if (pf->CalcTextSizeA(pf->FontSize, FLT_MAX, 0, prompt.c_str()).x <= w)
        f.textCentered(pf, color, prompt, w);
    else
        f.textWrapped(pf, color, prompt, w);
    y = ImGui::GetCursorScreenPos().y + th.gap * 0.25f;
    ImGui::SetCursorScreenPos(ImVec2(th.gap, y));
    std::string shown;
    if (pinStep) {
        for (size_t i = 0; i < ui.pin.size(); ++i)
            shown += "\xe2\x97\x8f ";  // a dot per digit, never the digit
    } else {
        shown = ui.staffEntry;
    }
    f.textCentered(th.fontTitle, th.colors.text, shown.empty() ? " " : shown, w);
    y = ImGui::GetCursorScreenPos().y + th.gap * 0.5f;
    drawKeypad(f, ImVec2((th.width - padW) / 2, y), key, UiAction::Kind::StaffKey, true);
    const float bw = std::min(padW, th.width - 2 * th.gap);
    ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, th.height - th.touch - th.gap));
    if (f.button("pin-cancel", f.t("Cancel"), ImVec2(bw, th.touch), ButtonKind::Quiet))
        f.action(UiAction::Kind::CloseStaff);
}

namespace {

// The reason picker: one button per code of `list`; a tap confirms the open panel's action.
float drawReasons(Frame& f, const std::vector<ReasonCode>& list, ImVec2 pos, float width,
                  bool enabled, float maxHeight) {
    const Theme& th = f.theme;
    const float g = th.gap * 0.5f;
    const float bh = th.touch * 0.8f;
    // As many columns as it takes to fit the height (a store may list many reasons).
    int cols = 1;
    const int count = static_cast<int>(list.size());
    while (cols < 3 && ((count + cols - 1) / cols) * (bh + g) > maxHeight)
        ++cols;
    const float bw = (width - (cols - 1) * g) / cols;
    int n = 0;
    for (const ReasonCode& r : list) {
        ImGui::SetCursorScreenPos(
            ImVec2(pos.x + (n % cols) * (bw + g), pos.y + (n / cols) * (bh + g)));
        if (f.button("reason-" + r.code, f.t(r.label), ImVec2(bw, bh), ButtonKind::Primary, enabled,
                     th.fontBody))
            f.action(UiAction::Kind::Reason, r.code);
        ++n;
    }
    return pos.y + ((n + cols - 1) / cols) * (bh + g);
}

// The highest age the restricted lines of the cart need under the store's policy.
int cartRequiredAge(const View& v) {
    int age = 0;
    for (const CartLine& line : v.state->cart.lines())
        age = std::max(age, requiredAge(line.product, v.agePolicy));
    return age;
}

}  // namespace

void drawAttendantScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const UiState& ui = f.view.ui;
    const float g = th.gap;
    const float w = th.width - 2 * g;
    const auto may = [&](StaffAction a) { return ui.permissions.allows(ui.role, a); };
    // A button's label names the role it needs when this role may not use it.
    const auto label = [&](const std::string& text, StaffAction a) {
        if (may(a))
            return text;
        const auto least = ui.permissions.leastRole(a);
        return least ? fmt::format("{} ({})", text, roleText(f, *least)) : text;
    };
    const float top = drawTopBar(
        f, fmt::format("{}: {} ({})", f.t("Attendant"), ui.staffName, roleText(f, ui.role)), false);
    float y = top + g * 0.4f;

    // Status line and any notice ("Needs a supervisor").
    ImGui::SetCursorScreenPos(ImVec2(g, y));
    f.text(th.fontBody, th.colors.text,
           fmt::format("{}: {}   {}: {}   {}: {}", f.t("State"), phaseName(s.phase), f.t("Items"),
                       s.cart.lines().size(), f.t("Total"), f.money(s.priced.total)));
    y = ImGui::GetCursorScreenPos().y + g * 0.2f;
    if (!ui.staffNotice.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        f.textWrapped(th.fontLarge, th.colors.bad, f.t(ui.staffNotice), w);
        y = ImGui::GetCursorScreenPos().y + g * 0.2f;
    }
    // The device cards give way to the keypads and reason pickers.
    if ((!th.portrait || s.locks.empty()) && ui.panel == PanelMode::Main)
        y = drawDevicePanel(f, y, w);

    // Open interventions, oldest first; a tap selects one.
    std::vector<const AttendantLock*> locks;
    for (const auto& l : s.locks)
        locks.push_back(&l);
    std::stable_sort(
        locks.begin(), locks.end(),
        [](const AttendantLock* a, const AttendantLock* b) { return a->since < b->since; });
    const AttendantLock* selected = nullptr;
    for (const AttendantLock* l : locks)
        if (ui.lockSelected && l->kind == ui.selectedLock)
            selected = l;
    if (selected == nullptr && !locks.empty())
        selected = locks.front();
    if (locks.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        f.text(th.fontBody, th.colors.textMuted, f.t("The kiosk is not locked."));
        y = ImGui::GetCursorScreenPos().y + g * 0.3f;
    }
    const float rowH = th.touch * 0.7f;
    for (const AttendantLock* l : locks) {
        const int64_t secs = std::max<int64_t>(0, (f.view.now - l->since) / 1000);
        const std::string text =
            fmt::format("{}  {}  {}", lockText(f, l->kind), ageText(f, secs), l->reason);
        ImGui::SetCursorScreenPos(ImVec2(g, y));
        if (f.button("lock-" + std::string(lockKindName(l->kind)), text, ImVec2(w, rowH),
                     l == selected ? ButtonKind::Help : ButtonKind::Quiet, true, th.fontBody))
            f.action(UiAction::Kind::SelectLock, {}, static_cast<int64_t>(l->kind));
        y += rowH + g * 0.3f;
    }

    // The selected lock's actions, in one wrapping row.
    struct Act {
        std::string id;
        std::string label;
        ButtonKind kind;
        std::optional<StaffAction> need;
        std::optional<Event> event;
        std::optional<UiAction::Kind> uiAction = std::nullopt;  // instead of an event
        int64_t number = 0;
    };
    std::vector<Act> acts;
    if (selected != nullptr) {
        switch (selected->kind) {
            case LockKind::AgeCheckPending: {
                const int age = cartRequiredAge(f.view);
                const int over = looksOverAge(f.view.agePolicy, age);
                std::string prompt = fmt::format(fmt::runtime(f.t("Age {} or over needed.")), age);
                if (f.view.agePolicy.challengeAge > 0)
                    prompt +=
                        " " + fmt::format(
                                  fmt::runtime(f.t(
                                      "Challenge {}: ask for ID from anyone who looks under {}.")),
                                  f.view.agePolicy.challengeAge, f.view.agePolicy.challengeAge);
                ImGui::SetCursorScreenPos(ImVec2(g, y));
                f.textWrapped(th.fontBody, th.colors.text, prompt, w);
                y = ImGui::GetCursorScreenPos().y + g * 0.3f;
                acts.push_back({"age-id-viewed", f.t("ID viewed"), ButtonKind::Primary,
                                StaffAction::ApproveAge,
                                AttendantApproveAge{{}, AgeCheckMethod::IdViewed}});
                acts.push_back({"age-id-scanned", f.t("ID scanned"), ButtonKind::Primary,
                                StaffAction::ApproveAge,
                                AttendantApproveAge{{}, AgeCheckMethod::IdScanned}});
                acts.push_back({"age-looks-over",
                                fmt::format(fmt::runtime(f.t("Looks clearly over {}")), over),
                                ButtonKind::Primary, StaffAction::ApproveAge,
                                AttendantApproveAge{{}, AgeCheckMethod::LooksOverThreshold}});
                acts.push_back({"refuse-age", f.t("Refuse"), ButtonKind::Danger,
                                StaffAction::ApproveAge, AttendantRefuseAge{}});
                break;
            }
            case LockKind::Intervention:
                if (s.pendingEdit) {
                    acts.push_back({"approve-edit", f.t("Approve the removal"), ButtonKind::Primary,
                                    StaffAction::ApproveRemoval, AttendantApproveEdit{}});
                    // Refusing is clearing the lock: greyed by the permission it is checked
                    // against (requiredAction), so a changed table never shows a button that
                    // is then refused.
                    acts.push_back({"refuse-edit", f.t("Refuse the removal"), ButtonKind::Danger,
                                    StaffAction::ClearLock,
                                    AttendantClearLock{{}, LockKind::Intervention}});
                    break;
                }
                [[fallthrough]];
            default:
                acts.push_back({"clear-lock", f.t("Clear"), ButtonKind::Primary,
                                StaffAction::ClearLock, AttendantClearLock{{}, selected->kind}});
                break;
        }
    }
    // Transaction actions share the row with the lock's (one row of six fits 1920 pixels).
    if (ui.panel == PanelMode::Main) {
        if (transactionOpen(s)) {
            acts.push_back({"suspend", f.t("Suspend transaction"), ButtonKind::Secondary,
                            StaffAction::SuspendTransaction, std::nullopt,
                            UiAction::Kind::Suspend});
            // Staff lock the kiosk while they check a shelf price (the shopper is told why).
            if (!hasLock(s, LockKind::PriceCheck))
                acts.push_back(
                    {"raise-price-check", f.t("Price check"), ButtonKind::Secondary, std::nullopt,
                     AttendantRaiseIntervention{{}, "price check by staff", LockKind::PriceCheck}});
            acts.push_back({"cancel-transaction-staff", f.t("Cancel transaction"),
                            ButtonKind::Danger, StaffAction::CancelTransaction, std::nullopt,
                            UiAction::Kind::OpenPanel,
                            static_cast<int64_t>(PanelMode::CancelReason)});
        }
        if (s.phase == Phase::Attract || s.phase == Phase::Finished ||
            (s.phase == Phase::Shopping && s.cart.empty()))
            acts.push_back({"resume", f.t("Resume saved shopping"), ButtonKind::Secondary,
                            std::nullopt, std::nullopt, UiAction::Kind::OpenPanel,
                            static_cast<int64_t>(PanelMode::ResumeCode)});
    }
    const int perRow = th.portrait ? 2 : th.width >= 1500 ? 6 : 3;
    const float bw = (w - (perRow - 1) * g * 0.5f) / perRow;
    const auto drawActs = [&](const std::vector<Act>& list) {
        int n = 0;
        for (const Act& a : list) {
            if (n > 0 && n % perRow == 0)
                y += th.touch + g * 0.5f;
            ImGui::SetCursorScreenPos(ImVec2(g + (n % perRow) * (bw + g * 0.5f), y));
            const bool allowed = !a.need || may(*a.need);
            const std::string text = a.need ? label(a.label, *a.need) : a.label;
            if (f.guardedButton(a.id, text, ImVec2(bw, th.touch), a.kind, allowed, th.fontBody)) {
                if (a.event)
                    f.event(*a.event);
                else if (a.uiAction)
                    f.action(*a.uiAction, {}, a.number);
            }
            ++n;
        }
        if (n > 0)
            y += th.touch + g * 0.5f;
    };
    drawActs(acts);

    const float bottomY = th.height - th.touch - g;
    const bool editable = s.phase == Phase::Shopping || s.phase == Phase::Review;
    const CartLine* line = s.cart.find(ui.selectedLine);
    const std::string lineName = line ? line->product.nameFor(f.language()) : std::string("?");
    switch (ui.panel) {
        case PanelMode::VoidReason:
        case PanelMode::CancelReason: {
            const bool isVoid = ui.panel == PanelMode::VoidReason;
            ImGui::SetCursorScreenPos(ImVec2(g, y));
            f.text(
                th.fontLarge, th.colors.text,
                isVoid ? fmt::format("{}: {}", f.t("Void"), lineName) : f.t("Cancel transaction"));
            y = ImGui::GetCursorScreenPos().y + g * 0.3f;
            ImGui::SetCursorScreenPos(ImVec2(g, y));
            f.text(th.fontBody, th.colors.textMuted, f.t("Choose a reason"));
            y = ImGui::GetCursorScreenPos().y + g * 0.3f;
            y = drawReasons(f, isVoid ? f.view.reasons.voids : f.view.reasons.cancels, ImVec2(g, y),
                            w, true, bottomY - y - th.touch - 2 * g);
            ImGui::SetCursorScreenPos(ImVec2(g, std::min(y, bottomY - th.touch - g)));
            if (f.button("panel-back", f.t("Back"), ImVec2(bw, th.touch), ButtonKind::Quiet))
                f.action(UiAction::Kind::ClosePanel);
            break;
        }
        case PanelMode::OverridePrice:
        case PanelMode::Discount:
        case PanelMode::ResumeCode: {
            const bool price = ui.panel == PanelMode::OverridePrice;
            const bool discount = ui.panel == PanelMode::Discount;
            ImGui::SetCursorScreenPos(ImVec2(g, y));
            const std::string title = price ? fmt::format("{}: {}", f.t("New price"), lineName)
                                      : discount
                                          ? fmt::format("{}: {}", f.t("Discount %"), lineName)
                                          : f.t("Saved-shopping code");
            f.text(th.fontLarge, th.colors.text, title);
            y = ImGui::GetCursorScreenPos().y;
            ImGui::SetCursorScreenPos(ImVec2(g, y));
            f.text(th.fontTitle, th.colors.text,
                   ui.entry.empty() ? "0" : ui.entry + (discount ? " %" : ""));
            y = ImGui::GetCursorScreenPos().y + g * 0.3f;
            const float key = std::min(150 * th.scale, (bottomY - y) / 4.6f);
            const float keyW = std::max(key, 150 * th.scale);
            drawKeypad(f, ImVec2(g, y), key, UiAction::Kind::EntryKey, false, keyW);
            const float rx = g + 3 * keyW + 2 * g;
            const float rw = std::max(w - rx + g, 200 * th.scale);
            float ry = y;
            if (ui.panel == PanelMode::ResumeCode) {
                ImGui::SetCursorScreenPos(ImVec2(rx, ry));
                if (f.button("resume-confirm", f.t("Resume"), ImVec2(rw, th.touch),
                             ButtonKind::Primary, ui.entry.size() == 8, th.fontBody))
                    f.action(UiAction::Kind::ConfirmResume);
                ry += th.touch + g * 0.5f;
            } else {
                ImGui::SetCursorScreenPos(ImVec2(rx, ry));
                f.text(th.fontBody, th.colors.textMuted, f.t("Choose a reason"));
                ry = ImGui::GetCursorScreenPos().y + g * 0.3f;
                ry = drawReasons(f, price ? f.view.reasons.overrides : f.view.reasons.discounts,
                                 ImVec2(rx, ry), rw, !ui.entry.empty(),
                                 bottomY - ry - th.touch - 2 * g);
            }
            ImGui::SetCursorScreenPos(ImVec2(rx, ry));
            if (f.button("panel-back", f.t("Back"), ImVec2(rw, th.touch * 0.85f), ButtonKind::Quiet,
                         true, th.fontBody))
                f.action(UiAction::Kind::ClosePanel);
            break;
        }
        case PanelMode::Main: {
            if (s.cart.empty())
                break;
            // Lines, each with Void, Price and Discount.
            ImGui::SetCursorScreenPos(ImVec2(g, y));
            ImGui::BeginChild("staff-lines", ImVec2(w, std::max(th.touch, bottomY - y - g * 0.5f)),
                              false, ImGuiWindowFlags_NoBackground);
            const float lw = w - ImGui::GetStyle().ScrollbarSize - g;
            // Narrow screens put the name above its buttons, so long names stay readable.
            const bool stacked = th.portrait || th.width < 1200;
            const float btn = stacked ? (lw - 2 * g) / 3 : 250 * th.scale;
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x,
                                             ImGui::GetCursorScreenPos().y + 4 * th.scale));
            for (const CartLine& cl : s.cart.lines()) {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const std::string id = std::to_string(cl.lineId);
                std::string text =
                    fmt::format("{} x {}", cl.quantity, cl.product.nameFor(f.language()));
                if (cl.product.unit == SaleUnit::Weight)
                    text = fmt::format("{} g {}", cl.weightGrams, cl.product.nameFor(f.language()));
                if (cl.discountPercent > 0)
                    text += fmt::format(" (-{}%)", cl.discountPercent);
                const float textW = stacked ? lw : lw - 3 * btn - 3 * g;
                ImFont* font = fittingFont(th, th.fontBody, text, textW);
                ImDrawList* dl = ImGui::GetWindowDrawList();
                const float textH = stacked ? font->FontSize + g * 0.3f : th.touch;
                dl->PushClipRect(p, ImVec2(p.x + textW, p.y + textH), true);
                dl->AddText(font, font->FontSize, ImVec2(p.x, p.y + (textH - font->FontSize) / 2),
                            th.colors.text, text.c_str());
                dl->PopClipRect();
                const float by = stacked ? p.y + textH : p.y;
                ImGui::SetCursorScreenPos(ImVec2(p.x + lw - 3 * btn - 2 * g, by));
                if (editable &&
                    f.guardedButton("void-" + id, label(f.t("Void"), StaffAction::VoidLine),
                                    ImVec2(btn, th.touch), ButtonKind::Danger,
                                    may(StaffAction::VoidLine), th.fontBody)) {
                    f.action(UiAction::Kind::SelectLine, {}, cl.lineId);
                    f.action(UiAction::Kind::OpenPanel, {},
                             static_cast<int64_t>(PanelMode::VoidReason));
                }
                ImGui::SetCursorScreenPos(ImVec2(p.x + lw - 2 * btn - g, by));
                if (editable && f.guardedButton("override-" + id,
                                                label(f.t("Price"), StaffAction::PriceOverride),
                                                ImVec2(btn, th.touch), ButtonKind::Secondary,
                                                may(StaffAction::PriceOverride), th.fontBody)) {
                    f.action(UiAction::Kind::SelectLine, {}, cl.lineId);
                    f.action(UiAction::Kind::OpenPanel, {},
                             static_cast<int64_t>(PanelMode::OverridePrice));
                }
                ImGui::SetCursorScreenPos(ImVec2(p.x + lw - btn, by));
                if (editable &&
                    f.guardedButton("discount-" + id, label(f.t("Discount"), StaffAction::Discount),
                                    ImVec2(btn, th.touch), ButtonKind::Secondary,
                                    may(StaffAction::Discount), th.fontBody)) {
                    f.action(UiAction::Kind::SelectLine, {}, cl.lineId);
                    f.action(UiAction::Kind::OpenPanel, {},
                             static_cast<int64_t>(PanelMode::Discount));
                }
                ImGui::SetCursorScreenPos(ImVec2(p.x, by + th.touch + g * 0.5f));
            }
            ImGui::EndChild();
            break;
        }
    }

    // Bottom row: shift, drawer, contrast, back to the shopper, sign out.
    ImGui::SetCursorScreenPos(ImVec2(g, bottomY));
    const float lb = (w - 4 * g * 0.5f) / 5;
    if (f.button("shift", ui.onShift ? f.t("Clock out") : f.t("Clock in"), ImVec2(lb, th.touch),
                 ButtonKind::Quiet, true, th.fontBody))
        f.action(UiAction::Kind::ToggleShift);
    ImGui::SameLine(0, g * 0.5f);
    if (f.guardedButton("open-drawer", label(f.t("Open drawer"), StaffAction::OpenDrawer),
                        ImVec2(lb, th.touch), ButtonKind::Secondary, may(StaffAction::OpenDrawer),
                        th.fontBody))
        f.action(UiAction::Kind::OpenDrawer);
    ImGui::SameLine(0, g * 0.5f);
    if (f.button("contrast", ui.highContrast ? f.t("Normal contrast") : f.t("High contrast"),
                 ImVec2(lb, th.touch), ButtonKind::Quiet, true, th.fontBody))
        f.action(UiAction::Kind::ToggleContrast);
    ImGui::SameLine(0, g * 0.5f);
    if (f.button("attendant-leave", f.t("Back to shopper"), ImVec2(lb, th.touch),
                 ButtonKind::Secondary, true, th.fontBody))
        f.action(UiAction::Kind::CloseStaff);
    ImGui::SameLine(0, g * 0.5f);
    if (f.button("sign-out", f.t("Sign out"), ImVec2(lb, th.touch), ButtonKind::Danger, true,
                 th.fontBody))
        f.action(UiAction::Kind::SignOut);
}

}  // namespace kiosk::ui
