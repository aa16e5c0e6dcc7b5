// The open cart's JSON form, as kept in open_carts.cart: every line with the product as it was
// scanned, so a restarted kiosk shows the shopper the same cart even if the catalogue changed.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/result.hpp"

namespace kiosk::storage {

// {"format": 1, "nextLineId": N, "lines": [{"lineId", "scannedCode", "quantity",
//  "weightGrams", "priceOverride" (number or null), "overrideReason", "discountPercent" (0..100),
//  "discountReason", "product": {...}}]}. The discount fields may be absent (carts saved before
//  issue 7): no discount.
std::string cartToJson(const Cart& cart);

// Fails with ErrorCode::Corrupt (the message says what is wrong, not where: the caller adds
// the file and kiosk) on malformed JSON, missing fields or an unknown format.
Result<Cart> cartFromJson(std::string_view json);

}  // namespace kiosk::storage
