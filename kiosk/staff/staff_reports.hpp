// What a store manager asks about staff: hours per person per day, and per-person counts of
// interventions cleared, time to clear them, overrides and voids. Pure functions over rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/time.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::staff {

// Minutes worked by one member on one local day (a shift over midnight counts on both days).
struct DayHours {
    std::string staffId;
    std::string date;  // YYYY-MM-DD, local (utcOffsetMinutes)
    int64_t minutes = 0;
    bool open = false;  // a shift of that day is still open (counted up to `now`)
    friend bool operator==(const DayHours&, const DayHours&) = default;
};
// Sorted by date, then staff id. Open shifts count up to `now`; only [from, to) is counted.
std::vector<DayHours> hoursPerDay(const std::vector<storage::Shift>& shifts, Timestamp from,
                                  Timestamp to, Timestamp now, int utcOffsetMinutes);
// "date,staff_id,name,hours,minutes,open" CSV (RFC 4180), names from `members`.
std::string hoursCsv(const std::vector<DayHours>& hours,
                     const std::vector<storage::StaffMember>& members);

struct StaffPerformance {
    std::string staffId;
    int64_t interventionsCleared = 0;
    Millis medianClearMs = 0;  // from start to end of the interventions they cleared
    Millis maxClearMs = 0;
    int64_t ageChecks = 0;       // approved or refused
    int64_t voids = 0;           // line.void
    int64_t priceOverrides = 0;  // price.override
    int64_t discounts = 0;       // line.discount
    int64_t cancels = 0;         // transaction.cancel
    int64_t signInFailures = 0;
    friend bool operator==(const StaffPerformance&, const StaffPerformance&) = default;
};
// Sorted by staff id; only staff that appear in either input.
std::vector<StaffPerformance> performance(const std::vector<storage::InterventionRecord>& records,
                                          const std::vector<storage::AuditEntry>& audit);

}  // namespace kiosk::staff
