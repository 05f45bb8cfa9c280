// Columnar storage for loaded data and intermediate results. One physical layout per logical
// type, chosen so that matching keys are fixed-width integers (an 18-digit ID is one int64):
//
//   logical type                      physical
//   int, money, decimal (×10^4), datetime (s), idcard (17-digit body)   I64
//   date (days since 1970-01-01), month (year*12+month-1)               I32
//   bool                                                                U8
//   geo (WGS-84 longitude, latitude)                                    Geo (two F64 arrays)
//   text, case_no (canonical), uscc (18 chars)                          Str (offsets + bytes, or a
//                                                                       dictionary: see StringData)
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

// Strings of a column, in one of three layouts:
//   plain       row i is bytes[offsets[i], offsets[i + 1]);
//   dictionary  row i is entry codes[i], entry k is bytes[offsets[k], offsets[k + 1]);
//   fixed       row i is the `width` bytes at i * width, or "" when they start with a 0 byte:
//               party IDs and USCCs (always 18 characters, never a 0 byte), 8 bytes a row
//               less than plain. A value of another length turns the column plain.
// The loader keeps a text column as a dictionary while it has at most kMaxEntries distinct
// values (是否履行完毕, 结案方式, 案由, 法院: a handful to a few hundred), which costs 2 bytes a
// row instead of 8 for the offset plus the text's bytes; past that it turns it plain for good.
// Entries are in order of first appearance, so a file parsed in any number of chunks gets the
// same dictionary. Readers use at() (both layouts) or, like the JIT, look at `dict`.
struct StringData {
  static constexpr size_t kMaxEntries = 1024;
  std::vector<uint64_t> offsets{0};
  std::string bytes;
  std::vector<uint16_t> codes;  // dictionary: per row
  bool dict = false;
  uint32_t width = 0;           // fixed: every row's bytes (0: not fixed)

  std::string_view entry(size_t k) const { return {bytes.data() + offsets[k], size_t(offsets[k + 1] - offsets[k])}; }
  std::string_view at(size_t i) const {
    if (width) {
      const char* p = bytes.data() + i * width;
      return *p ? std::string_view(p, width) : std::string_view();
    }
    return entry(dict ? size_t(codes[i]) : i);
  }
  void push(std::string_view s) {
    if (dict) {
      push_code(s);
      return;
    }
    if (width) {
      push_fixed(s);
      return;
    }
    bytes.append(s);
    offsets.push_back(bytes.size());
  }
  size_t size() const { return width ? bytes.size() / width : dict ? codes.size() : offsets.size() - 1; }
  // An empty column starts (or stays) fixed at `w` bytes a row.
  void start_fixed(uint32_t w);
  size_t entries() const { return offsets.size() - 1; }
  // An empty column starts (or stays) a dictionary.
  void start_dict();
  // Rewrites a dictionary or a fixed column as plain rows (same values).
  void to_plain();
  // Keeps the first n rows.
  void truncate(size_t n);
  // The entry of `s`, added when new; -1 when the dictionary is full (nothing added).
  int find_or_add(std::string_view s);
  // A dictionary with o's entries and no rows.
  static StringData entries_of(const StringData& o);

 private:
  void push_code(std::string_view s);
  void push_fixed(std::string_view s);
  std::vector<uint16_t> slots_;  // open addressing over the entries (code + 1; 0 = empty)
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
