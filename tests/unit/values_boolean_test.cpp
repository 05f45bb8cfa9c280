#include <gtest/gtest.h>

#include "runtime/values/boolean.h"

using namespace clue::values;

TEST(ValuesBool, DefaultSets) {
  for (const char* s : {"是", "Y", "y", "yes", "true", "TRUE", "True", "1", "有", "√", "T", "YES", "Ｙ"})
    EXPECT_TRUE(parse_bool(s).value_or(false)) << s;
  for (const char* s : {"否", "N", "n", "no", "false", "FALSE", "False", "0", "无", "×", "F", " 否 "}) {
    auto r = parse_bool(s);
    EXPECT_TRUE(r.ok()) << s;
    EXPECT_FALSE(r.value_or(true)) << s;
  }
}

TEST(ValuesBool, UnknownAndNull) {
  EXPECT_EQ(parse_bool("maybe").error(), ValueError::BoolUnknown);
  EXPECT_EQ(parse_bool("是的").error(), ValueError::BoolUnknown);
  EXPECT_EQ(parse_bool("2").error(), ValueError::BoolUnknown);
  EXPECT_EQ(parse_bool("不详").error(), ValueError::Placeholder);
  EXPECT_TRUE(parse_bool("").is_null());
}

TEST(ValuesBool, CustomSpec) {
  const BoolSpec spec{{"已履行", "履行完毕"}, {"未履行"}, false};
  EXPECT_TRUE(parse_bool("履行完毕", spec).value());
  EXPECT_FALSE(parse_bool("未履行", spec).value());
  EXPECT_EQ(parse_bool("是", spec).error(), ValueError::BoolUnknown);  // defaults replaced
  const BoolSpec cs{{"Y"}, {"N"}, false};
  EXPECT_EQ(parse_bool("y", cs).error(), ValueError::BoolUnknown);  // case-sensitive
}
