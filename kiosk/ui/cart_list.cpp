// The cart rows shared by Shopping and Review, and the total.
#include <algorithm>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

const PricedLine* pricedLine(const PricedCart& priced, int64_t lineId) {
    for (const auto& l : priced.lines)
        if (l.lineId == lineId)
            return &l;
    return nullptr;
}

// Cuts `s` so it fits `width` in `font`, ending in "...".
std::string ellipsized(ImFont* font, const std::string& s, float width) {
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x <= width)
        return s;
    std::string cut = s;
    while (!cut.empty()) {
        // Drop a whole UTF-8 character.
        do {
            cut.pop_back();
        } while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);
        if (!cut.empty())
            cut.pop_back();
        const std::string t = cut + "...";
        if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x <= width)
            return t;
    }
    return "...";
}

}  // namespace

void drawCartList(Frame& f, ImVec2 pos, ImVec2 size, bool editable) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const auto& lines = s.cart.lines();
    ImGui::SetCursorScreenPos(pos);
    if (lines.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + size.y * 0.4f));
        f.textCentered(th.fontLarge, th.colors.textMuted, f.t("Your items will appear here"),
                       size.x);
        return;
    }
    ImGui::BeginChild("cart", size, false, ImGuiWindowFlags_NoBackground);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float scrollbar = ImGui::GetStyle().ScrollbarSize;
    const float w = size.x - scrollbar - th.gap * 0.5f;
    const float pad = th.gap * 0.5f;
    const float nameH = th.body;
    const float detailH = th.small;
    // Review: the quantity and remove buttons sit on the row's right, before the amount.
    const float bw = th.touch;
    const float buttonsW = editable ? bw * 2 + th.large * 1.6f + bw * 2.2f + pad * 4 : 0;

    // Keep the newest line in view when it changes (scroll position is the view's own state).
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID seenKey = ImGui::GetID("newest-seen");
    // The scroll range grows only a frame after a row is added, so follow for a few frames.
    const ImGuiID followKey = ImGui::GetID("newest-follow");
    if (storage->GetInt(seenKey, -1) != static_cast<int>(s.newestLineId))
        storage->SetInt(followKey, 3);
    storage->SetInt(seenKey, static_cast<int>(s.newestLineId));
    const int follow = storage->GetInt(followKey, 0);
    const bool newestChanged = follow > 0;
    storage->SetInt(followKey, std::max(0, follow - 1));

    for (const CartLine& line : lines) {
        const PricedLine* priced = pricedLine(s.priced, line.lineId);
        int discounts = 0;
        for (const auto& d : s.priced.discounts)
            if (d.lineId == line.lineId)
                ++discounts;
        const float textH = nameH + pad * 0.5f + detailH + discounts * (detailH + pad * 0.5f);
        const float rowH = pad * 2 + std::max(textH, editable ? bw : 0.0f);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool newest = line.lineId == s.newestLineId;
        if (!ImGui::IsRectVisible(ImVec2(w, rowH))) {
            ImGui::Dummy(ImVec2(w, rowH));
            if (newest && newestChanged)
                ImGui::SetScrollHereY(1.0f);
            continue;
        }
        if (newest)
            dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), th.colors.highlight, th.rounding);
        dl->AddLine(ImVec2(p.x, p.y + rowH), ImVec2(p.x + w, p.y + rowH), th.colors.panelBorder,
                    std::max(1.0f, th.scale * 2));

        const std::string amount = priced ? f.money(priced->gross) : "";
        const float amountW = th.fontLarge->CalcTextSizeA(th.large, FLT_MAX, 0, amount.c_str()).x;
        const std::string name = line.product.nameFor(f.language());
        const float textW = w - amountW - buttonsW - pad * 4;
        dl->AddText(th.fontBody, th.body, ImVec2(p.x + pad, p.y + pad), th.colors.text,
                    ellipsized(th.fontBody, name, textW).c_str());
        dl->AddText(th.fontLarge, th.large, ImVec2(p.x + w - pad - amountW, p.y + pad * 0.5f),
                    th.colors.text, amount.c_str());

        std::string detail;
        if (line.product.unit == SaleUnit::Weight)
            detail = fmt::format("{:.3f} kg x {} / kg", line.weightGrams / 1000.0,
                                 f.money(priced ? priced->unitPrice : line.product.price));
        else
            detail = fmt::format("{} x {}", line.quantity,
                                 f.money(priced ? priced->unitPrice : line.product.price));
        if (line.priceOverride)
            detail += "  (" + f.t("price changed by staff") + ")";
        if (line.product.age)
            detail +=
                "  [" + f.t("age check") + " " + std::to_string(line.product.age->minAge) + "+]";
        float y = p.y + pad + nameH + pad * 0.5f;
        dl->AddText(th.fontSmall, th.small, ImVec2(p.x + pad, y), th.colors.textMuted,
                    ellipsized(th.fontSmall, detail, textW).c_str());
        y += detailH + pad * 0.5f;
        for (const auto& d : s.priced.discounts) {
            if (d.lineId != line.lineId)
                continue;
            const std::string saving = "-" + f.money(d.amount);
            const float sw = th.fontSmall->CalcTextSizeA(th.small, FLT_MAX, 0, saving.c_str()).x;
            dl->AddText(th.fontSmall, th.small, ImVec2(p.x + pad * 3, y), th.colors.good,
                        ellipsized(th.fontSmall, d.label, textW - sw - pad * 3).c_str());
            dl->AddText(th.fontSmall, th.small, ImVec2(p.x + pad + textW - sw, y), th.colors.good,
                        saving.c_str());
            y += detailH + pad * 0.5f;
        }
        if (editable) {
            const std::string id = std::to_string(line.lineId);
            const float by = p.y + (rowH - bw) * 0.5f;
            float bx = p.x + w - amountW - pad * 3 - buttonsW;
            const bool each = line.product.unit == SaleUnit::Each;
            ImGui::SetCursorScreenPos(ImVec2(bx, by));
            if (f.button("qty-minus-" + id, "-", ImVec2(bw, bw), ButtonKind::Key,
                         each && line.quantity > 1, th.fontTitle))
                f.event(ChangeQuantity{line.lineId, line.quantity - 1});
            bx += bw + pad;
            const std::string qty = each ? std::to_string(line.quantity) : "";
            const float qw = th.fontLarge->CalcTextSizeA(th.large, FLT_MAX, 0, qty.c_str()).x;
            dl->AddText(th.fontLarge, th.large,
                        ImVec2(bx + (th.large * 1.6f - qw) * 0.5f, by + (bw - th.large) * 0.5f),
                        th.colors.text, qty.c_str());
            bx += th.large * 1.6f + pad;
            ImGui::SetCursorScreenPos(ImVec2(bx, by));
            if (f.button("qty-plus-" + id, "+", ImVec2(bw, bw), ButtonKind::Key,
                         each && line.quantity < kMaxLineQuantity, th.fontTitle))
                f.event(ChangeQuantity{line.lineId, line.quantity + 1});
            bx += bw + pad;
            ImGui::SetCursorScreenPos(ImVec2(bx, by));
            if (f.button("remove-" + id, f.t("Remove"), ImVec2(bw * 2.2f, bw), ButtonKind::Quiet,
                         true, th.fontBody))
                f.event(RemoveLine{line.lineId});
        }
        ImGui::SetCursorScreenPos(p);
        ImGui::Dummy(ImVec2(w, rowH));
        if (newest && newestChanged)
            ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

void drawTotal(Frame& f, ImVec2 pos, float width) {
    const Theme& th = f.theme;
    const PricedCart& priced = f.state().priced;
    const std::string total = f.money(priced.total);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string label = f.t("Total");
    const float tw = th.fontHuge->CalcTextSizeA(th.huge, FLT_MAX, 0, total.c_str()).x;
    dl->AddText(th.fontLarge, th.large, ImVec2(pos.x, pos.y + (th.huge - th.large) * 0.6f),
                th.colors.text, label.c_str());
    dl->AddText(th.fontHuge, th.huge, ImVec2(pos.x + width - tw, pos.y), th.colors.text,
                total.c_str());
    std::string sub = fmt::format("{} {}", f.t("incl. tax"), f.money(priced.taxTotal));
    if (priced.taxMode == TaxMode::Exclusive)
        sub = fmt::format("{} {}", f.t("tax"), f.money(priced.taxTotal));
    if (priced.discountTotal > 0)
        sub += fmt::format("   {} {}", f.t("You save"), f.money(priced.discountTotal));
    const float sw = th.fontSmall->CalcTextSizeA(th.small, FLT_MAX, 0, sub.c_str()).x;
    dl->AddText(th.fontSmall, th.small, ImVec2(pos.x + width - sw, pos.y + th.huge + 4),
                th.colors.textMuted, sub.c_str());
}

}  // namespace kiosk::ui
