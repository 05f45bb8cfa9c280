// The registry of every code a user can see (runtime/diag/codes.def): stable, unique,
// well-formed codes and identifiers with both languages' text; each family's own enum agrees
// with it; and every code is triggered by some test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/render.h"
#include "runtime/csv/errors.h"
#include "runtime/diag/registry.h"
#include "runtime/load/loader.h"
#include "runtime/values/value_errors.h"
#include "tests/support/run_command.h"

namespace clue {
namespace {

namespace fs = std::filesystem;

std::multiset<std::string> placeholders(const std::string& t) {
  std::multiset<std::string> out;
  std::regex re("\\{[0-9]?\\}");
  for (auto it = std::sregex_iterator(t.begin(), t.end(), re); it != std::sregex_iterator(); ++it) out.insert(it->str());
  return out;
}

bool has_cjk(const std::string& s) {  // a character of three UTF-8 bytes or more: not a copy of the English
  for (unsigned char c : s)
    if (c >= 0xE0) return true;
  return false;
}

TEST(Registry, CodesAreUniqueWellFormedAndBilingual) {
  std::set<std::string> codes, ids;
  ASSERT_EQ(diag::all().size(), diag::kCodeCount);
  for (size_t i = 0; i < diag::kCodeCount; ++i) {
    const diag::CodeInfo& d = diag::all()[i];
    const std::string code = d.code;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
    EXPECT_TRUE(ids.insert(d.id).second) << "duplicate identifier " << d.id;
    EXPECT_TRUE(std::regex_match(std::string(d.id), std::regex("[A-Z][A-Za-z0-9]+"))) << code << " " << d.id;
    EXPECT_EQ(&diag::info(static_cast<diag::Code>(i)), &d);
    EXPECT_EQ(diag::by_code(code), static_cast<diag::Code>(i));
    EXPECT_EQ(diag::by_id(d.id), static_cast<diag::Code>(i));
    // The letter says the family, and the family the possible severities.
    switch (d.family) {
      case diag::Family::Diag:
        EXPECT_TRUE(std::regex_match(code, std::regex("[EW][0-9]{4}"))) << code;
        EXPECT_EQ(code[0] == 'E', d.severity == diag::Severity::Error) << code << ": the letter must match the severity";
        EXPECT_EQ(code[0] == 'W', d.severity == diag::Severity::Warning) << code;
        EXPECT_EQ(std::string(d.id), d.name) << code;
        break;
      case diag::Family::Usage:
        // U01xx flags and arguments, U02xx files named on the command line, U03xx `clue why`.
        EXPECT_TRUE(std::regex_match(code, std::regex("U0[1-3][0-9]{2}"))) << code;
        EXPECT_EQ(d.severity, diag::Severity::Error) << code << ": a usage error stops the command (exit 2)";
        EXPECT_EQ(std::string(d.id), d.name) << code;
        break;
      case diag::Family::Csv:
        EXPECT_TRUE(std::regex_match(code, std::regex("C0[123][0-9]{2}"))) << code;
        // The range says the kind: C01xx row rejects, C02xx file errors, C03xx data warnings.
        EXPECT_EQ(d.severity, code[2] == '1'   ? diag::Severity::RowReject
                              : code[2] == '2' ? diag::Severity::FileError
                                               : diag::Severity::DataWarning)
            << code;
        EXPECT_EQ(std::string(d.id), std::string("Csv") + d.name) << code;
        break;
      case diag::Family::Value:
        EXPECT_TRUE(std::regex_match(code, std::regex("V[0-9]{4}"))) << code;
        EXPECT_NE(code, "V0000") << "V0000 means no error";
        EXPECT_EQ(d.severity, diag::Severity::ValueReject) << code;
        EXPECT_EQ(std::string(d.id), std::string("Value") + d.name) << code;
        break;
      case diag::Family::Load:
        EXPECT_TRUE(std::regex_match(code, std::regex("L[0-9]{4}"))) << code;
        EXPECT_TRUE(d.severity == diag::Severity::RowReject || d.severity == diag::Severity::FileError) << code;
        EXPECT_EQ(std::string(d.id), std::string("Load") + d.name) << code;
        break;
    }
    EXPECT_GT(std::string(d.en).size(), 5u) << code;
    EXPECT_GT(std::string(d.zh).size(), 5u) << code;
    EXPECT_TRUE(has_cjk(d.zh)) << code << ": the Chinese text is missing";
    EXPECT_EQ(placeholders(d.en), placeholders(d.zh)) << code << ": both languages must use the same arguments";
    // A fix hint is in both languages or in neither.
    EXPECT_EQ(std::string(d.hint_en).empty(), std::string(d.hint_zh).empty()) << code;
    if (d.has_hint()) {
      EXPECT_TRUE(has_cjk(d.hint_zh)) << code;
    }
    EXPECT_EQ(std::string(d.text(diag::Lang::Zh)), d.zh);
    EXPECT_EQ(std::string(d.hint(diag::Lang::En)), d.hint_en);
  }
  EXPECT_FALSE(diag::by_code("E9999").has_value());
  EXPECT_FALSE(diag::by_id("NoSuchCode").has_value());
  for (const diag::NoteInfo& n : diag::notes()) {
    EXPECT_FALSE(std::string(n.en).empty()) << n.name;
    EXPECT_EQ(placeholders(n.en), placeholders(n.zh)) << n.name;
  }
  EXPECT_EQ(diag::notes().size(), size_t(NoteId::kCount));
  // The driver's other texts: both languages, the same placeholders, unique names.
  std::set<std::string> text_names;
  for (const diag::TextInfo& t : diag::texts()) {
    EXPECT_TRUE(text_names.insert(t.name).second) << "duplicate text " << t.name;
    EXPECT_FALSE(std::string(t.en).empty()) << t.name;
    EXPECT_FALSE(std::string(t.zh).empty()) << t.name;
    EXPECT_EQ(placeholders(t.en), placeholders(t.zh)) << t.name << ": both languages must use the same arguments";
    for (const auto& p : placeholders(t.en)) EXPECT_NE(p, "{}") << t.name << ": texts number their arguments";
  }
  EXPECT_EQ(diag::texts().size(), size_t(TextId::kCount));
}

// The driver's texts are filled by position, in the language asked for; a bilingual argument
// follows it (run summaries and `why` are compared byte for byte by the golden tests).
TEST(Registry, DriverTextsInBothLanguages) {
  EXPECT_EQ(ui_text(TextId::RunOutput, Lang::En, {"leads", "3", "out/leads.csv"}), "output leads: 3 leads → out/leads.csv");
  EXPECT_EQ(ui_text(TextId::RunOutput, Lang::Zh, {"leads", "3", "out/leads.csv"}), "输出 leads: 3 条线索 → out/leads.csv");
  EXPECT_EQ(ui_text(TextId::WhyTrue, Lang::Zh), "成立");
  EXPECT_EQ(ui_text(TextId::WhyJoinCondition, Lang::En, {bilingual("x", "甲")}), "and x");
  EXPECT_EQ(ui_text(TextId::WhyJoinCondition, Lang::Zh, {bilingual("x", "甲")}), "且 甲");
  EXPECT_EQ(ui_text(TextId::TestSummary, Lang::En, {"5", "0"}), "5 passed, 0 failed");
  EXPECT_EQ(std::string(diag::texts()[size_t(TextId::RunManifest)].name), "RunManifest");
}

// `clue run`'s summary comes from the registry's texts, byte for byte as it was written inline
// before (scripts and people read it), with the line added for the xlsx beside the CSV
// (docs/outputs.md); only the time line varies from run to run.
TEST(Registry, RunSummaryTextsAreUnchanged) {
  const fs::path out = fs::temp_directory_path() / ("clue_summary_" + std::to_string(::getpid()));
  const std::string o = out.string();
  const std::string data = "tests/golden/run/due_claims_dirty/data";
  const std::map<std::string, std::string> want = {
      {"en",
       "param 结案方式白名单 = [\"判决\", \"调解成功\"] (default)\n"
       "param 时段分界 = 2022-01-01 (default)\n"
       "read zb ← " + data + "/终本案件.csv: 7 rows, used 5, rejected 2 (GB18030)\n"
       "read civil ← " + data + "/民事案件.csv: 5 rows, used 5, rejected 0 (UTF-8)\n\n"
       "output leads: 3 leads → " + o + "/leads.csv\n"
       "  for people: " + o + "/leads.xlsx (IDs and case numbers as text, money and dates as numbers)\n\n"
       "rejects 3 → " + o + "/rejects.csv (2 rows not used, 1 values that did not parse, used as null)\n"
       "  zb.被执行人身份证号: 1 × V0105 — number stored by Excel as a float; digits lost\n"
       "  zb (whole row): 1 × C0101 — e.g. line 7: expected 10 fields but found 3; the row is rejected whole (never "
       "shifted)\n"
       "  zb (whole row): 1 × C0102 — e.g. line 9: summary row '合计' is not data; counted as a trailer\n"
       "manifest " + o + "/manifest.json\n"
       "engine jit: inputs are small (largest 5 rows, under --jit-threshold 500000): interpreted, compiling would "
       "cost more than it saves\n"},
      {"zh",
       "参数 结案方式白名单 = [\"判决\", \"调解成功\"]（默认值）\n"
       "参数 时段分界 = 2022-01-01（默认值）\n"
       "读取 zb ← " + data + "/终本案件.csv: 7 行，使用 5，拒绝 2 (GB18030)\n"
       "读取 civil ← " + data + "/民事案件.csv: 5 行，使用 5，拒绝 0 (UTF-8)\n\n"
       "输出 leads: 3 条线索 → " + o + "/leads.csv\n"
       "  供人阅读：" + o + "/leads.xlsx（证件号、案号为文本，金额、日期为数值）\n\n"
       "问题记录 3 → " + o + "/rejects.csv (2 行未使用，1 个无法解析的值按空值处理）\n"
       "  zb.被执行人身份证号：1 条 V0105，号码被Excel存成浮点数，部分数字已丢失\n"
       "  zb（整行）：1 条 C0101，例如 第7行：应有10列，实际3列；整行拒收（不做错位修补）\n"
       "  zb（整行）：1 条 C0102，例如 第9行：“合计”为合计类汇总行，不作为数据，已计入汇总行\n"
       "清单 " + o + "/manifest.json\n"
       "引擎 jit: 输入较小（最大 5 行，低于 --jit-threshold 500000）：由解释器执行，编译的开销大于收益\n"}};
  const std::map<std::string, std::string> time_line = {
      {"en", "time [0-9.]+ s \\(compile [0-9.]+, read [0-9.]+, execute [0-9.]+, write [0-9.]+\\)\n"},
      {"zh", "用时 [0-9.]+ s \\(编译 [0-9.]+, 读取 [0-9.]+, 执行 [0-9.]+, 写出 [0-9.]+\\)\n"}};
  for (const auto& [lang, text] : want) {
    fs::remove_all(out);
    // Without the digest cache: these files are old enough to be remembered by the first run,
    // and the second would then print its line (io_digest_cache_run_test.cpp tests that one).
    auto r = test::run_command(std::string("'") + CLUE_BINARY + "' run models/due_claims.model --data-dir " + data +
                               " --out '" + o + "' --threads 1 --hash-cache none --lang " + lang);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_GE(r.output.size(), text.size()) << r.output;
    EXPECT_EQ(r.output.substr(0, text.size()), text);
    EXPECT_TRUE(std::regex_match(r.output.substr(text.size()), std::regex(time_line.at(lang)))) << r.output;
  }
  fs::remove_all(out);
}

// A U code is a DiagId like E/W, rendered the same way, and makes the command exit with 2
// (compiler/driver/cli_common.cpp); it is never a data code.
TEST(Registry, UsageCodesAreDiagnostics) {
  const DiagInfo& info = diag_info(DiagId::BadMaxMemory);
  EXPECT_STREQ(info.code, "U0104");
  EXPECT_TRUE(info.usage);
  EXPECT_EQ(info.severity, Severity::Error);
  EXPECT_FALSE(diag_info(DiagId::OutOfMemory).usage);
  EXPECT_EQ(diag_by_code("U0104"), DiagId::BadMaxMemory);
  EXPECT_EQ(diag::info(registry_code(DiagId::BadMaxMemory)).family, diag::Family::Usage);
  EXPECT_STREQ(diag::family_name(diag::Family::Usage), "usage");

  DiagnosticSink sink;
  sink.report(DiagId::UnusedSource, Span{}, {"x"});
  EXPECT_EQ(sink.usage_error_count(), 0u);
  sink.report(DiagId::BadMaxMemory, Span{}, {"8X"});
  EXPECT_EQ(sink.usage_error_count(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(message(sink.all()[1], Lang::En), "--max-memory takes a size such as 8G or 512M, not 8X");
  EXPECT_EQ(message(sink.all()[1], Lang::Zh), "--max-memory 应写作 8G、512M 这样的大小，而不是 8X");
  SourceManager sm;
  EXPECT_EQ(render_text({sink.all()[1]}, sm, Lang::En),
            "error[U0104]: --max-memory takes a size such as 8G or 512M, not 8X\n\n");
  const std::string sarif = render_sarif({sink.all()[1]}, sm, Lang::En);
  EXPECT_NE(sarif.find("\"ruleId\":\"U0104\",\"ruleIndex\":" + std::to_string(size_t(diag::Code::U0104))),
            std::string::npos);

  Diagnostic d{DiagId::LeadRowUnreadable, {}, {}, {}};
  d.with_data_code("U0104");  // not a data code
  EXPECT_FALSE(d.data_code.has_value());
  d.with_data_code("C0201");
  EXPECT_EQ(d.data_code, diag::Code::C0201);
}

// Each layer's enum is the registry's rows of its family, in order, with the same texts.
TEST(Registry, FamiliesAgreeWithTheirEnums) {
  std::map<diag::Family, std::vector<const diag::CodeInfo*>> by_family;
  for (const diag::CodeInfo& d : diag::all()) by_family[d.family].push_back(&d);

  // DiagId: the E/W rows, then the U rows.
  auto ew = by_family[diag::Family::Diag];
  ew.insert(ew.end(), by_family[diag::Family::Usage].begin(), by_family[diag::Family::Usage].end());
  ASSERT_EQ(ew.size(), diag_count());
  for (size_t i = 0; i < diag_count(); ++i) {
    const DiagInfo& info = diag_info(diag_at(i));
    EXPECT_STREQ(info.code, ew[i]->code);
    EXPECT_STREQ(info.name, ew[i]->name);
    EXPECT_STREQ(info.en, ew[i]->en);
    EXPECT_STREQ(info.zh, ew[i]->zh);
    EXPECT_EQ(info.severity == Severity::Error, ew[i]->severity == diag::Severity::Error);
    EXPECT_EQ(info.usage, ew[i]->family == diag::Family::Usage);
    EXPECT_EQ(&diag::info(registry_code(diag_at(i))), ew[i]);
    EXPECT_EQ(diag_by_code(info.code), diag_at(i));
  }
  EXPECT_FALSE(diag_by_code("C0101").has_value()) << "DiagId covers E/W/U only";

  const auto& c = by_family[diag::Family::Csv];
  ASSERT_EQ(c.size(), csv::kErrorCodeCount);
  for (size_t i = 0; i < c.size(); ++i) {
    const auto e = static_cast<csv::ErrorCode>(i);
    EXPECT_EQ(csv::code_id(e), c[i]->code);
    EXPECT_EQ(csv::code_name(e), c[i]->name);
    EXPECT_EQ(csv::message_template(e, csv::Lang::En), c[i]->en);
    EXPECT_EQ(csv::message_template(e, csv::Lang::Zh), c[i]->zh);
    EXPECT_EQ(&diag::info(csv::registry_code(e)), c[i]);
  }

  const auto& v = by_family[diag::Family::Value];
  ASSERT_EQ(v.size(), size_t(values::kValueErrorCount));
  EXPECT_FALSE(values::registry_code(values::ValueError::None).has_value());
  for (size_t i = 0; i < v.size(); ++i) {
    const auto e = static_cast<values::ValueError>(i + 1);
    EXPECT_STREQ(values::code(e), v[i]->code);
    EXPECT_STREQ(values::message_en(e), v[i]->en);
    EXPECT_STREQ(values::message_zh(e), v[i]->zh);
    EXPECT_EQ(&diag::info(*values::registry_code(e)), v[i]);
  }

  const auto& l = by_family[diag::Family::Load];
  ASSERT_EQ(l.size(), 5u);
  for (size_t i = 0; i < l.size(); ++i) EXPECT_EQ(&rt::load_error(static_cast<rt::LoadError>(i)), l[i]);
  EXPECT_STREQ(rt::load_error(rt::LoadError::RequiredMissing).code, "L0001");
  EXPECT_STREQ(rt::load_error(rt::LoadError::XlsxRead).code, "L0202");
}

// docs/data.md has a table row for every data code (C, V, L) with both texts, as the registry.
TEST(Registry, DataDocsMirrorTheRegistry) {
  const std::string doc = test::read_file(std::string(CLUE_SOURCE_DIR) + "/docs/data.md");
  ASSERT_FALSE(doc.empty());
  for (const diag::CodeInfo& d : diag::all()) {
    if (d.family == diag::Family::Diag || d.family == diag::Family::Usage) continue;
    const size_t at = doc.find(std::string("| ") + d.code + " | `" + d.name + "` |");
    ASSERT_NE(at, std::string::npos) << d.code << " has no row in docs/data.md";
    const std::string line = doc.substr(at, doc.find('\n', at) - at);
    EXPECT_NE(line.find(std::string(" | ") + d.en + " | "), std::string::npos) << line;
    EXPECT_NE(line.find(std::string(" | ") + d.zh + " |"), std::string::npos) << line;
  }
}

// docs/errors.md has a section for every code that can appear at run time: a run's E05xx and
// W05xx, the command line's U codes and the data codes C, V and L. Each section ("### CODE — ...")
// shows an example in a code block and says how to fix it ("Fix:").
TEST(Registry, EveryRunTimeCodeHasASectionInErrorsMd) {
  const std::string doc = test::read_file(std::string(CLUE_SOURCE_DIR) + "/docs/errors.md");
  ASSERT_FALSE(doc.empty());
  std::vector<std::string> missing;
  for (const diag::CodeInfo& d : diag::all()) {
    const std::string code = d.code;
    const bool run_time = d.family != diag::Family::Diag || code.compare(1, 2, "05") == 0;
    if (!run_time) continue;
    const size_t at = doc.find("\n### " + code + " — ");
    if (at == std::string::npos) {
      missing.push_back(code);
      continue;
    }
    const size_t end = std::min(doc.find("\n### ", at + 1), doc.find("\n## ", at + 1));
    const std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
    EXPECT_NE(section.find("\n```\n"), std::string::npos) << code << ": its section in docs/errors.md has no example";
    EXPECT_NE(section.find("\nFix: "), std::string::npos) << code << ": its section in docs/errors.md says no fix";
  }
  std::string list;
  for (const auto& m : missing) list += m + " ";
  EXPECT_TRUE(missing.empty()) << "run-time codes without a section in docs/errors.md: " << list;
}

TEST(Registry, FormatFillsBothPlaceholderStyles) {
  EXPECT_EQ(diag::format("a {} b {} c", {"1", "2"}), "a 1 b 2 c");
  EXPECT_EQ(diag::format("{1} then {0}", {"x", "y"}), "y then x");
  EXPECT_EQ(diag::format("line {}: {} and {}", {"7"}), "line 7: {} and {}") << "a missing argument stays visible";
  EXPECT_EQ(diag::format("{} {9}", {"a", "b"}), "a {9}");
  EXPECT_EQ(diag::format("{}", {"{}"}), "{}") << "arguments are not filled again";
  EXPECT_EQ(diag::format(diag::Code::C0205, diag::Lang::Zh, {"3"}), "第3行开始的引号字段直到文件结尾仍未闭合");
  EXPECT_EQ(diag::format(diag::Code::L0201, diag::Lang::En, {"a.xlsx", "not a zip file"}),
            "cannot open workbook 'a.xlsx': not a zip file");
}

TEST(Registry, DataCodesOnDiagnostics) {
  Diagnostic d{DiagId::BadDataFile, {}, {"a.csv", "3", "C0205 …"}, {}};
  EXPECT_FALSE(d.data_code.has_value());
  d.with_data_code("C0205");
  EXPECT_EQ(d.data_code, diag::Code::C0205);
  Diagnostic e{DiagId::BadDataFile, {}, {}, {}};
  e.with_data_code("E0101");  // not a data code
  e.with_data_code("nonsense");
  e.with_data_code("");
  EXPECT_FALSE(e.data_code.has_value());
}

TEST(Registry, BilingualArgumentsFollowTheMessageLanguage) {
  Diagnostic d{DiagId::UnexpectedToken, {}, {"'x'", bilingual("an expression", "表达式")}, {}};
  EXPECT_EQ(message(d, Lang::En), "unexpected 'x'; expected an expression");
  EXPECT_EQ(message(d, Lang::Zh), "此处不应出现'x'；应为表达式");
}

TEST(Registry, SuggestionsWorkOnChinese) {
  EXPECT_EQ(closest_match("被执行人身份证", {"被执行人", "被执行人身份证号", "案号"}), "被执行人身份证号");
  EXPECT_EQ(closest_match("versoin", {"version", "title"}), "version");
  EXPECT_FALSE(closest_match("完全不同的名字", {"案号", "法院"}).has_value());
  EXPECT_EQ(edit_distance_chars("案号", "案件号"), 1u);
}

// `word` in `text`, not followed by another identifier character (ErrorCode::EmptyFile, not
// ErrorCode::EmptyFileX).
bool names(const std::string& text, const std::string& word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const size_t end = at + word.size();
    if (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) return true;
  }
  return false;
}

// Every code is triggered by a test: an E/W/U code is a finding in a golden diagnostics file
// ("[E0301]" in text, "code":"E0301" in JSON, "ruleId":"E0301" in SARIF; the same rule as
// GoldenDiagnosticsCoverage); a C, V or L code appears in a golden output (rejects.csv, a
// diagnostic) or in a unit test that names its code or its enumerator (csv::ErrorCode::NotCsv,
// values::ValueError::IdcardMasked, rt::LoadError::XlsxOpen). Tests that list every code
// (this one, the families' registry tests, `--list-rules` golden cases) do not count.
TEST(Registry, EveryCodeIsTriggeredByATest) {
  // Codes no test can trigger, and why.
  const std::map<std::string, std::string> kUntriggerable = {
      {"C0207", "only when the system's GB18030 converter (glibc gconv) is missing"},
      {"C0211", "an internal invariant (rows read = delivered + rejected) that holds"},
  };
  // E/W codes whose trigger cannot be a golden case in the repository: a unit test that names
  // the code triggers it.
  const std::map<std::string, std::string> kNotGolden = {
      {"E0526", "65,536 data files for one source (SeveralFiles.DataDirRefusesMoreFilesThanATableNumbers)"},
      {"E0121", "a list of 200,001 items, 1.6 MB of model (LimitsInList.ListItemsHaveTheirOwnLimitNotTheExpansionOne)"},
      // A package signed by a key made at test time (no secret key is kept in the repository):
      // tests/unit/share_package_test.cpp makes each of these happen.
      {"E0632", "a packed file changed (Package.PackVerifyInstallRunAndTampering)"},
      {"E0633", "the signed package.json changed (Package.PackVerifyInstallRunAndTampering)"},
      {"E0634", "signed by a key not trusted (Package.PackVerifyInstallRunAndTampering)"},
      {"E0635", "an unsigned package (Package.PackVerifyInstallRunAndTampering)"},
      {"E0636", "a signed package whose model has errors (Package.VerifyRunsTheModelAndItsFixtures)"},
      {"E0637", "a signed package whose fixtures fail (Package.VerifyRunsTheModelAndItsFixtures)"},
      {"E0640", "a version installed twice (Package.PackVerifyInstallRunAndTampering)"},
      {"W0602", "a run of a package installed untrusted (Package.PackVerifyInstallRunAndTampering)"},
      // The warehouse clients (compiler/remote) and their URLs: unit tests against the real
      // servers of tools/local-cluster (tests/unit/remote_*_test.cpp name each code).
      {"E0830", "a closed port, a missing database (Clients.ServerErrorsAreCodedWithTheServersMessage)"},
      {"E0831", "a statement the server rejects (Clients.ServerErrorsAreCodedWithTheServersMessage)"},
      {"E0832", "a value that does not fit its column (Clients.BulkLoadRoundTrip)"},
      {"E0833", "an HTTP answer that is not ClickHouse's (ClickHouseClient.AnAnswerThatIsNotClickHousesIsAnError)"},
      {"E0834", "a geo field in a normalising view (NormalisingViews.FieldsWithoutSqlForm)"},
      // run --on's check of the ingest records: golden in en and zh (tests/golden/sql/records/).
      {"E0803", "a table no ingest recorded (SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster)"},
      {"E0804", "a started record never completed (SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster)"},
      {"E0805", "a row inserted behind Clue's back (SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster)"},
      // The memory budget and spilling: a budget a few KB small or a folder that cannot be
      // made, in process (an address-space limit that small stops the clue binary first):
      // tests/unit/limits_memory_budget_test.cpp.
      {"E0580", "a budget below the loaded columns (MemoryBudget.ABudgetTooSmallForTheLoadedColumnsIsE0580InBothLanguages)"},
      {"E0581", "a spill folder under a file (MemoryBudget.ASpillFolderThatCannotBeMadeIsE0581)"},
      {"E0582", "one key in a partition over the budget (MemoryBudget.APartitionThatStillDoesNotFitIsE0582)"},
      {"U0380", "ServerUrl.CodedErrors"},
      {"U0381", "ServerUrl.CodedErrors"},
      {"U0382", "ServerUrl.CodedErrors"},
      {"U0383", "ServerUrl.CodedErrors"},
      {"U0384", "ServerUrl.CodedErrors"},
      // A successful run prints its timings: not a golden case.
      {"W0603", "a run importing a package installed unsigned (PackageImport.RunRecordsThePackageAndItsFingerprint)"},
  };
  const fs::path root = fs::path(CLUE_SOURCE_DIR) / "tests";
  const std::set<std::string> kListsEveryCode = {"frontend_registry_test.cpp", "csv_errors_test.cpp",
                                                 "values_errors_test.cpp"};
  std::string golden_findings, everything;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || kListsEveryCode.count(e.path().filename().string())) continue;
    const std::string text = test::read_file(e.path().string());
    if (e.path().extension() == ".expected") {
      fs::path model = e.path();
      model.replace_extension(".model");
      if (fs::exists(model) && test::read_file(model.string()).find("--list-rules") != std::string::npos) continue;
      if (e.path().parent_path().filename() == "diagnostics") golden_findings += text;
    }
    everything += text;
  }
  std::vector<std::string> missing;
  for (const diag::CodeInfo& d : diag::all()) {
    const std::string code = d.code;
    bool found = false;
    if (d.family == diag::Family::Diag || d.family == diag::Family::Usage) {
      found = golden_findings.find("[" + code + "]") != std::string::npos ||
              golden_findings.find("\"code\":\"" + code + "\"") != std::string::npos ||
              golden_findings.find("\"ruleId\":\"" + code + "\"") != std::string::npos;
      if (!found && kNotGolden.count(code)) found = everything.find(code) != std::string::npos;
    } else {
      const char* qualifier = d.family == diag::Family::Csv     ? "ErrorCode::"
                              : d.family == diag::Family::Value ? "ValueError::"
                                                                : "LoadError::";
      found = everything.find(code) != std::string::npos || names(everything, std::string(qualifier) + d.name);
    }
    if (found) EXPECT_FALSE(kUntriggerable.count(code)) << code << " is tested now: take it off the list";
    else if (!kUntriggerable.count(code)) missing.push_back(code);
  }
  std::string list;
  for (const auto& m : missing) list += m + " ";
  EXPECT_TRUE(missing.empty()) << "codes no test triggers: " << list;
}

}  // namespace
}  // namespace clue
