#include "runtime/io/input_hashes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace clue::io {
namespace {
constexpr size_t kNone = size_t(-1);
// Bytes read per step when a file is read here: two such buffers stay in the L2 cache
// between the read and the hash.
constexpr size_t kWindow = size_t{256} << 10;
}  // namespace

InputHasher::InputHasher(const std::vector<std::string>& paths) : files_(paths.size()) {
  for (size_t i = 0; i < paths.size(); ++i) {
    File& f = files_[i];
    f.path = paths[i];
    if (f.path.empty()) continue;
    f.fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (f.fd < 0 || ::fstat(f.fd, &st) != 0) {
      f.failed = true;
      continue;
    }
    f.size = uint64_t(st.st_size);
    posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
}

InputHasher::~InputHasher() {
  for (File& f : files_)
    if (f.fd >= 0) ::close(f.fd);
}

// The next up to `max` bytes of `f` after what is hashed, read into `buf`; empty at the end
// of the file (as it was at open) or on an error (the file is then marked failed).
std::string_view InputHasher::read_ahead(File& f, std::vector<char>& buf, size_t max) {
  const uint64_t at = f.hash.size();
  if (f.failed || at >= f.size) return {};
  const size_t want = size_t(std::min<uint64_t>(max, f.size - at));
  if (buf.size() < want) buf.resize(want);
  size_t got = 0;
  while (got < want) {
    const ssize_t n = ::pread(f.fd, buf.data() + got, want - got, off_t(at + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += size_t(n);
  }
  if (got < want) f.failed = true;  // shrank or unreadable: no digest rather than a wrong one
  return f.failed ? std::string_view() : std::string_view(buf.data(), got);
}

// A file whose next bytes can be hashed beside file i's: not yet handed over by its reader
// (at one thread, files are parsed one after another) and not finished. The one with the
// most left, so that the pairs last longest.
size_t InputHasher::companion(size_t i) const {
  size_t best = kNone;
  uint64_t most = 0;
  for (size_t j = 0; j < files_.size(); ++j) {
    const File& f = files_[j];
    if (j == i || f.path.empty() || f.failed || f.fed > f.hash.size()) continue;
    const uint64_t left = f.size > f.hash.size() ? f.size - f.hash.size() : 0;
    if (left > most) {
      most = left;
      best = j;
    }
  }
  return best;
}

void InputHasher::feed(size_t i, std::string_view bytes) {
  File& f = files_[i];
  if (f.path.empty() || f.failed) return;
  const uint64_t start = f.fed;
  f.fed += bytes.size();
  const uint64_t done = f.hash.size();
  if (f.fed <= done) return;                             // read ahead already
  if (start < done) bytes.remove_prefix(size_t(done - start));
  if (start > done) {                                    // not the contract; stay correct
    f.failed = true;
    return;
  }
  if (!Sha256::two_at_once()) {
    f.hash.update(bytes);
    return;
  }
  while (!bytes.empty()) {
    const std::string_view mine = bytes.substr(0, kWindow);
    bytes.remove_prefix(mine.size());
    const size_t c = companion(i);
    const std::string_view other = c == kNone ? std::string_view() : read_ahead(files_[c], ahead_, mine.size());
    if (other.empty())
      f.hash.update(mine);
    else
      Sha256::update_pair(f.hash, mine, files_[c].hash, other);
  }
}

std::vector<std::string> InputHasher::finish() {
  for (;;) {
    // The two files with the most left go side by side; a last one alone.
    size_t a = kNone, b = kNone;
    uint64_t la = 0, lb = 0;
    for (size_t j = 0; j < files_.size(); ++j) {
      const File& f = files_[j];
      if (f.path.empty() || f.failed || f.hash.size() >= f.size) continue;
      const uint64_t left = f.size - f.hash.size();
      if (left > la) {
        b = a, lb = la;
        a = j, la = left;
      } else if (left > lb) {
        b = j, lb = left;
      }
    }
    if (a == kNone) break;
    const std::string_view x = read_ahead(files_[a], ahead_, kWindow);
    const std::string_view y = b == kNone ? std::string_view() : read_ahead(files_[b], ahead2_, kWindow);
    if (!y.empty())
      Sha256::update_pair(files_[a].hash, x, files_[b].hash, y);
    else
      files_[a].hash.update(x);
  }
  std::vector<std::string> out(files_.size());
  for (size_t j = 0; j < files_.size(); ++j)
    if (!files_[j].path.empty() && !files_[j].failed) out[j] = files_[j].hash.hex_digest();
  return out;
}

std::vector<std::string> sha256_files(const std::vector<std::string>& paths) { return InputHasher(paths).finish(); }

}  // namespace clue::io
