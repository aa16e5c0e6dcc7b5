// Staff sign-in, accounts, badges and shifts over the store: Argon2id PIN hashes (libsodium),
// the lockout policy, and an audit row for every sign-in, failure, lockout and change.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/core/time.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::staff {

// Argon2id (crypto_pwhash_str). The cost is the library's "interactive" level by default;
// tests pass the minimum so thousands of hashes stay fast.
struct HashCost {
    unsigned long long opsLimit = 0;  // 0: crypto_pwhash_OPSLIMIT_INTERACTIVE
    size_t memLimit = 0;              // 0: crypto_pwhash_MEMLIMIT_INTERACTIVE
    static HashCost minimum();        // crypto_pwhash_*_MIN: for tests only
};
Result<std::string> hashPin(std::string_view pin, const HashCost& cost = {});
bool verifyPin(std::string_view hash, std::string_view pin);
// A fresh badge secret (32 hex digits from libsodium's CSPRNG) and the hash kept of it.
std::string newBadgeSecret();
std::string badgeSecretHash(std::string_view secret);
// 8 random digits for a suspended transaction.
std::string newSuspendCode();

// Who is signed in on a kiosk's attendant panel.
struct Session {
    std::string staffId;
    std::string name;
    Role role = Role::Attendant;
    std::string method;  // "pin" or "badge"
    Timestamp since = 0;
    friend bool operator==(const Session&, const Session&) = default;
};

enum class SignInProblem {
    UnknownOrWrong,  // unknown id or wrong PIN: the same words for both (no id probing)
    LockedOut,       // too many wrong PINs; `until` says when it opens again
    Inactive,        // the account is switched off
    BadBadge,        // not a badge, an old badge, or a badge of an unknown member
    Storage,         // the store failed; `message` says how
};
struct SignInFailure {
    SignInProblem problem = SignInProblem::UnknownOrWrong;
    Timestamp until = 0;   // LockedOut: when the account opens again
    int failuresLeft = 0;  // UnknownOrWrong on a known account: wrong PINs before a lockout
    std::string message;   // plain English for the log and the attendant
};
// Either a session or why not.
struct SignInResult {
    std::optional<Session> session;
    SignInFailure failure;
    bool ok() const { return session.has_value(); }
};

struct StaffServiceOptions {
    LockoutPolicy lockout;
    HashCost cost;
    std::string kioskId;  // recorded in every audit row
};

// One per process; uses the Store from one thread at a time (the caller's storage thread).
// Every call that changes something appends its audit row in the same transaction.
class StaffService {
  public:
    StaffService(storage::Store& store, StaffServiceOptions options);

    // PIN sign-in: a locked account is refused without checking the PIN (and the attempt is
    // audited); a wrong PIN counts towards the lockout. Slow on purpose (Argon2id): call it off
    // the UI thread.
    SignInResult signInWithPin(std::string_view staffId, std::string_view pin, Timestamp now);
    // Badge sign-in: the scanned text of a badge QR code.
    SignInResult signInWithBadge(std::string_view scanned, Timestamp now);
    // Audited "staff.signout" with why ("idle", "left", "kiosk closed").
    Result<void> signOut(const Session& session, std::string_view why, Timestamp now);

    // Whether the member's role may do `action` under the store's table. The table and the
    // member (role, active) are read each call, not taken from the session: another kiosk or
    // kasir-admin may change them. A refusal is audited as "permission.denied".
    Result<bool> authorize(const Session& session, StaffAction action, Timestamp now);

    // --- accounts (callers check ManageStaff; kasir-admin runs as the store's owner) ---
    // `by` is who does it (a staff id, or "admin:<unix user>" for kasir-admin).
    Result<void> addMember(const storage::StaffMember& member, std::string_view pin,
                           std::string_view by, Timestamp now);
    Result<void> resetPin(std::string_view staffId, std::string_view pin, std::string_view by,
                          Timestamp now);
    Result<void> unlock(std::string_view staffId, std::string_view by, Timestamp now);
    Result<void> setRole(std::string_view staffId, Role role, std::string_view by, Timestamp now);
    Result<void> setActive(std::string_view staffId, bool active, std::string_view by,
                           Timestamp now);
    // A new badge (the old one stops working): returns the text to print as a QR code.
    Result<std::string> issueBadge(std::string_view staffId, std::string_view by, Timestamp now);
    Result<void> setPermission(Role role, StaffAction action, bool allowed, std::string_view by,
                               Timestamp now);

    // --- shifts (audited "shift.in" / "shift.out") ---
    Result<storage::Shift> clockIn(std::string_view staffId, Timestamp now);
    Result<storage::Shift> clockOut(std::string_view staffId, Timestamp now);

  private:
    storage::Store& store_;
    StaffServiceOptions options_;
};

}  // namespace kiosk::staff
