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

// The bytes of row `row`'s record and what may follow it up to the next record: the load's
// rows are in file order, so the next row's record starts after this one ends (blank lines,
// empty and rejected records may lie between). 0 when that bound is unknown or too far to be
// worth reading (a table whose rows are not in file order, a record of more than kMaxExtent).
// A wrong bound costs only speed: read_block checks that the record ended inside it.
size_t CsvDeferred::extent(const Table& t, size_t row) const {
  const uint64_t at = t.offset[row];
  const uint64_t next = row + 1 < t.offset.size() ? t.offset[row + 1] : file_->data_text().size();
  return next > at && next - at <= kMaxExtent ? size_t(next - at) : 0;
}

// Parses rows[b, e) whose records lie in one block of the file: one pread for all of them,
// then a cursor over each record's own bytes (its extent), so nothing but those records is
// tokenised or validated. A record that did not end inside its extent (a bound that was not
// one) is read again on its own.
void CsvDeferred::read_block(const Table& t, const std::vector<int64_t>& rows, size_t b, size_t e,
                             const std::vector<int>& plan_cols, Fetcher& f) {
  const std::string_view data = file_->data_text();
  const size_t first = size_t(t.offset[size_t(rows[b])]);
  const size_t last = size_t(rows[e - 1]);
  const size_t end = size_t(t.offset[last]) + extent(t, last);
  std::string_view block = data.substr(first, end - first);
  if (fd_ >= 0) {
    // The buffer only grows (resizing a string zero-fills it: 7 % of a fetch when every block
    // was resized to its own size).
    const size_t size = end - first;
    if (f.block.size() < size) f.block.resize(std::max(size, 2 * f.block.size()));
    size_t got = 0;
    while (got < size) {
      const ssize_t n = ::pread(fd_, f.block.data() + got, size - got, off_t(file_offset_ + int64_t(first + got)));
      if (n <= 0) throw std::runtime_error("cannot read '" + plan_.path.str() + "' again: " + (n < 0 ? std::strerror(errno) : "file shrank"));
      got += size_t(n);
    }
    block = std::string_view(f.block.data(), size);
  }
  for (size_t i = b; i < e; ++i) {
    const size_t row = size_t(rows[i]);
    const size_t at = size_t(t.offset[row]);
    const std::string_view text = block.substr(at - first, extent(t, row));
    f.cur.emplace(text, t.line[row], file_->policy());
    const bool complete = f.cur->next(f.rec) && f.rec.line == t.line[row] && f.rec.raw.data() == text.data() &&
                          (at + text.size() == data.size() || f.rec.raw.data() + f.rec.raw.size() < text.data() + text.size());
    if (!complete) read_record(at, t.line[row], f.rec, f.cur, f.buf, f.window);
    f.out->ids.push_back(t.offset[row]);
    parse_record(t, f.rec, row, plan_cols, f.out->cols, f.out->pending);
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
  // Records are read in blocks: neighbours whose gap is at most kMaxGap bytes share one pread
  // (a read costs a few microseconds, about as much as copying 10 KB), up to kMaxBlock bytes
  // (the block is parsed while it is in cache). Rows far apart cost a read each; dense rows
  // (most rows are leads, or a late field read before the rows got few) read the file once,
  // in order, and tokenise only the records asked for. In contiguous ranges of rows, one a
  // thread (each with its own buffer and cursor), whose columns are appended and whose reports
  // are counted in range order.
  const size_t parts = threads > 1 && rows.size() >= 2 * kMinRowsPerThread
                           ? std::min<size_t>(size_t(threads), rows.size() / kMinRowsPerThread)
                           : 1;
  std::vector<PartOut> part(parts);
  rt::parallel_for_each(parts, [&](size_t p) {
    const size_t b = rows.size() * p / parts, e = rows.size() * (p + 1) / parts;
    PartOut& po = part[p];
    // The text columns' bytes are reserved once instead of grown by doubling (each doubling
    // faults in fresh pages and copies what was there): after the first kSampleRows rows, each
    // column's share of the records' bytes so far times all the records' (known extents).
    // Reserving every column the records' whole size raised due_claims' peak (1 M) 235 -> 241 MB.
    size_t bytes = 0, seen = 0;
    for (size_t i = b; i < e; ++i) bytes += extent(t, size_t(rows[i]));
    for (int j : plan_cols) {
      po.cols.push_back(Column::make(plan_.cols[size_t(j)].type));
      po.cols.back().reserve(e - b);
    }
    bool reserved = e - b <= kSampleRows;
    auto reserve_text = [&](size_t done) {
      if (reserved || done < kSampleRows || seen == 0) return;
      reserved = true;
      for (Column& c : po.cols)
        if (c.phys == Phys::Str && !c.str.dict && !c.str.width)
          c.str.bytes.reserve(size_t(double(c.str.bytes.size()) * double(bytes) / double(seen) * 1.1) + 4096);
    };
    po.ids.reserve(e - b);
    Fetcher f;
    f.out = &po;
    if (p == 0) f.buf = std::move(buf_);
    for (size_t i = b; i < e;) {
      const size_t row = size_t(rows[i]);
      const size_t at = size_t(t.offset[row]);
      size_t ext = extent(t, row);
      if (ext == 0) {  // no bound: read it on its own, in a growing window
        read_record(at, t.line[row], f.rec, f.cur, f.buf, f.window);
        po.ids.push_back(t.offset[row]);
        parse_record(t, f.rec, row, plan_cols, po.cols, po.pending);
        ++i;
        continue;
      }
      size_t k = i + 1, end = at + ext;
      for (; k < e; ++k) {
        const size_t r = size_t(rows[k]);
        const size_t a = size_t(t.offset[r]), x = extent(t, r);
        if (x == 0 || a < end || a - end > kMaxGap || a + x - at > kMaxBlock) break;
        end = a + x;
        seen += x;
      }
      seen += ext;
      read_block(t, rows, i, k, plan_cols, f);
      i = k;
      reserve_text(k - b);
    }
    if (p == 0) buf_ = std::move(f.buf);
  });
  for (PartOut& po : part) {
    for (size_t k = 0; k < out.size(); ++k) {
      if (parts == 1) {
        out[k] = std::move(po.cols[k]);
      } else {
        if (&po == &part[0]) {
          out[k].reserve(rows.size());
          size_t bytes = 0;
          for (const PartOut& q : part) bytes += q.cols[k].str.bytes.size();
          if (!out[k].str.dict && !out[k].str.width) out[k].str.bytes.reserve(bytes);
        }
        out[k].append(po.cols[k]);
      }
    }
    account(po.ids, po.pending);
  }
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
