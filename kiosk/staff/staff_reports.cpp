// Hours per day and per-staff performance: pure arithmetic over shift, intervention and audit
// rows (the callers read them from the store).
#include "kiosk/staff/staff_reports.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace kiosk::staff {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMinuteMs = 60'000;
constexpr Timestamp kLast = 253'402'300'800'000;  // 10000-01-01 00:00 UTC

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// Days since 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil_from_days).
std::string civilDate(int64_t days) {
    days += 719468;
    const int64_t era = floorDiv(days, 146097);
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t year = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    if (month <= 2)
        ++year;
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

// RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula
// ("=HYPERLINK(...)" as a staff name).
std::string csvField(std::string_view text) {
    std::string value(text);
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                           value[0] == '@' || value[0] == '\t' || value[0] == '\r'))
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

Millis median(std::vector<Millis> values) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    if (values.size() % 2 == 1)
        return values[mid];
    // The two middle values' mean without overflowing.
    return values[mid - 1] + (values[mid] - values[mid - 1]) / 2;
}

// Who counts as staff in a report: not the system, not kasir-admin ("admin:<user>").
bool isStaffId(std::string_view id) {
    return !id.empty() && id != "system" && id.find(':') == std::string_view::npos;
}

}  // namespace

std::vector<DayHours> hoursPerDay(const std::vector<storage::Shift>& shifts, Timestamp from,
                                  Timestamp to, Timestamp now, int utcOffsetMinutes) {
    // Times outside 1970..9999 (a damaged row, INT64_MAX as "no end") are clamped so the day
    // arithmetic below cannot overflow; an offset beyond a day is no time zone.
    const auto clamp = [](Timestamp t) { return std::clamp<Timestamp>(t, 0, kLast); };
    from = clamp(from);
    to = clamp(to);
    now = clamp(now);
    utcOffsetMinutes = std::clamp(utcOffsetMinutes, -24 * 60, 24 * 60);
    const int64_t offsetMs = int64_t{utcOffsetMinutes} * kMinuteMs;
    struct Day {
        int64_t ms = 0;
        bool open = false;
    };
    // (local day number, staff id): milliseconds worked.
    std::map<std::pair<int64_t, std::string>, Day> days;
    for (const auto& shift : shifts) {
        const bool open = shift.end == 0;
        const Timestamp shiftStart = clamp(shift.start);
        Timestamp start = std::max(shiftStart, from);
        Timestamp end = std::min(open ? std::max(now, shiftStart) : clamp(shift.end), to);
        while (start < end) {
            const int64_t localDay = floorDiv(start + offsetMs, kDayMs);
            const Timestamp dayEnd = (localDay + 1) * kDayMs - offsetMs;
            const Timestamp pieceEnd = std::min(end, dayEnd);
            auto& day = days[{localDay, shift.staffId}];
            day.ms += pieceEnd - start;
            day.open = day.open || open;
            start = pieceEnd;
        }
        // An open shift whose start is not before `now` (a clock set back) still shows, at 0
        // minutes.
        if (open && shiftStart >= from && shiftStart < to && end <= shiftStart) {
            auto& day = days[{floorDiv(shiftStart + offsetMs, kDayMs), shift.staffId}];
            day.open = true;
        }
    }
    std::vector<DayHours> result;
    result.reserve(days.size());
    for (const auto& [key, day] : days)
        result.push_back(DayHours{key.second, civilDate(key.first), day.ms / kMinuteMs, day.open});
    return result;
}

std::string hoursCsv(const std::vector<DayHours>& hours,
                     const std::vector<storage::StaffMember>& members) {
    std::unordered_map<std::string, std::string> names;
    for (const auto& member : members)
        names[member.id] = member.name;
    std::string csv = "date,staff_id,name,hours,minutes,open\r\n";
    for (const auto& day : hours) {
        const auto name = names.find(day.staffId);
        // Hours with two decimals, rounded to the nearest hundredth, without floating point.
        const int64_t hundredths = (day.minutes * 100 + 30) / 60;
        csv +=
            fmt::format("{},{},{},{}.{:02},{},{}\r\n", day.date, csvField(day.staffId),
                        csvField(name == names.end() ? std::string_view{} : name->second),
                        hundredths / 100, hundredths % 100, day.minutes, day.open ? "yes" : "no");
    }
    return csv;
}

std::vector<StaffPerformance> performance(const std::vector<storage::InterventionRecord>& records,
                                          const std::vector<storage::AuditEntry>& audit) {
    std::map<std::string, StaffPerformance> byStaff;
    std::map<std::string, std::vector<Millis>> clearTimes;
    const auto row = [&](const std::string& id) -> StaffPerformance& {
        auto& entry = byStaff[id];
        entry.staffId = id;
        return entry;
    };
    for (const auto& record : records) {
        if (record.end == 0 || !isStaffId(record.clearedBy))
            continue;
        auto& entry = row(record.clearedBy);
        ++entry.interventionsCleared;
        // Clamped first: a damaged row's extreme times must not overflow the subtraction.
        const Timestamp start = std::clamp<Timestamp>(record.start, 0, kLast);
        const Timestamp end = std::clamp<Timestamp>(record.end, 0, kLast);
        clearTimes[record.clearedBy].push_back(std::max<Millis>(0, end - start));
    }
    for (const auto& entry : audit) {
        if (!isStaffId(entry.staffId))
            continue;
        auto& counts = row(entry.staffId);
        const std::string_view action = entry.action;
        if (action == "age.approve" || action == "age.refuse")
            ++counts.ageChecks;
        else if (action == "line.void")
            ++counts.voids;
        else if (action == "price.override")
            ++counts.priceOverrides;
        else if (action == "line.discount")
            ++counts.discounts;
        else if (action == "transaction.cancel")
            ++counts.cancels;
        else if (action == "staff.signin.failed")
            ++counts.signInFailures;
    }
    std::vector<StaffPerformance> result;
    result.reserve(byStaff.size());
    for (auto& [id, entry] : byStaff) {
        const auto times = clearTimes.find(id);
        if (times != clearTimes.end()) {
            entry.medianClearMs = median(times->second);
            entry.maxClearMs = *std::max_element(times->second.begin(), times->second.end());
        }
        result.push_back(entry);
    }
    return result;
}

}  // namespace kiosk::staff
