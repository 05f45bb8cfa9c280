// Feeds arbitrary bytes to the CSV reader with a typical schema's headers: encoding detection,
// header search, tokenizing, trailers. Every row must end used or rejected: the counters must
// balance, or the target aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "runtime/csv/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clue::csv::ReadOptions opt;
  opt.expected_headers = {"案号", "被执行人身份证号", "未履行金额(元)"};
  auto r = clue::csv::CsvFile::open_bytes(std::string_view(reinterpret_cast<const char*>(data), size), opt, "fuzz.csv");
  if (!r.ok()) return 0;
  clue::csv::Record row;
  while (r.file->next(row)) {
  }
  if (!r.file->counters().balanced()) std::abort();
  return 0;
}
