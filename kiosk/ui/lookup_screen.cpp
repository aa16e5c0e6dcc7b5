// Look up item: a picture grid of items without a barcode (produce, deli, bakery), with an
// on-screen keyboard for search and category buttons.
#include <algorithm>
#include <cctype>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool matches(const GridItem& item, const std::string& language, const std::string& search,
             const std::string& category) {
    if (!category.empty() && item.group != category)
        return false;
    if (search.empty())
        return true;
    const std::string needle = lower(search);
    if (lower(item.product.nameFor(language)).find(needle) != std::string::npos)
        return true;
    for (const auto& [lang, name] : item.product.names)
        if (lower(name).find(needle) != std::string::npos)
            return true;
    return item.product.plu.rfind(search, 0) == 0;
}

// A picture tile: the catalogue has no photos yet, so a coloured square with the initials
// stands in, in a colour stable per category.
void drawTile(Frame& f, const GridItem& item, ImVec2 size) {
    const Theme& th = f.theme;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string name = item.product.nameFor(f.language());
    if (f.button("item-" + item.id, name, size, ButtonKind::Key, true, th.fontSmall))
        f.event(ItemPicked{item.product, {}});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Cover the button's centred label with the tile layout (picture, name, price).
    dl->AddRectFilled(ImVec2(p.x + 3, p.y + 3), ImVec2(p.x + size.x - 3, p.y + size.y - 3),
                      th.colors.buttonFill[static_cast<int>(ButtonKind::Key)], th.rounding);
    unsigned hash = 2166136261u;
    for (char c : item.group)
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    const ImU32 tint =
        IM_COL32(80 + hash % 120, 80 + (hash >> 8) % 120, 80 + (hash >> 16) % 120, 255);
    const float pic = size.y * 0.42f;
    const ImVec2 pm(p.x + (size.x - pic) / 2, p.y + th.gap * 0.5f);
    dl->AddRectFilled(pm, ImVec2(pm.x + pic, pm.y + pic), tint, pic * 0.5f);
    std::string initials;
    for (char c : name) {
        if (initials.empty() && std::isalpha(static_cast<unsigned char>(c)))
            initials += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const ImVec2 is = th.fontTitle->CalcTextSizeA(th.title, FLT_MAX, 0, initials.c_str());
    dl->AddText(th.fontTitle, th.title, ImVec2(pm.x + (pic - is.x) / 2, pm.y + (pic - is.y) / 2),
                IM_COL32(255, 255, 255, 255), initials.c_str());
    const float textW = size.x - th.gap;
    ImFont* nf = fittingFont(th, th.fontSmall, name, textW);
    dl->PushClipRect(p, ImVec2(p.x + size.x, p.y + size.y), true);
    const ImVec2 ns = nf->CalcTextSizeA(nf->FontSize, FLT_MAX, textW, name.c_str());
    dl->AddText(
        nf, nf->FontSize,
        ImVec2(p.x + std::max(th.gap * 0.5f, (size.x - ns.x) / 2), pm.y + pic + th.gap * 0.3f),
        th.colors.text, name.c_str(), nullptr, textW);
    std::string price = f.money(item.product.price);
    if (item.product.unit == SaleUnit::Weight)
        price += " / kg";
    const ImVec2 ps = th.fontSmall->CalcTextSizeA(th.small, FLT_MAX, 0, price.c_str());
    dl->AddText(th.fontSmall, th.small,
                ImVec2(p.x + (size.x - ps.x) / 2, p.y + size.y - ps.y - th.gap * 0.4f),
                th.colors.good, price.c_str());
    dl->PopClipRect();
}

void drawKeyboard(Frame& f, ImVec2 pos, float width) {
    const Theme& th = f.theme;
    static const char* rows[] = {"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};
    const float g = th.gap * 0.25f;
    const float key = std::min(th.touch, (width - 9 * g) / 10);
    float y = pos.y;
    for (const char* row : rows) {
        const float n = static_cast<float>(std::char_traits<char>::length(row));
        float x = pos.x + (width - n * key - (n - 1) * g) / 2;
        for (const char* c = row; *c; ++c) {
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            const std::string label(1, *c);
            std::string id = "key-";
            id += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
            if (f.button(id, label, ImVec2(key, key), ButtonKind::Key, true, th.fontLarge))
                f.action(UiAction::Kind::SearchKey, label);
            x += key + g;
        }
        y += key + g;
    }
    const float half = (width - g) / 2;
    ImGui::SetCursorScreenPos(ImVec2(pos.x, y));
    if (f.button("key-space", f.t("Space"), ImVec2(half, key), ButtonKind::Key, true, th.fontBody))
        f.action(UiAction::Kind::SearchKey, " ");
    ImGui::SameLine(0, g);
    if (f.button("key-back", f.t("Delete"), ImVec2(half, key), ButtonKind::Key, true, th.fontBody))
        f.action(UiAction::Kind::SearchKey, "\b");
}

}  // namespace

void drawLookupScreen(Frame& f) {
    const Theme& th = f.theme;
    const float g = th.gap;
    const float top = drawTopBar(f, f.t("Look up item"));
    const UiState& ui = f.view.ui;

    // Search line with Close.
    const float closeW = std::max(th.touch * 2.2f, 300 * th.scale);
    ImGui::SetCursorScreenPos(ImVec2(g, top + g));
    const float fieldW = th.width - 3 * g - closeW;
    const ImVec2 fp = ImGui::GetCursorScreenPos();
    f.panel(fp, ImVec2(fp.x + fieldW, fp.y + th.touch), th.colors.panel);
    const std::string shown = ui.search.empty() ? f.t("Type to search") : ui.search + "_";
    ImGui::GetWindowDrawList()->AddText(
        th.fontLarge, th.large, ImVec2(fp.x + g, fp.y + (th.touch - th.large) / 2),
        ui.search.empty() ? th.colors.textMuted : th.colors.text, shown.c_str());
    ImGui::SetCursorScreenPos(ImVec2(th.width - g - closeW, top + g));
    if (f.button("lookup-close", f.t("Back"), ImVec2(closeW, th.touch), ButtonKind::Quiet))
        f.action(UiAction::Kind::CloseLookup);

    // Category buttons.
    float y = top + 2 * g + th.touch;
    const float catH = th.touch * 0.8f;
    ImGui::SetCursorScreenPos(ImVec2(g, y));
    std::vector<std::pair<std::string, std::string>> cats{{"", f.t("All")}};
    for (const auto& c : f.view.categories)
        cats.emplace_back(c, f.t(c == "produce"  ? "Fruit and vegetables"
                                 : c == "deli"   ? "Deli"
                                 : c == "bakery" ? "Bakery"
                                                 : c));
    const float catW = std::min(360 * th.scale, (th.width - 2 * g - (cats.size() - 1) * g * 0.5f) /
                                                    static_cast<float>(cats.size()));
    for (size_t i = 0; i < cats.size(); ++i) {
        if (i > 0)
            ImGui::SameLine(0, g * 0.5f);
        const bool on = ui.category == cats[i].first;
        const std::string id = cats[i].first.empty() ? "cat-all" : "cat-" + cats[i].first;
        if (f.button(id, cats[i].second, ImVec2(catW, catH),
                     on ? ButtonKind::Secondary : ButtonKind::Key, true, th.fontBody))
            f.action(UiAction::Kind::SetCategory, cats[i].first);
    }
    y += catH + g;

    // Grid and keyboard side by side (landscape) or stacked (portrait).
    const float kbW = th.portrait ? th.width - 2 * g : th.width * 0.36f;
    const float kbKey = std::min(th.touch, (kbW - 9 * g * 0.25f) / 10);
    const float kbH = 5 * kbKey + 4 * g * 0.25f;
    ImVec2 gridPos(g, y);
    ImVec2 gridSize(th.portrait ? th.width - 2 * g : th.width - kbW - 3 * g,
                    th.portrait ? th.height - y - kbH - 2 * g : th.height - y - g);
    ImVec2 kbPos = th.portrait ? ImVec2(g, th.height - kbH - g) : ImVec2(th.width - g - kbW, y);
    drawKeyboard(f, kbPos, kbW);

    ImGui::SetCursorScreenPos(gridPos);
    ImGui::BeginChild("grid", gridSize, false, ImGuiWindowFlags_NoBackground);
    const float tileW = 300 * th.scale;
    const float usable = gridSize.x - ImGui::GetStyle().ScrollbarSize;
    const int cols = std::max(1, static_cast<int>((usable + g * 0.5f) / (tileW + g * 0.5f)));
    const float tw = (usable - (cols - 1) * g * 0.5f) / cols;
    const float thH = tw * 0.95f;
    int n = 0;
    if (f.view.grid != nullptr) {
        for (const GridItem& item : *f.view.grid) {
            if (!matches(item, f.language(), ui.search, ui.category))
                continue;
            if (n % cols != 0)
                ImGui::SameLine(0, g * 0.5f);
            if (ImGui::IsRectVisible(ImVec2(tw, thH)))
                drawTile(f, item, ImVec2(tw, thH));
            else
                ImGui::Dummy(ImVec2(tw, thH));
            ++n;
        }
    }
    if (n == 0) {
        f.textWrapped(th.fontLarge, th.colors.textMuted,
                      f.t("Nothing found. Try fewer letters, or ask for help."), usable);
    }
    ImGui::EndChild();
}

}  // namespace kiosk::ui
