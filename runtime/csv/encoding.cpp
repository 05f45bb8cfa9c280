#include "runtime/csv/encoding.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <iconv.h>
#include <vector>

#include "runtime/csv/scan.h"
#include "runtime/csv/utf8_simd.h"

namespace clue::csv {

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "UTF-8";
    case Encoding::Gb18030: return "GB18030";
    case Encoding::Utf16Le: return "UTF-16LE";
    case Encoding::Utf16Be: return "UTF-16BE";
  }
  return "?";
}

// ---------------------------------------------------------------- UTF-8 ----

namespace {

// Length of the well-formed UTF-8 sequence at p (p[0] >= 0x80), 0 if it is
// invalid, -1 if it is a valid prefix cut short by `end`.
int sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned c = *p;
  int n;                          // continuation bytes
  unsigned lo = 0x80, hi = 0xBF;  // range of the first continuation byte
  if (c >= 0xC2 && c <= 0xDF) n = 1;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    if (c == 0xE0) lo = 0xA0;       // overlong
    else if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    if (c == 0xF0) lo = 0x90;       // overlong
    else if (c == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return 0;
  }
  for (int i = 1; i <= n; ++i) {
    if (p + i >= end) return -1;
    const unsigned b = p[i];
    if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return 0;
  }
  return n + 1;
}

const unsigned char* skip_ascii(const unsigned char* p, const unsigned char* end) {
  return reinterpret_cast<const unsigned char*>(
      scan::find_non_ascii(reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end)));
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view s, bool allow_truncated_tail) {
  const auto* base = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* p = base;
  const unsigned char* end = base + s.size();
  while (p < end) {
    if (*p < 0x80) {
      // Exports mix Chinese text with short ASCII runs (commas, digits): step over a few bytes
      // inline and call the SIMD skip only for longer runs.
      const unsigned char* stop = end - p > 16 ? p + 16 : end;
      while (p < stop && *p < 0x80) ++p;
      if (p == stop && p < end && *p < 0x80) p = skip_ascii(p, end);
      if (p == end) break;
      if (*p < 0x80) continue;
    }
    // The common case in Chinese text: a 3-byte character with a lead byte that has no extra
    // constraint on its first continuation byte (E1-EC, EE-EF: all CJK ideographs).
    if (end - p >= 3) {
      const unsigned c = p[0];
      if (c >= 0xE1 && c <= 0xEF && c != 0xED && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        p += 3;
        continue;
      }
    }
    const int n = sequence_length(p, end);
    if (n > 0) {
      p += n;
      continue;
    }
    if (n < 0 && allow_truncated_tail) return kNoInvalid;
    return static_cast<std::size_t>(p - base);
  }
  return kNoInvalid;
}

// ------------------------------------------------------------ detection ----

namespace {
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::string_view kGb18030Bom = "\x84\x31\x95\x33";
}  // namespace

Detection detect_encoding(std::string_view bytes, Encoding requested, std::size_t sniff_bytes) {
  Detection d;
  // Agencies routinely send workbooks renamed to .csv; say so instead of
  // reporting thousands of garbage rows.
  if (starts_with(bytes, std::string_view("PK\x03\x04", 4))) {
    d.not_text = true;
    d.what = "an Excel .xlsx workbook (zip)";
    return d;
  }
  if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    d.not_text = true;
    d.what = "an Excel .xls or WPS .et workbook";
    return d;
  }
  Encoding bom_enc = Encoding::Auto;
  std::size_t bom = 0;
  if (starts_with(bytes, kUtf8Bom)) bom_enc = Encoding::Utf8, bom = 3;
  else if (starts_with(bytes, kGb18030Bom)) bom_enc = Encoding::Gb18030, bom = 4;
  else if (starts_with(bytes, kUtf16LeBom)) bom_enc = Encoding::Utf16Le, bom = 2;
  else if (starts_with(bytes, kUtf16BeBom)) bom_enc = Encoding::Utf16Be, bom = 2;

  if (requested != Encoding::Auto) {
    d.encoding = requested;
    d.bom_size = (bom_enc == requested) ? bom : 0;
    return d;
  }
  // UTF-16 without its byte-order mark: the ASCII of a CSV (digits, commas, line breaks) puts
  // a zero byte beside every character. Read as UTF-8 it is one long header-less line (C0203,
  // with no clue why): say what it is instead. Text never holds zero bytes otherwise.
  if (bom_enc == Encoding::Auto) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t(1);
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i < n; i += 2) {
      zero_even += bytes[i] == '\0';
      zero_odd += bytes[i + 1] == '\0';
    }
    const std::size_t pairs = n / 2;
    if (pairs >= 4 && std::max(zero_even, zero_odd) * 10 >= pairs * 3 && std::min(zero_even, zero_odd) * 20 < pairs) {
      d.not_text = true;
      d.what = zero_odd > zero_even ? "UTF-16LE text with no byte-order mark, every other byte zero"
                                    : "UTF-16BE text with no byte-order mark, every other byte zero";
      return d;
    }
  }
  if (bom_enc != Encoding::Auto && bom_enc != Encoding::Utf8) {
    d.encoding = bom_enc;
    d.bom_size = bom;
    return d;
  }
  // UTF-8 with its BOM: UTF-8, but the window is looked at all the same, so that the row layer
  // knows whether GB18030 lines were met (C0305).
  d.bom_size = bom;
  bytes.remove_prefix(bom);
  const char* first_high = scan::find_non_ascii(bytes.data(), bytes.data() + bytes.size());
  std::size_t from = static_cast<std::size_t>(first_high - bytes.data());
  if (from == bytes.size()) {
    d.encoding = Encoding::Utf8;  // pure ASCII: both readings agree
    return d;
  }
  // Lines, not bytes: GBK text read as UTF-8 is mostly invalid, but a long
  // text pasted from a GBK file into a small UTF-8 export can hold more
  // invalid bytes than the export has characters. Each line is one vote.
  const std::size_t len = std::min(sniff_bytes, bytes.size() - from);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + from);
  const auto* end = p + len;
  // The usual case, a clean UTF-8 export, in one SIMD pass (the vote below is mostly scalar:
  // about 10 ms for a 4 MB window). The window is cut back to an ASCII byte so that it does
  // not end inside a character.
  {
    const auto* cut = end;
    if (cut < reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size()))
      while (cut > p && *(cut - 1) >= 0x80) --cut;
    if (cut > p && utf8_valid(reinterpret_cast<const char*>(p), static_cast<std::size_t>(cut - p))) {
      d.encoding = Encoding::Utf8;
      return d;
    }
  }
  // Not clean: each line votes (see encoding.h). A line cut by the end of the window is
  // judged on what the window holds of it.
  const auto* file_end = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size());
  Encoding first_vote = Encoding::Auto;
  while (p < end) {
    const auto* le = reinterpret_cast<const unsigned char*>(scan::find_any3(
        reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end), '\n', '\r', '\n'));
    if (skip_ascii(p, le) != le) {
      const std::string_view line(reinterpret_cast<const char*>(p), static_cast<std::size_t>(le - p));
      const bool cut = le == end && end < file_end;
      Encoding vote = Encoding::Auto;
      if (find_invalid_utf8(line, cut) != kNoInvalid) vote = Encoding::Gb18030, ++d.gb18030_lines;
      else if (count_wide_utf8(line) > 0) vote = Encoding::Utf8, ++d.utf8_lines;
      if (first_vote == Encoding::Auto) first_vote = vote;
    }
    p = le + (le < end);
  }
  if (bom_enc == Encoding::Utf8)
    d.encoding = Encoding::Utf8;
  else if (d.utf8_lines != d.gb18030_lines)
    d.encoding = d.utf8_lines > d.gb18030_lines ? Encoding::Utf8 : Encoding::Gb18030;
  else
    d.encoding = first_vote == Encoding::Gb18030 ? Encoding::Gb18030 : Encoding::Utf8;
  return d;
}

// -------------------------------------------------------------- GB18030 ----
//
// Two-byte GB18030 (lead 81..FE, trail 40..7E / 80..FE) is all of GBK and
// almost all of the text we see, so it goes through a lookup table built once
// from glibc's own converter (so we agree with iconv by construction).
// Four-byte sequences are rare and go through iconv directly.

namespace {

constexpr unsigned kTrailSpan = 0xFF - 0x40;  // trail 0x40..0xFE, 0x7F unused

struct Gb2Table {
  // Per pair: UTF-8 bytes (up to 3) in the low 24 bits, length in the top
  // byte; 0 = not decodable as a pair.
  std::vector<std::uint32_t> cells;
  bool ok = false;
};

const Gb2Table& gb2_table() {
  static const Gb2Table table = [] {
    Gb2Table t;
    t.cells.assign(126 * kTrailSpan, 0);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return t;
    for (unsigned lead = 0x81; lead <= 0xFE; ++lead) {
      for (unsigned trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        char in[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        char out[8];
        char* ip = in;
        char* op = out;
        std::size_t il = 2, ol = sizeof out;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        if (iconv(cd, &ip, &il, &op, &ol) == static_cast<std::size_t>(-1) || il != 0) continue;
        std::size_t n = static_cast<std::size_t>(op - out);
        if (n == 0 || n > 3) continue;  // not representable in a cell: iconv path
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(out[i])) << (8 * i);
        t.cells[(lead - 0x81) * kTrailSpan + (trail - 0x40)] = v | static_cast<std::uint32_t>(n) << 24;
      }
    }
    iconv_close(cd);
    t.ok = true;
    return t;
  }();
  return table;
}

// Lazily opened iconv handle for the rare sequences the table does not hold.
class Gb4Converter {
 public:
  ~Gb4Converter() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  // Converts exactly `n` bytes; returns UTF-8 length written to out (<= 8) or 0.
  std::size_t convert(const char* in, std::size_t n, char* out) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) cd_ = iconv_open("UTF-8", "GB18030");
    if (cd_ == reinterpret_cast<iconv_t>(-1)) return 0;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    char* ip = const_cast<char*>(in);
    char* op = out;
    std::size_t il = n, ol = 8;
    if (iconv(cd_, &ip, &il, &op, &ol) == static_cast<std::size_t>(-1) || il != 0) return 0;
    return static_cast<std::size_t>(op - out);
  }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

inline bool is_gb_lead(unsigned char b) { return b >= 0x81 && b <= 0xFE; }
inline bool is_gb_digit(unsigned char b) { return b >= 0x30 && b <= 0x39; }

// Core loop, with the iconv handle for four-byte sequences kept across calls (a file decoded
// line by line calls it once a line). `out` must have room for n * 3 / 2 + 8 bytes. Counts the
// bytes passed through as invalid in `invalid`.
class GbDecoder {
 public:
  GbDecoder() : table_(gb2_table()) {}
  std::size_t invalid = 0;

  std::size_t decode(const char* in, std::size_t n, char* out) {
    // Locals, not members: stores through `o` (char) could alias them otherwise.
    const std::uint32_t* const cells = table_.cells.data();
    std::size_t bad = 0;
    const char* p = in;
    const char* end = in + n;
    char* o = out;
    while (p < end) {
      // Fast path: ASCII runs (delimiters, digits, ID numbers, dates) are
      // copied untouched.
      const char* q = scan::find_non_ascii(p, end);
      if (q != p) {
        std::memcpy(o, p, static_cast<std::size_t>(q - p));
        o += q - p;
        p = q;
        if (p == end) break;
      }
      // A run of characters (Chinese text) without rescanning for ASCII between them.
      do step(p, end, o, cells, bad);
      while (p < end && static_cast<unsigned char>(*p) >= 0x80);
    }
    invalid += bad;
    return static_cast<std::size_t>(o - out);
  }

  // decode(), deciding each line as decode_gb18030_by_line says. The ASCII scan stops at
  // line ends too, so a line costs one branch more; only a line whose first non-ASCII byte
  // starts a valid UTF-8 sequence (about one GBK line in eight) is looked at whole.
  std::size_t decode_by_line(const char* in, std::size_t n, char* out, std::vector<std::uint64_t>& utf8_lines) {
    const std::uint32_t* const cells = table_.cells.data();
    std::size_t bad = 0;
    const char* p = in;
    const char* end = in + n;
    char* o = out;
    std::uint64_t line = 1;
    bool line_start = true;  // no non-ASCII byte seen yet on this line
    while (p < end) {
      const char* q = scan::find_non_ascii_or_eol(p, end);
      if (q != p) {
        std::memcpy(o, p, static_cast<std::size_t>(q - p));
        o += q - p;
        p = q;
        if (p == end) break;
      }
      if (*p == '\n' || *p == '\r') {
        const std::size_t term = (*p == '\r' && end - p >= 2 && p[1] == '\n') ? 2 : 1;
        std::memcpy(o, p, term);
        o += term;
        p += term;
        ++line;
        line_start = true;
        continue;
      }
      if (line_start) {
        line_start = false;
        const auto* u = reinterpret_cast<const unsigned char*>(p);
        if (sequence_length(u, reinterpret_cast<const unsigned char*>(end)) > 0) {
          const char* le = scan::find_any3(p, end, '\n', '\r', '\n');
          const std::string_view rest(p, static_cast<std::size_t>(le - p));
          bool utf8 = false;
          if (find_invalid_utf8(rest) == kNoInvalid) {
            if (count_wide_utf8(rest) >= kSureUtf8Sequences) {
              utf8 = true;
            } else {  // valid UTF-8 either way: UTF-8 only if GB18030 cannot read it
              const std::size_t before = bad;
              const char* tp = p;
              char* to = o;
              while (tp < le) {
                if (static_cast<unsigned char>(*tp) < 0x80) *to++ = *tp++;
                else step(tp, le, to, cells, bad);
              }
              if (bad == before) {
                o = to;
                p = le;
                continue;
              }
              bad = before;
              utf8 = true;
            }
          }
          if (utf8) {
            std::memcpy(o, p, rest.size());
            o += rest.size();
            p = le;
            utf8_lines.push_back(line);
            continue;
          }
        }
      }
      do step(p, end, o, cells, bad);
      while (p < end && static_cast<unsigned char>(*p) >= 0x80);
    }
    invalid += bad;
    return static_cast<std::size_t>(o - out);
  }

 private:
  // One character at p (p[0] >= 0x80).
  [[gnu::always_inline]] inline void step(const char*& p, const char* end, char*& o, const std::uint32_t* cells,
                                          std::size_t& bad) {
    const auto b0 = static_cast<unsigned char>(p[0]);
    if (is_gb_lead(b0) && end - p >= 2) {
      const auto b1 = static_cast<unsigned char>(p[1]);
      if (b1 >= 0x40 && b1 <= 0xFE && b1 != 0x7F) {
        std::uint32_t cell = cells[(b0 - 0x81) * kTrailSpan + (b1 - 0x40)];
        std::size_t len = cell >> 24;
        if (len) {
          o[0] = static_cast<char>(cell & 0xFF);
          o[1] = static_cast<char>((cell >> 8) & 0xFF);
          o[2] = static_cast<char>((cell >> 16) & 0xFF);
          o += len;
          p += 2;
          return;
        }
        std::size_t w = gb4_.convert(p, 2, o);
        if (w && w <= 3) {
          o += w;
          p += 2;
          return;
        }
      } else if (is_gb_digit(b1) && end - p >= 4 && is_gb_lead(static_cast<unsigned char>(p[2])) &&
                 is_gb_digit(static_cast<unsigned char>(p[3]))) {
        std::size_t w = gb4_.convert(p, 4, o);
        if (w) {
          o += w;
          p += 4;
          return;
        }
      }
    }
    // Invalid: pass the single byte through (see encoding.h) and resync on
    // the next byte, which may well be a delimiter or newline we must keep.
    *o++ = *p++;
    ++bad;
  }

  const Gb2Table& table_;
  Gb4Converter gb4_;
};

std::size_t gb18030_decode(const char* in, std::size_t n, char* out) {
  GbDecoder d;
  return d.decode(in, n, out);
}

std::size_t utf16_decode(const char* in, std::size_t n, bool big_endian, char* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in);
  const auto* end = p + (n & ~std::size_t{1});
  char* o = out;
  auto unit = [&](const unsigned char* u) -> unsigned {
    return big_endian ? (u[0] << 8 | u[1]) : (u[1] << 8 | u[0]);
  };
  while (p < end) {
    unsigned cp = unit(p);
    p += 2;
    if (cp >= 0xD800 && cp <= 0xDBFF && p < end) {
      unsigned lo = unit(p);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        p += 2;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      } else {
        *o++ = '\xFF';
        continue;
      }
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      *o++ = '\xFF';  // lone surrogate
      continue;
    }
    if (cp < 0x80) {
      *o++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *o++ = static_cast<char>(0xC0 | cp >> 6);
      *o++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *o++ = static_cast<char>(0xE0 | cp >> 12);
      *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *o++ = static_cast<char>(0xF0 | cp >> 18);
      *o++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  if (n & 1) *o++ = '\xFF';  // odd trailing byte
  return static_cast<std::size_t>(o - out);
}

}  // namespace

bool decode_to_utf8(std::string_view in, Encoding enc, TextBuffer& out, std::string* error) {
  if (enc == Encoding::Gb18030 && !gb2_table().ok) {
    *error = "the GB18030 converter (glibc iconv/gconv) is not available";
    return false;
  }
  // GB18030: 2 bytes -> at most 3; 4 -> 4; 1 -> 1. UTF-16: 2 -> at most 3.
  std::size_t cap = in.size() + in.size() / 2 + 8;
  out.data = std::make_unique_for_overwrite<char[]>(cap);
  switch (enc) {
    case Encoding::Gb18030:
      out.size = gb18030_decode(in.data(), in.size(), out.data.get());
      return true;
    case Encoding::Utf16Le:
    case Encoding::Utf16Be:
      out.size = utf16_decode(in.data(), in.size(), enc == Encoding::Utf16Be, out.data.get());
      return true;
    case Encoding::Auto:
    case Encoding::Utf8:
      std::memcpy(out.data.get(), in.data(), in.size());
      out.size = in.size();
      return true;
  }
  return true;
}

void gb18030_to_utf8(std::string_view in, std::string& out) {
  std::size_t old = out.size();
  out.resize(old + in.size() + in.size() / 2 + 8);
  std::size_t n = gb18030_decode(in.data(), in.size(), out.data() + old);
  out.resize(old + n);
}


// ------------------------------------------------ mixed UTF-8 / GB18030 ----

std::size_t count_wide_utf8(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += static_cast<unsigned char>(c) >= 0xE0;
  return n;
}

namespace {

bool sure_utf8(std::string_view s) {
  return find_invalid_utf8(s) == kNoInvalid && count_wide_utf8(s) >= kSureUtf8Sequences;
}

bool is_ascii_view(std::string_view s) { return scan::is_ascii(s.data(), s.data() + s.size()); }

// Appends field `f` (no line end in it) decided as decode_utf8_row_mixed says; true if
// (some of) it was decoded as GB18030.
bool append_field_mixed(std::string_view f, GbDecoder& gb, std::string& out) {
  if (is_ascii_view(f)) {
    out.append(f);
    return false;
  }
  const bool valid = find_invalid_utf8(f) == kNoInvalid;
  if (valid && count_wide_utf8(f) >= kSureUtf8Sequences) {
    out.append(f);
    return false;
  }
  const std::size_t old = out.size();
  out.resize(old + f.size() + f.size() / 2 + 8);
  const std::size_t bad_before = gb.invalid;
  const std::size_t n = gb.decode(f.data(), f.size(), out.data() + old);
  if (gb.invalid != bad_before && valid) {  // valid UTF-8 but no GB18030: UTF-8
    out.resize(old);
    out.append(f);
    return false;
  }
  out.resize(old + n);
  return true;
}

}  // namespace

void decode_utf8_row_mixed(std::string_view raw, char delimiter, std::string& out,
                           std::vector<std::uint32_t>& gb_lines) {
  // Split points: bytes no character of either encoding contains (GB18030 trail bytes are
  // 0x40..0xFE, and 0x30..0x39 in four-byte sequences), so '|' is not one.
  const auto du = static_cast<unsigned char>(delimiter);
  const char split = (du < 0x30 || (du > 0x39 && du < 0x40)) ? delimiter : '"';
  GbDecoder gb;
  const char* p = raw.data();
  const char* const end = p + raw.size();
  std::uint32_t line = 0;
  while (p < end) {
    const char* le = scan::find_any3(p, end, '\n', '\r', '\n');
    const std::string_view ln(p, static_cast<std::size_t>(le - p));
    bool any_gb = false;
    if (is_ascii_view(ln) || sure_utf8(ln)) {
      out.append(ln);
    } else {
      for (const char* f = p;;) {
        const char* fe = scan::find_any3(f, le, split, '"', '"');
        any_gb |= append_field_mixed(std::string_view(f, static_cast<std::size_t>(fe - f)), gb, out);
        if (fe == le) break;
        out += *fe;
        f = fe + 1;
      }
    }
    if (any_gb) gb_lines.push_back(line);
    if (le == end) break;
    const std::size_t term = (*le == '\r' && le + 1 < end && le[1] == '\n') ? 2 : 1;
    out.append(le, term);
    p = le + term;
    ++line;
  }
}

bool decode_gb18030_by_line(std::string_view in, TextBuffer& out, std::vector<std::uint64_t>& utf8_lines,
                            std::string* error) {
  if (!gb2_table().ok) {
    *error = "the GB18030 converter (glibc iconv/gconv) is not available";
    return false;
  }
  // GB18030 never grows more than 2 bytes -> 3; UTF-8 lines are copied.
  out.data = std::make_unique_for_overwrite<char[]>(in.size() + in.size() / 2 + 8);
  GbDecoder gb;
  out.size = gb.decode_by_line(in.data(), in.size(), out.data.get(), utf8_lines);
  return true;
}

bool parse_encoding_name(std::string_view name, Encoding& out) {
  std::string n;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    n += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  }
  if (n.empty() || n == "auto") out = Encoding::Auto;
  else if (n == "utf8") out = Encoding::Utf8;
  else if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") out = Encoding::Gb18030;
  else if (n == "utf16" || n == "utf16le") out = Encoding::Utf16Le;
  else if (n == "utf16be") out = Encoding::Utf16Be;
  else return false;
  return true;
}

}  // namespace clue::csv
