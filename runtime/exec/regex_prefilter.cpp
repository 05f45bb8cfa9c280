#include "runtime/exec/regex_prefilter.h"

#include <algorithm>
#include <cstring>
#include <optional>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clue::exec {
namespace {

// Above these an exact set becomes a required set (one of its strings must occur): the cross
// products of alternations grow fast and long atoms buy no selectivity.
// Each atom costs the scan a compare a block, so a run of exact strings is closed past
// kMaxRunStrings (repealed_statutes' 《(中华人民共和国)?(合同法|…9 laws)》 keeps the nine
// "合同法》" … rather than 18 strings with and without 中华人民共和国).
constexpr size_t kMaxExact = 64, kMaxExactLen = 64, kMaxAtoms = 32, kMaxAtomLen = 32, kMaxRunStrings = 16;

// What a sub-pattern tells about the texts it matches. exact: it matches exactly one of `set`
// (ASCII letters lower-cased). Otherwise every match contains one of `set`; an empty set says
// nothing (any text).
struct Info {
  bool exact = false;
  std::vector<std::string> set;
};

Info any_text() { return {}; }
Info exact_of(std::vector<std::string> s) { return {true, std::move(s)}; }

// The strings one of which every match contains; empty when nothing is known.
std::vector<std::string> required(const Info& x) {
  if (!x.exact) return x.set;
  for (const std::string& s : x.set)
    if (s.empty()) return {};
  return x.set;
}

size_t min_len(const std::vector<std::string>& s) {
  size_t m = SIZE_MAX;
  for (const std::string& a : s) m = std::min(m, a.size());
  return m;
}

// Of two required sets (both hold), the one that selects better: longer shortest atom, then
// fewer atoms.
std::vector<std::string> better(std::vector<std::string> a, std::vector<std::string> b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const size_t la = min_len(a), lb = min_len(b);
  if (la != lb) return la > lb ? a : b;
  return a.size() <= b.size() ? a : b;
}

Info concat(const Info& a, const Info& b) {
  if (a.exact && b.exact && a.set.size() * b.set.size() <= kMaxExact) {
    std::vector<std::string> out;
    bool fits = true;
    for (const std::string& x : a.set)
      for (const std::string& y : b.set) {
        fits = fits && x.size() + y.size() <= kMaxExactLen;
        out.push_back(x + y);
      }
    if (fits) return exact_of(std::move(out));
  }
  return {false, better(required(a), required(b))};
}

Info alternate(const Info& a, const Info& b) {
  if (a.exact && b.exact && a.set.size() + b.set.size() <= kMaxExact) {
    std::vector<std::string> out = a.set;
    out.insert(out.end(), b.set.begin(), b.set.end());
    return exact_of(std::move(out));
  }
  std::vector<std::string> ra = required(a), rb = required(b);
  if (ra.empty() || rb.empty()) return any_text();  // one branch needs nothing
  ra.insert(ra.end(), rb.begin(), rb.end());
  return {false, std::move(ra)};
}

bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : char(c); }

// A recursive descent over the subset of RE2's syntax described in the header. failed_ set
// means "no prefilter": the pattern has a construct not understood here.
class Analyzer {
 public:
  explicit Analyzer(std::string_view p) : p_(p) {}

  std::optional<Info> run() {
    bool icase = false;
    Info x = alternation(icase);
    const unsigned char c0 = p_.empty() ? 0 : static_cast<unsigned char>(p_[0]);
    literal_first_ = !top_alternation_ && c0 != 0 && !std::strchr("\\^$.|?*+()[]{}", c0);
    if (failed_ || i_ != p_.size()) return std::nullopt;
    return x;
  }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  unsigned char peek(size_t k = 0) const { return i_ + k < p_.size() ? static_cast<unsigned char>(p_[i_ + k]) : 0; }

  // Branches up to `)` or the end. Flags set by `(?i)` hold to the end of the group, across
  // its later branches (as in RE2), hence the reference.
  Info alternation(bool& icase) {
    Info x = concatenation(icase);
    while (!failed_ && !at_end() && peek() == '|') {
      top_alternation_ = top_alternation_ || depth_ == 0;
      ++i_;
      x = alternate(x, concatenation(icase));
    }
    return x;
  }

  // Items in a row. Exact items are joined into a run of exact strings (so `a.bcd` requires
  // "bcd", not just "b"); a run is closed by an item that is not exact or when its cross
  // product grows too large, and the best required set of the closed runs is kept.
  Info concatenation(bool& icase) {
    Info run = exact_of({""});
    std::vector<std::string> best;
    bool all_exact = true;
    while (!failed_ && !at_end() && peek() != '|' && peek() != ')') {
      Info item = one(icase);
      if (failed_) break;
      then_gap_ = false;
      item = repeat(std::move(item));
      if (then_gap_) {  // the item's first copy, then any text
        Info joined = concat(run, item);
        all_exact = false;
        if (joined.exact && joined.set.size() <= kMaxRunStrings) {
          best = better(std::move(best), required(joined));
        } else {
          best = better(std::move(best), required(run));
          best = better(std::move(best), required(item));
        }
        run = exact_of({""});
        continue;
      }
      if (item.exact) {
        Info joined = concat(run, item);
        if (joined.exact && joined.set.size() <= kMaxRunStrings) {
          run = std::move(joined);
          continue;
        }
        all_exact = false;
        best = better(std::move(best), required(run));
        run = std::move(item);
        continue;
      }
      all_exact = false;
      best = better(std::move(best), required(run));
      best = better(std::move(best), required(item));
      run = exact_of({""});
    }
    if (all_exact) return run;
    return {false, better(std::move(best), required(run))};
  }

  // A quantifier after an item, if any.
  Info repeat(Info item) {
    if (at_end()) return item;
    size_t lo = 1, hi = 1;
    const unsigned char c = peek();
    if (c == '*') lo = 0, hi = SIZE_MAX, ++i_;
    else if (c == '+') lo = 1, hi = SIZE_MAX, ++i_;
    else if (c == '?') lo = 0, hi = 1, ++i_;
    else if (c == '{' && counted(lo, hi)) {}
    else return item;
    if (!at_end() && peek() == '?') ++i_;  // non-greedy: the same texts
    if (!at_end() && (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && is_counted()))) {
      failed_ = true;  // RE2 rejects a repeated repetition
      return any_text();
    }
    if (hi == 0) return exact_of({""});
    if (lo == 0) {
      if (hi == 1 && item.exact) {
        item.set.push_back("");
        return item;
      }
      return any_text();
    }
    if (lo == 1 && hi == 1) return item;
    // `b+`, `b{2,}`: one `b` is exact and joins the run before it (`ab+c` requires "ab"); what
    // follows it is not.
    if (item.exact) then_gap_ = true;
    return item;
  }

  bool is_counted() {
    const size_t save = i_;
    size_t lo, hi;
    const bool ok = counted(lo, hi);
    i_ = save;
    return ok;
  }

  // `{n}`, `{n,}` or `{n,m}` at i_ (consumed when it is one); else `{` is a literal.
  bool counted(size_t& lo, size_t& hi) {
    size_t j = i_ + 1;
    auto number = [&](size_t& v) {
      const size_t start = j;
      v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && j - start < 6) v = v * 10 + size_t(p_[j++] - '0');
      return j > start;
    };
    if (!number(lo)) return false;
    hi = lo;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (!number(hi)) hi = SIZE_MAX;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }

  Info one(bool& icase) {
    const unsigned char c = peek();
    switch (c) {
      case '(': return group(icase);
      case '[': skip_class(); return any_text();
      case '.': ++i_; return any_text();
      case '^': case '$': ++i_; return exact_of({""});
      case '\\': return escape(icase);
      case '*': case '+': case '?': failed_ = true; return any_text();
      default: break;
    }
    // A literal character, whole (a quantifier after it repeats all its bytes).
    const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i_ + n > p_.size()) {
      failed_ = true;
      return any_text();
    }
    std::string ch(p_.substr(i_, n));
    i_ += n;
    return literal(ch, icase);
  }

  // RE2's case folding under (?i): an ASCII letter's pair, and for s and k the two non-ASCII
  // characters in their orbit (ſ U+017F, K U+212A). A non-ASCII character may fold to
  // others this code does not know: any text.
  static Info literal(const std::string& ch, bool icase) {
    const unsigned char c = static_cast<unsigned char>(ch[0]);
    if (!icase) return exact_of({ch.size() == 1 ? std::string(1, lower(c)) : ch});
    if (ch.size() > 1) return any_text();
    const char l = lower(c);
    if (l == 's') return exact_of({"s", "\xC5\xBF"});
    if (l == 'k') return exact_of({"k", "\xE2\x84\xAA"});
    return exact_of({std::string(1, l)});
  }

  Info escape(bool icase) {
    ++i_;  // the backslash
    if (at_end()) {
      failed_ = true;
      return any_text();
    }
    const unsigned char c = peek();
    ++i_;
    switch (c) {
      case 'b': case 'B': case 'A': case 'z': return exact_of({""});
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'C': return any_text();
      case 'p': case 'P':
        if (!at_end() && peek() == '{') return skip_braces() ? any_text() : fail();
        if (at_end()) return fail();
        ++i_;
        return any_text();
      default: break;
    }
    // An escaped ASCII punctuation character stands for itself; letters, digits (octal,
    // \x hex, \n …) and \Q…\E are not followed here.
    if (c < 0x80 && !is_letter(c) && !(c >= '0' && c <= '9')) return literal(std::string(1, char(c)), icase);
    return fail();
  }

  Info fail() {
    failed_ = true;
    return any_text();
  }

  bool skip_braces() {
    const size_t close = p_.find('}', i_);
    if (close == std::string_view::npos) return false;
    i_ = close + 1;
    return true;
  }

  // `[...]`: `]` first (after an optional `^`) is a member, `[:alpha:]` is one, `\` escapes
  // the next character (`\p{…}` and `\x{…}` their braces).
  void skip_class() {
    ++i_;
    if (!at_end() && peek() == '^') ++i_;
    if (!at_end() && peek() == ']') ++i_;
    while (!at_end()) {
      const unsigned char c = peek();
      if (c == ']') {
        ++i_;
        return;
      }
      if (c == '[' && peek(1) == ':') {
        const size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) break;
        i_ = close + 2;
        continue;
      }
      if (c == '\\') {
        i_ += 2;
        if (i_ <= p_.size() && (p_[i_ - 1] == 'p' || p_[i_ - 1] == 'P' || p_[i_ - 1] == 'x') && !at_end() &&
            peek() == '{' && !skip_braces())
          break;
        continue;
      }
      ++i_;
    }
    failed_ = true;  // unterminated
  }

  Info group(bool& icase) {
    ++i_;  // (
    bool inner = icase;
    if (!at_end() && peek() == '?') {
      ++i_;
      if (!at_end() && (peek() == 'P' || peek() == '<')) {  // (?P<name>…) or (?<name>…)
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return fail();
        i_ = close + 1;
      } else {
        bool negate = false, any_flag = false;
        while (!at_end() && peek() != ':' && peek() != ')') {
          const unsigned char f = peek();
          if (f == '-' && !negate) negate = true;
          else if (f == 'i') inner = !negate;
          else if (f != 'm' && f != 's' && f != 'U') return fail();
          any_flag = any_flag || f != '-';
          ++i_;
        }
        if (at_end() || (!any_flag && peek() == ')')) return fail();  // `(?)`, `(?-)`
        if (negate && !any_flag) return fail();                         // `(?-:`
        if (peek() == ')') {  // (?i): the flags hold for the rest of the enclosing group
          ++i_;
          icase = inner;
          // A quantifier after it repeats the item before it in RE2 (`执(?i)?` is `执?`): not
          // followed here.
          if (!at_end() && (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && is_counted())))
            return fail();
          return exact_of({""});
        }
        ++i_;  // :
      }
    }
    ++depth_;
    Info x = alternation(inner);
    --depth_;
    if (failed_ || at_end() || peek() != ')') return fail();
    ++i_;
    return x;
  }

  std::string_view p_;
  size_t i_ = 0;
  bool failed_ = false;
  bool then_gap_ = false;  // set by repeat: the item it returns is followed by any text
  int depth_ = 0;          // groups open
  bool top_alternation_ = false;

 public:
  // The pattern starts with a literal character and has no `|` outside groups: every match
  // starts with that byte, and RE2 skips to it with memchr.
  bool literal_first_ = false;
};

bool folded_equal(const char* text, const std::string& atom) {
  for (size_t k = 0; k < atom.size(); ++k) {
    const auto a = static_cast<unsigned char>(atom[k]), t = static_cast<unsigned char>(text[k]);
    if (is_letter(a) ? (t | 0x20) != a : t != a) return false;
  }
  return true;
}

}  // namespace

LiteralPrefilter LiteralPrefilter::of(std::string_view pattern) {
  LiteralPrefilter out;
  Analyzer analyzer(pattern);
  std::optional<Info> info = analyzer.run();
  // RE2 finds the first byte of such a pattern with memchr, then runs its DFA from there:
  // cheaper than a scan for several literals (repealed_statutes' `《(中华人民共和国)?合同法》`
  // took 4 times the instructions with the prefilter).
  if (!info || analyzer.literal_first_) return out;
  std::vector<std::string> atoms = required(*info);
  // Any part of a required string is required too: long atoms are cut to their first
  // kMaxAtomLen bytes (a cut inside a UTF-8 character is still a byte string the text holds).
  for (std::string& a : atoms)
    if (a.size() > kMaxAtomLen) a.resize(kMaxAtomLen);
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  // An atom holding another is redundant: the shorter one occurs wherever it does.
  std::vector<std::string> kept;
  for (const std::string& a : atoms) {
    bool covered = false;
    for (const std::string& b : atoms) covered = covered || (b.size() < a.size() && a.find(b) != std::string::npos);
    if (!covered) kept.push_back(a);
  }
  // Single bytes occur nearly everywhere: the scan would cost more than the regex it saves.
  if (kept.empty() || kept.size() > kMaxAtoms || min_len(kept) < 2) return out;
  out.atoms_ = std::move(kept);
  for (size_t k = 0; k < out.atoms_.size(); ++k) {
    const std::string& t = out.atoms_[k];
    // The pair of offsets with the rarest bytes (lowest score), the farther apart on a tie.
    auto score = [](unsigned char c) {
      if (c == 0x80) return 2;                // 。、《》… are E3 80 xx
      if (c >= 0x81 && c <= 0xBF) return 1;  // a continuation byte: one value of 64
      if (c >= 0xE3 && c <= 0xE9) return 4;  // the lead byte of most Chinese characters
      return 2;
    };
    size_t a = 0, b = 1;
    for (size_t x = 0; x < t.size(); ++x)
      for (size_t y = x + 1; y < t.size(); ++y) {
        const int sxy = score(static_cast<unsigned char>(t[x])) + score(static_cast<unsigned char>(t[y]));
        const int sab = score(static_cast<unsigned char>(t[a])) + score(static_cast<unsigned char>(t[b]));
        if (sxy < sab || (sxy == sab && y - x > b - a)) a = x, b = y;
      }
    const auto va = static_cast<unsigned char>(t[a]), vb = static_cast<unsigned char>(t[b]);
    auto same = [&](const Probe& p) { return p.a == a && p.b == b && p.va == va && p.vb == vb; };
    auto it = std::find_if(out.probes_.begin(), out.probes_.end(), same);
    if (it == out.probes_.end()) {
      out.probes_.push_back(Probe{a, b, va, vb, static_cast<unsigned char>(is_letter(va) ? 0x20 : 0),
                                  static_cast<unsigned char>(is_letter(vb) ? 0x20 : 0), {}});
      it = out.probes_.end() - 1;
    }
    it->atoms.push_back(k);
    out.max_b_ = std::max(out.max_b_, b);
  }
  return out;
}

bool LiteralPrefilter::verify(const char* text, size_t n, size_t j, const Probe& probe) const {
  for (size_t k : probe.atoms)
    if (j + atoms_[k].size() <= n && folded_equal(text + j, atoms_[k])) return true;
  return false;
}

namespace {
#if defined(__x86_64__)
bool cpu_has_avx2() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}
#endif
}  // namespace

bool LiteralPrefilter::may_match(std::string_view text) const {
  if (atoms_.empty()) return true;
#if defined(__x86_64__)
  if (text.size() >= max_b_ + 32 && cpu_has_avx2()) return scan_avx2(text);
#endif
#ifdef __SSE2__
  if (text.size() >= max_b_ + 16) return scan_sse2(text);
#endif
  return scan_bytes(text);
}

#if defined(__x86_64__)
namespace {
// The first block start from `i` on (stepping by 32 while i + max_b + 32 <= n) where some
// probe has a candidate; `masks[p]` then holds probe p's candidates (bit k: start i + k).
// SIZE_MAX when none. The probes' bytes are broadcast once per call (once per text), not
// per block.
__attribute__((target("avx2"))) size_t next_block_avx2(const char* s, size_t n, size_t i, size_t max_b,
                                                     const size_t* a, const size_t* b, const unsigned char* va,
                                                     const unsigned char* vb, const unsigned char* or_a,
                                                     const unsigned char* or_b, size_t np, unsigned* masks) {
  __m256i bva[kMaxAtoms], bvb[kMaxAtoms], bora[kMaxAtoms], borb[kMaxAtoms];
  for (size_t p = 0; p < np; ++p) {
    bva[p] = _mm256_set1_epi8(char(va[p]));
    bvb[p] = _mm256_set1_epi8(char(vb[p]));
    bora[p] = _mm256_set1_epi8(char(or_a[p]));
    borb[p] = _mm256_set1_epi8(char(or_b[p]));
  }
  for (; i + max_b + 32 <= n; i += 32) {
    unsigned any = 0;
    for (size_t p = 0; p < np; ++p) {
      const __m256i xa = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + a[p]));
      const __m256i xb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + b[p]));
      const __m256i ea = _mm256_cmpeq_epi8(_mm256_or_si256(xa, bora[p]), bva[p]);
      const __m256i eb = _mm256_cmpeq_epi8(_mm256_or_si256(xb, borb[p]), bvb[p]);
      masks[p] = unsigned(_mm256_movemask_epi8(_mm256_and_si256(ea, eb)));
      any |= masks[p];
    }
    if (any) return i;
  }
  return SIZE_MAX;
}
}  // namespace

bool LiteralPrefilter::scan_avx2(std::string_view text) const {
  const char* s = text.data();
  const size_t n = text.size(), np = probes_.size();
  size_t a[kMaxAtoms], b[kMaxAtoms];
  unsigned char va[kMaxAtoms], vb[kMaxAtoms], or_a[kMaxAtoms], or_b[kMaxAtoms];
  unsigned masks[kMaxAtoms];
  for (size_t p = 0; p < np; ++p) {
    a[p] = probes_[p].a, b[p] = probes_[p].b, va[p] = probes_[p].va, vb[p] = probes_[p].vb;
    or_a[p] = probes_[p].or_a, or_b[p] = probes_[p].or_b;
  }
  auto verify_mask = [&](size_t i, size_t p, unsigned mask) {
    for (; mask; mask &= mask - 1)
      if (verify(s, n, i + unsigned(__builtin_ctz(mask)), probes_[p])) return true;
    return false;
  };
  size_t end = 0;  // the blocks from 0 to here, every probe at once
  for (size_t i = 0;;) {
    i = next_block_avx2(s, n, i, max_b_, a, b, va, vb, or_a, or_b, np, masks);
    if (i == SIZE_MAX) break;
    for (size_t p = 0; p < np; ++p)
      if (verify_mask(i, p, masks[p])) return true;
    i += 32;
  }
  while (end + max_b_ + 32 <= n) end += 32;
  // The rest of each probe's start positions (a probe with a nearer b has more of them), its
  // last block ending at the text's end: one probe at a time, rarely more than a block.
  for (size_t p = 0; p < np; ++p) {
    auto one = [&](size_t i) {
      unsigned m[kMaxAtoms];
      const size_t at = next_block_avx2(s, i + b[p] + 32, i, b[p], &a[p], &b[p], &va[p], &vb[p], &or_a[p], &or_b[p], 1, m);
      return at != SIZE_MAX && verify_mask(at, p, m[0]);
    };
    size_t i = end;
    for (; i + b[p] + 32 <= n; i += 32)
      if (one(i)) return true;
    if (i < n - b[p] && one(n - b[p] - 32)) return true;
  }
  return false;
}
#else
bool LiteralPrefilter::scan_avx2(std::string_view) const { return false; }
#endif

bool LiteralPrefilter::scan_sse2(std::string_view text) const {
#ifdef __SSE2__
  const char* s = text.data();
  const size_t n = text.size();
  auto block = [&](size_t i, const Probe& p) {
    const __m128i xa = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + p.a));
    const __m128i xb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + p.b));
    const __m128i ea = _mm_cmpeq_epi8(_mm_or_si128(xa, _mm_set1_epi8(char(p.or_a))), _mm_set1_epi8(char(p.va)));
    const __m128i eb = _mm_cmpeq_epi8(_mm_or_si128(xb, _mm_set1_epi8(char(p.or_b))), _mm_set1_epi8(char(p.vb)));
    unsigned mask = unsigned(_mm_movemask_epi8(_mm_and_si128(ea, eb)));
    while (mask) {
      if (verify(s, n, i + unsigned(__builtin_ctz(mask)), p)) return true;
      mask &= mask - 1;
    }
    return false;
  };
  size_t end = 0;  // the blocks from 0 to here, every probe at once
  for (; end + max_b_ + 16 <= n; end += 16)
    for (const Probe& p : probes_)
      if (block(end, p)) return true;
  // The rest of each probe's start positions (a probe with a nearer b has more of them), its
  // last block ending at the text's end.
  for (const Probe& p : probes_) {
    size_t i = end;
    for (; i + p.b + 16 <= n; i += 16)
      if (block(i, p)) return true;
    if (i < n - p.b && block(n - p.b - 16, p)) return true;
  }
  return false;
#else
  return scan_bytes(text);
#endif
}

bool LiteralPrefilter::scan_bytes(std::string_view text) const {
  const char* s = text.data();
  const size_t n = text.size();
  for (const Probe& p : probes_)
    for (size_t j = 0; j + p.b < n; ++j) {
      const auto ca = static_cast<unsigned char>(s[j + p.a]), cb = static_cast<unsigned char>(s[j + p.b]);
      if ((ca | p.or_a) == p.va && (cb | p.or_b) == p.vb && verify(s, n, j, p)) return true;
    }
  return false;
}

}  // namespace clue::exec
