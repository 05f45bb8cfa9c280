#include "compiler/codegen/object_cache.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "compiler/codegen/lower.h"
#include "runtime/io/files.h"

namespace clue::codegen {
namespace fs = std::filesystem;

namespace {
// Bound on the directory: objects are 10-100 KB, so this keeps a few hundred models.
constexpr uintmax_t kMaxBytes = uintmax_t{64} << 20;
}  // namespace

ObjectCache::ObjectCache(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) return;
  // The executable's size and modification time: the optimisation pipeline and code
  // generation options are part of it, so a rebuilt clue must not reuse older objects.
  struct stat st {};
  if (::stat("/proc/self/exe", &st) != 0) {
    dir_.clear();
    return;
  }
  build_ = std::to_string(st.st_size) + "." + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
  // A directory made here is the user's only; one that exists is left as it is (it may be
  // shared: never chmod someone's directory).
  std::error_code ec;
  const bool made = fs::create_directories(dir_, ec);
  if (!ec && made) fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
  // Its objects are executed: a directory someone else owns, or others may write to, is not
  // used at all.
  struct stat ds {};
  if (ec || ::stat(dir_.c_str(), &ds) != 0 || !S_ISDIR(ds.st_mode) || ds.st_uid != ::geteuid() ||
      (ds.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    dir_.clear();
}

std::string ObjectCache::default_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/clue/jit";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/clue/jit";
  return "";
}

std::string ObjectCache::key(const llvm::Module& mod, const llvm::TargetMachine& tm) const {
  if (dir_.empty()) return "";
  return io::sha256_text(std::string("clue object cache 1\n") + LLVM_VERSION_STRING + "\n" + build_ + "\n" +
                         tm.getTargetTriple().str() + "\n" + tm.getTargetCPU().str() + "\n" +
                         tm.getTargetFeatureString().str() + "\n" + module_text(mod));
}

std::unique_ptr<llvm::MemoryBuffer> ObjectCache::load(const std::string& key) const {
  if (dir_.empty() || key.empty()) return nullptr;
  auto buf = llvm::MemoryBuffer::getFile(dir_ + "/" + key + ".o", /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buf) return nullptr;
  return std::move(*buf);
}

void ObjectCache::store(const std::string& key, llvm::StringRef object) const {
  if (dir_.empty() || key.empty()) return;
  if (!io::write_atomic(dir_ + "/" + key + ".o", object.str()).empty()) return;
  prune();
}

// Removes the least recently written objects while the directory is over its bound.
void ObjectCache::prune() const {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  uintmax_t total = 0;
  for (const auto& de : fs::directory_iterator(dir_, ec)) {
    if (!de.is_regular_file(ec) || de.path().extension() != ".o") continue;
    total += de.file_size(ec);
    files.emplace_back(de.last_write_time(ec), de.path());
  }
  if (total <= kMaxBytes) return;
  std::sort(files.begin(), files.end());
  for (const auto& [t, p] : files) {
    if (total <= kMaxBytes * 3 / 4) break;
    const uintmax_t n = fs::file_size(p, ec);
    if (fs::remove(p, ec)) total -= n;
  }
}

}  // namespace clue::codegen
