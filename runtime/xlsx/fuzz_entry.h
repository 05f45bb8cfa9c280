// Fuzzing entry for the xlsx reader; the lead wires it to libFuzzer:
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) {
//     return clue::xlsx::fuzz_xlsx_bytes(d, n);
//   }
#pragma once
#include <cstddef>
#include <cstdint>

namespace clue::xlsx {

// Input starting with "PK": read as an .xlsx (every sheet, every row).
// Anything else: byte 0 picks a chunk size and the rest is fed as XML straight to the
// shared-strings and sheet parsers (a zip's CRC check would stop most mutations before
// they reach the XML), to the small-part parsers, and compared between a 1..64-byte chunk
// and the default chunk: the rows must be identical. Traps on a broken invariant. Returns 0.
int fuzz_xlsx_bytes(const uint8_t* data, size_t size);

}  // namespace clue::xlsx
