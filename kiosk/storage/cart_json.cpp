// Cart <-> JSON with nlohmann-json. Its exceptions stay inside this file: parsing failures
// come out as Result errors like every other storage failure.
#include "kiosk/storage/cart_json.hpp"

#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace kiosk::storage {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;

// Whole numbers only: nlohmann's get<int64_t>() would truncate 1.5 and is undefined behaviour
// for a float beyond int64 (found by cart_json_fuzz); every number kasir writes is an integer.
int64_t wholeNumber(const json& value, const char* name) {
    if (value.is_number_unsigned()) {
        const uint64_t u = value.get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX))
            throw std::invalid_argument(std::string(name) + " is too large");
        return static_cast<int64_t>(u);
    }
    if (!value.is_number_integer())
        throw std::invalid_argument(std::string(name) + " is not a whole number");
    return value.get<int64_t>();
}

int smallWholeNumber(const json& value, const char* name) {
    const int64_t n = wholeNumber(value, name);
    if (n < INT_MIN || n > INT_MAX)
        throw std::invalid_argument(std::string(name) + " is out of range");
    return static_cast<int>(n);
}

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
    p.id = wholeNumber(j.at("id"), "product id");
    p.gtin = j.at("gtin").get<std::string>();
    p.barcodes = j.at("barcodes").get<std::vector<std::string>>();
    for (const auto& [lang, name] : j.at("names").items())
        p.names[lang] = name.get<std::string>();
    p.price = wholeNumber(j.at("price"), "price");
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
        p.age = AgeRestriction{age.at("category").get<std::string>(),
                               smallWholeNumber(age.at("minAge"), "minAge")};
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
        const int format = smallWholeNumber(j.at("format"), "format");
        if (format != kFormat) {
            return makeError(ErrorCode::Unsupported,
                             "cart format " + std::to_string(format) + " is not known");
        }
        std::vector<CartLine> lines;
        for (const json& l : j.at("lines")) {
            CartLine line;
            line.lineId = wholeNumber(l.at("lineId"), "lineId");
            line.scannedCode = l.at("scannedCode").get<std::string>();
            line.quantity = wholeNumber(l.at("quantity"), "quantity");
            line.weightGrams = wholeNumber(l.at("weightGrams"), "weightGrams");
            if (const json& o = l.at("priceOverride"); !o.is_null()) {
                line.priceOverride = wholeNumber(o, "priceOverride");
            }
            line.overrideReason = l.at("overrideReason").get<std::string>();
            // Carts saved before attendant discounts existed have neither field.
            if (auto d = l.find("discountPercent"); d != l.end()) {
                line.discountPercent = wholeNumber(*d, "discountPercent");
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
        return Cart::restore(std::move(lines), wholeNumber(j.at("nextLineId"), "nextLineId"));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Corrupt, std::string("unreadable cart JSON: ") + e.what());
    }
}

}  // namespace kiosk::storage
