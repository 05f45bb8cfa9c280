// The registry of every code a user can see (runtime/diag/codes.def): stable, unique,
// well-formed codes and identifiers with both languages' text; each family's own enum agrees
// with it; and every code is triggered by some test.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "compiler/diag/diagnostic.h"
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
}

// Each layer's enum is the registry's rows of its family, in order, with the same texts.
TEST(Registry, FamiliesAgreeWithTheirEnums) {
  std::map<diag::Family, std::vector<const diag::CodeInfo*>> by_family;
  for (const diag::CodeInfo& d : diag::all()) by_family[d.family].push_back(&d);

  const auto& ew = by_family[diag::Family::Diag];
  ASSERT_EQ(ew.size(), diag_count());
  for (size_t i = 0; i < diag_count(); ++i) {
    const DiagInfo& info = diag_info(diag_at(i));
    EXPECT_STREQ(info.code, ew[i]->code);
    EXPECT_STREQ(info.name, ew[i]->name);
    EXPECT_STREQ(info.en, ew[i]->en);
    EXPECT_STREQ(info.zh, ew[i]->zh);
    EXPECT_EQ(info.severity == Severity::Error, ew[i]->severity == diag::Severity::Error);
    EXPECT_EQ(&diag::info(registry_code(diag_at(i))), ew[i]);
    EXPECT_EQ(diag_by_code(info.code), diag_at(i));
  }
  EXPECT_FALSE(diag_by_code("C0101").has_value()) << "DiagId covers E/W only";

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
  ASSERT_EQ(l.size(), 4u);
  for (size_t i = 0; i < l.size(); ++i) EXPECT_EQ(&rt::load_error(static_cast<rt::LoadError>(i)), l[i]);
  EXPECT_STREQ(rt::load_error(rt::LoadError::RequiredMissing).code, "L0001");
  EXPECT_STREQ(rt::load_error(rt::LoadError::XlsxRead).code, "L0202");
}

// docs/data.md has a table row for every data code (C, V, L) with both texts, as the registry.
TEST(Registry, DataDocsMirrorTheRegistry) {
  const std::string doc = test::read_file(std::string(CLUE_SOURCE_DIR) + "/docs/data.md");
  ASSERT_FALSE(doc.empty());
  for (const diag::CodeInfo& d : diag::all()) {
    if (d.family == diag::Family::Diag) continue;
    const size_t at = doc.find(std::string("| ") + d.code + " | `" + d.name + "` |");
    ASSERT_NE(at, std::string::npos) << d.code << " has no row in docs/data.md";
    const std::string line = doc.substr(at, doc.find('\n', at) - at);
    EXPECT_NE(line.find(std::string(" | ") + d.en + " | "), std::string::npos) << line;
    EXPECT_NE(line.find(std::string(" | ") + d.zh + " |"), std::string::npos) << line;
  }
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

// Every code is triggered by a test: an E/W code is a finding in a golden diagnostics file
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
    if (d.family == diag::Family::Diag) {
      found = golden_findings.find("[" + code + "]") != std::string::npos ||
              golden_findings.find("\"code\":\"" + code + "\"") != std::string::npos ||
              golden_findings.find("\"ruleId\":\"" + code + "\"") != std::string::npos;
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
