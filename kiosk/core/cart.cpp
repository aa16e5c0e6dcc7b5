// Cart editing with input checks.
#include "kiosk/core/cart.hpp"

#include <algorithm>

namespace kiosk {
namespace {

Error noLine(int64_t lineId) {
    return makeError(ErrorCode::NotFound, "line " + std::to_string(lineId) + " is not in the cart");
}

Error noLineIdLeft() {
    return makeError(ErrorCode::Overflow,
                     "the cart has used every line id up to " + std::to_string(kMaxLineId));
}

// Why a persisted line could not have been made by the cart's own functions; empty when valid.
std::string invalidLine(const CartLine& l) {
    const std::string id = "line id " + std::to_string(l.lineId);
    if (l.lineId < 1 || l.lineId > kMaxLineId)
        return id + " is not between 1 and " + std::to_string(kMaxLineId);
    if (l.product.unit == SaleUnit::Weight) {
        if (l.quantity != 1)
            return id + ": a weighed line has quantity 1, not quantity " +
                   std::to_string(l.quantity);
        if (l.weightGrams < 1 || l.weightGrams > kMaxLineWeightGrams)
            return id + ": weight " + std::to_string(l.weightGrams) + " g is not between 1 g and " +
                   std::to_string(kMaxLineWeightGrams) + " g";
    } else {
        if (l.quantity < 1 || l.quantity > kMaxLineQuantity)
            return id + ": quantity " + std::to_string(l.quantity) + " is not between 1 and " +
                   std::to_string(kMaxLineQuantity);
        if (l.weightGrams != 0)
            return id + ": a line sold by unit has no weight, not " +
                   std::to_string(l.weightGrams) + " g";
    }
    if (l.priceOverride && *l.priceOverride < 0)
        return id + ": price override " + std::to_string(*l.priceOverride) + " is negative";
    if (l.discountPercent < 0 || l.discountPercent > 100)
        return id + ": discount " + std::to_string(l.discountPercent) +
               "% is not between 0 and 100";
    if (l.discountPercent > 0 && l.discountReason.empty())
        return id + ": a discount without a reason";
    return {};
}

}  // namespace

Result<int64_t> Cart::addUnits(const Product& product, const std::string& scannedCode,
                               int64_t quantity) {
    if (product.unit != SaleUnit::Each)
        return makeError(ErrorCode::InvalidArgument,
                         product.nameFor("en") + " is sold by weight and needs a weight");
    if (quantity < 1 || quantity > kMaxLineQuantity)
        return makeError(ErrorCode::InvalidArgument,
                         "quantity must be between 1 and " + std::to_string(kMaxLineQuantity));
    // Only the newest line of the product can take the scan, and only while it holds the
    // product exactly as scanned now: an older line or another snapshot (the price or names
    // changed since) would sell the new units on stale data, and an override or a discount is
    // for the units the attendant looked at.
    auto newest = std::find_if(lines_.rbegin(), lines_.rend(),
                               [&](const CartLine& l) { return l.product.id == product.id; });
    if (newest != lines_.rend() && !newest->priceOverride && newest->discountPercent == 0 &&
        newest->product == product) {
        if (newest->quantity + quantity > kMaxLineQuantity)
            return makeError(ErrorCode::InvalidArgument,
                             "quantity must be at most " + std::to_string(kMaxLineQuantity));
        newest->quantity += quantity;
        return newest->lineId;
    }
    if (nextLineId_ > kMaxLineId)
        return noLineIdLeft();
    CartLine line;
    line.lineId = nextLineId_++;
    line.product = product;
    line.scannedCode = scannedCode;
    line.quantity = quantity;
    lines_.push_back(std::move(line));
    return lines_.back().lineId;
}

Result<int64_t> Cart::addWeighed(const Product& product, const std::string& scannedCode,
                                 int64_t grams) {
    if (product.unit != SaleUnit::Weight)
        return makeError(ErrorCode::InvalidArgument, product.nameFor("en") + " is sold by unit");
    if (grams <= 0 || grams > kMaxLineWeightGrams)
        return makeError(
            ErrorCode::InvalidArgument,
            "weight must be between 1 g and " + std::to_string(kMaxLineWeightGrams) + " g");
    if (nextLineId_ > kMaxLineId)
        return noLineIdLeft();
    CartLine line;
    line.lineId = nextLineId_++;
    line.product = product;
    line.scannedCode = scannedCode;
    line.quantity = 1;
    line.weightGrams = grams;
    lines_.push_back(std::move(line));
    return lines_.back().lineId;
}

Result<void> Cart::setQuantity(int64_t lineId, int64_t quantity) {
    auto it = std::find_if(lines_.begin(), lines_.end(),
                           [&](const CartLine& l) { return l.lineId == lineId; });
    if (it == lines_.end())
        return noLine(lineId);
    if (it->product.unit == SaleUnit::Weight)
        return makeError(ErrorCode::InvalidArgument,
                         "the quantity of a weighed item cannot be changed; weigh it again");
    if (quantity < 1 || quantity > kMaxLineQuantity)
        return makeError(ErrorCode::InvalidArgument,
                         "quantity must be between 1 and " + std::to_string(kMaxLineQuantity));
    it->quantity = quantity;
    return {};
}

Result<void> Cart::remove(int64_t lineId) {
    auto it = std::find_if(lines_.begin(), lines_.end(),
                           [&](const CartLine& l) { return l.lineId == lineId; });
    if (it == lines_.end())
        return noLine(lineId);
    lines_.erase(it);
    return {};
}

Result<void> Cart::overridePrice(int64_t lineId, int64_t price, const std::string& reason) {
    auto it = std::find_if(lines_.begin(), lines_.end(),
                           [&](const CartLine& l) { return l.lineId == lineId; });
    if (it == lines_.end())
        return noLine(lineId);
    if (price < 0)
        return makeError(ErrorCode::InvalidArgument, "a price cannot be negative");
    if (reason.empty())
        return makeError(ErrorCode::InvalidArgument, "a price override needs a reason");
    it->priceOverride = price;
    it->overrideReason = reason;
    return {};
}

Result<void> Cart::discount(int64_t lineId, int64_t percent, const std::string& reason) {
    auto it = std::find_if(lines_.begin(), lines_.end(),
                           [&](const CartLine& l) { return l.lineId == lineId; });
    if (it == lines_.end())
        return noLine(lineId);
    if (percent < 1 || percent > 100)
        return makeError(ErrorCode::InvalidArgument,
                         "a discount is 1 to 100 percent, not " + std::to_string(percent));
    if (reason.empty())
        return makeError(ErrorCode::InvalidArgument, "a discount needs a reason");
    it->discountPercent = percent;
    it->discountReason = reason;
    return {};
}

const CartLine* Cart::find(int64_t lineId) const {
    for (const auto& l : lines_)
        if (l.lineId == lineId)
            return &l;
    return nullptr;
}

void Cart::clear() {
    lines_.clear();
}

Result<Cart> Cart::restore(std::vector<CartLine> lines, int64_t nextLineId) {
    const auto corrupt = [](const std::string& why) {
        return makeError(ErrorCode::Corrupt, "the saved cart is not valid: " + why);
    };
    if (nextLineId < 1 || nextLineId > kMaxLineId + 1)
        return corrupt("next line id " + std::to_string(nextLineId) + " is not between 1 and " +
                       std::to_string(kMaxLineId + 1));
    std::vector<int64_t> ids;
    ids.reserve(lines.size());
    for (const auto& l : lines) {
        if (std::string why = invalidLine(l); !why.empty())
            return corrupt(why);
        ids.push_back(l.lineId);
    }
    std::sort(ids.begin(), ids.end());
    if (auto twice = std::adjacent_find(ids.begin(), ids.end()); twice != ids.end())
        return corrupt("line id " + std::to_string(*twice) + " appears twice");
    Cart c;
    const int64_t maxId = ids.empty() ? 0 : ids.back();  // at most kMaxLineId: no overflow
    c.lines_ = std::move(lines);
    c.nextLineId_ = std::max(nextLineId, maxId + 1);
    return c;
}

}  // namespace kiosk
