#include "runtime/load/deferred.h"

#include <bit>

#include "runtime/table/parallel.h"

#include <algorithm>
#include <cstdint>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace clue::rt {
namespace load_detail {
namespace {
// Below this many rows a range, reading rows on another thread costs more than it saves.
constexpr size_t kMinRowsPerThread = 2048;
}  // namespace

CsvDeferred::~CsvDeferred() {
  if (fd_ >= 0) ::close(fd_);
}

// Drops the mapped pages before `p` (a sequential fetch keeps only a window resident); from
// `from` on only: a range read on one thread drops its own pages, not another range's.
void CsvDeferred::release_before(const char* p, const char* from) {
#ifdef __linux__
  const std::string_view data = file_->data_text();
  const uintptr_t begin = (uintptr_t(from ? from : data.data()) + 4095) & ~uintptr_t(4095);
  const uintptr_t end = uintptr_t(p) & ~uintptr_t(4095);
  if (fd_ >= 0 && end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#else
  (void)p;
  (void)from;
#endif
}

// The loader released the pages behind it as it went, but not the last few MB of each chunk.
void CsvDeferred::release_mapping() {
#ifdef __linux__
  const std::string_view data = file_->data_text();
  const uintptr_t begin = (uintptr_t(data.data()) + 4095) & ~uintptr_t(4095);
  const uintptr_t end = (uintptr_t(data.data()) + data.size()) & ~uintptr_t(4095);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#endif
}

CsvDeferred::CsvDeferred(std::shared_ptr<csv::CsvFile> file, const Plan& plan, const std::string& path)
    : file_(std::move(file)), plan_(plan) {
  // From here on the file is read a record at a time, with pread into a small buffer: a
  // fault on the mapping would make a whole large folio (up to 2 MB) of the page cache
  // resident, and a few thousand leads would pin a hundred MB of the file.
  file_offset_ = file_->data_file_offset();
  if (!path.empty() && file_offset_ >= 0) fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ >= 0) release_mapping();
  specs_.reserve(plan_.cols.size());
  for (const ColumnPlan& p : plan_.cols) specs_.push_back(*p.spec);
  for (size_t j = 0; j < plan_.cols.size(); ++j) plan_.cols[j].spec = &specs_[j];
  plan_of_column_.resize(plan_.cols.size());
  for (size_t j = 0; j < plan_of_column_.size(); ++j) plan_of_column_[j] = int(j);
}

// The record is read again exactly as the load read it: the same cursor (empty-row, encoding
// fallback, trailer and field-count rules), which delivered it then. The cursor sees a window
// of the text that grows until it holds the whole record: a cursor validates and indexes
// ahead, and over the rest of a 300 MB file that would touch (and make resident) far more
// than the one record.
// `cur` holds the cursor afterwards: fields with "" escapes or decoded by the GB18030 fallback
// live in it (and in buf_), so they are valid until the next call.
// The first window is 1 KB, or a power of two above the longest record read so far: a
// judgment's 1.2 KB of text read through a 1 KB window, then a 16 KB one, cost a cursor over
// a cut record (taken for GB18030 at the cut character) and 16 KB of pread and validation per
// row (credit_card_lending's late 正文: 21 % of its CPU in find_invalid_utf8).
void CsvDeferred::read_record(size_t offset, uint64_t line, csv::Record& rec, std::optional<csv::RowCursor>& cur,
                              std::string& buf_, size_t& first_window) {
  const std::string_view data = file_->data_text();
  for (size_t window = first_window;; window *= 4) {
    const size_t end = std::min(data.size(), offset + window);
    std::string_view text = data.substr(offset, end - offset);
    if (fd_ >= 0) {
      buf_.resize(end - offset);
      size_t got = 0;
      while (got < buf_.size()) {
        const ssize_t n = ::pread(fd_, buf_.data() + got, buf_.size() - got, off_t(file_offset_ + int64_t(offset + got)));
        if (n <= 0) throw std::runtime_error("cannot read '" + plan_.path.str() + "' again: " + (n < 0 ? std::strerror(errno) : "file shrank"));
        got += size_t(n);
      }
      text = buf_;
    }
    cur.emplace(text, line, file_->policy());
    const bool got = cur->next(rec) && rec.line == line;
    // Complete when its line end is inside the window (raw excludes the terminator).
    if (got && (end == data.size() || rec.raw.data() + rec.raw.size() < text.data() + text.size())) {
      first_window = std::max(first_window, std::bit_ceil(rec.raw.size() + 64));
      return;
    }
    if (end == data.size())
      throw std::logic_error("deferred fetch: the record of line " + std::to_string(line) +
                             " cannot be read again");
  }
}

// Parses the asked-for fields of one record into `out`; what is not a value goes to `pending`
// (a reject is built here, while the record's text is at hand). No shared state is touched,
// so ranges of rows can be parsed on several threads.
void CsvDeferred::parse_record(const Table& t, const csv::Record& rec, size_t r, const std::vector<int>& plan_cols,
                               std::vector<Column>& out, std::vector<Pending>& pending) const {
  // A record is known by its offset: the engine may ask again through a compact copy of the
  // table, whose row numbers differ.
  const uint64_t id = t.offset[r];
  for (size_t k = 0; k < plan_cols.size(); ++k) {
    const ColumnPlan& p = plan_.cols[size_t(plan_cols[k])];
    const std::string_view a = rec.fields[size_t(p.slot)];
    const std::string_view lat = p.slot2 >= 0 ? rec.fields[size_t(p.slot2)] : std::string_view();
    const CellResult res = push_cell(p, out[k], a, lat, true);
    if (res.state == CellResult::Ok) continue;
    Pending e{id, plan_cols[k], res, std::nullopt};
    if (res.state == CellResult::Error)
      e.reject = make_value_reject(plan_, size_t(plan_cols[k]), res, a, lat, t.line[r], false);
    pending.push_back(std::move(e));
  }
}

// Counts the records `ids` (in row order) and reports `pending`, each cell once over every
// fetch of this table: the same bookkeeping whether the rows were parsed on one thread or many.
void CsvDeferred::account(const std::vector<uint64_t>& ids, const std::vector<Pending>& pending) {
  for (uint64_t id : ids)
    if (rows_seen_.insert(id).second) ++report_.rows_parsed;
  for (const Pending& e : pending) {
    if (!reported_.emplace(e.id, e.plan_col).second) continue;  // fetched before
    const ColumnPlan& p = plan_.cols[size_t(e.plan_col)];
    const char* key = e.res.state == CellResult::Empty ? "empty" : values::code(e.res.error);
    if (e.res.state == CellResult::Empty && p.spec->optional) continue;
    report_.nulls[p.spec->name][key] += 1;
    if (e.reject) report_.rejects.push_back(*e.reject);
  }
}

std::vector<Column> CsvDeferred::fetch(const Table& t, const std::vector<int64_t>& rows,
                                       const std::vector<int>& columns, int threads) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int> plan_cols;
  std::vector<Column> out;
  for (int c : columns) {
    const int j = c >= 0 && size_t(c) < plan_of_column_.size() ? plan_of_column_[size_t(c)] : -1;
    if (j < 0) throw std::logic_error("deferred fetch of a column the loader did not defer");
    plan_cols.push_back(j);
    out.push_back(Column::make(plan_.cols[size_t(j)].type));
  }
  // A read per record costs a few microseconds; a sequential pass about a millisecond per
  // 1.5 MB from the first row on. Few rows, or rows far apart, are read one by one; many rows
  // (a late field read before the rows got few, or most rows are leads) in one sequential pass
  // from the first of them, as the load made, parsing only the rows asked for: at most a second
  // tokenising pass, where a read per row would cost far more.
  const std::string_view data = file_->data_text();
  const size_t span = rows.empty() ? 0 : data.size() - size_t(t.offset[size_t(rows[0])]);
  const bool one_by_one = rows.size() <= kRandomReads || rows.size() * kBytesPerRandomRead < span;
  // Either way in contiguous ranges of rows, one a thread (each with its own buffer and
  // cursor; a sequential range starts at its first row, as the whole pass starts at the
  // first), whose columns are appended and whose reports are counted in range order.
  const size_t parts = threads > 1 && rows.size() >= 2 * kMinRowsPerThread
                           ? std::min<size_t>(size_t(threads), rows.size() / kMinRowsPerThread)
                           : 1;
  struct PartOut {
    std::vector<Column> cols;
    std::vector<uint64_t> ids;
    std::vector<Pending> pending;
  };
  std::vector<PartOut> part(parts);
  rt::parallel_for_each(parts, [&](size_t p) {
    const size_t b = rows.size() * p / parts, e = rows.size() * (p + 1) / parts;
    PartOut& po = part[p];
    for (int j : plan_cols) {
      po.cols.push_back(Column::make(plan_.cols[size_t(j)].type));
      po.cols.back().reserve(e - b);
    }
    po.ids.reserve(e - b);
    csv::Record rec;
    if (one_by_one) {
      std::string buf = p == 0 ? std::move(buf_) : std::string();
      std::optional<csv::RowCursor> cur;
      size_t window = 1024;
      for (size_t i = b; i < e; ++i) {
        const size_t row = size_t(rows[i]);
        read_record(size_t(t.offset[row]), t.line[row], rec, cur, buf, window);
        po.ids.push_back(t.offset[row]);
        parse_record(t, rec, row, plan_cols, po.cols, po.pending);
      }
      if (p == 0) buf_ = std::move(buf);
      return;
    }
    if (b == e) return;
    const size_t first = size_t(t.offset[size_t(rows[b])]);
    csv::RowCursor cur(data.substr(first), t.line[size_t(rows[b])], file_->policy());
    size_t k = b;
    while (k < e && cur.next(rec)) {
      const size_t r = size_t(rows[k]);
      const size_t at = first + size_t(rec.raw.data() - (data.data() + first));
      if (at < t.offset[r]) continue;  // a row not asked for
      if (at != t.offset[r] || rec.line != t.line[r])
        throw std::logic_error("deferred fetch: the record of line " + std::to_string(t.line[r]) +
                               " is not where the load found it");
      po.ids.push_back(t.offset[r]);
      parse_record(t, rec, r, plan_cols, po.cols, po.pending);
      ++k;
      // Each range drops the pages behind it within the range (the mapping is read here, and
      // its pages would otherwise stay resident: 160 MB of 终本 for 50 k leads).
      if (((k - b) & 4095) == 0) release_before(rec.raw.data(), data.data() + first);
    }
    if (k < e)
      throw std::logic_error("deferred fetch: the file ended before line " + std::to_string(t.line[size_t(rows[k])]));
  });
  for (PartOut& po : part) {
    for (size_t k = 0; k < out.size(); ++k) {
      if (parts == 1) {
        out[k] = std::move(po.cols[k]);
      } else {
        if (&po == &part[0]) out[k].reserve(rows.size());
        out[k].append(po.cols[k]);
      }
    }
    account(po.ids, po.pending);
  }
  if (!one_by_one && fd_ >= 0) release_mapping();
  return out;
}

DeferredReport CsvDeferred::take_report() {
  std::lock_guard<std::mutex> lock(mu_);
  DeferredReport r = std::move(report_);
  report_ = DeferredReport();
  std::stable_sort(r.rejects.begin(), r.rejects.end(),
                   [](const RejectRecord& a, const RejectRecord& b) { return a.line < b.line; });
  return r;
}

}  // namespace load_detail

DeferredReport take_deferred_report(Table& t) {
  if (auto* d = dynamic_cast<load_detail::CsvDeferred*>(t.deferred.get())) return d->take_report();
  return {};
}

void reorder_deferred(Table& t, const std::vector<size_t>& field_of_plan, size_t width) {
  auto* d = dynamic_cast<load_detail::CsvDeferred*>(t.deferred.get());
  if (!d) return;
  std::vector<int> m(width, -1);
  for (size_t k = 0; k < field_of_plan.size(); ++k)
    if (field_of_plan[k] < width) m[field_of_plan[k]] = int(k);
  d->plan_of_column() = std::move(m);
}

}  // namespace clue::rt
