// The diagnostic registry: stable, unique, well-formed codes with both languages' text.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "compiler/diag/diagnostic.h"

namespace clue {
namespace {

std::set<std::string> placeholders(const std::string& t) {
  std::set<std::string> out;
  std::regex re("\\{[0-9]\\}");
  for (auto it = std::sregex_iterator(t.begin(), t.end(), re); it != std::sregex_iterator(); ++it) out.insert(it->str());
  return out;
}

TEST(Registry, CodesAreUniqueWellFormedAndBilingual) {
  std::set<std::string> seen;
  for (size_t i = 0; i < diag_count(); ++i) {
    const DiagInfo& d = diag_info(diag_at(i));
    std::string code = d.code;
    EXPECT_TRUE(seen.insert(code).second) << "duplicate code " << code;
    EXPECT_TRUE(std::regex_match(code, std::regex("[EW][0-9]{4}"))) << code;
    EXPECT_EQ(code[0] == 'E', d.severity == Severity::Error) << code << ": the letter must match the severity";
    EXPECT_GT(std::string(d.en).size(), 5u) << code;
    EXPECT_GT(std::string(d.zh).size(), 5u) << code;
    EXPECT_EQ(placeholders(d.en), placeholders(d.zh)) << code << ": both languages must use the same arguments";
    EXPECT_EQ(diag_by_code(code), diag_at(i));
  }
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

}  // namespace
}  // namespace clue
