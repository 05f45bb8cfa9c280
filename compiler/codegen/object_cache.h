// Machine code kept between runs: the JIT's object file for a module, keyed by the module's
// unoptimised IR and everything else that decides the code (LLVM version, target CPU and
// features, this clue executable). A model run again, with any data, skips the O3 pipeline
// and code generation (30-70 ms a model) and only links the object. Entries are written
// atomically (a reader never sees half a file); the oldest are removed beyond a size bound.
//
// The objects are executed, so each carries a keyed hash (HMAC-SHA256 with a per-user secret
// key, `.key` in the directory, created 0600) and is verified before it is linked: an object
// altered on disk, by anyone without the key, is discarded and compiled again, never run.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
class Module;
class TargetMachine;
class StringRef;
}  // namespace llvm

namespace clue::codegen {

class ObjectCache {
 public:
  // dir "" = no cache (every lookup misses, nothing is stored).
  explicit ObjectCache(std::string dir);
  bool enabled() const { return !dir_.empty(); }
  // The key of `mod` as it is now (call before optimising it).
  std::string key(const llvm::Module& mod, const llvm::TargetMachine& tm) const;
  // The object stored under `key`, or null.
  std::unique_ptr<llvm::MemoryBuffer> load(const std::string& key) const;
  // Stores `object` under `key`; best effort (a cache that cannot be written is not an error).
  void store(const std::string& key, llvm::StringRef object) const;
  // Objects found altered (their keyed hash did not match) and discarded by load().
  uint64_t rejected() const { return rejected_.load(); }

  // The default directory: $XDG_CACHE_HOME/clue/jit, else $HOME/.cache/clue/jit, else "".
  static std::string default_dir();

 private:
  void prune() const;
  bool open_mac_key();
  std::string mac(const std::string& key, llvm::StringRef object) const;
  std::string dir_;
  std::string mac_key_;  // 32 secret bytes
  mutable std::atomic<uint64_t> rejected_{0};
  std::string build_;  // identifies this executable (a rebuilt clue starts afresh)
};

}  // namespace clue::codegen
