// Raw deflate (RFC 1951) for the xlsx writer's sheets, with Intel's ISA-L (igzip) at level 1:
// on a sheet's XML about four times faster than zlib at level 1 and a little smaller (43 MB of
// due_claims' sheet XML: 0.037 s against 0.139 s of CPU, 5.39 against 5.47 MB; docs/performance.md,
// session 7). The zip entry stays a plain deflate stream any reader opens.
//
// The stream is built piece by piece: each piece is compressed on its own (ISA-L's stateless
// call with a full flush: byte-aligned, no back-reference into the piece before), so the bytes
// depend only on the pieces, never on who compresses them or when, and pieces could be
// compressed on several threads and concatenated in order. `finish` ends the stream with an
// empty final block. Level 1's output is the same with ISA-L's AVX-512 and AVX2 code
// (checked: native against valgrind, which hides AVX-512); level 3's is not, so only level 1
// is used.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue::io {

class RawDeflate {
 public:
  RawDeflate();
  // Appends the compressed `piece` to `out` (a non-final, byte-aligned part of the stream).
  void piece(std::string_view in, std::string& out);
  // Appends the stream's end (an empty final block) to `out`.
  void finish(std::string& out);

 private:
  void run(std::string_view in, bool last, std::string& out);
  std::vector<uint8_t> level_buf_;  // ISA-L's working memory for level 1 (hash table, tokens)
};

// CRC-32 (the zip/gzip one) of `data` continued from `crc` (0 to start), ISA-L's: about four
// times zlib's speed here.
uint32_t crc32_update(uint32_t crc, std::string_view data);

}  // namespace clue::io
