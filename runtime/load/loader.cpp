// load_table: dispatch on the extension, and the CSV path.
//
// CSV: CsvFile::open finds the encoding, delimiter and header row and projects the declared
// headers; the data region is split into chunks (one when threads == 1) cut at line ends and
// checked to be record-aligned after the parse (read again over exact boundaries if not), each
// parsed by its own RowCursor + RowBuilder into its own columns on its own thread, and the
// parts are appended in chunk order. Rejects and warnings are collected per chunk in the
// order they occur and concatenated the same way, so the result does not depend on the
// number of threads.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "runtime/csv/reader.h"
#include "runtime/csv/scan.h"
#include "runtime/table/parallel.h"
#include "runtime/load/builder.h"
#include "runtime/load/deferred.h"
#include "runtime/table/memory.h"

namespace clue::rt {
namespace {

using namespace load_detail;

std::string lower_ascii(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}


// Runs body(0..count-1): body(0) on the calling thread, the others on their own threads.
// Exceptions on the workers are rethrown here (see runtime/table/parallel.h).
void run_parallel(size_t count, const std::function<void(size_t)>& body) { parallel_for_each(count, body); }

LoadWarning to_warning(const csv::Diagnostic& d) {
  return LoadWarning{std::string(csv::code_id(d.code)), d.line, d.message_en, d.message_zh};
}

// "path: message" unless the message already names the file.
std::string with_path(const std::string& path, const std::string& msg, const char* sep) {
  if (msg.find(path) != std::string::npos) return msg;
  return "'" + path + "'" + sep + msg;
}

// Upper bound-ish estimate of the records in `total` bytes whose first bytes are `sample`,
// from the sample's line ends.
size_t estimate_rows(std::string_view sample, size_t total) {
  size_t lines = 0;
  const char* p = sample.data();
  const char* end = p + sample.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p))))) {
    ++lines;
    ++p;
  }
  if (sample.empty()) return 0;
  return size_t(double(lines + 1) * (double(total) / double(sample.size())) * 1.05) + 16;
}

// Record-aligned chunks without the chunker's pass over every record (csv::split_chunks, which
// tracks the quote state through the whole text, and maps all of it before the parse starts:
// at 1 M rows it cost due_claims 0.4 s of CPU and 150 MB of peak RSS with 2 threads): each cut
// just after the first line end past an even split, assumed to start a record (the loader
// checks it, see load_csv). What a chunk needs besides is its first physical line: the line
// breaks of each piece are counted on its own thread (SIMD), and the pages counted are
// dropped again when `text` is the file's mapping (re-read from the page cache by the parse), so
// the file is never resident whole. A decoded buffer (GB18030) is memory of its own: kept.
std::vector<csv::Chunk> speculative_chunks(std::string_view text, size_t n, uint64_t first_line, bool mapped,
                                           const csv::ParallelFor& pfor) {
  std::vector<csv::Chunk> out;
  if (text.empty()) return out;
  std::vector<size_t> cuts{0};
  for (size_t i = 1; i < n; ++i) {
    const char* e = text.data() + text.size();
    const char* x = csv::scan::find_any3(text.data() + text.size() / n * i, e, '\n', '\r', '\n');
    if (x == e) break;
    if (*x == '\r' && x + 1 < e && x[1] == '\n') ++x;
    const size_t c = size_t(x + 1 - text.data());
    if (c > cuts.back() && c < text.size()) cuts.push_back(c);
  }
  cuts.push_back(text.size());
  const size_t pieces = cuts.size() - 1;
  std::vector<uint64_t> breaks(pieces, 0);
  // The last piece's count is not needed (nothing starts after it).
  pfor(pieces, [&](size_t i) {
    if (i + 1 == pieces) return;
    const char* a = text.data() + cuts[i];
    const char* b = text.data() + cuts[i + 1];
    breaks[i] = csv::scan::count_line_breaks(a, b);
#ifdef __linux__
    const uintptr_t lo = (uintptr_t(a) + 4095) & ~uintptr_t(4095), hi = uintptr_t(b) & ~uintptr_t(4095);
    if (mapped && hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
#endif
  });
  uint64_t line = first_line;
  for (size_t i = 0; i < pieces; ++i) {
    out.push_back({cuts[i], cuts[i + 1], line});
    line += breaks[i];
  }
  return out;
}

// Drops the pages of `text` behind the reader: once a record is parsed, its bytes are never
// read again (values are copied into the columns, rejects copy their raw text), so the
// resident size of a 1 GB input stays at a window instead of the whole file. Works for the
// file mapping (pages are simply re-read from the page cache if ever touched) and for the
// decoded GB18030 buffer; only whole pages strictly inside the chunk are released.
class PageReleaser {
 public:
  explicit PageReleaser(std::string_view text)
      : begin_(uintptr_t(text.data())), end_(uintptr_t(text.data()) + text.size()), next_(align_up(begin_)) {}
  // Everything before `p` is done with.
  void done_before(const char* p) {
#ifdef __linux__
    const uintptr_t a = uintptr_t(p);
    if (a < begin_ || a > end_) return;  // a row decoded elsewhere (GB18030 fallback)
    const uintptr_t e = a & ~(kPage - 1);
    if (e < next_ + kStep) return;
    madvise(reinterpret_cast<void*>(next_), e - next_, MADV_DONTNEED);
    next_ = e;
#else
    (void)p;
#endif
  }
  // The whole chunk is done with: its last stretch (under kStep) too. For the pieces of a
  // streamed file, where those stretches would add up (105 pieces of 民事 at 20 M: up to 8 MB
  // each, resident until the run ends, as the mapping stays for the late reading).
  void done_all() {
#ifdef __linux__
    const uintptr_t e = end_ & ~(kPage - 1);
    if (e > next_) madvise(reinterpret_cast<void*>(next_), e - next_, MADV_DONTNEED);
    next_ = std::max(next_, e);
#endif
  }

 private:
  static constexpr uintptr_t kPage = 4096;
  static constexpr uintptr_t kStep = uintptr_t{8} << 20;
  static uintptr_t align_up(uintptr_t a) { return (a + kPage - 1) & ~(kPage - 1); }
  uintptr_t begin_, end_, next_;
};

// A UTF-8 file with GBK rows pasted in can have a fallback warning on every row: keep the
// first ones (stats.encoding_fallback_lines has the count).
constexpr size_t kMaxFallbackWarnings = csv::kMaxEncodingLineWarnings;

// LoadStats::encoding of a file with lines in both UTF-8 and GB18030: the file's encoding,
// the other one and where it was met, e.g. "UTF-8 + GB18030: lines 847-859" or
// "GB18030 + UTF-8: 52 lines: 3, 7-8, 12, 40, 44, 51, …". Goes to the run summary and the
// manifest, so that no line decoded in the other encoding goes unmentioned.
std::string mixed_encoding_name(csv::Encoding enc, uint64_t lines, const std::vector<LoadWarning>& warnings) {
  const bool utf8 = enc == csv::Encoding::Utf8;
  const std::string_view code = csv::code_id(utf8 ? csv::ErrorCode::EncodingFallback : csv::ErrorCode::Utf8InGb18030);
  const std::string_view code2 = csv::code_id(csv::ErrorCode::AmbiguousEncodingRow);  // UTF-8 files only
  std::string s = std::string(csv::encoding_name(enc)) + " + " + (utf8 ? "GB18030" : "UTF-8") + ": ";
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  uint64_t listed = 0;
  for (const LoadWarning& w : warnings) {
    if (w.code != code && !(utf8 && w.code == code2)) continue;
    ++listed;
    if (!ranges.empty() && (w.line == ranges.back().second || w.line == ranges.back().second + 1))
      ranges.back().second = w.line;
    else
      ranges.push_back({w.line, w.line});
  }
  constexpr size_t kShown = 6;
  const bool all = listed == lines && ranges.size() <= kShown;
  if (all) s += lines == 1 ? "line " : "lines ";
  else s += std::to_string(lines) + " lines: ";
  for (size_t i = 0; i < ranges.size() && i < kShown; ++i) {
    if (i) s += ", ";
    s += std::to_string(ranges[i].first);
    if (ranges[i].second != ranges[i].first) s += "-" + std::to_string(ranges[i].second);
  }
  if (!all) s += ranges.empty() ? "…" : ", …";
  return s;
}

// Hands every byte of `path` to `out`, in order (LoadSpec::file_bytes for inputs not handed
// over while parsing: xlsx). Read in 1 MB pieces so the file is never held whole.
void feed_file(const std::string& path, const std::function<void(std::string_view)>& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  std::vector<char> buf(size_t{1} << 20);
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out(std::string_view(buf.data(), size_t(n)));
  }
  ::close(fd);
}

// LoadSpec::file_bytes while one cursor reads a UTF-8 file in place: the bytes before the
// data (BOM, title rows, header) at once, then each stretch of records right after it is
// parsed (a few hundred KB: still in cache), then whatever is left after the last record.
class BytesAlong {
 public:
  BytesAlong(std::string_view file, const std::function<void(std::string_view)>& out, const char* data_begin)
      : file_(file), out_(out), next_(file.data()) {
    upto(data_begin);
  }
  void upto(const char* p) {
    if (p < next_ || p > file_.data() + file_.size()) return;  // a row decoded elsewhere (GB18030)
    out_(std::string_view(next_, size_t(p - next_)));
    next_ = p;
  }
  void finish() { upto(file_.data() + file_.size()); }
  uint64_t handed_over() const { return uint64_t(next_ - file_.data()); }

 private:
  std::string_view file_;
  const std::function<void(std::string_view)>& out_;
  const char* next_;
};

// With LoadSpec::wait_taken: however the parse ends (an exception too, say E0514's memory
// limit), it waits until what it handed over has been consumed before the file is unmapped.
class WaitTaken {
 public:
  WaitTaken(const std::optional<BytesAlong>& along, const LoadSpec& spec) : along_(along), spec_(spec) {}
  ~WaitTaken() {
    if (along_ && spec_.wait_taken) spec_.wait_taken(along_->handed_over());
  }
  WaitTaken(const WaitTaken&) = delete;
  WaitTaken& operator=(const WaitTaken&) = delete;

 private:
  const std::optional<BytesAlong>& along_;
  const LoadSpec& spec_;
};

struct ChunkState {
  Part part;
  csv::Counters counters;
  std::optional<csv::Diagnostic> error;
};

// from_file: the bytes are spec.path's (load_table), not bytes handed in (load_csv_bytes).
LoadResult load_csv(const LoadSpec& spec, const std::function<csv::OpenResult(csv::ReadOptions)>& open,
                    bool from_file) {
  LoadResult res;
  res.table.name = spec.source;
  res.table.path = spec.path;
  for (const ColumnSpec& c : spec.columns) res.table.column_names.push_back(c.name);
  Plan plan;
  if (!make_plan(spec, plan, res)) return res;

  csv::ReadOptions opt;
  const diag::CodeInfo& bad_spec = load_error(LoadError::BadSpec);
  if (!parse_encoding(spec.encoding, opt.encoding)) {
    set_error(res, bad_spec.code, fill(bad_spec.en, {spec.source, "unknown encoding '" + spec.encoding + "'"}),
              fill(bad_spec.zh, {spec.source, "未知编码“" + spec.encoding + "”"}));
    return res;
  }
  if (spec.header_line < 0) {  // columns are found by their headers; there must be a header row
    set_error(res, bad_spec.code, fill(bad_spec.en, {spec.source, "a header row is required (header_line < 0)"}),
              fill(bad_spec.zh, {spec.source, "必须有表头行（header_line < 0）"}));
    return res;
  }
  opt.delimiter = spec.delimiter;
  opt.header_line = spec.header_line;
  opt.expected_headers = plan.expected;

  csv::OpenResult opened = open(opt);
  for (const csv::Diagnostic& d : opened.diagnostics)
    if (csv::severity(d.code) == csv::Severity::Warning) res.warnings.push_back(to_warning(d));
  if (!opened.ok()) {
    std::string code, en, zh;
    uint64_t line = 0;
    for (const csv::Diagnostic& d : opened.diagnostics) {
      if (csv::severity(d.code) == csv::Severity::Warning) continue;
      if (code.empty()) code = csv::code_id(d.code), line = d.line;
      en += (en.empty() ? "" : "; ") + d.message_en;
      zh += (zh.empty() ? "" : "；") + d.message_zh;
    }
    if (code.empty()) code = csv::code_id(csv::ErrorCode::IoError), en = "cannot read the file", zh = "无法读取文件";
    set_error(res, code, with_path(spec.path, en, ": "), with_path(spec.path, zh, "："), line);
    return res;
  }
  const std::shared_ptr<csv::CsvFile> file_owner(std::move(opened.file));
  csv::CsvFile& file = *file_owner;
  const csv::HeaderMatch& hm = file.header();
  // Deferred columns are re-read from the file's own bytes; a transcoded file's UTF-8 text is
  // a buffer the loader releases as it goes, so such a file is parsed whole.
  bool defer = file.encoding() == csv::Encoding::Utf8;
  {
    bool any = false;
    for (ColumnPlan& p : plan.cols) {
      if (!defer) p.deferred = false;
      any |= p.deferred;
    }
    defer = defer && any;
  }

  // Headers as written in the file, for the rejects.
  auto file_header = [&](int slot) {
    if (slot < 0 || size_t(slot) >= hm.columns.size()) return std::string();
    const int idx = hm.columns[size_t(slot)].index;
    return idx >= 0 && size_t(idx) < hm.names.size() ? hm.names[size_t(idx)] : hm.columns[size_t(slot)].expected;
  };
  for (ColumnPlan& p : plan.cols) {
    p.header = file_header(p.slot);
    if (p.slot2 >= 0) p.header2 = file_header(p.slot2);
  }
  auto column_name = [&](int file_col) {
    if (file_col < 0) return std::string();
    if (size_t(file_col) < hm.names.size() && !hm.names[size_t(file_col)].empty()) return hm.names[size_t(file_col)];
    return "#" + std::to_string(file_col + 1);
  };

  // Chunks: as many as threads, none smaller than min_chunk_bytes.
  size_t threads = spec.threads > 0 ? size_t(spec.threads) : std::max(1u, std::thread::hardware_concurrency());
  const size_t data_size = file.data_text().size();
  const size_t min_chunk = std::max<size_t>(1, spec.min_chunk_bytes);
  threads = std::max<size_t>(1, std::min(threads, data_size / min_chunk));
  const csv::ParallelFor pfor = [](size_t count, const std::function<void(size_t)>& body) {
    run_parallel(count, body);
  };
  // Chunks are first cut speculatively (speculative_chunks): at line ends, assumed to be record
  // boundaries. Checked after the parse: chunk k-1 starts at a true boundary and is read by the
  // real automaton, so it ends outside quotes exactly when its end (chunk k's start) is one; if
  // it ends inside a quoted field (or with any other file error) the parse is done again over
  // the chunker's exact boundaries, which the file then costs twice.
  // A streamed file (LoadSpec::keep_rows) is cut into pieces of about piece_bytes instead,
  // parsed `threads` at a time (parse_all below).
  const bool streaming = bool(spec.keep_rows);
  size_t pieces = threads;
  if (streaming) {
    const size_t piece = std::max<size_t>(1, spec.piece_bytes);
    pieces = std::max<size_t>(1, (data_size + piece - 1) / piece);
  }
  // The pieces' line breaks are counted `threads` pieces at a time: all at once, every piece's
  // pages of the mapping were resident together until counted (at 20 M rows, 105 pieces of
  // 民事: a 7 GB peak RSS, all of it file pages).
  const csv::ParallelFor pfor_waves = [&](size_t count, const std::function<void(size_t)>& body) {
    for (size_t w = 0; w < count; w += threads) {
      const size_t n = std::min(threads, count - w);
      run_parallel(n, [&](size_t i) { body(w + i); });
    }
  };
  std::vector<csv::Chunk> chunks =
      pieces > 1 ? speculative_chunks(file.data_text(), pieces, file.data_first_line(), file.data_file_offset() >= 0,
                                      streaming ? pfor_waves : pfor)
                 : file.data_chunks(1);
  bool speculative = chunks.size() > 1;
  // The file's bytes go to spec.file_bytes along the parse when one cursor reads the file
  // itself (UTF-8, in place); otherwise in one piece after it.
  const bool bytes_along = spec.file_bytes && chunks.size() == 1 && file.data_file_offset() >= 0;
  const bool async_bytes = spec.file_bytes && spec.bytes_taken && spec.wait_taken;

  std::vector<ChunkState> states(chunks.size());
  auto work = [&](size_t k) {
    ChunkState& st = states[k];
    Part& part = st.part;
    RowBuilder b(plan, part);
    const std::string_view text = chunks[k].of(file.data_text());
    // Chunk 0 ends up holding the whole table (the others are appended to it), so it reserves
    // address space for all of it: untouched capacity costs no memory, and the join then
    // copies only chunks 1..n-1.
    auto rows_in = [](std::string_view t) { return estimate_rows(t.substr(0, size_t{1} << 16), t.size()); };
    const size_t est = k == 0 && !streaming ? rows_in(file.data_text()) : rows_in(text);
    b.reserve(est);
    PageReleaser releaser(text);
    // Row rejects are few: their messages (with the line filled in) are their own.
    auto on_reject = [&](const csv::Reject& r) {
      csv::Diagnostic d = file.describe(r);
      RejectRecord rec;
      rec.source = plan.source;
      rec.path = plan.path;
      rec.line = r.line;
      rec.column = column_name(r.column);
      rec.raw = r.raw;
      rec.code = SharedText::of_static(csv::code_id(r.code));
      rec.reason_en = std::move(d.message_en);
      rec.reason_zh = std::move(d.message_zh);
      rec.row_rejected = true;
      part.rejects.push_back(std::move(rec));
    };
    size_t fallback_warnings = 0;
    auto on_warning = [&](const csv::Diagnostic& d) {
      if ((d.code == csv::ErrorCode::EncodingFallback || d.code == csv::ErrorCode::AmbiguousEncodingRow) &&
          ++fallback_warnings > kMaxFallbackWarnings)
        return;
      part.warnings.push_back(to_warning(d));
    };
    csv::RowCursor cur = file.cursor(chunks[k], on_reject, on_warning);
    csv::Record rec;
    const std::vector<ColumnPlan>& cols = plan.cols;
    const size_t ncols = cols.size();
    size_t n = 0;
    const std::string_view data = file.data_text();
    if (defer) part.offsets.reserve(est);
    std::optional<BytesAlong> along;
    const WaitTaken wait_taken(along, spec);  // declared after `along`: runs before it is destroyed
    if (bytes_along) along.emplace(file.source_bytes(), spec.file_bytes, text.data());
    while (cur.next(rec)) {
      b.begin_row();
      for (size_t j = 0; j < ncols; ++j) {
        const ColumnPlan& p = cols[j];
        if (p.deferred) continue;
        const std::string_view a = rec.fields[size_t(p.slot)];
        const std::string_view lat = p.slot2 >= 0 ? rec.fields[size_t(p.slot2)] : std::string_view();
        b.cell(j, push_cell(p, part.cols[j], a, lat, true), a, lat);
      }
      if (b.end_row(rec.line)) {
        if (defer) part.offsets.push_back(uint64_t(rec.raw.data() - data.data()));
        part.hashes.push_back(row_hash(rec.raw));
      }
      if (++n == 2048) b.reserve_strings(est);
      if (along && (n & 1023) == 0) along->upto(rec.raw.data());
      if ((n & 4095) == 0) {
        // Pages still queued for the hash stay mapped.
        releaser.done_before(async_bytes ? std::min(rec.raw.data(), file.source_bytes().data() + spec.bytes_taken())
                                         : rec.raw.data());
        if (spec.progress_rows) spec.progress_rows->fetch_add(4096, std::memory_order_relaxed);
      }
    }
    st.counters = cur.counters();
    st.error = cur.error();
    if (along) along->finish();
    if (streaming && file.data_file_offset() >= 0) releaser.done_all();  // the mapping, not a decoded buffer
  };
  // Streaming: each piece's used rows, their lines and row hashes (every used row's, for
  // find_duplicate_rows), before keep_rows drops the rows that cannot matter.
  std::vector<uint64_t> piece_used;
  std::vector<std::vector<uint64_t>> piece_lines;
  auto keep_piece = [&](size_t k) {
    Part& part = states[k].part;
    const size_t rows = part.lines.size();
    piece_used[k] = rows;
    piece_lines[k] = part.lines;
    Table piece;
    piece.name = spec.source;
    piece.path = spec.path;
    piece.column_names = res.table.column_names;
    piece.columns = std::move(part.cols);
    for (size_t j = 0; j < plan.cols.size() && j < piece.columns.size(); ++j) piece.columns[j].deferred = plan.cols[j].deferred;
    piece.line = std::move(part.lines);
    piece.offset = std::move(part.offsets);
    const int64_t held = int64_t(table_bytes(piece));
    if (spec.account) spec.account(held);
    const std::vector<uint32_t> keep = spec.keep_rows(piece, k);
    const std::vector<int64_t> idx(keep.begin(), keep.end());
    part.cols.clear();
    for (Column& c : piece.columns) {
      if (c.size() != rows) {  // deferred: nothing parsed
        part.cols.push_back(Column::make(c.logical));
        continue;
      }
      Column g = c.gather(idx);
      g.deferred = false;
      part.cols.push_back(std::move(g));
      c = Column();
    }
    for (int64_t r : idx) {
      part.lines.push_back(piece.line[size_t(r)]);
      if (!piece.offset.empty()) part.offsets.push_back(piece.offset[size_t(r)]);
    }
    if (spec.account) spec.account(-held);
  };
  // Pieces `threads` at a time, each handed to keep_rows as soon as its wave is parsed, so that
  // only a wave's pieces are ever held whole.
  auto parse_all = [&] {
    if (!streaming) {
      run_parallel(chunks.size(), work);
      return;
    }
    piece_used.assign(chunks.size(), 0);
    piece_lines.assign(chunks.size(), {});
    for (size_t w = 0; w < chunks.size(); w += threads) {
      const size_t n = std::min(threads, chunks.size() - w);
      run_parallel(n, [&](size_t i) { work(w + i); });
      for (size_t i = 0; i < n; ++i) keep_piece(w + i);
    }
  };
  parse_all();
  if (speculative) {
    bool wrong = false;
    for (size_t k = 0; k + 1 < chunks.size(); ++k) wrong = wrong || states[k].error.has_value();
    if (wrong) {
      // (The terminal's progress count then runs past the file's rows until the load ends; it
      // is shown while loading only, never written.)
      chunks = streaming ? file.data_chunks(chunks.size(), pfor_waves) : file.data_chunks(threads, pfor);
      states = std::vector<ChunkState>(chunks.size());
      parse_all();
    }
  }
  res.pieces = streaming ? chunks.size() : 0;
  if (spec.file_bytes && !bytes_along && !async_bytes) {
    if (from_file && file.source_bytes().empty()) feed_file(spec.path, spec.file_bytes);  // empty, or not mapped
    else spec.file_bytes(file.source_bytes());
  }

  // Join the parts in chunk order; a chunk that hit a file error ends the file, as it would
  // in one sequential pass.
  size_t used_chunks = chunks.size();
  for (size_t k = 0; k < chunks.size(); ++k)
    if (states[k].error) {
      used_chunks = k + 1;
      break;
    }
  Table& t = res.table;
  if (!states.empty()) {
    t.columns = std::move(states[0].part.cols);
    t.line = std::move(states[0].part.lines);
    t.offset = std::move(states[0].part.offsets);
    res.row_hash = std::move(states[0].part.hashes);
  }
  if (used_chunks > 1) {
    size_t rows = 0;
    for (size_t k = 0; k < used_chunks; ++k) rows += k == 0 ? t.line.size() : states[k].part.lines.size();
    // Each part's vectors freed as soon as they are appended (at 1 M rows a chunk of 民事 holds
    // 32 MB of lines, offsets and row hashes), so that they do not stay until the load ends.
    auto append = [&](auto& dst, auto member) {
      dst.reserve(rows);
      for (size_t k = 1; k < used_chunks; ++k) {
        auto& src = states[k].part.*member;
        dst.insert(dst.end(), src.begin(), src.end());
        std::remove_reference_t<decltype(src)>().swap(src);
      }
    };
    append(t.line, &Part::lines);
    append(res.row_hash, &Part::hashes);
    if (defer) append(t.offset, &Part::offsets);
    // Columns are independent: append them in parallel, each in chunk order, freeing each
    // part as soon as it is copied.
    const size_t nthreads = std::min(threads, t.columns.size());
    run_parallel(nthreads, [&](size_t w) {
      for (size_t j = w; j < t.columns.size(); j += nthreads) {
        Column& dst = t.columns[j];
        dst.reserve(rows);
        if (dst.phys == Phys::Str) {
          size_t bytes = dst.str.bytes.size();
          for (size_t k = 1; k < used_chunks; ++k) bytes += states[k].part.cols[j].str.bytes.size();
          dst.str.bytes.reserve(bytes);
        }
        for (size_t k = 1; k < used_chunks; ++k) {
          dst.append(states[k].part.cols[j]);
          states[k].part.cols[j] = Column();
        }
      }
    });
  }
  if (t.columns.empty())
    for (const ColumnPlan& p : plan.cols) t.columns.push_back(Column::make(p.type));
  if (defer) {
    for (size_t j = 0; j < plan.cols.size(); ++j) t.columns[j].deferred = plan.cols[j].deferred;
    t.deferred = std::make_shared<CsvDeferred>(file_owner, plan, from_file ? spec.path : std::string());
  }

  csv::Counters c = file.preamble_counters();
  uint64_t value_rejects = 0, delivered = 0;
  {
    size_t total = res.rejects.size();
    for (size_t k = 0; k < used_chunks; ++k) total += states[k].part.rejects.size();
    if (res.rejects.empty() && used_chunks > 0) res.rejects = std::move(states[0].part.rejects);
    res.rejects.reserve(total);
  }
  for (size_t k = 0; k < used_chunks; ++k) {
    ChunkState& st = states[k];
    c += st.counters;
    value_rejects += st.part.value_row_rejects;
    delivered += st.part.rows_read;
    add_nulls(plan, st.part, res.stats);
    std::move(st.part.rejects.begin(), st.part.rejects.end(), std::back_inserter(res.rejects));
    std::move(st.part.warnings.begin(), st.part.warnings.end(), std::back_inserter(res.warnings));
  }
  // The same first kMaxFallbackWarnings as one sequential pass would keep.
  size_t fallback_seen = 0;
  std::erase_if(res.warnings, [&](const LoadWarning& w) {
    return (w.code == csv::code_id(csv::ErrorCode::EncodingFallback) ||
          w.code == csv::code_id(csv::ErrorCode::AmbiguousEncodingRow)) &&
         ++fallback_seen > kMaxFallbackWarnings;
  });
  LoadStats& s = res.stats;
  s.rows_read = c.rows_read;
  s.rows_used = t.rows();
  if (streaming) {
    s.rows_used = 0;
    for (size_t k = 0; k < used_chunks; ++k) s.rows_used += piece_used[k];
    res.row_hash_line.reserve(size_t(s.rows_used));
    for (size_t k = 0; k < used_chunks; ++k) {
      res.row_hash_line.insert(res.row_hash_line.end(), piece_lines[k].begin(), piece_lines[k].end());
      std::vector<uint64_t>().swap(piece_lines[k]);
    }
  }
  s.rows_rejected = c.rows_rejected + value_rejects;
  s.blank_lines = c.blank_lines;
  s.empty_rows = c.empty_rows;
  s.title_rows = c.preamble_rows;
  s.trailer_rows = c.rejected(csv::ErrorCode::TrailerRow);
  s.encoding_fallback_rows = c.encoding_fallback_rows;
  s.encoding_fallback_lines = c.encoding_fallback_lines;
  s.encoding = c.encoding_fallback_lines ? mixed_encoding_name(file.encoding(), c.encoding_fallback_lines, res.warnings)
                                         : std::string(csv::encoding_name(file.encoding()));
  s.delimiter = file.dialect().delimiter;
  s.header_line = hm.line;
  res.header = hm.names;

  res.ok = true;
  if (!c.balanced() || delivered != c.rows_delivered || !s.balanced()) {
    const csv::Diagnostic d = csv::make_diagnostic(
        csv::ErrorCode::RowAccountingMismatch, 0, -1,
        {std::to_string(s.rows_read), std::to_string(s.rows_used), std::to_string(s.rows_rejected)});
    set_error(res, std::string(csv::code_id(d.code)), with_path(spec.path, d.message_en, ": "),
              with_path(spec.path, d.message_zh, "："));
  }
  if (used_chunks > 0 && states[used_chunks - 1].error) {
    const csv::Diagnostic& d = *states[used_chunks - 1].error;
    set_error(res, std::string(csv::code_id(d.code)), with_path(spec.path, d.message_en, ": "),
              with_path(spec.path, d.message_zh, "："), d.line);
  }
  return res;
}

}  // namespace

bool is_xlsx_file(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string ext = lower_ascii(path.substr(dot + 1));
  return ext == "xlsx" || ext == "xlsm";
}

bool parse_encoding(const std::string& name, csv::Encoding& out) { return csv::parse_encoding_name(name, out); }

uint64_t estimate_file_rows(const std::string& path) {
  if (is_xlsx_file(path)) return 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return 0;
  struct stat st {};
  std::string sample(size_t{1} << 16, '\0');
  ssize_t n = ::fstat(fd, &st) == 0 ? ::pread(fd, sample.data(), sample.size(), 0) : -1;
  ::close(fd);
  if (n <= 0) return 0;
  sample.resize(size_t(n));
  return estimate_rows(sample, size_t(st.st_size));
}

LoadResult load_table(const LoadSpec& spec) {
  if (is_xlsx_file(spec.path)) {
    LoadResult r = load_xlsx(spec);
    if (spec.file_bytes && !spec.bytes_taken) feed_file(spec.path, spec.file_bytes);  // else the receiver reads it
    return r;
  }
  return load_csv(
      spec, [&](csv::ReadOptions opt) { return csv::CsvFile::open(spec.path, std::move(opt)); }, true);
}

LoadResult load_csv_bytes(const LoadSpec& spec, std::string_view bytes) {
  return load_csv(spec, [&](csv::ReadOptions opt) {
    return csv::CsvFile::open_bytes(bytes, std::move(opt), spec.path.empty() ? "<memory>" : spec.path);
  }, false);
}

}  // namespace clue::rt
