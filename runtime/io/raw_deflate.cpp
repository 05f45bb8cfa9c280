#include "runtime/io/raw_deflate.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace clue::io {
namespace {

// ISA-L counts in 32 bits: longer input is compressed in parts of this size (each its own
// flushed part, as if it were a piece of its own).
constexpr size_t kMaxCall = size_t{1} << 26;

}  // namespace

RawDeflate::RawDeflate() : level_buf_(ISAL_DEF_LVL1_DEFAULT) {}

void RawDeflate::run(std::string_view in, bool last, std::string& out) {
  // Room for the worst case, input that does not compress: stored blocks of at most 64 KB,
  // each with a 5-byte header, plus the block headers around them.
  size_t room = in.size() + in.size() / 256 + 1024;
  for (;;) {
    const size_t at = out.size();
    out.resize(at + room);
    isal_zstream s;
    isal_deflate_stateless_init(&s);
    s.level = 1;
    s.level_buf = level_buf_.data();
    s.level_buf_size = uint32_t(level_buf_.size());
    s.gzip_flag = 0;  // raw deflate: the zip entry has its own CRC and sizes
    s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
    s.avail_in = uint32_t(in.size());
    s.next_out = reinterpret_cast<uint8_t*>(out.data() + at);
    s.avail_out = uint32_t(room);
    s.end_of_stream = last ? 1 : 0;
    // A full flush ends the part byte-aligned (with an empty stored block) and without history,
    // so the next part can simply follow it.
    s.flush = last ? NO_FLUSH : FULL_FLUSH;
    const int r = isal_deflate_stateless(&s);
    if (r == COMP_OK) {
      out.resize(at + s.total_out);
      return;
    }
    out.resize(at);
    if (r != STATELESS_OVERFLOW || room > 2 * in.size() + 4096)
      throw std::runtime_error("deflate failed (ISA-L error " + std::to_string(r) + ")");
    room = 2 * in.size() + 4096;  // not expected: the bound above holds for stored blocks
  }
}

void RawDeflate::piece(std::string_view in, std::string& out) {
  for (size_t at = 0; at < in.size(); at += kMaxCall) run(in.substr(at, kMaxCall), false, out);
}

void RawDeflate::finish(std::string& out) { run({}, true, out); }

uint32_t crc32_update(uint32_t crc, std::string_view data) {
  return crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

}  // namespace clue::io
