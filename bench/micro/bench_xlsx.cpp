// The typed leads workbook (runtime/io/xlsx_writer.cpp): N leads of six columns as a due_claims
// output has them (case number, court, name, ID number, money, a date), written to a file.
// The cost is the sheet's XML and its deflate (docs/outputs.md).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "runtime/io/xlsx_writer.h"

namespace {

void BM_XlsxLeads(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  std::vector<std::string> header = {"终本案号", "执行法院", "被执行人", "身份证号", "未履行金额", "终本日期"};
  std::vector<clue::TypeKind> types = {clue::TypeKind::Text, clue::TypeKind::Text, clue::TypeKind::Text,
                                       clue::TypeKind::Text, clue::TypeKind::Money, clue::TypeKind::Date};
  std::vector<std::vector<std::string>> rows;
  rows.reserve(n);
  for (size_t i = 0; i < n; ++i)
    rows.push_back({"（2023）浙0803执" + std::to_string(i) + "号", "浙江省丽水市莲都区人民法院", "张三" + std::to_string(i % 977),
                    "3308031990020" + std::to_string(10000 + i % 89999), std::to_string(1000 + i % 99991) + ".50",
                    "2023-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10)});
  const std::string path =
      (std::filesystem::temp_directory_path() / ("clue_bench_xlsx_" + std::to_string(::getpid()) + ".xlsx")).string();
  for (auto _ : state) {
    std::string err = clue::io::write_xlsx_atomic(path, "leads", header, rows, types);
    if (!err.empty()) state.SkipWithError(err.c_str());
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(int64_t(state.iterations() * n));
}
BENCHMARK(BM_XlsxLeads)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
