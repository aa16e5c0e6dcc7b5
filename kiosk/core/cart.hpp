// The shopper's cart: lines as scanned, with a copy of each product at scan time.
// Prices are not stored here; pricing.hpp computes them from the cart and the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/product.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk {

// Quantities a single line may reach; larger values are refused as input errors.
inline constexpr int64_t kMaxLineQuantity = 9999;
inline constexpr int64_t kMaxLineWeightGrams = 1'000'000;  // one tonne
// The highest shelf price (per unit, or per kg) in minor units: Rp 10 trillion, $100 billion.
// Far above any real price, and low enough that kMaxPrice * kMaxLineQuantity (and a weighed
// line of kMaxLineWeightGrams) stays ~90 times below the int64 limit, so a line always prices.
// The catalogue import refuses prices above it.
inline constexpr int64_t kMaxPrice = 10'000'000'000'000;
static_assert(kMaxPrice <= INT64_MAX / kMaxLineQuantity / 64);
// Line ids run from 1; no transaction comes near this many lines, and staying far below the
// int64 limit keeps "next id" arithmetic free of overflow.
inline constexpr int64_t kMaxLineId = 1'000'000'000;

struct CartLine {
    int64_t lineId = 0;  // unique within the transaction, never reused
    Product product;     // as it was when scanned
    std::string scannedCode;
    int64_t quantity = 1;                  // units (SaleUnit::Each); 1 for weighed lines
    int64_t weightGrams = 0;               // SaleUnit::Weight only
    std::optional<int64_t> priceOverride;  // attendant's unit (or per-kg) price
    std::string overrideReason;
    int64_t discountPercent = 0;  // attendant's discount, 0..100 (0: none)
    std::string discountReason;

    friend bool operator==(const CartLine&, const CartLine&) = default;
};

class Cart {
  public:
    const std::vector<CartLine>& lines() const { return lines_; }
    bool empty() const { return lines_.empty(); }
    int64_t nextLineId() const { return nextLineId_; }

    // Adding a line fails once every line id up to kMaxLineId is used (never in practice).
    // Adds units of a product sold by unit; returns the line id. Scanning the same product
    // again adds to the newest line of that product when it was not overridden and holds
    // exactly the same product (snapshot ==); otherwise a new line starts.
    Result<int64_t> addUnits(const Product& product, const std::string& scannedCode,
                             int64_t quantity = 1);
    // Adds a weighed line (never merged).
    Result<int64_t> addWeighed(const Product& product, const std::string& scannedCode,
                               int64_t grams);

    Result<void> setQuantity(int64_t lineId, int64_t quantity);
    Result<void> remove(int64_t lineId);
    Result<void> overridePrice(int64_t lineId, int64_t price, const std::string& reason);
    // 1..100 percent off the line (100: free), replacing an earlier discount of the line.
    Result<void> discount(int64_t lineId, int64_t percent, const std::string& reason);
    const CartLine* find(int64_t lineId) const;
    void clear();

    // Rebuilds a cart from persisted lines (open-cart recovery). The lines are data from a file,
    // so they are checked as the editing functions would: ids 1..kMaxLineId without duplicates,
    // quantities 1..kMaxLineQuantity (exactly 1 and a weight of 1 g..kMaxLineWeightGrams for
    // weighed lines, no weight otherwise), no negative override, and a nextLineId of
    // 1..kMaxLineId + 1. Anything else is ErrorCode::Corrupt. A nextLineId at or below a line's
    // id is moved past it, so an id is never handed out twice.
    static Result<Cart> restore(std::vector<CartLine> lines, int64_t nextLineId);

    friend bool operator==(const Cart&, const Cart&) = default;

  private:
    std::vector<CartLine> lines_;
    int64_t nextLineId_ = 1;
};

}  // namespace kiosk
