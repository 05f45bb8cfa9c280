#include "runtime/load/builder.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "runtime/csv/errors.h"
#include "runtime/csv/header.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/text.h"
#include "runtime/values/unicode_fold.h"
#include "runtime/values/party_id.h"
#include "runtime/values/uscc.h"

namespace clue::rt {

namespace {
constexpr diag::Code kLoadCodes[] = {
#define CLUE_LOAD(code, name, severity, en, zh, hint_en, hint_zh) diag::Code::code,
#include "runtime/diag/codes.def"
};
}  // namespace

const diag::CodeInfo& load_error(LoadError e) noexcept { return diag::info(kLoadCodes[static_cast<size_t>(e)]); }

namespace load_detail {

std::string fill(std::string_view t, std::initializer_list<std::string_view> args) { return diag::format(t, args); }

void set_error(LoadResult& res, const std::string& code, const std::string& en, const std::string& zh,
               uint64_t line) {
  res.ok = false;
  res.error_code = code;
  res.error_en = en;
  res.error_zh = zh;
  res.error_line = line;
}

bool make_plan(const LoadSpec& spec, Plan& plan, LoadResult& res) {
  plan.source = spec.source;
  plan.path = spec.path;
  auto bad = [&](const std::string& en, const std::string& zh) {
    const diag::CodeInfo& e = load_error(LoadError::BadSpec);
    set_error(res, e.code, fill(e.en, {spec.source, en}), fill(e.zh, {spec.source, zh}));
    return false;
  };
  if (spec.columns.empty()) return bad("no columns declared", "未声明任何列");
  std::vector<std::string> norm;  // normalised forms of plan.expected
  auto slot_of = [&](const std::string& h) {
    std::string n = csv::normalize_header(h);
    for (size_t i = 0; i < norm.size(); ++i)
      if (norm[i] == n) return int(i);
    norm.push_back(n);
    plan.expected.push_back(h);
    return int(plan.expected.size() - 1);
  };
  for (const ColumnSpec& c : spec.columns) {
    ColumnPlan p;
    p.spec = &c;
    p.type = c.type;
    std::vector<std::string> headers = c.headers.empty() ? std::vector<std::string>{c.name} : c.headers;
    if (c.type == Logical::Geo) {
      if (headers.size() != 2)
        return bad("geo field '" + c.name + "' needs two headers (longitude, latitude)",
                   "坐标字段“" + c.name + "”需要两个表头（经度、纬度）");
      auto d = values::parse_datum(c.datum);
      if (!d.ok())
        return bad("field '" + c.name + "': " + values::message_en(values::ValueError::GeoUnknownDatum) + ": '" +
                       c.datum + "'",
                   "字段“" + c.name + "”：" + values::message_zh(values::ValueError::GeoUnknownDatum) + "：“" +
                       c.datum + "”");
      p.datum = d.value();
      p.slot2 = slot_of(headers[1]);
      p.header2 = headers[1];
    } else if (headers.size() != 1) {
      return bad("field '" + c.name + "' must have exactly one header", "字段“" + c.name + "”只能对应一个表头");
    }
    p.slot = slot_of(headers[0]);
    p.header = headers[0];
    p.dec.allow_wan_units = c.allow_wan;
    const values::BoolSpec& def = values::BoolSpec::defaults();
    p.bools.true_words = c.true_words.empty() ? def.true_words : c.true_words;
    p.bools.false_words = c.false_words.empty() ? def.false_words : c.false_words;
    p.bools.ascii_case_insensitive = def.ascii_case_insensitive;
    p.deferred = c.deferred && !c.required;
    p.verbatim = c.verbatim && c.type == Logical::Text;
    if (!c.value_map.empty() || !c.date_order.empty()) p.rewrite = std::make_shared<const values::CellRewrite>(c.value_map, c.date_order);
    plan.cols.push_back(std::move(p));
  }
  return true;
}

void push_i64(Column& c, int64_t v) {
  c.valid.push_back(1);
  c.i64.push_back(v);
}
void push_i32(Column& c, int32_t v) {
  c.valid.push_back(1);
  c.i32.push_back(v);
}
void push_str(Column& c, std::string_view v) {
  c.valid.push_back(1);
  c.str.push(v);
}

void truncate_column(Column& c, size_t n) {
  if (c.valid.size() <= n) return;
  c.valid.resize(n);
  switch (c.phys) {
    case Phys::I64: c.i64.resize(n); break;
    case Phys::I32: c.i32.resize(n); break;
    case Phys::U8: c.u8.resize(n); break;
    case Phys::Geo: c.x.resize(n); c.y.resize(n); break;
    case Phys::Str: c.str.truncate(n); break;
  }
}

namespace {

using values::Parsed;
using values::ValueError;

// True if normalize_text could change the (trimmed, valid UTF-8) text: only code points
// encoded with a lead byte E2 (U+2000..U+2FFF: bullets, U+2027, U+2219) or EF (U+F000..
// U+FFFF: full-width forms, U+FEFF) or U+30FB (E3 83 BB) are folded.
inline bool may_fold_bytes(const unsigned char* p, size_t i, size_t n) {
  for (; i < n; ++i) {
    const unsigned char c = p[i];
    if (c < 0xE2) continue;
    if (c == 0xE2 || c == 0xEF) return true;
    if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x83 && p[i + 2] == 0xBB) return true;
  }
  return false;
}

// Eight bytes at a time: a word with no E2, E3 or EF byte needs no look (CJK text is mostly
// E4..E9 lead bytes).
inline bool may_fold(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has = [](uint64_t x, uint64_t b) {
    const uint64_t y = x ^ b;
    return (y - kOnes) & ~y & kHigh;
  };
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (has(w, 0xE2 * kOnes) | has(w, 0xEF * kOnes)) return true;
    if (has(w, 0xE3 * kOnes) && may_fold_bytes(p, i, std::min(n, i + 10))) return true;
  }
  return may_fold_bytes(p, i, n);
}

// values::canonical(c) written straight into the column's bytes (no temporary string; the
// load test checks the two agree). A case_no column is never a dictionary (RowBuilder).
void push_canonical(Column& col, const values::CaseNo& c) {
  std::string& b = col.str.bytes;
  char num[24];
  b += "\xEF\xBC\x88";  // （
  b.append(num, std::to_chars(num, num + sizeof num, c.year).ptr);
  b += "\xEF\xBC\x89";  // ）
  b += c.court;
  b += c.type;
  b.append(num, std::to_chars(num, num + sizeof num, c.number).ptr);
  b += "\xE5\x8F\xB7";  // 号
  col.str.offsets.push_back(b.size());
  col.valid.push_back(1);
}

template <class T, class Push>
inline CellResult take(Column& col, const Parsed<T>& r, Push push) {
  if (r.ok()) {
    push(r.value());
    return CellResult::ok();
  }
  col.push_null();
  return r.is_null() ? CellResult::empty() : CellResult::fail(r.error());
}

}  // namespace

CellResult push_cell(const ColumnPlan& p, Column& col, std::string_view text, std::string_view lat,
                     bool valid_utf8) {
  std::string rewritten;  // empty unless a mapping puts a date in year-month-day order
  if (p.rewrite && p.type != Logical::Geo) {
    std::string_view mapped = p.rewrite->apply(text, rewritten);
    // A mapped value is the mapping's own text, checked as UTF-8 when the mapping was read.
    if (mapped.data() != text.data()) valid_utf8 = true;
    text = mapped;
  }
  switch (p.type) {
    case Logical::Text: {
      std::string_view t = values::trim(text);
      if (t.empty()) {
        col.push_null();
        return CellResult::empty();
      }
      if (!valid_utf8 && !values::utf8_valid(t)) {
        col.push_null();
        return CellResult::fail(ValueError::InvalidUtf8);
      }
      // Branch only here, on a non-empty text cell: a run without verbatim columns pays
      // one predictable test per text cell.
      if (p.verbatim) [[unlikely]] {
        push_str(col, text);
        return CellResult::ok();
      }
      if (may_fold(t)) push_str(col, values::normalize_valid_text(t));
      else push_str(col, t);
      return CellResult::ok();
    }
    case Logical::Int:
      return take(col, values::parse_int(text), [&](int64_t v) { push_i64(col, v); });
    case Logical::Decimal:
    case Logical::Money:
      return take(col, values::parse_decimal(text, p.dec), [&](values::Decimal v) { push_i64(col, v.raw); });
    case Logical::Bool:
      return take(col, values::parse_bool(text, p.bools), [&](bool v) {
        col.valid.push_back(1);
        col.u8.push_back(v ? 1 : 0);
      });
    case Logical::Date:
      return take(col, values::parse_date(text), [&](values::Date v) { push_i32(col, v); });
    case Logical::Month:
      return take(col, values::parse_month(text), [&](values::Month v) { push_i32(col, v); });
    case Logical::DateTime:
      return take(col, values::parse_datetime(text), [&](values::DateTime v) { push_i64(col, v); });
    case Logical::IdCard:
      return take(col, values::parse_idcard(text), [&](values::IdCard v) { push_i64(col, int64_t(v.key)); });
    case Logical::Uscc:
      return take(col, values::parse_uscc(text), [&](const values::Uscc& v) { push_str(col, v.view()); });
    case Logical::PartyId:
      return take(col, values::parse_party_id(text), [&](const values::PartyId& v) { push_str(col, v.view()); });
    case Logical::CaseNo:
      return take(col, values::parse_case_no(text),
                  [&](const values::CaseNo& v) { push_canonical(col, v); });
    case Logical::Geo:
      return take(col, values::parse_lonlat(text, lat), [&](values::GeoPoint v) {
        const values::GeoPoint w = values::to_wgs84(v, p.datum);
        col.valid.push_back(1);
        col.x.push_back(w.lon);
        col.y.push_back(w.lat);
      });
  }
  col.push_null();
  return CellResult::fail(ValueError::None);
}

RejectRecord make_value_reject(const Plan& plan, size_t j, const CellResult& r, std::string_view raw,
                               std::string_view raw2, uint64_t line, bool row_rejected) {
  const ColumnPlan& p = plan.cols[j];
  RejectRecord rec;
  rec.source = plan.source;
  rec.path = plan.path;
  rec.line = line;
  rec.row_rejected = row_rejected;
  std::string_view value = raw;
  rec.column = p.header;
  if (p.type == Logical::Geo) {
    // Report the one coordinate at fault when it can be told.
    bool lat_bad = r.error == ValueError::GeoLatOutOfRange ||
                   (r.error != ValueError::GeoLonOutOfRange && r.state == CellResult::Error &&
                    values::parse_lonlat(raw, "0").ok());
    if (r.state == CellResult::Empty) lat_bad = false;
    if (lat_bad) {
      rec.column = p.header2;
      value = raw2;
    }
  }
  rec.raw = csv::truncate_raw(value);
  // The codes and messages are static tables: referred to, not copied.
  if (r.state == CellResult::Empty) {
    const diag::CodeInfo& e = load_error(LoadError::RequiredMissing);
    rec.code = SharedText::of_static(e.code);
    rec.reason_en = SharedText::of_static(e.en);
    rec.reason_zh = SharedText::of_static(e.zh);
  } else {
    rec.code = SharedText::of_static(values::code(r.error));
    rec.reason_en = SharedText::of_static(values::message_en(r.error));
    rec.reason_zh = SharedText::of_static(values::message_zh(r.error));
  }
  return rec;
}

Plan Plan::with_own_texts() const {
  Plan p = *this;
  p.source = source.fresh_copy();
  p.path = path.fresh_copy();
  for (ColumnPlan& c : p.cols) {
    c.header = c.header.fresh_copy();
    c.header2 = c.header2.fresh_copy();
  }
  return p;
}

RowBuilder::RowBuilder(const Plan& plan, Part& part) : plan_(plan.with_own_texts()), part_(part) {
  if (part_.cols.empty())
    for (const ColumnPlan& p : plan_.cols) {
      part_.cols.push_back(Column::make(p.type));
      // Text starts as a dictionary (column.h, StringData), which it stays while it has few
      // distinct values; party IDs and USCCs (18 characters) are fixed-width; case numbers
      // and verbatim cells plain.
      if (p.type == Logical::Text && !p.verbatim && !p.deferred) part_.cols.back().str.start_dict();
      if (p.type == Logical::PartyId || p.type == Logical::Uscc) part_.cols.back().str.start_fixed(18);
    }
  part_.nulls.resize(plan_.cols.size());
  events_.reserve(plan_.cols.size());
}

void RowBuilder::reserve(size_t rows) {
  for (Column& c : part_.cols) c.reserve(rows);
  part_.lines.reserve(rows);
  // The row hashes too (16 bytes a row): grown by doubling, 民事's 2 M rows at due_claims 1 M
  // moved 32 MB in all and touched 64 MB of fresh pages.
  part_.hashes.reserve(rows);
}

void RowBuilder::reserve_strings(size_t rows) {
  const size_t have = part_.lines.size();
  if (have == 0 || rows <= have) return;
  for (Column& c : part_.cols) {
    if (c.phys != Phys::Str || c.str.dict || c.str.width) continue;  // reserved by rows
    const size_t want = size_t(double(c.str.bytes.size()) / double(have) * double(rows) * 1.1) + 64;
    if (want > c.str.bytes.capacity()) c.str.bytes.reserve(want);
  }
  // The rejects likewise: grown by doubling, a vector of tens of thousands of rejects would
  // move every reject so far at each step and touch about twice the memory in all.
  const size_t seen = part_.rejects.size();
  if (seen == 0) return;
  const size_t want = size_t(double(seen) / double(part_.rows_read) * double(rows) * 1.1) + 16;
  if (want > part_.rejects.capacity()) part_.rejects.reserve(want);
}

void RowBuilder::note(size_t j, CellResult r, std::string_view raw, std::string_view raw2) {
  // A verbatim column's null is the normalised field's problem, reported there.
  if (plan_.cols[j].verbatim) return;
  if (required_failed_ < 0 && plan_.cols[j].spec->required) required_failed_ = int(events_.size());
  events_.push_back(Event{uint32_t(j), r, raw, raw2});
}

// A null or a bad value in the row (events_ not empty): count it, report it, or reject the row.
bool RowBuilder::end_row_with_events(uint64_t line) {
  if (required_failed_ >= 0) {
    for (Column& c : part_.cols) truncate_column(c, row_start_);
    const Event& e = events_[required_failed_];
    part_.rejects.push_back(make_value_reject(plan_, e.col, e.r, e.raw, e.raw2, line, true));
    ++part_.value_row_rejects;
    return false;
  }
  for (const Event& e : events_) {
    if (e.r.state == CellResult::Empty) {
      if (!plan_.cols[e.col].spec->optional) ++part_.nulls[e.col][0];
    } else {
      ++part_.nulls[e.col][size_t(e.r.error)];
      part_.rejects.push_back(make_value_reject(plan_, e.col, e.r, e.raw, e.raw2, line, false));
    }
  }
  part_.lines.push_back(line);
  return true;
}

void add_nulls(const Plan& plan, const Part& part, LoadStats& stats) {
  for (size_t j = 0; j < plan.cols.size() && j < part.nulls.size(); ++j) {
    for (int k = 0; k < kNullSlots; ++k) {
      const uint64_t n = part.nulls[j][k];
      if (!n) continue;
      const char* key = k == 0 ? "empty" : values::code(ValueError(k));
      stats.nulls[plan.cols[j].spec->name][key] += n;
    }
  }
}

}  // namespace load_detail
}  // namespace clue::rt
