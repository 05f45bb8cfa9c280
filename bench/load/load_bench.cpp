// Typed-load throughput of load_table on a 终本案件-style CSV (see gen_zhongben.py).
//
//   load_bench FILE [THREADS=1] [REPEAT=3]
// prints, for the best of REPEAT runs: rows, seconds, rows/s, MB/s (file bytes), and the
// process's peak RSS. Run one configuration per process so the peak RSS is its own.
// Build (until the lead adds a target):
//   g++ -std=c++20 -O2 -I. bench/load/load_bench.cpp runtime/load/*.cpp runtime/table/*.cpp \
//       runtime/csv/*.cpp runtime/values/*.cpp runtime/xlsx/*.cpp $(pkg-config --cflags --libs libzip pugixml) \
//       -pthread -o /tmp/load_bench
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "runtime/load/loader.h"

using namespace clue::rt;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [THREADS] [REPEAT]\n", argv[0]);
    return 2;
  }
  LoadSpec s;
  s.source = "终本案件";
  s.path = argv[1];
  s.threads = argc > 2 ? std::atoi(argv[2]) : 1;
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 3;
  auto add = [&](const char* name, Logical t) {
    ColumnSpec c;
    c.name = name;
    c.type = t;
    c.headers = {name};
    s.columns.push_back(c);
  };
  add("案号", Logical::CaseNo);
  add("法院", Logical::Text);
  add("被执行人", Logical::Text);
  add("被执行人身份证号", Logical::IdCard);
  add("申请执行人", Logical::Text);
  add("执行标的金额(元)", Logical::Money);
  add("未履行金额(元)", Logical::Money);
  add("终本日期", Logical::Date);
  add("是否履行完毕", Logical::Bool);
  add("立案日期", Logical::Date);
  s.columns[0].required = true;
  s.columns[3].optional = true;  // companies have no ID

  const double mb = double(std::filesystem::file_size(s.path)) / 1e6;
  double best = 1e100;
  LoadResult r;
  for (int i = 0; i < repeat; ++i) {
    r = LoadResult();  // free the previous table before timing the next load
    const auto t0 = std::chrono::steady_clock::now();
    r = load_table(s);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok) {
      std::fprintf(stderr, "%s: %s\n", r.error_code.c_str(), r.error_en.c_str());
      return 1;
    }
    best = std::min(best, sec);
    if (std::getenv("CLUE_BENCH_VERBOSE")) std::fprintf(stderr, "run %d: %.3f s\n", i, sec);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%s threads=%d encoding=%s rows_read=%llu used=%llu rejected=%llu value_rejects=%zu  "
              "%.3f s  %.2f M rows/s  %.1f MB/s  peak RSS %.0f MB\n",
              s.path.c_str(), s.threads, r.stats.encoding.c_str(), (unsigned long long)r.stats.rows_read,
              (unsigned long long)r.stats.rows_used, (unsigned long long)r.stats.rows_rejected, r.rejects.size(), best,
              double(r.stats.rows_read) / best / 1e6, mb / best, double(ru.ru_maxrss) / 1024.0);
  return r.stats.balanced() ? 0 : 1;
}
