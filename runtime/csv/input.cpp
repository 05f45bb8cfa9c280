#include "runtime/csv/input.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include "runtime/fs/mapping_guard.h"
#include "runtime/fs/regular_file.h"

namespace clue::csv {

InputFile::InputFile(InputFile&& o) noexcept { *this = std::move(o); }

InputFile& InputFile::operator=(InputFile&& o) noexcept {
  if (this != &o) {
    reset();
    data_ = std::exchange(o.data_, "");
    size_ = std::exchange(o.size_, 0);
    map_ = std::exchange(o.map_, nullptr);
    map_size_ = std::exchange(o.map_size_, 0);
    heap_ = std::move(o.heap_);
    guard_ = std::exchange(o.guard_, -1);
  }
  return *this;
}

InputFile::~InputFile() { reset(); }

void InputFile::reset() {
  fsafe::unguard_mapping(std::exchange(guard_, -1));
  if (map_) munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
  heap_.reset();
  data_ = "";
  size_ = 0;
}

InputFile InputFile::from_bytes(std::string_view bytes) {
  InputFile f;
  f.heap_ = std::make_unique<char[]>(bytes.size() + 1);
  std::memcpy(f.heap_.get(), bytes.data(), bytes.size());
  f.data_ = f.heap_.get();
  f.size_ = bytes.size();
  return f;
}

bool InputFile::open(const std::string& path, std::string* error) {
  reset();
  // Regular files only (symbolic links followed): /dev/zero would be read until memory runs
  // out and a FIFO without a writer would hang the run (docs/security.md).
  fsafe::PathKind kind = fsafe::PathKind::Missing;
  struct stat st {};
  int fd = fsafe::open_regular(path, &kind, error, &st);
  if (fd < 0) return false;
  if (st.st_size == 0) {  // mmap of length 0 fails; an empty file is valid input
    ::close(fd);
    return true;
  }
  void* m = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  if (m != MAP_FAILED) {
    ::close(fd);  // the mapping keeps the file alive
    madvise(m, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
    map_ = m;
    map_size_ = static_cast<std::size_t>(st.st_size);
    data_ = static_cast<const char*>(m);
    size_ = map_size_;
    // A truncation by another program during the run must not SIGBUS (fs/mapping_guard.h).
    guard_ = fsafe::guard_mapping(map_, map_size_);
    return true;
  }
  // Some file systems refuse mmap: read it. Bounded by the size the file had when opened, so
  // a file that keeps growing is not read forever.
  const std::size_t cap = static_cast<std::size_t>(st.st_size);
  auto buf = std::make_unique<char[]>(cap + 1);
  std::size_t len = 0;
  while (len < cap) {
    ssize_t n = ::read(fd, buf.get() + len, cap - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
  }
  ::close(fd);
  heap_ = std::move(buf);
  data_ = heap_.get();
  size_ = len;
  return true;
}

}  // namespace clue::csv
