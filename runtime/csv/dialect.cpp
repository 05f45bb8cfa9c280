#include "runtime/csv/dialect.h"

#include <map>
#include <tuple>
#include <vector>

#include "runtime/csv/header.h"
#include "runtime/csv/tokenizer.h"

namespace clue::csv {

char detect_delimiter(std::string_view text, std::span<const std::string> expected_headers,
                      std::size_t sample_bytes) {
  std::string_view sample = text;
  if (sample.size() > sample_bytes) {
    // Cut after the last line end so the last sampled record is whole
    // (unless a quoted field spans the cut; the tokenizer then just stops).
    sample = sample.substr(0, sample_bytes);
    std::size_t nl = sample.find_last_of("\r\n");
    if (nl != std::string_view::npos) sample = sample.substr(0, nl + 1);
  }
  std::vector<std::string> expected;
  for (const std::string& e : expected_headers) expected.push_back(normalize_header(e));

  constexpr std::size_t kSampleRecords = 50;
  char best = ',';
  std::tuple<std::size_t, std::size_t, std::size_t> best_score{0, 0, 0};
  for (char cand : kDelimiterCandidates) {
    Tokenizer tok(sample, Dialect{cand, '"'});
    Record r;
    std::size_t header_hits = 0;
    std::map<std::uint32_t, std::size_t> counts;
    for (std::size_t i = 0; i < kSampleRecords && tok.next(r); ++i) {
      if (i < kHeaderSearchRecords && !expected.empty())
        header_hits = std::max(header_hits, count_expected(r.fields, expected));
      if (r.field_count >= 2) ++counts[r.field_count];
    }
    std::size_t mode = 0, freq = 0;
    for (auto [fields, n] : counts)
      if (n > freq || (n == freq && fields > mode)) mode = fields, freq = n;
    std::tuple<std::size_t, std::size_t, std::size_t> score{header_hits, freq, mode};
    if (score > best_score) {
      best_score = score;
      best = cand;
    }
  }
  return best;
}

}  // namespace clue::csv
