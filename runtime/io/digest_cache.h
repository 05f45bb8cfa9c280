// The inputs' SHA-256 remembered between runs. An analyst runs many models, and one model with
// many params, over the same exports; hashing them again each time was 12 % of due_claims'
// CPU at 1 M rows. A digest is kept under the file's identity (runtime/fs/file_identity.h:
// device, inode, size, mtime and ctime in ns) and reused while that identity is unchanged:
// any write to a file moves its ctime, which no user can set back.
//
// As git does for its index, a digest is not kept for a file whose mtime or ctime lies within
// kRacyNs of the moment its identity was taken: a write in the same tick of the file system's
// clock could change the bytes and leave the identity as it was. A cache that cannot be read
// or written is ignored (never an error), and a line that does not check out (its own
// checksum, a torn write, an edit) is never used: a miss, never a wrong digest.
//
// One small text file, `input-sha256` in the cache directory (by default
// $XDG_CACHE_HOME/clue, else ~/.cache/clue; never beside the data). Like the JIT's cache, a
// directory someone else owns or others may write to is not used, nor a file so.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/fs/file_identity.h"

namespace clue::io {

class DigestCache {
 public:
  // Files this close to the moment their identity was taken are not remembered.
  static constexpr int64_t kRacyNs = int64_t{2} * 1000000000;
  // Entries kept, newest first; older ones are dropped (about 150 bytes each).
  static constexpr size_t kMaxEntries = 4096;

  // `dir` empty: off (every lookup misses, nothing is written). A directory that does not
  // exist is made (0700) when something is first remembered.
  explicit DigestCache(std::string dir);
  // $XDG_CACHE_HOME/clue, else $HOME/.cache/clue, else "" (off).
  static std::string default_dir();

  // The hex SHA-256 recorded for a file of exactly this identity, or "".
  std::string find(const fsafe::FileIdentity& id);

  struct Entry {
    fsafe::FileIdentity id;
    std::string sha256;  // hex
  };
  // Records digests computed from files whose identity was taken at `taken_ns` (Unix time in
  // ns, read before the stat) and was the same after hashing. Entries inside the racy window
  // are skipped. Returns how many were written (0 when the cache is off or unwritable).
  size_t remember(const std::vector<Entry>& entries, int64_t taken_ns);

  // Whether a file of this identity, taken at `taken_ns`, is too recent to be remembered.
  static bool racy(const fsafe::FileIdentity& id, int64_t taken_ns);
  // The wall clock in ns, for taken_ns.
  static int64_t now_ns();

  const std::string& path() const { return path_; }

 private:
  void load();
  std::string dir_, path_;
  bool loaded_ = false;
  std::vector<Entry> entries_;  // newest first
};

}  // namespace clue::io
