#include "runtime/table/column.h"

#include <functional>

namespace clue::rt {

namespace {
constexpr size_t kSlots = StringData::kMaxEntries * 2;  // load factor at most 1/2
static_assert((kSlots & (kSlots - 1)) == 0 && StringData::kMaxEntries < 65535);
}  // namespace

void StringData::start_dict() {
  if (dict || size() != 0) return;
  dict = true;
  offsets.assign(1, 0);
  bytes.clear();
  codes.clear();
  slots_.assign(kSlots, 0);
}

void StringData::start_fixed(uint32_t w) {
  if (width == w || size() != 0 || dict || w == 0) return;
  width = w;
  offsets.assign(1, 0);
  bytes.clear();
}

void StringData::push_fixed(std::string_view s) {
  if (s.empty()) {
    bytes.append(width, '\0');
    return;
  }
  if (s.size() == width && s[0] != '\0') {
    bytes.append(s);
    return;
  }
  to_plain();
  push(s);
}

int StringData::find_or_add(std::string_view s) {
  size_t h = std::hash<std::string_view>{}(s) & (kSlots - 1);
  for (; slots_[h]; h = (h + 1) & (kSlots - 1))
    if (entry(slots_[h] - 1u) == s) return int(slots_[h] - 1u);
  if (entries() >= kMaxEntries) return -1;
  bytes.append(s);
  offsets.push_back(bytes.size());
  slots_[h] = uint16_t(entries());
  return int(entries() - 1);
}

void StringData::push_code(std::string_view s) {
  const int k = find_or_add(s);
  if (k >= 0) {
    codes.push_back(uint16_t(k));
    return;
  }
  to_plain();
  push(s);
}

void StringData::to_plain() {
  if (width) {
    const size_t n = size();
    std::string b;
    std::vector<uint64_t> o;
    o.reserve(n + 1);
    o.push_back(0);
    for (size_t i = 0; i < n; ++i) {
      b.append(at(i));
      o.push_back(b.size());
    }
    width = 0;
    offsets = std::move(o);
    bytes = std::move(b);
    return;
  }
  if (!dict) return;
  std::vector<uint64_t> o;
  o.reserve(codes.size() + 1);
  o.push_back(0);
  std::string b;
  size_t total = 0;
  for (uint16_t c : codes) total += offsets[c + 1u] - offsets[c];
  b.reserve(total);
  for (uint16_t c : codes) {
    b.append(entry(c));
    o.push_back(b.size());
  }
  offsets = std::move(o);
  bytes = std::move(b);
  std::vector<uint16_t>().swap(codes);
  std::vector<uint16_t>().swap(slots_);
  dict = false;
}

StringData StringData::entries_of(const StringData& o) {
  StringData d;
  d.dict = true;
  d.offsets = o.offsets;
  d.bytes = o.bytes;
  d.slots_ = o.slots_;
  return d;
}

void StringData::truncate(size_t n) {
  if (size() <= n) return;
  if (width) {
    bytes.resize(n * width);
    return;
  }
  if (dict) {
    codes.resize(n);  // the entries stay (the same in any chunking: see the header)
    return;
  }
  bytes.resize(offsets[n]);
  offsets.resize(n + 1);
}

Phys phys_of(Logical t) {
  switch (t) {
    case Logical::Int: case Logical::Decimal: case Logical::Money: case Logical::DateTime: case Logical::IdCard:
      return Phys::I64;
    case Logical::Date: case Logical::Month: return Phys::I32;
    case Logical::Bool: return Phys::U8;
    case Logical::Geo: return Phys::Geo;
    default: return Phys::Str;
  }
}

const char* logical_name(Logical t) {
  switch (t) {
    case Logical::Text: return "text";
    case Logical::Int: return "int";
    case Logical::Decimal: return "decimal";
    case Logical::Money: return "money";
    case Logical::Bool: return "bool";
    case Logical::Date: return "date";
    case Logical::Month: return "month";
    case Logical::DateTime: return "datetime";
    case Logical::IdCard: return "idcard";
    case Logical::Uscc: return "uscc";
    case Logical::CaseNo: return "case_no";
    case Logical::Geo: return "geo";
    case Logical::PartyId: return "partyid";
  }
  return "?";
}

Column Column::make(Logical t) {
  Column c;
  c.logical = t;
  c.phys = phys_of(t);
  return c;
}

void Column::reserve(size_t n) {
  valid.reserve(n);
  switch (phys) {
    case Phys::I64: i64.reserve(n); break;
    case Phys::I32: i32.reserve(n); break;
    case Phys::U8: u8.reserve(n); break;
    case Phys::Geo: x.reserve(n); y.reserve(n); break;
    case Phys::Str:
      if (str.dict) str.codes.reserve(n);
      else if (str.width) str.bytes.reserve(n * str.width);
      else str.offsets.reserve(n + 1);
      break;
  }
}

void Column::push_null() {
  valid.push_back(0);
  switch (phys) {
    case Phys::I64: i64.push_back(0); break;
    case Phys::I32: i32.push_back(0); break;
    case Phys::U8: u8.push_back(0); break;
    case Phys::Geo: x.push_back(0); y.push_back(0); break;
    case Phys::Str: str.push({}); break;
  }
}

void Column::push_from(const Column& o, size_t i) {
  valid.push_back(o.valid[i]);
  switch (phys) {
    case Phys::I64: i64.push_back(o.i64[i]); break;
    case Phys::I32: i32.push_back(o.i32[i]); break;
    case Phys::U8: u8.push_back(o.u8[i]); break;
    case Phys::Geo: x.push_back(o.x[i]); y.push_back(o.y[i]); break;
    case Phys::Str: str.push(o.str.at(i)); break;
  }
}

void Column::append(const Column& o) {
  valid.insert(valid.end(), o.valid.begin(), o.valid.end());
  switch (phys) {
    case Phys::I64: i64.insert(i64.end(), o.i64.begin(), o.i64.end()); break;
    case Phys::I32: i32.insert(i32.end(), o.i32.begin(), o.i32.end()); break;
    case Phys::U8: u8.insert(u8.end(), o.u8.begin(), o.u8.end()); break;
    case Phys::Geo:
      x.insert(x.end(), o.x.begin(), o.x.end());
      y.insert(y.end(), o.y.begin(), o.y.end());
      break;
    case Phys::Str: {
      StringData& d = str;
      const StringData& s = o.str;
      if (d.width && d.width == s.width) {
        d.bytes.append(s.bytes);
        break;
      }
      if (d.dict && s.dict) {
        // The other's entries in this dictionary, then its codes mapped.
        std::vector<uint16_t> map(s.entries());
        bool full = false;
        for (size_t k = 0; k < s.entries() && !full; ++k) {
          const int c = d.find_or_add(s.entry(k));
          full = c < 0;
          map[k] = uint16_t(c);
        }
        if (!full) {
          d.codes.reserve(d.codes.size() + s.codes.size());
          for (uint16_t c : s.codes) d.codes.push_back(map[c]);
          break;
        }
      }
      d.to_plain();
      if (s.dict || s.width) {
        for (size_t i = 0; i < s.size(); ++i) d.push(s.at(i));
        break;
      }
      uint64_t base = d.bytes.size();
      d.bytes.append(s.bytes);
      for (size_t k = 1; k < s.offsets.size(); ++k) d.offsets.push_back(base + s.offsets[k]);
      break;
    }
  }
}

Column Column::gather(const std::vector<int64_t>& idx) const {
  if (phys == Phys::Str && str.dict) {
    // A dictionary's rows stay codes into the same entries (plus "" for a null row, unless
    // the dictionary is full: then the rows become plain text below).
    Column c = make(logical);
    c.str = StringData::entries_of(str);
    bool any_null = false;
    for (int64_t i : idx) any_null = any_null || i < 0;
    const int empty = any_null ? c.str.find_or_add({}) : 0;
    if (empty >= 0) {
      c.reserve(idx.size());
      for (int64_t i : idx) {
        c.str.codes.push_back(i < 0 ? uint16_t(empty) : str.codes[size_t(i)]);
        c.valid.push_back(i < 0 ? 0 : valid[size_t(i)]);
      }
      return c;
    }
  }
  Column c = make(logical);
  if (phys == Phys::Str && str.width) c.str.start_fixed(str.width);  // stays fixed
  c.reserve(idx.size());
  for (int64_t i : idx) {
    if (i < 0) c.push_null();
    else c.push_from(*this, size_t(i));
  }
  return c;
}

}  // namespace clue::rt
