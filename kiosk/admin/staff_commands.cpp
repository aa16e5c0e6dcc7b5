// kasir-admin staff, audit, verify-audit and suspended. No SQL here: the store and the staff
// service do the work; this file parses, prints and audits as the unix user.
#include "kiosk/admin/staff_commands.hpp"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "kiosk/admin/badge_svg.hpp"
#include "kiosk/admin/text_table.hpp"
#include "kiosk/staff/staff_reports.hpp"
#include "kiosk/staff/staff_service.hpp"

namespace kiosk::admin {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kDayMs = 86'400'000;

Timestamp nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Who the audit log names for kasir-admin: it runs with file access to the database, so it
// checks no permission, but the log still says which account did it.
struct StaffEnv {
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<staff::StaffService> service;
    std::string by;
    int utcOffsetMinutes = 0;
    std::string storeName;
};

Result<StaffEnv> openStaff(Context& context) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return store.error();
    StaffEnv env;
    env.store = std::move(*store);
    env.by = adminActor();
    staff::StaffServiceOptions options;
    options.kioskId = env.by;
    // The configuration's lockout policy and PIN cost when one was chosen with --config (or
    // is the database's own, without --db); the defaults otherwise: the demo's configuration
    // must not set the PIN cost of a store's database named with --db.
    const bool configChosen =
        !context.databaseGiven() || context.configPath() != defaultConfigPath();
    if (auto config = configChosen ? context.config() : Result<const config::Config*>(nullptr);
        config && *config) {
        options.lockout = (*config)->staff.lockout;
        if ((*config)->staff.pinCost == "minimum")
            options.cost = staff::HashCost::minimum();
    }
    env.service = std::make_unique<staff::StaffService>(*env.store, options);
    auto offset = env.store->setting("store.utc_offset_minutes");
    if (!offset)
        return offset.error();
    if (*offset)
        env.utcOffsetMinutes = std::atoi((*offset)->c_str());
    auto name = env.store->setting("store.name");
    if (!name)
        return name.error();
    env.storeName = name->value_or("");
    return env;
}

std::string localTime(Timestamp at, int utcOffsetMinutes) {
    using namespace std::chrono;
    const sys_time<milliseconds> local{milliseconds{at + int64_t{utcOffsetMinutes} * 60'000}};
    const auto day = floor<days>(local);
    const year_month_day date{day};
    const hh_mm_ss time{floor<seconds>(local - day)};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::string duration(Millis ms) {
    const int64_t seconds = ms / 1000;
    if (seconds < 60)
        return fmt::format("{}.{}s", seconds, (ms % 1000) / 100);
    if (seconds < 3600)
        return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
    return fmt::format("{}h{:02}m", seconds / 3600, (seconds % 3600) / 60);
}

// YYYY-MM-DD as days since 1970-01-01.
Result<int64_t> parseDate(const std::string& text, const char* what) {
    using namespace std::chrono;
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3;
    const year_month_day date{year{y}, month{m}, day{d}};
    if (!shaped || !date.ok())
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("{} '{}' is not a date (YYYY-MM-DD)", what, text));
    return static_cast<int64_t>(sys_days{date}.time_since_epoch().count());
}

struct Period {
    Timestamp from = 0;
    Timestamp to = 0;
};

// Both dates included, local midnight to local midnight.
Result<Period> localPeriod(const std::string& from, const std::string& to, int offsetMinutes) {
    auto first = parseDate(from, "--from");
    if (!first)
        return first.error();
    auto last = parseDate(to, "--to");
    if (!last)
        return last.error();
    if (*last < *first)
        return makeError(ErrorCode::InvalidArgument,
                         fmt::format("--to {} is before --from {}", to, from));
    const int64_t offset = int64_t{offsetMinutes} * 60'000;
    return Period{*first * kDayMs - offset, (*last + 1) * kDayMs - offset};
}

Result<Role> roleArg(const std::string& name) {
    if (auto role = parseRole(name))
        return *role;
    return makeError(ErrorCode::InvalidArgument,
                     fmt::format("'{}' is not a role: attendant, supervisor or manager", name));
}

Result<StaffAction> actionArg(const std::string& name) {
    if (auto action = parseAction(name))
        return *action;
    std::string names;
    for (StaffAction a : kAllStaffActions)
        names += (names.empty() ? "" : ", ") + std::string(actionName(a));
    return makeError(ErrorCode::InvalidArgument,
                     fmt::format("'{}' is not an action: {}", name, names));
}

// One line from stdin; on a terminal without echo, asked with `prompt` on stderr.
Result<std::string> readSecretLine(const char* prompt) {
    const bool tty = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        if (tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << "\n";
    }
    if (!got)
        return makeError(ErrorCode::InvalidArgument,
                         "no PIN on stdin (type it, or pipe it: printf '%s\\n' \"$PIN\" | "
                         "kasir-admin ...)");
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

Result<std::string> readPin(bool confirm) {
    auto pin = readSecretLine("New PIN: ");
    if (!pin)
        return pin;
    if (auto ok = checkPinRules(*pin); !ok)
        return ok.error();
    if (confirm && isatty(STDIN_FILENO) == 1) {
        auto again = readSecretLine("The PIN again: ");
        if (!again)
            return again;
        if (*again != *pin)
            return makeError(ErrorCode::InvalidArgument, "the two PINs differ; nothing changed");
    }
    return pin;
}

std::string yesNo(bool b) {
    return b ? "yes" : "no";
}

// `secret`: only the owner may read it (a badge's text or QR code signs its holder in).
Result<void> writeFile(const std::string& path, const std::string& text, bool secret = false) {
    if (auto parent = fs::path(path).parent_path(); !parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec)
            return makeError(ErrorCode::Io, parent.string() + ": cannot create: " + ec.message());
    }
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            const int err = errno;
            return makeError(ErrorCode::Io, path + ": cannot write: " + std::strerror(err));
        }
        if (secret) {
            // Before the text goes in, whatever the umask (0644 by default) would allow.
            std::error_code ec;
            fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write,
                            fs::perm_options::replace, ec);
            if (ec) {
                out.close();
                std::remove(temporary.c_str());
                return makeError(ErrorCode::Io, path + ": cannot make it private: " + ec.message());
            }
        }
        out << text;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            return makeError(ErrorCode::Io, path + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        return makeError(ErrorCode::Io, path + ": cannot replace: " + ec.message());
    }
    return {};
}

// Issues a badge and writes its card; `textFile` (optional) gets the badge text.
Result<void> writeBadge(StaffEnv& env, const storage::StaffMember& member,
                        const std::string& svgFile, const std::string& textFile) {
    auto text = env.service->issueBadge(member.id, env.by, nowMs());
    if (!text)
        return text.error();
    auto svg = badgeSvg(BadgeCard{env.storeName, member.name, std::string(roleName(member.role)),
                                  member.id, *text});
    if (!svg)
        return svg.error();
    if (auto written = writeFile(svgFile, *svg, true); !written)
        return makeError(written.error().code,
                         written.error().message +
                             " (the new badge is issued: the old one no longer works; run the "
                             "command again to print another)");
    if (!textFile.empty())
        if (auto written = writeFile(textFile, *text + "\n", true); !written)
            return written;
    return {};
}

Result<storage::StaffMember> memberArg(storage::Store& store, const std::string& id) {
    auto found = store.staffMember(id);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(
            ErrorCode::NotFound,
            fmt::format("no staff member '{}' (kasir-admin staff list shows them)", id));
    return **found;
}

}  // namespace

std::string adminActor() {
    if (const passwd* user = getpwuid(geteuid()); user != nullptr && user->pw_name != nullptr)
        return std::string("admin:") + user->pw_name;
    if (const char* name = std::getenv("USER"); name != nullptr && *name != '\0')
        return std::string("admin:") + name;
    return "admin:uid" + std::to_string(geteuid());
}

int runStaffAdd(Context& context, const std::string& id, const std::string& name,
                const std::string& roleName_) {
    auto role = roleArg(roleName_);
    if (!role)
        return context.fail(role.error());
    if (!validStaffId(id))
        return context.fail(fmt::format(
            "'{}' is not a staff id: use 1 to 32 letters, digits, '.', '_' or '-'", id));
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto pin = readPin(true);
    if (!pin)
        return context.fail(pin.error());
    storage::StaffMember member;
    member.id = id;
    member.name = name;
    member.role = *role;
    auto added = env->service->addMember(member, *pin, env->by, nowMs());
    if (!added)
        return context.fail(added.error());
    context.out() << "added staff " << id << " (" << name << ", " << kiosk::roleName(*role)
                  << ")\n";
    return kExitOk;
}

int runStaffList(Context& context, bool includeInactive) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto members = env->store->staffMembers(includeInactive);
    if (!members)
        return context.fail(members.error());
    if (members->empty()) {
        context.out() << "no staff (kasir-admin staff add creates one)\n";
        return kExitOk;
    }
    const Timestamp now = nowMs();
    TextTable table({"ID", "NAME", "ROLE", "ACTIVE", "LOCKED UNTIL", "BADGE", "CLOCKED IN"});
    for (const auto& member : *members) {
        auto shift = env->store->openShift(member.id);
        if (!shift)
            return context.fail(shift.error());
        table.addRow(
            {member.id, member.name, std::string(roleName(member.role)), yesNo(member.active),
             member.lockedUntil > now ? localTime(member.lockedUntil, env->utcOffsetMinutes) : "",
             yesNo(member.hasBadge),
             *shift ? "since " + localTime((*shift)->start, env->utcOffsetMinutes) : ""});
    }
    context.out() << table.render();
    return kExitOk;
}

int runStaffSetRole(Context& context, const std::string& id, const std::string& roleText) {
    auto role = roleArg(roleText);
    if (!role)
        return context.fail(role.error());
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    if (auto set = env->service->setRole(id, *role, env->by, nowMs()); !set)
        return context.fail(set.error());
    context.out() << "staff " << id << " is now " << roleName(*role) << "\n";
    return kExitOk;
}

int runStaffSetActive(Context& context, const std::string& id, bool active) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    if (auto set = env->service->setActive(id, active, env->by, nowMs()); !set)
        return context.fail(set.error());
    context.out() << "staff " << id << (active ? " can sign in again\n" : " is switched off\n");
    return kExitOk;
}

int runStaffResetPin(Context& context, const std::string& id) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    if (auto member = memberArg(*env->store, id); !member)
        return context.fail(member.error());
    auto pin = readPin(true);
    if (!pin)
        return context.fail(pin.error());
    if (auto set = env->service->resetPin(id, *pin, env->by, nowMs()); !set)
        return context.fail(set.error());
    context.out() << "staff " << id << ": new PIN set, lockouts cleared\n";
    return kExitOk;
}

int runStaffUnlock(Context& context, const std::string& id) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    if (auto set = env->service->unlock(id, env->by, nowMs()); !set)
        return context.fail(set.error());
    context.out() << "staff " << id << ": unlocked, wrong-PIN and lockout counts cleared\n";
    return kExitOk;
}

int runStaffBadge(Context& context, const std::string& id, const std::string& outFile,
                  const std::string& textFile) {
    if (outFile.empty())
        return context.fail("--out FILE.svg is required: where to write the badge card");
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto member = memberArg(*env->store, id);
    if (!member)
        return context.fail(member.error());
    if (auto written = writeBadge(*env, *member, outFile, textFile); !written)
        return context.fail(written.error());
    context.out() << "staff " << id << ": new badge written to " << outFile
                  << " (any older badge no longer works)\n";
    return kExitOk;
}

int runStaffPermissions(Context& context) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto table = env->store->permissions();
    if (!table)
        return context.fail(table.error());
    const PermissionTable defaults = defaultPermissions();
    std::vector<std::string> headers{"ACTION"};
    for (Role role : kAllRoles)
        headers.emplace_back(roleName(role));
    TextTable text(headers);
    bool changed = false;
    for (StaffAction action : kAllStaffActions) {
        std::vector<std::string> row{std::string(actionName(action))};
        for (Role role : kAllRoles) {
            const bool allowed = table->allows(role, action);
            const bool differs = allowed != defaults.allows(role, action);
            changed = changed || differs;
            row.push_back(std::string(allowed ? "yes" : "-") + (differs ? " *" : ""));
        }
        text.addRow(row);
    }
    context.out() << text.render();
    if (changed)
        context.out() << "* differs from the default\n";
    return kExitOk;
}

int runStaffPermit(Context& context, const std::string& roleText, const std::string& actionText,
                   bool allowed) {
    auto role = roleArg(roleText);
    if (!role)
        return context.fail(role.error());
    auto action = actionArg(actionText);
    if (!action)
        return context.fail(action.error());
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    if (auto set = env->service->setPermission(*role, *action, allowed, env->by, nowMs()); !set)
        return context.fail(set.error());
    context.out() << roleName(*role) << (allowed ? " may now " : " may no longer ")
                  << actionName(*action) << "\n";
    return kExitOk;
}

int runStaffClock(Context& context, const std::string& id, bool in) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    const Timestamp now = nowMs();
    auto shift = in ? env->service->clockIn(id, now) : env->service->clockOut(id, now);
    if (!shift)
        return context.fail(shift.error());
    if (in)
        context.out() << "staff " << id << " clocked in at "
                      << localTime(shift->start, env->utcOffsetMinutes) << "\n";
    else
        context.out() << "staff " << id << " clocked out at "
                      << localTime(shift->end, env->utcOffsetMinutes) << " after "
                      << duration(shift->end - shift->start) << "\n";
    return kExitOk;
}

int runStaffHours(Context& context, const std::string& from, const std::string& to,
                  const std::string& csvFile) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto period = localPeriod(from, to, env->utcOffsetMinutes);
    if (!period)
        return context.fail(period.error());
    auto shifts = env->store->shifts(period->from, period->to);
    if (!shifts)
        return context.fail(shifts.error());
    auto members = env->store->staffMembers(true);
    if (!members)
        return context.fail(members.error());
    const auto hours =
        staff::hoursPerDay(*shifts, period->from, period->to, nowMs(), env->utcOffsetMinutes);
    if (!csvFile.empty()) {
        const std::string csv = staff::hoursCsv(hours, *members);
        if (csvFile == "-") {
            context.out() << csv;
            return kExitOk;
        }
        if (auto written = writeFile(csvFile, csv); !written)
            return context.fail(written.error());
        context.out() << hours.size() << " rows (staff member x day) written to " << csvFile
                      << "\n";
        return kExitOk;
    }
    if (hours.empty()) {
        context.out() << "no shifts from " << from << " to " << to << "\n";
        return kExitOk;
    }
    TextTable table({"DATE", "ID", "NAME", ">HOURS", "OPEN"});
    for (const auto& day : hours) {
        std::string name;
        for (const auto& member : *members)
            if (member.id == day.staffId)
                name = member.name;
        table.addRow({day.date, day.staffId, name,
                      fmt::format("{}:{:02}", day.minutes / 60, day.minutes % 60),
                      day.open ? "still clocked in" : ""});
    }
    context.out() << table.render();
    return kExitOk;
}

int runStaffReport(Context& context, const std::string& from, const std::string& to) {
    auto env = openStaff(context);
    if (!env)
        return context.fail(env.error());
    auto period = localPeriod(from, to, env->utcOffsetMinutes);
    if (!period)
        return context.fail(period.error());
    auto records = env->store->interventions(period->from, period->to);
    if (!records)
        return context.fail(records.error());
    storage::AuditFilter filter;
    filter.from = period->from;
    filter.to = period->to;
    filter.limit = INT32_MAX;
    auto audit = env->store->audit(filter);
    if (!audit)
        return context.fail(audit.error());
    auto members = env->store->staffMembers(true);
    if (!members)
        return context.fail(members.error());
    const auto figures = staff::performance(*records, *audit);
    if (figures.empty()) {
        context.out() << "no staff activity from " << from << " to " << to << "\n";
        return kExitOk;
    }
    TextTable table({"ID", "NAME", ">CLEARED", ">MEDIAN", ">MAX", ">AGE CHECKS", ">VOIDS",
                     ">OVERRIDES", ">DISCOUNTS", ">CANCELS", ">PIN FAILURES"});
    for (const auto& row : figures) {
        std::string name;
        for (const auto& member : *members)
            if (member.id == row.staffId)
                name = member.name;
        const bool any = row.interventionsCleared > 0;
        table.addRow({row.staffId, name, std::to_string(row.interventionsCleared),
                      any ? duration(row.medianClearMs) : "", any ? duration(row.maxClearMs) : "",
                      std::to_string(row.ageChecks), std::to_string(row.voids),
                      std::to_string(row.priceOverrides), std::to_string(row.discounts),
                      std::to_string(row.cancels), std::to_string(row.signInFailures)});
    }
    context.out() << table.render();
    context.out() << "MEDIAN and MAX: time from a lock being raised to its clearing\n";
    return kExitOk;
}

int runAudit(Context& context, int limit, const std::string& staffId, const std::string& action) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    int offset = 0;
    if (auto text = (*store)->setting("store.utc_offset_minutes"); text && *text)
        offset = std::atoi((*text)->c_str());
    storage::AuditFilter filter;
    filter.staffId = staffId;
    filter.action = action;
    filter.limit = limit > 0 ? limit : INT32_MAX;
    auto rows = (*store)->audit(filter);
    if (!rows)
        return context.fail(rows.error());
    if (rows->empty()) {
        context.out() << "no audit rows match\n";
        return kExitOk;
    }
    TextTable table(
        {">SEQ", "TIME", "KIOSK", "STAFF", "ACTION", "DETAILS", "BEFORE", "AFTER", "SALE"});
    for (const auto& row : *rows)
        table.addRow({std::to_string(row.seq), localTime(row.at, offset), row.kioskId, row.staffId,
                      row.action, row.details, row.before, row.after, row.saleUuid});
    context.out() << table.render(60);
    return kExitOk;
}

int runVerifyAudit(Context& context) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    const bool tty = isatty(STDERR_FILENO) == 1;
    auto lastShown = std::chrono::steady_clock::now();
    bool shown = false;
    const auto progress = [&](int64_t done) {
        if (!tty)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (now - lastShown < std::chrono::milliseconds(200))
            return;
        lastShown = now;
        shown = true;
        context.err() << "\rverifying the audit log: " << done << " rows" << std::flush;
    };
    auto check = (*store)->verifyAudit(progress);
    if (shown)
        context.err() << "\r\033[K" << std::flush;
    if (!check)
        return context.fail(check.error());
    if (check->ok) {
        context.out() << "audit OK: " << check->rowsChecked << " rows\n";
        return kExitOk;
    }
    context.out() << "audit BROKEN at row " << check->firstBadSeq << ": " << check->why << "\n";
    return kExitFailed;
}

int runSuspended(Context& context, bool includeResumed) {
    auto store = context.openStore(storage::OpenMode::MustExist);
    if (!store)
        return context.fail(store.error());
    int offset = 0;
    if (auto text = (*store)->setting("store.utc_offset_minutes"); text && *text)
        offset = std::atoi((*text)->c_str());
    auto carts = (*store)->suspendedCarts(includeResumed);
    if (!carts)
        return context.fail(carts.error());
    if (carts->empty()) {
        context.out() << (includeResumed ? "no suspended transactions\n"
                                         : "no suspended transaction is waiting\n");
        return kExitOk;
    }
    TextTable table({"CODE", "KIOSK", "STAFF", "SUSPENDED", ">LINES", "SALE", "RESUMED"});
    for (const auto& s : *carts)
        table.addRow({s.code, s.kioskId, s.staffId, localTime(s.suspendedAt, offset),
                      std::to_string(s.cart.cart.lines().size()), s.cart.saleUuid,
                      s.resumedAt ? localTime(s.resumedAt, offset) + " on " + s.resumedKiosk : ""});
    context.out() << table.render();
    return kExitOk;
}

Result<void> seedDemoStaff(storage::Store& store, const std::string& badgeDir,
                           const std::string& storeName, Context& context) {
    const std::string by = adminActor();
    staff::StaffServiceOptions options;
    options.kioskId = by;
    if (auto config = context.config(); config) {
        options.lockout = (*config)->staff.lockout;
        if ((*config)->staff.pinCost == "minimum")
            options.cost = staff::HashCost::minimum();
    }
    staff::StaffService service(store, options);
    struct Demo {
        const char* id;
        const char* name;
        Role role;
        const char* pin;
    };
    static constexpr Demo kDemo[] = {{"1", "Ana", Role::Attendant, "1357"},
                                     {"2", "Budi", Role::Supervisor, "2468"},
                                     {"3", "Citra", Role::Manager, "8024"}};
    const Timestamp now = nowMs();
    for (const auto& demo : kDemo) {
        storage::StaffMember member;
        member.id = demo.id;
        member.name = demo.name;
        member.role = demo.role;
        if (auto added = service.addMember(member, demo.pin, by, now); !added)
            return added;
        auto text = service.issueBadge(member.id, by, now);
        if (!text)
            return text.error();
        auto svg = badgeSvg(BadgeCard{storeName, member.name, std::string(roleName(member.role)),
                                      member.id, *text});
        if (!svg)
            return svg.error();
        const fs::path dir(badgeDir);
        if (auto written = writeFile((dir / (member.id + ".svg")).string(), *svg, true); !written)
            return written;
        if (auto written = writeFile((dir / (member.id + ".txt")).string(), *text + "\n", true);
            !written)
            return written;
    }
    return {};
}

}  // namespace kiosk::admin
