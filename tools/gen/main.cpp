// clue-gen --out DIR --scale N [--seed S] [--encoding utf-8|gb18030-some] [--dirt on|off]
//          [--density realistic|sparse]
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "tools/gen/gen.h"

namespace {

const char* kUsage =
    "usage: clue-gen --out DIR --scale N [--seed S] [--encoding utf-8|gb18030-some] [--dirt on|off]\n"
    "               [--density realistic|sparse]\n"
    "Writes the issue-5 sample exports (终本案件.csv with N rows, 民事案件.csv with 2N, ...) and\n"
    "the exports of models 7-11 (限制消费令.csv, 出行住宿记录.csv, 网络司法拍卖公告.csv, 裁判文书.csv,\n"
    "在押人员.csv) and DIR/expected.json with the exact leads of models 1-11. Same options => same bytes.\n"
    "--density realistic (default): ~N/50 due_claims and provident_fund debtors with several cases each\n"
    "(tens of thousands of leads per million rows); sparse: N/1000 with one case each (before issue 19).\n";

bool parse_int(const char* s, long long lo, long long hi, long long& out) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s, &end, 10);
  if (errno || !end || *end || end == s || v < lo || v > hi) return false;
  out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  clue::gen::Options opt;
  bool have_scale = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "clue-gen: %s needs a value\n%s", argv[i], kUsage);
      return 2;
    }
    const char* v = argv[++i];
    long long n = 0;
    if (a == "--out") {
      opt.out_dir = v;
    } else if (a == "--scale") {
      if (!parse_int(v, 1, 30'000'000, n)) return std::fprintf(stderr, "clue-gen: --scale must be 1..30000000\n"), 2;
      opt.scale = n, have_scale = true;
    } else if (a == "--seed") {
      if (!parse_int(v, 0, 9'000'000'000'000'000'000LL, n)) return std::fprintf(stderr, "clue-gen: bad --seed\n"), 2;
      opt.seed = static_cast<std::uint64_t>(n);
    } else if (a == "--encoding") {
      const std::string_view e = v;
      if (e == "utf-8" || e == "utf8") opt.encoding = clue::gen::Encoding::Utf8;
      else if (e == "gb18030-some") opt.encoding = clue::gen::Encoding::Gb18030Some;
      else return std::fprintf(stderr, "clue-gen: --encoding must be utf-8 or gb18030-some\n"), 2;
    } else if (a == "--dirt") {
      const std::string_view d = v;
      if (d == "on") opt.dirt = true;
      else if (d == "off") opt.dirt = false;
      else return std::fprintf(stderr, "clue-gen: --dirt must be on or off\n"), 2;
    } else if (a == "--density") {
      const std::string_view d = v;
      if (d == "realistic") opt.density = clue::gen::Density::Realistic;
      else if (d == "sparse") opt.density = clue::gen::Density::Sparse;
      else return std::fprintf(stderr, "clue-gen: --density must be realistic or sparse\n"), 2;
    } else {
      std::fprintf(stderr, "clue-gen: unknown option %s\n%s", argv[i - 1], kUsage);
      return 2;
    }
  }
  if (opt.out_dir.empty() || !have_scale) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const clue::gen::Summary s = clue::gen::generate(opt);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& f : s.files)
      std::printf("%-16s %10lld rows%s\n", f.name.c_str(), static_cast<long long>(f.rows),
                  f.malformed ? (" (" + std::to_string(f.malformed) + " malformed)").c_str() : "");
    std::printf("expected leads:");
    for (const auto& [m, n] : s.leads) std::printf(" %s=%lld", m.c_str(), static_cast<long long>(n));
    std::printf("\nwrote %s/ in %.2f s\n", opt.out_dir.c_str(), secs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clue-gen: %s\n", e.what());
    return 1;
  }
  return 0;
}
