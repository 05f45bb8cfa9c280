#include "runtime/csv/chunk.h"

#include <cstring>
#include <utility>

#include "runtime/csv/scan.h"

namespace clue::csv {
namespace {

enum State : int { kOutside = 0, kInQuotes = 1 };

// Position just after the line end that terminates the record starting (or,
// with in_quotes, continuing inside a quoted field) at p; nullptr if `end`
// comes first. Same automaton as Tokenizer::next.
const char* record_end(const char* p, const char* end, bool in_quotes, Dialect d) {
  bool field_start = !in_quotes;
  for (;;) {
    if (in_quotes) {
      const void* x = std::memchr(p, d.quote, static_cast<std::size_t>(end - p));
      if (!x) return nullptr;
      const char* q = static_cast<const char*>(x);
      if (q + 1 < end && q[1] == d.quote) {  // "" escape
        p = q + 2;
        continue;
      }
      in_quotes = false;  // closed: the rest of the field is literal
      p = q + 1;
    } else if (field_start && p < end && *p == d.quote) {
      in_quotes = true;
      ++p;
      continue;
    }
    const char* y = scan::find_any3(p, end, d.delimiter, '\n', '\r');
    if (y == end) return nullptr;
    if (*y == d.delimiter) {
      p = y + 1;
      field_start = true;
      continue;
    }
    return y + 1 + ((*y == '\r' && y + 1 < end && y[1] == '\n') ? 1 : 0);
  }
}

// State at `b` after reading [x, b) from a record boundary. `b` follows a
// line end, so running out of text there means we are inside quotes.
State run_outside(const char* x, const char* b, Dialect d) {
  while (x < b) {
    x = record_end(x, b, false, d);
    if (!x) return kInQuotes;
  }
  return kOutside;
}

struct PieceInfo {
  State end_state[2] = {kOutside, kInQuotes};  // indexed by start state
  std::uint64_t line_breaks = 0;
};

PieceInfo analyze(const char* a, const char* b, Dialect d) {
  PieceInfo info;
  info.line_breaks = scan::count_line_breaks(a, b);
  // Two hypotheses about the state at `a`; `outside_is` says which start
  // state is currently outside quotes at x (the other is inside).
  int outside_is = kOutside;
  const char* x = a;
  for (;;) {
    const char* p = record_end(x, b, true, d);  // the inside-quotes hypothesis
    if (!p) {
      info.end_state[1 - outside_is] = kInQuotes;
      info.end_state[outside_is] = run_outside(x, b, d);
      return info;
    }
    const char* y = x;  // the outside hypothesis, up to p
    while (y && y < p) y = record_end(y, b, false, d);
    if (y == p) {  // both at a record boundary at p: identical from here on
      State s = run_outside(p, b, d);
      info.end_state[0] = info.end_state[1] = s;
      return info;
    }
    // The outside hypothesis is inside a quoted field at p: roles swap.
    outside_is = 1 - outside_is;
    x = p;
  }
}

// Offset just after the first complete line end at or after t, or size.
std::size_t cut_after_line_end(std::string_view text, std::size_t t) {
  const char* e = text.data() + text.size();
  const char* x = scan::find_any3(text.data() + t, e, '\n', '\r', '\n');
  if (x == e) return text.size();
  if (*x == '\r' && x + 1 < e && x[1] == '\n') ++x;
  return static_cast<std::size_t>(x + 1 - text.data());
}

}  // namespace

std::vector<Chunk> split_chunks(std::string_view text, std::size_t n, Dialect dialect,
                                std::uint64_t first_line, const ParallelFor& parallel_for) {
  std::vector<Chunk> out;
  if (text.empty()) return out;
  if (n <= 1) {
    out.push_back({0, text.size(), first_line});
    return out;
  }
  // Candidate cuts, evenly spaced, each moved to just after a line end.
  std::vector<std::size_t> cuts{0};
  for (std::size_t i = 1; i < n; ++i) {
    std::size_t c = cut_after_line_end(text, text.size() / n * i);
    if (c > cuts.back() && c < text.size()) cuts.push_back(c);
  }
  cuts.push_back(text.size());
  const std::size_t pieces = cuts.size() - 1;

  std::vector<PieceInfo> info(pieces);
  auto body = [&](std::size_t i) {
    info[i] = analyze(text.data() + cuts[i], text.data() + cuts[i + 1], dialect);
  };
  if (parallel_for) parallel_for(pieces, body);
  else
    for (std::size_t i = 0; i < pieces; ++i) body(i);

  // Compose: true state at each cut, moving cuts that fall inside quotes.
  State state = kOutside;
  std::uint64_t line = first_line;
  out.push_back({0, 0, first_line});
  for (std::size_t i = 0; i < pieces; ++i) {
    const std::size_t cut = cuts[i];
    if (i > 0) {
      std::size_t boundary = cut;
      std::uint64_t boundary_line = line;
      if (state == kInQuotes) {
        const char* p = record_end(text.data() + cut, text.data() + cuts[i + 1], true, dialect);
        if (p) {
          boundary = static_cast<std::size_t>(p - text.data());
          boundary_line = line + scan::count_line_breaks(text.data() + cut, p);
        } else {
          boundary = std::string_view::npos;  // no record ends in this piece
        }
      }
      // A moved cut can land exactly on the next cut: keep chunks non-empty.
      if (boundary != std::string_view::npos && boundary < text.size() && boundary > out.back().begin) {
        out.back().end = boundary;
        out.push_back({boundary, 0, boundary_line});
      }
    }
    state = info[i].end_state[state];
    line += info[i].line_breaks;
  }
  out.back().end = text.size();
  return out;
}

}  // namespace clue::csv
