// Staff accounts, the permission table, shifts, interventions and suspended transactions.
// kiosk/staff owns the rules (PIN hashing, lockout); this file only keeps the rows, and refuses
// what would make them wrong: unknown ids, a second open shift, a code resumed twice.
#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "kiosk/storage/cart_json.hpp"
#include "kiosk/storage/sqlite_store.hpp"
#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {
namespace {

constexpr size_t kMaxStaffNameBytes = 200;
// Hashes are opaque here (Argon2id strings are ~100 bytes); the bound only stops garbage.
constexpr size_t kMaxHashBytes = 1024;

// "2026-11-27 09:03:05 UTC", for messages a person reads.
std::string formatTime(Timestamp at) {
    const std::time_t seconds = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    if (!::gmtime_r(&seconds, &tm))
        return fmt::format("{} ms after the epoch", at);
    char buf[40];
    if (std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
        return fmt::format("{} ms after the epoch", at);
    return buf;
}

bool validRole(Role role) {
    return parseRole(roleName(role)).has_value();
}

bool validAction(StaffAction action) {
    return static_cast<size_t>(action) < kAllStaffActions.size();
}

Result<void> checkStaffId(std::string_view id, std::string_view field = "staff id") {
    if (!validStaffId(id)) {
        return makeError(
            ErrorCode::InvalidArgument,
            fmt::format("{} '{}' is not valid: 1 to 32 letters, digits, '.', '_' "
                        "or '-'",
                        field, isValidUtf8(id) ? id : std::string_view("(not UTF-8)")));
    }
    return {};
}

Result<void> checkName(std::string_view name) {
    if (name.empty())
        return makeError(ErrorCode::InvalidArgument, "a staff member needs a name");
    if (!isValidUtf8(name))
        return makeError(ErrorCode::InvalidArgument, "the staff name is not valid UTF-8 text");
    if (name.size() > kMaxStaffNameBytes) {
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("the staff name is too long ({} bytes, at most {})",
                                     name.size(), kMaxStaffNameBytes));
    }
    return {};
}

Result<void> checkHash(std::string_view hash, std::string_view field, bool mayBeEmpty) {
    if (hash.empty() && !mayBeEmpty)
        return makeError(ErrorCode::InvalidArgument, fmt::format("no {} given", field));
    if (hash.size() > kMaxHashBytes || !isValidUtf8(hash)) {
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("the {} is not a hash string kasir makes", field));
    }
    return {};
}

// Text that names something (a kiosk, a kind of lock): present and valid UTF-8.
Result<void> checkText(std::string_view value, std::string_view field, bool mayBeEmpty = false) {
    if (value.empty() && !mayBeEmpty)
        return makeError(ErrorCode::InvalidArgument, fmt::format("no {} given", field));
    if (!isValidUtf8(value))
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("the {} is not valid UTF-8", field));
    return {};
}

Error staffNotFound(std::string_view id) {
    return makeError(ErrorCode::NotFound, fmt::format("there is no staff member '{}'", id));
}

// One UPDATE of the staff row `id` (its values bound by `bind`); NotFound when there is none.
template <class Bind>
Result<void> updateStaffRow(Database& db, std::string_view id, const char* sql, const char* what,
                            Bind bind) {
    auto q = db.query(sql, what);
    if (!q)
        return q.error();
    bind(*q);
    if (auto done = q->run(); !done)
        return done;
    if (db.changes() == 0)
        return staffNotFound(id);
    return {};
}

// One text column of the staff row `id`; NotFound when there is none.
Result<std::string> staffText(Database& db, std::string_view id, const char* sql,
                              const char* what) {
    auto q = db.query(sql, what);
    if (!q)
        return q.error();
    q->bind(1, id);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return staffNotFound(id);
    return q->text(0);
}

constexpr const char kStaffColumns[] =
    "id, name, role, active, created_at, failed_pins, lockouts, locked_until, badge_hash <> ''";

Result<StaffMember> readStaff(const Query& r, const std::string& file) {
    StaffMember m;
    m.id = r.text(0);
    m.name = r.text(1);
    const std::string role = r.text(2);
    auto parsed = parseRole(role);
    if (!parsed) {
        return makeError(
            ErrorCode::Corrupt,
            fmt::format("staff member '{}' in {} has an unknown role '{}'", m.id, file, role));
    }
    m.role = *parsed;
    m.active = r.int64(3) != 0;
    m.createdAt = r.int64(4);
    m.failedPins = static_cast<int>(r.int64(5));
    m.lockouts = static_cast<int>(r.int64(6));
    m.lockedUntil = r.int64(7);
    m.hasBadge = r.int64(8) != 0;
    return m;
}

Shift readShift(const Query& r) {
    return Shift{r.int64(0), r.text(1), r.text(2), r.int64(3), r.isNull(4) ? 0 : r.int64(4)};
}

InterventionRecord readIntervention(const Query& r) {
    InterventionRecord i;
    i.id = r.int64(0);
    i.kioskId = r.text(1);
    i.kind = r.text(2);
    i.reason = r.text(3);
    i.saleUuid = r.text(4);
    i.start = r.int64(5);
    i.end = r.isNull(6) ? 0 : r.int64(6);
    i.clearedBy = r.text(7);
    i.how = r.text(8);
    return i;
}

constexpr const char kShiftColumns[] = "id, staff_id, kiosk_id, start_at, end_at";
constexpr const char kInterventionColumns[] =
    "id, kiosk_id, kind, reason, sale_uuid, start_at, end_at, cleared_by, how";

}  // namespace

// --- Staff ---

Result<void> SqliteStore::addStaff(const StaffMember& member, std::string_view pinHash) {
    if (auto ok = checkStaffId(member.id); !ok)
        return ok;
    if (auto ok = checkName(member.name); !ok)
        return ok;
    if (!validRole(member.role))
        return makeError(ErrorCode::InvalidArgument, "the staff role is not one kasir knows");
    if (auto ok = checkHash(pinHash, "PIN hash", false); !ok)
        return ok;
    static constexpr const char kSql[] =
        "INSERT INTO staff (id, name, role, pin_hash, active, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING";
    return atomically([&]() -> Result<void> {
        auto q = db_->query(kSql, "add a staff member");
        if (!q)
            return q.error();
        q->bind(1, member.id)
            .bind(2, member.name)
            .bind(3, roleName(member.role))
            .bind(4, pinHash)
            .bind(5, int64_t{member.active ? 1 : 0})
            .bind(6, member.createdAt);
        if (auto done = q->run(); !done)
            return done;
        if (db_->changes() == 0) {
            return makeError(ErrorCode::Conflict,
                             fmt::format("staff id '{}' is taken already", member.id));
        }
        return {};
    });
}

Result<std::optional<StaffMember>> SqliteStore::staffMember(std::string_view id) {
    static const std::string kSql =
        fmt::format("SELECT {} FROM staff WHERE id = ?1", kStaffColumns);
    auto q = db_->query(kSql.c_str(), "read a staff member");
    if (!q)
        return q.error();
    q->bind(1, id);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<StaffMember>();
    auto member = readStaff(*q, path());
    if (!member)
        return member.error();
    return std::optional<StaffMember>(std::move(*member));
}

Result<std::vector<StaffMember>> SqliteStore::staffMembers(bool includeInactive) {
    static const std::string kSql =
        fmt::format("SELECT {} FROM staff WHERE active = 1 OR ?1 = 1 ORDER BY id", kStaffColumns);
    auto q = db_->query(kSql.c_str(), "list the staff");
    if (!q)
        return q.error();
    q->bind(1, int64_t{includeInactive ? 1 : 0});
    std::vector<StaffMember> out;
    Result<void> bad;
    auto read = q->each([&](const Query& r) {
        auto member = readStaff(r, path());
        if (!member) {
            if (bad)
                bad = member.error();
            return;
        }
        out.push_back(std::move(*member));
    });
    if (!read)
        return read.error();
    if (!bad)
        return bad.error();
    return out;
}

Result<void> SqliteStore::updateStaff(const StaffMember& member) {
    if (auto ok = checkName(member.name); !ok)
        return ok;
    if (!validRole(member.role))
        return makeError(ErrorCode::InvalidArgument, "the staff role is not one kasir knows");
    static constexpr const char kSql[] =
        "UPDATE staff SET name = ?2, role = ?3, active = ?4 WHERE id = ?1";
    return atomically([&] {
        return updateStaffRow(*db_, member.id, kSql, "update a staff member", [&](Query& q) {
            q.bind(1, member.id)
                .bind(2, member.name)
                .bind(3, roleName(member.role))
                .bind(4, int64_t{member.active ? 1 : 0});
        });
    });
}

Result<std::string> SqliteStore::staffPinHash(std::string_view id) {
    static constexpr const char kSql[] = "SELECT pin_hash FROM staff WHERE id = ?1";
    return staffText(*db_, id, kSql, "read a PIN hash");
}

Result<void> SqliteStore::setStaffPinHash(std::string_view id, std::string_view pinHash) {
    if (auto ok = checkHash(pinHash, "PIN hash", false); !ok)
        return ok;
    static constexpr const char kSql[] =
        "UPDATE staff SET pin_hash = ?2, failed_pins = 0, lockouts = 0, locked_until = 0 "
        "WHERE id = ?1";
    return atomically([&] {
        return updateStaffRow(*db_, id, kSql, "set a PIN",
                              [&](Query& q) { q.bind(1, id).bind(2, pinHash); });
    });
}

Result<void> SqliteStore::setSignInState(std::string_view id, int failedPins, int lockouts,
                                         Timestamp lockedUntil) {
    if (failedPins < 0)
        return makeError(ErrorCode::InvalidArgument, "failedPins cannot be negative");
    if (lockouts < 0)
        return makeError(ErrorCode::InvalidArgument, "lockouts cannot be negative");
    if (lockedUntil < 0)
        return makeError(ErrorCode::InvalidArgument, "lockedUntil cannot be negative");
    static constexpr const char kSql[] =
        "UPDATE staff SET failed_pins = ?2, lockouts = ?3, locked_until = ?4 WHERE id = ?1";
    return atomically([&] {
        return updateStaffRow(*db_, id, kSql, "record a sign-in attempt", [&](Query& q) {
            q.bind(1, id)
                .bind(2, int64_t{failedPins})
                .bind(3, int64_t{lockouts})
                .bind(4, lockedUntil);
        });
    });
}

Result<std::string> SqliteStore::staffBadgeHash(std::string_view id) {
    static constexpr const char kSql[] = "SELECT badge_hash FROM staff WHERE id = ?1";
    return staffText(*db_, id, kSql, "read a badge hash");
}

Result<void> SqliteStore::setStaffBadgeHash(std::string_view id, std::string_view badgeHash) {
    if (auto ok = checkHash(badgeHash, "badge hash", true); !ok)
        return ok;
    static constexpr const char kSql[] = "UPDATE staff SET badge_hash = ?2 WHERE id = ?1";
    return atomically([&] {
        return updateStaffRow(*db_, id, kSql, "set a badge",
                              [&](Query& q) { q.bind(1, id).bind(2, badgeHash); });
    });
}

// --- Permissions ---

Result<PermissionTable> SqliteStore::permissions() {
    static constexpr const char kSql[] = "SELECT role, action, allowed FROM role_permissions";
    PermissionTable table = defaultPermissions();
    auto q = db_->query(kSql, "read the permission table");
    if (!q)
        return q.error();
    auto read = q->each([&](const Query& r) {
        auto role = parseRole(r.text(0));
        auto action = parseAction(r.text(1));
        // A newer kasir may know actions this one does not: their rows are not for us.
        if (role && action)
            table.set(*role, *action, r.int64(2) != 0);
    });
    if (!read)
        return read.error();
    return table;
}

Result<void> SqliteStore::setPermission(Role role, StaffAction action, bool allowed) {
    if (!validRole(role))
        return makeError(ErrorCode::InvalidArgument, "the role is not one kasir knows");
    if (!validAction(action))
        return makeError(ErrorCode::InvalidArgument, "the action is not one kasir knows");
    static constexpr const char kSql[] =
        "INSERT INTO role_permissions (role, action, allowed) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (role, action) DO UPDATE SET allowed = excluded.allowed";
    auto q = db_->query(kSql, "change the permission table");
    if (!q)
        return q.error();
    q->bind(1, roleName(role)).bind(2, actionName(action)).bind(3, int64_t{allowed ? 1 : 0});
    return q->run();
}

// --- Shifts ---

Result<Shift> SqliteStore::clockIn(std::string_view staffId, std::string_view kioskId,
                                   Timestamp at) {
    if (auto ok = checkText(kioskId, "kiosk id"); !ok)
        return ok.error();
    static constexpr const char kInsert[] =
        "INSERT INTO shifts (staff_id, kiosk_id, start_at) VALUES (?1, ?2, ?3) RETURNING id";
    return atomically([&]() -> Result<Shift> {
        auto member = staffMember(staffId);
        if (!member)
            return member.error();
        if (!*member)
            return staffNotFound(staffId);
        auto open = openShift(staffId);
        if (!open)
            return open.error();
        if (*open) {
            return makeError(ErrorCode::Conflict,
                             fmt::format("{} is clocked in already (on kiosk {} since {})", staffId,
                                         (*open)->kioskId, formatTime((*open)->start)));
        }
        auto q = db_->query(kInsert, "clock in");
        if (!q)
            return q.error();
        q->bind(1, staffId).bind(2, kioskId).bind(3, at);
        auto row = q->step();
        if (!row)
            return row.error();
        const int64_t id = q->int64(0);
        if (auto rest = q->run(); !rest)
            return rest.error();
        return Shift{id, std::string(staffId), std::string(kioskId), at, 0};
    });
}

Result<Shift> SqliteStore::clockOut(std::string_view staffId, Timestamp at) {
    static constexpr const char kClose[] = "UPDATE shifts SET end_at = ?2 WHERE id = ?1";
    return atomically([&]() -> Result<Shift> {
        auto open = openShift(staffId);
        if (!open)
            return open.error();
        if (!*open) {
            return makeError(ErrorCode::NotFound, fmt::format("{} is not clocked in", staffId));
        }
        Shift shift = **open;
        if (at < shift.start) {
            return makeError(ErrorCode::InvalidArgument,
                             fmt::format("the clock-out time {} is before {}'s clock-in at {}",
                                         formatTime(at), staffId, formatTime(shift.start)));
        }
        auto q = db_->query(kClose, "clock out");
        if (!q)
            return q.error();
        q->bind(1, shift.id).bind(2, at);
        if (auto done = q->run(); !done)
            return done.error();
        shift.end = at;
        return shift;
    });
}

Result<std::optional<Shift>> SqliteStore::openShift(std::string_view staffId) {
    static const std::string kSql =
        fmt::format("SELECT {} FROM shifts WHERE staff_id = ?1 AND end_at IS NULL", kShiftColumns);
    auto q = db_->query(kSql.c_str(), "read the open shift");
    if (!q)
        return q.error();
    q->bind(1, staffId);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Shift>();
    return std::optional<Shift>(readShift(*q));
}

Result<std::vector<Shift>> SqliteStore::shifts(Timestamp from, Timestamp to) {
    static const std::string kSql = fmt::format(
        "SELECT {} FROM shifts WHERE start_at < ?2 AND (end_at IS NULL OR end_at > ?1) "
        "ORDER BY start_at, id",
        kShiftColumns);
    std::vector<Shift> out;
    auto q = db_->query(kSql.c_str(), "read the shifts");
    if (!q)
        return q.error();
    q->bind(1, from).bind(2, to);
    auto read = q->each([&](const Query& r) { out.push_back(readShift(r)); });
    if (!read)
        return read.error();
    return out;
}

// --- Interventions ---

Result<InterventionRecord> SqliteStore::openIntervention(std::string_view kioskId,
                                                         std::string_view kind,
                                                         std::string_view reason,
                                                         std::string_view saleUuid,
                                                         Timestamp start) {
    if (auto ok = checkText(kioskId, "kiosk id"); !ok)
        return ok.error();
    if (auto ok = checkText(kind, "intervention kind"); !ok)
        return ok.error();
    std::string why(reason);
    std::string sale(saleUuid);
    // The reason is shown, not matched: keep it, with bad bytes replaced.
    repairUtf8(why);
    repairUtf8(sale);
    static const std::string kFind = fmt::format(
        "SELECT {} FROM interventions WHERE kiosk_id = ?1 AND kind = ?2 AND end_at IS NULL",
        kInterventionColumns);
    static constexpr const char kUpdate[] = "UPDATE interventions SET reason = ?2 WHERE id = ?1";
    static constexpr const char kInsert[] =
        "INSERT INTO interventions (kiosk_id, kind, reason, sale_uuid, start_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
    return atomically([&]() -> Result<InterventionRecord> {
        std::optional<InterventionRecord> open;
        {
            auto q = db_->query(kFind.c_str(), "open an intervention");
            if (!q)
                return q.error();
            q->bind(1, kioskId).bind(2, kind);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row)
                open = readIntervention(*q);
        }
        if (open) {
            auto q = db_->query(kUpdate, "update an open intervention");
            if (!q)
                return q.error();
            q->bind(1, open->id).bind(2, why);
            if (auto done = q->run(); !done)
                return done.error();
            open->reason = why;
            return *open;
        }
        auto q = db_->query(kInsert, "open an intervention");
        if (!q)
            return q.error();
        q->bind(1, kioskId).bind(2, kind).bind(3, why).bind(4, sale).bind(5, start);
        auto row = q->step();
        if (!row)
            return row.error();
        InterventionRecord record;
        record.id = q->int64(0);
        if (auto rest = q->run(); !rest)
            return rest.error();
        record.kioskId = kioskId;
        record.kind = kind;
        record.reason = why;
        record.saleUuid = sale;
        record.start = start;
        return record;
    });
}

Result<InterventionRecord> SqliteStore::closeIntervention(std::string_view kioskId,
                                                          std::string_view kind,
                                                          std::string_view clearedBy,
                                                          std::string_view how, Timestamp end) {
    if (auto ok = checkText(clearedBy, "who cleared the intervention"); !ok)
        return ok.error();
    if (auto ok = checkText(how, "how the intervention was cleared", true); !ok)
        return ok.error();
    static const std::string kFind = fmt::format(
        "SELECT {} FROM interventions WHERE kiosk_id = ?1 AND kind = ?2 AND end_at IS NULL",
        kInterventionColumns);
    static constexpr const char kClose[] =
        "UPDATE interventions SET end_at = ?2, cleared_by = ?3, how = ?4 WHERE id = ?1";
    return atomically([&]() -> Result<InterventionRecord> {
        InterventionRecord record;
        {
            auto q = db_->query(kFind.c_str(), "close an intervention");
            if (!q)
                return q.error();
            q->bind(1, kioskId).bind(2, kind);
            auto row = q->step();
            if (!row)
                return row.error();
            if (!*row) {
                return makeError(
                    ErrorCode::NotFound,
                    fmt::format("kiosk {} has no open '{}' intervention", kioskId, kind));
            }
            record = readIntervention(*q);
        }
        // A clock stepped back between raise and clear must not leave the record open for
        // ever: it then ends when it started.
        record.end = std::max(end, record.start);
        record.clearedBy = clearedBy;
        record.how = how;
        auto q = db_->query(kClose, "close an intervention");
        if (!q)
            return q.error();
        q->bind(1, record.id).bind(2, record.end).bind(3, record.clearedBy).bind(4, record.how);
        if (auto done = q->run(); !done)
            return done.error();
        return record;
    });
}

Result<std::vector<InterventionRecord>> SqliteStore::openInterventions(std::string_view kioskId) {
    static const std::string kSql = fmt::format(
        "SELECT {} FROM interventions WHERE end_at IS NULL AND (?1 = '' OR kiosk_id = ?1) "
        "ORDER BY start_at, id",
        kInterventionColumns);
    std::vector<InterventionRecord> out;
    auto q = db_->query(kSql.c_str(), "list the open interventions");
    if (!q)
        return q.error();
    q->bind(1, kioskId);
    auto read = q->each([&](const Query& r) { out.push_back(readIntervention(r)); });
    if (!read)
        return read.error();
    return out;
}

Result<std::vector<InterventionRecord>> SqliteStore::interventions(Timestamp from, Timestamp to) {
    static const std::string kSql = fmt::format(
        "SELECT {} FROM interventions WHERE start_at >= ?1 AND start_at < ?2 "
        "ORDER BY start_at, id",
        kInterventionColumns);
    std::vector<InterventionRecord> out;
    auto q = db_->query(kSql.c_str(), "read the interventions");
    if (!q)
        return q.error();
    q->bind(1, from).bind(2, to);
    auto read = q->each([&](const Query& r) { out.push_back(readIntervention(r)); });
    if (!read)
        return read.error();
    return out;
}

// --- Suspended transactions ---

namespace {

constexpr const char kSuspendedColumns[] =
    "code, kiosk_id, staff_id, sale_uuid, started_at, language, cart, suspended_at, resumed_at, "
    "resumed_kiosk";

Result<SuspendedCart> readSuspended(const Query& r, const std::string& file) {
    SuspendedCart s;
    s.code = r.text(0);
    s.kioskId = r.text(1);
    s.staffId = r.text(2);
    s.cart.saleUuid = r.text(3);
    s.cart.startedAt = r.int64(4);
    s.cart.language = r.text(5);
    auto cart = cartFromJson(r.text(6));
    if (!cart) {
        return makeError(cart.error().code,
                         fmt::format("the cart suspended under code {} in {} is unreadable: {}",
                                     s.code, file, cart.error().message));
    }
    s.cart.cart = std::move(*cart);
    s.suspendedAt = r.int64(7);
    s.resumedAt = r.isNull(8) ? 0 : r.int64(8);
    s.resumedKiosk = r.text(9);
    return s;
}

}  // namespace

Result<void> SqliteStore::suspendCart(const SuspendedCart& suspended) {
    if (!validSuspendCode(suspended.code)) {
        return makeError(ErrorCode::InvalidArgument,
                         "a suspend code is 8 digits (the code given is not)");
    }
    if (auto ok = checkText(suspended.kioskId, "kiosk id"); !ok)
        return ok;
    if (auto ok = checkText(suspended.staffId, "staff id of who suspended it", true); !ok)
        return ok;
    if (auto ok = checkText(suspended.cart.saleUuid, "sale uuid"); !ok)
        return ok;
    if (auto ok = checkText(suspended.cart.language, "language"); !ok)
        return ok;
    static constexpr const char kFindCode[] =
        "SELECT kiosk_id, suspended_at FROM suspended_carts WHERE code = ?1";
    static constexpr const char kFindSale[] =
        "SELECT code FROM suspended_carts WHERE sale_uuid = ?1 AND resumed_at IS NULL";
    static constexpr const char kInsert[] =
        "INSERT INTO suspended_carts (code, kiosk_id, staff_id, sale_uuid, started_at, language, "
        "cart, suspended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    // Only that sale's cart: another transaction's cart on the kiosk is not ours to drop.
    static constexpr const char kClear[] =
        "DELETE FROM open_carts WHERE kiosk_id = ?1 AND sale_uuid = ?2";
    const std::string json = cartToJson(suspended.cart.cart);
    return atomically([&]() -> Result<void> {
        {
            auto q = db_->query(kFindCode, "suspend a transaction");
            if (!q)
                return q.error();
            q->bind(1, suspended.code);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row) {
                return makeError(ErrorCode::Conflict,
                                 fmt::format("suspend code {} is taken (kiosk {}, {}): draw "
                                             "another",
                                             suspended.code, q->text(0), formatTime(q->int64(1))));
            }
        }
        {
            auto q = db_->query(kFindSale, "suspend a transaction");
            if (!q)
                return q.error();
            q->bind(1, suspended.cart.saleUuid);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row) {
                return makeError(ErrorCode::Conflict,
                                 fmt::format("sale {} is suspended already, under code {}",
                                             suspended.cart.saleUuid, q->text(0)));
            }
        }
        {
            auto q = db_->query(kInsert, "suspend a transaction");
            if (!q)
                return q.error();
            q->bind(1, suspended.code)
                .bind(2, suspended.kioskId)
                .bind(3, suspended.staffId)
                .bind(4, suspended.cart.saleUuid)
                .bind(5, suspended.cart.startedAt)
                .bind(6, suspended.cart.language)
                .bind(7, json)
                .bind(8, suspended.suspendedAt);
            if (auto done = q->run(); !done)
                return done;
        }
        auto q = db_->query(kClear, "clear the suspended transaction's open cart");
        if (!q)
            return q.error();
        q->bind(1, suspended.kioskId).bind(2, suspended.cart.saleUuid);
        return q->run();
    });
}

Result<SuspendedCart> SqliteStore::resumeSuspended(std::string_view code, std::string_view kioskId,
                                                   Timestamp at) {
    if (!validSuspendCode(code))
        return makeError(ErrorCode::InvalidArgument, "a suspend code is 8 digits");
    if (auto ok = checkText(kioskId, "kiosk id"); !ok)
        return ok.error();
    static const std::string kFind =
        fmt::format("SELECT {} FROM suspended_carts WHERE code = ?1", kSuspendedColumns);
    static constexpr const char kMark[] =
        "UPDATE suspended_carts SET resumed_at = ?2, resumed_kiosk = ?3 "
        "WHERE code = ?1 AND resumed_at IS NULL";
    return atomically([&]() -> Result<SuspendedCart> {
        SuspendedCart suspended;
        {
            auto q = db_->query(kFind.c_str(), "resume a suspended transaction");
            if (!q)
                return q.error();
            q->bind(1, code);
            auto row = q->step();
            if (!row)
                return row.error();
            if (!*row) {
                return makeError(ErrorCode::NotFound,
                                 fmt::format("no transaction is suspended under code {}", code));
            }
            auto read = readSuspended(*q, path());
            if (!read)
                return read.error();
            suspended = std::move(*read);
        }
        if (suspended.resumedAt != 0) {
            return makeError(ErrorCode::Conflict,
                             fmt::format("code {} was resumed already, on kiosk {} at {}", code,
                                         suspended.resumedKiosk, formatTime(suspended.resumedAt)));
        }
        // The resumed cart becomes this kiosk's open cart: a shopper's cart already there is
        // not overwritten.
        auto current = loadOpenCart(kioskId);
        if (!current)
            return current.error();
        if (*current && !(*current)->cart.empty() &&
            (*current)->saleUuid != suspended.cart.saleUuid) {
            return makeError(ErrorCode::Conflict,
                             fmt::format("kiosk {} has a transaction in progress ({} lines): "
                                         "finish or cancel it before resuming code {}",
                                         kioskId, (*current)->cart.lines().size(), code));
        }
        {
            auto q = db_->query(kMark, "resume a suspended transaction");
            if (!q)
                return q.error();
            q->bind(1, code).bind(2, at).bind(3, kioskId);
            if (auto done = q->run(); !done)
                return done.error();
            if (db_->changes() != 1) {
                return makeError(ErrorCode::Conflict,
                                 fmt::format("code {} was resumed already", code));
            }
        }
        if (auto saved = saveOpenCart(kioskId, suspended.cart); !saved)
            return saved.error();
        suspended.resumedAt = at;
        suspended.resumedKiosk = kioskId;
        return suspended;
    });
}

Result<std::vector<SuspendedCart>> SqliteStore::suspendedCarts(bool includeResumed) {
    static const std::string kSql = fmt::format(
        "SELECT {} FROM suspended_carts WHERE resumed_at IS NULL OR ?1 = 1 "
        "ORDER BY suspended_at, code",
        kSuspendedColumns);
    std::vector<SuspendedCart> out;
    auto q = db_->query(kSql.c_str(), "list the suspended transactions");
    if (!q)
        return q.error();
    q->bind(1, int64_t{includeResumed ? 1 : 0});
    Result<void> bad;
    auto read = q->each([&](const Query& r) {
        auto s = readSuspended(r, path());
        if (!s) {
            if (bad)
                bad = s.error();
            return;
        }
        out.push_back(std::move(*s));
    });
    if (!read)
        return read.error();
    if (!bad)
        return bad.error();
    return out;
}

}  // namespace kiosk::storage
