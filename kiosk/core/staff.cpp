// Roles, permissions, lockout, PIN rules and the codes staff scan. See staff.hpp.
#include "kiosk/core/staff.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace kiosk {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isLowerHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f');
}
char toLowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return toLowerAscii(x) == toLowerAscii(y);
           });
}
// Scanners end a code with CR/LF (keyboard wedges) and people type spaces: neither is data.
std::string_view trimAscii(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

constexpr size_t kBadgeSecretLength = 32;
constexpr size_t kSuspendCodeLength = 8;
constexpr size_t kMaxStaffIdLength = 32;
constexpr size_t kMinPinLength = 4;
constexpr size_t kMaxPinLength = 12;

constexpr uint8_t roleBit(Role role) {
    return static_cast<uint8_t>(1u << static_cast<unsigned>(role));
}
constexpr size_t actionIndex(StaffAction action) {
    return static_cast<size_t>(action);
}

}  // namespace

std::string_view roleName(Role role) {
    switch (role) {
        case Role::Attendant:
            return "attendant";
        case Role::Supervisor:
            return "supervisor";
        case Role::Manager:
            return "manager";
    }
    return "?";
}

std::optional<Role> parseRole(std::string_view name) {
    for (Role r : kAllRoles)
        if (roleName(r) == name)
            return r;
    return std::nullopt;
}

std::string_view actionName(StaffAction action) {
    switch (action) {
        case StaffAction::ApproveAge:
            return "approve-age";
        case StaffAction::VoidLine:
            return "void-line";
        case StaffAction::VoidPaidSale:
            return "void-paid-sale";
        case StaffAction::PriceOverride:
            return "price-override";
        case StaffAction::Discount:
            return "discount";
        case StaffAction::Refund:
            return "refund";
        case StaffAction::Reprint:
            return "reprint";
        case StaffAction::OpenDrawer:
            return "open-drawer";
        case StaffAction::CancelTransaction:
            return "cancel-transaction";
        case StaffAction::EndOfDay:
            return "end-of-day";
        case StaffAction::ManageStaff:
            return "manage-staff";
        case StaffAction::SuspendTransaction:
            return "suspend-transaction";
        case StaffAction::ApproveRemoval:
            return "approve-removal";
        case StaffAction::ClearLock:
            return "clear-lock";
    }
    return "?";
}

std::optional<StaffAction> parseAction(std::string_view name) {
    for (StaffAction a : kAllStaffActions)
        if (actionName(a) == name)
            return a;
    return std::nullopt;
}

bool PermissionTable::allows(Role role, StaffAction action) const {
    const size_t i = actionIndex(action);
    return i < allowed_.size() && (allowed_[i] & roleBit(role)) != 0;
}

void PermissionTable::set(Role role, StaffAction action, bool allowed) {
    const size_t i = actionIndex(action);
    if (i >= allowed_.size())
        return;
    if (allowed)
        allowed_[i] = static_cast<uint8_t>(allowed_[i] | roleBit(role));
    else
        allowed_[i] = static_cast<uint8_t>(allowed_[i] & ~roleBit(role));
}

std::optional<Role> PermissionTable::leastRole(StaffAction action) const {
    for (Role r : kAllRoles)
        if (allows(r, action))
            return r;
    return std::nullopt;
}

PermissionTable defaultPermissions() {
    PermissionTable t;
    constexpr StaffAction attendant[] = {
        StaffAction::ApproveAge,        StaffAction::VoidLine,
        StaffAction::CancelTransaction, StaffAction::SuspendTransaction,
        StaffAction::ApproveRemoval,    StaffAction::ClearLock,
        StaffAction::Reprint,
    };
    constexpr StaffAction supervisor[] = {
        StaffAction::PriceOverride, StaffAction::Discount,     StaffAction::OpenDrawer,
        StaffAction::Refund,        StaffAction::VoidPaidSale,
    };
    for (StaffAction a : attendant)
        for (Role r : kAllRoles)
            t.set(r, a, true);
    for (StaffAction a : supervisor) {
        t.set(Role::Supervisor, a, true);
        t.set(Role::Manager, a, true);
    }
    for (StaffAction a : kAllStaffActions)
        t.set(Role::Manager, a, true);
    return t;
}

Millis lockoutDuration(const LockoutPolicy& policy, int lockoutNumber) {
    if (lockoutNumber < 1 || policy.firstLockout <= 0 || policy.maxLockout <= 0)
        return 0;
    const Millis cap = policy.maxLockout;
    Millis d = std::min(policy.firstLockout, cap);
    if (policy.factor <= 1)
        return d;
    // Multiply step by step and stop at the cap: a large lockout count (an account attacked
    // for weeks) must not overflow into a short or negative lockout.
    for (int n = 1; n < lockoutNumber && d < cap; ++n) {
        if (d > cap / policy.factor)
            return cap;
        d *= policy.factor;
    }
    return std::min(d, cap);
}

Result<void> checkPinRules(std::string_view pin) {
    if (pin.size() < kMinPinLength || pin.size() > kMaxPinLength)
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("a PIN has {} to {} digits (this one has {} characters)",
                                     kMinPinLength, kMaxPinLength, pin.size()));
    if (!std::all_of(pin.begin(), pin.end(), isDigit))
        return makeError(ErrorCode::InvalidArgument, "a PIN has digits only (0-9)");
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin.front(); }))
        return makeError(ErrorCode::InvalidArgument,
                         "a PIN of one digit repeated is too easy to guess");
    for (int step : {1, -1}) {
        bool run = true;
        for (size_t i = 1; i < pin.size() && run; ++i)
            run = pin[i] - pin[i - 1] == step;
        if (run)
            return makeError(ErrorCode::InvalidArgument,
                             fmt::format("a PIN of consecutive digits ({}) is too easy to guess",
                                         step > 0 ? "counting up" : "counting down"));
    }
    return {};
}

// A keyboard-wedge scanner with Caps Lock on flips the case of every letter, so the prefix and
// the secret's hex digits are read case-insensitively and the secret is normalised to lower
// case (the stored hash is of the lower-case form). The staff id is kept as scanned: a flipped
// id with letters will not match an account, which the sign-in reports as an unknown badge.
std::optional<BadgeCode> parseBadgeCode(std::string_view scanned) {
    scanned = trimAscii(scanned);
    if (scanned.size() < kBadgePrefix.size() ||
        !equalsIgnoreCase(scanned.substr(0, kBadgePrefix.size()), kBadgePrefix))
        return std::nullopt;
    std::string_view rest = scanned.substr(kBadgePrefix.size());
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    std::string_view id = rest.substr(0, colon);
    std::string_view secret = rest.substr(colon + 1);
    if (!validStaffId(id) || secret.size() != kBadgeSecretLength)
        return std::nullopt;
    BadgeCode badge{std::string(id), std::string()};
    badge.secret.reserve(secret.size());
    for (char c : secret) {
        const char lower = toLowerAscii(c);
        if (!isLowerHex(lower))
            return std::nullopt;
        badge.secret.push_back(lower);
    }
    return badge;
}

std::string formatBadgeCode(const BadgeCode& badge) {
    return fmt::format("{}{}:{}", kBadgePrefix, badge.staffId, badge.secret);
}

bool validSuspendCode(std::string_view code) {
    return code.size() == kSuspendCodeLength && std::all_of(code.begin(), code.end(), isDigit);
}

std::optional<std::string> parseSuspendCode(std::string_view scannedOrTyped) {
    std::string_view s = trimAscii(scannedOrTyped);
    if (s.size() >= kSuspendPrefix.size() &&
        equalsIgnoreCase(s.substr(0, kSuspendPrefix.size()), kSuspendPrefix))
        s.remove_prefix(kSuspendPrefix.size());
    if (!validSuspendCode(s))
        return std::nullopt;
    return std::string(s);
}

std::string formatSuspendSlip(std::string_view code) {
    return fmt::format("{}{}", kSuspendPrefix, code);
}

bool validStaffId(std::string_view id) {
    if (id.empty() || id.size() > kMaxStaffIdLength)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
               c == '_' || c == '-';
    });
}

ReasonCodes defaultReasonCodes() {
    ReasonCodes r;
    r.voids = {
        {"scan-error", "Scanned by mistake"},
        {"changed-mind", "Shopper changed their mind"},
        {"damaged", "Damaged item"},
        {"price-dispute", "Price dispute"},
        {"other", "Other"},
    };
    r.overrides = {
        {"shelf-price", "Shelf price differs"},
        {"damaged", "Damaged item"},
        {"price-match", "Price match"},
        {"missing-price", "No price in the catalogue"},
        {"other", "Other"},
    };
    r.discounts = {
        {"damaged", "Damaged item"}, {"short-dated", "Short-dated"},
        {"goodwill", "Goodwill"},    {"staff", "Staff discount"},
        {"other", "Other"},
    };
    r.cancels = {
        {"shopper-left", "Shopper left"},
        {"changed-mind", "Shopper changed their mind"},
        {"payment-problem", "Payment problem"},
        {"suspicious", "Suspicious"},
        {"other", "Other"},
    };
    return r;
}

bool hasReason(const std::vector<ReasonCode>& list, std::string_view code) {
    return !code.empty() && std::any_of(list.begin(), list.end(),
                                        [&](const ReasonCode& r) { return r.code == code; });
}

}  // namespace kiosk
