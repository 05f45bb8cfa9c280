// Value parsers on the load path: parse_idcard (居民身份证号) over clean IDs and over the mix a
// real export has, and parse_case_no (案号) for comparison. 64 Ki cells per iteration, each
// parsed once; items = cells.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/micro/bench_common.h"
#include "runtime/values/case_no.h"
#include "runtime/values/idcard.h"

namespace {

using namespace clue;
using microbench::Rng;

constexpr size_t kCells = 65536;

uint64_t random_body(Rng& rng) {
  const auto& court = rng.pick(microbench::kCourts);
  return uint64_t(court.region) * 100000000000ULL + uint64_t(microbench::birth_yyyymmdd(rng)) * 1000ULL +
         rng.below(1000);
}

// Full-width digits and X (U+FF10.., U+FF38), as some systems export them.
std::string full_width(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += char(0x90 + (c - '0'));
    } else if (c == 'X') {
      out += "\xEF\xBC\xB8";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> make_ids(bool clean_only) {
  Rng rng(clean_only ? 11 : 12);
  std::vector<std::string> ids;
  ids.reserve(kCells);
  while (ids.size() < kCells) {
    std::string id = values::to_string(values::IdCard{random_body(rng)});
    if (clean_only) {
      ids.push_back(id);
      continue;
    }
    double r = rng.uniform();
    if (r < 0.70) ids.push_back(id);                                      // clean 18 digits
    else if (r < 0.78) {                                                  // 15-digit (pre-1999 card)
      uint64_t body = random_body(rng);
      std::string s = values::to_string(values::IdCard{body});
      if (s[6] != '1' || s[7] != '9') continue;                           // 15-digit IDs are 19xx births
      ids.push_back(s.substr(0, 6) + s.substr(8, 9));
    } else if (r < 0.83) ids.push_back(full_width(id));                   // full-width
    else if (r < 0.88) {                                                  // lower-case x check char
      // The first sequence number whose check character is X (about one body in 11).
      uint64_t base = random_body(rng) / 1000 * 1000;
      id.clear();
      for (uint64_t k = 0; k < 1000 && id.empty(); ++k)
        if (values::idcard_check_char(base + k) == 'X') id = values::to_string(values::IdCard{base + k});
      if (id.empty()) continue;
      id.back() = 'x';
      ids.push_back(id);
    } else if (r < 0.91) ids.push_back(" " + id.substr(0, 6) + " " + id.substr(6) + " ");  // stray spaces
    else if (r < 0.94) {                                                  // wrong check character
      id.back() = id.back() == '0' ? '1' : '0';
      ids.push_back(id);
    } else if (r < 0.96) ids.push_back("3.30802E+16");                    // Excel scientific notation
    else if (r < 0.98) ids.push_back(id.substr(0, 10) + "1399" + id.substr(14));  // month 13: bad date
    else if (r < 0.99) ids.push_back("不详");                              // placeholder
    else ids.push_back(id.substr(0, 17));                                 // too short
  }
  return ids;
}

void run_idcard(benchmark::State& state, const std::vector<std::string>& ids) {
  size_t bytes = 0;
  for (const auto& s : ids) bytes += s.size();
  uint64_t ok = 0;
  for (auto _ : state) {
    uint64_t sum = 0;
    ok = 0;
    for (const auto& s : ids) {
      auto p = values::parse_idcard(s);
      sum += p.value_or(values::IdCard{}).key;
      ok += p.ok();
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(int64_t(state.iterations() * ids.size()));
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
  state.counters["ok_share"] = double(ok) / double(ids.size());
}

void BM_ParseIdCard_Clean18(benchmark::State& state) {
  static const auto ids = make_ids(true);
  run_idcard(state, ids);
}
BENCHMARK(BM_ParseIdCard_Clean18);

// 70% clean, 8% 15-digit, 5% full-width, 5% lower-case x, 3% stray spaces, 9% invalid (check
// character, Excel notation, bad date, 不详, too short).
void BM_ParseIdCard_Mix(benchmark::State& state) {
  static const auto ids = make_ids(false);
  run_idcard(state, ids);
}
BENCHMARK(BM_ParseIdCard_Mix);

std::vector<std::string> make_case_nos() {
  Rng rng(13);
  std::vector<std::string> out;
  out.reserve(kCells);
  static const char* kTypes[] = {"执", "执恢", "民初", "民终", "执保"};
  while (out.size() < kCells) {
    const auto& court = rng.pick(microbench::kCourts);
    std::string year = std::to_string(rng.range(2012, 2024)), number = std::to_string(rng.range(1, 9999));
    std::string type = kTypes[rng.below(5)];
    double r = rng.uniform();
    if (r < 0.55) out.push_back("（" + year + "）浙" + std::string(court.code) + type + number + "号");
    else if (r < 0.80) out.push_back("(" + year + ")浙" + std::string(court.code) + type + number + "号");
    else if (r < 0.85) out.push_back("〔" + year + "〕浙" + std::string(court.code) + type + "第" + number + "号");
    else if (r < 0.90) out.push_back("(" + year + ")嘉南" + type + "字第" + number + "号");  // legacy form
    else if (r < 0.93) out.push_back(" （" + year + "） 浙" + std::string(court.code) + " " + type + number + "号之一");
    else if (r < 0.96) out.push_back("（" + year + "）浙" + std::string(court.code) + type + "0" + number);  // no 号, zero
    else if (r < 0.98) out.push_back("浙" + std::string(court.code) + type + number + "号");  // no year: invalid
    else out.push_back("不详");
  }
  return out;
}

void BM_ParseCaseNo_Mix(benchmark::State& state) {
  static const auto cases = make_case_nos();
  size_t bytes = 0;
  for (const auto& s : cases) bytes += s.size();
  uint64_t ok = 0;
  for (auto _ : state) {
    int64_t sum = 0;
    ok = 0;
    for (const auto& s : cases) {
      auto p = values::parse_case_no(s);
      if (p.ok()) sum += p.value().number, ++ok;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(int64_t(state.iterations() * cases.size()));
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
  state.counters["ok_share"] = double(ok) / double(cases.size());
}
BENCHMARK(BM_ParseCaseNo_Mix);

// parse + canonical(): the key the loader stores (it writes the canonical form straight into
// the column; this allocates the string instead).
void BM_ParseCaseNo_Canonical_Mix(benchmark::State& state) {
  static const auto cases = make_case_nos();
  size_t bytes = 0;
  for (const auto& s : cases) bytes += s.size();
  for (auto _ : state) {
    size_t total = 0;
    for (const auto& s : cases) {
      auto p = values::parse_case_no(s);
      if (p.ok()) total += values::canonical(p.value()).size();
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(int64_t(state.iterations() * cases.size()));
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
}
BENCHMARK(BM_ParseCaseNo_Canonical_Mix);

}  // namespace
