// libFuzzer target for the cart JSON kept in open_carts and suspended_carts (a file anyone with
// the database can edit): never crash, and a cart that loads saves and loads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/storage/cart_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto cart = kiosk::storage::cartFromJson(text);
    if (!cart)
        return 0;
    for (const kiosk::CartLine& line : cart->lines()) {
        if (line.discountPercent < 0 || line.discountPercent > 100)
            std::abort();
    }
    auto again = kiosk::storage::cartFromJson(kiosk::storage::cartToJson(*cart));
    if (!again || !(*again == *cart))
        std::abort();
    return 0;
}
