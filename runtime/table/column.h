// Columnar storage for loaded data and intermediate results. One physical layout per logical
// type, chosen so that matching keys are fixed-width integers (an 18-digit ID is one int64):
//
//   logical type                      physical
//   int, money, decimal (×10^4), datetime (s), idcard (17-digit body)   I64
//   date (days since 1970-01-01), month (year*12+month-1)               I32
//   bool                                                                U8
//   geo (WGS-84 longitude, latitude)                                    Geo (two F64 arrays)
//   text, case_no (canonical), uscc (18 chars)                          Str (offsets + bytes)
//
// Nulls are a byte per row (1 = present): branch-free and vectorisable in both engines.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue::rt {

enum class Logical : uint8_t { Text, Int, Decimal, Money, Bool, Date, Month, DateTime, IdCard, Uscc, CaseNo, Geo, PartyId };
enum class Phys : uint8_t { I64, I32, U8, Geo, Str };

Phys phys_of(Logical t);
const char* logical_name(Logical t);

// Strings of a column: row i is bytes[offsets[i], offsets[i+1]).
struct StringData {
  std::vector<uint64_t> offsets{0};
  std::string bytes;
  std::string_view at(size_t i) const { return {bytes.data() + offsets[i], size_t(offsets[i + 1] - offsets[i])}; }
  void push(std::string_view s) {
    bytes.append(s);
    offsets.push_back(bytes.size());
  }
  size_t size() const { return offsets.size() - 1; }
};

struct Column {
  Logical logical = Logical::Text;
  Phys phys = Phys::Str;
  std::vector<int64_t> i64;
  std::vector<int32_t> i32;
  std::vector<uint8_t> u8;
  std::vector<double> x, y;  // geo: longitude, latitude (WGS-84)
  StringData str;
  std::vector<uint8_t> valid;  // 1 = value present, 0 = null
  // Not parsed at load: no values here; Table::deferred parses them for the rows that need
  // them (the engine does that before any expression reads the column).
  bool deferred = false;

  static Column make(Logical t);
  size_t size() const { return valid.size(); }
  bool is_null(size_t i) const { return !valid[i]; }
  void reserve(size_t n);
  void push_null();
  // Appends row `i` of `other` (same layout).
  void push_from(const Column& other, size_t i);
  // Appends the rows of `other` in order (same layout): used to join parallel chunks.
  void append(const Column& other);
  // A new column holding rows `idx` of this one; an index of -1 gives a null row.
  Column gather(const std::vector<int64_t>& idx) const;
};

}  // namespace clue::rt
