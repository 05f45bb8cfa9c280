#include "compiler/codegen/object_cache.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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
constexpr size_t kMacKeyBytes = 32, kMacBytes = 32;  // HMAC-SHA256
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
      (ds.st_mode & (S_IWGRP | S_IWOTH)) != 0 || !open_mac_key())
    dir_.clear();
}

// The secret key of the objects' hashes: `.key`, made once with O_EXCL (never through a
// planted symlink: O_NOFOLLOW) and mode 0600. A key file that is not a regular file of this
// user's, readable by others, or not 32 bytes switches the cache off rather than trust it.
bool ObjectCache::open_mac_key() {
  const std::string path = dir_ + "/.key";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    unsigned char fresh[kMacKeyBytes];
    bool ok = RAND_bytes(fresh, sizeof fresh) == 1 && ::write(fd, fresh, sizeof fresh) == ssize_t(sizeof fresh);
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
      ::unlink(path.c_str());
      return false;
    }
  } else if (errno != EEXIST) {
    return false;
  }
  fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat ks {};
  char buf[kMacKeyBytes + 1];
  const bool trusted = ::fstat(fd, &ks) == 0 && S_ISREG(ks.st_mode) && ks.st_uid == ::geteuid() &&
                       (ks.st_mode & 077) == 0 && ::read(fd, buf, sizeof buf) == ssize_t(kMacKeyBytes);
  ::close(fd);
  if (!trusted) return false;
  mac_key_.assign(buf, kMacKeyBytes);
  return true;
}

std::string ObjectCache::mac(const std::string& key, llvm::StringRef object) const {
  // The entry's name is hashed with its bytes: an object cannot be passed off under another key.
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC_CTX* ctx = HMAC_CTX_new();
  if (!ctx) return {};
  bool ok = HMAC_Init_ex(ctx, mac_key_.data(), int(mac_key_.size()), EVP_sha256(), nullptr) == 1 &&
            HMAC_Update(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size()) == 1 &&
            HMAC_Update(ctx, reinterpret_cast<const unsigned char*>("\n"), 1) == 1 &&
            HMAC_Update(ctx, reinterpret_cast<const unsigned char*>(object.data()), object.size()) == 1 &&
            HMAC_Final(ctx, out, &n) == 1;
  HMAC_CTX_free(ctx);
  return ok && n == kMacBytes ? std::string(reinterpret_cast<const char*>(out), n) : std::string();
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
  const std::string path = dir_ + "/" + key + ".o";
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buf) return nullptr;
  // The object, then its keyed hash (kMacBytes): verified before anything of it is used.
  const llvm::StringRef all = (*buf)->getBuffer();
  if (all.size() > kMacBytes) {
    const llvm::StringRef object = all.drop_back(kMacBytes), stored = all.take_back(kMacBytes);
    const std::string want = mac(key, object);
    if (want.size() == kMacBytes && CRYPTO_memcmp(want.data(), stored.data(), kMacBytes) == 0)
      return llvm::MemoryBuffer::getMemBufferCopy(object, path);
  }
  ++rejected_;
  std::error_code ec;
  fs::remove(path, ec);
  return nullptr;
}

void ObjectCache::store(const std::string& key, llvm::StringRef object) const {
  if (dir_.empty() || key.empty()) return;
  const std::string tag = mac(key, object);
  if (tag.size() != kMacBytes) return;
  if (!io::write_atomic(dir_ + "/" + key + ".o", object.str() + tag).empty()) return;
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
