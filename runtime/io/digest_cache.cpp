#include "runtime/io/digest_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "runtime/io/files.h"

namespace clue::io {
namespace {

constexpr std::string_view kHeader = "clue input-sha256 1\n";
constexpr size_t kCheckHex = 16;                 // of the line's SHA-256: against torn or edited lines
constexpr off_t kMaxFileBytes = off_t{4} << 20;  // far above kMaxEntries lines; more is not ours

// The checksum of a line's fields (everything after the checksum and its space).
std::string check_of(std::string_view fields) {
  return sha256_text(std::string(kHeader) + std::string(fields)).substr(0, kCheckHex);
}

std::string fields_of(const DigestCache::Entry& e) {
  const fsafe::FileIdentity& id = e.id;
  return std::to_string(id.dev) + " " + std::to_string(id.ino) + " " + std::to_string(id.size) + " " +
         std::to_string(id.mtime_ns) + " " + std::to_string(id.ctime_ns) + " " + e.sha256;
}

bool is_hex_digest(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

template <typename T>
bool take_number(std::string_view& s, T& out) {
  const size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return false;
  const auto r = std::from_chars(s.data(), s.data() + sp, out);
  if (r.ec != std::errc() || r.ptr != s.data() + sp) return false;
  s.remove_prefix(sp + 1);
  return true;
}

// One line (without its newline) into an entry; false for anything that does not check out.
bool parse_line(std::string_view line, DigestCache::Entry& e) {
  if (line.size() <= kCheckHex + 1 || line[kCheckHex] != ' ') return false;
  const std::string_view check = line.substr(0, kCheckHex), fields = line.substr(kCheckHex + 1);
  if (check_of(fields) != check) return false;
  std::string_view s = fields;
  fsafe::FileIdentity& id = e.id;
  if (!take_number(s, id.dev) || !take_number(s, id.ino) || !take_number(s, id.size) ||
      !take_number(s, id.mtime_ns) || !take_number(s, id.ctime_ns) || !is_hex_digest(s))
    return false;
  id.exists = true;
  e.sha256 = std::string(s);
  return true;
}

bool same(const fsafe::FileIdentity& a, const fsafe::FileIdentity& b) {
  return a.exists && b.exists && a.dev == b.dev && a.ino == b.ino && a.size == b.size && a.mtime_ns == b.mtime_ns &&
         a.ctime_ns == b.ctime_ns;
}

// This user's, and nobody else may write to it: digests planted by someone else would be put
// in the manifest as if computed.
bool private_enough(const struct stat& st) {
  return st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

bool usable_dir(const std::string& dir) {
  struct stat st {};
  return ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && private_enough(st);
}

}  // namespace

DigestCache::DigestCache(std::string dir) : dir_(std::move(dir)) {
  if (!dir_.empty()) path_ = dir_ + "/input-sha256";
}

std::string DigestCache::default_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/clue";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/clue";
  return "";
}

int64_t DigestCache::now_ns() {
  struct timespec ts {};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

bool DigestCache::racy(const fsafe::FileIdentity& id, int64_t taken_ns) {
  // A time in the future (another machine's clock, a file touched ahead) is racy too.
  return !id.exists || id.mtime_ns >= taken_ns - kRacyNs || id.ctime_ns >= taken_ns - kRacyNs;
}

void DigestCache::load() {
  loaded_ = true;
  entries_.clear();
  if (path_.empty() || !usable_dir(dir_)) return;
  const int fd = ::open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  struct stat st {};
  std::string text;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && private_enough(st) && st.st_size <= kMaxFileBytes) {
    text.resize(size_t(st.st_size));
    size_t got = 0;
    while (got < text.size()) {
      const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += size_t(n);
    }
    text.resize(got);
  }
  ::close(fd);
  if (text.compare(0, kHeader.size(), kHeader) != 0) return;  // empty, unreadable or not ours
  std::string_view rest = std::string_view(text).substr(kHeader.size());
  while (!rest.empty() && entries_.size() < kMaxEntries) {
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) break;  // a torn last line
    Entry e;
    if (parse_line(rest.substr(0, nl), e)) entries_.push_back(std::move(e));
    rest.remove_prefix(nl + 1);
  }
}

std::string DigestCache::find(const fsafe::FileIdentity& id) {
  if (path_.empty()) return "";
  if (!loaded_) load();
  for (const Entry& e : entries_)
    if (same(e.id, id)) return e.sha256;
  return "";
}

size_t DigestCache::remember(const std::vector<Entry>& fresh, int64_t taken_ns) {
  if (path_.empty()) return 0;
  std::vector<Entry> keep;
  for (const Entry& e : fresh)
    if (!racy(e.id, taken_ns) && is_hex_digest(e.sha256)) keep.push_back(e);
  if (keep.empty()) return 0;
  // A directory made here is the user's only; an existing one is used as it is, if private.
  std::error_code ec;
  if (std::filesystem::create_directories(dir_, ec) && !ec)
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  if (ec || !usable_dir(dir_)) return 0;
  // What other runs wrote meanwhile stays; an older version of the same file (its device and
  // inode) goes, and the oldest beyond kMaxEntries.
  load();
  const size_t stored = keep.size();
  for (const Entry& old : entries_) {
    if (keep.size() >= kMaxEntries) break;
    bool replaced = false;
    for (size_t k = 0; k < stored && !replaced; ++k)
      replaced = old.id.dev == keep[k].id.dev && old.id.ino == keep[k].id.ino;
    if (!replaced) keep.push_back(old);
  }
  std::string text(kHeader);
  for (const Entry& e : keep) {
    const std::string f = fields_of(e);
    text += check_of(f) + " " + f + "\n";
  }
  // A temporary file of mode 0600 renamed over the cache: readers see the old file or the new.
  std::string tmp;
  const int fd = create_temp_beside(path_, tmp);
  if (fd < 0) return 0;
  bool ok = ::fchmod(fd, 0600) == 0;
  for (size_t at = 0; ok && at < text.size();) {
    const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) at += size_t(n);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return 0;
  }
  entries_ = std::move(keep);
  return stored;
}

}  // namespace clue::io
