// Catalogue: tax classes, products with their names and barcodes, promotions. The barcode
// lookup is the kiosk's hot path: one cached statement, four b-tree descents.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kiosk/core/gtin.hpp"
#include "kiosk/storage/sqlite_store.hpp"

namespace kiosk::storage {
namespace {

#define KASIR_PRODUCT_COLUMNS                                                        \
    "p.id, p.gtin, p.plu, p.unit, p.price, p.tax_class, p.age_category, p.min_age, " \
    "p.image_path, p.category, p.active"

// A point lookup also folds the names and listed barcodes into two text columns, so one
// statement (one lock cycle, one VDBE run) returns the whole product. Names are encoded
// "<bytes>:<lang><bytes>:<name>..." (byte-exact for any text), barcodes "<position>:<code>,..."
// (SQLite does not promise the order group_concat sees rows in, so positions travel along).
#define KASIR_PRODUCT_DETAILS                                                   \
    ", (SELECT group_concat(length(CAST(n.lang AS BLOB)) || ':' || n.lang ||"   \
    "                       length(CAST(n.name AS BLOB)) || ':' || n.name, '')" \
    "   FROM product_names n WHERE n.product_id = p.id)"                        \
    ", (SELECT group_concat(c.position || ':' || c.code, ',')"                  \
    "   FROM barcodes c WHERE c.product_id = p.id AND c.position IS NOT NULL)"

// Reads a length-prefixed field of KASIR_PRODUCT_DETAILS at `pos`, advancing it.
std::optional<std::string_view> prefixedField(std::string_view s, size_t& pos) {
    const size_t colon = s.find(':', pos);
    if (colon == std::string_view::npos || colon == pos)
        return std::nullopt;
    size_t length = 0;
    for (size_t i = pos; i < colon; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return std::nullopt;
        length = length * 10 + static_cast<size_t>(s[i] - '0');
    }
    if (colon + 1 + length > s.size())
        return std::nullopt;
    pos = colon + 1 + length;
    return s.substr(colon + 1, length);
}

// Decodes the two KASIR_PRODUCT_DETAILS columns into the product; false if malformed.
bool decodeDetails(std::string_view names, std::string_view codes, Product& p) {
    size_t pos = 0;
    while (pos < names.size()) {
        auto lang = prefixedField(names, pos);
        auto name = lang ? prefixedField(names, pos) : std::nullopt;
        if (!name)
            return false;
        p.names.emplace(std::string(*lang), std::string(*name));
    }
    std::vector<std::pair<int64_t, std::string_view>> listed;
    for (size_t start = 0; start < codes.size();) {
        size_t end = codes.find(',', start);
        if (end == std::string_view::npos)
            end = codes.size();
        const std::string_view item = codes.substr(start, end - start);
        const size_t colon = item.find(':');
        if (colon == std::string_view::npos)
            return false;
        int64_t position = 0;
        for (char c : item.substr(0, colon)) {
            if (c < '0' || c > '9')
                return false;
            position = position * 10 + (c - '0');
        }
        listed.emplace_back(position, item.substr(colon + 1));
        start = end + 1;
    }
    std::sort(listed.begin(), listed.end());
    for (const auto& [position, code] : listed)
        p.barcodes.emplace_back(code);
    return true;
}

// Reads the columns of KASIR_PRODUCT_COLUMNS; names and barcodes come from their own tables.
Product productFromRow(const Query& row) {
    Product p;
    p.id = row.int64(0);
    p.gtin = row.text(1);
    p.plu = row.text(2);
    p.unit = row.text(3) == "weight" ? SaleUnit::Weight : SaleUnit::Each;
    p.price = row.int64(4);
    p.taxClass = row.text(5);
    if (!row.isNull(6)) {
        p.age = AgeRestriction{row.text(6), static_cast<int>(row.int64(7))};
    }
    p.imagePath = row.text(8);
    p.category = row.text(9);
    p.active = row.int64(10) != 0;
    return p;
}

const char* unitName(SaleUnit unit) {
    return unit == SaleUnit::Weight ? "weight" : "each";
}

const char* promotionKindName(PromotionKind kind) {
    switch (kind) {
        case PromotionKind::BuyNPayM:
            return "buy_n_pay_m";
        case PromotionKind::NForPrice:
            return "n_for_price";
        case PromotionKind::PercentOff:
            return "percent_off";
        case PromotionKind::AmountOff:
            return "amount_off";
    }
    return "percent_off";
}

PromotionKind promotionKindFrom(const std::string& name) {
    if (name == "buy_n_pay_m")
        return PromotionKind::BuyNPayM;
    if (name == "n_for_price")
        return PromotionKind::NForPrice;
    if (name == "amount_off")
        return PromotionKind::AmountOff;
    return PromotionKind::PercentOff;
}

// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it taken literally.
std::string containsPattern(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

std::string describe(const Product& p) {
    if (!p.gtin.empty())
        return "product " + p.gtin;
    return "product with PLU " + p.plu;
}

}  // namespace

// --- Tax classes ---

Result<void> SqliteStore::upsertTaxClass(const TaxClass& taxClass) {
    if (taxClass.code.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a tax class needs a code");
    }
    static constexpr const char kSql[] =
        "INSERT INTO tax_classes (code, name, rate) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, rate = excluded.rate";
    auto q = db_->query(kSql, "save a tax class");
    if (!q)
        return q.error();
    q->bind(1, taxClass.code).bind(2, taxClass.name).bind(3, taxClass.rate);
    return q->run();
}

Result<std::vector<TaxClass>> SqliteStore::taxClasses() {
    static constexpr const char kSql[] = "SELECT code, name, rate FROM tax_classes ORDER BY code";
    auto q = db_->query(kSql, "read the tax classes");
    if (!q)
        return q.error();
    std::vector<TaxClass> out;
    auto read = q->each([&](const Query& row) {
        out.push_back(TaxClass{row.text(0), row.text(1), row.int64(2)});
    });
    if (!read)
        return read.error();
    return out;
}

// --- Products ---

Result<int64_t> SqliteStore::upsertProduct(const Product& input) {
    // Codes are stored as validated GTIN-14 so that every scan form finds the same row.
    Product product = input;
    if (!product.gtin.empty()) {
        auto gtin = normalizeGtin14(product.gtin);
        if (!gtin)
            return gtin.error();
        product.gtin = *gtin;
    }
    std::set<std::string> seen;
    for (std::string& code : product.barcodes) {
        auto gtin = normalizeGtin14(code);
        if (!gtin)
            return gtin.error();
        code = *gtin;
        if (!seen.insert(code).second) {
            return makeError(ErrorCode::InvalidArgument,
                             fmt::format("{} lists barcode {} twice", describe(product), code));
        }
    }
    if (product.gtin.empty() && product.plu.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a product needs a GTIN or a PLU");
    }

    return atomically([&]() -> Result<int64_t> {
        if (!product.taxClass.empty()) {
            static constexpr const char kTax[] = "SELECT 1 FROM tax_classes WHERE code = ?1";
            auto q = db_->query(kTax, "check the product's tax class");
            if (!q)
                return q.error();
            q->bind(1, product.taxClass);
            auto found = q->step();
            if (!found)
                return found.error();
            if (!*found) {
                return makeError(ErrorCode::InvalidArgument,
                                 fmt::format("{}: tax class '{}' is not defined in {}",
                                             describe(product), product.taxClass, path()));
            }
        }

        std::optional<int64_t> id;
        {
            static constexpr const char kByGtin[] = "SELECT id FROM products WHERE gtin = ?1";
            static constexpr const char kByPlu[] = "SELECT id FROM products WHERE plu = ?1";
            const bool byGtin = !product.gtin.empty();
            auto q = db_->query(byGtin ? kByGtin : kByPlu, "find the product to update");
            if (!q)
                return q.error();
            q->bind(1, byGtin ? product.gtin : product.plu);
            auto found = q->step();
            if (!found)
                return found.error();
            if (*found)
                id = q->int64(0);
        }

        const auto what = fmt::format("save {}", describe(product));
        auto bindFields = [&](Query& q) {
            q.bindTextOrNull(1, product.gtin)
                .bindTextOrNull(2, product.plu)
                .bind(3, std::string_view(unitName(product.unit)))
                .bind(4, product.price)
                .bindTextOrNull(5, product.taxClass)
                .bind(8, product.imagePath)
                .bind(9, product.category)
                .bind(10, int64_t{product.active ? 1 : 0});
            if (product.age) {
                q.bind(6, product.age->category).bind(7, int64_t{product.age->minAge});
            } else {
                q.bindNull(6).bindNull(7);
            }
        };
        if (id) {
            static constexpr const char kUpdate[] =
                "UPDATE products SET gtin = ?1, plu = ?2, unit = ?3, price = ?4, tax_class = ?5, "
                "age_category = ?6, min_age = ?7, image_path = ?8, category = ?9, active = ?10 "
                "WHERE id = ?11";
            auto q = db_->query(kUpdate, what.c_str());
            if (!q)
                return q.error();
            bindFields(*q);
            q->bind(11, *id);
            if (auto done = q->run(); !done)
                return done.error();
        } else {
            static constexpr const char kInsert[] =
                "INSERT INTO products (gtin, plu, unit, price, tax_class, age_category, min_age, "
                "image_path, category, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                "RETURNING id";
            auto q = db_->query(kInsert, what.c_str());
            if (!q)
                return q.error();
            bindFields(*q);
            auto row = q->step();
            if (!row)
                return row.error();
            id = q->int64(0);
            if (auto rest = q->run(); !rest)
                return rest.error();
        }

        static constexpr const char kDeleteNames[] =
            "DELETE FROM product_names WHERE product_id = ?1";
        static constexpr const char kInsertName[] =
            "INSERT INTO product_names (product_id, lang, name) VALUES (?1, ?2, ?3)";
        {
            auto q = db_->query(kDeleteNames, what.c_str());
            if (!q)
                return q.error();
            if (auto done = q->bind(1, *id).run(); !done)
                return done.error();
        }
        for (const auto& [lang, name] : product.names) {
            auto q = db_->query(kInsertName, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, *id).bind(2, lang).bind(3, name);
            if (auto done = q->run(); !done)
                return done.error();
        }

        static constexpr const char kDeleteCodes[] = "DELETE FROM barcodes WHERE product_id = ?1";
        static constexpr const char kOwner[] = "SELECT product_id FROM barcodes WHERE code = ?1";
        static constexpr const char kInsertCode[] =
            "INSERT INTO barcodes (code, product_id, position) VALUES (?1, ?2, ?3)";
        {
            auto q = db_->query(kDeleteCodes, what.c_str());
            if (!q)
                return q.error();
            if (auto done = q->bind(1, *id).run(); !done)
                return done.error();
        }
        auto addCode = [&](const std::string& code,
                           std::optional<int64_t> position) -> Result<void> {
            {
                auto q = db_->query(kOwner, what.c_str());
                if (!q)
                    return q.error();
                q->bind(1, code);
                auto found = q->step();
                if (!found)
                    return found.error();
                if (*found) {
                    return makeError(ErrorCode::Conflict,
                                     fmt::format("{}: barcode {} already belongs to product id "
                                                 "{} in {}",
                                                 describe(product), code, q->int64(0), path()));
                }
            }
            auto q = db_->query(kInsertCode, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, code).bind(2, *id);
            if (position) {
                q->bind(3, *position);
            } else {
                q->bindNull(3);
            }
            return q->run();
        };
        for (size_t i = 0; i < product.barcodes.size(); ++i) {
            if (auto added = addCode(product.barcodes[i], static_cast<int64_t>(i)); !added) {
                return added.error();
            }
        }
        if (!product.gtin.empty() && !seen.contains(product.gtin)) {
            if (auto added = addCode(product.gtin, std::nullopt); !added)
                return added.error();
        }
        return *id;
    });
}

Result<std::optional<Product>> SqliteStore::productWhere(const char* sql, const char* what,
                                                         std::string_view key, int64_t id) {
    auto q = db_->query(sql, what);
    if (!q)
        return q.error();
    if (key.empty()) {
        q->bind(1, id);
    } else {
        q->bind(1, key);
    }
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Product>();
    Product product = productFromRow(*q);
    if (!decodeDetails(q->text(11), q->text(12), product)) {
        return makeError(ErrorCode::Internal,
                         fmt::format("could not {} in {}: the names or barcodes of product id "
                                     "{} did not decode",
                                     what, path(), product.id));
    }
    return std::optional<Product>(std::move(product));
}

Result<std::optional<Product>> SqliteStore::productByBarcode(std::string_view code) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_PRODUCT_COLUMNS KASIR_PRODUCT_DETAILS
        " FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1";
    if (code.size() == 14)
        return productWhere(kSql, "look up a barcode", code, 0);
    // Other forms (EAN-13, UPC-A, EAN-8) are normalised first; a code that is no GTIN at all
    // cannot be in the catalogue.
    auto gtin = normalizeGtin14(code);
    if (!gtin)
        return std::optional<Product>();
    return productWhere(kSql, "look up a barcode", *gtin, 0);
}

Result<std::optional<Product>> SqliteStore::productByPlu(std::string_view plu) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_PRODUCT_COLUMNS KASIR_PRODUCT_DETAILS " FROM products p WHERE p.plu = ?1";
    if (plu.empty())
        return std::optional<Product>();
    return productWhere(kSql, "look up a PLU", plu, 0);
}

Result<std::optional<Product>> SqliteStore::productById(int64_t id) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_PRODUCT_COLUMNS KASIR_PRODUCT_DETAILS " FROM products p WHERE p.id = ?1";
    return productWhere(kSql, "look up a product", {}, id);
}

Result<bool> SqliteStore::productExists(int64_t productId) {
    static constexpr const char kSql[] = "SELECT 1 FROM products WHERE id = ?1";
    auto q = db_->query(kSql, "look up a product");
    if (!q)
        return q.error();
    q->bind(1, productId);
    return q->step();
}

Result<std::vector<Product>> SqliteStore::productsByIds(const std::vector<int64_t>& ids) {
    std::vector<Product> out;
    out.reserve(ids.size());
    for (int64_t id : ids) {
        auto product = productById(id);
        if (!product)
            return product.error();
        if (*product)
            out.push_back(std::move(**product));
    }
    return out;
}

Result<std::vector<Product>> SqliteStore::searchProducts(std::string_view text, int limit) {
    // LIKE folds ASCII case only; names in other scripts match as typed. A substring match
    // cannot use an index, so this scans: fine for the back office, not for the scan path.
    static constexpr const char kSql[] =
        "SELECT p.id FROM products p WHERE p.active = 1 AND ("
        " p.gtin LIKE ?1 ESCAPE '\\' OR p.plu LIKE ?1 ESCAPE '\\'"
        " OR EXISTS (SELECT 1 FROM product_names n"
        "            WHERE n.product_id = p.id AND n.name LIKE ?1 ESCAPE '\\')"
        " OR EXISTS (SELECT 1 FROM barcodes b"
        "            WHERE b.product_id = p.id AND b.code LIKE ?1 ESCAPE '\\'))"
        " ORDER BY p.id LIMIT ?2";
    if (limit <= 0)
        return std::vector<Product>();
    std::vector<int64_t> ids;
    {
        auto q = db_->query(kSql, "search products");
        if (!q)
            return q.error();
        q->bind(1, containsPattern(text)).bind(2, int64_t{limit});
        auto read = q->each([&](const Query& row) { ids.push_back(row.int64(0)); });
        if (!read)
            return read.error();
    }
    return productsByIds(ids);
}

Result<std::vector<Product>> SqliteStore::allProducts() {
    // Three ordered scans merged by product id: one query per table, not three per product.
    static constexpr const char kProducts[] =
        "SELECT " KASIR_PRODUCT_COLUMNS " FROM products p ORDER BY p.id";
    static constexpr const char kNames[] =
        "SELECT product_id, lang, name FROM product_names ORDER BY product_id, lang";
    static constexpr const char kCodes[] =
        "SELECT product_id, code FROM barcodes WHERE position IS NOT NULL "
        "ORDER BY product_id, position";
    std::vector<Product> out;
    auto read = [&]() -> Result<void> {
        auto q = db_->query(kProducts, "read the catalogue");
        if (!q)
            return q.error();
        return q->each([&](const Query& row) { out.push_back(productFromRow(row)); });
    }();
    if (!read)
        return read.error();

    auto find = [&](int64_t id) -> Product* {
        auto it = std::lower_bound(out.begin(), out.end(), id,
                                   [](const Product& p, int64_t v) { return p.id < v; });
        return it != out.end() && it->id == id ? &*it : nullptr;
    };
    {
        auto q = db_->query(kNames, "read the catalogue");
        if (!q)
            return q.error();
        auto names = q->each([&](const Query& row) {
            if (Product* p = find(row.int64(0)))
                p->names[row.text(1)] = row.text(2);
        });
        if (!names)
            return names.error();
    }
    {
        auto q = db_->query(kCodes, "read the catalogue");
        if (!q)
            return q.error();
        auto codes = q->each([&](const Query& row) {
            if (Product* p = find(row.int64(0)))
                p->barcodes.push_back(row.text(1));
        });
        if (!codes)
            return codes.error();
    }
    return out;
}

// --- Promotions ---

Result<int64_t> SqliteStore::upsertPromotion(const Promotion& promotion) {
    return atomically([&]() -> Result<int64_t> {
        for (int64_t productId : promotion.productIds) {
            auto exists = productExists(productId);
            if (!exists)
                return exists.error();
            if (!*exists) {
                return makeError(ErrorCode::InvalidArgument,
                                 fmt::format("promotion '{}' names product id {}, which is not "
                                             "in {}",
                                             promotion.label, productId, path()));
            }
        }
        const auto what = fmt::format("save promotion '{}'", promotion.label);
        // An id the caller chose (from a config file, say) is kept, so re-saving updates.
        static constexpr const char kUpsert[] =
            "INSERT INTO promotions (id, label, kind, n, m, amount, percent, valid_from, "
            "valid_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
            "ON CONFLICT (id) DO UPDATE SET label = excluded.label, kind = excluded.kind, "
            "n = excluded.n, m = excluded.m, amount = excluded.amount, "
            "percent = excluded.percent, valid_from = excluded.valid_from, "
            "valid_until = excluded.valid_until "
            "RETURNING id";
        int64_t id = 0;
        {
            auto q = db_->query(kUpsert, what.c_str());
            if (!q)
                return q.error();
            if (promotion.id > 0) {
                q->bind(1, promotion.id);
            } else {
                q->bindNull(1);
            }
            q->bind(2, promotion.label)
                .bind(3, std::string_view(promotionKindName(promotion.kind)))
                .bind(4, promotion.n)
                .bind(5, promotion.m)
                .bind(6, promotion.amount)
                .bind(7, promotion.percent)
                .bind(8, promotion.validFrom)
                .bind(9, promotion.validUntil);
            auto row = q->step();
            if (!row)
                return row.error();
            id = q->int64(0);
            if (auto rest = q->run(); !rest)
                return rest.error();
        }
        static constexpr const char kClear[] =
            "DELETE FROM promotion_products WHERE promotion_id = ?1";
        static constexpr const char kAdd[] =
            "INSERT INTO promotion_products (promotion_id, position, product_id) "
            "VALUES (?1, ?2, ?3)";
        {
            auto q = db_->query(kClear, what.c_str());
            if (!q)
                return q.error();
            if (auto done = q->bind(1, id).run(); !done)
                return done.error();
        }
        for (size_t i = 0; i < promotion.productIds.size(); ++i) {
            auto q = db_->query(kAdd, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, id).bind(2, static_cast<int64_t>(i)).bind(3, promotion.productIds[i]);
            if (auto done = q->run(); !done)
                return done.error();
        }
        return id;
    });
}

Result<std::vector<Promotion>> SqliteStore::promotions() {
    static constexpr const char kPromotions[] =
        "SELECT id, label, kind, n, m, amount, percent, valid_from, valid_until "
        "FROM promotions ORDER BY id";
    static constexpr const char kProducts[] =
        "SELECT promotion_id, product_id FROM promotion_products "
        "ORDER BY promotion_id, position";
    std::vector<Promotion> out;
    {
        auto q = db_->query(kPromotions, "read the promotions");
        if (!q)
            return q.error();
        auto read = q->each([&](const Query& row) {
            Promotion p;
            p.id = row.int64(0);
            p.label = row.text(1);
            p.kind = promotionKindFrom(row.text(2));
            p.n = row.int64(3);
            p.m = row.int64(4);
            p.amount = row.int64(5);
            p.percent = row.int64(6);
            p.validFrom = row.int64(7);
            p.validUntil = row.int64(8);
            out.push_back(std::move(p));
        });
        if (!read)
            return read.error();
    }
    auto q = db_->query(kProducts, "read the promotions");
    if (!q)
        return q.error();
    auto read = q->each([&](const Query& row) {
        const int64_t id = row.int64(0);
        auto it = std::lower_bound(out.begin(), out.end(), id,
                                   [](const Promotion& p, int64_t v) { return p.id < v; });
        if (it != out.end() && it->id == id)
            it->productIds.push_back(row.int64(1));
    });
    if (!read)
        return read.error();
    return out;
}

#undef KASIR_PRODUCT_COLUMNS
#undef KASIR_PRODUCT_DETAILS

}  // namespace kiosk::storage
