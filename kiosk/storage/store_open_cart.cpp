// The open cart of each kiosk (saved on every change, cleared by completeSale).
#include <fmt/format.h>

#include "kiosk/storage/cart_json.hpp"
#include "kiosk/storage/sqlite_store.hpp"

namespace kiosk::storage {

Result<void> SqliteStore::saveOpenCart(std::string_view kioskId, const OpenCart& cart) {
    if (kioskId.empty())
        return makeError(ErrorCode::InvalidArgument, "no kiosk id given");
    static constexpr const char kSql[] =
        "INSERT INTO open_carts (kiosk_id, sale_uuid, started_at, language, cart, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET sale_uuid = excluded.sale_uuid, "
        "started_at = excluded.started_at, language = excluded.language, cart = excluded.cart, "
        "updated_at = excluded.updated_at";
    auto q = db_->query(kSql, "save the open cart");
    if (!q)
        return q.error();
    q->bind(1, kioskId)
        .bind(2, cart.saleUuid)
        .bind(3, cart.startedAt)
        .bind(4, cart.language)
        .bind(5, cartToJson(cart.cart))
        .bind(6, storageNow());
    return q->run();
}

Result<std::optional<OpenCart>> SqliteStore::loadOpenCart(std::string_view kioskId) {
    static constexpr const char kSql[] =
        "SELECT sale_uuid, started_at, language, cart FROM open_carts WHERE kiosk_id = ?1";
    auto q = db_->query(kSql, "load the open cart");
    if (!q)
        return q.error();
    q->bind(1, kioskId);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<OpenCart>();
    OpenCart open;
    open.saleUuid = q->text(0);
    open.startedAt = q->int64(1);
    open.language = q->text(2);
    auto cart = cartFromJson(q->text(3));
    if (!cart) {
        return makeError(cart.error().code,
                         fmt::format("the open cart of kiosk {} in {} is unreadable: {}", kioskId,
                                     path(), cart.error().message));
    }
    open.cart = std::move(*cart);
    return std::optional<OpenCart>(std::move(open));
}

Result<void> SqliteStore::clearOpenCart(std::string_view kioskId) {
    static constexpr const char kSql[] = "DELETE FROM open_carts WHERE kiosk_id = ?1";
    auto q = db_->query(kSql, "clear the open cart");
    if (!q)
        return q.error();
    q->bind(1, kioskId);
    return q->run();
}

}  // namespace kiosk::storage
