// What identifies the bytes of an input file over a run: its device and inode (the same file,
// not another one renamed into its place), its size, and its modification and change times in
// nanoseconds. Any write to a file moves its ctime, which no user can set back, so a
// same-length rewrite is seen even when its mtime was restored. `clue run` takes it before
// loading and again before writing anything: the leads, the rejects and the manifest's
// SHA-256 must all come from the same bytes.
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <string>

namespace clue::fsafe {

struct FileIdentity {
  bool exists = false;
  uint64_t dev = 0, ino = 0, size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
};

FileIdentity identity_of(const struct stat& st);
FileIdentity identity_of_path(const std::string& path);  // stat; exists = false when it cannot

// How `now` differs from `before`, for a message ("it was truncated from 10 to 4 bytes",
// "it was replaced by another file", ...); empty when they are the same.
std::string identity_change_en(const FileIdentity& before, const FileIdentity& now);
std::string identity_change_zh(const FileIdentity& before, const FileIdentity& now);

}  // namespace clue::fsafe
