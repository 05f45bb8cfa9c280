#include "runtime/fs/regular_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clue::fsafe {

namespace {
PathKind kind_of(mode_t m) {
  if (S_ISREG(m)) return PathKind::Regular;
  if (S_ISDIR(m)) return PathKind::Directory;
  if (S_ISCHR(m)) return PathKind::CharDevice;
  if (S_ISBLK(m)) return PathKind::BlockDevice;
  if (S_ISFIFO(m)) return PathKind::Fifo;
  if (S_ISSOCK(m)) return PathKind::Socket;
  return PathKind::Other;
}
}  // namespace

PathKind path_kind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return PathKind::Missing;
  return kind_of(st.st_mode);
}

const char* kind_text_en(PathKind k) {
  switch (k) {
    case PathKind::Regular: return "a regular file";
    case PathKind::Missing: return "missing";
    case PathKind::Directory: return "a folder";
    case PathKind::CharDevice: return "a device";
    case PathKind::BlockDevice: return "a block device";
    case PathKind::Fifo: return "a pipe (FIFO)";
    case PathKind::Socket: return "a socket";
    case PathKind::Other: break;
  }
  return "not a file";
}

const char* kind_text_zh(PathKind k) {
  switch (k) {
    case PathKind::Regular: return "普通文件";
    case PathKind::Missing: return "不存在";
    case PathKind::Directory: return "目录";
    case PathKind::CharDevice: return "设备";
    case PathKind::BlockDevice: return "块设备";
    case PathKind::Fifo: return "管道（FIFO）";
    case PathKind::Socket: return "套接字";
    case PathKind::Other: break;
  }
  return "非文件";
}

int open_regular(const std::string& path, PathKind* kind, std::string* error, struct stat* st_out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int e = errno;
    // A folder cannot be opened this way on some systems; say what it is, not just EISDIR.
    *kind = e == EISDIR ? PathKind::Directory : PathKind::Missing;
    *error = std::strerror(e);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    *kind = PathKind::Missing;
    *error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  *kind = kind_of(st.st_mode);
  if (*kind != PathKind::Regular) {
    *error = kind_text_en(*kind);
    ::close(fd);
    return -1;
  }
  // Regular files never block; clear the flag anyway so later reads behave as usual.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (st_out) *st_out = st;
  return fd;
}

bool read_regular(const std::string& path, std::string& out, PathKind* kind, std::string* error) {
  // Callers that only need the bytes pass null for what they do not need.
  PathKind kind_ignored = PathKind::Missing;
  std::string error_ignored;
  struct stat st {};
  const int fd = open_regular(path, kind ? kind : &kind_ignored, error ? error : &error_ignored, &st);
  if (fd < 0) return false;
  out.clear();
  // The size is a hint only: a file that grows while it is read is read to its end.
  out.reserve(size_t(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buf, size_t(n));
  }
  ::close(fd);
  return true;
}

}  // namespace clue::fsafe
