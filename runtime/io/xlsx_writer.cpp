#include "runtime/io/xlsx_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "runtime/io/chunk_pipe.h"
#include "runtime/io/files.h"
#include "runtime/io/xlsx_cells.h"
#include "runtime/io/xlsx_parts.h"

namespace clue::io {
namespace {

constexpr time_t kEntryTime = 315532800;  // 1980-01-01, the zip format's first date: same bytes for same leads
constexpr size_t kChunk = 1 << 20;        // bytes of sheet XML produced at a time

// A sheet as a libzip source: its XML is produced as libzip reads it (during zip_close), so a
// million leads never exist as one string.
struct SheetSource {
  const std::vector<std::string>& header;
  const std::vector<std::vector<std::string>>& rows;
  const std::vector<TypeKind>& types;
  size_t first, last;
  XlsxStats stats;  // of the last complete read (libzip may open a source more than once)
  bool on_thread;  // the XML produced on a thread of its own (ChunkPipe), ahead of libzip
  std::optional<xlsx_parts::SheetXml> xml;
  std::string buf, chunk;
  size_t pos = 0;
  bool produced_all = false;
  zip_error_t error;
  ChunkPipe pipe;  // last: stopped (its thread joined) before the members it uses go

  void open() {
    pipe.stop();  // a second open starts over
    stats = XlsxStats{};
    xml.emplace(header, rows, types, first, last, stats);
    buf.clear();
    pos = 0;
    produced_all = false;
    if (on_thread) pipe.start([this](std::string& out) { return xml->next(out, kChunk); });
  }
  zip_int64_t read(char* out, size_t len) {
    while (buf.size() - pos < len && !produced_all) {
      buf.erase(0, pos);
      pos = 0;
      // The same bytes either way: the pipe hands over what next() appended, in order, and
      // libzip gets `len` bytes per read as long as there are that many.
      if (!on_thread) {
        produced_all = !xml->next(buf, kChunk);
      } else if (pipe.pop(chunk)) {
        buf += chunk;
      } else {
        produced_all = true;
      }
    }
    const size_t n = std::min(len, buf.size() - pos);
    std::memcpy(out, buf.data() + pos, n);
    pos += n;
    return zip_int64_t(n);
  }
};

zip_int64_t sheet_callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* s = static_cast<SheetSource*>(user);
  try {
    switch (cmd) {
      case ZIP_SOURCE_OPEN: s->open(); return 0;
      case ZIP_SOURCE_READ: return s->read(static_cast<char*>(data), len);
      case ZIP_SOURCE_CLOSE: s->pipe.stop(); return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->mtime = kEntryTime;
        st->valid |= ZIP_STAT_MTIME;
        return sizeof(*st);
      }
      case ZIP_SOURCE_ERROR: return zip_error_to_data(&s->error, data, len);
      case ZIP_SOURCE_FREE: s->pipe.stop(); return 0;  // the SheetSource belongs to write_xlsx_atomic
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
      default: zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0); return -1;
    }
  } catch (const std::bad_alloc&) {
    // An exception must not cross libzip's C frames: it becomes libzip's error.
    zip_error_set(&s->error, ZIP_ER_MEMORY, 0);
    return -1;
  }
}

// The sheet names: `base` (or "leads" when Excel would refuse it), then base-2, base-3, ...
// for a table that needs more than one sheet.
std::string sheet_name(const std::string& base, size_t index) {
  std::string name = xlsx_parts::valid_sheet_name(base) ? base : "leads";
  if (index == 0) return name;
  std::string numbered = name + "-" + std::to_string(index + 1);
  return xlsx_parts::valid_sheet_name(numbered) ? numbered : "leads-" + std::to_string(index + 1);
}

std::string zip_message(zip_t* za) { return zip_error_strerror(zip_get_error(za)); }

}  // namespace

std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows, const std::vector<TypeKind>& types,
                              XlsxStats* stats, size_t rows_per_sheet, int threads) {
  if (rows_per_sheet == 0 || rows_per_sheet > kXlsxMaxRows - 1) rows_per_sheet = kXlsxMaxRows - 1;
  // The name is made first, exclusively and unpredictably (io::create_temp_beside), so no
  // planted link is followed; libzip writes its own temporary file beside it and renames it
  // onto this name when the archive is complete.
  std::string tmp;
  const int tmp_fd = create_temp_beside(path, tmp);
  if (tmp_fd < 0) return std::strerror(errno);
  ::close(tmp_fd);
  int zerr = 0;
  zip_t* za = zip_open(tmp.c_str(), ZIP_TRUNCATE, &zerr);
  if (!za) {
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    std::string msg = zip_error_strerror(&e);
    zip_error_fini(&e);
    std::remove(tmp.c_str());
    return msg;
  }
  auto fail = [&](std::string msg) {
    zip_discard(za);
    std::remove(tmp.c_str());
    return msg;
  };

  // One sheet per rows_per_sheet rows (more than a sheet holds go on to the next sheet, each
  // with the header: no lead is left out); at least one sheet, for the header.
  const size_t sheets = rows.empty() ? 1 : (rows.size() + rows_per_sheet - 1) / rows_per_sheet;
  std::vector<std::unique_ptr<SheetSource>> sources;
  std::vector<std::string> names, last_cells;
  for (size_t sh = 0; sh < sheets; ++sh) {
    const size_t first = sh * rows_per_sheet, last = std::min(rows.size(), first + rows_per_sheet);
    sources.push_back(std::unique_ptr<SheetSource>(new SheetSource{header, rows, types, first, last, {}, threads >= 2}));
    zip_error_init(&sources.back()->error);
    names.push_back(sheet_name(sheet, sh));
    last_cells.push_back(xlsx_parts::last_cell(header.size(), last - first));
  }

  // The small parts as buffers libzip copies (freep = 1 would make it free them: it may not).
  auto add_part = [&](const char* name, std::string text) -> std::string {
    auto* copy = static_cast<char*>(std::malloc(text.size()));
    if (!copy) return "out of memory";
    std::memcpy(copy, text.data(), text.size());
    zip_source_t* src = zip_source_buffer(za, copy, text.size(), 1);
    if (!src) {
      std::free(copy);
      return zip_message(za);
    }
    const zip_int64_t idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return zip_message(za);
    }
    if (zip_file_set_mtime(za, zip_uint64_t(idx), kEntryTime, 0) != 0) return zip_message(za);
    if (zip_set_file_compression(za, zip_uint64_t(idx), ZIP_CM_DEFLATE, 1) != 0) return zip_message(za);
    return "";
  };
  std::string err;
  if (err.empty()) err = add_part("[Content_Types].xml", xlsx_parts::content_types(sheets));
  if (err.empty()) err = add_part("_rels/.rels", xlsx_parts::package_rels());
  if (err.empty()) err = add_part("xl/workbook.xml", xlsx_parts::workbook(names, last_cells));
  if (err.empty()) err = add_part("xl/_rels/workbook.xml.rels", xlsx_parts::workbook_rels(sheets));
  if (err.empty()) err = add_part("xl/styles.xml", xlsx_parts::styles());
  for (size_t sh = 0; sh < sheets && err.empty(); ++sh) {
    zip_source_t* src = zip_source_function(za, sheet_callback, sources[sh].get());
    if (!src) {
      err = zip_message(za);
      break;
    }
    const std::string name = "xl/worksheets/sheet" + std::to_string(sh + 1) + ".xml";
    const zip_int64_t idx = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      err = zip_message(za);
      break;
    }
    // Level 1: the sheets are most of the bytes and most of the time; the fastest level
    // still shrinks their XML about eightfold.
    if (zip_set_file_compression(za, zip_uint64_t(idx), ZIP_CM_DEFLATE, 1) != 0) err = zip_message(za);
  }
  if (!err.empty()) {
    for (auto& s : sources) zip_error_fini(&s->error);
    return fail(err);
  }
  if (zip_close(za) != 0) {
    err = zip_message(za);
    for (auto& s : sources) zip_error_fini(&s->error);
    return fail(err);
  }
  XlsxStats st;
  for (auto& s : sources) {
    st.replaced_cells += s->stats.replaced_cells;
    st.truncated_cells += s->stats.truncated_cells;
    st.numbers_as_text += s->stats.numbers_as_text;
    zip_error_fini(&s->error);
  }
  // On disk before it takes the final name (a full disk may show only here).
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || ::fsync(fd) != 0) {
    std::string e = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    std::remove(tmp.c_str());
    return e;
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = std::strerror(errno);
    std::remove(tmp.c_str());
    return e;
  }
  if (stats) *stats = st;
  return "";
}

}  // namespace clue::io
