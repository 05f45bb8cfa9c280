// Loading a model's inputs and executing it: shared by `clue run` (which writes the results)
// and `clue explain --emit=plan` (which shows the actual row counts per operator).
#pragma once
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/commands.h"
#include "runtime/exec/engine.h"
#include "runtime/io/input_hashes.h"
#include "runtime/load/loader.h"

namespace clue::cli {

struct RunSession {
  std::vector<std::string> files;           // per source, "" when not read
  std::vector<std::vector<bool>> fields;    // per source, the fields the model reads
  std::vector<rt::LoadResult> loaded;       // per source
  std::vector<const rt::Table*> tables;     // per source, null when not read
  exec::ParamValues params;
  std::vector<std::pair<std::string, std::string>> params_shown;
  exec::RunResult result;
  int threads = 1;
  double read_s = 0, exec_s = 0;
  double jit_compile_s = 0;        // --engine jit: compiling the model's conditions
  // --engine jit: modules whose machine code came from the JIT cache / were compiled; the
  // latter include those compiled during execution.
  uint64_t jit_cache_hits = 0, jit_cache_misses = 0;
  std::string engine_note;         // e.g. how many conditions stayed interpreted, and why
  // Per source: fields parsed late (only printed), and the rows they were parsed for.
  std::vector<std::vector<std::string>> late_fields;
  std::vector<uint64_t> late_rows;
  std::shared_ptr<void> jit;       // keeps the JIT backend alive with the session
  // SHA-256 of each input for the manifest, computed one of two ways (input_sha() gives
  // them): along the parse, each stretch of a file hashed right after it is parsed (`along`,
  // fed by the loaders); by a thread the parses hand their stretches to (`hash_thread`); or
  // on a thread of its own reading the files while they load (`hashing`).
  std::shared_ptr<io::InputHasher> along;
  std::shared_ptr<io::HashThread> hash_thread;  // side by side: fed by the parses (input_hashes.h)
  std::future<std::vector<std::string>> hashing;
  std::vector<std::string> input_sha();
};

// Resolves files and params, loads the sources and executes. False (with diagnostics in
// `sink`) when something the user gave is wrong.
// `physical` is the model's physical plan (compiler/plan/pipeline.h); the typed model gives
// the sources' schemas and the params, with the places diagnostics point at.
bool load_and_execute(const typed::Model& model, const plan::Plan& physical, const RunArgs& a, SourceManager& sm,
                      DiagnosticSink& sink, RunSession& s, bool zh);

}  // namespace clue::cli
