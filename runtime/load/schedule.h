// How a run's input files are spread over --threads N (issue 19): side by side, each file
// parsed by its own thread(s), or one after another, each split over every thread in
// record-aligned chunks (loader.cpp). Side by side is the cheaper of the two in CPU (one
// cursor a file, no chunk boundaries to find, no chunk tables to append, and the inputs'
// hash can follow the parse), but its wall time is that of the largest file: provident_fund's
// 终本 export is three times 公积金.csv, so with 2 threads one of them idled through most of the
// load (57–60 % of the run's CPU on the main thread without the xlsx, 80 % with the old
// writer). So the sizes decide.
#pragma once
#include <cstdint>
#include <vector>

namespace clue::rt {

struct LoadSchedule {
  bool side_by_side = false;  // true: the files load at once, threads_per_file threads each
  int threads_per_file = 1;   // false: one after another, each with this many threads (all)
};

// What chunking a file costs beyond one sequential cursor, as a factor on its parse: the line
// breaks counted ahead (and the pages touched twice), appending the chunks' columns to the
// first chunk's, and the inputs' hash read on a thread of its own instead of along the parse.
// Measured at 1 M rows with 2 threads (docs/performance.md, issue 19), single runs on a loaded
// machine, before the loader's cuts were made cheap: CPU +10 to +35 %, and due_claims' peak RSS
// 298 → 365 MB (451 with csv::split_chunks' pass); with the cuts as they are, provident_fund
// costs 2.4 % more instructions (callgrind). 1.4: a file is split
// only when it holds more than 70 % of the bytes of two files (provident_fund's 终本: 75 %;
// due_claims' 民事: 68 %, kept side by side and at its old peak RSS).
inline constexpr double kChunkedLoadCost = 1.4;

// `bytes`: each file's size; 0 when unknown or not a CSV file (an xlsx sheet is read by one
// reader whatever the threads), in which case the old rule holds: side by side whenever there
// are at least as many threads as files.
LoadSchedule plan_loads(const std::vector<uint64_t>& bytes, int threads);

}  // namespace clue::rt
