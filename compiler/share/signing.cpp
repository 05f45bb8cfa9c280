#include "compiler/share/signing.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/fs/regular_file.h"
#include "runtime/io/files.h"

namespace clue::share {
namespace fs = std::filesystem;
namespace {

std::string to_hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

bool from_hex(const std::string& s, unsigned char* out, size_t n) {
  if (s.size() != 2 * n) return false;
  size_t len = 0;
  return sodium_hex2bin(out, n, s.data(), s.size(), nullptr, &len, nullptr) == 0 && len == n;
}

bool ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

std::string generate_key_pair(const std::string& out, const std::string& owner) {
  if (!ready()) return "libsodium could not start";
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  const std::string secret = "clue-ed25519-secret " + to_hex(sk, sizeof sk) + "\n";
  sodium_memzero(sk, sizeof sk);
  // The secret key is written readable by its owner only, before any byte goes in.
  const std::string key_path = out + ".key";
  {
    std::ofstream f;
    const mode_t old = umask(077);
    f.open(key_path, std::ios::binary | std::ios::trunc);
    umask(old);
    if (!f) return "cannot write " + key_path;
    f << secret;
    if (!f.flush()) return "cannot write " + key_path;
  }
  ::chmod(key_path.c_str(), 0600);
  const std::string pub = "clue-ed25519-public " + to_hex(pk, sizeof pk) + (owner.empty() ? "" : " " + owner) + "\n";
  if (std::string err = io::write_atomic(out + ".pub", pub); !err.empty()) return err;
  return {};
}

std::string key_fingerprint(const std::string& public_hex) { return io::sha256_text(public_hex).substr(0, 16); }

std::string sign(const std::string& key_path, const std::string& message, std::string& signature_hex,
                 std::string& public_hex) {
  if (!ready()) return "libsodium could not start";
  std::string text, error;
  if (!fsafe::read_regular(key_path, text, nullptr, &error)) return error.empty() ? "cannot read it" : error;
  std::istringstream in(text);
  std::string tag, hex;
  in >> tag >> hex;
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  if (tag != "clue-ed25519-secret" || !from_hex(hex, sk, sizeof sk))
    return "not a secret key written by clue keygen (a .pub file is the public half)";
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), sk);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, sk);
  sodium_memzero(sk, sizeof sk);
  signature_hex = to_hex(sig, sizeof sig);
  public_hex = to_hex(pk, sizeof pk);
  return {};
}

bool verify(const std::string& public_hex, const std::string& message, const std::string& signature_hex) {
  if (!ready()) return false;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  if (!from_hex(public_hex, pk, sizeof pk) || !from_hex(signature_hex, sig, sizeof sig)) return false;
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(), pk) == 0;
}

std::vector<PublicKey> trust_store(const std::string& folder) {
  std::vector<PublicKey> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (e.path().extension() != ".pub") continue;
    std::string text, error;
    if (!fsafe::read_regular(e.path().string(), text, nullptr, &error)) continue;
    std::istringstream in(text);
    PublicKey k;
    std::string tag;
    in >> tag >> k.hex;
    std::getline(in, k.owner);
    while (!k.owner.empty() && (k.owner.front() == ' ')) k.owner.erase(0, 1);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    if (tag != "clue-ed25519-public" || !from_hex(k.hex, pk, sizeof pk)) continue;
    k.path = e.path().string();
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace clue::share
