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
#include <stdexcept>

#include "runtime/io/chunk_pipe.h"
#include "runtime/io/files.h"
#include "runtime/io/raw_deflate.h"
#include "runtime/io/xlsx_cells.h"
#include "runtime/io/xlsx_parts.h"

namespace clue::io {
namespace {

constexpr time_t kEntryTime = 315532800;  // 1980-01-01, the zip format's first date: same bytes for same leads
constexpr size_t kChunk = 1 << 20;        // bytes of sheet XML produced at a time

// A sheet as a libzip source of deflated data: its XML is produced as libzip reads it (during
// zip_close), a chunk at a time, and each chunk is deflated here (raw_deflate.h) rather than
// by libzip's zlib, so a million leads never exist as one string and libzip only copies the
// compressed bytes. libzip learns the method from the first stat, and the size and CRC of the
// XML from the stat after the last read (it writes the entry's header once more then).
struct SheetSource {
  SheetSource(const std::vector<std::string>& h, const std::vector<std::vector<std::string>>& r,
              const std::vector<TypeKind>& t, size_t f, size_t l, bool thread)
      : header(h), rows(r), types(t), first(f), last(l), on_thread(thread) {
    zip_error_init(&error);
  }
  ~SheetSource() {
    pipe.stop();
    zip_error_fini(&error);
  }

  const std::vector<std::string>& header;
  const std::vector<std::vector<std::string>>& rows;
  const std::vector<TypeKind>& types;
  size_t first, last;
  XlsxStats stats;  // of the last complete read (libzip may open a source more than once)
  bool on_thread;  // the XML produced on a thread of its own (ChunkPipe), ahead of libzip
  std::optional<xlsx_parts::SheetXml> xml;
  std::string chunk, out;  // the XML chunk being compressed; compressed bytes not yet read
  size_t pos = 0;          // in `out`
  bool ended = false;      // the whole stream is in `out`
  uint32_t crc = 0;        // of the XML so far
  uint64_t xml_bytes = 0;
  RawDeflate deflate;
  zip_error_t error;
  ChunkPipe pipe;  // last: stopped (its thread joined) before the members it uses go

  void open() {
    pipe.stop();  // a second open starts over
    stats = XlsxStats{};
    xml.emplace(header, rows, types, first, last, stats);
    out.clear();
    pos = 0;
    ended = false;
    crc = 0;
    xml_bytes = 0;
    if (on_thread) pipe.start([this](std::string& c) { return xml->next(c, kChunk); });
  }
  // The next XML chunk into `chunk`; false when the sheet is complete (`chunk` may still hold
  // its last bytes). The same chunks either way: the pipe hands over what next() appended.
  bool next_chunk() {
    chunk.clear();
    return on_thread ? pipe.pop(chunk) : xml->next(chunk, kChunk);
  }
  zip_int64_t read(char* dst, size_t len) {
    while (out.size() - pos < len && !ended) {
      out.erase(0, pos);
      pos = 0;
      // Each chunk is a piece of the deflate stream of its own: the bytes depend only on the
      // chunks, which depend only on the rows.
      const bool more = next_chunk();
      if (!chunk.empty()) {
        crc = crc32_update(crc, chunk);
        xml_bytes += chunk.size();
        deflate.piece(chunk, out);
      }
      if (!more) {
        deflate.finish(out);
        ended = true;
      }
    }
    const size_t n = std::min(len, out.size() - pos);
    std::memcpy(dst, out.data() + pos, n);
    pos += n;
    return zip_int64_t(n);
  }
  void stat(zip_stat_t* st) const {
    zip_stat_init(st);
    st->mtime = kEntryTime;
    st->comp_method = ZIP_CM_DEFLATE;  // already compressed: libzip copies it as it is
    st->valid |= ZIP_STAT_MTIME | ZIP_STAT_COMP_METHOD;
    if (ended) {
      st->size = xml_bytes;
      st->crc = crc;
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_CRC;
    }
  }
};

zip_int64_t sheet_callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* s = static_cast<SheetSource*>(user);
  try {
    switch (cmd) {
      case ZIP_SOURCE_OPEN: s->open(); return 0;
      case ZIP_SOURCE_READ: return s->read(static_cast<char*>(data), len);
      case ZIP_SOURCE_CLOSE: s->pipe.stop(); return 0;
      case ZIP_SOURCE_STAT:
        if (len < sizeof(zip_stat_t)) {
          zip_error_set(&s->error, ZIP_ER_INVAL, 0);
          return -1;
        }
        s->stat(static_cast<zip_stat_t*>(data));
        return sizeof(zip_stat_t);
      case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
        // What libzip's own deflate would say: version 2.0 needed, "fast" in the flags.
        if (len < sizeof(zip_file_attributes_t)) {
          zip_error_set(&s->error, ZIP_ER_INVAL, 0);
          return -1;
        }
        auto* a = static_cast<zip_file_attributes_t*>(data);
        a->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED | ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
        a->version_needed = 20;
        a->general_purpose_bit_flags = 0x0004;
        a->general_purpose_bit_mask = 0x0006;
        return 0;
      }
      case ZIP_SOURCE_ERROR: return zip_error_to_data(&s->error, data, len);
      case ZIP_SOURCE_FREE: s->pipe.stop(); return 0;  // the SheetSource belongs to write_xlsx_atomic
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS,
                                              ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
      default: zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0); return -1;
    }
  } catch (const std::bad_alloc&) {
    // An exception must not cross libzip's C frames: it becomes libzip's error.
    zip_error_set(&s->error, ZIP_ER_MEMORY, 0);
    return -1;
  } catch (const std::exception&) {
    zip_error_set(&s->error, ZIP_ER_INTERNAL, 0);  // the deflate failed (raw_deflate.cpp)
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
    sources.push_back(std::make_unique<SheetSource>(header, rows, types, first, last, threads >= 2));
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
    // No zip_set_file_compression: the source says its data is deflated already (SheetSource),
    // and libzip keeps a source's method when none was set for the entry.
  }
  if (!err.empty()) return fail(err);
  if (zip_close(za) != 0) {
    return fail(zip_message(za));
  }
  XlsxStats st;
  for (auto& s : sources) {
    st.replaced_cells += s->stats.replaced_cells;
    st.truncated_cells += s->stats.truncated_cells;
    st.numbers_as_text += s->stats.numbers_as_text;
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
