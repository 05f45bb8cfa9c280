// Throughput of the xlsx reader (disabled: a measurement, not a test). Run with
//   /tmp/xlsxt --gtest_also_run_disabled_tests --gtest_filter='*Bench*'
// Builds a 200,000-row x 10-column sheet shaped like a court export (unique case numbers
// and ID numbers as shared strings, names, amounts, date-styled serials, a bool), writes it
// to a temp dir, then times, in a child process (so its peak RSS is the reader's alone):
// inflating the sheet entry alone (libzip + zlib, the floor), and open_sheet + next() over
// every row.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/xlsx/xlsx_builder.h"
#include "runtime/xlsx/xlsx_reader.h"

namespace clue::xlsx {
namespace {

constexpr int kRows = 200000;

std::string make_book(size_t& sheet_xml_bytes, size_t& sst_xml_bytes) {
  static const char* kCourts[] = {"浙江省温州市中级人民法院", "浙江省乐清市人民法院", "浙江省瑞安市人民法院",
                                  "浙江省永嘉县人民法院", "浙江省平阳县人民法院"};
  static const char* kNames[] = {"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"};
  std::string sst;
  // 0..4 courts, 5..12 names, then per row: case number, ID number.
  for (const char* c : kCourts) sst += "<si><t>" + std::string(c) + "</t></si>";
  for (const char* n : kNames) sst += "<si><t>" + std::string(n) + "</t></si>";
  std::string rows;
  rows.reserve(size_t{kRows} * 420);
  char buf[1024];
  for (int i = 1; i <= kRows; ++i) {
    int r = i + 1;
    int case_idx = 13 + 2 * (i - 1), id_idx = case_idx + 1;
    sst += "<si><t>(2023)浙0382执" + std::to_string(i) + "号</t></si>";
    std::snprintf(buf, sizeof buf, "<si><t>3303821990%02d%02d%04d</t></si>", 1 + i % 12, 1 + i % 28, i % 10000);
    sst += buf;
    std::snprintf(buf, sizeof buf,
                  "<row r=\"%d\" spans=\"1:10\"><c r=\"A%d\" t=\"s\"><v>%d</v></c><c r=\"B%d\" t=\"s\"><v>%d</v></c>"
                  "<c r=\"C%d\" t=\"s\"><v>%d</v></c><c r=\"D%d\" s=\"2\"><v>%d.%02d</v></c>"
                  "<c r=\"E%d\" s=\"1\"><v>%d</v></c><c r=\"F%d\" t=\"s\"><v>%d</v></c>"
                  "<c r=\"G%d\"><v>%d</v></c><c r=\"H%d\"><v>3.30802E+16</v></c>"
                  "<c r=\"I%d\" t=\"b\"><v>%d</v></c><c r=\"J%d\" s=\"1\"><v>%d.5</v></c></row>",
                  r, r, case_idx, r, 5 + i % 8, r, id_idx, r, i * 37 % 100000, i % 100, r, 43000 + i % 1500, r,
                  i % 5, r, i % 1000, r, r, i % 2, r, 44000 + i % 900);
    rows += buf;
  }
  build::Workbook wb;
  std::string sheet = build::worksheet(rows);
  std::string sst_xml = build::shared_strings(sst);
  sheet_xml_bytes = sheet.size();
  sst_xml_bytes = sst_xml.size();
  wb.sheets = {{"终本案件", std::move(sheet)}};
  wb.shared_strings = std::move(sst_xml);
  wb.styles = build::styles("<numFmt numFmtId=\"164\" formatCode=\"#,##0.00&quot;元&quot;\"/>", {0, 14, 164});
  return build::xlsx_bytes(wb);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(XlsxBench, DISABLED_Throughput200kRows10Columns) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("clue_xlsx_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "bench.xlsx").string();
  size_t sheet_bytes = 0, sst_bytes = 0, file_bytes = 0;
  {
    std::string bytes = make_book(sheet_bytes, sst_bytes);
    file_bytes = bytes.size();
    ASSERT_TRUE(build::write_file(path, bytes));
  }
  std::printf("file %.1f MB; sheet XML %.1f MB; shared strings XML %.1f MB\n", file_bytes / 1e6, sheet_bytes / 1e6,
              sst_bytes / 1e6);

  for (int run = 0; run < 3; ++run) {
    std::fflush(stdout);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Inflate only: the sheet entry through zip_fread, discarded.
      auto t0 = std::chrono::steady_clock::now();
      zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, nullptr);
      zip_file_t* f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
      static char buf[64 * 1024];
      size_t total = 0;
      for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) total += static_cast<size_t>(n);
      zip_fclose(f);
      zip_discard(z);
      double inflate_s = seconds_since(t0);

      t0 = std::chrono::steady_clock::now();
      OpenResult res = open_sheet(path, "");
      double open_s = seconds_since(t0);
      Row row;
      size_t rows = 0, cells = 0;
      auto t1 = std::chrono::steady_clock::now();
      while (res.reader && res.reader->next(row)) {
        ++rows;
        cells += row.cells.size();
      }
      double rows_s = seconds_since(t1);
      double all_s = seconds_since(t0);
      struct rusage ru {};
      getrusage(RUSAGE_SELF, &ru);
      std::printf(
          "run %d: inflate only %.3f s (%.0f MB/s of XML) | open (styles + shared strings) %.3f s | rows %.3f s "
          "| total %.3f s: %zu rows, %zu cells, %.0f rows/s, sheet XML %.0f MB/s, all XML %.0f MB/s | peak RSS %ld "
          "MB\n",
          run, inflate_s, total / 1e6 / inflate_s, open_s, rows_s, all_s, rows, cells, rows / all_s,
          sheet_bytes / 1e6 / all_s, (sheet_bytes + sst_bytes) / 1e6 / all_s, ru.ru_maxrss / 1024);
      std::fflush(stdout);
      _exit(rows == kRows ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clue::xlsx
