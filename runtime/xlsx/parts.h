// The small parts of an .xlsx around the sheet (private to the xlsx reader): package and
// workbook relationships, the workbook (sheet names), styles (which cell styles are dates),
// and the shared strings table. Everything except the shared strings is small and parsed
// with pugixml; the shared strings can be large and are streamed with XmlPull into one arena.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/xlsx/xml_pull.h"

namespace clue::xlsx::detail {

// Longest string value kept (a shared string or a cell's text). Excel's own limit is 32767
// characters; this only stops a damaged or hostile file from using unbounded memory.
inline constexpr size_t kMaxTextBytes = 16u << 20;

// A failure while streaming a part, in terms both message languages can use.
struct StreamFault {
  XmlPull::Fault fault = XmlPull::Fault::None;
  std::string detail;   // English
  uint64_t offset = 0;  // byte offset in the part's XML
};

// English and Chinese phrases for a stream fault ("is truncated" / "被截断" ...).
std::string fault_en(const StreamFault& f);
std::string fault_zh(const StreamFault& f);

class SharedStrings {
 public:
  size_t size() const { return offsets_.size() - 1; }
  std::string_view get(size_t i) const {
    return std::string_view(arena_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  size_t bytes() const { return arena_.capacity() + offsets_.capacity() * sizeof(uint64_t); }

 private:
  friend bool read_shared_strings(ByteSource&, size_t, SharedStrings&, StreamFault&);
  std::string arena_;
  std::vector<uint64_t> offsets_{0};
};

// Streams sharedStrings.xml: one string per <si>, the <t> texts of its runs concatenated
// (phonetic <rPh> runs left out), entities and _xHHHH_ escapes decoded.
bool read_shared_strings(ByteSource& src, size_t chunk, SharedStrings& out, StreamFault& fault);

struct Styles {
  std::vector<bool> date_xf;  // per cellXfs index: its number format is a date/time format
  bool is_date(uint64_t s) const { return s < date_xf.size() && date_xf[s]; }
};

// Built-in number formats that are dates or times: 14-22, 27-36, 45-47, 50-58.
bool is_builtin_date_format(uint32_t id);
// A custom format code is a date/time format when it has y, m, d, h or s outside quoted
// text, [brackets] (colours, locales, elapsed-time counters) and \ _ * escapes.
bool is_date_format_code(std::string_view code);
bool parse_styles(const std::string& xml, Styles& out, std::string& detail);

struct Relationship {
  std::string id, type, target;  // target already resolved to a zip entry name
  bool external = false;
};

// Resolves a relationship target against the folder of the part that holds it ("xl/"):
// handles absolute targets ("/xl/worksheets/sheet1.xml"), "./" and "../", and %XX escapes.
std::string resolve_target(std::string_view base_dir, std::string_view target);
// Parses a .rels part; targets are resolved against base_dir.
bool parse_rels(const std::string& xml, std::string_view base_dir, std::vector<Relationship>& out,
                std::string& detail);
// The relationship whose type ends with "/<suffix>" (e.g. "officeDocument"), or null.
const Relationship* find_rel_by_type(const std::vector<Relationship>& rels, std::string_view suffix);

struct SheetEntry {
  std::string name;
  std::string rel_id;
  std::string part;  // zip entry name (empty when its relationship is missing)
  std::string kind;  // relationship type suffix: worksheet, chartsheet, dialogsheet, ...
  bool hidden = false;
};

struct WorkbookInfo {
  std::vector<SheetEntry> sheets;  // in workbook order
  bool date1904 = false;
};

bool parse_workbook(const std::string& xml, WorkbookInfo& out, std::string& detail);

}  // namespace clue::xlsx::detail
