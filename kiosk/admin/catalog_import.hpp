// Writing catalogue patches into the store database: new products, updates, stock levels.
// The caller wraps the call in Store::transaction so a whole file goes in, or nothing.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kiosk/admin/catalog_csv.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::admin {

struct ImportCounts {
    int64_t added = 0;
    int64_t updated = 0;
    int64_t unchanged = 0;
    std::vector<Rejection> rejected;  // rows that conflict with products already stored
};

// Applies the rows in order. A row whose code or PLU belongs to another stored product is
// rejected (not an error); a storage failure is an error and the caller rolls back.
Result<ImportCounts> applyCatalogRows(storage::Store& store, const std::vector<ProductPatch>& rows,
                                      std::string_view stockReason);

// Writes the database settings and tax classes a configuration describes (init, demo-store).
struct StoreIdentity {
    std::string storeId;
    std::string storeName;
    std::string kioskId;
    Currency currency;
    std::string defaultLanguage;
    int utcOffsetMinutes = 0;
    std::string defaultTaxClass;
    std::vector<TaxClass> taxClasses;
};
Result<void> writeStoreIdentity(storage::Store& store, const StoreIdentity& identity);

}  // namespace kiosk::admin
