// SharedText: static texts are referred to, owned texts are shared by their copies (a copy
// never copies the bytes), and it reads and compares like a string. And the loader's value
// rejects do share their texts: the load's, and the static message tables.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "runtime/load/loader.h"
#include "runtime/load/shared_text.h"
#include "runtime/values/value_errors.h"

namespace clue::rt {
namespace {

TEST(SharedText, DefaultIsEmpty) {
  const SharedText t;
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.owned());
  EXPECT_EQ(t, "");
  EXPECT_EQ(t, std::string());
  EXPECT_EQ(t.view(), std::string_view());
  EXPECT_EQ(t.str(), "");
  EXPECT_FALSE(SharedText("").owned());  // nothing allocated for an empty text
}

TEST(SharedText, StaticTextIsReferredToNotCopied) {
  static const char kText[] = "ID card number contains a character other than digits and a final X";
  const SharedText t = SharedText::of_static(kText);
  EXPECT_EQ(t.data(), kText);
  EXPECT_EQ(t.size(), sizeof kText - 1);
  EXPECT_FALSE(t.owned());
  const SharedText copy = t;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.data(), kText);
  EXPECT_FALSE(copy.owned());
  EXPECT_EQ(t.fresh_copy().data(), kText);  // static stays static
}

TEST(SharedText, OwnedTextIsSharedByItsCopies) {
  std::string s = "bench/.data/scale-1000000-seed-1/终本案件.csv";
  SharedText t(s);
  EXPECT_TRUE(t.owned());
  EXPECT_NE(t.data(), s.data());  // its own copy...
  s[0] = 'X';
  EXPECT_EQ(t, "bench/.data/scale-1000000-seed-1/终本案件.csv");  // ...unaffected by the original

  const SharedText copy = t;
  EXPECT_EQ(copy.data(), t.data());  // the same bytes, not a copy of them
  SharedText assigned;
  assigned = copy;
  EXPECT_EQ(assigned.data(), t.data());
  SharedText moved = std::move(assigned);
  EXPECT_EQ(moved.data(), t.data());
  EXPECT_TRUE(assigned.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(assigned, "");
  SharedText fixed = SharedText::of_static("x");
  fixed = std::move(moved);
  EXPECT_EQ(fixed.data(), t.data());
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.view(), std::string_view());

  // The bytes live as long as any copy.
  const char* bytes = t.data();
  t = SharedText();
  EXPECT_EQ(copy.data(), bytes);
  EXPECT_EQ(copy, "bench/.data/scale-1000000-seed-1/终本案件.csv");

  // fresh_copy: the same text in an allocation of its own.
  const SharedText fresh = copy.fresh_copy();
  EXPECT_TRUE(fresh.owned());
  EXPECT_NE(fresh.data(), copy.data());
  EXPECT_EQ(fresh, copy);
}

TEST(SharedText, ShortTextsToo) {
  // Within std::string's small-string buffer: the bytes live in the shared allocation.
  const SharedText t(std::string("zb"));
  const SharedText copy = t;
  EXPECT_TRUE(t.owned());
  EXPECT_EQ(copy.data(), t.data());
  EXPECT_EQ(copy, "zb");
}

TEST(SharedText, ComparesWithEveryStringType) {
  const SharedText owned("V0102");
  const SharedText fixed = SharedText::of_static("V0102");
  const std::string s = "V0102";
  const std::string_view v = s;
  const char* p = "V0102";
  EXPECT_TRUE(owned == fixed);
  EXPECT_TRUE(owned == s);
  EXPECT_TRUE(s == owned);
  EXPECT_TRUE(owned == v);
  EXPECT_TRUE(v == owned);
  EXPECT_TRUE(owned == p);
  EXPECT_TRUE(p == owned);
  EXPECT_TRUE(owned == "V0102");
  EXPECT_TRUE("V0102" == owned);
  EXPECT_FALSE(owned != fixed);
  EXPECT_TRUE(owned != "V0103");
  EXPECT_TRUE(std::string("V0103") != owned);
  EXPECT_TRUE(owned != std::string_view("V010"));
  EXPECT_TRUE(owned != SharedText());
  EXPECT_EQ(owned, fixed);  // gtest's comparisons
  EXPECT_NE(owned, "V0103");
}

TEST(SharedText, ConvertsAndPrints) {
  const SharedText t("被执行人身份证号");
  const std::string_view v = t;  // implicit
  EXPECT_EQ(v, "被执行人身份证号");
  EXPECT_EQ(t.str(), "被执行人身份证号");
  EXPECT_EQ(std::string(t), "被执行人身份证号");  // explicit
  std::string assigned;
  assigned = t;  // through string_view
  EXPECT_EQ(assigned, "被执行人身份证号");
  std::ostringstream o;
  o << t << '|' << SharedText() << '|' << SharedText::of_static("x");
  EXPECT_EQ(o.str(), "被执行人身份证号||x");
  EXPECT_EQ(::testing::PrintToString(t), "被执行人身份证号");
}

TEST(SharedText, CopiesOnManyThreads) {
  // Copies made and dropped on several threads at once (the count is atomic).
  const SharedText t(std::string(100, 'x'));
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        std::vector<SharedText> copies(2000, t);
        for (const SharedText& c : copies) ASSERT_EQ(c.data(), t.data());
      }
    });
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(t, std::string(100, 'x'));
}

TEST(SharedText, ValueRejectsShareTheirTexts) {
  LoadSpec s;
  s.source = "终本案件";
  s.path = "a/long/enough/path/终本案件.csv";
  ColumnSpec id;
  id.name = "被执行人身份证号";
  id.type = Logical::IdCard;
  id.headers = {id.name};
  s.columns = {id};
  std::string csv = "被执行人身份证号\n";
  for (int i = 0; i < 100; ++i) csv += "91330881171380829Q\n";
  for (int threads : {1, 3}) {
    s.threads = threads;
    s.min_chunk_bytes = 64;
    const LoadResult r = load_csv_bytes(s, csv);
    ASSERT_TRUE(r.ok) << r.error_en;
    ASSERT_EQ(r.rejects.size(), 100u);
    const RejectRecord& first = r.rejects[0];
    EXPECT_EQ(first.source, "终本案件");
    EXPECT_EQ(first.path, "a/long/enough/path/终本案件.csv");
    EXPECT_EQ(first.column, "被执行人身份证号");
    EXPECT_EQ(first.code, values::code(values::ValueError::IdcardBadChar));
    for (const RejectRecord& j : r.rejects) {
      // The messages are the static tables themselves.
      EXPECT_EQ(j.code.data(), values::code(values::ValueError::IdcardBadChar));
      EXPECT_EQ(j.reason_en.data(), values::message_en(values::ValueError::IdcardBadChar));
      EXPECT_EQ(j.reason_zh.data(), values::message_zh(values::ValueError::IdcardBadChar));
      EXPECT_FALSE(j.code.owned());
      // The load's texts are shared, not copied per reject.
      EXPECT_TRUE(j.path.owned());
      EXPECT_EQ(j.source, first.source);
      EXPECT_EQ(j.path, first.path);
      EXPECT_EQ(j.column, first.column);
      if (threads == 1) {
        EXPECT_EQ(j.source.data(), first.source.data());
        EXPECT_EQ(j.path.data(), first.path.data());
        EXPECT_EQ(j.column.data(), first.column.data());
      }
    }
  }
}

}  // namespace
}  // namespace clue::rt
