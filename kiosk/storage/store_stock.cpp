// Stock: levels, thresholds and the ledger. Every quantity change is a stock_moves row plus
// the matching stock row change in the same transaction, so on_hand = sum of the moves.
#include <fmt/format.h>

#include "kiosk/core/money.hpp"
#include "kiosk/storage/sqlite_store.hpp"

namespace kiosk::storage {
namespace {

// The product's name as Product::nameFor("en") would give it: English, else the first
// language, else the code.
#define KASIR_STOCK_COLUMNS                                                                   \
    "p.id, COALESCE(p.gtin, ''), "                                                            \
    "COALESCE((SELECT n.name FROM product_names n WHERE n.product_id = p.id AND n.name <> ''" \
    "          ORDER BY n.lang = 'en' DESC, n.lang LIMIT 1), p.gtin, p.plu, ''), "            \
    "p.unit, COALESCE(s.on_hand, 0), COALESCE(s.low_threshold, 0)"

StockLevel stockFromRow(const Query& row) {
    StockLevel level;
    level.productId = row.int64(0);
    level.gtin = row.text(1);
    level.name = row.text(2);
    level.unit = row.text(3) == "weight" ? SaleUnit::Weight : SaleUnit::Each;
    level.onHand = row.int64(4);
    level.lowThreshold = row.int64(5);
    return level;
}

// Reads id, product_id, delta, reason, sale uuid (or ''), at.
StockMove moveFromRow(const Query& row) {
    return StockMove{row.int64(0), row.int64(1), row.int64(2),
                     row.text(3),  row.text(4),  row.int64(5)};
}

bool withinLimit(int64_t quantity) {
    return quantity >= -kMaxStockQuantity && quantity <= kMaxStockQuantity;
}

Error beyondLimit(std::string_view what, int64_t quantity) {
    return makeError(
        ErrorCode::InvalidArgument,
        fmt::format("{} {} is beyond the stock limit of +/-{}", what, quantity, kMaxStockQuantity));
}

}  // namespace

Result<void> SqliteStore::moveStock(int64_t productId, int64_t delta, std::string_view reason,
                                    std::optional<int64_t> saleId, Timestamp at) {
    static constexpr const char kMove[] =
        "INSERT INTO stock_moves (product_id, delta, reason, sale_id, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)";
    // SQLite turns an integer sum that overflows into a REAL instead of failing. The WHERE
    // skips such an update, and the row count shows it: no extra query on the sale path, and
    // cheaper than a RETURNING clause (its ephemeral table cost ~5 us per sale line).
    static constexpr const char kLevel[] =
        "INSERT INTO stock (product_id, on_hand) VALUES (?1, ?2) "
        "ON CONFLICT (product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand "
        "WHERE typeof(on_hand + excluded.on_hand) = 'integer'";
    const auto what = fmt::format("record a stock move of product id {}", productId);
    {
        auto q = db_->query(kMove, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, productId).bind(2, delta).bind(3, reason).bind(5, at);
        if (saleId) {
            q->bind(4, *saleId);
        } else {
            q->bindNull(4);
        }
        if (auto done = q->run(); !done)
            return done;
    }
    auto q = db_->query(kLevel, what.c_str());
    if (!q)
        return q.error();
    q->bind(1, productId).bind(2, delta);
    if (auto done = q->run(); !done)
        return done;
    if (db_->changes() != 1) {
        return makeError(ErrorCode::Overflow,
                         fmt::format("moving the stock of product id {} by {} would take it past "
                                     "what a 64-bit integer holds",
                                     productId, delta));
    }
    return {};
}

Result<StockLevel> SqliteStore::stock(int64_t productId) {
    static constexpr const char kSql[] =
        "SELECT " KASIR_STOCK_COLUMNS
        " FROM products p LEFT JOIN stock s ON s.product_id = p.id WHERE p.id = ?1";
    auto q = db_->query(kSql, "read a stock level");
    if (!q)
        return q.error();
    q->bind(1, productId);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row) {
        return makeError(ErrorCode::NotFound,
                         fmt::format("product id {} is not in {}", productId, path()));
    }
    return stockFromRow(*q);
}

Result<void> SqliteStore::setStock(int64_t productId, int64_t onHand, std::string_view reason) {
    if (!withinLimit(onHand))
        return beyondLimit("a stock count of", onHand);
    return atomically([&]() -> Result<void> {
        auto current = stock(productId);
        if (!current)
            return current.error();
        // Sales are not held to the limit, so the current level may be far outside it.
        const auto delta = checkedSub(onHand, current->onHand);
        if (!delta) {
            return makeError(ErrorCode::Overflow,
                             fmt::format("product id {} has {} on hand: a count of {} is too far "
                                         "from that for one stock move",
                                         productId, current->onHand, onHand));
        }
        // A count that confirms the level is still recorded: the ledger shows it was checked.
        return moveStock(productId, *delta, reason.empty() ? "count" : reason, std::nullopt,
                         storageNow());
    });
}

Result<void> SqliteStore::receiveStock(int64_t productId, int64_t quantity,
                                       std::string_view reason) {
    if (!withinLimit(quantity))
        return beyondLimit("receiving", quantity);
    return atomically([&]() -> Result<void> {
        auto current = stock(productId);
        if (!current)
            return current.error();
        const auto after = checkedAdd(current->onHand, quantity);
        if (!after || !withinLimit(*after)) {
            return makeError(ErrorCode::Overflow,
                             fmt::format("receiving {} of product id {} ({} on hand) would take "
                                         "it past the stock limit of +/-{}",
                                         quantity, productId, current->onHand, kMaxStockQuantity));
        }
        return moveStock(productId, quantity, reason.empty() ? "receive" : reason, std::nullopt,
                         storageNow());
    });
}

Result<void> SqliteStore::setLowStockThreshold(int64_t productId, int64_t threshold) {
    // A threshold is a setting, not a quantity: it writes no stock move.
    if (!withinLimit(threshold))
        return beyondLimit("a low-stock threshold of", threshold);
    return atomically([&]() -> Result<void> {
        auto exists = productExists(productId);
        if (!exists)
            return exists.error();
        if (!*exists) {
            return makeError(ErrorCode::NotFound,
                             fmt::format("product id {} is not in {}", productId, path()));
        }
        static constexpr const char kSql[] =
            "INSERT INTO stock (product_id, low_threshold) VALUES (?1, ?2) "
            "ON CONFLICT (product_id) DO UPDATE SET low_threshold = excluded.low_threshold";
        auto q = db_->query(kSql, "set a low-stock threshold");
        if (!q)
            return q.error();
        q->bind(1, productId).bind(2, threshold);
        return q->run();
    });
}

Result<std::vector<StockLevel>> SqliteStore::lowStock() {
    static constexpr const char kSql[] = "SELECT " KASIR_STOCK_COLUMNS
                                         " FROM stock s JOIN products p ON p.id = s.product_id"
                                         " WHERE p.active = 1 AND s.on_hand <= s.low_threshold"
                                         " ORDER BY s.on_hand - s.low_threshold, p.id";
    auto q = db_->query(kSql, "list low stock");
    if (!q)
        return q.error();
    std::vector<StockLevel> out;
    auto read = q->each([&](const Query& row) { out.push_back(stockFromRow(row)); });
    if (!read)
        return read.error();
    return out;
}

Result<std::vector<StockMove>> SqliteStore::stockMoves(int64_t productId) {
    static constexpr const char kSql[] =
        "SELECT m.id, m.product_id, m.delta, m.reason, COALESCE(s.sale_uuid, ''), m.at"
        " FROM stock_moves m LEFT JOIN sales s ON s.id = m.sale_id"
        " WHERE m.product_id = ?1 ORDER BY m.id";
    auto q = db_->query(kSql, "read the stock ledger");
    if (!q)
        return q.error();
    q->bind(1, productId);
    std::vector<StockMove> out;
    auto read = q->each([&](const Query& row) { out.push_back(moveFromRow(row)); });
    if (!read)
        return read.error();
    return out;
}

Result<std::vector<StockMove>> SqliteStore::saleStockMoves(std::string_view saleUuid) {
    static constexpr const char kSql[] =
        "SELECT m.id, m.product_id, m.delta, m.reason, s.sale_uuid, m.at"
        " FROM sales s JOIN stock_moves m ON m.sale_id = s.id"
        " WHERE s.sale_uuid = ?1 ORDER BY m.id";
    auto q = db_->query(kSql, "read a sale's stock moves");
    if (!q)
        return q.error();
    q->bind(1, saleUuid);
    std::vector<StockMove> out;
    auto read = q->each([&](const Query& row) { out.push_back(moveFromRow(row)); });
    if (!read)
        return read.error();
    return out;
}

#undef KASIR_STOCK_COLUMNS

}  // namespace kiosk::storage
