// The literal prefilter of `matches` / `regex_extract` (runtime/exec/regex_prefilter.h): the
// atoms it finds for the models' patterns, the patterns it must give up on, and — what matters
// — that it never says "cannot match" for a text RE2 matches: random and adversarial texts
// (case variants, ſ and K, words around `pos`, cut UTF-8) against many patterns, and a run of
// a model with both engines whose leads must be RE2's answer row by row.
#include <gtest/gtest.h>

#include <re2/re2.h>

#include <algorithm>
#include <random>
#include <set>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/regex_prefilter.h"
#include "tests/unit/codegen_harness.h"

namespace {

using clue::exec::LiteralPrefilter;

// The atoms of `pattern` inside `(?:…)`: a pattern that starts with a literal character (and
// has no `|` outside groups) gets no prefilter, as RE2 finds its first byte with memchr; in a
// group the analysis is the same and is kept.
std::set<std::string> atoms(const std::string& pattern) {
  const LiteralPrefilter pre = LiteralPrefilter::of("(?:" + pattern + ")");
  return {pre.atoms().begin(), pre.atoms().end()};
}

TEST(RegexPrefilter, NoneWhenRe2SkipsToTheFirstByte) {
  for (const char* p : {"《(中华人民共和国)?合同法》", "执(\\d+)号", "a.bcd", "信用卡"})
    EXPECT_FALSE(LiteralPrefilter::of(p).active()) << p;
  for (const char* p : {"信用卡|刷卡", "(?i:\\bpos\\b)", "\\b信用卡", "(?:信用卡)"})
    EXPECT_TRUE(LiteralPrefilter::of(p).active()) << p;
}

TEST(RegexPrefilter, AtomsOfTheModelsPatterns) {
  EXPECT_EQ(atoms("信用卡|刷卡|套现|(?i:\\bpos\\b)"),
            (std::set<std::string>{"信用卡", "刷卡", "套现", "pos", "po\xC5\xBF"}));
  EXPECT_EQ(atoms("(?i:\\bpos\\b)"), (std::set<std::string>{"pos", "po\xC5\xBF"}));
  // A run of exact items after a gap is kept whole; the longest shortest atom wins.
  EXPECT_EQ(atoms("a.bcd"), (std::set<std::string>{"bcd"}));
  EXPECT_EQ(atoms("执(\\d+)号"), (std::set<std::string>{"执"}));
  EXPECT_EQ(atoms("ab+c"), (std::set<std::string>{"ab"}));
  EXPECT_EQ(atoms("(?:ab){2,}x"), (std::set<std::string>{"ab"}));
  EXPECT_EQ(atoms("(?i)K9"), (std::set<std::string>{"k9", "\xE2\x84\xAA" "9"}));
  // An optional group times an alternation would make 18 strings, past the 16 a run keeps: the
  // run restarts at the alternation, whose nine strings with 》 are longer than 《.
  const auto statutes = atoms("《(中华人民共和国)?(合同法|物权法|担保法|民法通则|民法总则|婚姻法|继承法|收养法|侵权责任法)》");
  EXPECT_EQ(statutes.size(), 9u);
  EXPECT_TRUE(statutes.count("合同法》"));
  EXPECT_TRUE(statutes.count("侵权责任法》"));
  // Atoms are cut to 32 bytes (here inside 法).
  EXPECT_EQ(atoms("《(中华人民共和国)?合同法》"),
            (std::set<std::string>{"《合同法》", std::string("《中华人民共和国合同法》").substr(0, 32)}));
}

TEST(RegexPrefilter, GivesUpWhereNothingIsRequired) {
  for (const char* p : {".*", "a|.*", "\\d+", "x?", "[abc]", "a*", "(?i)é", "abc|", "(a|b)", "\\x41BC", "\\101",
                        "\\QABC\\E", "(?i)中文", "a{0}"})
    EXPECT_FALSE(LiteralPrefilter::of(p).active()) << p;
}

// ASCII letters have exactly two non-ASCII case partners in RE2's folding (the code relies on
// it): ſ U+017F (s) and K U+212A (k). Every code point is tried.
TEST(RegexPrefilter, OnlyTwoNonAsciiCharactersFoldToAsciiLetters) {
  RE2 letter("(?i)[a-z]");
  std::vector<uint32_t> found;
  for (uint32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    if (cp < 0x800) s = {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000) s = {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
    else
      s = {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)),
           char(0x80 | (cp & 0x3F))};
    if (RE2::FullMatch(s, letter)) found.push_back(cp);
  }
  EXPECT_EQ(found, (std::vector<uint32_t>{0x17F, 0x212A}));
}

const std::vector<std::string> kPatterns = {
    "信用卡|刷卡|套现|(?i:\\bpos\\b)",
    "(?i:\\bpos\\b)",
    "《(中华人民共和国)?(合同法|物权法|担保法|民法通则|民法总则|婚姻法|继承法|收养法|侵权责任法)》",
    "《(中华人民共和国)?合同法》",
    "执(\\d+)号",
    "(?i)sk[a-z]+OK",
    "abb+c|x(yz)?w",
    "(?i:ks)|信用",
    "a\\.b\\*c",
    "^刷卡$",
    "(?P<n>套现){2}",
    "(?i)P(?-i:os)",
    "po(?i)S",
};

// Texts from fragments chosen to hit the atoms, their case variants, their folded partners and
// their near misses, joined at random (bytes of a cut character included).
std::vector<std::string> random_texts(size_t n, uint32_t seed) {
  const std::vector<std::string> parts = {
      "信用卡", "信用", "刷卡", "刷", "卡", "套现", "套", "现", "pos", "POS", "PoS", "po", "os", "s", "S", "\xC5\xBF",
      "\xE2\x84\xAA", "k", "K", " ", "机", "deposit", "《", "》", "中华人民共和国", "合同法", "侵权责任法", "执",
      "123", "号", "a", "b", "c", "ab", "x", "yz", "w", ".", "*", "ok", "OK", "\xE4", "\xBF\xA1", "\n", "_",
      "a.b*c", "skaOK", "\xC5\xBF\xE2\x84\xAAxok", "《合同法》", "《中华人民共和国侵权责任法》", "执12号"};
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string t;
    const size_t k = rng() % 12;
    for (size_t j = 0; j < k; ++j) t += parts[rng() % parts.size()];
    out.push_back(t);
  }
  // Long texts: the SIMD loop and its tail, with the atom at every offset near the end.
  for (size_t pad = 0; pad < 70; ++pad) {
    out.push_back(std::string(pad, 'x') + "信用卡" + std::string(70 - pad, 'y'));
    out.push_back(std::string(pad, 'x') + "poS");
    out.push_back(std::string(pad, 'x') + "po\xC5\xBF" + "1");
    out.push_back(std::string(pad, '_') + "《侵权责任法》");
  }
  return out;
}

TEST(RegexPrefilter, NeverRejectsATextRe2Matches) {
  const std::vector<std::string> texts = random_texts(20000, 7);
  for (const std::string& written : kPatterns) {
    const std::string p = "(?:" + written + ")";  // see atoms()
    RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    const LiteralPrefilter pre = LiteralPrefilter::of(p);
    ASSERT_TRUE(pre.active()) << p;
    size_t matched = 0, rejected = 0;
    for (const std::string& t : texts) {
      const bool m = RE2::PartialMatch(t, re);
      const bool maybe = pre.may_match(t);
      matched += m;
      rejected += !maybe;
      EXPECT_TRUE(maybe || !m) << p << " on '" << t << "'";
    }
    // The test means something: both answers occur for every pattern.
    EXPECT_GT(matched, 0u) << p;
    EXPECT_GT(rejected, 0u) << p;
  }
}

// Random patterns from pieces of the syntax the analysis follows (and some it gives up on),
// each checked against RE2 on the random texts: a rejected text must never match.
TEST(RegexPrefilter, RandomPatternsNeverRejectAMatch) {
  const std::vector<std::string> pieces = {"信用卡", "刷卡", "pos", "PO", "s", "k", "ab", "c", "《", "》", "合同法", "\\b",
                                           "\\.", ".", "[a-z]", "\\d", "^", "$", "ſ", "执", "(?i:", "(?:", "(", ")",
                                           "|", "?", "*", "+", "{2}", "{1,3}", "(?i)", "(?-i:"};
  const std::vector<std::string> texts = random_texts(3000, 3);
  std::mt19937 rng(17);
  size_t tried = 0, active = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string p;
    const size_t k = 1 + rng() % 8;
    for (size_t j = 0; j < k; ++j) p += pieces[rng() % pieces.size()];
    RE2 re(p, RE2::Quiet);
    if (!re.ok()) continue;
    ++tried;
    const LiteralPrefilter pre = LiteralPrefilter::of(p);
    active += pre.active();
    for (const std::string& t : texts)
      if (!pre.may_match(t)) ASSERT_FALSE(RE2::PartialMatch(t, re)) << p << " on '" << t << "'";
  }
  EXPECT_GT(tried, 500u);
  EXPECT_GT(active, 200u);
}

// A model's `matches` and `regex_extract` over the random texts, with both engines: leads
// must be the rows RE2 itself matches.
TEST(RegexPrefilter, ModelRunsAgreeWithRe2) {
  using namespace clue;
  const std::vector<std::string> texts = random_texts(3000, 11);
  rt::Table t;
  t.name = "s";
  t.path = "s.csv";
  t.columns = {rt::Column::make(rt::Logical::Int), rt::Column::make(rt::Logical::Text)};
  t.column_names = {"n", "tx"};
  for (size_t i = 0; i < texts.size(); ++i) {
    t.columns[0].valid.push_back(1);
    t.columns[0].i64.push_back(int64_t(i + 1));
    t.columns[1].valid.push_back(1);
    t.columns[1].str.push(texts[i]);
    t.line.push_back(i + 2);
  }
  const std::string header = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  tx: text }
source s: S
)";
  const std::string pattern = "信用卡|刷卡|套现|(?i:\\bpos\\b)";
  std::string errors;
  auto model = cgtest::check_model(header + "q = s\n  where matches(s.tx, \"信用卡|刷卡|套现|(?i:\\\\bpos\\\\b)\")\n" +
                                       "  derive e = regex_extract(s.tx, \"(?i:\\\\bpos\\\\b)\")\n" +
                                       "output q { s.n, e }\n",
                                   &errors);
  ASSERT_TRUE(model) << errors;
  std::vector<rt::Table> tables = {t};
  codegen::JitFilterBackend jit;
  exec::ParamValues params = cgtest::default_params(*model);
  uint64_t batches = 0;
  EXPECT_EQ(cgtest::run_both(model->plans.physical, tables, params, jit, 256, &batches), "");
  std::vector<const rt::Table*> by_source = {&tables[0]};
  exec::RunOptions o;
  o.batch_rows = 256;
  auto out = exec::execute(model->plans.physical, by_source, params, o);
  std::vector<std::string> got, want;
  for (const auto& row : out.outputs.at(0).rows) got.push_back(row.at(0) + "|" + row.at(1));
  RE2 re(pattern), pos("(?i:\\bpos\\b)");
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!RE2::PartialMatch(texts[i], re)) continue;
    re2::StringPiece m;
    const bool has = RE2::PartialMatch(texts[i], "((?i:\\bpos\\b))", &m);
    (void)pos;
    want.push_back(std::to_string(i + 1) + "|" + (has ? std::string(m.data(), m.size()) : std::string()));
  }
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_GT(want.size(), 100u);
  EXPECT_EQ(got, want);
}

}  // namespace
