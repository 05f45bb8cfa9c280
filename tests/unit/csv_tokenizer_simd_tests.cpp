// The tokenizer's SIMD index fast path against a reference: the plain
// scanner the tokenizer had before (one find_any3 per field), kept here
// verbatim. Randomised inputs full of the dialect's special bytes — quotes at
// and inside fields, "" escapes, text after closing quotes, \r, \n, \r\n,
// blank lines, non-ASCII bytes — with and without projection, with small
// record limits, must give identical records, views (text or scratch),
// counters and errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv/scan.h"
#include "runtime/csv/tokenizer.h"

namespace clue::csv {
namespace {

// The tokenizer as it was before the SIMD index (reference semantics).
class RefTokenizer {
 public:
  RefTokenizer(std::string_view text, Dialect dialect, std::uint64_t first_line, std::size_t max_record_bytes)
      : begin_(text.data()),
        end_(text.data() + text.size()),
        pos_(text.data()),
        dialect_(dialect),
        line_(first_line),
        max_record_bytes_(max_record_bytes) {}

  void set_projection(std::span<const int> columns) {
    slot_of_column_.clear();
    projecting_ = !columns.empty();
    projected_width_ = columns.size();
    for (std::size_t slot = 0; slot < columns.size(); ++slot) {
      int c = columns[slot];
      if (c < 0) continue;
      if (static_cast<std::size_t>(c) >= slot_of_column_.size()) slot_of_column_.resize(c + 1, -1);
      slot_of_column_[c] = static_cast<int>(slot);
    }
  }

  bool next(Record& r);
  bool failed() const { return failed_; }
  const TokenizerError& error() const { return error_; }
  std::uint64_t blank_lines() const { return blank_lines_; }
  std::size_t offset() const { return static_cast<std::size_t>(pos_ - begin_); }
  std::uint64_t line() const { return line_; }
  bool in_scratch(std::string_view field) const {
    return !scratch_.empty() && field.data() >= scratch_.data() &&
           field.data() < scratch_.data() + scratch_.size();
  }

 private:
  bool fail_(ErrorCode code, std::uint64_t line, const char* record_start, std::uint64_t record_line) {
    failed_ = true;
    error_ = {code, line, record_line, static_cast<std::size_t>(record_start - begin_)};
    pos_ = end_;
    return false;
  }

  const char* begin_;
  const char* end_;
  const char* pos_;
  Dialect dialect_;
  std::uint64_t line_;
  std::size_t max_record_bytes_;
  std::uint64_t blank_lines_ = 0;
  bool failed_ = false;
  TokenizerError error_{};
  std::vector<int> slot_of_column_;
  std::size_t projected_width_ = 0;
  bool projecting_ = false;
  std::string scratch_;
  struct Fixup {
    std::size_t slot, offset, length;
  };
  std::vector<Fixup> fixups_;
};

bool RefTokenizer::next(Record& r) {
  if (failed_) return false;
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char* p = pos_;

  // Skip empty physical lines; they are counted, never records.
  for (;;) {
    if (p == end_) {
      pos_ = p;
      return false;
    }
    if (*p == '\n') {
      ++p;
    } else if (*p == '\r') {
      p += (p + 1 < end_ && p[1] == '\n') ? 2 : 1;
    } else {
      break;
    }
    ++blank_lines_;
    ++line_;
  }

  const char* const start = p;
  const std::uint64_t start_line = line_;
  // Scanning never goes past `limit`: a runaway quote or a 2 GB line is cut
  // off after max_record_bytes (+1 so a record of exactly max bytes passes).
  const char* const limit =
      static_cast<std::size_t>(end_ - p) > max_record_bytes_ ? p + max_record_bytes_ + 1 : end_;

  r.fields.clear();
  if (projecting_) r.fields.assign(projected_width_, std::string_view{});
  scratch_.clear();
  fixups_.clear();
  std::size_t column = 0;
  const char* content_end;  // end of the record's bytes, before the terminator

  for (;;) {  // one field per iteration
    const bool want = !projecting_ ||
                      (column < slot_of_column_.size() && slot_of_column_[column] >= 0);
    const char* fbegin;
    const char* fend;
    bool scratched = false;
    std::size_t soff = 0;
    const char* stop;  // delimiter, line end, or limit

    if (p < limit && *p == quote) {
      const std::uint64_t open_line = line_;
      const char* seg = p + 1;  // current run of content not yet copied
      const char* c = seg;
      const char* close;
      for (;;) {
        const char* x = scan::find_any3(c, limit, quote, '\n', '\r');
        if (x == limit) {
          if (limit < end_) return fail_(ErrorCode::RecordTooLong, start_line, start, start_line);
          return fail_(ErrorCode::UnterminatedQuote, open_line, start, start_line);
        }
        if (*x == '\n') {
          ++line_;
          c = x + 1;
        } else if (*x == '\r') {
          ++line_;
          c = x + 1;
          if (c < limit && *c == '\n') ++c;
        } else if (x + 1 < limit && x[1] == quote) {  // "" escape
          if (want) {
            if (!scratched) soff = scratch_.size(), scratched = true;
            scratch_.append(seg, static_cast<std::size_t>(x + 1 - seg));
          }
          seg = c = x + 2;
        } else {
          if (x + 1 == limit && limit < end_)
            return fail_(ErrorCode::RecordTooLong, start_line, start, start_line);
          close = x;
          break;
        }
      }
      stop = scan::find_any3(close + 1, limit, delim, '\n', '\r');
      if (stop != close + 1 && want) {  // text after the closing quote: keep it
        if (!scratched) soff = scratch_.size(), scratched = true;
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
        scratch_.append(close + 1, static_cast<std::size_t>(stop - close - 1));
      } else if (scratched) {
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
      }
      fbegin = seg;
      fend = close;
    } else {
      stop = scan::find_any3(p, limit, delim, '\n', '\r');
      fbegin = p;
      fend = stop;
    }

    if (want) {
      std::size_t slot = projecting_ ? static_cast<std::size_t>(slot_of_column_[column]) : column;
      if (scratched) {
        fixups_.push_back({slot, soff, scratch_.size() - soff});
        if (!projecting_) r.fields.emplace_back();
      } else if (projecting_) {
        r.fields[slot] = std::string_view(fbegin, static_cast<std::size_t>(fend - fbegin));
      } else {
        r.fields.emplace_back(fbegin, static_cast<std::size_t>(fend - fbegin));
      }
    }
    ++column;

    if (stop == limit) {
      if (limit < end_) return fail_(ErrorCode::RecordTooLong, start_line, start, start_line);
      content_end = stop;  // last record, no terminator
      p = stop;
      ++line_;
      break;
    }
    if (*stop == delim) {
      p = stop + 1;
      continue;
    }
    content_end = stop;
    p = stop + ((*stop == '\r' && stop + 1 < end_ && stop[1] == '\n') ? 2 : 1);
    ++line_;
    break;
  }

  for (const Fixup& f : fixups_) r.fields[f.slot] = std::string_view(scratch_.data() + f.offset, f.length);
  r.field_count = static_cast<std::uint32_t>(column);
  r.line = start_line;
  r.lines = static_cast<std::uint32_t>(line_ - start_line);
  r.raw = std::string_view(start, static_cast<std::size_t>(content_end - start));
  pos_ = p;
  return true;
}


// Random text over an alphabet weighted towards the dialect's special bytes,
// with runs of plain text of random length so fields cross 64-byte blocks.
std::string random_text(std::mt19937& rng, Dialect d, std::size_t max_len) {
  static const char* const kPieces[] = {"a", "bc", "1234567890", "\xe4\xb8\xad", "\xe6\x96\x87\xe5\xad\x97",
                                        "\xff", " ", "x y z", "\"", "\"\"", "\r", "\n", "\r\n", "\n\n", "\0"};
  std::string out;
  const std::size_t len = std::uniform_int_distribution<std::size_t>(0, max_len)(rng);
  std::uniform_int_distribution<int> pick(0, 99);
  while (out.size() < len) {
    int k = pick(rng);
    if (k < 22) {
      out += d.delimiter;
    } else if (k < 32) {
      out += d.quote;
    } else if (k < 36) {
      out += d.quote;
      out += d.quote;
    } else if (k < 41) {
      out += '\n';
    } else if (k < 45) {
      out += '\r';
    } else if (k < 48) {
      out += "\r\n";
    } else if (k < 52) {  // a quoted field
      out += d.quote;
      out += "q,w";
      if (pick(rng) < 30) out += d.delimiter;
      if (pick(rng) < 30) out += "\n";
      if (pick(rng) < 30) {
        out += d.quote;
        out += d.quote;
      }
      out += d.quote;
      if (pick(rng) < 20) out += "after";
    } else if (k < 56) {  // a long run of plain bytes
      out.append(std::uniform_int_distribution<std::size_t>(1, 150)(rng), 'p');
    } else {
      const char* piece = kPieces[pick(rng) % (sizeof kPieces / sizeof kPieces[0])];
      if (*piece == '\0') out += '\0';
      else out += piece;
    }
  }
  return out;
}

struct Outcome {
  std::vector<std::string> log;  // one line per next() call and per check
};

std::string describe(const Record& r, bool ok, bool failed, const TokenizerError& e, std::uint64_t blanks,
                     std::size_t offset, std::uint64_t line, std::string_view text,
                     const std::vector<bool>& scratch) {
  std::string s = ok ? "ok" : "end";
  s += " failed=" + std::to_string(failed);
  if (failed)
    s += " err=" + std::to_string(static_cast<int>(e.code)) + "/" + std::to_string(e.line) + "/" +
         std::to_string(e.record_line) + "/" + std::to_string(e.record_offset);
  s += " blanks=" + std::to_string(blanks) + " offset=" + std::to_string(offset) + " next_line=" + std::to_string(line);
  if (!ok) {  // what the failed call left in the record's fields
    s += " fields_left=" + std::to_string(r.fields.size());
    for (std::string_view f : r.fields) s += " [" + std::string(f) + "]";
    return s;
  }
  s += " count=" + std::to_string(r.field_count) + " line=" + std::to_string(r.line) + " lines=" + std::to_string(r.lines);
  s += " raw=" + std::to_string(r.raw.data() - text.data()) + "+" + std::to_string(r.raw.size());
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    std::string_view f = r.fields[i];
    s += " [";
    if (scratch[i]) s += "S:";
    else if (f.data() && f.size() > 0) s += "@" + std::to_string(f.data() - text.data()) + ":";
    s += std::string(f);
    s += "]";
  }
  return s;
}

template <class Tok>
std::vector<std::string> run(std::string_view text, Dialect d, std::uint64_t first_line, std::size_t max_bytes,
                             const std::vector<int>& projection, int max_calls) {
  Tok t(text, d, first_line, max_bytes);
  if (!projection.empty()) t.set_projection(projection);
  std::vector<std::string> log;
  Record r;
  for (int i = 0; i < max_calls; ++i) {
    const bool ok = t.next(r);
    std::vector<bool> scratch;
    if (ok)
      for (std::string_view f : r.fields) scratch.push_back(t.in_scratch(f));
    log.push_back(describe(r, ok, t.failed(), t.error(), t.blank_lines(), t.offset(), t.line(), text, scratch));
    if (!ok) break;
  }
  return log;
}

// Runs the fast path at every SIMD level this CPU has (the index builders
// differ per level: SSE2, AVX2, AVX-512).
struct SimdCap {
  explicit SimdCap(int level) { detail::tokenizer_simd_cap.store(level); }
  ~SimdCap() { detail::tokenizer_simd_cap.store(2); }
};
constexpr int kSimdLevels[] = {0, 1, 2};

void expect_same_at_level(std::string_view text, Dialect d, std::uint64_t first_line, std::size_t max_bytes,
                          const std::vector<int>& projection, int level);

void expect_same(std::string_view text, Dialect d, std::uint64_t first_line, std::size_t max_bytes,
                 const std::vector<int>& projection) {
  for (int level : kSimdLevels) expect_same_at_level(text, d, first_line, max_bytes, projection, level);
}

void expect_same_at_level(std::string_view text, Dialect d, std::uint64_t first_line, std::size_t max_bytes,
                          const std::vector<int>& projection, int level) {
  SimdCap cap(level);
  // The text sits at the very end of its allocation, so a read past it is
  // a read past the buffer (caught by the sanitizer builds).
  std::unique_ptr<char[]> buf(new char[text.size() + 1]);
  char* data = buf.get() + 1;
  std::memcpy(data, text.data(), text.size());
  std::string_view exact(data, text.size());
  auto want = run<RefTokenizer>(exact, d, first_line, max_bytes, projection, 1 << 20);
  auto got = run<Tokenizer>(exact, d, first_line, max_bytes, projection, 1 << 20);
  if (want != got) {
    std::string shown;
    for (unsigned char c : text) {
      if (c >= 0x20 && c < 0x7f) shown += static_cast<char>(c);
      else {
        char b[8];
        std::snprintf(b, sizeof b, "\\x%02x", c);
        shown += b;
      }
    }
    std::string proj;
    for (int c : projection) proj += std::to_string(c) + " ";
    ADD_FAILURE() << "SIMD level " << level << "\ntext: \"" << shown << "\"\ndelimiter " << int(d.delimiter) << " quote " << int(d.quote)
                  << " max_record_bytes " << max_bytes << " projection " << proj;
    for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
      std::string w = i < want.size() ? want[i] : "<none>";
      std::string g = i < got.size() ? got[i] : "<none>";
      if (w != g) {
        ADD_FAILURE() << "call " << i << "\n want: " << w << "\n  got: " << g;
        break;
      }
    }
  }
}

std::vector<int> random_projection(std::mt19937& rng) {
  std::vector<int> p;
  const int n = std::uniform_int_distribution<int>(0, 5)(rng);
  for (int i = 0; i < n; ++i) p.push_back(std::uniform_int_distribution<int>(-1, 8)(rng));
  return p;
}

std::size_t random_limit(std::mt19937& rng) {
  switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0: return std::uniform_int_distribution<std::size_t>(0, 20)(rng);
    case 1: return std::uniform_int_distribution<std::size_t>(20, 300)(rng);
    default: return kDefaultMaxRecordBytes;
  }
}

// Dialects: the usual ones (AVX2 classification where available), ones the
// AVX2 nibble table cannot hold ('*' shares '\n''s low nibble; a non-ASCII
// delimiter) so the SSE2 index runs, and ones that take the plain scanner.
const Dialect kDialects[] = {
    {',', '"'}, {'\t', '"'}, {'|', '"'}, {';', '\''}, {'*', '"'}, {'\xa6', '"'}, {',', '\0'},
    {',', ','}, {'\n', '"'}, {',', '\r'},
};

TEST(CsvTokenizerSimd, RandomisedAgainstReferenceScanner) {
  std::mt19937 rng(20240611);
  int cases = 0;
  for (const Dialect& d : kDialects) {
    for (int i = 0; i < 1500; ++i, ++cases) {
      const std::string text = random_text(rng, d, i % 10 == 0 ? 600 : 120);
      const std::uint64_t first_line = std::uniform_int_distribution<std::uint64_t>(1, 5)(rng);
      expect_same(text, d, first_line, random_limit(rng), (i & 1) ? random_projection(rng) : std::vector<int>{});
      if (::testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(cases, 10000);
}

// Long inputs: many index refills, and special bytes at every offset of the
// 64-byte blocks.
TEST(CsvTokenizerSimd, LongInputsAgainstReferenceScanner) {
  std::mt19937 rng(99);
  for (const Dialect& d : {Dialect{',', '"'}, Dialect{'*', '"'}}) {
    for (int i = 0; i < 30; ++i) {
      const std::string text = random_text(rng, d, 20000);
      expect_same(text, d, 1, kDefaultMaxRecordBytes, {});
      expect_same(text, d, 1, kDefaultMaxRecordBytes, {2, 0});
      expect_same(text, d, 1, 500, {});
      if (::testing::Test::HasFailure()) return;
    }
  }
  // Dense special bytes (more than 8 per block, index fills up quickly).
  for (int i = 0; i < 20; ++i) {
    std::string text;
    std::uniform_int_distribution<int> pick(0, 9);
    for (int k = 0; k < 30000; ++k) text += ",,,\"\n\r\"a"[pick(rng) % 8];
    expect_same(text, {}, 1, kDefaultMaxRecordBytes, {});
    expect_same(text, {}, 1, 64, {1});
    if (::testing::Test::HasFailure()) return;
  }
}

// Every block alignment of a record end, a quote and the end of the text.
TEST(CsvTokenizerSimd, EveryOffsetAroundBlockEdges) {
  for (std::size_t pad = 0; pad < 200; ++pad) {
    for (const char* tail : {"a,b\n", "\"x\"\"y\",z\r\n", "\"open\nq", "a,\"b\"c\r", "x\r", ",", "\"\"", "\"", "ab\"c\n"}) {
      std::string text = std::string(pad, 'p') + "," + tail + "1,2\n";
      expect_same(text, {}, 1, kDefaultMaxRecordBytes, {});
      expect_same(text, {}, 1, pad + 2, {});
      expect_same(text, {}, 1, kDefaultMaxRecordBytes, {1});
      std::string cut = std::string(pad, 'p') + tail;
      expect_same(cut, {}, 1, kDefaultMaxRecordBytes, {});
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// The tokenizer can be moved and copied mid-text (std::optional, vectors of
// readers): the copy continues identically.
TEST(CsvTokenizerSimd, CopyMidTextContinuesIdentically) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "a" + std::to_string(i) + ",\"q,\"\"" + std::to_string(i) + "\",c\r\n";
  Tokenizer t(text);
  Record r;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(t.next(r));
  Tokenizer copy = t;
  Record a, b;
  for (int i = 100; i < 500; ++i) {
    ASSERT_TRUE(t.next(a));
    ASSERT_TRUE(copy.next(b));
    ASSERT_EQ(a.fields.size(), 3u);
    EXPECT_EQ(a.fields[0], "a" + std::to_string(i));
    EXPECT_EQ(b.fields[0], a.fields[0]);
    EXPECT_EQ(b.fields[1], a.fields[1]);
    EXPECT_EQ(b.line, a.line);
  }
  EXPECT_FALSE(t.next(a));
  EXPECT_FALSE(copy.next(b));
}

}  // namespace
}  // namespace clue::csv
