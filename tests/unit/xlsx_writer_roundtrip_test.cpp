// Leads written with --format xlsx read back through Clue's own xlsx reader cell for cell:
// long ID numbers stay text, Chinese headers and full-width brackets survive.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "runtime/io/xlsx_writer.h"
#include "runtime/xlsx/xlsx_reader.h"

TEST(XlsxWriter, RoundTripsThroughTheReader) {
  namespace fs = std::filesystem;
  fs::path p = fs::temp_directory_path() / ("clue_leads_" + std::to_string(::getpid()) + ".xlsx");
  std::vector<std::string> header = {"终本案号", "身份证号", "未履行金额", "备注"};
  std::vector<std::vector<std::string>> rows = {
      {"（2023）浙0803执1号", "11010519491231002X", "1200.50", ""},
      {"（2023）浙0803执2号", "330803199002024568", "300.00", "含逗号,与\"引号\""},
  };
  ASSERT_EQ(clue::io::write_xlsx_atomic(p.string(), "线索", header, rows), "");
  auto r = clue::xlsx::open_sheet(p.string(), "线索");
  ASSERT_TRUE(r.reader) << r.error;
  clue::xlsx::Row row;
  std::vector<std::vector<std::string>> got;
  while (r.reader->next(row)) {
    std::vector<std::string> cells;
    for (const auto& c : row.cells) {
      EXPECT_TRUE(c.kind == clue::xlsx::CellKind::String || c.kind == clue::xlsx::CellKind::Empty);
      cells.push_back(c.text);
    }
    cells.resize(header.size());
    got.push_back(cells);
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], header);
  EXPECT_EQ(got[1], rows[0]);
  EXPECT_EQ(got[2], rows[1]);
  fs::remove(p);
}
