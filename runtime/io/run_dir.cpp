#include "runtime/io/run_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "runtime/fs/file_names.h"
#include "runtime/io/files.h"

namespace clue::io {
namespace stdfs = std::filesystem;

namespace {

// ---- cleanup on a signal ---------------------------------------------------------------------
// The staging folder's path, for the handler: a fixed buffer, written before the handlers are
// installed and cleared (armed = 0) before the folder stops being ours.
char g_staging[4096];
volatile sig_atomic_t g_armed = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

// Removes the files of a flat folder, then the folder: open, getdents64, unlinkat, rmdir —
// system calls only, safe in a signal handler (opendir/readdir allocate).
void remove_flat_dir_signal_safe(const char* path) {
  for (int round = 0; round < 4; ++round) {  // a file created meanwhile is caught next round
    const int dfd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (dfd < 0) return;
    alignas(8) char buf[8192];
    bool any = false;
    for (;;) {
      const long n = ::syscall(SYS_getdents64, dfd, buf, sizeof buf);
      if (n <= 0) break;
      for (long off = 0; off < n;) {
        struct Dirent64 {
          uint64_t ino;
          int64_t off;
          unsigned short reclen;
          unsigned char type;
          char name[1];
        };
        const auto* d = reinterpret_cast<const Dirent64*>(buf + off);
        off += d->reclen;
        if (d->name[0] == '.' && (d->name[1] == 0 || (d->name[1] == '.' && d->name[2] == 0))) continue;
        ::unlinkat(dfd, d->name, 0);
        any = true;
      }
    }
    ::close(dfd);
    if (::rmdir(path) == 0 || !any) return;
  }
}

void on_signal(int sig) {
  if (g_armed) {
    g_armed = 0;
    remove_flat_dir_signal_safe(g_staging);
  }
  // End as the signal would have (exit status 128+sig for the shell).
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void arm(const std::string& staging) {
  if (staging.size() >= sizeof g_staging) return;  // not armed: the next run removes it
  std::memcpy(g_staging, staging.c_str(), staging.size() + 1);
  g_armed = 1;
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (size_t i = 0; i < std::size(kSignals); ++i) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int s : kSignals) sigaddset(&sa.sa_mask, s);  // one cleanup at a time
    ::sigaction(kSignals[i], &sa, &g_previous[i]);
    // A signal the caller ignores (nohup) stays ignored.
    if (g_previous[i].sa_handler == SIG_IGN) ::sigaction(kSignals[i], &g_previous[i], nullptr);
  }
}

void disarm() { g_armed = 0; }

}  // namespace

void remove_staging_now() {
  if (!g_armed) return;
  g_armed = 0;
  remove_flat_dir_signal_safe(g_staging);
}

namespace {

// ---- the folder ----------------------------------------------------------------------------

std::string strip_trailing_slashes(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// "" when `dir` may be replaced by a run (empty, or an earlier run: files only, with
// manifest.json, or rejects.csv alone as a --strict run leaves it); else what it holds, for
// E0553.
std::string why_not_a_run(const std::string& dir) {
  std::error_code ec;
  bool manifest = false, any = false;
  std::string first_file;
  for (const auto& e : stdfs::directory_iterator(dir, ec)) {
    any = true;
    const std::string name = e.path().filename().string();
    std::error_code ec2;
    if (!e.is_regular_file(ec2) || e.is_symlink(ec2))
      return "'" + name + "' is not a file that a run writes";
    if (name == "manifest.json") manifest = true;
    else if (name != "rejects.csv" && (first_file.empty() || name < first_file)) first_file = name;  // the same on every file system
  }
  if (ec) return ec.message();
  if (!any || manifest || first_file.empty()) return "";
  return "'" + first_file + "' and no manifest.json";
}

// Staging folders of this --out whose process is gone (kill -9, a power cut): removed.
void remove_stale_staging(const stdfs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& e : stdfs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)) {
      std::error_code ec2;
      stdfs::remove_all(e.path(), ec2);
    }
  }
}

bool fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

RunDir::~RunDir() {
  if (staging_.empty() || committed_) return;
  disarm();
  std::error_code ec;
  stdfs::remove_all(staging_, ec);
}

RunDir::Error RunDir::open(const std::string& out) {
  out_ = strip_trailing_slashes(out);  // as the user wrote it: for messages and the manifest
  const stdfs::path abs = stdfs::absolute(out_).lexically_normal();
  stdfs::path target = abs;
  if (!target.has_filename()) target = target.parent_path();  // "out/" or "."
  const stdfs::path parent = target.parent_path();
  const std::string base = target.filename().string();
  if (base.empty() || base == "." || base == ".." || target == target.root_path())
    return {Error::Io, out_, "not a folder a run can be moved into"};
  std::error_code ec;
  stdfs::create_directories(parent, ec);
  if (ec) {
    const std::string shown = stdfs::path(out_).parent_path().string();
    return {Error::Io, shown.empty() ? parent.string() : shown, ec.message()};
  }
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return {Error::NotARun, out_, "it is not a folder"};
    if (std::string why = why_not_a_run(target.string()); !why.empty()) return {Error::NotARun, out_, why};
  }
  const std::string prefix = "." + base + ".clue-tmp-";
  remove_stale_staging(parent, prefix);
  std::string templ = (parent / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (!::mkdtemp(templ.data())) return {Error::Io, templ, std::strerror(errno)};
  staging_ = templ;
  target_ = target.string();
  arm(staging_);
  return {};
}

std::string RunDir::staged(const std::string& name) const {
  if (staging_.empty() || !fsafe::is_plain_file_name(name)) return "";
  return (stdfs::path(staging_) / name).string();
}

std::string RunDir::final_path(const std::string& name) const { return (stdfs::path(out_) / name).string(); }

RunDir::Error RunDir::commit() {
  if (staging_.empty()) return {Error::Io, out_, "no staging folder"};
  // An ordinary folder's permissions (mkdtemp made it 0700 while it was being written).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(staging_.c_str(), 0777 & ~mask);
  if (!fsync_dir(staging_)) return {Error::Io, staging_, std::strerror(errno)};
  const std::string parent = stdfs::path(target_).parent_path().string();
  struct stat st {};
  if (::lstat(target_.c_str(), &st) != 0) {
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) return {Error::Io, out_, std::strerror(errno)};
    committed_ = true;
    disarm();
  } else {
    // --out holds an earlier run (checked at open; checked again: it may have changed).
    if (!S_ISDIR(st.st_mode)) return {Error::NotARun, out_, "it is not a folder"};
    if (std::string why = why_not_a_run(target_); !why.empty()) return {Error::NotARun, out_, why};
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      committed_ = true;  // the staging name now holds the earlier run: still armed, to remove it
    } else {
      // A file system without RENAME_EXCHANGE: move the earlier run aside, then this one in.
      // For a moment --out does not exist: still never a mix of two runs.
      const std::string aside = staging_ + "-old";
      if (std::rename(target_.c_str(), aside.c_str()) != 0) return {Error::Io, out_, std::strerror(errno)};
      if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        std::rename(aside.c_str(), target_.c_str());  // the earlier run back in place
        return {Error::Io, out_, err};
      }
      committed_ = true;
      std::memcpy(g_staging, aside.c_str(), std::min(aside.size() + 1, sizeof g_staging - 1));
      staging_ = aside;
    }
    std::error_code ec;
    stdfs::remove_all(staging_, ec);  // the earlier run
    disarm();
  }
  fsync_dir(parent);
  return {};
}

}  // namespace clue::io
