// clue fmt: on every shipped model and every golden model that parses, in the keywords as
// written, in English and in Chinese, formatting is idempotent, keeps every comment (so every
// lint:allow line) and leaves the lint result as it was.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "compiler/format/format.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::format::Keywords;

namespace {

std::vector<std::string> all_models() {
  std::vector<std::string> out;
  for (const char* root : {"models", "tests/golden", "tests/fixtures"})
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().extension() == ".model") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool fmt(const std::string& path, const std::string& text, Keywords kw, std::string& out) {
  clue::SourceManager sm;
  clue::DiagnosticSink sink;
  clue::format::Options o;
  o.keywords = kw;
  return clue::format::format_model(path, text, o, out, sm, sink);
}

// The lint result of a model's text read as `path` (imports resolve beside it): each finding's
// code and, unless the keywords were rewritten (messages quote the model), its arguments.
std::multiset<std::string> lint_result(const std::string& path, const std::string& text, bool with_args) {
  clue::SourceManager sm;
  clue::DiagnosticSink sink;
  clue::FrontEndResult fe = clue::run_front_end_text(sm, path, text, sink);
  clue::run_lint(fe, sink);
  clue::apply_suppressions(fe, sink);
  std::multiset<std::string> out;
  for (const auto& d : sink.all()) {
    std::string s = d.code();
    if (with_args)
      for (const auto& a : d.args) s += "|" + a;
    out.insert(s);
  }
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = text.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

}  // namespace

TEST(Fmt, IdempotentAndLintUnchangedOnEveryModel) {
  size_t formatted = 0;
  for (const std::string& path : all_models()) {
    const std::string text = clue::test::read_file(path);
    for (Keywords kw : {Keywords::Keep, Keywords::English, Keywords::Chinese}) {
      std::string once, twice;
      if (!fmt(path, text, kw, once)) break;  // a golden model with syntax errors on purpose
      ++formatted;
      ASSERT_TRUE(fmt(path, once, kw, twice)) << path;
      EXPECT_EQ(once, twice) << path << " (keywords " << int(kw) << ") is not formatted the same twice";
      EXPECT_EQ(count(once, "lint:allow"), count(text, "lint:allow")) << path;
      EXPECT_EQ(count(once, "#") + count(once, "//"), count(text, "#") + count(text, "//")) << path;
      EXPECT_EQ(lint_result(path, once, kw == Keywords::Keep), lint_result(path, text, kw == Keywords::Keep))
          << path << " (keywords " << int(kw) << ")\n" << once;
    }
  }
  EXPECT_GT(formatted, 300u);  // the shipped models and most golden ones, three ways each
}

// Chinese and back gives the English layout (the keywords' widths aside, nothing is lost).
TEST(Fmt, ChineseAndBackIsEnglish) {
  for (const std::string& path : all_models()) {
    if (path.rfind("models/", 0) != 0) continue;
    const std::string text = clue::test::read_file(path);
    std::string en, zh, back;
    ASSERT_TRUE(fmt(path, text, Keywords::English, en)) << path;
    ASSERT_TRUE(fmt(path, text, Keywords::Chinese, zh)) << path;
    ASSERT_TRUE(fmt(path, zh, Keywords::English, back)) << path;
    EXPECT_EQ(count(zh, "\n  where "), 0u) << path << "\n" << zh;  // steps in Chinese
    EXPECT_EQ(back, en) << path;
  }
}

TEST(Fmt, CanonicalSpacingKeepsLiteralsAsWritten) {
  std::string out;
  ASSERT_TRUE(fmt("t.model",
                  "schema 案件 {  案号 :case_no\n 金额: money ?  from \"金额（元）\" }\n"
                  "source c：案件\n\n\n\n"
                  "param 名单: list < text > = [ \"甲\" ，\"乙\" ]\n"
                  "r = c   where c.金额>1.50 and c.案号<>\"（2021）浙0102执1号\"   # 注释  \n"
                  "   derive x = -1+2\n"
                  "output r{c.案号 as 案号,x}\n",
                  Keywords::Keep, out));
  EXPECT_EQ(out,
            "schema 案件 { 案号: case_no\n  金额: money? from \"金额（元）\" }\n"
            "source c: 案件\n\n"
            "param 名单: list<text> = [\"甲\", \"乙\"]\n"
            "r = c where c.金额 > 1.50 and c.案号 != \"（2021）浙0102执1号\"   # 注释\n"
            "  derive x = -1 + 2\n"
            "output r { c.案号 as 案号, x }\n");
  std::string zh;
  ASSERT_TRUE(fmt("t.model", out, Keywords::Chinese, zh));
  EXPECT_NE(zh.find("结构 案件 {"), std::string::npos) << zh;
  EXPECT_NE(zh.find("r = c 筛选 c.金额 > 1.50 且 c.案号 != \"（2021）浙0102执1号\""), std::string::npos) << zh;
  EXPECT_NE(zh.find("输出 r { c.案号 作为 案号, x }"), std::string::npos) << zh;
}

TEST(Fmt, CompoundKeywords) {
  std::string zh, en;
  const std::string src =
      "schema A { k: text\n v: int? }\nsource a: A\nsource b: A\n"
      "r = a left join b on a.k == b.k where b.v is not null and a.v is null\n"
      "  group by a.k compute n = count(*)\n"
      "output r { k, n } order by n desc\n";
  ASSERT_TRUE(fmt("t.model", src, Keywords::Chinese, zh));
  EXPECT_NE(zh.find("a 左关联 b 按 a.k == b.k 筛选 b.v 不为空 且 a.v 为空"), std::string::npos) << zh;
  EXPECT_NE(zh.find("  分组 a.k 计算 n = count(*)"), std::string::npos) << zh;
  EXPECT_NE(zh.find("} 排序 n 降序"), std::string::npos) << zh;
  ASSERT_TRUE(fmt("t.model", zh, Keywords::English, en));
  std::string plain;
  ASSERT_TRUE(fmt("t.model", src, Keywords::Keep, plain));
  EXPECT_EQ(en, plain);
}

// An inline table: `table`/`对照表` and `rows`/`行` change language; a column named `rows` (a
// name everywhere but between a table's columns and its rows) stays as written.
TEST(Fmt, InlineTableKeywordsAndRowsAsAName) {
  std::string zh, en;
  const std::string src =
      "schema S { rows: int\n k: text }\nsource s: S\n"
      "table t { k: text, rows: int? } rows {\n(\"a\", 1),\n  (\"b\", null),\n}\n"
      "r = s join t on t.k == s.k where s.rows > t.rows\noutput r { s.k, s.rows }\n";
  ASSERT_TRUE(fmt("t.model", src, Keywords::Chinese, zh));
  EXPECT_NE(zh.find("对照表 t { k: text, rows: int? } 行 {\n  (\"a\", 1),\n  (\"b\", 空值),\n}"), std::string::npos) << zh;
  EXPECT_NE(zh.find("筛选 s.rows > t.rows"), std::string::npos) << zh;
  ASSERT_TRUE(fmt("t.model", zh, Keywords::English, en));
  std::string plain;
  ASSERT_TRUE(fmt("t.model", src, Keywords::Keep, plain));
  EXPECT_EQ(en, plain);
  EXPECT_NE(plain.find("table t { k: text, rows: int? } rows {\n  (\"a\", 1),"), std::string::npos) << plain;
}

TEST(Fmt, RefusesAModelWithSyntaxErrors) {
  std::string out = "untouched";
  EXPECT_FALSE(fmt("t.model", "source a 终本案件\n", Keywords::Keep, out));
  EXPECT_EQ(out, "untouched");
}

// The command: --check on the shipped models passes; on a file out of layout it names it (E0620,
// exit 1) and leaves it alone; without --check it rewrites it.
TEST(Fmt, CommandChecksAndRewrites) {
  const std::string clue = std::string("'") + CLUE_BINARY + "'";
  auto shipped = clue::test::run_command(clue + " fmt --check models/ --lang en");
  EXPECT_EQ(shipped.exit_code, 0) << shipped.output;
  const fs::path dir = fs::temp_directory_path() / ("clue_fmt_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "m.model").string();
  const std::string messy = "schema A {k:text}\nsource a:A\nr = a where a.k==\"x\"\noutput r {k}\n";
  clue::test::write_file(file, messy);
  auto check = clue::test::run_command(clue + " fmt --check '" + file + "' --lang en");
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("E0620"), std::string::npos) << check.output;
  EXPECT_EQ(clue::test::read_file(file), messy);
  auto rewrite = clue::test::run_command(clue + " fmt '" + file + "' --keywords zh --lang en");
  EXPECT_EQ(rewrite.exit_code, 0) << rewrite.output;
  EXPECT_EQ(clue::test::read_file(file), "结构 A { k: text }\n数据源 a: A\nr = a 筛选 a.k == \"x\"\n输出 r { k }\n");
  EXPECT_EQ(clue::test::run_command(clue + " fmt --check '" + file + "'").exit_code, 0);
  fs::remove_all(dir);
}
