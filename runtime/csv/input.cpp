#include "runtime/csv/input.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

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
  }
  return *this;
}

InputFile::~InputFile() { reset(); }

void InputFile::reset() {
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
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    *error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *error = std::strerror(EISDIR);
    ::close(fd);
    return false;
  }
  if (S_ISREG(st.st_mode)) {
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
      return true;
    }
    // Some file systems refuse mmap: fall through and read.
  }
  // Read loop: grows geometrically; one extra byte so the buffer is never empty.
  std::size_t cap = 1 << 16, len = 0;
  auto buf = std::make_unique<char[]>(cap);
  for (;;) {
    if (len == cap) {
      auto bigger = std::make_unique<char[]>(cap * 2);
      std::memcpy(bigger.get(), buf.get(), len);
      buf = std::move(bigger);
      cap *= 2;
    }
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
