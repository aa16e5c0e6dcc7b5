// Cart editing with input checks.
#include "kiosk/core/cart.hpp"

#include <algorithm>

namespace kiosk {
namespace {

Error noLine(int64_t lineId) {
    return makeError(ErrorCode::NotFound, "line " + std::to_string(lineId) + " is not in the cart");
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
    for (auto it = lines_.rbegin(); it != lines_.rend(); ++it) {
        if (it->product.id == product.id && !it->priceOverride) {
            if (it->quantity + quantity > kMaxLineQuantity)
                return makeError(ErrorCode::InvalidArgument,
                                 "quantity must be at most " + std::to_string(kMaxLineQuantity));
            it->quantity += quantity;
            return it->lineId;
        }
    }
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

const CartLine* Cart::find(int64_t lineId) const {
    for (const auto& l : lines_)
        if (l.lineId == lineId)
            return &l;
    return nullptr;
}

void Cart::clear() {
    lines_.clear();
}

Cart Cart::restore(std::vector<CartLine> lines, int64_t nextLineId) {
    Cart c;
    int64_t maxId = 0;
    for (const auto& l : lines)
        maxId = std::max(maxId, l.lineId);
    c.lines_ = std::move(lines);
    c.nextLineId_ = std::max(nextLineId, maxId + 1);
    return c;
}

}  // namespace kiosk
