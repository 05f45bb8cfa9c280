#include "runtime/exec/eval.h"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "runtime/exec/overflow.h"
#include "runtime/exec/regex_prefilter.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/geo.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/party_id.h"
#include "runtime/values/unicode_fold.h"
#include "runtime/values/uscc.h"
#include "runtime/exec/value_range.h"

namespace clue::exec {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::Op;
constexpr int64_t kScale = 10000;

Vec make_vec(rt::Logical type, size_t n) {
  Vec v;
  v.type = type;
  switch (rt::phys_of(type)) {
    case rt::Phys::Geo: v.lane = Vec::G; break;
    case rt::Phys::Str: v.lane = Vec::S; break;
    default: v.lane = Vec::I; break;
  }
  v.scale = (type == rt::Logical::Money || type == rt::Logical::Decimal) ? 4 : 0;
  v.resize(n);
  return v;
}

Vec bool_vec(size_t n) { return make_vec(rt::Logical::Bool, n); }

// Broadcasts a one-element Vec (literal, param) to n rows; n-row Vecs are returned as they are.
const Vec& at_least(const Vec& v, size_t n, Vec& storage) {
  if (v.size() == n || v.size() != 1) return v;
  storage = v;
  storage.resize(n);  // resize() clears: fill every row, the first included
  for (size_t k = 0; k < n; ++k) {
    storage.valid[k] = v.valid[0];
    if (v.lane == Vec::I) storage.i[k] = v.i[0];
    else if (v.lane == Vec::G) { storage.x[k] = v.x[0]; storage.y[k] = v.y[0]; }
    else storage.s[k] = v.s[0];
  }
  return storage;
}

int64_t pow10(int k) {
  int64_t p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

// Brings two numeric Vecs to the same scale (money/decimal ×10^4) in place.
void align_scales(Vec& a, Vec& b) {
  if (a.lane != Vec::I || b.lane != Vec::I || a.scale == b.scale) return;
  Vec& low = a.scale < b.scale ? a : b;
  int64_t f = pow10(std::max(a.scale, b.scale) - low.scale);
  for (auto& x : low.i) x = sat_mul(x, f);
  low.scale = std::max(a.scale, b.scale);
}

bool is_date_like(rt::Logical t) { return t == rt::Logical::Date || t == rt::Logical::DateTime; }

// Dates compared with datetimes: a date means midnight of that day.
void align_dates(Vec& a, Vec& b) {
  if (a.type == b.type || !is_date_like(a.type) || !is_date_like(b.type)) return;
  Vec& d = a.type == rt::Logical::Date ? a : b;
  for (auto& x : d.i) x = sat_mul(x, 86400);
  d.type = rt::Logical::DateTime;
}

Vec column_values(const Expr& e, const EvalContext& ctx, size_t begin, size_t end) {
  const auto& binding = ctx.layout.bindings[size_t(e.binding)];
  const rt::Table* t = ctx.frame.tables[size_t(e.binding)];
  const auto& field = ctx.plan.sources[size_t(binding.source)].fields[size_t(e.field)];
  size_t n = end - begin;
  Vec v = make_vec(to_logical(field.type.kind), n);
  if (!t) return v;
  const rt::Column& c = t->columns[size_t(e.field)];
  const auto& rows = ctx.frame.rows[size_t(e.binding)];
  for (size_t k = 0; k < n; ++k) {
    int64_t r = rows[begin + k];
    if (r < 0 || !c.valid[size_t(r)]) continue;
    v.valid[k] = 1;
    switch (c.phys) {
      case rt::Phys::I64: v.i[k] = c.i64[size_t(r)]; break;
      case rt::Phys::I32: v.i[k] = c.i32[size_t(r)]; break;
      case rt::Phys::U8: v.i[k] = c.u8[size_t(r)]; break;
      case rt::Phys::Geo: v.x[k] = c.x[size_t(r)]; v.y[k] = c.y[size_t(r)]; break;
      case rt::Phys::Str: v.s[k] = c.str.at(size_t(r)); break;
    }
  }
  return v;
}

// align_scales() for values (the branches of `if`, the arguments of coalesce): a value that
// does not fit at the finer scale (an int past 922337203685477 as money) is E0560 on its row,
// never saturated or wrapped.
void align_values(Vec& a, Vec& b, const Expr& e, const EvalContext& ctx, size_t begin) {
  if (a.lane != Vec::I || b.lane != Vec::I || a.scale == b.scale) return;
  Vec& low = a.scale < b.scale ? a : b;
  const int64_t f = pow10(std::max(a.scale, b.scale) - low.scale);
  for (size_t k = 0; k < low.i.size(); ++k) {
    int64_t r;
    if (k < low.valid.size() && low.valid[k] && __builtin_mul_overflow(low.i[k], f, &r))
      throw ArithmeticOverflow(&e, format_value(low, k) + " * " + std::to_string(f), row_places(ctx.layout, ctx.frame, begin + k));
  }
  align_scales(a, b);
}

Vec slice(const Vec& whole, size_t begin, size_t end) {
  Vec v;
  v.lane = whole.lane;
  v.type = whole.type;
  v.scale = whole.scale;
  v.is_null_type = whole.is_null_type;
  v.owners = whole.owners;
  v.valid.assign(whole.valid.begin() + long(begin), whole.valid.begin() + long(end));
  if (whole.lane == Vec::I) v.i.assign(whole.i.begin() + long(begin), whole.i.begin() + long(end));
  if (whole.lane == Vec::G) {
    v.x.assign(whole.x.begin() + long(begin), whole.x.begin() + long(end));
    v.y.assign(whole.y.begin() + long(begin), whole.y.begin() + long(end));
  }
  if (whole.lane == Vec::S) v.s.assign(whole.s.begin() + long(begin), whole.s.begin() + long(end));
  return v;
}

// Compares element k of two aligned Vecs: <0, 0, >0.
int compare_at(const Vec& a, size_t i, const Vec& b, size_t j) {
  if (a.lane == Vec::S) {
    int c = a.s[i].compare(b.s[j]);
    return c < 0 ? -1 : c > 0;
  }
  if (a.lane == Vec::G) return (a.x[i] == b.x[j] && a.y[i] == b.y[j]) ? 0 : (a.x[i] < b.x[j] ? -1 : 1);
  return a.i[i] < b.i[j] ? -1 : a.i[i] > b.i[j];
}

bool is_domain_text_target(rt::Logical t) {
  return t == rt::Logical::IdCard || t == rt::Logical::Uscc || t == rt::Logical::CaseNo || t == rt::Logical::Date ||
         t == rt::Logical::Month || t == rt::Logical::DateTime || t == rt::Logical::PartyId;
}

// Party IDs compared with one kind of party (`target`: idcard or uscc), as values of that
// type: a party of the other kind becomes a present value no `target` value equals (the key
// -1, the empty code), so it is unequal, not unknown; only == and != reach here (sema).
Vec party_as(const Vec& party, rt::Logical target) {
  Vec v = make_vec(target, party.size());
  for (size_t k = 0; k < party.size(); ++k) {
    if (!party.valid[k]) continue;
    v.valid[k] = 1;
    const auto person = values::person_of(party.s[k]);
    if (target == rt::Logical::IdCard) v.i[k] = person ? int64_t(person->key) : -1;
    else v.s[k] = person ? std::string_view() : party.s[k];
  }
  v.adopt(party);
  return v;
}

// Makes two operands comparable: text literals parsed as the other side's domain type,
// numeric scales and date/datetime units aligned, single values broadcast.
void prepare_pair(Vec& a, Vec& b, size_t n) {
  // Before the literals: a one-row batch of party IDs is a column, not a text literal.
  if (a.type == rt::Logical::PartyId && (b.type == rt::Logical::IdCard || b.type == rt::Logical::Uscc)) a = party_as(a, b.type);
  if (b.type == rt::Logical::PartyId && (a.type == rt::Logical::IdCard || a.type == rt::Logical::Uscc)) b = party_as(b, a.type);
  if (a.lane == Vec::S && b.lane != Vec::S && a.size() == 1 && is_domain_text_target(b.type)) a = coerce_text_to(a, b.type);
  if (b.lane == Vec::S && a.lane != Vec::S && b.size() == 1 && is_domain_text_target(a.type)) b = coerce_text_to(b, a.type);
  if (a.type == rt::Logical::CaseNo && b.lane == Vec::S && b.size() == 1 && b.type == rt::Logical::Text) b = coerce_text_to(b, a.type);
  if (b.type == rt::Logical::CaseNo && a.lane == Vec::S && a.size() == 1 && a.type == rt::Logical::Text) a = coerce_text_to(a, b.type);
  if (a.type == rt::Logical::PartyId && b.lane == Vec::S && b.size() == 1 && b.type == rt::Logical::Text) b = coerce_text_to(b, a.type);
  if (b.type == rt::Logical::PartyId && a.lane == Vec::S && a.size() == 1 && a.type == rt::Logical::Text) a = coerce_text_to(a, b.type);
  Vec sa, sb;
  a = at_least(a, n, sa);
  b = at_least(b, n, sb);
  align_scales(a, b);
  align_dates(a, b);
}

Vec compare(Op op, Vec a, Vec b, size_t n) {
  Vec out = bool_vec(n);
  if (a.is_null_type || b.is_null_type) return out;  // comparing with null: unknown
  prepare_pair(a, b, n);
  for (size_t k = 0; k < n; ++k) {
    if (!a.valid[k] || !b.valid[k]) continue;
    int c = compare_at(a, k, b, k);
    bool r = op == Op::Eq ? c == 0 : op == Op::Ne ? c != 0 : op == Op::Lt ? c < 0 : op == Op::Le ? c <= 0 : op == Op::Gt ? c > 0 : c >= 0;
    out.valid[k] = 1;
    out.i[k] = r;
  }
  return out;
}

// Where arith() found a result that does not fit (overflow.h): the batch row and the operands.
struct OverflowAt {
  size_t row = 0;
  std::string values;
};

// Exact (exact_arith, overflow.h); a result outside int64 sets `overflow` (the first such
// row) and the caller throws ArithmeticOverflow with the row's place.
Vec arith(Op op, Vec a, Vec b, rt::Logical result, size_t n, std::optional<OverflowAt>& overflow) {
  Vec out = make_vec(result, n);
  if (a.is_null_type || b.is_null_type) return out;
  Vec sa, sb;
  a = at_least(a, n, sa);
  b = at_least(b, n, sb);
  if (a.lane == Vec::S) {  // text + text
    for (size_t k = 0; k < n; ++k) {
      if (!a.valid[k] || !b.valid[k]) continue;
      out.valid[k] = 1;
      out.s[k] = out.keep(std::string(a.s[k]) + std::string(b.s[k]));
    }
    return out;
  }
  const int out_scale = out.scale;
  for (size_t k = 0; k < n; ++k) {
    if (!a.valid[k] || !b.valid[k]) continue;
    int64_t r = 0;
    bool is_null = false;
    if (!exact_arith(op, a.i[k], a.scale, b.i[k], b.scale, out_scale, &r, &is_null)) {
      if (!overflow) overflow = OverflowAt{k, format_value(a, k) + " " + plan::op_text(op) + " " + format_value(b, k)};
      continue;
    }
    if (is_null) continue;  // division by zero: null
    out.valid[k] = 1;
    out.i[k] = r;
  }
  return out;
}

Vec logic(Op op, const Vec& a0, const Vec& b0, size_t n) {
  Vec sa, sb;
  const Vec& a = at_least(a0, n, sa);
  const Vec& b = at_least(b0, n, sb);
  Vec out = bool_vec(n);
  for (size_t k = 0; k < n; ++k) {
    bool av = a.valid[k] && !a.is_null_type, bv = b.valid[k] && !b.is_null_type;
    bool at = av && a.i[k], bt = bv && b.i[k];
    bool af = av && !a.i[k], bf = bv && !b.i[k];
    if (op == Op::And) {
      if (af || bf) { out.valid[k] = 1; out.i[k] = 0; }
      else if (at && bt) { out.valid[k] = 1; out.i[k] = 1; }
    } else {
      if (at || bt) { out.valid[k] = 1; out.i[k] = 1; }
      else if (af && bf) { out.valid[k] = 1; out.i[k] = 0; }
    }
  }
  return out;
}

// Compiled regular expressions, shared across batches and threads, each with its literal
// prefilter (exec/regex_prefilter.h: RE2 runs only on texts holding one of the literals every
// match must contain). The pattern is nearly always the same literal row after row: each
// thread remembers the last one it looked up, so a row costs a short compare, not a lock, a
// map lookup and a string copy.
struct Regex {
  explicit Regex(const std::string& pattern) : re(pattern) {
    if (re.ok()) prefilter = LiteralPrefilter::of(pattern);
  }
  // True when the prefilter rules `text` out (the pattern cannot match it). The scan pays
  // only when it rules out most texts: over the first kSample texts it is tried on, it is
  // counted, and when more than half pass it is switched off for the rest of the run (a model
  // whose texts nearly all cite the law it looks for). Either way the answer is RE2's.
  bool ruled_out(std::string_view text) const {
    if (!prefilter.active() || scan_off.load(std::memory_order_relaxed)) return false;
    const bool maybe = prefilter.may_match(text);
    const uint32_t n = tried.load(std::memory_order_relaxed);
    if (n < kSample) {
      tried.fetch_add(1, std::memory_order_relaxed);
      const uint32_t p = maybe ? passed.fetch_add(1, std::memory_order_relaxed) + 1 : passed.load(std::memory_order_relaxed);
      if (n + 1 == kSample && p * 2 > kSample) scan_off.store(true, std::memory_order_relaxed);
    }
    return !maybe;
  }
  static constexpr uint32_t kSample = 4096;
  RE2 re;
  LiteralPrefilter prefilter;  // none when the pattern did not compile
  mutable std::atomic<uint32_t> tried{0}, passed{0};
  mutable std::atomic<bool> scan_off{false};
};

const Regex& regex_for(std::string_view pattern) {
  thread_local std::string last_pattern;
  thread_local const Regex* last = nullptr;
  if (last && pattern == last_pattern) return *last;
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Regex>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(std::string(pattern), std::make_unique<Regex>(std::string(pattern))).first;
  last_pattern.assign(pattern);
  last = it->second.get();
  return *last;
}

// The builtins' semantics, once: one row kernel per function of runtime/plan/builtins.def,
// in its order (the JIT compiles no call, so this table is the only implementation). A kernel
// is called for row k when every argument is present, with out.valid[k] already 1; it clears
// it when there is no value. Aggregates are computed by the group step (engine.cpp) and
// `coalesce`, which takes nulls, by call() itself: their entries are null.
using Args = std::vector<Vec>;
using RowKernel = void (*)(const Args& a, size_t k, Vec& out);

void kernel_Contains(const Args& a, size_t k, Vec& o) { o.i[k] = a[0].s[k].find(a[1].s[k]) != std::string_view::npos; }
void kernel_StartsWith(const Args& a, size_t k, Vec& o) { o.i[k] = a[0].s[k].substr(0, a[1].s[k].size()) == a[1].s[k]; }
void kernel_EndsWith(const Args& a, size_t k, Vec& o) {
  o.i[k] = a[0].s[k].size() >= a[1].s[k].size() && a[0].s[k].substr(a[0].s[k].size() - a[1].s[k].size()) == a[1].s[k];
}
void kernel_Matches(const Args& a, size_t k, Vec& o) {
  const Regex& rx = regex_for(a[1].s[k]);
  const std::string_view text = a[0].s[k];
  o.i[k] = !rx.ruled_out(text) && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), rx.re);
}
void kernel_Length(const Args& a, size_t k, Vec& o) {
  int64_t chars = 0;
  for (unsigned char c : a[0].s[k]) chars += (c & 0xC0) != 0x80;
  o.i[k] = chars;
}
void kernel_ToText(const Args& a, size_t k, Vec& o) { o.s[k] = o.keep(format_value(a[0], k)); }
void kernel_NormalizePunct(const Args& a, size_t k, Vec& o) { o.s[k] = o.keep(values::normalize_punct(a[0].s[k])); }
constexpr RowKernel kernel_Coalesce = nullptr;
// Dates a builtin may return: years 1-9999 (what a date is written with). Past them the
// call stops the run (E0422) instead of wrapping or becoming null: exec/value_range.h.
constexpr int64_t kFirstDay = values::make_date(1, 1, 1), kLastDay = values::make_date(9999, 12, 31);
[[noreturn]] void out_of_range(const Args& a, size_t k) {
  std::string shown;
  for (size_t j = 0; j < a.size(); ++j) shown += (j ? ", " : "") + format_value(a[j], k);
  throw ValueOutOfRange("", shown, {});
}
int64_t checked_day(__int128 day, const Args& a, size_t k) {
  if (day < kFirstDay || day > kLastDay) out_of_range(a, k);
  return int64_t(day);
}
void kernel_AddDays(const Args& a, size_t k, Vec& o) { o.i[k] = checked_day(__int128(a[0].i[k]) + a[1].i[k], a, k); }
void kernel_AddMonths(const Args& a, size_t k, Vec& o) {
  // 12 × 9999 months span every date there is: more is out of range (and would not fit an int).
  if (a[1].i[k] > 120000 || a[1].i[k] < -120000) out_of_range(a, k);
  const int n = int(a[1].i[k]);
  if (a[0].type == rt::Logical::Month) {
    const int64_t m = a[0].i[k] + n;
    if (m < 12 || m > 9999 * 12 + 11) out_of_range(a, k);
    o.i[k] = m;
    return;
  }
  const bool datetime = a[0].type == rt::Logical::DateTime;
  const int64_t day = datetime ? values::date_of(a[0].i[k]) : a[0].i[k];
  const int64_t total = int64_t(values::year_of(values::Date(day))) * 12 + values::month_of(values::Date(day)) - 1 + n;
  if (total < 12 || total > 9999 * 12 + 11) out_of_range(a, k);
  const int64_t moved = values::add_months(values::Date(day), n);
  o.i[k] = datetime ? moved * 86400 + (a[0].i[k] - day * 86400) : moved;
}
void kernel_DaysBetween(const Args& a, size_t k, Vec& o) { o.i[k] = a[1].i[k] - a[0].i[k]; }
// The day of a date or datetime value.
int64_t day_of_value(const Vec& v, size_t k) {
  return v.type == rt::Logical::DateTime ? values::date_of(v.i[k]) : v.i[k];
}
// Whole months from a to b, counted as add_months counts them: the largest m with
// add_months(a, m) <= b (2024-01-31 to 2024-02-29 is one month; to 2024-02-28 none), and for
// b before a the negative count the other way. Months (type month) subtract.
void kernel_MonthsBetween(const Args& a, size_t k, Vec& o) {
  if (a[0].type == rt::Logical::Month) {
    o.i[k] = a[1].i[k] - a[0].i[k];
    return;
  }
  const int64_t from = day_of_value(a[0], k), to = day_of_value(a[1], k);
  const values::Ymd x = values::to_ymd(values::Date(from)), y = values::to_ymd(values::Date(to));
  int m = (y.year - x.year) * 12 + (y.month - x.month);
  const int64_t there = values::add_months(values::Date(from), m);
  if (to >= from && there > to) --m;
  if (to < from && there < to) ++m;
  o.i[k] = m;
}
// Year and month of a date, month or datetime value.
std::pair<int, int> year_month(const Vec& v, size_t k) {
  if (v.type == rt::Logical::Month) return {int(v.i[k] / 12), int(v.i[k] % 12) + 1};
  values::Date d = v.type == rt::Logical::DateTime ? values::date_of(v.i[k]) : values::Date(v.i[k]);
  auto ymd = values::to_ymd(d);
  return {ymd.year, ymd.month};
}
void kernel_Year(const Args& a, size_t k, Vec& o) { o.i[k] = year_month(a[0], k).first; }
void kernel_MonthOf(const Args& a, size_t k, Vec& o) { o.i[k] = year_month(a[0], k).second; }
void kernel_ToMonth(const Args& a, size_t k, Vec& o) {
  auto [y, m] = year_month(a[0], k);
  o.i[k] = int64_t(y) * 12 + (m - 1);
}
void kernel_ToDate(const Args& a, size_t k, Vec& o) {
  o.i[k] = a[0].type == rt::Logical::DateTime ? values::date_of(a[0].i[k]) : a[0].i[k];
}
values::IdCard id_at(const Vec& v, size_t k) { return values::IdCard{uint64_t(v.i[k])}; }
void kernel_BirthDate(const Args& a, size_t k, Vec& o) { o.i[k] = values::birth_date(id_at(a[0], k)); }
void kernel_Age(const Args& a, size_t k, Vec& o) { o.i[k] = values::age_at(id_at(a[0], k), values::Date(a[1].i[k])); }
void kernel_Gender(const Args& a, size_t k, Vec& o) {
  o.s[k] = values::gender(id_at(a[0], k)) == values::Gender::Male ? "男" : "女";
}
void kernel_Region(const Args& a, size_t k, Vec& o) {
  o.s[k] = o.keep(std::to_string(values::region_code(id_at(a[0], k))));
}
void kernel_Mask(const Args& a, size_t k, Vec& o) {
  values::IdCard person{};
  if (a[0].type != rt::Logical::PartyId) {
    person = id_at(a[0], k);
  } else {
    const auto p = values::person_of(a[0].s[k]);
    if (!p) {  // an organisation's code is public (企业信用信息公示): shown whole
      o.s[k] = o.keep(std::string(a[0].s[k]));
      return;
    }
    person = *p;
  }
  std::string id = values::to_string(person);
  o.s[k] = o.keep(id.substr(0, 6) + "********" + id.substr(14));
}
void kernel_IsPerson(const Args& a, size_t k, Vec& o) { o.i[k] = values::is_person(a[0].s[k]); }
void kernel_IsOrg(const Args& a, size_t k, Vec& o) { o.i[k] = !values::is_person(a[0].s[k]); }
void kernel_PersonId(const Args& a, size_t k, Vec& o) {
  const auto p = values::person_of(a[0].s[k]);
  if (p) o.i[k] = int64_t(p->key);
  else o.valid[k] = 0;
}
void kernel_OrgId(const Args& a, size_t k, Vec& o) {
  if (values::is_person(a[0].s[k])) o.valid[k] = 0;
  else o.s[k] = o.keep(std::string(a[0].s[k]));
}
// A part of a case number; an unparseable one has none.
template <int Part>
void case_part(const Args& a, size_t k, Vec& o) {
  auto c = values::parse_case_no(a[0].s[k]);
  if (!c.ok()) {
    o.valid[k] = 0;
    return;
  }
  if constexpr (Part == 0) o.i[k] = c.value().year;
  else o.s[k] = o.keep(Part == 1 ? c.value().court : c.value().type);
}
constexpr RowKernel kernel_CaseYear = case_part<0>;
constexpr RowKernel kernel_CourtCode = case_part<1>;
constexpr RowKernel kernel_CaseType = case_part<2>;
void kernel_Distance(const Args& a, size_t k, Vec& o) {
  double d = values::haversine_m({a[0].x[k], a[0].y[k]}, {a[1].x[k], a[1].y[k]});
  o.i[k] = int64_t(d * kScale + (d >= 0 ? 0.5 : -0.5));  // decimal metres ×10^4
}
// ---- text ----
// Characters (code points) [start, start + count) of the text, 1 being the first, as SQL's
// substring: positions before the first or past the last are nothing, a negative count none.
void kernel_Substr(const Args& a, size_t k, Vec& o) {
  std::string_view t = a[0].s[k];
  const __int128 first = a[1].i[k], last = first + __int128(a[2].i[k]);  // exclusive
  size_t begin = t.size(), end = t.size();
  __int128 pos = 1;
  for (size_t b = 0; b <= t.size(); ++b) {
    if (b < t.size() && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80) continue;  // inside a character
    if (pos == std::max<__int128>(first, 1) && begin == t.size()) begin = b;
    if (pos == last) { end = b; break; }
    ++pos;
  }
  if (last <= first || last <= 1 || begin >= end) o.s[k] = std::string_view();
  else o.s[k] = t.substr(begin, end - begin);  // a view of the argument's text: kept by adopt()
}
void kernel_Replace(const Args& a, size_t k, Vec& o) {
  std::string_view t = a[0].s[k], from = a[1].s[k], to = a[2].s[k];
  if (from.empty() || t.find(from) == std::string_view::npos) {
    o.s[k] = t;
    return;
  }
  std::string r;
  for (size_t at = 0;;) {
    size_t hit = t.find(from, at);
    if (hit == std::string_view::npos) {
      r.append(t.substr(at));
      break;
    }
    r.append(t.substr(at, hit - at)).append(to);
    at = hit + from.size();
  }
  o.s[k] = o.keep(std::move(r));
}
void kernel_RegexExtract(const Args& a, size_t k, Vec& o) {
  const Regex& rx = regex_for(a[1].s[k]);
  if (rx.ruled_out(a[0].s[k])) {  // no match: null
    o.valid[k] = 0;
    return;
  }
  const RE2& re = rx.re;
  const int groups = re.NumberOfCapturingGroups();
  re2::StringPiece match[2];
  re2::StringPiece text(a[0].s[k].data(), a[0].s[k].size());
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, match, groups > 0 ? 2 : 1) ||
      (groups > 0 && match[1].data() == nullptr)) {
    o.valid[k] = 0;
    return;
  }
  const re2::StringPiece& m = match[groups > 0 ? 1 : 0];
  o.s[k] = std::string_view(m.data(), m.size());  // a view of the argument's text
}
// Latin letters, half-width and full-width (Ａ U+FF21 .. ｚ U+FF5A), in one case; Chinese has none.
template <bool Upper>
void change_case(const Args& a, size_t k, Vec& o) {
  std::string r(a[0].s[k]);
  for (size_t b = 0; b < r.size(); ++b) {
    unsigned char c = static_cast<unsigned char>(r[b]);
    if (Upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) r[b] = char(Upper ? c - 32 : c + 32);
    // Full-width: EF BC A1-BA (Ａ-Ｚ) and EF BD 81-9A (ａ-ｚ).
    if (c == 0xEF && b + 2 < r.size()) {
      unsigned char c1 = static_cast<unsigned char>(r[b + 1]), c2 = static_cast<unsigned char>(r[b + 2]);
      if (!Upper && c1 == 0xBC && c2 >= 0xA1 && c2 <= 0xBA) { r[b + 1] = char(0xBD); r[b + 2] = char(c2 - 0x20); }
      if (Upper && c1 == 0xBD && c2 >= 0x81 && c2 <= 0x9A) { r[b + 1] = char(0xBC); r[b + 2] = char(c2 + 0x20); }
    }
  }
  o.s[k] = o.keep(std::move(r));
}
constexpr RowKernel kernel_Lower = change_case<false>;
constexpr RowKernel kernel_Upper = change_case<true>;
// The white space exports pad cells with: ASCII, the ideographic space U+3000, NBSP U+00A0.
size_t space_at(std::string_view t, size_t b) {
  if (b < t.size() && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r' || t[b] == '\n')) return 1;
  if (t.substr(b, 3) == "\xE3\x80\x80") return 3;
  if (t.substr(b, 2) == "\xC2\xA0") return 2;
  return 0;
}
size_t space_before(std::string_view t, size_t e) {
  if (e >= 1 && space_at(t, e - 1) == 1) return 1;
  if (e >= 3 && t.substr(e - 3, 3) == "\xE3\x80\x80") return 3;
  if (e >= 2 && t.substr(e - 2, 2) == "\xC2\xA0") return 2;
  return 0;
}
void kernel_Trim(const Args& a, size_t k, Vec& o) {
  std::string_view t = a[0].s[k];
  size_t b = 0, e = t.size(), n;
  while ((n = space_at(t, b)) && b < e) b += n;
  while (e > b && (n = space_before(t, e))) e -= n;
  o.s[k] = t.substr(b, e - b);
}
constexpr RowKernel kernel_ConcatWs = nullptr;  // takes nulls: call() joins the present values
// ---- numbers: int lanes at scale 0 (int) or 4 (decimal, money ×10^4) ----
// x rounded to a multiple of `unit`, halves away from zero, or down (floor) / up (ceil).
enum class Rounding { HalfAway, Down, Up };
int64_t round_to(int64_t x, int64_t unit, Rounding how) {
  __int128 v = x, q = v / unit, r = v % unit;  // truncated toward zero
  if (how == Rounding::HalfAway) {
    if (2 * (r < 0 ? -r : r) >= unit) q += v < 0 ? -1 : 1;
  } else if (how == Rounding::Down) {
    if (r < 0) --q;
  } else if (r > 0) {
    ++q;
  }
  return int64_t(q * unit);  // |q·unit| ≤ |x| + unit: fits, as x has 4 decimals at most
}
void kernel_Round(const Args& a, size_t k, Vec& o) {
  const int digits = int(std::clamp<int64_t>(a[1].i[k], 0, 4));  // the checker allows 0-4
  o.i[k] = a[0].scale <= digits ? a[0].i[k] : round_to(a[0].i[k], pow10(a[0].scale - digits), Rounding::HalfAway);
  o.scale = a[0].scale;
}
void kernel_Abs(const Args& a, size_t k, Vec& o) {
  if (a[0].i[k] == INT64_MIN) out_of_range(a, k);  // -x does not exist
  o.i[k] = a[0].i[k] < 0 ? -a[0].i[k] : a[0].i[k];
  o.scale = a[0].scale;
}
template <Rounding How>
void whole(const Args& a, size_t k, Vec& o) {
  const int64_t unit = pow10(a[0].scale);
  o.i[k] = unit == 1 ? a[0].i[k] : round_to(a[0].i[k], unit, How) / unit;
}
constexpr RowKernel kernel_Floor = whole<Rounding::Down>;
constexpr RowKernel kernel_Ceil = whole<Rounding::Up>;
// Excel's day count (1 = 1900-01-01, with its 1900-02-29 that never was), a fraction being the
// time of day; the same conversion as an xlsx date cell. Text is read as a number first.
void kernel_FromExcelSerial(const Args& a, size_t k, Vec& o) {
  double serial = 0;
  if (a[0].lane == Vec::S) {
    auto p = values::parse_decimal(a[0].s[k]);
    if (!p.ok()) out_of_range(a, k);
    serial = double(p.value().raw) / double(kScale);
  } else {
    serial = double(a[0].i[k]) / double(pow10(a[0].scale));
  }
  auto d = values::date_from_excel_serial(serial);
  if (!d.ok()) out_of_range(a, k);
  o.i[k] = d.value();
}
constexpr RowKernel kernel_Count = nullptr;
constexpr RowKernel kernel_CountDistinct = nullptr;
constexpr RowKernel kernel_Sum = nullptr;
constexpr RowKernel kernel_Min = nullptr;
constexpr RowKernel kernel_Max = nullptr;
constexpr RowKernel kernel_SumDistinct = nullptr;
constexpr RowKernel kernel_StringAgg = nullptr;
constexpr RowKernel kernel_MinBy = nullptr;
constexpr RowKernel kernel_MaxBy = nullptr;

constexpr RowKernel kKernels[] = {
#define CLUE_BUILTIN(E, NAME, ZH, AGG) kernel_##E,
#include "runtime/plan/builtins.def"
#undef CLUE_BUILTIN
};
static_assert(sizeof kKernels / sizeof kKernels[0] == plan::kFnCount, "a kernel for every builtin");

Vec coalesce(Vec a, Vec b, size_t n, const Expr& e, const EvalContext& ctx, size_t begin) {
  if (a.is_null_type) return b;
  if (b.is_null_type) return a;
  align_values(a, b, e, ctx, begin);
  a.adopt(b);
  for (size_t k = 0; k < n; ++k) {
    if (a.valid[k]) continue;
    a.valid[k] = b.valid[k];
    if (a.lane == Vec::I) a.i[k] = b.i[k];
    else if (a.lane == Vec::G) { a.x[k] = b.x[k]; a.y[k] = b.y[k]; }
    else a.s[k] = b.s[k];
  }
  return a;
}

Vec call(const Expr& e, const EvalContext& ctx, size_t begin, size_t end) {
  size_t n = end - begin;
  Args args;
  for (const auto& a : e.args) {
    Vec v = eval(*a, ctx, begin, end);
    Vec s;
    args.push_back(at_least(v, n, s));
  }
  if (e.fn == plan::Fn::Coalesce) return coalesce(args[0], args[1], n, e, ctx, begin);
  Vec out = make_vec(to_logical(e.type.kind), n);
  if (e.fn == plan::Fn::ConcatWs) {  // nulls are left out; a null separator gives null
    for (size_t k = 0; k < n; ++k) {
      if (!args[0].valid[k] || args[0].is_null_type) continue;
      std::string joined;
      bool any = false;
      for (size_t j = 1; j < args.size(); ++j) {
        if (!args[j].valid[k] || args[j].is_null_type) continue;
        if (any) joined.append(args[0].s[k]);
        joined += format_value(args[j], k);
        any = true;
      }
      out.valid[k] = 1;
      out.s[k] = out.keep(std::move(joined));
    }
    return out;
  }
  RowKernel kernel = e.fn == plan::Fn::None ? nullptr : kKernels[size_t(e.fn)];
  if (!kernel) return out;  // an aggregate outside a group's compute: no value
  try {
    for (size_t k = 0; k < n; ++k) {
      bool present = true;
      for (const auto& a : args) present = present && a.valid[k] && !a.is_null_type;
      if (!present) continue;
      out.valid[k] = 1;
      kernel(args, k, out);
    }
  } catch (const ValueOutOfRange& x) {
    throw ValueOutOfRange(plan::fn_name(e.fn), x.value, e.loc);
  }
  // Kernels that return a part of an argument's text (substr, trim, regex_extract) keep it
  // alive. After the loop: keep() appends to the first owner, which must be out's own (an
  // argument's may be a param's, shared by every thread).
  for (const auto& a : args) out.adopt(a);
  return out;
}

}  // namespace

rt::Logical to_logical(TypeKind t) {
  switch (t) {
    case TypeKind::Int: return rt::Logical::Int;
    case TypeKind::Decimal: return rt::Logical::Decimal;
    case TypeKind::Money: return rt::Logical::Money;
    case TypeKind::Bool: return rt::Logical::Bool;
    case TypeKind::Date: return rt::Logical::Date;
    case TypeKind::Month: return rt::Logical::Month;
    case TypeKind::DateTime: return rt::Logical::DateTime;
    case TypeKind::IdCard: return rt::Logical::IdCard;
    case TypeKind::Uscc: return rt::Logical::Uscc;
    case TypeKind::CaseNo: return rt::Logical::CaseNo;
    case TypeKind::Geo: return rt::Logical::Geo;
    case TypeKind::PartyId: return rt::Logical::PartyId;
    default: return rt::Logical::Text;
  }
}

void Vec::resize(size_t n) {
  valid.assign(n, 0);
  if (lane == I) i.assign(n, 0);
  if (lane == G) { x.assign(n, 0); y.assign(n, 0); }
  if (lane == S) s.assign(n, {});
}

std::string_view Vec::keep(std::string str) {
  if (owners.empty()) owners.push_back(std::make_shared<std::deque<std::string>>());
  owners.front()->push_back(std::move(str));
  return owners.front()->back();
}

void Vec::append(const Vec& o) {
  valid.insert(valid.end(), o.valid.begin(), o.valid.end());
  i.insert(i.end(), o.i.begin(), o.i.end());
  x.insert(x.end(), o.x.begin(), o.x.end());
  y.insert(y.end(), o.y.begin(), o.y.end());
  s.insert(s.end(), o.s.begin(), o.s.end());
  adopt(o);
}

void rescale(Vec& v, int scale) {
  if (v.lane != Vec::I || v.scale == scale) return;
  if (scale > v.scale) {
    int64_t f = pow10(scale - v.scale);
    for (auto& x : v.i) x = sat_mul(x, f);
  } else {
    int64_t f = pow10(v.scale - scale);
    for (auto& x : v.i) x /= f;
  }
  v.scale = scale;
}

Vec literal_vec(const plan::Literal& lit, TypeKind type) {
  Vec v;
  switch (lit.kind) {
    case plan::LiteralKind::Null:
      v = make_vec(to_logical(type == TypeKind::Null || type == TypeKind::Error ? TypeKind::Text : type), 1);
      v.is_null_type = true;
      return v;
    case plan::LiteralKind::Bool:
      v = bool_vec(1);
      v.valid[0] = 1;
      v.i[0] = lit.text == "true";
      return v;
    case plan::LiteralKind::Int: {
      v = make_vec(rt::Logical::Int, 1);
      auto p = values::parse_int(lit.text);
      if (p.ok()) { v.valid[0] = 1; v.i[0] = p.value(); }
      return v;
    }
    case plan::LiteralKind::Decimal: {
      v = make_vec(rt::Logical::Decimal, 1);
      auto p = values::parse_decimal(lit.text);
      if (p.ok()) { v.valid[0] = 1; v.i[0] = p.value().raw; }
      return v;
    }
    case plan::LiteralKind::Text:
      v = make_vec(rt::Logical::Text, 1);
      v.valid[0] = 1;
      v.s[0] = v.keep(lit.text);
      return v;
    case plan::LiteralKind::Date: {
      v = make_vec(rt::Logical::Date, 1);
      auto p = values::parse_date(lit.text);
      if (p.ok()) { v.valid[0] = 1; v.i[0] = p.value(); }
      return v;
    }
    case plan::LiteralKind::Month: {
      v = make_vec(rt::Logical::Month, 1);
      auto p = values::parse_month(lit.text);
      if (p.ok()) { v.valid[0] = 1; v.i[0] = p.value(); }
      return v;
    }
    case plan::LiteralKind::DateTime: {
      v = make_vec(rt::Logical::DateTime, 1);
      auto p = values::parse_datetime(lit.text);
      if (p.ok()) { v.valid[0] = 1; v.i[0] = p.value(); }
      return v;
    }
  }
  return v;
}

Vec coerce_text_to(const Vec& text, rt::Logical target) {
  Vec v = make_vec(target, text.size());
  for (size_t k = 0; k < text.size(); ++k) {
    if (!text.valid[k]) continue;
    std::string_view s = text.s[k];
    switch (target) {
      case rt::Logical::IdCard: {
        auto p = values::parse_idcard(s);
        if (p.ok()) { v.valid[k] = 1; v.i[k] = int64_t(p.value().key); }
        break;
      }
      case rt::Logical::Uscc: {
        auto p = values::parse_uscc(s);
        if (p.ok()) { v.valid[k] = 1; v.s[k] = v.keep(values::to_string(p.value())); }
        break;
      }
      case rt::Logical::PartyId: {
        auto p = values::parse_party_id(s);
        if (p.ok()) { v.valid[k] = 1; v.s[k] = v.keep(values::to_string(p.value())); }
        break;
      }
      case rt::Logical::CaseNo: {
        auto p = values::parse_case_no(s);
        if (p.ok()) { v.valid[k] = 1; v.s[k] = v.keep(values::canonical(p.value())); }
        break;
      }
      case rt::Logical::Date: {
        auto p = values::parse_date(s);
        if (p.ok()) { v.valid[k] = 1; v.i[k] = p.value(); }
        break;
      }
      case rt::Logical::Month: {
        auto p = values::parse_month(s);
        if (p.ok()) { v.valid[k] = 1; v.i[k] = p.value(); }
        break;
      }
      case rt::Logical::DateTime: {
        auto p = values::parse_datetime(s);
        if (p.ok()) { v.valid[k] = 1; v.i[k] = p.value(); }
        break;
      }
      default:
        v.valid[k] = 1;
        v.s[k] = v.keep(std::string(s));
    }
  }
  return v;
}

std::string format_value(const Vec& v, size_t k) {
  if (v.is_null_type || !v.valid[k]) return "";
  switch (v.type) {
    case rt::Logical::Text: case rt::Logical::CaseNo: case rt::Logical::Uscc: case rt::Logical::PartyId:
      return std::string(v.s[k]);
    case rt::Logical::Int: return std::to_string(v.i[k]);
    case rt::Logical::Money: return values::to_string(values::Decimal::from_raw(v.i[k]), 2);
    case rt::Logical::Decimal: {
      // Up to 4 fraction digits, trailing zeros dropped: 200, 12.5, 0.1234.
      std::string s = values::to_string(values::Decimal::from_raw(v.i[k]), 4);
      if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
      }
      return s;
    }
    case rt::Logical::Bool: return v.i[k] ? "是" : "否";
    case rt::Logical::Date: return values::date_to_string(values::Date(v.i[k]));
    case rt::Logical::Month: return values::month_to_string(values::Month(v.i[k]));
    case rt::Logical::DateTime: return values::datetime_to_string(v.i[k]);
    case rt::Logical::IdCard: return values::to_string(values::IdCard{uint64_t(v.i[k])});
    case rt::Logical::Geo: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6f,%.6f", v.x[k], v.y[k]);
      return buf;
    }
  }
  return "";
}

namespace {

// `x in [literals]` with many literals: the list is the same in every batch, so it is
// evaluated, coerced to x's type and sorted once per shape of x (type, lane, scale), kept on
// the list's Expr (engine_cache), and each row is a binary search. A 10^6-item list used to
// be evaluated per batch of 2,048 rows and scanned per row. The coercions are those of the
// general path below, in the same order, so the answers are the same.
constexpr size_t kSortedInListFrom = 32;

struct SortedInList {
  rt::Logical a_type;  // the shape of x this entry is for
  Vec::Lane a_lane;
  int a_scale;
  // What becomes of x: party_as to a type, coerce_text_to a type, its final scale.
  std::optional<rt::Logical> a_party_to, a_text_to;
  int a_final_scale = 0;
  Vec list;                      // coerced, aligned
  std::vector<uint32_t> sorted;  // indexes of the list's present values, in value order
  bool has_null = false;
};
struct SortedInLists {
  std::vector<std::shared_ptr<const SortedInList>> shapes;
};
std::mutex sorted_in_lists_mu;

Vec in_sorted_list(const Expr& e, Vec& a, const EvalContext& ctx, size_t n) {
  const Expr& items = *e.args[1];
  std::shared_ptr<const SortedInList> sl;
  {
    std::lock_guard<std::mutex> lock(sorted_in_lists_mu);
    auto cache = std::static_pointer_cast<const SortedInLists>(items.engine_cache);
    if (cache)
      for (const auto& x : cache->shapes)
        if (x->a_type == a.type && x->a_lane == a.lane && x->a_scale == a.scale) sl = x;
    if (!sl) {
      auto built = std::make_shared<SortedInList>();
      built->a_type = a.type;
      built->a_lane = a.lane;
      built->a_scale = a.scale;
      Vec probe = a;  // x's shape, no rows: the coercions below tell what becomes of x
      probe.resize(0);
      Vec list = eval(items, ctx, 0, 1);
      const auto party_vs = [](const Vec& p, const Vec& o) {
        return p.type == rt::Logical::PartyId && (o.type == rt::Logical::IdCard || o.type == rt::Logical::Uscc);
      };
      if (party_vs(probe, list)) {
        built->a_party_to = list.type;
        probe = party_as(probe, list.type);
      } else if (party_vs(list, probe)) {
        list = party_as(list, probe.type);
      }
      if (list.lane == Vec::S && probe.lane != Vec::S) list = coerce_text_to(list, probe.type);
      if (probe.type == rt::Logical::CaseNo && list.type == rt::Logical::Text) list = coerce_text_to(list, probe.type);
      if (probe.lane == Vec::S && list.lane != Vec::S && is_domain_text_target(list.type)) {
        built->a_text_to = list.type;
        probe = coerce_text_to(probe, list.type);
      }
      align_scales(probe, list);
      built->a_final_scale = probe.scale;
      for (size_t j = 0; j < list.size(); ++j) {
        if (list.valid[j]) built->sorted.push_back(uint32_t(j));
        else built->has_null = true;
      }
      std::sort(built->sorted.begin(), built->sorted.end(),
                [&](uint32_t x, uint32_t y) { return compare_at(list, x, list, y) < 0; });
      built->list = std::move(list);
      auto next = std::make_shared<SortedInLists>(cache ? *cache : SortedInLists{});
      next->shapes.push_back(built);
      items.engine_cache = next;
      sl = built;
    }
  }
  if (sl->a_party_to) a = party_as(a, *sl->a_party_to);
  if (sl->a_text_to) a = coerce_text_to(a, *sl->a_text_to);
  rescale(a, sl->a_final_scale);
  Vec out = bool_vec(n);
  const Vec& list = sl->list;
  for (size_t k = 0; k < n; ++k) {
    if (!a.valid[k]) continue;
    auto it = std::lower_bound(sl->sorted.begin(), sl->sorted.end(), k,
                               [&](uint32_t j, size_t row) { return compare_at(list, j, a, row) < 0; });
    const bool found = it != sl->sorted.end() && compare_at(a, k, list, *it) == 0;
    if (found) {
      out.valid[k] = 1;
      out.i[k] = !e.negated;
    } else if (!sl->has_null) {
      out.valid[k] = 1;
      out.i[k] = e.negated;
    }
  }
  return out;
}

}  // namespace

Vec eval(const Expr& e, const EvalContext& ctx, size_t begin, size_t end) {
  size_t n = end - begin;
  switch (e.kind) {
    case ExprKind::Literal:
      return literal_vec(e.literal, e.type.kind);
    case ExprKind::Param:
      return ctx.params[size_t(e.param)];
    case ExprKind::List: {
      // The element type comes from the list's type, not from its first element, which may
      // be null; elements are brought to one scale (an int among decimals).
      // A list of nothing but nulls (or an empty one) has no element type: any lane will do.
      bool untyped = e.type.element == TypeKind::Null || e.type.element == TypeKind::Error;
      Vec out = make_vec(untyped ? rt::Logical::Int : to_logical(e.type.element), 0);
      out.scale = 0;
      for (const auto& a : e.args) {
        Vec v = eval(*a, ctx, begin, end);
        if (v.is_null_type) {
          out.valid.push_back(0);
          if (out.lane == Vec::I) out.i.push_back(0);
          else if (out.lane == Vec::S) out.s.push_back({});
          else { out.x.push_back(0); out.y.push_back(0); }
          continue;
        }
        if (out.lane == Vec::I && v.lane == Vec::I && v.scale != out.scale) {
          int s = std::max(out.scale, v.scale);
          rescale(out, s);
          rescale(v, s);
        }
        out.append(v);
      }
      return out;
    }
    case ExprKind::Column:
      return column_values(e, ctx, begin, end);
    case ExprKind::Derived:
      return slice(ctx.frame.derived[size_t(e.derived)], begin, end);
    case ExprKind::Call:
      return call(e, ctx, begin, end);
    case ExprKind::Aggregate: {
      if (ctx.aggregates) {
        auto it = ctx.aggregates->find(&e);
        if (it != ctx.aggregates->end()) return slice(it->second, begin, end);
      }
      return make_vec(to_logical(e.type.kind), n);
    }
    case ExprKind::Unary: {
      Vec a = eval(*e.args[0], ctx, begin, end);
      Vec s;
      Vec v = at_least(a, n, s);
      if (e.op == Op::Not) {
        Vec out = bool_vec(n);
        for (size_t k = 0; k < n; ++k)
          if (v.valid[k] && !v.is_null_type) { out.valid[k] = 1; out.i[k] = !v.i[k]; }
        return out;
      }
      for (size_t k = 0; k < v.i.size(); ++k) {
        if (!v.valid[k]) continue;
        if (v.i[k] == INT64_MIN)  // -(-2^63) is 2^63: one past the range
          throw ArithmeticOverflow(&e, "-(" + format_value(v, k) + ")", row_places(ctx.layout, ctx.frame, begin + k));
        v.i[k] = -v.i[k];
      }
      return v;
    }
    case ExprKind::Binary: {
      Vec a = eval(*e.args[0], ctx, begin, end);
      Vec b = eval(*e.args[1], ctx, begin, end);
      if (plan::is_logic(e.op)) return logic(e.op, a, b, n);
      if (plan::is_comparison(e.op)) return compare(e.op, a, b, n);
      std::optional<OverflowAt> overflow;
      Vec r = arith(e.op, a, b, to_logical(e.type.kind), n, overflow);
      if (overflow) throw ArithmeticOverflow(&e, overflow->values, row_places(ctx.layout, ctx.frame, begin + overflow->row));
      return r;
    }
    case ExprKind::In: {
      // A list written with columns or derived values in it holds one value per row: it is
      // x == i1 or x == i2 ..., row by row (three-valued), not one list of every row's values.
      const Expr& items = *e.args[1];
      if (items.kind == ExprKind::List &&
          std::any_of(items.args.begin(), items.args.end(), [](const plan::ExprPtr& it) {
            return plan::any_of(*it, [](const Expr& x) {
              return x.kind == ExprKind::Column || x.kind == ExprKind::Derived || x.kind == ExprKind::Aggregate;
            });
          })) {
        Vec a = eval(*e.args[0], ctx, begin, end);
        Vec any = bool_vec(n);  // false for every row: `x in []`
        for (size_t k = 0; k < n; ++k) any.valid[k] = 1;
        for (const auto& it : items.args) any = logic(Op::Or, any, compare(Op::Eq, a, eval(*it, ctx, begin, end), n), n);
        if (e.negated)
          for (size_t k = 0; k < n; ++k) any.i[k] = !any.i[k];
        if (a.is_null_type)
          for (size_t k = 0; k < n; ++k) any.valid[k] = 0;
        return any;
      }
      Vec a = eval(*e.args[0], ctx, begin, end);
      if (items.kind == ExprKind::List && items.args.size() >= kSortedInListFrom &&
          std::all_of(items.args.begin(), items.args.end(),
                      [](const plan::ExprPtr& it) { return it->kind == ExprKind::Literal; })) {
        Vec s;
        a = at_least(a, n, s);
        Vec out = bool_vec(n);
        if (a.is_null_type) return out;
        return in_sorted_list(e, a, ctx, n);
      }
      Vec list = eval(*e.args[1], ctx, begin, end);
      Vec s;
      a = at_least(a, n, s);
      Vec out = bool_vec(n);
      if (a.is_null_type) return out;
      // Party IDs in a list of ID cards or USCCs, or those in a list of party IDs: as values of
      // that kind, the other kind unequal to all (before the text coercions below, which would
      // make it null: unknown instead of not found).
      const auto party_vs = [](const Vec& p, const Vec& o) {
        return p.type == rt::Logical::PartyId && (o.type == rt::Logical::IdCard || o.type == rt::Logical::Uscc);
      };
      if (party_vs(a, list)) a = party_as(a, list.type);
      else if (party_vs(list, a)) list = party_as(list, a.type);
      // Coerce the list's elements to the value's type once (text literals → IDs, dates...).
      if (list.lane == Vec::S && a.lane != Vec::S) list = coerce_text_to(list, a.type);
      if (a.type == rt::Logical::CaseNo && list.type == rt::Logical::Text) list = coerce_text_to(list, a.type);
      // And a text literal to the list's type: "11010519491231002X" in [p.身份证号], or in a
      // list<idcard> param given with --param (its lane is no longer the literal's).
      if (a.lane == Vec::S && list.lane != Vec::S && is_domain_text_target(list.type)) a = coerce_text_to(a, list.type);
      align_scales(a, list);
      bool list_has_null = std::find(list.valid.begin(), list.valid.end(), 0) != list.valid.end();
      for (size_t k = 0; k < n; ++k) {
        if (!a.valid[k]) continue;
        bool found = false;
        for (size_t j = 0; j < list.size() && !found; ++j) found = list.valid[j] && compare_at(a, k, list, j) == 0;
        if (found) { out.valid[k] = 1; out.i[k] = !e.negated; }
        else if (!list_has_null) { out.valid[k] = 1; out.i[k] = e.negated; }
      }
      return out;
    }
    case ExprKind::Between: {
      Vec v = eval(*e.args[0], ctx, begin, end);
      Vec lo = eval(*e.args[1], ctx, begin, end);
      Vec hi = eval(*e.args[2], ctx, begin, end);
      Vec ge = compare(Op::Ge, v, lo, n), le = compare(Op::Le, v, hi, n);
      Vec both = logic(Op::And, ge, le, n);
      if (e.negated)
        for (size_t k = 0; k < n; ++k) both.i[k] = !both.i[k];
      return both;
    }
    case ExprKind::IsNull: {
      Vec v = eval(*e.args[0], ctx, begin, end);
      Vec s;
      const Vec& w = at_least(v, n, s);
      Vec out = bool_vec(n);
      for (size_t k = 0; k < n; ++k) {
        bool null = w.is_null_type || !w.valid[k];
        out.valid[k] = 1;
        out.i[k] = e.negated ? !null : null;
      }
      return out;
    }
    case ExprKind::If: {
      Vec c = eval(*e.args[0], ctx, begin, end);
      Vec a = eval(*e.args[1], ctx, begin, end);
      Vec b = eval(*e.args[2], ctx, begin, end);
      Vec sc, sa, sb;
      const Vec& cc = at_least(c, n, sc);
      Vec x = at_least(a, n, sa), y = at_least(b, n, sb);
      // A branch that is null (the literal, or an `if` of nulls) takes the other branch's type.
      auto all_null = [](const Vec& v) {
        return v.is_null_type || std::find(v.valid.begin(), v.valid.end(), 1) == v.valid.end();
      };
      if (x.is_null_type || (x.lane != y.lane && all_null(x))) { x = make_vec(y.type, n); x.scale = y.scale; }
      if (y.is_null_type || (y.lane != x.lane && all_null(y))) { y = make_vec(x.type, n); y.scale = x.scale; }
      align_values(x, y, e, ctx, begin);
      Vec out = x;
      if (e.type.kind != TypeKind::Null && e.type.kind != TypeKind::Error) out.type = to_logical(e.type.kind);
      out.adopt(y);
      for (size_t k = 0; k < n; ++k) {
        bool take_a = cc.valid[k] && !cc.is_null_type && cc.i[k];
        if (take_a) continue;
        out.valid[k] = y.valid[k];
        if (out.lane == Vec::I) out.i[k] = y.i[k];
        else if (out.lane == Vec::G) { out.x[k] = y.x[k]; out.y[k] = y.y[k]; }
        else out.s[k] = y.s[k];
      }
      return out;
    }
  }
  return make_vec(rt::Logical::Text, n);
}

void eval_filter(const Expr& cond, const EvalContext& ctx, size_t begin, size_t end, std::vector<uint32_t>& out) {
  Vec v = eval(cond, ctx, begin, end);
  Vec s;
  const Vec& w = at_least(v, end - begin, s);
  if (w.is_null_type) return;
  for (size_t k = 0; k < w.size(); ++k)
    if (w.valid[k] && w.i[k]) out.push_back(uint32_t(begin + k));
}

// Where frame row `r` comes from, per source behind it ("zb 终本.csv:12"; after a group, its
// first rows).
std::vector<std::string> row_places(const plan::Layout& layout, const Frame& f, size_t r) {
  std::vector<std::string> out;
  for (size_t b = 0; b < f.tables.size() && b < layout.bindings.size(); ++b) {
    const rt::Table* t = f.tables[b];
    if (!t) continue;
    std::vector<int64_t> rows;
    if (b < f.members.size() && r < f.members[b].size()) rows = f.members[b][r];
    else if (b < f.rows.size() && r < f.rows[b].size()) rows = {f.rows[b][r]};
    std::string place;
    size_t shown = 0;
    for (int64_t x : rows) {
      if (x < 0 || size_t(x) >= t->rows()) continue;
      if (shown == 3) {
        place += ", …";
        break;
      }
      place += (shown++ ? ", " : "") + t->file_label(size_t(x)) + ":" + std::to_string(t->line[size_t(x)]);
    }
    if (!place.empty()) out.push_back(layout.bindings[b].alias + " " + place);
  }
  return out;
}

}  // namespace clue::exec
