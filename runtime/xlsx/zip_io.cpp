#include "runtime/xlsx/zip_io.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace clue::xlsx::detail {

namespace {

ZipArchive::OpenFailure classify(int code) {
  switch (code) {
    case ZIP_ER_NOENT:
      return ZipArchive::OpenFailure::Missing;
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_MEMORY:
      return ZipArchive::OpenFailure::Unreadable;
    case ZIP_ER_NOZIP:
      return ZipArchive::OpenFailure::NotZip;
    default:
      return ZipArchive::OpenFailure::Damaged;
  }
}

// Refines "not a zip archive" from the first bytes.
ZipArchive::OpenFailure sniff(const unsigned char* p, size_t n) {
  static const unsigned char kOle[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (n >= 8 && std::memcmp(p, kOle, 8) == 0) return ZipArchive::OpenFailure::Ole;
  // A zip that starts well but has no central directory: cut off (an interrupted download).
  if (n >= 4 && std::memcmp(p, "PK\x03\x04", 4) == 0) return ZipArchive::OpenFailure::Truncated;
  size_t i = 0;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) ++i;
  if (i < n && p[i] == '<') return ZipArchive::OpenFailure::Html;
  size_t binary = 0;
  for (size_t k = 0; k < n; ++k)
    if (p[k] < 0x09 || (p[k] > 0x0D && p[k] < 0x20)) ++binary;
  if (n > 0 && binary == 0) return ZipArchive::OpenFailure::Text;
  return ZipArchive::OpenFailure::NotZip;
}

}  // namespace

ZipEntrySource::~ZipEntrySource() {
  if (f_) zip_fclose(f_);
}

long long ZipEntrySource::read(char* buf, size_t n) {
  zip_int64_t got = zip_fread(f_, buf, n);
  if (got < 0) {
    error_ = zip_file_strerror(f_);
    return -1;
  }
  return got;
}

std::unique_ptr<ZipArchive> ZipArchive::open_file(const std::string& path, OpenFailure& failure,
                                                  std::string& detail) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    failure = errno == ENOENT ? OpenFailure::Missing : OpenFailure::Unreadable;
    detail = std::strerror(errno);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    failure = OpenFailure::Directory;
    detail = "it is a directory";
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {  // /dev/zero, a FIFO, a socket: never read without end or wait
    failure = OpenFailure::Unreadable;
    detail = "it is not a regular file (a device, pipe or socket)";
    return nullptr;
  }
  if (st.st_size == 0) {
    failure = OpenFailure::Empty;
    detail = "empty file";
    return nullptr;
  }
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    detail = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    failure = classify(code);
    if (failure == OpenFailure::NotZip) {
      unsigned char head[512];
      size_t n = 0;
      if (FILE* f = std::fopen(path.c_str(), "rb")) {
        n = std::fread(head, 1, sizeof head, f);
        std::fclose(f);
      }
      failure = sniff(head, n);
    }
    return nullptr;
  }
  failure = OpenFailure::None;
  return std::unique_ptr<ZipArchive>(new ZipArchive(z, nullptr));
}

std::unique_ptr<ZipArchive> ZipArchive::open_memory(std::shared_ptr<const std::string> bytes, OpenFailure& failure,
                                                    std::string& detail) {
  if (!bytes || bytes->empty()) {
    failure = OpenFailure::Empty;
    detail = "empty file";
    return nullptr;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes->data(), bytes->size(), 0, &ze);
  if (!src) {
    detail = zip_error_strerror(&ze);
    failure = OpenFailure::Unreadable;
    zip_error_fini(&ze);
    return nullptr;
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!z) {
    detail = zip_error_strerror(&ze);
    failure = classify(zip_error_code_zip(&ze));
    if (failure == OpenFailure::NotZip)
      failure = sniff(reinterpret_cast<const unsigned char*>(bytes->data()), std::min<size_t>(bytes->size(), 512));
    zip_error_fini(&ze);
    zip_source_free(src);
    return nullptr;
  }
  zip_error_fini(&ze);
  failure = OpenFailure::None;
  return std::unique_ptr<ZipArchive>(new ZipArchive(z, std::move(bytes)));
}

ZipArchive::~ZipArchive() {
  if (z_) zip_discard(z_);  // read-only: nothing to write back
}

int64_t ZipArchive::locate(const std::string& name) const {
  zip_int64_t i = zip_name_locate(z_, name.c_str(), 0);
  if (i < 0) i = zip_name_locate(z_, name.c_str(), ZIP_FL_NOCASE);
  if (i < 0 && name.find('/') != std::string::npos) {
    std::string back = name;
    for (char& c : back)
      if (c == '/') c = '\\';
    i = zip_name_locate(z_, back.c_str(), ZIP_FL_NOCASE);
  }
  return i;
}

bool ZipArchive::read_all(int64_t index, size_t max_bytes, std::string& out, std::string& error) const {
  auto src = open_entry(index, error);
  if (!src) return false;
  out.clear();
  char buf[64 * 1024];
  for (;;) {
    long long n = src->read(buf, sizeof buf);
    if (n < 0) {
      error = src->error();
      return false;
    }
    if (n == 0) return true;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      error = "the part is larger than " + std::to_string(max_bytes >> 20) + " MiB";
      return false;
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

std::unique_ptr<ZipEntrySource> ZipArchive::open_entry(int64_t index, std::string& error) const {
  zip_file_t* f = zip_fopen_index(z_, static_cast<zip_uint64_t>(index), 0);
  if (!f) {
    error = zip_strerror(z_);
    return nullptr;
  }
  return std::make_unique<ZipEntrySource>(f);
}

}  // namespace clue::xlsx::detail
