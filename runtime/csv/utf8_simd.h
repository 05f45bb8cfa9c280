// Whole-buffer UTF-8 validation at memory speed: the row check of every CSV record (rows.cpp)
// runs over every byte of the input, so it must not cost more than the tokenizer.
#pragma once
#include <cstddef>

namespace clue::csv {

// True if [p, p+n) is well-formed UTF-8 (the rules of find_invalid_utf8: no overlongs,
// surrogates, code points above U+10FFFF or truncated sequences). Uses AVX-512 (F and BW),
// else AVX2, when the CPU has it (the lookup-table method of Keiser and Lemire, "Validating
// UTF-8 in less than one instruction per byte", 2021), else a scalar loop. Says nothing about
// *where* a bad byte is: callers that need the position ask find_invalid_utf8.
bool utf8_valid(const char* p, std::size_t n);

// For tests and benchmarks: each kernel directly, whichever one utf8_valid picks. Call a SIMD
// kernel only when its have_ function is true (on other CPUs it would fault).
namespace detail {
bool have_avx2_utf8();
bool have_avx512_utf8();
bool utf8_valid_avx2(const char* p, std::size_t n);
bool utf8_valid_avx512(const char* p, std::size_t n);
bool utf8_valid_scalar(const char* p, std::size_t n);
}  // namespace detail

}  // namespace clue::csv
