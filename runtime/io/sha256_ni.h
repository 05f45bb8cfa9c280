// SHA-256 compression with the x86 SHA extensions (SHA-NI), for io::Sha256. One stream's
// rounds are a chain of dependent sha256rnds2 instructions, so the unit idles between them;
// two independent streams interleaved fill those gaps: 1.5x the bytes per second of one
// stream on the AMD EPYC benchmark machine (3.0 against 2.0 GB/s), which is why the run
// hashes its input files two at a time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace clue::io::sha_ni {

// True when the CPU has the SHA extensions and AVX2 (the kernels are compiled for both).
bool usable();

// Compresses `blocks` 64-byte blocks into `state` (H0..H7 in the standard order).
void compress(uint32_t state[8], const unsigned char* data, size_t blocks);

// The same for two independent streams of `blocks` blocks each, interleaved.
void compress2(uint32_t state_a[8], const unsigned char* a, uint32_t state_b[8], const unsigned char* b,
               size_t blocks);

}  // namespace clue::io::sha_ni
