// The sheets' deflate (runtime/io/raw_deflate.h), checked against zlib, an independent
// implementation: pieces compressed one by one and the end appended form one raw deflate stream
// that zlib inflates back to the pieces' concatenation, whatever the pieces hold (text, bytes
// that do not compress, empty pieces); the same pieces give the same bytes; the CRC is zlib's.
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/io/raw_deflate.h"
#include "tests/support/random_bytes.h"

using namespace clue;

namespace {

// zlib's raw inflate of `stream`; `ok` false unless it ends exactly at the stream's end.
std::string inflate_raw(const std::string& stream, bool& ok) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, -15), Z_OK);
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stream.data()));
  z.avail_in = uInt(stream.size());
  int r = Z_OK;
  char buf[1 << 16];
  while (r == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    r = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  ok = r == Z_STREAM_END && z.avail_in == 0;
  inflateEnd(&z);
  return out;
}

std::vector<std::string> sample_pieces() {
  std::mt19937_64 rng(7);
  std::vector<std::string> pieces;
  std::string xml;
  for (int i = 0; i < 40000; ++i)
    xml += "<row r=\"" + std::to_string(i + 2) + "\"><c r=\"A" + std::to_string(i + 2) +
           "\" s=\"2\" t=\"inlineStr\"><is><t>（2023）浙0803执" + std::to_string(i * 7919 % 100003) + "号</t></is></c></row>";
  pieces.push_back(xml.substr(0, xml.size() / 3));
  pieces.push_back("");  // an empty piece adds nothing
  pieces.push_back(xml.substr(xml.size() / 3));
  pieces.push_back(test::random_bytes(rng, 300000));  // does not compress: stored blocks
  pieces.push_back("x");
  return pieces;
}

}  // namespace

TEST(RawDeflate, PiecesInflateBackToTheirConcatenation) {
  const std::vector<std::string> pieces = sample_pieces();
  io::RawDeflate d;
  std::string stream, all;
  uint32_t crc = 0;
  for (const auto& p : pieces) {
    d.piece(p, stream);
    all += p;
    crc = io::crc32_update(crc, p);
  }
  d.finish(stream);
  bool ok = false;
  const std::string back = inflate_raw(stream, ok);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(back == all) << back.size() << " bytes back of " << all.size();
  EXPECT_LT(stream.size(), all.size());  // the text compresses
  EXPECT_EQ(crc, uint32_t(crc32(0, reinterpret_cast<const Bytef*>(all.data()), uInt(all.size()))));

  // The same pieces, the same bytes (a new deflater, so no state carries over).
  io::RawDeflate d2;
  std::string again;
  for (const auto& p : pieces) d2.piece(p, again);
  d2.finish(again);
  EXPECT_TRUE(again == stream);
}

TEST(RawDeflate, AnEmptyStreamIsValid) {
  io::RawDeflate d;
  std::string stream;
  d.finish(stream);
  ASSERT_FALSE(stream.empty());
  bool ok = false;
  EXPECT_EQ(inflate_raw(stream, ok), "");
  EXPECT_TRUE(ok);
  EXPECT_EQ(io::crc32_update(0, ""), 0u);
}
