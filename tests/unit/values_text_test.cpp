#include <gtest/gtest.h>

#include <random>

#include "runtime/values/placeholder.h"
#include "runtime/values/text.h"
#include "runtime/values/unicode_fold.h"

using namespace clue::values;

TEST(ValuesUnicodeFold, FoldWidth) {
  EXPECT_EQ(fold_width(U'\uFF01'), U'!');
  EXPECT_EQ(fold_width(U'\uFF5E'), U'~');
  EXPECT_EQ(fold_width(U'\uFF10'), U'0');
  EXPECT_EQ(fold_width(U'\u3000'), U' ');
  EXPECT_EQ(fold_width(U'\uFF5F'), U'\uFF5F');  // just outside the range
  EXPECT_EQ(fold_width(U'中'), U'中');
  EXPECT_EQ(fold_width_string("（２０２３）ＡＢｃ　"), "(2023)ABc");
}

TEST(ValuesUnicodeFold, Trim) {
  EXPECT_EQ(trim(" \t\r\nabc\n"), "abc");
  EXPECT_EQ(trim("\xC2\xA0" "abc" "\xC2\xA0"), "abc");                  // NBSP
  EXPECT_EQ(trim("\xE3\x80\x80" "张 三" "\xE3\x80\x80"), "张 三");       // U+3000, inner kept
  EXPECT_EQ(trim("\xEF\xBB\xBF" "abc"), "abc");                         // BOM
  EXPECT_EQ(trim("\xE3\x80\x80\xC2\xA0 \xEF\xBB\xBF"), "");
  EXPECT_EQ(trim("中"), "中");
}

TEST(ValuesUnicodeFold, MiddleDots) {
  for (char32_t c : {U'\u00B7', U'\u2022', U'\u30FB', U'\uFF65', U'\u2027', U'\u2219'})
    EXPECT_EQ(fold_middle_dot(c), U'\u00B7');
  EXPECT_EQ(fold_middle_dot(U'\uFF0E'), U'\uFF0E');
  EXPECT_EQ(fold_middle_dot(U'\uFF0E', /*in_name=*/true), U'\u00B7');
  EXPECT_EQ(fold_middle_dot(U'.'), U'.');
}

TEST(ValuesUnicodeFold, DecodeAndAscii) {
  const std::string_view s = "a中\xF0\x9F\x98\x80";
  const char* p = s.data();
  EXPECT_EQ(decode_utf8(p, s.data() + s.size()), U'a');
  EXPECT_EQ(decode_utf8(p, s.data() + s.size()), U'中');
  EXPECT_EQ(decode_utf8(p, s.data() + s.size()), U'\U0001F600');
  const std::string_view bad = "\xC0\xAF";  // overlong '/'
  p = bad.data();
  EXPECT_EQ(decode_utf8(p, bad.data() + bad.size()), kInvalidCodePoint);
  EXPECT_TRUE(is_ascii("plain ascii text, longer than eight"));
  EXPECT_FALSE(is_ascii("plain ascii text, then 中"));
  EXPECT_TRUE(equals_folded("ＹＥＳ", "yes", true));
  EXPECT_FALSE(equals_folded("ＹＥＳ", "yes", false));
}

TEST(ValuesPlaceholder, Words) {
  for (const char* s : {"不详", "无", "暂无", "未知", "#N/A", "n/a", "NULL", "null", "--", "-", "—", "——", "/", "\\N"})
    EXPECT_TRUE(is_placeholder(s)) << s;
  for (const char* s : {"", "0", "无锡", "N", "NA/"}) EXPECT_FALSE(is_placeholder(s)) << s;
}

TEST(ValuesText, NormalizeText) {
  EXPECT_EQ(normalize_text("  plain  "), "plain");
  EXPECT_EQ(normalize_text("\xE3\x80\x80" "阿不都•热合曼\xE3\x80\x80"), "阿不都·热合曼");
  EXPECT_EQ(normalize_text("阿不都・热合曼"), "阿不都·热合曼");      // U+30FB
  EXPECT_EQ(normalize_text("阿不都･热合曼"), "阿不都·热合曼");       // U+FF65
  EXPECT_EQ(normalize_text("阿不都‧热合曼"), "阿不都·热合曼");       // U+2027
  EXPECT_EQ(normalize_text("阿不都∙热合曼"), "阿不都·热合曼");       // U+2219
  EXPECT_EQ(normalize_text("阿不都．热合曼"), "阿不都·热合曼");      // U+FF0E between CJK
  EXPECT_EQ(normalize_text("第１２条．"), "第12条．");               // FF0E at the end stays
  EXPECT_EQ(normalize_text("ＡＢＣ公司（杭州）"), "ABC公司（杭州）");  // punctuation kept
  EXPECT_EQ(normalize_text("张　三"), "张　三");                      // inner U+3000 kept
  EXPECT_EQ(normalize_text("a\xFF" "b"), "a\xEF\xBF\xBD" "b");        // invalid byte -> U+FFFD
}

// The loader's fast normalisation gives normalize_text's bytes for any valid UTF-8: random
// strings over the code points it folds (full-width digits and letters at the edges of their
// ranges, middle-dot variants, U+FF0E between CJK or not), their neighbours that it keeps
// (full-width punctuation, U+00B7, U+FF0F), CJK, ASCII, 2- and 4-byte characters and padding.
TEST(ValuesText, NormalizeValidTextEqualsNormalizeText) {
  const char* const pieces[] = {"a", " ", "\t", "，", "。", "（", "）", "：", "０", "９", "Ａ", "Ｚ", "ａ", "ｚ", "＠", "［", "｀",
                                "｛", "．", "／", "・", "･", "•", "‧", "∙", "·", "張", "三", "中", "㐀", "𠀀", "é", "　",
                                "\xEF\xBB\xBF", "‐", "☃", "ｦ", "\xEF\xBF\xBD", "1", "。．", "张．三"};
  std::mt19937 rng(19);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int len = int(rng() % 12);
    for (int k = 0; k < len; ++k) s += pieces[rng() % std::size(pieces)];
    ASSERT_TRUE(utf8_valid(s));
    ASSERT_EQ(normalize_valid_text(s), normalize_text(s)) << s;
  }
  EXPECT_EQ(normalize_valid_text("张．三"), "张·三");
  EXPECT_EQ(normalize_valid_text("第１条．"), "第1条．");
  EXPECT_EQ(normalize_valid_text("ＰＯＳ机，刷卡"), "POS机，刷卡");
}

TEST(ValuesText, NormalizeName) {
  EXPECT_EQ(normalize_name("张　三"), "张三");
  EXPECT_EQ(normalize_name(" 阿不都 ． 热合曼 "), "阿不都·热合曼");
  EXPECT_EQ(normalize_name("John   Smith"), "John Smith");
  EXPECT_EQ(normalize_name("ＪＯＨＮ　Smith"), "JOHN Smith");
}

TEST(ValuesText, Utf8) {
  EXPECT_TRUE(utf8_valid("abc中文\xF0\x9F\x98\x80"));
  EXPECT_FALSE(utf8_valid("\xE4\xB8"));          // truncated
  EXPECT_FALSE(utf8_valid("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(utf8_valid("\xC1\xBF"));          // overlong
  EXPECT_FALSE(utf8_valid("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_EQ(utf8_length_chars("abc中文"), 5u);
  EXPECT_EQ(utf8_length_chars(""), 0u);
  EXPECT_EQ(utf8_length_chars("a\xFF" "b"), 3u);
}
