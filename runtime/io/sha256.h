// SHA-256 fed piece by piece, for the run manifest's input hashes. With the CPU's SHA
// extensions it is computed by our own kernel (runtime/io/sha256_ni.h), which can take two
// streams at once; otherwise by OpenSSL's libcrypto. The digests are the standard ones
// (`sha256sum` gives the same), whichever computes them.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace clue::io {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view bytes);
  // Feeds `da` to `a` and `db` to `b` (two different hashes): the whole 64-byte blocks the
  // two have in common go through the rounds side by side, faster than one after the other.
  static void update_pair(Sha256& a, std::string_view da, Sha256& b, std::string_view db);
  std::string hex_digest();  // ends the hash
  uint64_t size() const;     // bytes fed so far

  // False when OpenSSL computes the hashes (no SHA extensions); update_pair then feeds the
  // two one after the other.
  static bool two_at_once();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace clue::io
