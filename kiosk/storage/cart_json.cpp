// Cart <-> JSON with nlohmann-json. Its exceptions stay inside this file: parsing failures
// come out as Result errors like every other storage failure.
#include "kiosk/storage/cart_json.hpp"

#include <nlohmann/json.hpp>

namespace kiosk::storage {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;

json productToJson(const Product& p) {
    json names = json::object();
    for (const auto& [lang, name] : p.names)
        names[lang] = name;
    json out = {
        {"id", p.id},
        {"gtin", p.gtin},
        {"barcodes", p.barcodes},
        {"names", names},
        {"price", p.price},
        {"taxClass", p.taxClass},
        {"unit", p.unit == SaleUnit::Weight ? "weight" : "each"},
        {"plu", p.plu},
        {"imagePath", p.imagePath},
        {"category", p.category},
        {"active", p.active},
    };
    out["age"] =
        p.age ? json{{"category", p.age->category}, {"minAge", p.age->minAge}} : json(nullptr);
    return out;
}

Product productFromJson(const json& j) {
    Product p;
    p.id = j.at("id").get<int64_t>();
    p.gtin = j.at("gtin").get<std::string>();
    p.barcodes = j.at("barcodes").get<std::vector<std::string>>();
    for (const auto& [lang, name] : j.at("names").items())
        p.names[lang] = name.get<std::string>();
    p.price = j.at("price").get<int64_t>();
    p.taxClass = j.at("taxClass").get<std::string>();
    const std::string unit = j.at("unit").get<std::string>();
    if (unit != "each" && unit != "weight")
        throw std::invalid_argument("unknown unit " + unit);
    p.unit = unit == "weight" ? SaleUnit::Weight : SaleUnit::Each;
    p.plu = j.at("plu").get<std::string>();
    p.imagePath = j.at("imagePath").get<std::string>();
    p.category = j.at("category").get<std::string>();
    p.active = j.at("active").get<bool>();
    if (const json& age = j.at("age"); !age.is_null()) {
        p.age = AgeRestriction{age.at("category").get<std::string>(), age.at("minAge").get<int>()};
    }
    return p;
}

}  // namespace

std::string cartToJson(const Cart& cart) {
    json lines = json::array();
    for (const CartLine& line : cart.lines()) {
        lines.push_back({
            {"lineId", line.lineId},
            {"scannedCode", line.scannedCode},
            {"quantity", line.quantity},
            {"weightGrams", line.weightGrams},
            {"priceOverride", line.priceOverride ? json(*line.priceOverride) : json(nullptr)},
            {"overrideReason", line.overrideReason},
            {"discountPercent", line.discountPercent},
            {"discountReason", line.discountReason},
            {"product", productToJson(line.product)},
        });
    }
    json out = {{"format", kFormat}, {"nextLineId", cart.nextLineId()}, {"lines", lines}};
    // Invalid UTF-8 in a name must not make the shopper's cart unsavable: replace it.
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Cart> cartFromJson(std::string_view text) {
    try {
        const json j = json::parse(text);
        const int format = j.at("format").get<int>();
        if (format != kFormat) {
            return makeError(ErrorCode::Unsupported,
                             "cart format " + std::to_string(format) + " is not known");
        }
        std::vector<CartLine> lines;
        for (const json& l : j.at("lines")) {
            CartLine line;
            line.lineId = l.at("lineId").get<int64_t>();
            line.scannedCode = l.at("scannedCode").get<std::string>();
            line.quantity = l.at("quantity").get<int64_t>();
            line.weightGrams = l.at("weightGrams").get<int64_t>();
            if (const json& o = l.at("priceOverride"); !o.is_null()) {
                line.priceOverride = o.get<int64_t>();
            }
            line.overrideReason = l.at("overrideReason").get<std::string>();
            // Carts saved before attendant discounts existed have neither field.
            if (auto d = l.find("discountPercent"); d != l.end()) {
                if (!d->is_number_integer())
                    throw std::invalid_argument("discountPercent is not a whole number");
                line.discountPercent = d->get<int64_t>();
                if (line.discountPercent < 0 || line.discountPercent > 100) {
                    throw std::invalid_argument("discountPercent " +
                                                std::to_string(line.discountPercent) +
                                                " is outside 0..100");
                }
            }
            if (auto r = l.find("discountReason"); r != l.end())
                line.discountReason = r->get<std::string>();
            line.product = productFromJson(l.at("product"));
            lines.push_back(std::move(line));
        }
        return Cart::restore(std::move(lines), j.at("nextLineId").get<int64_t>());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Corrupt, std::string("unreadable cart JSON: ") + e.what());
    }
}

}  // namespace kiosk::storage
