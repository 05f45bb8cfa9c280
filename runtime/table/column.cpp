#include "runtime/table/column.h"

namespace clue::rt {

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
    case Phys::Str: str.offsets.reserve(n + 1); break;
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
      uint64_t base = str.bytes.size();
      str.bytes.append(o.str.bytes);
      for (size_t k = 1; k < o.str.offsets.size(); ++k) str.offsets.push_back(base + o.str.offsets[k]);
      break;
    }
  }
}

Column Column::gather(const std::vector<int64_t>& idx) const {
  Column c = make(logical);
  c.reserve(idx.size());
  for (int64_t i : idx) {
    if (i < 0) c.push_null();
    else c.push_from(*this, size_t(i));
  }
  return c;
}

}  // namespace clue::rt
