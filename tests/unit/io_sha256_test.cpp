// io::Sha256 (our SHA-NI kernel, or OpenSSL without SHA extensions) against the standard's
// test vectors and against OpenSSL on every length around the block boundaries, whole and
// in pieces, one stream and two at once.
#include <openssl/evp.h>

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "runtime/io/sha256.h"
#include "runtime/io/sha256_ni.h"
#include "tests/support/random_bytes.h"

namespace {

using clue::io::Sha256;

std::string openssl_hex(const std::string& s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) out += {kHex[md[i] >> 4], kHex[md[i] & 15]};
  return out;
}

std::string ours(const std::string& s) {
  Sha256 h;
  h.update(s);
  return h.hex_digest();
}

using clue::test::random_bytes;

TEST(Sha256, StandardVectors) {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256_2.pdf") and the million 'a'.
  EXPECT_EQ(ours(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ours("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ours("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(ours(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, EqualsOpenSslAtEveryLengthAroundTheBlocks) {
  std::mt19937_64 rng(7);
  for (size_t n = 0; n <= 300; ++n) {
    const std::string s = random_bytes(rng, n);
    ASSERT_EQ(ours(s), openssl_hex(s)) << "length " << n;
  }
}

TEST(Sha256, PiecesGiveTheSameDigestAsTheWhole) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 200; ++round) {
    const std::string s = random_bytes(rng, rng() % 5000);
    Sha256 h;
    for (size_t at = 0; at < s.size();) {
      const size_t n = std::min<size_t>(s.size() - at, rng() % 200);
      h.update(std::string_view(s).substr(at, n));
      at += n;
    }
    EXPECT_EQ(h.size(), s.size());
    ASSERT_EQ(h.hex_digest(), openssl_hex(s)) << "round " << round;
  }
}

TEST(Sha256, TwoAtOnceGivesEachItsOwnDigest) {
  std::mt19937_64 rng(13);
  for (int round = 0; round < 200; ++round) {
    const std::string a = random_bytes(rng, rng() % 6000), b = random_bytes(rng, rng() % 6000);
    Sha256 ha, hb;
    size_t ia = 0, ib = 0;
    while (ia < a.size() || ib < b.size()) {
      const size_t na = std::min<size_t>(a.size() - ia, rng() % 700), nb = std::min<size_t>(b.size() - ib, rng() % 700);
      if (rng() % 4 == 0)
        ha.update(std::string_view(a).substr(ia, na)), hb.update(std::string_view(b).substr(ib, nb));
      else
        Sha256::update_pair(ha, std::string_view(a).substr(ia, na), hb, std::string_view(b).substr(ib, nb));
      ia += na, ib += nb;
    }
    EXPECT_EQ(ha.size(), a.size());
    EXPECT_EQ(hb.size(), b.size());
    ASSERT_EQ(ha.hex_digest(), openssl_hex(a)) << "round " << round;
    ASSERT_EQ(hb.hex_digest(), openssl_hex(b)) << "round " << round;
  }
}

TEST(Sha256, TwoStreamKernelEqualsOneStreamKernel) {
  namespace ni = clue::io::sha_ni;
  if (!ni::usable()) GTEST_SKIP() << "no SHA extensions on this CPU";
  std::mt19937_64 rng(17);
  const std::string a = random_bytes(rng, 64 * 1000), b = random_bytes(rng, 64 * 1000);
  uint32_t s1[8], s2[8], t1[8], t2[8];
  for (int i = 0; i < 8; ++i) s1[i] = t1[i] = uint32_t(rng()), s2[i] = t2[i] = uint32_t(rng());
  const auto* pa = reinterpret_cast<const unsigned char*>(a.data());
  const auto* pb = reinterpret_cast<const unsigned char*>(b.data());
  ni::compress2(s1, pa, s2, pb, 1000);
  ni::compress(t1, pa, 1000);
  ni::compress(t2, pb, 1000);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(s1[i], t1[i]);
    EXPECT_EQ(s2[i], t2[i]);
  }
}

}  // namespace
