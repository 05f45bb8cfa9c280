// Dictionary-encoded text (runtime/table/column.h, StringData): a text column with few
// distinct values is kept as 2-byte codes plus its distinct values, turns plain for good past
// kMaxEntries, and reads the same through at() either way; chunks merged in order give the
// dictionary one pass would; the loader keeps low-cardinality text so and identifiers plain.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/load/loader.h"
#include "runtime/table/column.h"
#include "runtime/table/memory.h"

namespace {

using namespace clue::rt;

std::vector<std::string> values_of(const StringData& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) out.emplace_back(s.at(i));
  return out;
}

StringData dict_of(const std::vector<std::string>& v) {
  StringData s;
  s.start_dict();
  for (const std::string& x : v) s.push(x);
  return s;
}

Column text_column(const std::vector<std::string>& v, bool dict) {
  Column c = Column::make(Logical::Text);
  if (dict) c.str.start_dict();
  for (const std::string& x : v) {
    if (x == "<null>") {
      c.push_null();
      continue;
    }
    c.valid.push_back(1);
    c.str.push(x);
  }
  return c;
}

TEST(StringDict, FewValuesStayCodes) {
  const std::vector<std::string> v = {"判决", "调解成功", "判决", "", "撤诉", "判决", "调解成功"};
  StringData s = dict_of(v);
  EXPECT_TRUE(s.dict);
  EXPECT_EQ(s.entries(), 4u);  // 判决, 调解成功, "", 撤诉: in order of first appearance
  EXPECT_EQ(s.entry(0), "判决");
  EXPECT_EQ(s.entry(3), "撤诉");
  EXPECT_EQ(s.codes, (std::vector<uint16_t>{0, 1, 0, 2, 3, 0, 1}));
  EXPECT_EQ(values_of(s), v);
  EXPECT_EQ(s.size(), v.size());
}

TEST(StringDict, TooManyValuesTurnPlain) {
  std::vector<std::string> v;
  for (size_t i = 0; i < StringData::kMaxEntries + 10; ++i) v.push_back("值" + std::to_string(i % (StringData::kMaxEntries + 1)));
  StringData s = dict_of(v);
  EXPECT_FALSE(s.dict);
  EXPECT_TRUE(s.codes.empty());
  EXPECT_EQ(values_of(s), v);
  // Plain as if it had never been a dictionary.
  StringData plain;
  for (const std::string& x : v) plain.push(x);
  EXPECT_EQ(s.offsets, plain.offsets);
  EXPECT_EQ(s.bytes, plain.bytes);
  // Exactly kMaxEntries distinct values still fit.
  v.resize(StringData::kMaxEntries);
  EXPECT_TRUE(dict_of(v).dict);
}

TEST(StringDict, AppendedChunksGiveOnePassDictionary) {
  const std::vector<std::string> a = {"x", "y", "x"}, b = {"z", "y", "w", "<null>"}, c = {"<null>", "x", "v"};
  std::vector<std::string> all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  const Column whole = text_column(all, true);
  Column merged = text_column(a, true);
  merged.append(text_column(b, true));
  merged.append(text_column(c, true));
  EXPECT_TRUE(merged.str.dict);
  EXPECT_EQ(merged.str.codes, whole.str.codes);
  EXPECT_EQ(merged.str.offsets, whole.str.offsets);
  EXPECT_EQ(merged.str.bytes, whole.str.bytes);
  EXPECT_EQ(merged.valid, whole.valid);
}

TEST(StringDict, AppendingPlainOrOverflowingChunksGivesPlain) {
  const std::vector<std::string> a = {"x", "y"}, b = {"p", "q", "x"};
  Column left = text_column(a, true);
  left.append(text_column(b, false));
  EXPECT_FALSE(left.str.dict);
  EXPECT_EQ(values_of(left.str), (std::vector<std::string>{"x", "y", "p", "q", "x"}));
  Column plain_first = text_column(a, false);
  plain_first.append(text_column(b, true));
  EXPECT_FALSE(plain_first.str.dict);
  EXPECT_EQ(values_of(plain_first.str), values_of(left.str));
  // Two dictionaries that together pass kMaxEntries.
  std::vector<std::string> first, second;
  for (size_t i = 0; i < StringData::kMaxEntries; ++i) first.push_back("a" + std::to_string(i));
  for (size_t i = 0; i < 5; ++i) second.push_back("b" + std::to_string(i));
  Column big = text_column(first, true);
  ASSERT_TRUE(big.str.dict);
  big.append(text_column(second, true));
  EXPECT_FALSE(big.str.dict);
  first.insert(first.end(), second.begin(), second.end());
  EXPECT_EQ(values_of(big.str), first);
}

TEST(StringDict, GatherKeepsCodesAndNullRows) {
  const Column c = text_column({"甲", "乙", "<null>", "甲"}, true);
  const Column g = c.gather({3, -1, 1, 2});
  EXPECT_TRUE(g.str.dict);
  EXPECT_EQ(values_of(g.str), (std::vector<std::string>{"甲", "", "乙", ""}));
  EXPECT_EQ(g.valid, (std::vector<uint8_t>{1, 0, 1, 0}));
  // A full dictionary without "" gathers a null row as plain text.
  std::vector<std::string> many;
  for (size_t i = 0; i < StringData::kMaxEntries; ++i) many.push_back("v" + std::to_string(i));
  const Column full = text_column(many, true);
  ASSERT_TRUE(full.str.dict);
  const Column h = full.gather({5, -1, 7});
  EXPECT_FALSE(h.str.dict);
  EXPECT_EQ(values_of(h.str), (std::vector<std::string>{"v5", "", "v7"}));
  EXPECT_EQ(h.valid, (std::vector<uint8_t>{1, 0, 1}));
}

TEST(StringDict, TruncateAndPlainConversion) {
  StringData s = dict_of({"a", "b", "c", "a"});
  s.truncate(2);
  EXPECT_EQ(values_of(s), (std::vector<std::string>{"a", "b"}));
  s.push("c");
  EXPECT_EQ(s.codes.back(), 2u);  // the entry stayed
  s.to_plain();
  EXPECT_FALSE(s.dict);
  EXPECT_EQ(values_of(s), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(s.offsets, (std::vector<uint64_t>{0, 1, 2, 3}));
}

// The loader: low-cardinality text a dictionary, with the same values as its plain cells;
// identifiers (case_no) and text with many values plain; fewer bytes than plain.
TEST(StringDict, LoaderKeepsLowCardinalityTextAsCodes) {
  std::string csv = "案号,结案方式,原告\n";
  const char* ways[] = {"判决", "调解成功", "撤诉", "驳回起诉"};
  const size_t rows = StringData::kMaxEntries * 3;
  for (size_t i = 0; i < rows; ++i)
    csv += "（2020）浙0802民初" + std::to_string(i + 1) + "号," + (i % 7 == 3 ? "" : ways[i % 4]) + ",原告" +
           std::to_string(i) + "\n";
  LoadSpec spec;
  spec.source = "ms";
  spec.path = "ms.csv";
  spec.columns = {{"案号", Logical::CaseNo}, {"结案方式", Logical::Text}, {"原告", Logical::Text}};
  for (int threads : {1, 3}) {
    spec.threads = threads;
    spec.min_chunk_bytes = 1024;
    const LoadResult r = load_csv_bytes(spec, csv);
    ASSERT_TRUE(r.ok) << r.error_en;
    ASSERT_EQ(r.table.rows(), rows);
    const Column& way = r.table.columns[1];
    EXPECT_TRUE(way.str.dict) << threads;
    EXPECT_FALSE(r.table.columns[0].str.dict);
    EXPECT_FALSE(r.table.columns[2].str.dict);  // 3,072 distinct names
    for (size_t i = 0; i < rows; ++i) {
      EXPECT_EQ(way.str.at(i), i % 7 == 3 ? std::string() : std::string(ways[i % 4])) << i;
      EXPECT_EQ(way.valid[i], i % 7 == 3 ? 0 : 1) << i;
      EXPECT_EQ(r.table.columns[2].str.at(i), "原告" + std::to_string(i));
    }
    EXPECT_LT(column_bytes(way), rows * 4);  // 2 bytes of code and 1 of valid a row
  }
}

}  // namespace

namespace {

using namespace clue::rt;

const std::string kId1 = "11010519491231002X", kId2 = "91110000600037341L";

TEST(StringFixed, EighteenCharactersARowNoOffsets) {
  StringData s;
  s.start_fixed(18);
  s.push(kId1);
  s.push("");
  s.push(kId2);
  EXPECT_EQ(s.width, 18u);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.bytes.size(), 54u);
  EXPECT_EQ(s.offsets.size(), 1u);
  EXPECT_EQ(s.at(0), kId1);
  EXPECT_EQ(s.at(1), "");
  EXPECT_EQ(s.at(2), kId2);
  s.truncate(2);
  EXPECT_EQ(s.size(), 2u);
  // Another length turns it plain, with the same values.
  s.push("short");
  EXPECT_EQ(s.width, 0u);
  EXPECT_EQ(values_of(s), (std::vector<std::string>{kId1, "", "short"}));
  EXPECT_EQ(s.offsets, (std::vector<uint64_t>{0, 18, 18, 23}));
}

TEST(StringFixed, AppendAndGatherStayFixed) {
  Column a = Column::make(Logical::PartyId), b = Column::make(Logical::PartyId);
  a.str.start_fixed(18);
  b.str.start_fixed(18);
  a.valid = {1, 0};
  a.str.push(kId1);
  a.str.push("");
  b.valid = {1};
  b.str.push(kId2);
  a.append(b);
  EXPECT_EQ(a.str.width, 18u);
  EXPECT_EQ(values_of(a.str), (std::vector<std::string>{kId1, "", kId2}));
  const Column g = a.gather({2, -1, 0});
  EXPECT_EQ(g.str.width, 18u);
  EXPECT_EQ(values_of(g.str), (std::vector<std::string>{kId2, "", kId1}));
  EXPECT_EQ(g.valid, (std::vector<uint8_t>{1, 0, 1}));
  // A plain column appended: plain.
  Column p = Column::make(Logical::PartyId);
  p.valid = {1};
  p.str.push("x");
  a.append(p);
  EXPECT_EQ(a.str.width, 0u);
  EXPECT_EQ(values_of(a.str), (std::vector<std::string>{kId1, "", kId2, "x"}));
}

TEST(StringFixed, LoaderKeepsPartyIdsFixed) {
  std::string csv = "身份证号,名称\n";
  for (int i = 0; i < 50; ++i) csv += std::string(i % 5 == 0 ? "" : i % 2 ? kId1 : kId2) + ",n\n";
  LoadSpec spec;
  spec.source = "p";
  spec.path = "p.csv";
  spec.columns = {{"身份证号", Logical::PartyId}, {"名称", Logical::Text}};
  spec.columns[0].optional = true;
  const LoadResult r = load_csv_bytes(spec, csv);
  ASSERT_TRUE(r.ok) << r.error_en;
  const Column& id = r.table.columns[0];
  EXPECT_EQ(id.str.width, 18u);
  for (size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(id.str.at(i), i % 5 == 0 ? std::string() : i % 2 ? kId1 : kId2) << i;
    EXPECT_EQ(id.valid[i], i % 5 == 0 ? 0 : 1) << i;
  }
  EXPECT_EQ(column_bytes(id), 50u * 19 + 8);  // 18 bytes and a valid byte a row, offsets {0}
}

}  // namespace
