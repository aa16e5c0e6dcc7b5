// Product helpers.
#include "kiosk/core/product.hpp"

namespace kiosk {

std::string Product::nameFor(std::string_view language) const {
    if (auto it = names.find(std::string(language)); it != names.end() && !it->second.empty())
        return it->second;
    if (auto it = names.find("en"); it != names.end() && !it->second.empty())
        return it->second;
    for (const auto& [lang, name] : names)
        if (!name.empty())
            return name;
    return gtin.empty() ? plu : gtin;
}

}  // namespace kiosk
