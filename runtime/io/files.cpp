#include "runtime/io/files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "runtime/fs/mapping_guard.h"

namespace clue::io {

std::string sha256_file(const std::string& path) {
  Sha256 h;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return "";
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);  // never hash /dev/zero or a FIFO
  // Hashed straight from the page cache through a mapping: read() would copy every byte
  // once more (5 % of a run's time at 0.5 GB of input). Pages are dropped behind the hash
  // so that the process never holds more than one window of the file.
  void* map = ok && st.st_size > 0 ? mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  if (map != MAP_FAILED) {
    // A truncation while hashing must not SIGBUS (fs/mapping_guard.h); the run sees the
    // changed file before it writes anything.
    const int guard = fsafe::guard_mapping(map, size_t(st.st_size));
    madvise(map, size_t(st.st_size), MADV_SEQUENTIAL);
    const auto* p = static_cast<const unsigned char*>(map);
    constexpr size_t kWindow = size_t{8} << 20;
    for (size_t off = 0; off < size_t(st.st_size); off += kWindow) {
      const size_t n = std::min(kWindow, size_t(st.st_size) - off);
      h.update(std::string_view(reinterpret_cast<const char*>(p) + off, n));
      madvise(const_cast<unsigned char*>(p) + off, n & ~size_t(4095), MADV_DONTNEED);
    }
    fsafe::unguard_mapping(guard);
    munmap(map, size_t(st.st_size));
  } else if (ok) {  // empty, or a file system that cannot map: read it
    std::vector<char> buf(1 << 20);
    for (;;) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) ok = false;
      if (n <= 0) break;
      h.update(std::string_view(buf.data(), size_t(n)));
    }
  }
  ::close(fd);
  if (!ok) return "";
  return h.hex_digest();
}

std::string sha256_text(const std::string& text) {
  Sha256 h;
  h.update(text);
  return h.hex_digest();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

namespace {
// The permissions a file created with open(..., 0666) would get: mkstemp makes 0600.
mode_t file_mode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mode_t(0666 & ~mask);
  }();
  return mode;
}
}  // namespace

int create_temp_beside(const std::string& path, std::string& tmp) {
  // Beside the target (same file system, so the rename is atomic), under a name nobody can
  // predict, created with O_EXCL: a planted file or symbolic link is never opened or followed.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string templ = dir + "." + base + ".clue-tmp-XXXXXX";
  const int fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd < 0) return -1;
  ::fchmod(fd, file_mode());
  tmp = templ;
  return fd;
}

std::string AtomicFile::open(const std::string& path) {
  path_ = path;
  fd_ = create_temp_beside(path, tmp_);
  return fd_ < 0 ? std::strerror(errno) : std::string();
}

void AtomicFile::write(std::string_view bytes) {
  while (fd_ >= 0 && error_.empty() && !bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? std::strerror(errno) : "write failed";
      break;
    }
    bytes.remove_prefix(size_t(n));
  }
}

std::string AtomicFile::commit() {
  if (fd_ < 0) return "not open";
  const int fd = std::exchange(fd_, -1);
  // Every step is checked: a full disk may show only at fsync or close (NFS, quotas).
  if (error_.empty() && ::fsync(fd) != 0) error_ = std::strerror(errno);
  if (::close(fd) != 0 && error_.empty()) error_ = std::strerror(errno);
  if (error_.empty() && std::rename(tmp_.c_str(), path_.c_str()) != 0) error_ = std::strerror(errno);
  if (!error_.empty()) ::unlink(tmp_.c_str());
  return error_;
}

std::string write_atomic(const std::string& path, const std::string& content) {
  AtomicFile f;
  if (std::string err = f.open(path); !err.empty()) return err;
  f.write(content);
  return f.commit();
}

}  // namespace clue::io
