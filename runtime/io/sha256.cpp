#include "runtime/io/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include "runtime/io/sha256_ni.h"

namespace clue::io {

struct Sha256::Ctx {
  // Own kernel: the state, the bytes of an unfinished block, the length.
  bool own = sha_ni::usable();
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char buf[64] = {};
  size_t buffered = 0;
  uint64_t total = 0;
  // OpenSSL otherwise.
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md{nullptr, EVP_MD_CTX_free};

  Ctx() {
    if (own) return;
    md.reset(EVP_MD_CTX_new());
    EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr);
  }

  // Completes a buffered partial block from the front of `d` (and compresses it if full).
  void top_up(std::string_view& d) {
    if (buffered == 0) return;
    const size_t n = std::min(d.size(), 64 - buffered);
    std::memcpy(buf + buffered, d.data(), n);
    buffered += n;
    d.remove_prefix(n);
    if (buffered == 64) {
      sha_ni::compress(h, buf, 1);
      buffered = 0;
    }
  }
  // Keeps the bytes after the last whole block of `d` for later.
  void keep_tail(std::string_view d) {
    std::memcpy(buf, d.data() + d.size() / 64 * 64, d.size() % 64);
    buffered = d.size() % 64;
  }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

bool Sha256::two_at_once() { return sha_ni::usable(); }

uint64_t Sha256::size() const { return ctx_->total; }

void Sha256::update(std::string_view d) {
  Ctx& c = *ctx_;
  c.total += d.size();
  if (!c.own) {
    if (!d.empty()) EVP_DigestUpdate(c.md.get(), d.data(), d.size());
    return;
  }
  c.top_up(d);
  if (d.empty()) return;
  const auto* p = reinterpret_cast<const unsigned char*>(d.data());
  sha_ni::compress(c.h, p, d.size() / 64);
  c.keep_tail(d);
}

void Sha256::update_pair(Sha256& a, std::string_view da, Sha256& b, std::string_view db) {
  Ctx& x = *a.ctx_;
  Ctx& y = *b.ctx_;
  if (!x.own || !y.own) {
    a.update(da);
    b.update(db);
    return;
  }
  x.total += da.size();
  y.total += db.size();
  x.top_up(da);
  y.top_up(db);
  const size_t both = std::min(da.size(), db.size()) / 64;
  if (both > 0) {
    sha_ni::compress2(x.h, reinterpret_cast<const unsigned char*>(da.data()), y.h,
                      reinterpret_cast<const unsigned char*>(db.data()), both);
    da.remove_prefix(both * 64);
    db.remove_prefix(both * 64);
  }
  // The rest of the longer one alone (and any tail), without counting the bytes twice.
  x.total -= da.size();
  y.total -= db.size();
  a.update(da);
  b.update(db);
}

std::string Sha256::hex_digest() {
  unsigned char md[32];
  Ctx& c = *ctx_;
  if (c.own) {
    // FIPS 180-4 §5.1.1: a 1 bit, zeros up to 56 mod 64, the length in bits (big-endian).
    const uint64_t bits = c.total * 8;
    unsigned char pad[72] = {0x80};
    const size_t zeros = (c.buffered < 56 ? 56 : 120) - c.buffered;
    for (int i = 0; i < 8; ++i) pad[zeros + size_t(i)] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    const uint64_t total = c.total;
    update(std::string_view(reinterpret_cast<const char*>(pad), zeros + 8));
    c.total = total;
    for (int i = 0; i < 8; ++i)
      for (int k = 0; k < 4; ++k) md[4 * i + k] = static_cast<unsigned char>(c.h[i] >> (24 - 8 * k));
  } else {
    unsigned n = 0;
    EVP_DigestFinal_ex(c.md.get(), md, &n);
  }
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (unsigned char v : md) {
    s += kHex[v >> 4];
    s += kHex[v & 15];
  }
  return s;
}

}  // namespace clue::io
