#include <gtest/gtest.h>

#include <cmath>

#include "runtime/values/datetime.h"

using namespace clue::values;

namespace {
// Parse and print back, or the error code.
std::string d(std::string_view s) {
  auto r = parse_date(s);
  return r.ok() ? date_to_string(r.value()) : std::string(code(r.error()));
}
std::string dt(std::string_view s) {
  auto r = parse_datetime(s);
  return r.ok() ? datetime_to_string(r.value()) : std::string(code(r.error()));
}
std::string mo(std::string_view s) {
  auto r = parse_month(s);
  return r.ok() ? month_to_string(r.value()) : std::string(code(r.error()));
}
}  // namespace

TEST(ValuesDate, Representation) {
  EXPECT_EQ(make_date(1970, 1, 1), 0);
  EXPECT_EQ(make_date(2022, 3, 1), 19052);
  EXPECT_EQ(make_date(1800, 1, 1), -62091);
  EXPECT_EQ(make_date(2200, 12, 31), 84370);
  EXPECT_EQ(parse_date("2022-03-01").value(), 19052);
  EXPECT_EQ(make_month(2024, 3), 24290);
  EXPECT_EQ(parse_datetime("2019-07-04 04:41:50").value(), 1562215310);
}

TEST(ValuesDate, AcceptedDateForms) {
  for (const char* s : {"2022-03-01", "2022/3/1", "2022-3-1", "2022.3.1", "2022年3月1日", "2022年03月01日",
                        "20220301", "二〇二二年三月一日", "二○二二年三月一日", "二零二二年三月一日",
                        "２０２２－０３－０１", "２０２２年３月１日", "2022 年 3 月 1 日", " 2022-03-01\xC2\xA0",
                        "2022年3月1号", "2022年3月1"})
    EXPECT_EQ(d(s), "2022-03-01") << s;
}

TEST(ValuesDate, ChineseNumeralDays) {
  EXPECT_EQ(d("二〇二二年十月十日"), "2022-10-10");
  EXPECT_EQ(d("二〇二二年十一月二十三日"), "2022-11-23");
  EXPECT_EQ(d("二〇二二年十二月三十一日"), "2022-12-31");
  EXPECT_EQ(d("二〇二〇年二月二十九日"), "2020-02-29");
  EXPECT_EQ(d("二〇二二年三月二十二十日"), "V0401");
}

TEST(ValuesDate, DatetimeGivenForDateIsTruncated) {
  EXPECT_EQ(d("2019-07-04 04:41:50"), "2019-07-04");
  EXPECT_EQ(d("2018年4月21日10时"), "2018-04-21");
  EXPECT_EQ(d("2019-07-04 25:00"), "V0404");  // the time must still be valid
}

TEST(ValuesDate, LeapYears) {
  EXPECT_EQ(d("2024-02-29"), "2024-02-29");
  EXPECT_EQ(d("2000-02-29"), "2000-02-29");
  EXPECT_EQ(d("2023-02-29"), "V0402");
  EXPECT_EQ(d("1900-02-29"), "V0402");
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
}

TEST(ValuesDate, Errors) {
  EXPECT_EQ(parse_date("2023-02-30").error(), ValueError::DateImpossible);
  EXPECT_EQ(parse_date("0000-00-00").error(), ValueError::DateImpossible);
  EXPECT_EQ(parse_date("1900-00-00").error(), ValueError::DateImpossible);
  EXPECT_EQ(parse_date("2022-13-01").error(), ValueError::DateImpossible);
  EXPECT_EQ(parse_date("1799-12-31").error(), ValueError::DateYearOutOfRange);
  EXPECT_EQ(parse_date("2201-01-01").error(), ValueError::DateYearOutOfRange);
  EXPECT_EQ(parse_date("2022-03/01").error(), ValueError::DateBadFormat);  // mixed separators
  EXPECT_EQ(parse_date("01/03/2022").error(), ValueError::DateBadFormat);  // d/m order is never guessed
  EXPECT_EQ(parse_date("22-3-1").error(), ValueError::DateBadFormat);
  EXPECT_EQ(parse_date("2022-03").error(), ValueError::DateBadFormat);     // a month, not a date
  EXPECT_EQ(parse_date("2022-03-01Z").error(), ValueError::DateBadFormat);
  EXPECT_EQ(parse_date("44621").error(), ValueError::DateExcelSerial);
  EXPECT_EQ(parse_date("44621.5").error(), ValueError::DateExcelSerial);
  for (const char* s : {"不详", "无", "#N/A", "N/A", "--", "/", "＃Ｎ／Ａ"})
    EXPECT_EQ(parse_date(s).error(), ValueError::Placeholder) << s;
  EXPECT_TRUE(parse_date("").is_null());
  EXPECT_TRUE(parse_date(" \xE3\x80\x80 ").is_null());
}

TEST(ValuesDateTime, AcceptedForms) {
  EXPECT_EQ(dt("2019-07-04 04:41:50"), "2019-07-04 04:41:50");
  EXPECT_EQ(dt("2019-07-04T04:41:50"), "2019-07-04 04:41:50");
  EXPECT_EQ(dt("2019/7/4 4:41"), "2019-07-04 04:41:00");
  EXPECT_EQ(dt("2019-07-04 04:41:50.123"), "2019-07-04 04:41:50");  // sub-second dropped
  EXPECT_EQ(dt("2018年4月21日10时"), "2018-04-21 10:00:00");
  EXPECT_EQ(dt("2018年4月21日10时30分"), "2018-04-21 10:30:00");
  EXPECT_EQ(dt("2018年4月21日 10时30分15秒"), "2018-04-21 10:30:15");
  EXPECT_EQ(dt("2018年4月21日10:30"), "2018-04-21 10:30:00");
  EXPECT_EQ(dt("20190704044150"), "2019-07-04 04:41:50");
  EXPECT_EQ(dt("2022-03-01"), "2022-03-01 00:00:00");  // a date means midnight
  EXPECT_EQ(dt("２０１９－０７－０４　０４：４１：５０"), "2019-07-04 04:41:50");
}

TEST(ValuesDateTime, Errors) {
  EXPECT_EQ(parse_datetime("2019-07-04 24:00:00").error(), ValueError::DateBadTime);
  EXPECT_EQ(parse_datetime("2019-07-04 23:60").error(), ValueError::DateBadTime);
  EXPECT_EQ(parse_datetime("2019-07-04 23:59:60").error(), ValueError::DateBadTime);
  EXPECT_EQ(parse_datetime("2019-07-04 10").error(), ValueError::DateBadFormat);
  EXPECT_EQ(parse_datetime("2019-07-0404:41:50").error(), ValueError::DateBadFormat);
  EXPECT_EQ(parse_datetime("2019-07-04 04:41:50 +08:00").error(), ValueError::DateBadFormat);
}

TEST(ValuesMonth, AcceptedForms) {
  for (const char* s : {"2024-03", "202403", "2024年3月", "2024/3", "2024.03", "2024年03月", "2024-03-15",
                        "2024年3月31日", "20240301", "2024-03-15 10:00:00", "二〇二四年三月"})
    EXPECT_EQ(mo(s), "2024-03") << s;
  EXPECT_EQ(mo("2024-13"), "V0402");
  EXPECT_EQ(mo("2024-00"), "V0402");
  EXPECT_EQ(mo("2024"), "V0401");
  EXPECT_EQ(mo("不详"), "V0002");
}

TEST(ValuesMonth, Helpers) {
  const Month m = make_month(2024, 2);
  EXPECT_EQ(month_year(m), 2024);
  EXPECT_EQ(month_number(m), 2);
  EXPECT_EQ(date_to_string(first_day_of(m)), "2024-02-01");
  EXPECT_EQ(date_to_string(last_day_of(m)), "2024-02-29");
  EXPECT_EQ(month_to_string(make_month(2024, 12) + 1), "2025-01");
  EXPECT_EQ(month_from_date(make_date(2024, 3, 15)), make_month(2024, 3));
}

TEST(ValuesDate, Arithmetic) {
  const Date jan31 = make_date(2024, 1, 31);
  EXPECT_EQ(date_to_string(add_months(jan31, 1)), "2024-02-29");
  EXPECT_EQ(date_to_string(add_months(make_date(2023, 1, 31), 1)), "2023-02-28");
  EXPECT_EQ(date_to_string(add_months(jan31, 2)), "2024-03-31");
  EXPECT_EQ(date_to_string(add_months(jan31, -2)), "2023-11-30");
  EXPECT_EQ(date_to_string(add_months(make_date(2024, 2, 29), 12)), "2025-02-28");
  EXPECT_EQ(date_to_string(add_days(make_date(2024, 2, 28), 1)), "2024-02-29");
  EXPECT_EQ(date_to_string(add_days(make_date(2023, 12, 31), 1)), "2024-01-01");
  EXPECT_EQ(days_between(make_date(2018, 3, 21), make_date(2018, 4, 21)), 31);
  EXPECT_EQ(days_between(make_date(2024, 3, 1), make_date(2024, 2, 1)), -29);
  const Date x = make_date(1991, 12, 7);
  EXPECT_EQ(year_of(x), 1991);
  EXPECT_EQ(month_of(x), 12);
  EXPECT_EQ(day_of(x), 7);
  EXPECT_EQ(date_to_string(make_date(1969, 12, 31)), "1969-12-31");  // negative days
}

TEST(ValuesDateTime, Helpers) {
  const DateTime t = make_datetime(make_date(1969, 12, 31), 23, 59, 59);
  EXPECT_EQ(t, -1);
  EXPECT_EQ(date_of(t), -1);
  EXPECT_EQ(seconds_of_day(t), 86399);
  EXPECT_EQ(datetime_to_string(t), "1969-12-31 23:59:59");
}

TEST(ValuesExcelSerial, Conversions) {
  EXPECT_EQ(date_to_string(date_from_excel_serial(44621).value()), "2022-03-01");
  EXPECT_EQ(datetime_to_string(from_excel_serial(44621.4375).value()), "2022-03-01 10:30:00");
  EXPECT_EQ(datetime_to_string(from_excel_serial(43650.195717592590).value()), "2019-07-04 04:41:50");
  EXPECT_EQ(date_to_string(date_from_excel_serial(44621.99999999).value()), "2022-03-01");
  EXPECT_EQ(date_to_string(date_from_excel_serial(61).value()), "1900-03-01");
  EXPECT_EQ(date_to_string(date_from_excel_serial(59).value()), "1900-02-28");  // Lotus bug undone
  EXPECT_EQ(date_to_string(date_from_excel_serial(1).value()), "1900-01-01");
  EXPECT_EQ(from_excel_serial(60).error(), ValueError::DateExcelSerialOutOfRange);  // 1900-02-29
  EXPECT_EQ(from_excel_serial(0).error(), ValueError::DateExcelSerialOutOfRange);
  EXPECT_EQ(from_excel_serial(-5).error(), ValueError::DateExcelSerialOutOfRange);
  EXPECT_EQ(from_excel_serial(200000).error(), ValueError::DateExcelSerialOutOfRange);
  EXPECT_EQ(from_excel_serial(std::nan("")).error(), ValueError::DateExcelSerialOutOfRange);
}
