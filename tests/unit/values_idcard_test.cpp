#include <gtest/gtest.h>

#include "runtime/values/idcard.h"

using namespace clue::values;

namespace {

ValueError err(std::string_view s) { return parse_idcard(s).error(); }
std::string norm(std::string_view s) {
  auto r = parse_idcard(s);
  return r.ok() ? to_string(r.value()) : std::string(code(r.error()));
}

}  // namespace

TEST(ValuesIdcard, Valid18KeyAndAccessors) {
  auto r = parse_idcard("360426199101010071");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().key, 36042619910101007ULL);
  EXPECT_EQ(to_string(r.value()), "360426199101010071");
  EXPECT_EQ(birth_date(r.value()), make_date(1991, 1, 1));
  EXPECT_EQ(gender(r.value()), Gender::Male);  // sequence 007 is odd
  EXPECT_EQ(region_code(r.value()), 360426);
  EXPECT_EQ(idcard_check_char(36042619910101007ULL), '1');
}

TEST(ValuesIdcard, FifteenDigitUpgrade) {
  auto r = parse_idcard("110105491231002");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_string(r.value()), "11010519491231002X");
  EXPECT_EQ(birth_date(r.value()), make_date(1949, 12, 31));
  EXPECT_EQ(gender(r.value()), Gender::Female);  // sequence 002 is even
  // Both forms of the same number produce the same key.
  EXPECT_EQ(r.value(), parse_idcard("11010519491231002X").value());
}

TEST(ValuesIdcard, NormalisationOfInput) {
  EXPECT_EQ(norm("11010519491231002x"), "11010519491231002X");           // lower x
  EXPECT_EQ(norm("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");  // full-width
  EXPECT_EQ(norm("１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X");  // full-width x
  EXPECT_EQ(norm("\xEF\xBB\xBF 360426199101010071\xE3\x80\x80"), "360426199101010071");  // BOM, U+3000
  EXPECT_EQ(norm("360426 19910101 0071"), "360426199101010071");         // grouped
}

TEST(ValuesIdcard, Errors) {
  EXPECT_EQ(err("360426199101010072"), ValueError::IdcardBadCheckDigit);
  EXPECT_EQ(err("36042619910101007"), ValueError::IdcardBadLength);
  EXPECT_EQ(err("3604261991010100711"), ValueError::IdcardBadLength);
  EXPECT_EQ(err("36042619910101007A"), ValueError::IdcardBadChar);
  EXPECT_EQ(err("3604261991010X0071"), ValueError::IdcardBadChar);  // X not last
  EXPECT_EQ(err("11010549123100X"), ValueError::IdcardBadChar);     // X in 15-digit form
  EXPECT_EQ(err("张三"), ValueError::IdcardBadChar);
  EXPECT_EQ(err("3.30802E+16"), ValueError::IdcardExcelFloat);
  EXPECT_EQ(err("1.10101E+17"), ValueError::IdcardExcelFloat);
  EXPECT_EQ(err("110101199001011000"), ValueError::IdcardExcelFloat);  // 15 significant digits kept
  EXPECT_EQ(err("360426********0071"), ValueError::IdcardMasked);
  EXPECT_EQ(err("不详"), ValueError::Placeholder);
  EXPECT_TRUE(parse_idcard("   ").is_null());
  EXPECT_FALSE(parse_idcard("   ").is_error());
}

TEST(ValuesIdcard, BirthDateMustExist) {
  EXPECT_EQ(norm("110105200002290013"), "110105200002290013");  // 2000: leap (divisible by 400)
  EXPECT_EQ(norm("11010520240229002x"), "11010520240229002X");  // 2024: leap
  EXPECT_EQ(err("11010519000229001X"), ValueError::IdcardBadBirthDate);  // 1900: not leap
  EXPECT_EQ(err("110105202302290019"), ValueError::IdcardBadBirthDate);  // 2023: not leap
  EXPECT_EQ(err("110105199013010013"), ValueError::IdcardBadBirthDate);  // month 13
  EXPECT_EQ(err("110105199001000011"), ValueError::IdcardBadBirthDate);  // day 00
  EXPECT_EQ(err("110105000229001"), ValueError::IdcardBadBirthDate);     // 15-digit -> 1900-02-29
  EXPECT_EQ(err("110105179901010012"), ValueError::IdcardBadBirthDate);  // before 1800
}

TEST(ValuesIdcard, AgeAt) {
  const IdCard id = parse_idcard("360426201003151233").value();
  EXPECT_EQ(age_at(id, make_date(2024, 3, 14)), 13);
  EXPECT_EQ(age_at(id, make_date(2024, 3, 15)), 14);  // birthday
  EXPECT_EQ(gender(id), Gender::Male);                // sequence 123
  const IdCard leap = parse_idcard("110105200002290013").value();
  EXPECT_EQ(age_at(leap, make_date(2023, 2, 28)), 22);
  EXPECT_EQ(age_at(leap, make_date(2023, 3, 1)), 23);
}

TEST(ValuesIdcard, ToCharsAndHash) {
  char buf[18];
  to_chars(IdCard{11010519491231002ULL}, buf);
  EXPECT_EQ(std::string(buf, 18), "11010519491231002X");
  EXPECT_EQ(std::hash<IdCard>{}(IdCard{5}), std::hash<std::uint64_t>{}(5));
  EXPECT_LT(IdCard{1}, IdCard{2});
}
