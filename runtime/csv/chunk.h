// Splitting a buffer into chunks at record boundaries, for parallel parsing.
//
// A byte offset right after a line end is a record boundary only if it is not
// inside a quoted field, and that depends on everything before it. Two passes:
//  1. (parallel) cut the text into N pieces after line ends; for each piece
//     compute the quote state at its end for both possible start states
//     (outside / inside quotes) and count its line breaks;
//  2. (sequential, cheap) walk the pieces from the start composing those
//     results; where a cut turns out to be inside quotes, move it forward to
//     the end of that record (or drop it).
// The quote automaton is the tokenizer's (quotes are special only at field
// start), so plain quote-parity counting would be wrong on dirty data; pass 1
// runs both hypotheses but stops the second as soon as they converge, which
// is usually within one record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "runtime/csv/tokenizer.h"

namespace clue::csv {

struct Chunk {
  std::size_t begin = 0;         // byte range [begin, end) in the text
  std::size_t end = 0;
  std::uint64_t first_line = 1;  // physical line number of text[begin]
  std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }
};

// Runs body(0) .. body(count-1), possibly concurrently (the engine passes
// its thread pool here). Empty = sequential.
using ParallelFor = std::function<void(std::size_t count, const std::function<void(std::size_t)>& body)>;

// At most n non-empty chunks covering `text` exactly, each starting at a
// record boundary. Tokenizing each chunk with Tokenizer(chunk.of(text),
// dialect, chunk.first_line) yields the same records, line numbers and blank
// line counts as one pass over `text` (tests/unit/csv_chunk_test.cpp).
std::vector<Chunk> split_chunks(std::string_view text, std::size_t n, Dialect dialect = {},
                                std::uint64_t first_line = 1, const ParallelFor& parallel_for = {});

}  // namespace clue::csv
