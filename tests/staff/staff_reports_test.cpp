// Hours per local day (shifts over midnight, open shifts, time zones), the hours CSV, and the
// per-staff performance counts and medians.
#include <gtest/gtest.h>

#include "kiosk/staff/staff_reports.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::staff;

constexpr Timestamp kMinute = 60'000;
constexpr Timestamp kHour = 60 * kMinute;
constexpr Timestamp kDay = 24 * kHour;
// 2026-11-26 00:00 UTC.
constexpr Timestamp kNov26 = 1'795'651'200'000;
// Jakarta: UTC+7.
constexpr int kWib = 420;

storage::Shift shift(std::string id, Timestamp start, Timestamp end) {
    storage::Shift s;
    s.staffId = std::move(id);
    s.kioskId = "k1";
    s.start = start;
    s.end = end;
    return s;
}

TEST(HoursPerDay, SplitsAShiftOverLocalMidnightIntoTwoDays) {
    // 22:00 to 06:30 local time (UTC+7) = 15:00 to 23:30 UTC, one UTC day.
    const auto hours =
        hoursPerDay({shift("1", kNov26 + 15 * kHour, kNov26 + 23 * kHour + 30 * kMinute)}, 0,
                    INT64_MAX, kNov26 + 2 * kDay, kWib);
    ASSERT_EQ(hours.size(), 2u);
    EXPECT_EQ(hours[0], (DayHours{"1", "2026-11-26", 120, false}));
    EXPECT_EQ(hours[1], (DayHours{"1", "2026-11-27", 390, false}));
    // In UTC the same shift is one day.
    const auto utc =
        hoursPerDay({shift("1", kNov26 + 15 * kHour, kNov26 + 23 * kHour + 30 * kMinute)}, 0,
                    INT64_MAX, kNov26 + 2 * kDay, 0);
    ASSERT_EQ(utc.size(), 1u);
    EXPECT_EQ(utc[0], (DayHours{"1", "2026-11-26", 510, false}));
}

TEST(HoursPerDay, NegativeOffsetsAndLeapDays) {
    // 2024-02-28 22:00 to 2024-03-01 02:00 in UTC-5 (New York in winter): 2h, 24h, 2h.
    const Timestamp feb28Utc = 1'709'078'400'000;
    const int est = -300;
    const Timestamp start = feb28Utc + 22 * kHour + 5 * kHour;
    const auto hours =
        hoursPerDay({shift("7", start, start + 28 * kHour)}, 0, INT64_MAX, start + 3 * kDay, est);
    ASSERT_EQ(hours.size(), 3u);
    EXPECT_EQ(hours[0], (DayHours{"7", "2024-02-28", 120, false}));
    EXPECT_EQ(hours[1], (DayHours{"7", "2024-02-29", 1440, false}));
    EXPECT_EQ(hours[2], (DayHours{"7", "2024-03-01", 120, false}));
}

TEST(HoursPerDay, CountsOpenShiftsUpToNowAndMarksThem) {
    const Timestamp start = kNov26 + 2 * kHour;  // 09:00 local
    const auto hours =
        hoursPerDay({shift("2", start, 0)}, 0, INT64_MAX, start + 3 * kHour + 15 * kMinute, kWib);
    ASSERT_EQ(hours.size(), 1u);
    EXPECT_EQ(hours[0], (DayHours{"2", "2026-11-26", 195, true}));
}

TEST(HoursPerDay, CountsOnlyThePeriodAndSortsByDateThenStaff) {
    const Timestamp localMidnight = kNov26 + kDay - 7 * kHour;  // 2026-11-27 00:00 local
    const std::vector<storage::Shift> shifts = {
        shift("b", localMidnight - 2 * kHour, localMidnight + 2 * kHour),
        shift("a", localMidnight + 1 * kHour, localMidnight + 4 * kHour),
        shift("a", localMidnight - 5 * kHour, localMidnight - 4 * kHour),
    };
    // Only 2026-11-27 local: [midnight, midnight + 1 day).
    const auto hours =
        hoursPerDay(shifts, localMidnight, localMidnight + kDay, localMidnight + 2 * kDay, kWib);
    ASSERT_EQ(hours.size(), 2u);
    EXPECT_EQ(hours[0], (DayHours{"a", "2026-11-27", 180, false}));
    EXPECT_EQ(hours[1], (DayHours{"b", "2026-11-27", 120, false}));
    // The whole time: the 26th first, staff a before b.
    const auto all = hoursPerDay(shifts, 0, INT64_MAX, localMidnight + 2 * kDay, kWib);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0], (DayHours{"a", "2026-11-26", 60, false}));
    EXPECT_EQ(all[1], (DayHours{"b", "2026-11-26", 120, false}));
    EXPECT_EQ(all[2].staffId, "a");
    EXPECT_EQ(all[3].staffId, "b");
}

TEST(HoursPerDay, SumsSeveralShiftsOfADay) {
    const Timestamp day = kNov26 + kHour;
    const auto hours = hoursPerDay({shift("1", day, day + 2 * kHour),
                                    shift("1", day + 3 * kHour, day + 3 * kHour + 45 * kMinute)},
                                   0, INT64_MAX, day + kDay, kWib);
    ASSERT_EQ(hours.size(), 1u);
    EXPECT_EQ(hours[0].minutes, 165);
}

TEST(HoursPerDay, ExtremeTimesAndOffsetsDoNotOverflow) {
    // Rows a damaged database could hold; under UBSan an overflow here would abort.
    const std::vector<storage::Shift> shifts = {shift("1", INT64_MIN, INT64_MAX),
                                                shift("2", INT64_MAX - 1, 0), shift("3", -5, 10)};
    const auto hours = hoursPerDay(shifts, INT64_MIN, kNov26 + 2 * kDay, INT64_MAX, INT32_MAX);
    int64_t total = 0;
    for (const auto& day : hours) {
        EXPECT_GE(day.minutes, 0);
        EXPECT_LE(day.minutes, 1440);
        total += day.minutes;
    }
    EXPECT_GT(total, 0);
    // A normal day next to them is still right.
    const auto normal = hoursPerDay({shift("9", kNov26, kNov26 + kHour)}, INT64_MIN, INT64_MAX,
                                    INT64_MAX, INT32_MIN);
    // The offset is clamped to -24 h: the hour is the previous local day's.
    ASSERT_EQ(normal.size(), 1u);
    EXPECT_EQ(normal[0], (DayHours{"9", "2026-11-25", 60, false}));
}

TEST(HoursCsv, QuotesNamesWithCommasAndQuotesAndDefusesFormulas) {
    std::vector<storage::StaffMember> members(3);
    members[0].id = "1";
    members[0].name = "Ana, \"the\" attendant";
    members[1].id = "2";
    members[1].name = "=HYPERLINK(\"x\")";
    members[2].id = "3";
    members[2].name = "Citra";
    const std::vector<DayHours> hours = {{"1", "2026-11-26", 450, false},
                                         {"2", "2026-11-26", 61, true},
                                         {"3", "2026-11-27", 0, false},
                                         {"9", "2026-11-27", 30, false}};
    EXPECT_EQ(hoursCsv(hours, members),
              "date,staff_id,name,hours,minutes,open\r\n"
              "2026-11-26,1,\"Ana, \"\"the\"\" attendant\",7.50,450,no\r\n"
              "2026-11-26,2,\"'=HYPERLINK(\"\"x\"\")\",1.02,61,yes\r\n"
              "2026-11-27,3,Citra,0.00,0,no\r\n"
              "2026-11-27,9,,0.50,30,no\r\n");
}

storage::InterventionRecord cleared(std::string by, Timestamp start, Millis took) {
    storage::InterventionRecord record;
    record.kioskId = "k1";
    record.kind = "AgeCheckPending";
    record.start = start;
    record.end = start + took;
    record.clearedBy = std::move(by);
    record.how = "approved:id-viewed";
    return record;
}

storage::AuditEntry row(std::string staffId, std::string action) {
    storage::AuditEntry entry;
    entry.staffId = std::move(staffId);
    entry.action = std::move(action);
    return entry;
}

TEST(Performance, CountsAndMediansPerStaffMember) {
    storage::InterventionRecord open = cleared("1", kNov26, 0);
    open.end = 0;
    open.clearedBy.clear();
    const std::vector<storage::InterventionRecord> records = {
        cleared("1", kNov26, 10'000),
        cleared("1", kNov26, 30'000),
        cleared("1", kNov26, 20'000),
        cleared("2", kNov26, 5'000),
        cleared("2", kNov26, 8'000),
        cleared("system", kNov26, 1'000),
        open,
    };
    const std::vector<storage::AuditEntry> audit = {
        row("1", "age.approve"),        row("1", "age.refuse"),
        row("1", "line.void"),          row("2", "price.override"),
        row("2", "line.discount"),      row("2", "line.discount"),
        row("3", "transaction.cancel"), row("3", "staff.signin.failed"),
        row("3", "staff.signin"),       row("", "staff.signin.failed"),
        row("admin:root", "staff.add"), row("1", "line.voided.not.an.action"),
    };
    const auto result = performance(records, audit);
    ASSERT_EQ(result.size(), 3u);
    StaffPerformance one;
    one.staffId = "1";
    one.interventionsCleared = 3;
    one.medianClearMs = 20'000;
    one.maxClearMs = 30'000;
    one.ageChecks = 2;
    one.voids = 1;
    EXPECT_EQ(result[0], one);
    StaffPerformance two;
    two.staffId = "2";
    two.interventionsCleared = 2;
    two.medianClearMs = 6'500;  // mean of the middle two
    two.maxClearMs = 8'000;
    two.priceOverrides = 1;
    two.discounts = 2;
    EXPECT_EQ(result[1], two);
    StaffPerformance three;
    three.staffId = "3";
    three.cancels = 1;
    three.signInFailures = 1;
    EXPECT_EQ(result[2], three);
}

TEST(Performance, ExtremeTimesDoNotOverflow) {
    storage::InterventionRecord odd = cleared("1", INT64_MIN, 0);
    odd.end = INT64_MAX;
    storage::InterventionRecord backwards = cleared("1", kNov26, 0);
    backwards.end = kNov26 - 5'000;
    const auto result = performance({odd, backwards}, {});
    ASSERT_EQ(result.size(), 1u);
    EXPECT_EQ(result[0].interventionsCleared, 2);
    EXPECT_GT(result[0].maxClearMs, 0);
    EXPECT_GE(result[0].medianClearMs, 0);
}

TEST(Performance, EmptyInputsGiveNoRows) {
    EXPECT_TRUE(performance({}, {}).empty());
}

}  // namespace
