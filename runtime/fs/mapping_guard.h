// Input files are memory-mapped (runtime/csv/input.h, the SHA-256 in runtime/io/files.cpp).
// If another program truncates a mapped file during a run, touching a page past its new end
// raises SIGBUS, which would kill the run with exit 135 and no message. A guarded mapping
// turns that into an ordinary, reported error instead:
//   - a SIGBUS inside a guarded mapping maps a page of zeros over the lost page (so the
//     reading code goes on and finishes) and records the fault;
//   - `clue run` then sees the fault (and the file's changed size, fs/file_identity.h) before
//     it writes anything and fails with E0551.
// A SIGBUS anywhere else is left to the default action, as before.
//
// Why this and not reading the files into memory: mapping costs no copy and no heap for a
// 2 GB export, and this guard costs nothing until the signal comes (docs/security.md has the
// measurement). The handler calls only mmap and atomics: async-signal-safe in practice.
#pragma once
#include <cstddef>

namespace clue::fsafe {

// Registers [base, base+size). Returns a slot to pass to unguard_mapping, or -1 when every
// slot is taken (the mapping is then unguarded: a SIGBUS in it kills the process as before).
int guard_mapping(const void* base, size_t size);
void unguard_mapping(int slot);

// Whether any guarded mapping has faulted since the process started.
bool any_mapping_faulted();

}  // namespace clue::fsafe
