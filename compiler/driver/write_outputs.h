// The write step `clue run` and `clue run --on` share: each output in --format (CSV with the
// formula guard, JSON lines, xlsx), the typed xlsx beside a CSV, and any other file of the run
// (rejects.csv), each its own task on up to `threads` threads, into the run folder's staging
// area; and each output's manifest entry (the formula guard and the xlsx's changes counted), so
// a server's run and a local one describe their files alike.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/exec/writers.h"
#include "runtime/io/run_dir.h"
#include "runtime/io/xlsx_writer.h"

namespace clue::cli {

struct WrittenOutput {
  std::string path;      // the output in --format
  std::string xlsx;      // the xlsx (the output itself with --format xlsx, or beside the CSV), or empty
  uint64_t guarded = 0;  // CSV cells the formula guard prefixed with '
  io::XlsxStats xlsx_stats;
};

struct ExtraFile {
  std::string path;                     // its final place, for the error message
  std::function<std::string()> write;   // writes it staged; an error text or ""
};

struct WriteResult {
  std::vector<WrittenOutput> written;  // per output
  // The first failure in the order of sequential writing (an output, its xlsx, … then the
  // extra files): the file's final path and the error; empty path: all written.
  std::string failed_path, error;
};

// format: "csv" | "json" | "xlsx"; xlsx_beside: with csv, NAME.xlsx too.
WriteResult write_outputs(const std::vector<exec::OutputTable>& outputs, io::RunDir& run_dir, const std::string& format,
                          bool xlsx_beside, int threads, const std::vector<ExtraFile>& extra = {});

// The manifest's entry for output i.
nlohmann::ordered_json output_entry(const exec::OutputTable& t, const WrittenOutput& w, const std::string& format);

}  // namespace clue::cli
