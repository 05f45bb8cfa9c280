#include "runtime/io/input_hashes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
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
    f.fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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

// Counts `bytes` as handed over by f's reader and drops from their front what is hashed
// already (read ahead). False when nothing of them is left to hash.
bool InputHasher::unhashed(File& f, std::string_view& bytes) {
  if (f.path.empty() || f.failed) return false;
  const uint64_t start = f.fed, done = f.hash.size();
  f.fed += bytes.size();
  if (f.fed <= done) return false;  // read ahead already
  if (start > done) {               // not the contract; stay correct
    f.failed = true;
    return false;
  }
  bytes.remove_prefix(size_t(done - start));
  return true;
}

void InputHasher::feed_pair(size_t i, std::string_view a, size_t j, std::string_view b) {
  File& x = files_[i];
  File& y = files_[j];
  const bool fx = unhashed(x, a), fy = unhashed(y, b);
  if (fx && fy) Sha256::update_pair(x.hash, a, y.hash, b);
  else if (fx) x.hash.update(a);
  else if (fy) y.hash.update(b);
}

void InputHasher::feed(size_t i, std::string_view bytes, bool pair_ahead) {
  File& f = files_[i];
  if (!unhashed(f, bytes)) return;
  if (!Sha256::two_at_once() || !pair_ahead) {
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

namespace {
// A lone file's stretches wait this long for the other reader's to pair with (the readers
// offer about 170 KB every millisecond or so), up to this many bytes waiting.
constexpr auto kPairWait = std::chrono::milliseconds(2);
constexpr uint64_t kPairBytes = uint64_t{4} << 20;
}  // namespace

HashThread::HashThread(std::shared_ptr<InputHasher> hasher, std::vector<bool> streamed)
    : hasher_(std::move(hasher)) {
  for (bool on : streamed) {
    streams_.push_back(std::make_unique<Stream>());
    streams_.back()->active = on;
  }
  thread_ = std::thread([this] { run(); });
}

HashThread::~HashThread() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& s : streams_) s->active = false;
  }
  work_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HashThread::offer(size_t i, std::string_view bytes) {
  if (bytes.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    streams_[i]->pending.push_back(bytes);
    streams_[i]->pending_bytes += bytes.size();
  }
  work_.notify_one();
}

uint64_t HashThread::taken(size_t i) const { return streams_[i]->taken.load(std::memory_order_acquire); }

void HashThread::wait_taken(size_t i, uint64_t n) {
  std::unique_lock<std::mutex> lock(mu_);
  progress_.wait(lock, [&] { return streams_[i]->taken.load(std::memory_order_acquire) >= n; });
}

void HashThread::done(size_t i) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    streams_[i]->active = false;
  }
  work_.notify_one();
}

void HashThread::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    // The two files with the most waiting; a lone one waits a little for a partner while
    // another reader is still going.
    size_t a = SIZE_MAX, b = SIZE_MAX;
    bool others_active = false;
    for (size_t i = 0; i < streams_.size(); ++i) {
      const Stream& s = *streams_[i];
      if (s.pending.empty()) {
        others_active |= s.active;
        continue;
      }
      if (a == SIZE_MAX || s.pending_bytes > streams_[a]->pending_bytes) b = a, a = i;
      else if (b == SIZE_MAX || s.pending_bytes > streams_[b]->pending_bytes) b = i;
    }
    if (a == SIZE_MAX) {
      bool any_active = false;
      for (const auto& s : streams_) any_active |= s->active;
      if (!any_active) return;
      work_.wait(lock);
      continue;
    }
    if (b == SIZE_MAX && others_active && streams_[a]->pending_bytes < kPairBytes &&
        work_.wait_for(lock, kPairWait) != std::cv_status::timeout)
      continue;  // something arrived: look again
    Stream& x = *streams_[a];
    std::string_view xa = x.pending.front(), yb;
    if (b != SIZE_MAX) {
      Stream& y = *streams_[b];
      yb = y.pending.front();
      const size_t n = std::min(xa.size(), yb.size());
      xa = xa.substr(0, n);
      yb = yb.substr(0, n);
    }
    lock.unlock();
    if (b != SIZE_MAX) hasher_->feed_pair(a, xa, b, yb);
    else hasher_->feed(a, xa, false);
    lock.lock();
    auto consume = [](Stream& s, size_t n) {
      s.pending.front().remove_prefix(n);
      if (s.pending.front().empty()) s.pending.pop_front();
      s.pending_bytes -= n;
      s.taken.fetch_add(n, std::memory_order_release);
    };
    consume(x, xa.size());
    if (b != SIZE_MAX) consume(*streams_[b], yb.size());
    progress_.notify_all();
  }
}

std::vector<std::string> HashThread::finish() {
  if (thread_.joinable()) thread_.join();
  return hasher_->finish();
}

}  // namespace clue::io
