// The lead file for people, opened by a real spreadsheet: `clue run` writes leads.xlsx beside
// leads.csv, LibreOffice Calc (headless) converts it to CSV as it shows the cells, and every
// cell must come back as Clue wrote it: each ID number and case number with all its digits,
// dates as yyyy-mm-dd, a formula-like name as text. Text cells come back quoted and number
// cells bare (the export quotes text cells only), so money, decimals and dates are checked to
// be numbers a SUM adds up, and IDs to be text.
//
// Two shipped models in one conversion (LibreOffice starts slowly): due_claims on the
// spreadsheet_safe golden data (18-digit IDs, money, a planted =HYPERLINK name) and
// judicial_auctions on its fixture (dates, date-times, money, decimals). Fails when soffice is
// not installed: the test command's set-up (tools/setup-debian.sh) installs
// libreoffice-calc-nogui, and a check that silently did not run would prove nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const char* kSoffice = "/usr/bin/soffice";

// Cells of a CSV with this separator; quoted[i][j] says whether the cell was quoted.
struct Csv {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<bool>> quoted;
};

Csv parse_csv(std::string s, char sep) {
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
  Csv out;
  std::vector<std::string> row;
  std::vector<bool> q;
  std::string cell;
  bool in_quotes = false, was_quoted = false;
  auto end_cell = [&] {
    row.push_back(cell);
    q.push_back(was_quoted);
    cell.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') in_quotes = false;
      else cell += c;
    } else if (c == '"') {
      in_quotes = was_quoted = true;
    } else if (c == sep) {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      end_cell();
      out.rows.push_back(std::move(row));
      out.quoted.push_back(std::move(q));
      row.clear();
      q.clear();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    end_cell();
    out.rows.push_back(row);
    out.quoted.push_back(q);
  }
  return out;
}

std::string without_thousands(std::string s) {
  std::string out;
  for (char c : s)
    if (c != ',') out += c;
  return out;
}

struct ModelRun {
  std::string name;       // the output: NAME.csv and NAME.xlsx
  std::string args;
  std::vector<std::string> text_columns, number_columns;  // checked to be text, numbers
};

}  // namespace

TEST(LibreOffice, OpensTheLeadXlsxWithEveryIdDateAndAmountExact) {
  ASSERT_TRUE(fs::exists(kSoffice)) << "LibreOffice is not installed: run tools/setup-debian.sh";
  const fs::path root = fs::temp_directory_path() / ("clue_libreoffice_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const std::vector<ModelRun> runs = {
      {"leads", "models/due_claims.model --data-dir tests/golden/run/spreadsheet_safe/data",
       {"终本案号", "被执行人", "身份证号", "民事案号"}, {"未履行金额"}},
      {"违规拍卖", "models/judicial_auctions.model --data-dir models/tests/judicial_auctions/boundaries/data",
       {"执行案号"}, {"公告发布日期", "开拍时间", "评估价(元)", "起拍价占评估价(%)"}},
  };
  std::string xlsx_files;
  for (size_t i = 0; i < runs.size(); ++i) {
    fs::path out = root / ("run" + std::to_string(i));
    std::string cmd = std::string("'") + CLUE_BINARY + "' run " + runs[i].args + " --out '" + out.string() + "' --lang en";
    auto r = clue::test::run_command(cmd);
    ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    // Copied under a name of its own: LibreOffice writes NAME.csv into one folder for all.
    fs::path x = root / ("run" + std::to_string(i) + ".xlsx");
    fs::copy_file(out / (runs[i].name + ".xlsx"), x);
    xlsx_files += " '" + x.string() + "'";
  }
  // Tab-separated, UTF-8 (76), quote all text cells, cells as shown (formatted).
  const std::string filter = "csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true,true,true";
  std::string cmd = std::string(kSoffice) + " --headless --norestore -env:UserInstallation=file://" + (root / "profile").string() +
                    " --convert-to '" + filter + "' --outdir '" + (root / "converted").string() + "'" + xlsx_files;
  auto conv = clue::test::run_command(cmd);
  ASSERT_EQ(conv.exit_code, 0) << cmd << "\n" << conv.output;

  for (size_t i = 0; i < runs.size(); ++i) {
    const ModelRun& run = runs[i];
    fs::path shown = root / "converted" / ("run" + std::to_string(i) + ".csv");
    ASSERT_TRUE(fs::exists(shown)) << conv.output;
    Csv lo = parse_csv(read_file(shown.string()), '\t');
    Csv clue_csv = parse_csv(read_file((root / ("run" + std::to_string(i)) / (run.name + ".csv")).string()), ',');
    ASSERT_EQ(lo.rows.size(), clue_csv.rows.size()) << run.name;
    ASSERT_GE(lo.rows.size(), 2u) << run.name << ": no leads to check";
    const auto& header = clue_csv.rows[0];
    std::map<std::string, size_t> col;
    for (size_t c = 0; c < header.size(); ++c) col[header[c]] = c;
    for (size_t r = 1; r < lo.rows.size(); ++r) {
      for (size_t c = 0; c < header.size(); ++c) {
        std::string want = c < clue_csv.rows[r].size() ? clue_csv.rows[r][c] : "";
        // The CSV's formula guard is not in the xlsx: there the cell is a string.
        if (want.size() > 1 && want[0] == '\'') want.erase(0, 1);
        // Characters XML cannot hold are U+FFFD there (and counted in the manifest).
        std::string shown_want;
        for (char ch : want)
          shown_want += (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ? "\xEF\xBF\xBD" : std::string(1, ch);
        want = shown_want;
        std::string got = c < lo.rows[r].size() ? lo.rows[r][c] : "";
        bool text = c < lo.quoted[r].size() && lo.quoted[r][c];
        if (!text) got = without_thousands(got);  // money shows as 1,234.50
        EXPECT_EQ(got, want) << run.name << " row " << r << " column " << header[c];
      }
      for (const auto& name : run.text_columns) {
        ASSERT_TRUE(col.count(name)) << name;
        EXPECT_TRUE(lo.quoted[r][col[name]]) << run.name << " row " << r << ": " << name << " is not text";
      }
      for (const auto& name : run.number_columns) {
        ASSERT_TRUE(col.count(name)) << name;
        if (lo.rows[r][col[name]].empty()) continue;
        EXPECT_FALSE(lo.quoted[r][col[name]]) << run.name << " row " << r << ": " << name << " is not a number";
      }
    }
  }
  // The planted name is in the xlsx as text, not a formula.
  EXPECT_NE(read_file((root / "converted" / "run0.csv").string()).find("\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            std::string::npos);
  fs::remove_all(root);
}
