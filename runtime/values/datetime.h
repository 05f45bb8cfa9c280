// Dates, months and date-times.
//
// Representations (all time-zone free, proleptic Gregorian calendar):
//   Date     = int32 days since 1970-01-01            (1970-01-02 == 1)
//   Month    = int32 year*12 + (month-1)              (2024-03 == 24290)
//   DateTime = int64 seconds since 1970-01-01 00:00:00 (no time zone: sources
//              record local Beijing time and we never convert it)
// They are plain integers so columns are flat arrays and comparisons, hashing
// and sorting are free; to keep the overloads apart the formatting functions
// carry the type in their names (date_to_string, month_to_string, ...).
//
// Accepted input forms are listed in docs/data.md. Parsing never allocates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

using Date = std::int32_t;
using Month = std::int32_t;
using DateTime = std::int64_t;

inline constexpr int kMinYear = 1800;  // accepted by the parsers
inline constexpr int kMaxYear = 2200;

// ---- parsing ----
// Date: a date, or a date-time truncated to its day (the time part must still
// be a valid time of day).
Parsed<Date> parse_date(std::string_view text) noexcept;
// Month: 2024-03, 202403, 2024年3月, 2024/3, 2024.03, or any date / date-time
// (reduced to its month).
Parsed<Month> parse_month(std::string_view text) noexcept;
// DateTime: a date-time, or a bare date meaning midnight.
Parsed<DateTime> parse_datetime(std::string_view text) noexcept;

// Excel 1900 date system: serial 1 = 1900-01-01, epoch 1899-12-30 for serials
// >= 61 (44621 = 2022-03-01). Excel's fictitious 1900-02-29 (serial 60) and
// serials <= 0 are errors; serials 1..59 are shifted by one day to undo the
// Lotus leap-year bug. The fraction is the time of day, rounded to the
// nearest second.
Parsed<DateTime> from_excel_serial(double serial) noexcept;
Parsed<Date> date_from_excel_serial(double serial) noexcept;  // time dropped

// ---- calendar ----
constexpr bool is_leap_year(int y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
constexpr int days_in_month(int y, int m) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}
constexpr bool is_valid_date(int y, int m, int d) noexcept {
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// Days since 1970-01-01 for a valid y-m-d (H. Hinnant's days_from_civil).
constexpr Date make_date(int y, int m, int d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
constexpr Ymd to_ymd(Date days) noexcept {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return Ymd{yoe + era * 400 + (m <= 2), m, d};
}

constexpr int year_of(Date d) noexcept { return to_ymd(d).year; }
constexpr int month_of(Date d) noexcept { return to_ymd(d).month; }  // 1..12
constexpr int day_of(Date d) noexcept { return to_ymd(d).day; }      // 1..31

constexpr Date add_days(Date d, int n) noexcept { return d + n; }
// Calendar-month arithmetic; the day is clamped to the end of the target
// month (2024-01-31 + 1 month = 2024-02-29), as 刑诉法 deadlines count months.
Date add_months(Date d, int n) noexcept;
// b - a in days (positive when b is later). Inclusive counts add 1 themselves.
constexpr int days_between(Date a, Date b) noexcept { return b - a; }

// ---- months ----
constexpr Month make_month(int y, int m) noexcept { return y * 12 + (m - 1); }
constexpr Month month_from_date(Date d) noexcept {
  const Ymd v = to_ymd(d);
  return make_month(v.year, v.month);
}
constexpr int month_year(Month m) noexcept { return m / 12; }       // years >= 0
constexpr int month_number(Month m) noexcept { return m % 12 + 1; }  // 1..12
constexpr Date first_day_of(Month m) noexcept { return make_date(month_year(m), month_number(m), 1); }
constexpr Date last_day_of(Month m) noexcept {
  return make_date(month_year(m), month_number(m), days_in_month(month_year(m), month_number(m)));
}
// Month arithmetic is plain integer addition: 2024-12 + 1 == make_month(2025, 1).

// ---- date-times ----
constexpr DateTime make_datetime(Date d, int hour = 0, int minute = 0, int second = 0) noexcept {
  return DateTime{d} * 86400 + hour * 3600 + minute * 60 + second;
}
// Floor division so that times before 1970 map to the right day.
constexpr Date date_of(DateTime t) noexcept {
  return static_cast<Date>(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}
constexpr int seconds_of_day(DateTime t) noexcept {
  return static_cast<int>(t - DateTime{date_of(t)} * 86400);
}

// ---- formatting ----
std::string date_to_string(Date d);          // 2022-03-01
std::string month_to_string(Month m);        // 2022-03
std::string datetime_to_string(DateTime t);  // 2022-03-01 04:41:50

}  // namespace clue::values
