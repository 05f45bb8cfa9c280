// CSV tokenising and UTF-8 validation: clue::csv::Tokenizer over a ~16 MiB in-memory export shaped like the 终本
// (enforcement cases closed without full payment) export: two title lines, a header, then 15
// columns per row with Chinese names, courts and addresses, 18-digit IDs (and the usual dirt:
// company codes, Excel's 3.30802E+16, empty cells), dates in four spellings, money with and
// without thousands separators (quoted when they have commas), and a remarks column that is
// sometimes quoted with embedded commas or "" escapes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/micro/bench_common.h"
#include "runtime/csv/tokenizer.h"
#include "runtime/csv/utf8_simd.h"
#include "runtime/values/idcard.h"

namespace {

using namespace clue;
using microbench::Rng;

void append_date(std::string& out, Rng& rng, int year) {
  int m = int(rng.range(1, 12)), d = int(rng.range(1, 28));
  char buf[32];
  switch (rng.below(4)) {
    case 0: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, m, d); break;
    case 1: std::snprintf(buf, sizeof buf, "%04d/%d/%d", year, m, d); break;
    case 2: std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, m, d); break;
    default: std::snprintf(buf, sizeof buf, "%04d年%d月%d日", year, m, d); break;
  }
  out += buf;
}

// Money with two decimals; large amounts get thousands separators (and so quotes) 30% of the time.
void append_money(std::string& out, Rng& rng, int64_t cents) {
  std::string digits = std::to_string(cents / 100);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02d", int(cents % 100));
  if (digits.size() > 3 && rng.chance(0.3)) {
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    out += '"';
    if (rng.chance(0.1)) out += "¥";
    out += grouped;
    out += frac;
    out += '"';
  } else {
    out += digits;
    out += frac;
  }
}

void append_id(std::string& out, Rng& rng, const microbench::Court& court, bool company) {
  if (company) {
    // Companies have no ID number: empty, or the credit code pasted into the ID column.
    if (rng.chance(0.5)) {
      out += "91";
      out += std::to_string(court.region);
      for (int i = 0; i < 9; ++i) out += char('0' + rng.below(10));
      out += "ABCDEFGHJKLMNPQRTUWXY0123456789"[rng.below(31)];
    }
    return;
  }
  uint64_t body = uint64_t(court.region) * 100000000000ULL + uint64_t(microbench::birth_yyyymmdd(rng)) * 1000ULL +
                  rng.below(1000);
  double r = rng.uniform();
  if (r < 0.90) out += values::to_string(values::IdCard{body});
  else if (r < 0.94) out += "3.30802E+16";  // Excel ate it
  else if (r < 0.97) {
    std::string s = values::to_string(values::IdCard{body});
    out += s.substr(0, 6) + s.substr(8, 9);  // the 15-digit form
  }
  // else: empty
}

std::string make_zb_csv(size_t target_bytes) {
  static const char* kRemarks[] = {"无财产可供执行", "被执行人下落不明", "已发放限制消费令", "申请执行人同意终结本次执行程序",
                                   "已查询银行、车辆、不动产，均无可供执行财产"};
  Rng rng(20240601);
  std::string out;
  out.reserve(target_bytes + 4096);
  out += "浙江省法院系统终结本次执行程序案件清单\n导出时间：2025年1月6日　导出单位：执行局\n";
  out += "案号,法院,被执行人,被执行人身份证号,申请执行人,执行标的金额(元),未履行金额(元),终本日期,是否履行完毕,立案日期,"
         "执行依据文号,被执行人住所地,承办人,联系电话,备注\n";
  while (out.size() < target_bytes) {
    const auto& court = rng.pick(microbench::kCourts);
    int year = int(rng.range(2015, 2024));
    bool company = rng.chance(0.25);
    // 0 案号
    out += rng.chance(0.5) ? "（" : "(";
    out += std::to_string(year);
    out += rng.chance(0.5) ? "）浙" : ")浙";
    out += court.code;
    out += "执";
    out += std::to_string(rng.range(1, 3000));
    out += "号,";
    // 1 法院, 2 被执行人, 3 身份证号, 4 申请执行人
    out += court.name;
    out += ',';
    out += company ? microbench::company_name(rng) : microbench::person_name(rng);
    out += ',';
    append_id(out, rng, court, company);
    out += ',';
    out += rng.chance(0.6) ? microbench::company_name(rng) : microbench::person_name(rng);
    out += ',';
    // 5 执行标的金额, 6 未履行金额
    int64_t total = int64_t(std::exp(rng.uniform() * 16.0) * 100) + 100000;
    append_money(out, rng, total);
    out += ',';
    append_money(out, rng, int64_t(double(total) * rng.uniform()));
    out += ',';
    // 7 终本日期, 8 是否履行完毕, 9 立案日期
    append_date(out, rng, std::min(year + int(rng.below(3)), 2024));
    out += ',';
    out += rng.chance(0.9) ? "否" : "是";
    out += ',';
    if (rng.chance(0.95)) append_date(out, rng, year);
    out += ',';
    // 10 执行依据文号: the judgment the enforcement is based on
    out += "（";
    out += std::to_string(year - 1);
    out += "）浙";
    out += court.code;
    out += rng.chance(0.7) ? "民初" : "民终";
    out += std::to_string(rng.range(100, 9999));
    out += "号,";
    // 11 被执行人住所地, sometimes quoted
    bool quote_addr = rng.chance(0.15);
    if (quote_addr) out += '"';
    out += court.city;
    out += rng.pick(microbench::kStreets);
    out += std::to_string(rng.range(1, 999));
    out += "号";
    if (quote_addr) out += "，3幢\"";
    out += ',';
    // 12 承办人, 13 联系电话
    out += microbench::person_name(rng);
    out += ",0571-8";
    for (int i = 0; i < 7; ++i) out += char('0' + rng.below(10));
    out += ',';
    // 14 备注: empty, plain, quoted with a comma, or with "" escapes
    double r = rng.uniform();
    if (r < 0.4) {
    } else if (r < 0.8) {
      out += kRemarks[rng.below(5)];
    } else if (r < 0.97) {
      out += '"';
      out += kRemarks[rng.below(5)];
      out += ",";
      out += kRemarks[rng.below(5)];
      out += '"';
    } else {
      out += "\"被执行人称\"\"无力偿还\"\",已告知\"";
    }
    out += '\n';
  }
  return out;
}

const std::string& zb_csv() {
  static const std::string text = make_zb_csv(size_t(16) << 20);
  return text;
}

void run_tokenizer(benchmark::State& state, std::span<const int> projection) {
  const std::string& text = zb_csv();
  uint64_t records = 0, fields = 0;
  for (auto _ : state) {
    csv::Tokenizer tok(text);
    if (!projection.empty()) tok.set_projection(projection);
    csv::Record r;
    uint64_t n = 0, bytes = 0;
    while (tok.next(r)) {
      ++n;
      fields += r.field_count;
      for (auto f : r.fields) bytes += f.size();
    }
    if (tok.failed()) {
      state.SkipWithError("tokenizer failed");
      break;
    }
    benchmark::DoNotOptimize(bytes);
    records += n;
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
  state.SetItemsProcessed(int64_t(records));  // records/s
  state.counters["input_MiB"] = double(text.size()) / (1 << 20);
  state.counters["fields/rec"] = records ? double(fields) / double(records) : 0;
}

void BM_CsvTokenize_AllFields(benchmark::State& state) { run_tokenizer(state, {}); }
BENCHMARK(BM_CsvTokenize_AllFields)->Unit(benchmark::kMillisecond);

// Two of 15 columns: 被执行人身份证号 and 是否履行完毕 (the others are scanned, not stored).
void BM_CsvTokenize_Project2(benchmark::State& state) {
  static const int kColumns[] = {3, 8};
  run_tokenizer(state, kColumns);
}
BENCHMARK(BM_CsvTokenize_Project2)->Unit(benchmark::kMillisecond);

// utf8_valid's kernels on the same text (mostly Chinese, so few 64-byte blocks are all ASCII).
// Arg: bytes per call. 64 MiB (4 copies of the export) is more than the L3 cache holds; 64 KiB
// is the window the row cursor validates ahead (rows.cpp check_encoding) and stays in cache.
void run_utf8_valid(benchmark::State& state, bool (*kernel)(const char*, size_t), bool available) {
  if (!available) {  // not SkipWithError: the smoke test would fail on CPUs without AVX-512
    state.SetLabel("skipped: this CPU cannot run the kernel");
    for (auto _ : state) {
    }
    return;
  }
  static const std::string text = [] {
    std::string t = zb_csv() + zb_csv() + zb_csv() + zb_csv();
    t.resize(t.rfind('\n', (size_t(64) << 20) - 1) + 1);  // just under 64 MiB, whole lines
    return t;
  }();
  // Successive windows of about `range(0)` bytes that end at a line end, as the row cursor
  // validates them (an arbitrary cut could split a character).
  std::vector<std::string_view> windows;
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(text.size(), at + size_t(state.range(0)));
    if (end < text.size()) end = text.rfind('\n', end - 1) + 1;
    windows.push_back(std::string_view(text).substr(at, end - at));
    at = end;
  }
  size_t step = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string_view w = windows[step++ % windows.size()];
    bytes += int64_t(w.size());
    if (!kernel(w.data(), w.size())) {
      state.SkipWithError("valid UTF-8 reported invalid");
      break;
    }
  }
  state.counters["window_KiB"] = double(text.size()) / double(windows.size()) / 1024;
  state.SetBytesProcessed(bytes);
}

void BM_Utf8Valid_Avx2(benchmark::State& state) {
  run_utf8_valid(state, csv::detail::utf8_valid_avx2, csv::detail::have_avx2_utf8());
}
BENCHMARK(BM_Utf8Valid_Avx2)->Arg(64 << 20)->Arg(64 << 10);

void BM_Utf8Valid_Avx512(benchmark::State& state) {
  run_utf8_valid(state, csv::detail::utf8_valid_avx512, csv::detail::have_avx512_utf8());
}
BENCHMARK(BM_Utf8Valid_Avx512)->Arg(64 << 20)->Arg(64 << 10);

}  // namespace
