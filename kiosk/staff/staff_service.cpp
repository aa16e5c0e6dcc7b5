// StaffService: sign-in with the lockout policy, permissions, accounts, badges and shifts.
// Each change and its audit row go into the store in one transaction, so the log never misses
// a change and never records one that did not happen. No PIN or badge secret is ever logged or
// audited.
#include "kiosk/staff/staff_service.hpp"

#include <sodium.h>

#include <map>
#include <mutex>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace kiosk::staff {
namespace {

constexpr const char* kWrongWords = "Wrong staff number or PIN";

std::string minutesText(Millis ms) {
    const int64_t minutes = (ms + 59'999) / 60'000;
    if (minutes < 120)
        return fmt::format("{} min", minutes);
    return fmt::format("{} h {} min", minutes / 60, minutes % 60);
}

SignInResult failure(SignInProblem problem, std::string message, Timestamp until = 0,
                     int failuresLeft = 0) {
    SignInResult result;
    result.failure = SignInFailure{problem, until, failuresLeft, std::move(message)};
    return result;
}

SignInResult storageFailure(const Error& error) {
    spdlog::error("staff sign-in: store failed: {}", error.message);
    return failure(SignInProblem::Storage, "The store database failed: " + error.message);
}

Error notFound(std::string_view staffId) {
    return makeError(ErrorCode::NotFound, fmt::format("no staff member '{}'", staffId));
}

// The member with this id, or NotFound in the same words as notFound().
Result<storage::StaffMember> existingMember(storage::Store& store, std::string_view staffId) {
    auto found = store.staffMember(staffId);
    if (!found)
        return found.error();
    if (!*found)
        return notFound(staffId);
    return std::move(**found);
}

// A name as typed by a manager: printable, at most 64 bytes, not blank.
Result<void> checkName(std::string_view name) {
    if (name.find_first_not_of(" \t") == std::string_view::npos)
        return makeError(ErrorCode::InvalidArgument, "the staff member's name is empty");
    if (name.size() > 64)
        return makeError(ErrorCode::InvalidArgument,
                         "the staff member's name is longer than 64 bytes");
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f)
            return makeError(ErrorCode::InvalidArgument,
                             "the staff member's name contains a control character");
    return {};
}

Result<void> checkId(std::string_view staffId) {
    if (!validStaffId(staffId))
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("'{}' is not a staff id: use 1 to 32 letters, digits, '.', "
                                     "'_' or '-'",
                                     staffId));
    return {};
}

}  // namespace

StaffService::StaffService(storage::Store& store, StaffServiceOptions options)
    : store_(store), options_(std::move(options)) {}

namespace {

storage::AuditEntry auditRow(const std::string& kioskId, Timestamp at, std::string_view by,
                             std::string_view action, std::string details, std::string before = {},
                             std::string after = {}) {
    storage::AuditEntry entry;
    entry.at = at;
    entry.kioskId = kioskId;
    entry.staffId = std::string(by);
    entry.action = std::string(action);
    entry.details = std::move(details);
    entry.before = std::move(before);
    entry.after = std::move(after);
    return entry;
}

std::string signInState(const storage::StaffMember& member) {
    return fmt::format("failed_pins={} lockouts={} locked_until={}", member.failedPins,
                       member.lockouts, member.lockedUntil);
}

// A hash of a PIN nobody has, made once per cost: an unknown id costs the same Argon2id check
// as a known one, so the time taken does not tell which ids exist.
std::string decoyHash(const HashCost& cost) {
    static std::mutex mutex;
    static std::map<std::pair<unsigned long long, size_t>, std::string> hashes;
    const std::lock_guard lock(mutex);
    auto& hash = hashes[{cost.opsLimit, cost.memLimit}];
    if (hash.empty()) {
        auto made = hashPin(newBadgeSecret(), cost);
        if (made)
            hash = *made;
    }
    return hash;
}

}  // namespace

SignInResult StaffService::signInWithPin(std::string_view staffId, std::string_view pin,
                                         Timestamp now) {
    auto found = validStaffId(staffId) ? store_.staffMember(staffId)
                                       : Result<std::optional<storage::StaffMember>>(std::nullopt);
    if (!found)
        return storageFailure(found.error());
    if (!*found) {
        (void)verifyPin(decoyHash(options_.cost), pin);
        // The typed id is not recorded: a PIN typed into the id field must not reach the log.
        auto audited = store_.appendAudit(auditRow(options_.kioskId, now, "", "staff.signin.failed",
                                                   "unknown staff id; method pin"));
        if (!audited)
            return storageFailure(audited.error());
        return failure(SignInProblem::UnknownOrWrong, kWrongWords);
    }
    const storage::StaffMember& member = **found;
    if (member.lockedUntil > now) {
        auto audited = store_.appendAudit(auditRow(
            options_.kioskId, now, member.id, "staff.signin.locked",
            fmt::format("method pin; locked for {} more", minutesText(member.lockedUntil - now))));
        if (!audited)
            return storageFailure(audited.error());
        return failure(SignInProblem::LockedOut,
                       fmt::format("Too many wrong PINs: this account is locked for {}",
                                   minutesText(member.lockedUntil - now)),
                       member.lockedUntil);
    }
    auto hash = store_.staffPinHash(member.id);
    if (!hash)
        return storageFailure(hash.error());
    const bool right = verifyPin(*hash, pin);

    SignInResult result;
    // Re-read inside the transaction: another kiosk may have counted a failure meanwhile, and
    // a lost update would hand an attacker extra guesses.
    auto done = store_.transaction([&]() -> Result<void> {
        auto fresh = store_.staffMember(member.id);
        if (!fresh)
            return fresh.error();
        if (!*fresh)
            return notFound(member.id);
        storage::StaffMember current = **fresh;
        if (current.lockedUntil > now) {
            // Another kiosk locked it while this PIN was being checked: the lock wins.
            result = failure(SignInProblem::LockedOut,
                             fmt::format("Too many wrong PINs: this account is locked for {}",
                                         minutesText(current.lockedUntil - now)),
                             current.lockedUntil);
            return store_.appendAudit(auditRow(options_.kioskId, now, current.id,
                                               "staff.signin.locked",
                                               "method pin; locked by another kiosk meanwhile"));
        }
        if (right) {
            if (!current.active) {
                result = failure(SignInProblem::Inactive,
                                 "This staff account is switched off; ask a manager");
                return store_.appendAudit(auditRow(options_.kioskId, now, current.id,
                                                   "staff.signin.failed",
                                                   "account inactive; method pin"));
            }
            if (current.failedPins != 0 || current.lockedUntil != 0) {
                auto reset = store_.setSignInState(current.id, 0, current.lockouts, 0);
                if (!reset)
                    return reset;
            }
            result.session = Session{current.id, current.name, current.role, "pin", now};
            return store_.appendAudit(
                auditRow(options_.kioskId, now, current.id, "staff.signin", "method pin"));
        }
        const std::string before = signInState(current);
        int failed = current.failedPins + 1;
        int lockouts = current.lockouts;
        Timestamp lockedUntil = current.lockedUntil > now ? current.lockedUntil : 0;
        const bool locks = failed >= options_.lockout.maxFailures;
        if (locks) {
            ++lockouts;
            lockedUntil = now + lockoutDuration(options_.lockout, lockouts);
            failed = 0;
        }
        auto saved = store_.setSignInState(current.id, failed, lockouts, lockedUntil);
        if (!saved)
            return saved;
        auto audited =
            store_.appendAudit(auditRow(options_.kioskId, now, current.id, "staff.signin.failed",
                                        fmt::format("wrong PIN {} of {}; method pin",
                                                    locks ? options_.lockout.maxFailures : failed,
                                                    options_.lockout.maxFailures)));
        if (!audited)
            return audited;
        if (locks) {
            current.failedPins = failed;
            current.lockouts = lockouts;
            current.lockedUntil = lockedUntil;
            audited = store_.appendAudit(
                auditRow(options_.kioskId, now, current.id, "staff.lockout",
                         fmt::format("lockout {} for {}", lockouts, minutesText(lockedUntil - now)),
                         before, signInState(current)));
            if (!audited)
                return audited;
            spdlog::warn("staff {}: locked out ({} wrong PINs), lockout {} until {}", current.id,
                         options_.lockout.maxFailures, lockouts, lockedUntil);
            result = failure(SignInProblem::LockedOut,
                             fmt::format("Too many wrong PINs: this account is locked for {}",
                                         minutesText(lockedUntil - now)),
                             lockedUntil);
        } else {
            result = failure(SignInProblem::UnknownOrWrong, kWrongWords, 0,
                             options_.lockout.maxFailures - failed);
        }
        return {};
    });
    if (!done)
        return storageFailure(done.error());
    return result;
}

SignInResult StaffService::signInWithBadge(std::string_view scanned, Timestamp now) {
    const auto refuse = [&](std::string_view staffId, std::string details) -> SignInResult {
        auto audited = store_.appendAudit(
            auditRow(options_.kioskId, now, staffId, "staff.signin.failed", std::move(details)));
        if (!audited)
            return storageFailure(audited.error());
        return failure(SignInProblem::BadBadge,
                       "This badge does not work: it is not a staff badge, or a newer one was "
                       "issued");
    };
    const auto badge = parseBadgeCode(scanned);
    // Never audit the scanned text: it holds the badge's secret.
    if (!badge)
        return refuse("", "not a staff badge; method badge");
    auto found = store_.staffMember(badge->staffId);
    if (!found)
        return storageFailure(found.error());
    if (!*found)
        return refuse("", "badge of an unknown staff id; method badge");
    const storage::StaffMember& member = **found;
    auto stored = store_.staffBadgeHash(member.id);
    if (!stored)
        return storageFailure(stored.error());
    const std::string presented = badgeSecretHash(badge->secret);
    if (stored->size() != presented.size() ||
        sodium_memcmp(stored->data(), presented.data(), presented.size()) != 0)
        return refuse(member.id, stored->empty() ? "no badge issued; method badge"
                                                 : "old or unknown badge; method badge");
    // A locked account stays locked for its badge too: the lockout is the account's.
    if (member.lockedUntil > now) {
        auto audited =
            store_.appendAudit(auditRow(options_.kioskId, now, member.id, "staff.signin.locked",
                                        fmt::format("method badge; locked for {} more",
                                                    minutesText(member.lockedUntil - now))));
        if (!audited)
            return storageFailure(audited.error());
        return failure(SignInProblem::LockedOut,
                       fmt::format("Too many wrong PINs: this account is locked for {}",
                                   minutesText(member.lockedUntil - now)),
                       member.lockedUntil);
    }
    if (!member.active) {
        auto audited =
            store_.appendAudit(auditRow(options_.kioskId, now, member.id, "staff.signin.failed",
                                        "account inactive; method badge"));
        if (!audited)
            return storageFailure(audited.error());
        return failure(SignInProblem::Inactive,
                       "This staff account is switched off; ask a manager");
    }
    auto audited = store_.appendAudit(
        auditRow(options_.kioskId, now, member.id, "staff.signin", "method badge"));
    if (!audited)
        return storageFailure(audited.error());
    SignInResult result;
    result.session = Session{member.id, member.name, member.role, "badge", now};
    return result;
}

Result<void> StaffService::signOut(const Session& session, std::string_view why, Timestamp now) {
    return store_.appendAudit(
        auditRow(options_.kioskId, now, session.staffId, "staff.signout", std::string(why)));
}

Result<bool> StaffService::authorize(const Session& session, StaffAction action, Timestamp now) {
    auto table = store_.permissions();
    if (!table)
        return table.error();
    // The member as stored now, not as signed in: a manager who switched the account off or
    // changed its role must not wait for the session to end.
    auto found = store_.staffMember(session.staffId);
    if (!found)
        return found.error();
    if (!*found || !(*found)->active) {
        auto audited = store_.appendAudit(
            auditRow(options_.kioskId, now, session.staffId, "permission.denied",
                     fmt::format("{} may not {}; the account is {}", session.staffId,
                                 actionName(action), *found ? "switched off" : "gone"),
                     std::string(roleName(session.role)), std::string(actionName(action))));
        if (!audited)
            return audited.error();
        return false;
    }
    const Role role = (*found)->role;
    if (table->allows(role, action))
        return true;
    const auto least = table->leastRole(action);
    auto audited = store_.appendAudit(
        auditRow(options_.kioskId, now, session.staffId, "permission.denied",
                 fmt::format("{} may not {}; {}", roleName(role), actionName(action),
                             least ? fmt::format("needs a {}", roleName(*least))
                                   : std::string("no role may")),
                 std::string(roleName(role)), std::string(actionName(action))));
    if (!audited)
        return audited.error();
    return false;
}

Result<void> StaffService::addMember(const storage::StaffMember& member, std::string_view pin,
                                     std::string_view by, Timestamp now) {
    if (auto ok = checkId(member.id); !ok)
        return ok;
    if (auto ok = checkName(member.name); !ok)
        return ok;
    if (auto ok = checkPinRules(pin); !ok)
        return ok;
    auto hash = hashPin(pin, options_.cost);
    if (!hash)
        return hash.error();
    storage::StaffMember added = member;
    added.createdAt = now;
    added.failedPins = 0;
    added.lockouts = 0;
    added.lockedUntil = 0;
    added.hasBadge = false;
    return store_.transaction([&]() -> Result<void> {
        auto stored = store_.addStaff(added, *hash);
        if (!stored) {
            if (stored.error().code == ErrorCode::Conflict)
                return makeError(ErrorCode::Conflict,
                                 fmt::format("staff id '{}' is taken", added.id));
            return stored;
        }
        return store_.appendAudit(
            auditRow(options_.kioskId, now, by, "staff.add", fmt::format("staff {}", added.id), {},
                     fmt::format("name={} role={} active={}", added.name, roleName(added.role),
                                 added.active ? "yes" : "no")));
    });
}

Result<void> StaffService::resetPin(std::string_view staffId, std::string_view pin,
                                    std::string_view by, Timestamp now) {
    if (auto ok = checkPinRules(pin); !ok)
        return ok;
    auto found = store_.staffMember(staffId);
    if (!found)
        return found.error();
    if (!*found)
        return notFound(staffId);
    auto hash = hashPin(pin, options_.cost);
    if (!hash)
        return hash.error();
    return store_.transaction([&]() -> Result<void> {
        auto fresh = store_.staffMember(staffId);
        if (!fresh)
            return fresh.error();
        if (!*fresh)
            return notFound(staffId);
        auto set = store_.setStaffPinHash(staffId, *hash);
        if (!set)
            return set;
        return store_.appendAudit(auditRow(
            options_.kioskId, now, by, "staff.pin.reset", fmt::format("staff {}: new PIN", staffId),
            signInState(**fresh), "failed_pins=0 lockouts=0 locked_until=0"));
    });
}

Result<void> StaffService::unlock(std::string_view staffId, std::string_view by, Timestamp now) {
    return store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        auto set = store_.setSignInState(staffId, 0, 0, 0);
        if (!set)
            return set;
        return store_.appendAudit(auditRow(options_.kioskId, now, by, "staff.unlock",
                                           fmt::format("staff {}", staffId), signInState(*found),
                                           "failed_pins=0 lockouts=0 locked_until=0"));
    });
}

Result<void> StaffService::setRole(std::string_view staffId, Role role, std::string_view by,
                                   Timestamp now) {
    return store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        storage::StaffMember member = *found;
        const Role before = member.role;
        member.role = role;
        auto set = store_.updateStaff(member);
        if (!set)
            return set;
        return store_.appendAudit(
            auditRow(options_.kioskId, now, by, "staff.role", fmt::format("staff {}", staffId),
                     std::string(roleName(before)), std::string(roleName(role))));
    });
}

Result<void> StaffService::setActive(std::string_view staffId, bool active, std::string_view by,
                                     Timestamp now) {
    return store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        storage::StaffMember member = *found;
        const bool before = member.active;
        member.active = active;
        auto set = store_.updateStaff(member);
        if (!set)
            return set;
        return store_.appendAudit(
            auditRow(options_.kioskId, now, by, active ? "staff.activate" : "staff.deactivate",
                     fmt::format("staff {}", staffId), before ? "active" : "inactive",
                     active ? "active" : "inactive"));
    });
}

Result<std::string> StaffService::issueBadge(std::string_view staffId, std::string_view by,
                                             Timestamp now) {
    const BadgeCode badge{std::string(staffId), newBadgeSecret()};
    auto done = store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        auto set = store_.setStaffBadgeHash(staffId, badgeSecretHash(badge.secret));
        if (!set)
            return set;
        return store_.appendAudit(auditRow(options_.kioskId, now, by, "staff.badge",
                                           fmt::format("staff {}: new badge issued", staffId),
                                           found->hasBadge ? "old badge" : "no badge",
                                           "new badge"));
    });
    if (!done)
        return done.error();
    return formatBadgeCode(badge);
}

Result<void> StaffService::setPermission(Role role, StaffAction action, bool allowed,
                                         std::string_view by, Timestamp now) {
    return store_.transaction([&]() -> Result<void> {
        auto table = store_.permissions();
        if (!table)
            return table.error();
        const bool before = table->allows(role, action);
        auto set = store_.setPermission(role, action, allowed);
        if (!set)
            return set;
        return store_.appendAudit(auditRow(options_.kioskId, now, by, "permission.change",
                                           fmt::format("{} {}", roleName(role), actionName(action)),
                                           before ? "allowed" : "denied",
                                           allowed ? "allowed" : "denied"));
    });
}

Result<storage::Shift> StaffService::clockIn(std::string_view staffId, Timestamp now) {
    storage::Shift shift;
    auto done = store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        if (!found->active)
            return makeError(ErrorCode::Conflict,
                             fmt::format("staff {} is switched off and cannot clock in", staffId));
        auto opened = store_.clockIn(staffId, options_.kioskId, now);
        if (!opened) {
            if (opened.error().code == ErrorCode::Conflict)
                return makeError(ErrorCode::Conflict,
                                 fmt::format("staff {} is already clocked in", staffId));
            return opened.error();
        }
        shift = *opened;
        return store_.appendAudit(auditRow(options_.kioskId, now, staffId, "shift.in",
                                           fmt::format("shift {}", shift.id)));
    });
    if (!done)
        return done.error();
    return shift;
}

Result<storage::Shift> StaffService::clockOut(std::string_view staffId, Timestamp now) {
    storage::Shift shift;
    auto done = store_.transaction([&]() -> Result<void> {
        auto found = existingMember(store_, staffId);
        if (!found)
            return found.error();
        auto closed = store_.clockOut(staffId, now);
        if (!closed) {
            if (closed.error().code == ErrorCode::NotFound)
                return makeError(ErrorCode::NotFound,
                                 fmt::format("staff {} is not clocked in", staffId));
            return closed.error();
        }
        shift = *closed;
        return store_.appendAudit(
            auditRow(options_.kioskId, now, staffId, "shift.out",
                     fmt::format("shift {}: {}", shift.id, minutesText(shift.end - shift.start))));
    });
    if (!done)
        return done.error();
    return shift;
}

}  // namespace kiosk::staff
