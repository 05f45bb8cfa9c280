// A literal prefilter for `matches` and `regex_extract`: a set of byte strings ("atoms") one
// of which every match of the pattern must contain. A text holding none of them cannot match,
// so RE2 runs only on the few texts that do (credit_card_lending's `matches(正文,
// "信用卡|刷卡|套现|(?i:\\bpos\\b)")` spent 13 % of its CPU in RE2 over 30 MB of judgments,
// of which one in twenty matches). The same idea as RE2's FilteredRE2 and Hyperscan's literal
// prefilters; here small enough to check by hand.
//
// Sound by construction, never precise: the analysis understands literals, escapes of
// punctuation, groups, alternation, zero-width assertions, `?`/`*`/`+`/`{n,m}` and skips
// classes, `.` and `\d`-like escapes as "any text"; anything else gives no prefilter (the
// regex runs on every text). Under `(?i)` an ASCII letter stands for its case pair, `s` and
// `k` also for ſ (U+017F) and K (U+212A), which RE2's Unicode case folding adds; a non-ASCII
// character under `(?i)` is "any text". Atoms are compared with ASCII letters folded, a
// superset of the exact test: a false candidate only costs a regex run.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace clue::exec {

class LiteralPrefilter {
 public:
  // The prefilter of an RE2 `pattern` (default options, UTF-8); none when the pattern says
  // nothing usable (then may_match is always true).
  static LiteralPrefilter of(std::string_view pattern);

  bool active() const { return !atoms_.empty(); }
  // The atoms, ASCII letters lower-cased (for tests and `clue explain`).
  const std::vector<std::string>& atoms() const { return atoms_; }
  // False only when no atom occurs in `text` (ASCII letters compared in either case): then
  // the pattern cannot match it.
  bool may_match(std::string_view text) const;

 private:
  // Two anchor bytes of an atom, at offsets a < b, chosen rare in Chinese text (not a CJK
  // lead byte such as E4..E9, nor E3 of the punctuation 《》，。): a 32-byte block of start
  // positions is tested with two compares, and only candidates are compared whole. Atoms with
  // the same anchors share a probe.
  struct Probe {
    size_t a, b;
    unsigned char va, vb, or_a, or_b;  // or_*: 0x20 when the byte is a letter (either case)
    std::vector<size_t> atoms;          // indices into atoms_
  };
  bool verify(const char* text, size_t n, size_t j, const Probe& probe) const;
  // The scans of may_match over a text of at least max_b_ + 32 (AVX2) or + 16 (SSE2) bytes:
  // blocks from the start, then each probe's last block, which ends at the text's end (a
  // start position tested twice gives the same answer). Shorter texts: one position a step.
  bool scan_avx2(std::string_view text) const;
  bool scan_sse2(std::string_view text) const;
  bool scan_bytes(std::string_view text) const;

  std::vector<std::string> atoms_;
  std::vector<Probe> probes_;
  size_t max_b_ = 0;
};

}  // namespace clue::exec
