// Internal to runtime/load: turns the cells of one row into typed column values, with the
// value rules of loader.h (empty -> null, invalid -> null + reject, required -> row reject)
// and the per-column null counters. Shared by the CSV path (loader.cpp, one builder per
// chunk) and the xlsx path (load_xlsx.cpp).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/values/cell_rewrite.h"
#include "runtime/load/loader.h"
#include "runtime/values/boolean.h"
#include "runtime/values/decimal.h"
#include "runtime/values/geo.h"
#include "runtime/values/value_errors.h"

namespace clue::rt::load_detail {

// How one declared column is read: which input cells (index into the expected-header list
// handed to the reader), and the parser options, built once per load.
struct ColumnPlan {
  const ColumnSpec* spec = nullptr;
  Logical type = Logical::Text;
  int slot = -1, slot2 = -1;      // input cells; slot2 = latitude (geo only)
  SharedText header, header2;     // the headers as written in the file (for rejects)
  values::DecimalOptions dec;
  values::BoolSpec bools;
  values::Datum datum = values::Datum::WGS84;
  bool deferred = false;          // not parsed at load (see ColumnSpec::deferred)
  bool verbatim = false;          // the cell as exported (ColumnSpec::verbatim)
  // The local mapping's rewriting of cells (shared: the plan is copied per chunk), or null.
  std::shared_ptr<const values::CellRewrite> rewrite;
};

struct Plan {
  SharedText source, path;  // every reject of the load shares these (and the headers)
  std::vector<ColumnPlan> cols;
  std::vector<std::string> expected;  // distinct headers, the readers' projection order

  // A copy whose reject texts (source, path, headers) are allocations of its own, for a
  // reader on its own thread: see SharedText::fresh_copy.
  Plan with_own_texts() const;
};

// Builds the plan; false (with *code and messages) when the spec itself is invalid.
bool make_plan(const LoadSpec& spec, Plan& plan, LoadResult& err);

// Outcome of one cell. Slot 0 of the null counters is "empty", slot k is ValueError(k).
inline constexpr int kNullSlots = values::kValueErrorCount + 1;
struct CellResult {
  enum State : uint8_t { Ok, Empty, Error } state = Ok;
  values::ValueError error = values::ValueError::None;
  static CellResult ok() { return {}; }
  static CellResult empty() { return {Empty, values::ValueError::None}; }
  static CellResult fail(values::ValueError e) { return {Error, e}; }
};

// Parses `text` (lat: second cell, geo only) and pushes the value or a null onto `col`.
// `valid_utf8` lets text columns skip re-validation (the CSV layer rejects invalid rows).
CellResult push_cell(const ColumnPlan& p, Column& col, std::string_view text, std::string_view lat,
                     bool valid_utf8);

// Typed pushes (no parsing), for readers that already have the value (xlsx numbers).
void push_i64(Column& c, int64_t v);
void push_i32(Column& c, int32_t v);
void push_str(Column& c, std::string_view v);

// Removes rows >= n (undoes a partly built row).
void truncate_column(Column& c, size_t n);

// Everything one reader (a chunk, or a whole xlsx sheet) produced, in its own order.
struct Part {
  std::vector<Column> cols;
  std::vector<uint64_t> lines;
  std::vector<uint64_t> offsets;    // record offsets in the data text (with deferred columns)
  std::vector<RowHash> hashes;      // per kept row (loader.h, RowHash)
  std::vector<RejectRecord> rejects;
  std::vector<LoadWarning> warnings;
  std::vector<std::array<uint64_t, kNullSlots>> nulls;  // per column
  uint64_t rows_read = 0;           // rows the builder saw (delivered by the reader)
  uint64_t value_row_rejects = 0;   // rows rejected for a required column
};

// Row-at-a-time builder over a Part. Usage per row:
//   b.begin_row();  for each column j: b.cell(j, push_cell(...), raw);  b.end_row(line, raw_row);
class RowBuilder {
 public:
  // Takes a copy of the plan with its own reject texts (Plan::with_own_texts): the CSV
  // loader runs one builder per chunk, each on its own thread.
  RowBuilder(const Plan& plan, Part& part);
  void reserve(size_t rows);
  // Inline, with end_row's common case (every cell parsed): they run for every input row.
  void begin_row() {
    row_start_ = part_.lines.size();
    required_failed_ = -1;
    events_.clear();
    ++part_.rows_read;
  }
  // Records the outcome of column j (already pushed onto part.cols[j]); raw = the cell text.
  void cell(size_t j, CellResult r, std::string_view raw, std::string_view raw2 = {}) {
    if (r.state != CellResult::Ok) note(j, r, raw, raw2);
  }
  // Keeps the row, or rolls it back and rejects it (required column). True if kept.
  bool end_row(uint64_t line) {
    if (events_.empty()) {
      part_.lines.push_back(line);
      return true;
    }
    return end_row_with_events(line);
  }
  // Estimates string bytes per row after a first sample and reserves for `rows` in total.
  void reserve_strings(size_t rows);

 private:
  struct Event {
    uint32_t col;
    CellResult r;
    std::string_view raw, raw2;
  };
  void note(size_t j, CellResult r, std::string_view raw, std::string_view raw2);
  bool end_row_with_events(uint64_t line);
  const Plan plan_;
  Part& part_;
  size_t row_start_ = 0;
  int required_failed_ = -1;  // index into events_
  std::vector<Event> events_;
};

RejectRecord make_value_reject(const Plan& plan, size_t j, const CellResult& r, std::string_view raw,
                               std::string_view raw2, uint64_t line, bool row_rejected);

// Adds the part's null counters to stats.nulls (by column name and code).
void add_nulls(const Plan& plan, const Part& part, LoadStats& stats);

void set_error(LoadResult& res, const std::string& code, const std::string& en, const std::string& zh,
               uint64_t line = 0);
// Fills "{}" placeholders in order (diag::format).
std::string fill(std::string_view tmpl, std::initializer_list<std::string_view> args);

}  // namespace clue::rt::load_detail

namespace clue::rt {
// Defined in load_xlsx.cpp.
LoadResult load_xlsx(const LoadSpec& spec);
}  // namespace clue::rt
