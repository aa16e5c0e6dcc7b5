// The workload of the crash test, shared by the test and the child it kills: sales derived
// deterministically from their uuid, so the child can redo an interrupted one after a restart.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::storage::crash {

inline constexpr const char* kStoreId = "S1";
inline constexpr const char* kKiosks[] = {"K1", "K2"};

// The sale `uuid` stands for: 1 to 20 lines of the catalogue, one of two kiosks.
inline SaleRecord saleFor(const std::string& uuid, const std::vector<Product>& catalogue) {
    std::mt19937_64 rng(std::hash<std::string>{}(uuid));
    SaleRecord sale;
    sale.saleUuid = uuid;
    sale.storeId = kStoreId;
    sale.kioskId = kKiosks[rng() % 2];
    sale.startedAt = 1'700'000'000'000 + static_cast<int64_t>(rng() % 1'000'000);
    sale.endedAt = sale.startedAt + 45'000;
    sale.currency = currencyIdr();
    const int lines = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < lines; ++i) {
        const Product& p = catalogue[rng() % catalogue.size()];
        SaleLine line;
        line.lineId = i + 1;
        line.productId = p.id;
        line.code = p.gtin.empty() ? p.plu : p.gtin;
        line.name = p.nameFor("en");
        line.unitPrice = p.price;
        if (p.unit == SaleUnit::Weight) {
            line.weightGrams = 100 + static_cast<int64_t>(rng() % 2'000);
            line.gross = p.price * line.weightGrams / 1'000;
        } else {
            line.quantity = 1 + static_cast<int64_t>(rng() % 5);
            line.gross = p.price * line.quantity;
        }
        line.net = line.gross;
        line.taxClass = p.taxClass;
        line.tax = line.gross * 11 / 111;
        sale.subtotal += line.gross;
        sale.taxTotal += line.tax;
        sale.lines.push_back(line);
    }
    sale.total = sale.subtotal;
    sale.taxes.push_back(
        TaxLine{"PPN", "PPN 11%", 110'000, sale.total - sale.taxTotal, sale.taxTotal, sale.total});
    sale.tenders.push_back(Tender{"cash", sale.total, "", "", "", "", "", "", {}});
    return sale;
}

// The open cart the kiosk would have persisted just before paying for that sale.
inline Cart cartFor(const SaleRecord& sale, const std::vector<Product>& catalogue) {
    Cart cart;
    for (const SaleLine& line : sale.lines) {
        for (const Product& p : catalogue) {
            if (p.id != line.productId)
                continue;
            if (line.weightGrams > 0) {
                (void)cart.addWeighed(p, line.code, line.weightGrams);
            } else {
                (void)cart.addUnits(p, line.code, line.quantity);
            }
        }
    }
    return cart;
}

}  // namespace kiosk::storage::crash
