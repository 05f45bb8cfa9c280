#include "runtime/values/case_no.h"

#include "runtime/values/placeholder.h"
#include "runtime/values/text.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

constexpr char32_t kOpen = 0xFF08, kClose = 0xFF09;  // （ ）: canonical brackets
constexpr char32_t kZi = 0x5B57, kDi = 0x7B2C, kHao = 0x53F7, kZhi = 0x4E4B;  // 字 第 号 之

// Every accepted bracket style, mapped to the canonical full-width pair.
// (Full-width （）［］ have already been folded to ASCII by fold_width.)
char32_t bracket(char32_t c) {
  switch (c) {
    case U'(': case U'[': case 0x3014: case 0x3010: case 0x3016:  // 〔 【 〖
      return kOpen;
    case U')': case U']': case 0x3015: case 0x3011: case 0x3017:  // 〕 】 〗
      return kClose;
    default:
      return 0;
  }
}

// Characters that start a case-type word (民初, 执恢, 知民终, 财保 ...).
bool is_type_head(char32_t c) {
  switch (c) {
    case 0x6C11: case 0x5211: case 0x884C: case 0x6267:  // 民 刑 行 执
    case 0x8D54: case 0x77E5: case 0x8D22: case 0x7834:  // 赔 知 财 破
    case 0x53F8: case 0x59D4: case 0x7ECF: case 0x5546:  // 司 委 经 商
    case 0x6D77: case 0x8BA4: case 0x534F: case 0x8BF7:  // 海 认 协 请
    case 0x5F3A:                                         // 强
      return true;
    default:
      return false;
  }
}

// Characters that may follow the head inside a type word.
bool is_type_char(char32_t c) {
  if (is_type_head(c) || c == kOpen || c == kClose) return true;
  switch (c) {
    case 0x521D: case 0x7EC8: case 0x7533: case 0x518D:  // 初 终 申 再
    case 0x76D1: case 0x6297: case 0x6838: case 0x8F96:  // 监 抗 核 辖
    case 0x4ED6: case 0x66F4: case 0x533B: case 0x6CA1:  // 他 更 医 没
    case 0x6062: case 0x5F02: case 0x590D: case 0x5916:  // 恢 异 复 外
    case 0x50AC: case 0x7763: case 0x7279: case 0x64A4:  // 催 督 特 撤
    case 0x5BA1: case 0x4FDD: case 0x60E9: case 0x6551:  // 审 保 惩 救
    case 0x8C03: case 0x6E05: case 0x9001: case 0x53F0:  // 调 清 送 台
    case 0x6E2F: case 0x6FB3: case 0x51CF: case 0x5047:  // 港 澳 减 假
    case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB:  // 一 二 三 四
    case 0x4E94: case 0x516D: case 0x4E03: case 0x516B:  // 五 六 七 八
    case 0x4E5D: case 0x5341:                            // 九 十
      return true;
    default:
      return false;
  }
}

bool is_cjk_numeral(char32_t c) {
  switch (c) {
    case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94:
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341:
      return true;
    default:
      return false;
  }
}

struct Run {
  bool digits;
  int begin, end;  // indices into the code-point buffer
  int size() const { return end - begin; }
};

constexpr int kMaxCps = 96;
constexpr int kMaxRuns = 6;

void append_range(std::string& s, const char32_t* cps, int b, int e) {
  for (int i = b; i < e; ++i) append_utf8(s, cps[i]);
}

// Drops a trailing 第 and then 字 (legacy 民初字第).
int strip_zi_di(const char32_t* cps, int b, int e) {
  if (e > b && cps[e - 1] == kDi) --e;
  if (e > b && cps[e - 1] == kZi) --e;
  return e;
}

bool to_int(const char32_t* cps, const Run& r, std::int64_t& v) {
  if (r.size() > 18) return false;
  v = 0;
  for (int i = r.begin; i < r.end; ++i) v = v * 10 + (cps[i] - U'0');
  return true;
}

}  // namespace

Parsed<CaseNo> parse_case_no(std::string_view text) {
  using P = Parsed<CaseNo>;
  const std::string_view s = trim(text);
  if (s.empty()) return P::null();
  auto fail = [&](ValueError e) {
    return P::failure(e == ValueError::CaseNoBadFormat && is_placeholder(s) ? ValueError::Placeholder : e);
  };

  // Folded code points without spaces; brackets canonicalised.
  char32_t cps[kMaxCps];
  int n = 0;
  for (FoldedReader r(s); !r.done();) {
    char32_t c = r.next();
    if (c == U' ' || c == U'\t') continue;
    if (char32_t b = bracket(c)) c = b;
    if (n == kMaxCps) return fail(ValueError::CaseNoBadFormat);
    cps[n++] = c;
  }

  // (YYYY)
  if (n == 0 || cps[0] != kOpen) return fail(ValueError::CaseNoBadFormat);
  int i = 1;
  int year = 0, yd = 0;
  while (i < n && is_ascii_digit(cps[i])) {
    year = year * 10 + static_cast<int>(cps[i++] - U'0');
    if (++yd > 4) return fail(ValueError::CaseNoBadYear);
  }
  if (yd != 4 || year < 1949 || year > 2200) return fail(ValueError::CaseNoBadYear);
  if (i >= n || cps[i] != kClose) return fail(ValueError::CaseNoBadFormat);
  ++i;

  // Split the rest into alternating word / digit runs.
  Run runs[kMaxRuns];
  int nr = 0;
  while (i < n) {
    const bool dig = is_ascii_digit(cps[i]);
    if (!dig && !is_cjk(cps[i]) && cps[i] != kOpen && cps[i] != kClose)
      return fail(ValueError::CaseNoBadFormat);
    if (nr == kMaxRuns) return fail(ValueError::CaseNoBadFormat);
    Run& r = runs[nr++];
    r.digits = dig;
    r.begin = i;
    while (i < n && is_ascii_digit(cps[i]) == dig &&
           (dig || is_cjk(cps[i]) || cps[i] == kOpen || cps[i] == kClose))
      ++i;
    r.end = i;
  }
  if (nr == 0 || runs[0].digits) return fail(ValueError::CaseNoBadCourt);

  // Trailing word run after the number: 号, 号之一, 之一. Anything else is
  // left in place and makes the shape checks below fail.
  if (nr >= 2 && !runs[nr - 1].digits) {
    const Run& t = runs[nr - 1];
    int k = t.begin;
    if (k < t.end && cps[k] == kHao) ++k;
    if (k < t.end && cps[k] == kZhi) {
      ++k;
      const int digits_from = k;
      while (k < t.end && is_cjk_numeral(cps[k])) ++k;
      if (k == digits_from) k = -1;  // 之 without a numeral
    }
    if (k == t.end && runs[nr - 2].digits) --nr;
  }

  CaseNo out;
  out.year = year;
  const Run& head = runs[0];
  const Run* num = nullptr;
  if (nr == 4 && runs[1].digits && !runs[2].digits && runs[3].digits) {
    // New form: 浙 0803 执 1234. Court = CJK prefix + 2-4 digits.
    if (runs[1].size() < 2 || runs[1].size() > 4) return fail(ValueError::CaseNoBadCourt);
    for (int k = head.begin; k < head.end; ++k)
      if (!is_cjk(cps[k])) return fail(ValueError::CaseNoBadCourt);
    append_range(out.court, cps, head.begin, runs[1].end);
    const int te = strip_zi_di(cps, runs[2].begin, runs[2].end);
    if (te == runs[2].begin) return fail(ValueError::CaseNoBadType);
    append_range(out.type, cps, runs[2].begin, te);
    num = &runs[3];
  } else if (nr == 2 && runs[1].digits) {
    // CJK-only court: 京民终 12, 嘉南民初字第 3180. Take the longest tail
    // that starts with a type head and continues with type characters,
    // leaving at least one character for the court.
    const int we = strip_zi_di(cps, head.begin, head.end);
    int split = -1;
    for (int k = we - 1; k > head.begin; --k) {
      if (!is_type_char(cps[k])) break;
      if (is_type_head(cps[k])) split = k;
    }
    if (split < 0) return fail(ValueError::CaseNoBadType);
    for (int k = head.begin; k < split; ++k)
      if (!is_cjk(cps[k])) return fail(ValueError::CaseNoBadCourt);
    append_range(out.court, cps, head.begin, split);
    append_range(out.type, cps, split, we);
    num = &runs[1];
  } else if (nr == 1 || (nr == 3 && runs[1].digits && !runs[2].digits)) {
    return fail(ValueError::CaseNoBadNumber);  // 浙0803执 with no number
  } else {
    return fail(ValueError::CaseNoBadFormat);
  }
  if (!to_int(cps, *num, out.number) || out.number == 0) return fail(ValueError::CaseNoBadNumber);
  return P::success(std::move(out));
}

std::string canonical(const CaseNo& c) {
  std::string s;
  s.reserve(16 + c.court.size() + c.type.size());
  s += "\xEF\xBC\x88";  // （
  s += std::to_string(c.year);
  s += "\xEF\xBC\x89";  // ）
  s += c.court;
  s += c.type;
  s += std::to_string(c.number);
  s += "\xE5\x8F\xB7";  // 号
  return s;
}

}  // namespace clue::values
