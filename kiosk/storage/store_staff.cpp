// Staff accounts, the permission table, shifts, interventions and suspended transactions.
// kiosk/staff owns the rules (PIN hashing, lockout); this file only keeps the rows.
#include <fmt/format.h>

#include "kiosk/storage/sqlite_store.hpp"

namespace kiosk::storage {
namespace {
Error notYet(const char* what) {
    return makeError(ErrorCode::Unsupported, fmt::format("{} is not implemented yet", what));
}
}  // namespace

Result<void> SqliteStore::addStaff(const StaffMember&, std::string_view) {
    return notYet("addStaff");
}
Result<std::optional<StaffMember>> SqliteStore::staffMember(std::string_view) {
    return notYet("staffMember");
}
Result<std::vector<StaffMember>> SqliteStore::staffMembers(bool) {
    return notYet("staffMembers");
}
Result<void> SqliteStore::updateStaff(const StaffMember&) {
    return notYet("updateStaff");
}
Result<std::string> SqliteStore::staffPinHash(std::string_view) {
    return notYet("staffPinHash");
}
Result<void> SqliteStore::setStaffPinHash(std::string_view, std::string_view) {
    return notYet("setStaffPinHash");
}
Result<void> SqliteStore::setSignInState(std::string_view, int, int, Timestamp) {
    return notYet("setSignInState");
}
Result<std::string> SqliteStore::staffBadgeHash(std::string_view) {
    return notYet("staffBadgeHash");
}
Result<void> SqliteStore::setStaffBadgeHash(std::string_view, std::string_view) {
    return notYet("setStaffBadgeHash");
}
Result<PermissionTable> SqliteStore::permissions() {
    return notYet("permissions");
}
Result<void> SqliteStore::setPermission(Role, StaffAction, bool) {
    return notYet("setPermission");
}
Result<Shift> SqliteStore::clockIn(std::string_view, std::string_view, Timestamp) {
    return notYet("clockIn");
}
Result<Shift> SqliteStore::clockOut(std::string_view, Timestamp) {
    return notYet("clockOut");
}
Result<std::optional<Shift>> SqliteStore::openShift(std::string_view) {
    return notYet("openShift");
}
Result<std::vector<Shift>> SqliteStore::shifts(Timestamp, Timestamp) {
    return notYet("shifts");
}
Result<InterventionRecord> SqliteStore::openIntervention(std::string_view, std::string_view,
                                                         std::string_view, std::string_view,
                                                         Timestamp) {
    return notYet("openIntervention");
}
Result<InterventionRecord> SqliteStore::closeIntervention(std::string_view, std::string_view,
                                                          std::string_view, std::string_view,
                                                          Timestamp) {
    return notYet("closeIntervention");
}
Result<std::vector<InterventionRecord>> SqliteStore::openInterventions(std::string_view) {
    return notYet("openInterventions");
}
Result<std::vector<InterventionRecord>> SqliteStore::interventions(Timestamp, Timestamp) {
    return notYet("interventions");
}
Result<void> SqliteStore::suspendCart(const SuspendedCart&) {
    return notYet("suspendCart");
}
Result<SuspendedCart> SqliteStore::resumeSuspended(std::string_view, std::string_view, Timestamp) {
    return notYet("resumeSuspended");
}
Result<std::vector<SuspendedCart>> SqliteStore::suspendedCarts(bool) {
    return notYet("suspendedCarts");
}

}  // namespace kiosk::storage
