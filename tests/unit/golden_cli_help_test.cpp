// Every subcommand's help follows --lang (issue 15): each subcommand that `clue --help` lists,
// and each of theirs (library list, map suggest ...), has a zh help with no line left in
// English, and a golden of its help in both languages (tests/golden/diagnostics/
// cli_<path>_help_{en,zh}.model). A subcommand added with English texts fails here: its texts
// belong in codes.def as CLUE_TEXT rows (see the comment in compiler/driver/main.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

std::string help(const std::string& path, const std::string& lang) {
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' " + path + (path.empty() ? "" : " ") +
                                   "--help --lang " + lang);
  EXPECT_EQ(r.exit_code, 0) << path << "\n" << r.output;
  return r.output;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The subcommands a help lists: the first word of each line of its subcommand section.
std::vector<std::string> subcommands(const std::string& text, const std::string& heading) {
  std::vector<std::string> out;
  bool in = false;
  for (const std::string& l : lines_of(text)) {
    if (l == heading) {
      in = true;
      continue;
    }
    if (!in) continue;
    if (l.empty() || l[0] != ' ') {
      in = false;
      continue;
    }
    const size_t start = l.find_first_not_of(' ');
    out.push_back(l.substr(start, l.find(' ', start) - start));
  }
  return out;
}

bool has_non_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// The lines of a zh help that are still English: a description (what follows an option or
// subcommand after a gap of two spaces or more, or a wrapped description on its own line) or
// a heading without a Chinese character. An option's spelling alone (`--format TEXT:{csv}`,
// its description wrapped below) is not text to translate.
std::vector<std::string> english_lines(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& l : lines_of(text)) {
    if (l.empty()) continue;
    const size_t start = l.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    const std::string body = l.substr(start);
    const size_t gap = body.find("  ");
    std::string text_part;
    if (gap != std::string::npos) text_part = body.substr(body.find_first_not_of(' ', gap));
    else if (start == 0 || start >= 20) text_part = body;  // a heading, the first line, or a wrapped description
    else continue;                                         // an option's spelling alone
    if (!has_non_ascii(text_part)) out.push_back(l);
  }
  return out;
}

TEST(CliHelp, EverySubcommandHasChineseHelpAndGoldens) {
  const std::string top_en = help("", "en"), top_zh = help("", "zh");
  EXPECT_EQ(top_zh.find("Subcommands:"), std::string::npos) << "a subcommand outside the localized group:\n" << top_zh;
  EXPECT_TRUE(english_lines(top_zh).empty()) << top_zh;
  std::vector<std::string> todo = subcommands(top_en, "Subcommands:");
  ASSERT_GE(todo.size(), 14u) << top_en;
  std::vector<std::string> seen;
  while (!todo.empty()) {
    const std::string path = todo.front();
    todo.erase(todo.begin());
    seen.push_back(path);
    const std::string en = help(path, "en"), zh = help(path, "zh");
    const std::vector<std::string> left = english_lines(zh);
    std::string shown;
    for (const auto& l : left) shown += l + "\n";
    EXPECT_TRUE(left.empty()) << "clue " << path << " --help --lang zh has English lines:\n" << shown;
    for (const std::string& sub : subcommands(en, "Subcommands:")) todo.push_back(path + " " + sub);
    std::string stem = path;
    for (char& c : stem)
      if (c == ' ') c = '_';
    for (const char* lang : {"en", "zh"}) {
      const fs::path golden = fs::path(CLUE_SOURCE_DIR) / "tests/golden/diagnostics" /
                              ("cli_" + stem + "_help_" + lang + ".model");
      EXPECT_TRUE(fs::exists(golden)) << "clue " << path << " has no help golden " << golden;
    }
  }
  // The nested ones were found too (library list/show, map suggest).
  EXPECT_NE(std::find(seen.begin(), seen.end(), "map suggest"), seen.end());
}

// The test itself: an English description in a zh help is found.
TEST(CliHelp, EnglishLinesAreFound) {
  const std::string text =
      "检查\n用法: clue x [选项]\n\n选项:\n  -h,--help                   显示本帮助并退出\n"
      "  --trust TEXT                Trust store folder\n  --format TEXT:{csv,xlsx}\n"
      "                              Lead format\n";
  const auto left = english_lines(text);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_NE(left[0].find("Trust store"), std::string::npos);
  EXPECT_NE(left[1].find("Lead format"), std::string::npos);
}

}  // namespace
