// Loads an export (CSV now, .xlsx through the same interface) into a typed Table, parsing
// every declared column once with its type's parser (runtime/values) and accounting for
// every physical row: used, or rejected with a reason. Nothing is dropped silently.
//
// This header is the contract between the engine and the readers.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "runtime/csv/encoding.h"
#include "runtime/diag/registry.h"
#include "runtime/load/shared_text.h"
#include "runtime/table/table.h"

namespace clue::rt {

// One declared field of a source's schema, as the loader needs it.
struct ColumnSpec {
  std::string name;                  // the field's name in the model
  Logical type = Logical::Text;
  std::vector<std::string> headers;  // one column, or (longitude, latitude) for geo
  bool optional = false;             // an empty cell is expected: null, not reported
  bool required = false;             // an empty or invalid value rejects the whole row
  std::string datum = "WGS-84";      // geo: WGS-84, GCJ-02 or BD-09 (converted to WGS-84)
  bool allow_wan = false;            // money/decimal: accept 1.2万
  std::vector<std::string> true_words, false_words;  // bool: override the defaults
  // Parse later, only for the rows that need it (Table::deferred): the model only prints this
  // field. Honoured for UTF-8 CSV files (a transcoded or xlsx input is parsed whole at load);
  // ignored for required fields, which decide whether a row is used.
  bool deferred = false;
  // A local mapping's rewriting of the cells before parsing (runtime/values/cell_rewrite.h):
  // cell text -> the schema's word (Y -> 是), and "DMY"/"MDY" for dates with the year last.
  std::vector<std::pair<std::string, std::string>> value_map;
  std::string date_order;
  // A text column holding the cell as exported, untrimmed and unfolded (NULL when empty or not
  // UTF-8), never reported: `clue ingest` keeps the raw text of key fields beside their
  // normal form (_clue_raw_<field>) with a second spec on the same header. Its problems are the
  // normalised field's, which reads the same cell and reports them. Type must be Text.
  bool verbatim = false;
};

struct LoadSpec {
  std::string source;  // source name in the model (for messages and the table)
  std::string path;
  std::vector<ColumnSpec> columns;
  std::string encoding = "auto";  // auto | utf-8 | gb18030
  int threads = 1;                // parse in parallel over record-aligned chunks
  std::string sheet;              // xlsx: sheet name (empty = first sheet)
  // Added by the loader:
  char delimiter = 0;             // CSV: 0 = detect among , \t |
  int64_t header_line = 0;        // 0 = detect (match the declared headers); > 0 = that line/row
  size_t min_chunk_bytes = size_t{1} << 16;  // parallel: no chunk smaller than this
  // Progress for a terminal: rows parsed so far, added to every few thousand rows (CSV).
  std::atomic<uint64_t>* progress_rows = nullptr;
  // When set, receives every byte of the file, in order, exactly once (the run hashes its
  // inputs with it). A UTF-8 CSV read by one cursor hands each stretch over right after
  // parsing it, while it is still in cache; otherwise the file is handed over after loading.
  std::function<void(std::string_view)> file_bytes;
  // Set when file_bytes only queues the bytes for another thread (io::HashThread): then only
  // stretches of a UTF-8 file read in place by one cursor are handed over (the receiver reads
  // the rest of the file itself), each must stay mapped until bytes_taken() (bytes consumed
  // from the file's start) passes it, and the loader waits with wait_taken(n) for all of them
  // before it unmaps the file.
  std::function<uint64_t()> bytes_taken;
  std::function<void(uint64_t)> wait_taken;
  // A streamed probe side (docs/engine.md, "A streamed probe side"): with keep_rows set, a
  // UTF-8 CSV file is parsed in record-aligned pieces of about piece_bytes, `threads` pieces at
  // a time; each piece, once parsed, is handed to keep_rows (in file order, on the calling
  // thread) as a table of its rows (typed columns, lines, record offsets), and only the rows
  // it returns (ascending positions in the piece) stay in the result. Every row is still
  // counted, rejected and reported as without it: LoadStats, rejects and warnings are those of
  // the whole file; LoadResult::row_hash and row_hash_line cover every used row (duplicates).
  // keep_rows may be called again for the same piece index (a speculative cut fell inside a
  // quoted field and the file is read again): it must return the same rows. It may move the
  // piece's vectors about (to index its columns as the plan does) but must put them back.
  std::function<std::vector<uint32_t>(Table& piece, size_t index)> keep_rows;
  size_t piece_bytes = size_t{64} << 20;
  // Told the bytes of parsed pieces held at once (the memory budget accounts them).
  std::function<void(int64_t)> account;
};

// One reported problem with a row or a value: it goes to rejects.csv.
// Everything but `raw` is the same for every reject of a column and reason, so it is
// SharedText: value rejects refer to the load's texts and the static message tables instead
// of copying them (a run can have hundreds of thousands of rejects).
struct RejectRecord {
  SharedText source;
  SharedText path;
  uint64_t line = 0;       // physical line (CSV) or sheet row (xlsx), 1-based
  SharedText column;       // header of the offending column, empty for the whole row
  std::string raw;         // the raw value (or row), truncated to 200 bytes
  SharedText code;         // stable reason code: C0101 (row), V0103 (value), ...
  SharedText reason_en, reason_zh;
  bool row_rejected = false;  // true: the row was not used; false: the value became null
};
// A growing std::vector<RejectRecord> moves its elements only if moving cannot throw; it
// would copy them otherwise.
static_assert(std::is_nothrow_move_constructible_v<RejectRecord>);

struct LoadStats {
  uint64_t rows_read = 0;      // physical data rows seen (after header, not blank lines)
  uint64_t rows_used = 0;      // rows in the table
  uint64_t rows_rejected = 0;  // rows not used, each with a RejectRecord
  uint64_t blank_lines = 0;
  uint64_t trailer_rows = 0;   // 合计 rows (counted as rejected, with a reason)
  std::string encoding;        // as detected ("UTF-8"; "UTF-8 + GB18030: lines 847-859")
  char delimiter = ',';
  uint64_t header_line = 0;
  // Per column: nulls by reason code ("empty" for empty cells).
  std::map<std::string, std::map<std::string, uint64_t>> nulls;
  // Added by the loader (not rows: never in rows_read):
  uint64_t empty_rows = 0;     // records of only delimiters/spaces (",,,,"), empty xlsx rows
  uint64_t title_rows = 0;     // non-empty records above the header
  uint64_t encoding_fallback_rows = 0;  // UTF-8 file, row decoded as GB18030 (see warnings)
  // Physical lines not in the file's encoding: GB18030 lines of a UTF-8 file (C0302), UTF-8
  // lines of a GB18030 file (C0304). When not 0, `encoding` names both and where they are.
  uint64_t encoding_fallback_lines = 0;
  // Rows that repeat an earlier row of the source byte for byte (find_duplicate_rows), and the
  // first of them: its line and the line it repeats (file labels when a source has several).
  uint64_t duplicate_rows = 0;
  std::string first_duplicate_line, first_duplicate_of;
  bool balanced() const { return rows_read == rows_used + rows_rejected; }
};

// Something the user should know that lost nothing (duplicate unused header, a row decoded
// with the GB18030 fallback, a header-only file).
struct LoadWarning {
  std::string code;  // C03xx
  uint64_t line = 0;
  std::string message_en, message_zh;
  std::string path;  // the file (set when a source has several)
};

// A 128-bit hash of one row as the file wrote it (CSV: the record's bytes without its line
// end; xlsx: the cells' texts), to find rows an export repeats byte for byte. 128 bits so that
// two different rows never pass for one (a collision among 10^9 rows: about 10^-21).
struct RowHash {
  uint64_t lo = 0, hi = 0;
  bool operator==(const RowHash& o) const { return lo == o.lo && hi == o.hi; }
  bool operator<(const RowHash& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
};
RowHash row_hash(std::string_view raw);

struct LoadResult {
  bool ok = false;  // false: a file-level error (missing file or column, bad encoding...)
  std::string error_code, error_en, error_zh;  // when !ok
  uint64_t error_line = 0;
  Table table;
  LoadStats stats;
  std::vector<RejectRecord> rejects;  // in file order
  std::vector<LoadWarning> warnings;  // in file order
  std::vector<std::string> header;    // the header row's cells as written (when it was found)
  std::vector<RowHash> row_hash;      // per table row (see RowHash; cleared once duplicates are counted)
  // With LoadSpec::keep_rows: row_hash has one entry per used row of the file (not only the
  // rows kept), and this the line of each (for naming the first repeat).
  std::vector<uint64_t> row_hash_line;
  uint64_t pieces = 0;                // with keep_rows: the pieces the file was parsed in
};

// Rows of a loaded source that repeat an earlier row byte for byte (docs/running.md, "Rows an
// export repeats"). With `drop` (the source is declared `distinct`) the repeats leave the table
// and become rejects (L0203, naming the line they repeat), so the accounting still balances;
// without, they are only counted. Either way the count goes to stats.duplicate_rows and the
// first repeat to stats.first_duplicate_line / first_duplicate_of. Frees row_hash.
void find_duplicate_rows(LoadResult& r, bool drop);

// Reads a .csv/.tsv/.txt (or .xlsx when the extension says so) into a typed table.
// A file error that stops reading part way (unterminated quote, over-long record, broken
// xlsx) gives ok = false *and* the table, stats and rejects of everything before it, with
// the failing record rejected, so the accounting still balances.
LoadResult load_table(const LoadSpec& spec);

// One source read from several files (docs/running.md, "Several files for one source"): the
// files' loads, each complete and without deferred columns, as one table whose rows are
// each file's rows in turn, `labels[k]` naming file k in provenance (Table::part). Stats are
// summed, rejects and warnings kept in file order, each naming its file. The tables and
// rejects are moved out of `parts`; their stats and warnings stay for per-file accounting.
// Precondition: every part is ok and has the same columns.
LoadResult merge_loads(std::vector<LoadResult>& parts, const std::vector<std::string>& paths,
                       const std::vector<std::string>& labels);

// The first difference between two files' headers as sets of normalised names (order and
// empty cells do not matter): a name in `a` and not in `b` (`only_in_a` true), or the reverse.
// Empty when they hold the same columns.
struct HeaderDifference {
  std::string name;
  bool only_in_a = false;
  bool any() const { return !name.empty(); }
};
HeaderDifference compare_headers(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Roughly how many rows the CSV file at `path` has (from the line ends in its first 64 KB and
// its size; about 5 % high), without reading it: 0 for xlsx or an unreadable file.
uint64_t estimate_file_rows(const std::string& path);

// A workbook by its extension (.xlsx, .xlsm, any case): what load_table reads as xlsx.
bool is_xlsx_file(const std::string& path);

// An encoding's name as LoadSpec::encoding and a mapping write it (auto, utf-8, gb18030 and
// its aliases gbk/gb2312/cp936, utf-16/utf-16le/utf-16be; case, '-' and '_' ignored).
bool parse_encoding(const std::string& name, csv::Encoding& out);

// CSV bytes in memory (tests, fuzzing); spec.path is used in messages only.
LoadResult load_csv_bytes(const LoadSpec& spec, std::string_view bytes);

// What parsing deferred columns found, for the run's rejects and null counts: values that
// failed to parse in the rows the model printed. Taking it clears it.
struct DeferredReport {
  std::vector<RejectRecord> rejects;  // in file order
  std::map<std::string, std::map<std::string, uint64_t>> nulls;  // as LoadStats::nulls
  uint64_t rows_parsed = 0;  // distinct rows whose deferred columns were parsed
};
DeferredReport take_deferred_report(Table& t);
// A caller that moves the loaded table's columns (plan column k to table column
// field_of_plan[k], of `width` in all) tells the deferred parser about it.
void reorder_deferred(Table& t, const std::vector<size_t>& field_of_plan, size_t width);

// The loader's own reason codes (beside C0xxx from the CSV layer and V0xxx from values), the
// CLUE_LOAD rows of runtime/diag/codes.def:
//   L0001 a required field is empty (the row is rejected)
//   L0101 the LoadSpec itself is invalid (unknown encoding or datum, geo without 2 headers)
//   L0201 the workbook cannot be opened, L0202 reading the sheet failed part way
enum class LoadError : std::uint8_t {
#define CLUE_LOAD(code, name, severity, en, zh, hint_en, hint_zh) name,
#include "runtime/diag/codes.def"
};
// Its code and texts ("{}" filled in order), in static storage.
const diag::CodeInfo& load_error(LoadError e) noexcept;

}  // namespace clue::rt
