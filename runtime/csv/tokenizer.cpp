// The tokenizer's fast path works from an index of the special bytes (the
// delimiter, the quote, '\n', '\r'): 64 bytes at a time are classified into
// a bit mask and the positions of its set bits are appended to the index, up
// to ~1000 entries per refill. A plain field is then one index entry (the
// delimiter that ends it); quoted fields, literal quotes and line ends walk
// the entries one by one with the same automaton as the plain scanner
// (next_generic, kept for dialects whose special bytes collide).
//
// The index builder is chosen at run time: AVX-512 (VBMI2 vpcompressb turns a
// mask into positions without a per-bit loop), AVX2, or SSE2 (the x86-64
// baseline; plain C++ elsewhere). AVX2 and AVX-512 classify with one pshufb
// per vector, which needs the special bytes to be ASCII with distinct low
// nibbles (',' '\t' '|' ';' with '"' all are); otherwise SSE2 compares.
#include "runtime/csv/tokenizer.h"

#include <atomic>
#include <cstring>

#include "runtime/csv/scan.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CLUE_TOKENIZER_X86_SIMD 1
#endif

namespace clue::csv {

namespace detail {
std::atomic<int> tokenizer_simd_cap{2};
}  // namespace detail

namespace {

constexpr std::size_t kMaxIndexBytes = std::size_t{1} << 16;  // per refill, to stay incremental

// Appends the positions (off + bit index) of the set bits of m to out[n..];
// returns the new count. Writes 8 entries unconditionally, so a block with up
// to 8 special bytes takes no data-dependent branch; out needs 64 entries of
// room past n.
inline std::uint32_t flatten(std::uint32_t* out, std::uint32_t n, std::uint32_t off, std::uint64_t m) {
  const int cnt = __builtin_popcountll(m);
  out += n;
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) {
    out[k] = off + static_cast<std::uint32_t>(__builtin_ctzll(m | (std::uint64_t{1} << 63)));
    m &= m - 1;
  }
  for (int k = 8; k < cnt; ++k) {
    out[k] = off + static_cast<std::uint32_t>(__builtin_ctzll(m));
    m &= m - 1;
  }
  return n + static_cast<std::uint32_t>(cnt);
}

struct IndexRun {
  std::uint32_t count;
  const char* stopped_at;
};

// Index of the bytes equal to one of `specials` in [from, ...): one 64-byte
// block at a time while b < hard_end (<= end), until the index is nearly
// full, or has entries and kMaxIndexBytes were read. Never reads at or past
// `end`.
IndexRun index_sse2(const char* from, const char* hard_end, const char* end, const char specials[4],
                    std::uint32_t* out, std::uint32_t capacity) {
  std::uint32_t n = 0;
  const char* b = from;
#if defined(__SSE2__)
  const __m128i v0 = _mm_set1_epi8(specials[0]), v1 = _mm_set1_epi8(specials[1]),
                v2 = _mm_set1_epi8(specials[2]), v3 = _mm_set1_epi8(specials[3]);
#endif
  while (b < hard_end) {
    const std::size_t avail = static_cast<std::size_t>(end - b);
    const char* src = b;
    char buf[64];
    if (avail < 64) {
      std::memset(buf, 0, sizeof buf);
      std::memcpy(buf, b, avail);
      src = buf;
    }
    std::uint64_t m = 0;
#if defined(__SSE2__)
    for (int k = 0; k < 4; ++k) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * k));
      const __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v0), _mm_cmpeq_epi8(x, v1)),
                                     _mm_or_si128(_mm_cmpeq_epi8(x, v2), _mm_cmpeq_epi8(x, v3)));
      m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(e))) << (16 * k);
    }
#else
    for (int i = 0; i < 64; ++i) {
      const char c = src[i];
      m |= static_cast<std::uint64_t>(c == specials[0] || c == specials[1] || c == specials[2] ||
                                      c == specials[3])
           << i;
    }
#endif
    if (avail < 64) {
      m &= (std::uint64_t{1} << avail) - 1;
      n = flatten(out, n, static_cast<std::uint32_t>(b - from), m);
      b = end;
      break;
    }
    n = flatten(out, n, static_cast<std::uint32_t>(b - from), m);
    b += 64;
    if (n > capacity - 64 || (n > 0 && static_cast<std::size_t>(b - from) >= kMaxIndexBytes)) break;
  }
  return {n, b};
}

#if CLUE_TOKENIZER_X86_SIMD
// As index_sse2, classifying 32 bytes with one pshufb and one compare: the
// table holds, for each low nibble, the special byte with that low nibble
// (all specials are ASCII with distinct low nibbles) or 0x80, which no byte
// the shuffle looks up (< 0x80) equals; bytes >= 0x80 shuffle to 0.
__attribute__((target("avx2,bmi,bmi2,popcnt"))) IndexRun index_avx2(
    const char* from, const char* hard_end, const char* end, const unsigned char table[16],
    std::uint32_t* out, std::uint32_t capacity) {
  const __m256i t = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(table)));
  std::uint32_t n = 0;
  const char* b = from;
  while (b < hard_end) {
    const std::size_t avail = static_cast<std::size_t>(end - b);
    const char* src = b;
    alignas(32) char buf[64];
    if (avail < 64) {
      std::memset(buf, 0, sizeof buf);
      std::memcpy(buf, b, avail);
      src = buf;
    }
    const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 32));
    const std::uint32_t m0 =
        static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_shuffle_epi8(t, x0), x0)));
    const std::uint32_t m1 =
        static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_shuffle_epi8(t, x1), x1)));
    std::uint64_t m = m0 | (static_cast<std::uint64_t>(m1) << 32);
    if (avail < 64) {
      m &= (std::uint64_t{1} << avail) - 1;
      n = flatten(out, n, static_cast<std::uint32_t>(b - from), m);
      b = end;
      break;
    }
    n = flatten(out, n, static_cast<std::uint32_t>(b - from), m);
    b += 64;
    if (n > capacity - 64 || (n > 0 && static_cast<std::size_t>(b - from) >= kMaxIndexBytes)) break;
  }
  return {n, b};
}

// As index_avx2 with AVX-512: one shuffle and one compare classify 64 bytes
// into a mask, and vpcompressb turns the mask into byte positions directly
// (16 entries per store, no per-bit loop). The tail is a masked load.
__attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"))) IndexRun index_avx512(
    const char* from, const char* hard_end, const char* end, const unsigned char table[16],
    std::uint32_t* out, std::uint32_t capacity) {
  alignas(64) static constexpr unsigned char kIota[64] = {
      0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
      22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
      44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
  alignas(64) unsigned char table4[64];
  for (int k = 0; k < 4; ++k) std::memcpy(table4 + 16 * k, table, 16);
  const __m512i t = _mm512_load_si512(table4);
  const __m512i iota = _mm512_load_si512(kIota);
  const __m512i widen = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  constexpr __mmask64 kDwordLow = 0x1111111111111111ULL;
  std::uint32_t n = 0;
  const char* b = from;
  while (b < hard_end) {
    const std::size_t avail = static_cast<std::size_t>(end - b);
    __m512i x;
    __mmask64 valid = ~__mmask64{0};
    if (avail >= 64) {
      x = _mm512_loadu_si512(b);
    } else {
      valid = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(avail));
      x = _mm512_maskz_loadu_epi8(valid, b);
    }
    const __mmask64 m = _mm512_mask_cmpeq_epi8_mask(valid, _mm512_shuffle_epi8(t, x), x);
    const std::uint32_t cnt = static_cast<std::uint32_t>(_mm_popcnt_u64(m));
    const __m512i pos = _mm512_maskz_compress_epi8(m, iota);
    const __m512i off = _mm512_set1_epi32(static_cast<int>(b - from));
    // Zero-extend positions 16j..16j+15 to dwords: byte 4k of the result is
    // pos[16j + k], the others are masked to zero.
    std::uint32_t* o = out + n;
    _mm512_storeu_si512(o, _mm512_add_epi32(_mm512_maskz_permutexvar_epi8(kDwordLow, widen, pos), off));
    for (std::uint32_t j = 16; j < cnt; j += 16) {
      const __m512i w = _mm512_add_epi32(widen, _mm512_set1_epi32(static_cast<int>(j)));
      _mm512_storeu_si512(o + j, _mm512_add_epi32(_mm512_maskz_permutexvar_epi8(kDwordLow, w, pos), off));
    }
    n += cnt;
    if (avail <= 64) {
      b = end;
      break;
    }
    b += 64;
    if (n > capacity - 64 || (n > 0 && static_cast<std::size_t>(b - from) >= kMaxIndexBytes)) break;
  }
  return {n, b};
}

bool cpu_has_avx512() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2") &&
           __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  }();
  return has;
}

bool cpu_has_avx2() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  }();
  return has;
}
#endif

}  // namespace

Tokenizer::Tokenizer(std::string_view text, Dialect dialect, std::uint64_t first_line,
                     std::size_t max_record_bytes)
    : begin_(text.data()),
      end_(text.data() + text.size()),
      pos_(text.data()),
      dialect_(dialect),
      line_(first_line),
      max_record_bytes_(max_record_bytes),
      index_base_(text.data()),
      index_end_(text.data()) {
  const char d = dialect.delimiter, q = dialect.quote;
  fast_ = d != q && d != '\n' && d != '\r' && q != '\n' && q != '\r';
#if CLUE_TOKENIZER_X86_SIMD
  const int cap = detail::tokenizer_simd_cap.load(std::memory_order_relaxed);
  if (fast_ && cap >= 1 && cpu_has_avx2()) {
    std::memset(class_table_, 0x80, sizeof class_table_);
    bool ok = true;
    for (char c : {d, q, '\n', '\r'}) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u >= 0x80 || (class_table_[u & 15] != 0x80 && class_table_[u & 15] != u)) ok = false;
      else class_table_[u & 15] = u;
    }
    avx2_ = ok;
    avx512_ = ok && cap >= 2 && cpu_has_avx512();
  }
#endif
}

void Tokenizer::set_projection(std::span<const int> columns) {
  slot_of_column_.clear();
  projecting_ = !columns.empty();
  projected_width_ = columns.size();
  for (std::size_t slot = 0; slot < columns.size(); ++slot) {
    int c = columns[slot];
    if (c < 0) continue;
    if (static_cast<std::size_t>(c) >= slot_of_column_.size()) slot_of_column_.resize(c + 1, -1);
    slot_of_column_[c] = static_cast<int>(slot);
  }
  // Slots no column writes to (a negative column, or a column projected
  // again later, which takes the later slot): always empty.
  dead_slots_.clear();
  for (std::size_t slot = 0; slot < columns.size(); ++slot) {
    int c = columns[slot];
    if (c < 0 || slot_of_column_[static_cast<std::size_t>(c)] != static_cast<int>(slot)) dead_slots_.push_back(slot);
  }
}

bool Tokenizer::fail(ErrorCode code, std::uint64_t line, const char* record_start,
                     std::uint64_t record_line) {
  failed_ = true;
  error_ = {code, line, record_line, static_cast<std::size_t>(record_start - begin_)};
  pos_ = end_;
  return false;
}

// Rebuilds the index from `from` (>= index_end_, < limit), with only entries
// before `limit`: every entry in the index is before the current record's
// limit (limits only grow from one record to the next). False if there is no
// special byte in [from, limit).
bool Tokenizer::refill_index(const char* from, const char* limit) {
  for (;;) {
    IndexRun run;
#if CLUE_TOKENIZER_X86_SIMD
    if (avx512_) {
      run = index_avx512(from, limit, end_, class_table_, index_, kIndexCapacity);
    } else if (avx2_) {
      run = index_avx2(from, limit, end_, class_table_, index_, kIndexCapacity);
    } else
#endif
    {
      const char specials[4] = {dialect_.delimiter, dialect_.quote, '\n', '\r'};
      run = index_sse2(from, limit, end_, specials, index_, kIndexCapacity);
    }
    std::uint32_t n = run.count;
    const char* stopped = run.stopped_at;
    if (stopped > limit) {  // the last block ran past the limit
      const std::size_t cut = static_cast<std::size_t>(limit - from);
      while (n > 0 && index_[n - 1] >= cut) --n;
      stopped = limit;
    }
    index_base_ = from;
    index_end_ = stopped;
    index_pos_ = 0;
    index_len_ = n;
    if (n > 0) return true;
    if (stopped >= limit) return false;
    from = stopped;
  }
}

bool Tokenizer::next(Record& r) {
  if (failed_) return false;
  if (!fast_) return next_generic(r);
  return projecting_ ? next_fast<true>(r) : next_fast<false>(r);
}

// Skips empty physical lines (counted, never records); false at the end of the text.
inline bool Tokenizer::skip_blank_lines(const char*& p) {
  for (;;) {
    if (p == end_) {
      pos_ = p;
      return false;
    }
    if (*p == '\n') {
      ++p;
    } else if (*p == '\r') {
      p += (p + 1 < end_ && p[1] == '\n') ? 2 : 1;
    } else {
      return true;
    }
    ++blank_lines_;
    ++line_;
  }
}

// Scanning a record never goes past this: a runaway quote or a 2 GB line is cut off after
// max_record_bytes (+1 so a record of exactly max bytes passes).
inline const char* Tokenizer::record_limit(const char* p) const {
  return static_cast<std::size_t>(end_ - p) > max_record_bytes_ ? p + max_record_bytes_ + 1 : end_;
}

template <bool kProject>
bool Tokenizer::next_fast(Record& r) {
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char* p = pos_;
  if (!skip_blank_lines(p)) return false;
  const char* const start = p;
  const std::uint64_t start_line = line_;
  const char* const limit = record_limit(p);

  // The index cursor, in registers for the record (stores to the fields
  // could alias the members). Invariant: every entry in [ip, il) is at or
  // after p and before limit, so the next entry is the next special byte.
  const std::uint32_t* const index = index_;
  const char* ib = index_base_;
  std::uint32_t ip = index_pos_;
  std::uint32_t il = index_len_;
  while (ip < il && ib + index[ip] < p) ++ip;  // blank lines, the \n of a \r\n
  // The first special byte in [from, limit), consumed; `limit` if none.
  // Skips entries before `from`.
  auto special = [&](const char* from) -> const char* {
    for (;;) {
      while (ip < il) {
        const char* x = ib + index[ip++];
        if (x >= from) return x;
      }
      const char* f = from > index_end_ ? from : index_end_;
      if (f >= limit || !refill_index(f, limit)) {
        ip = il = 0;
        return limit;
      }
      ib = index_base_;
      ip = 0;
      il = index_len_;
    }
  };

  scratch_.clear();
  fixups_.clear();
  // Output: with a projection, the slots (all empty to begin with); without,
  // the fields are written in place and the vector is sized once at the end
  // (it keeps the previous record's size, so there is room for as many).
  std::string_view* out;
  std::size_t room = 0;
  const int* slots = nullptr;
  std::size_t nslots = 0;
  if constexpr (kProject) {
    // Every slot is written below: by its column, or emptied (empty_rest).
    if (r.fields.size() != projected_width_) r.fields.resize(projected_width_);
    out = r.fields.data();
    slots = slot_of_column_.data();
    nslots = slot_of_column_.size();
  } else {
    room = r.fields.size();
    out = r.fields.data();
  }
  std::size_t column = 0;
  auto wanted = [&](std::size_t col) {
    if constexpr (kProject) return col < nslots && slots[col] >= 0;
    return true;
  };
  auto put = [&](std::size_t col, std::string_view value) {
    if constexpr (kProject) {
      out[static_cast<std::size_t>(slots[col])] = value;
    } else {
      if (col == room) [[unlikely]] {
        room = col + 16;
        r.fields.resize(room);
        out = r.fields.data();
      }
      out[col] = value;
    }
  };
  // With a projection: empties the slots of the columns from `column` on
  // (the record has no such columns, or the error came first) and the dead
  // slots, so every slot the record does not fill is an empty view.
  auto empty_rest = [&] {
    if constexpr (kProject) {
      for (std::size_t c = column; c < nslots; ++c)
        if (slots[c] >= 0) out[static_cast<std::size_t>(slots[c])] = std::string_view{};
      for (std::size_t slot : dead_slots_) out[slot] = std::string_view{};
    }
  };
  // On an error the fields read so far stay in r.fields, as they always did.
  auto fail_record = [&](ErrorCode code, std::uint64_t line) {
    if constexpr (kProject) empty_rest();
    else r.fields.resize(column);
    return fail(code, line, start, start_line);
  };
  const char* content_end;  // end of the record's bytes, before the terminator

  for (;;) {
    // The common case first: plain fields ended by a delimiter, straight
    // from the index.
    if constexpr (kProject) {
      while (column < nslots && ip < il) {  // columns that may be projected
        const char* stop = ib + index[ip];
        if (*stop != delim) break;
        ++ip;
        const int slot = slots[column];
        if (slot >= 0) out[slot] = std::string_view(p, static_cast<std::size_t>(stop - p));
        ++column;
        p = stop + 1;
      }
      if (column >= nslots) {
        while (ip < il) {  // the rest are only counted
          const char* stop = ib + index[ip];
          if (*stop != delim) break;
          ++ip;
          ++column;
          p = stop + 1;
        }
      }
    } else {
      const std::uint32_t n = room - column < il - ip ? ip + static_cast<std::uint32_t>(room - column) : il;
      while (ip < n) {
        const char* stop = ib + index[ip];
        if (*stop != delim) break;
        ++ip;
        out[column] = std::string_view(p, static_cast<std::size_t>(stop - p));
        ++column;
        p = stop + 1;
      }
    }

    // One field the loop above did not take: it ends at a quote, a line
    // end or the limit, or needs a refill or more room.
    const char* stop = ip < il ? ib + index[ip++] : special(p);
    const bool want = wanted(column);
    const char* fbegin = p;
    const char* fend = stop;
    bool scratched = false;
    std::size_t soff = 0;
    if (stop < limit && *stop == quote) {
      // A quote: opening a quoted field at the field start, else literal.
      if (stop == p) {
        const std::uint64_t open_line = line_;
        const char* seg = p + 1;  // current run of content not yet copied
        const char* x = special(seg);
        const char* close;
        for (;;) {
          if (x == limit) {
            if (limit < end_) return fail_record(ErrorCode::RecordTooLong, start_line);
            return fail_record(ErrorCode::UnterminatedQuote, open_line);
          }
          const char c = *x;
          if (c == '\n') {
            ++line_;
            x = special(x + 1);
          } else if (c == '\r') {
            ++line_;
            const char* n = x + 1;
            if (n < limit && *n == '\n') ++n;
            x = special(n);
          } else if (c == quote) {
            if (x + 1 < limit && x[1] == quote) {  // "" escape
              if (want) {
                if (!scratched) soff = scratch_.size(), scratched = true;
                scratch_.append(seg, static_cast<std::size_t>(x + 1 - seg));
              }
              seg = x + 2;
              x = special(seg);
            } else {
              if (x + 1 == limit && limit < end_) return fail_record(ErrorCode::RecordTooLong, start_line);
              close = x;
              break;
            }
          } else {  // a delimiter inside the quotes is data
            x = special(x + 1);
          }
        }
        // Text after the closing quote, up to the next delimiter or line end,
        // is literal (quotes included).
        stop = special(close + 1);
        while (stop < limit && *stop == quote) stop = special(stop + 1);
        if (stop != close + 1 && want) {  // text after the closing quote: keep it
          if (!scratched) soff = scratch_.size(), scratched = true;
          scratch_.append(seg, static_cast<std::size_t>(close - seg));
          scratch_.append(close + 1, static_cast<std::size_t>(stop - close - 1));
        } else if (scratched) {
          scratch_.append(seg, static_cast<std::size_t>(close - seg));
        }
        fbegin = seg;
        fend = close;
      } else {
        // A quote inside an unquoted field is a literal character.
        while (stop < limit && *stop == quote) stop = special(stop + 1);
        fend = stop;
      }
    }

    if (want) {
      if (scratched) {
        fixups_.push_back({kProject ? static_cast<std::size_t>(slots[column]) : column, soff,
                           scratch_.size() - soff});
        put(column, std::string_view{});
      } else {
        put(column, std::string_view(fbegin, static_cast<std::size_t>(fend - fbegin)));
      }
    }
    ++column;

    if (stop == limit) {
      if (limit < end_) return fail_record(ErrorCode::RecordTooLong, start_line);
      content_end = stop;  // last record, no terminator
      p = stop;
      ++line_;
      break;
    }
    if (*stop == delim) {
      p = stop + 1;
      continue;
    }
    content_end = stop;
    p = stop + ((*stop == '\r' && stop + 1 < end_ && stop[1] == '\n') ? 2 : 1);
    ++line_;
    break;
  }

  index_base_ = ib;
  index_pos_ = ip;
  index_len_ = il;
  if constexpr (kProject) {
    empty_rest();
  } else {
    if (column != r.fields.size()) r.fields.resize(column);
  }
  for (const Fixup& f : fixups_) r.fields[f.slot] = std::string_view(scratch_.data() + f.offset, f.length);
  r.field_count = static_cast<std::uint32_t>(column);
  r.line = start_line;
  r.lines = static_cast<std::uint32_t>(line_ - start_line);
  r.raw = std::string_view(start, static_cast<std::size_t>(content_end - start));
  pos_ = p;
  return true;
}

// The plain scanner, for dialects whose delimiter or quote is a line-end
// byte, or whose delimiter is the quote.
bool Tokenizer::next_generic(Record& r) {
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char* p = pos_;
  if (!skip_blank_lines(p)) return false;
  const char* const start = p;
  const std::uint64_t start_line = line_;
  const char* const limit = record_limit(p);

  r.fields.clear();
  if (projecting_) r.fields.assign(projected_width_, std::string_view{});
  scratch_.clear();
  fixups_.clear();
  std::size_t column = 0;
  const char* content_end;  // end of the record's bytes, before the terminator

  for (;;) {  // one field per iteration
    const bool want = !projecting_ ||
                      (column < slot_of_column_.size() && slot_of_column_[column] >= 0);
    const char* fbegin;
    const char* fend;
    bool scratched = false;
    std::size_t soff = 0;
    const char* stop;  // delimiter, line end, or limit

    if (p < limit && *p == quote) {
      const std::uint64_t open_line = line_;
      const char* seg = p + 1;  // current run of content not yet copied
      const char* c = seg;
      const char* close;
      for (;;) {
        const char* x = scan::find_any3(c, limit, quote, '\n', '\r');
        if (x == limit) {
          if (limit < end_) return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
          return fail(ErrorCode::UnterminatedQuote, open_line, start, start_line);
        }
        if (*x == '\n') {
          ++line_;
          c = x + 1;
        } else if (*x == '\r') {
          ++line_;
          c = x + 1;
          if (c < limit && *c == '\n') ++c;
        } else if (x + 1 < limit && x[1] == quote) {  // "" escape
          if (want) {
            if (!scratched) soff = scratch_.size(), scratched = true;
            scratch_.append(seg, static_cast<std::size_t>(x + 1 - seg));
          }
          seg = c = x + 2;
        } else {
          if (x + 1 == limit && limit < end_)
            return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
          close = x;
          break;
        }
      }
      stop = scan::find_any3(close + 1, limit, delim, '\n', '\r');
      if (stop != close + 1 && want) {  // text after the closing quote: keep it
        if (!scratched) soff = scratch_.size(), scratched = true;
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
        scratch_.append(close + 1, static_cast<std::size_t>(stop - close - 1));
      } else if (scratched) {
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
      }
      fbegin = seg;
      fend = close;
    } else {
      stop = scan::find_any3(p, limit, delim, '\n', '\r');
      fbegin = p;
      fend = stop;
    }

    if (want) {
      std::size_t slot = projecting_ ? static_cast<std::size_t>(slot_of_column_[column]) : column;
      if (scratched) {
        fixups_.push_back({slot, soff, scratch_.size() - soff});
        if (!projecting_) r.fields.emplace_back();
      } else if (projecting_) {
        r.fields[slot] = std::string_view(fbegin, static_cast<std::size_t>(fend - fbegin));
      } else {
        r.fields.emplace_back(fbegin, static_cast<std::size_t>(fend - fbegin));
      }
    }
    ++column;

    if (stop == limit) {
      if (limit < end_) return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
      content_end = stop;  // last record, no terminator
      p = stop;
      ++line_;
      break;
    }
    if (*stop == delim) {
      p = stop + 1;
      continue;
    }
    content_end = stop;
    p = stop + ((*stop == '\r' && stop + 1 < end_ && stop[1] == '\n') ? 2 : 1);
    ++line_;
    break;
  }

  for (const Fixup& f : fixups_) r.fields[f.slot] = std::string_view(scratch_.data() + f.offset, f.length);
  r.field_count = static_cast<std::uint32_t>(column);
  r.line = start_line;
  r.lines = static_cast<std::uint32_t>(line_ - start_line);
  r.raw = std::string_view(start, static_cast<std::size_t>(content_end - start));
  pos_ = p;
  return true;
}

}  // namespace clue::csv
