// The zip container of an .xlsx, through libzip (private to the xlsx reader).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/xlsx/xml_pull.h"

typedef struct zip zip_t;
typedef struct zip_file zip_file_t;

namespace clue::xlsx::detail {

// One entry opened for reading: decompressed in chunks by zip_fread (libzip checks the CRC
// at the end and reports a mismatch as a read error).
class ZipEntrySource final : public ByteSource {
 public:
  explicit ZipEntrySource(zip_file_t* f) : f_(f) {}
  ~ZipEntrySource() override;
  ZipEntrySource(const ZipEntrySource&) = delete;
  ZipEntrySource& operator=(const ZipEntrySource&) = delete;
  long long read(char* buf, size_t n) override;
  std::string error() const override { return error_; }

 private:
  zip_file_t* f_;
  std::string error_;
};

class ZipArchive {
 public:
  // NotZip is refined by the first bytes: an old .xls / encrypted workbook (OLE2 compound
  // file), an HTML or XML page, plain text (CSV) saved under an .xlsx name, or a zip whose
  // end is cut off (Truncated).
  enum class OpenFailure { None, Missing, Unreadable, Directory, Empty, NotZip, Ole, Html, Text, Truncated, Damaged };

  // Opens a file (read-only). On failure returns null and sets `failure` and `detail`
  // (libzip's or the system's English text).
  static std::unique_ptr<ZipArchive> open_file(const std::string& path, OpenFailure& failure, std::string& detail);
  // Opens bytes in memory; `bytes` is kept alive by the archive.
  static std::unique_ptr<ZipArchive> open_memory(std::shared_ptr<const std::string> bytes, OpenFailure& failure,
                                                 std::string& detail);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Index of the entry with this name (exact, then ignoring ASCII case, then with '\'
  // separators as some broken writers use), or -1.
  int64_t locate(const std::string& name) const;
  // Reads a whole entry that should be small; false (with `error`) on a read failure or
  // when it decompresses to more than `max_bytes`.
  bool read_all(int64_t index, size_t max_bytes, std::string& out, std::string& error) const;
  // Opens an entry for streaming; null (with `error`) on failure.
  std::unique_ptr<ZipEntrySource> open_entry(int64_t index, std::string& error) const;

 private:
  ZipArchive(zip_t* z, std::shared_ptr<const std::string> bytes) : z_(z), bytes_(std::move(bytes)) {}
  zip_t* z_;
  std::shared_ptr<const std::string> bytes_;
};

}  // namespace clue::xlsx::detail
