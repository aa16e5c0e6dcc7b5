// Staff roles, the permission table, the PIN lockout policy and the codes staff scan (badges,
// suspended-transaction slips). Pure: no clock, no hashing, no database (kiosk/staff does those).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk {

// Ordered by reach: a manager can do what the store lets a supervisor do, and more.
enum class Role { Attendant, Supervisor, Manager };
inline constexpr std::array kAllRoles{Role::Attendant, Role::Supervisor, Role::Manager};

// Every action a permission guards. Names (actionName) are stable: the database and the
// admin tool use them.
enum class StaffAction {
    ApproveAge,          // "approve-age": approve or refuse an age check
    VoidLine,            // "void-line"
    VoidPaidSale,        // "void-paid-sale": reverse a completed sale's payments (kasir-admin)
    PriceOverride,       // "price-override"
    Discount,            // "discount": a percentage off a line
    Refund,              // "refund" (kasir-admin refund)
    Reprint,             // "reprint": print a receipt again
    OpenDrawer,          // "open-drawer"
    CancelTransaction,   // "cancel-transaction"
    EndOfDay,            // "end-of-day"
    ManageStaff,         // "manage-staff": accounts, PINs, badges, permissions
    SuspendTransaction,  // "suspend-transaction"
    ApproveRemoval,      // "approve-removal": a removal the store's policy protects
    ClearLock,           // "clear-lock": help, unknown item, price check, device and payment locks
};
inline constexpr std::array kAllStaffActions{
    StaffAction::ApproveAge,     StaffAction::VoidLine,    StaffAction::VoidPaidSale,
    StaffAction::PriceOverride,  StaffAction::Discount,    StaffAction::Refund,
    StaffAction::Reprint,        StaffAction::OpenDrawer,  StaffAction::CancelTransaction,
    StaffAction::EndOfDay,       StaffAction::ManageStaff, StaffAction::SuspendTransaction,
    StaffAction::ApproveRemoval, StaffAction::ClearLock,
};

std::string_view roleName(Role role);  // "attendant", "supervisor", "manager"
std::optional<Role> parseRole(std::string_view name);
std::string_view actionName(StaffAction action);  // "approve-age", ...
std::optional<StaffAction> parseAction(std::string_view name);

// Which roles may do which action. The store changes it (kasir-admin staff permit/deny); the
// defaults are documented in defaultPermissions() and docs.
class PermissionTable {
  public:
    bool allows(Role role, StaffAction action) const;
    void set(Role role, StaffAction action, bool allowed);
    // The least role that may do `action`, for the "needs a supervisor" hint; nullopt: nobody.
    std::optional<Role> leastRole(StaffAction action) const;
    friend bool operator==(const PermissionTable&, const PermissionTable&) = default;

  private:
    // bit (role) of allowed_[action]
    std::array<uint8_t, kAllStaffActions.size()> allowed_{};
};

// Attendant: approve-age, void-line, cancel-transaction, suspend-transaction, approve-removal,
// clear-lock, reprint. Supervisor: those plus price-override, discount, open-drawer, refund,
// void-paid-sale. Manager: everything (plus end-of-day, manage-staff).
PermissionTable defaultPermissions();

// 5 wrong PINs in a row lock the account; each lockout lasts longer than the one before:
// firstLockout * factor^(n-1), at most maxLockout. A right PIN resets the run of failures;
// only a manager (kasir-admin staff unlock / reset-pin) resets the lockout count.
struct LockoutPolicy {
    int maxFailures = 5;
    Millis firstLockout = 60'000;          // 1 min
    int factor = 4;                        // 1, 4, 16, 64 min ...
    Millis maxLockout = 24 * 3'600'000LL;  // a day
};
// How long the n-th lockout (n >= 1) lasts.
Millis lockoutDuration(const LockoutPolicy& policy, int lockoutNumber);

// A PIN is 4 to 12 digits and not trivially guessable: not one digit repeated ("1111") and
// not a run up or down ("1234", "9876"). The error says why in plain words.
Result<void> checkPinRules(std::string_view pin);

// What a staff badge's barcode (a QR code) carries: "KASIR-STAFF:<staff id>:<secret>" where the
// secret is 32 lowercase hex digits. Only a hash of the secret is stored; issuing a new badge
// makes the old one worthless.
struct BadgeCode {
    std::string staffId;
    std::string secret;
    friend bool operator==(const BadgeCode&, const BadgeCode&) = default;
};
inline constexpr std::string_view kBadgePrefix = "KASIR-STAFF:";
// Leading/trailing spaces and CR/LF (a keyboard-wedge scanner's Enter) are ignored; the prefix
// is read ignoring case and upper-case hex is normalised to lower case (a hand scanner with
// Caps Lock on flips letters); the staff id is kept as scanned. Anything else: nullopt.
std::optional<BadgeCode> parseBadgeCode(std::string_view scanned);
std::string formatBadgeCode(const BadgeCode& badge);

// A suspended transaction's code: 8 digits that the shopper is shown (and that the slip
// carries as "KASIR-SUSPENDED:<8 digits>" in a QR code). Typing the 8 digits or scanning the slip
// resumes it. The app draws the digits from a random source; the core checks the shape.
inline constexpr std::string_view kSuspendPrefix = "KASIR-SUSPENDED:";
bool validSuspendCode(std::string_view code);
// The 8 digits from a scanned slip ("KASIR-SUSPENDED:12345678", prefix in any case) or typed
// digits, spaces and CR/LF around ignored; nullopt else.
std::optional<std::string> parseSuspendCode(std::string_view scannedOrTyped);
std::string formatSuspendSlip(std::string_view code);

// Staff id: 1 to 32 of letters, digits, '.', '_', '-' (it is also typed on the kiosk keypad
// when it is all digits).
bool validStaffId(std::string_view id);

// Reason codes for voids, price overrides and discounts: the store's list (config), each a
// short code ("damaged") with a label for the attendant panel.
struct ReasonCode {
    std::string code;
    std::string label;
    friend bool operator==(const ReasonCode&, const ReasonCode&) = default;
};
struct ReasonCodes {
    std::vector<ReasonCode> voids;
    std::vector<ReasonCode> overrides;
    std::vector<ReasonCode> discounts;
    std::vector<ReasonCode> cancels;
    friend bool operator==(const ReasonCodes&, const ReasonCodes&) = default;
};
// The defaults (documented in docs/staff.md).
ReasonCodes defaultReasonCodes();
bool hasReason(const std::vector<ReasonCode>& list, std::string_view code);

}  // namespace kiosk
