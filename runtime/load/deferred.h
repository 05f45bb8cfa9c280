// Internal to runtime/load: the CSV loader's DeferredColumns. It keeps the file open (its
// mapping; pages the loader released are read again from the page cache) and re-reads the
// records of the rows asked for, with the same cursor, encoding fallback and value parsers as
// the load, so a deferred value is exactly what an eager load would have produced.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>

#include "runtime/csv/reader.h"
#include "runtime/load/builder.h"

namespace clue::rt::load_detail {

class CsvDeferred final : public DeferredColumns {
 public:
  // `plan`'s ColumnSpecs are copied: the LoadSpec need not outlive the table.
  CsvDeferred(std::shared_ptr<csv::CsvFile> file, const Plan& plan, const std::string& path);
  ~CsvDeferred() override;

  std::vector<Column> fetch(const Table& t, const std::vector<int64_t>& rows, const std::vector<int>& columns,
                            int threads = 1) override;

  // Table column index -> plan column; the loader's table has them in plan order, a caller
  // that reorders the table's columns reorders this with them.
  std::vector<int>& plan_of_column() { return plan_of_column_; }
  DeferredReport take_report();

 private:
  // What parsing a record's fields left to report: a cell that was not a value, in order.
  struct Pending {
    uint64_t id;       // the record's offset
    int plan_col;
    CellResult res;
    std::optional<RejectRecord> reject;  // for an Error
  };
  // One thread's share of a fetch: its rows' columns, record ids and what to report.
  struct PartOut {
    std::vector<Column> cols;
    std::vector<uint64_t> ids;
    std::vector<Pending> pending;
  };
  // A thread's reading state: the block read, the record, its cursor, and read_record's
  // buffer and window for a record read on its own.
  struct Fetcher {
    PartOut* out = nullptr;
    std::string block, buf;
    csv::Record rec;
    std::optional<csv::RowCursor> cur;
    size_t window = 1024;
  };
  size_t extent(const Table& t, size_t row) const;
  void read_block(const Table& t, const std::vector<int64_t>& rows, size_t b, size_t e,
                  const std::vector<int>& plan_cols, Fetcher& f);
  // `window`: the bytes to read first; raised to fit the records read so far.
  void read_record(size_t offset, uint64_t line, csv::Record& rec, std::optional<csv::RowCursor>& cur,
                   std::string& buf, size_t& window);
  void parse_record(const Table& t, const csv::Record& rec, size_t r, const std::vector<int>& plan_cols,
                    std::vector<Column>& out, std::vector<Pending>& pending) const;
  void account(const std::vector<uint64_t>& ids, const std::vector<Pending>& pending);
  void release_mapping();

  int fd_ = -1;                 // the file, read with pread (-1: read the mapping)
  int64_t file_offset_ = -1;    // file offset of the data text
  std::string buf_;             // the window read with pread
  std::shared_ptr<csv::CsvFile> file_;
  std::vector<ColumnSpec> specs_;
  Plan plan_;
  std::vector<int> plan_of_column_;
  std::mutex mu_;
  DeferredReport report_;
  // A record's extent is read with it up to this size (longer ones: read_record's window).
  static constexpr size_t kMaxExtent = size_t{64} << 10;
  // Records at most this far apart share a read, of at most kMaxBlock bytes.
  static constexpr size_t kMaxGap = size_t{8} << 10;
  static constexpr size_t kMaxBlock = size_t{256} << 10;
  // Rows parsed before the text columns' bytes are reserved from what they took so far.
  static constexpr size_t kSampleRows = 256;
  std::set<std::pair<uint64_t, int>> reported_;  // (record offset, plan column) already reported
  std::unordered_set<uint64_t> rows_seen_;
};

}  // namespace clue::rt::load_detail
