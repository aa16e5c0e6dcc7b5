// Catalogue rows into the store, through kiosk::storage::Store only.
#include "kiosk/admin/catalog_import.hpp"

#include <algorithm>

namespace kiosk::admin {
namespace {

// Storage may hand barcodes back in another order; that is not a change.
bool sameProduct(Product a, Product b) {
    std::sort(a.barcodes.begin(), a.barcodes.end());
    std::sort(b.barcodes.begin(), b.barcodes.end());
    return a == b;
}

}  // namespace

Result<ImportCounts> applyCatalogRows(storage::Store& store, const std::vector<ProductPatch>& rows,
                                      std::string_view stockReason) {
    ImportCounts counts;
    for (const ProductPatch& row : rows) {
        const std::string shown = row.gtin.empty() ? *row.plu : displayCode(row.gtin);
        const auto reject = [&](std::string reason) {
            counts.rejected.push_back({row.line, shown, std::move(reason)});
        };

        auto found =
            row.gtin.empty() ? store.productByPlu(*row.plu) : store.productByBarcode(row.gtin);
        if (!found)
            return found.error();
        std::optional<Product> existing = std::move(*found);
        if (existing && !row.gtin.empty() && existing->gtin != row.gtin) {
            reject("code " + shown + " is a further barcode of product " +
                   displayCode(existing->gtin) + "; change that product instead");
            continue;
        }
        const auto ownedByOther = [&](const std::optional<Product>& other) {
            return other && (!existing || other->id != existing->id);
        };
        bool conflict = false;
        if (row.extraBarcodes) {
            for (const auto& barcode : *row.extraBarcodes) {
                auto other = store.productByBarcode(barcode);
                if (!other)
                    return other.error();
                if (ownedByOther(*other)) {
                    reject("barcode " + displayCode(barcode) + " already sells product " +
                           (*other)->nameFor("en"));
                    conflict = true;
                    break;
                }
            }
        }
        if (!conflict && row.plu && !row.plu->empty() && !row.gtin.empty()) {
            auto other = store.productByPlu(*row.plu);
            if (!other)
                return other.error();
            if (ownedByOther(*other)) {
                reject("plu " + *row.plu + " already belongs to product " +
                       (*other)->nameFor("en"));
                conflict = true;
            }
        }
        if (conflict)
            continue;

        const Product product = applyPatch(existing.value_or(Product{}), row);
        std::optional<storage::StockLevel> level;
        if (existing) {
            auto stock = store.stock(existing->id);
            if (!stock)
                return stock.error();
            level = *stock;
        }
        const bool stockChanges = row.stock && (!level || level->onHand != *row.stock);
        const bool thresholdChanges =
            row.lowStock && (!level || level->lowThreshold != *row.lowStock);
        if (existing && sameProduct(product, *existing) && !stockChanges && !thresholdChanges) {
            ++counts.unchanged;
            continue;
        }

        auto id = store.upsertProduct(product);
        if (!id)
            return id.error();
        if (stockChanges) {
            auto set = store.setStock(*id, *row.stock, stockReason);
            if (!set)
                return set.error();
        }
        if (thresholdChanges) {
            auto set = store.setLowStockThreshold(*id, *row.lowStock);
            if (!set)
                return set.error();
        }
        ++(existing ? counts.updated : counts.added);
    }
    return counts;
}

Result<void> writeStoreIdentity(storage::Store& store, const StoreIdentity& identity) {
    const std::pair<const char*, std::string> settings[] = {
        {"store.id", identity.storeId},
        {"store.name", identity.storeName},
        {"kiosk.id", identity.kioskId},
        {"currency", std::string(identity.currency.codeView())},
        {"store.default_language", identity.defaultLanguage},
        {"store.utc_offset_minutes", std::to_string(identity.utcOffsetMinutes)},
        {"tax.default_class", identity.defaultTaxClass},
    };
    for (const auto& [key, value] : settings) {
        auto set = store.setSetting(key, value);
        if (!set)
            return set;
    }
    for (const auto& taxClass : identity.taxClasses) {
        auto set = store.upsertTaxClass(taxClass);
        if (!set)
            return set;
    }
    return {};
}

}  // namespace kiosk::admin
