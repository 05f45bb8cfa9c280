// Running a compiled model (session.h): loading the inputs its physical plan reads and
// executing the plan. `clue run` writes the results, `explain --emit=physical` shows the rows
// and decisions per node, `test` compares the outputs with fixtures.
#pragma once
#include <future>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "compiler/session/inputs.h"
#include "runtime/exec/engine.h"
#include "runtime/fs/file_identity.h"
#include "runtime/io/digest_cache.h"
#include "runtime/io/input_hashes.h"
#include "runtime/load/loader.h"

namespace clue::session {

// How to run a model: its inputs and params, and how the engine runs.
struct RunOptions {
  std::string path;                 // the model file (for the manifest and messages)
  std::vector<std::string> data;    // NAME=PATH
  std::string data_dir;
  std::vector<std::string> params;  // NAME=VALUE
  std::string engine = "jit";       // jit | interp
  // With --engine jit, inputs whose largest file has fewer rows run interpreted. Measured on
  // due_claims (bench/results/2026-11-28-*.md): compiling a model takes 30-70 ms, and the
  // compiled code saves about 15 ns per input row in execution (46 ms at 1 M 终本 + 2 M 民事
  // rows), so compiling pays from about a million rows in the largest file; at 100 k (largest
  // file 200 k rows) the interpreter's whole run was 20-30 % shorter. Half a million is where
  // the two are about even.
  uint64_t jit_threshold = 500000;
  // Where the JIT keeps machine code between runs; "" = the default (ObjectCache::default_dir),
  // "none" = compile every run.
  std::string jit_cache;
  int threads = 0;  // 0: all cores
  bool provenance = true;
  // Fields the model only prints are parsed for the leads' rows only (the prune-columns
  // pass); --eager parses every used field of every row at load (slower; for comparison).
  bool eager = false;
  // SHA-256 of every input in the manifest (the evidence that these files gave these leads).
  // "none" skips it: 0.25 s of one core per 0.5 GB of input.
  std::string input_hash = "sha256";         // sha256 | none
  // Where digests are remembered between runs (runtime/io/digest_cache.h): "" = the default
  // (DigestCache::default_dir), "none" = off. `rehash` computes every digest even when one is
  // remembered (and remembers the new ones).
  std::string hash_cache;
  bool rehash = false;
  std::vector<std::string> disabled_passes;  // plan passes switched off (--disable-pass)
  // The local mapping (compiler/share/mapping.h): --mapping FILE; "" = DATA_DIR/clue-mapping.json
  // when --data-dir holds one, else none.
  std::string mapping;
  // `clue ingest`: each key field's (idcard, partyid, uscc, case_no) cell as exported is also
  // loaded, into a text column `_clue_raw_<field>` after the schema's fields (the warehouse
  // layout's raw column, compiler/sql/layout.h). A run never asks for it.
  bool raw_key_text = false;
  // The memory budget in bytes (--max-memory; 0: the default, a share of the machine's memory,
  // default_memory_budget()). The plan streams probe sides from it (runtime/exec/stream_plan.h)
  // and a run that cannot stay inside it stops with E0580.
  uint64_t memory_budget = 0;
  // Pieces of a streamed probe side, in bytes of the file (0: 64 MB). Tests stream every join
  // that can, in small pieces, with CLUE_STREAM_PIECE_BYTES=N in the environment or this.
  size_t stream_piece_bytes = 0;
  bool stream_always = false;
  // Every source loaded whole, whatever the plan and the budget: a caller that uses the tables
  // themselves (clue ingest copies every row into a warehouse), not only the results.
  bool stream_never = false;
  // Where a join that does not fit the budget spills its keys (runtime/exec/grace_join.h):
  // "" = a folder in the system's temporary folder. CLUE_SPILL_PARTITIONS=N spills every join
  // that can, in N partitions (tests).
  std::string spill_dir;
};

// The default memory budget: 3/4 of the machine's physical memory.
uint64_t default_memory_budget();
// "1.5 GiB", "512 MiB": a byte count for messages.
std::string bytes_text(uint64_t n);


struct RunSession {
  // Per source, the files read as that source (empty when not read): usually one, several
  // for exports split per year, court or sheet (inputs.h, resolve_data_files).
  std::vector<std::vector<DataPart>> files;
  std::vector<std::vector<bool>> fields;    // per source, the fields the model reads
  std::vector<rt::LoadResult> loaded;       // per source (its files' rows as one table)
  // Per source read from several files, each file's load (stats, warnings; its table and
  // rejects are in `loaded`); empty for a source of one file.
  std::vector<std::vector<rt::LoadResult>> part_loads;
  // Per source and file, its index in input_sha().
  std::vector<std::vector<size_t>> hash_slot;
  std::vector<const rt::Table*> tables;     // per source, null when not read
  exec::ParamValues params;
  std::vector<std::pair<std::string, std::string>> params_shown;
  // The local mapping the run applied (compiler/share/mapping.h): its path and SHA-256, both
  // empty when there was none.
  std::string mapping_path, mapping_sha;
  exec::RunResult result;
  int threads = 1;
  double read_s = 0, exec_s = 0;
  double jit_compile_s = 0;        // --engine jit: compiling the model's conditions
  // --engine jit: modules whose machine code came from the JIT cache / were compiled; the
  // latter include those compiled during execution.
  uint64_t jit_cache_hits = 0, jit_cache_misses = 0;
  uint64_t jit_cache_rejected = 0;  // cached objects altered on disk: discarded, recompiled
  std::string engine_note;         // e.g. how many conditions stayed interpreted, and why
  // Per source: fields parsed late (only printed), and the rows they were parsed for.
  std::vector<std::vector<std::string>> late_fields;
  std::vector<uint64_t> late_rows;
  std::shared_ptr<void> jit;       // keeps the JIT backend alive with the session
  // The memory budget (its limit and the peak accounted) and the joins whose probe side was
  // streamed (result.streamed says how many rows each kept).
  std::shared_ptr<exec::MemoryBudget> budget;
  bool budget_given = false;  // --max-memory (else the default)
  std::vector<exec::StreamChoice> streams;
  // SHA-256 of each input for the manifest, computed one of two ways (input_sha() gives
  // them): along the parse, each stretch of a file hashed right after it is parsed (`along`,
  // fed by the loaders); by a thread the parses hand their stretches to (`hash_thread`); or
  // on a thread of its own reading the files while they load (`hashing`).
  std::shared_ptr<io::InputHasher> along;
  std::shared_ptr<io::HashThread> hash_thread;  // side by side: fed by the parses (input_hashes.h)
  std::future<std::vector<std::string>> hashing;
  // Per slot, the digest remembered for the file's identity (io::DigestCache), "" when it is
  // computed; input_sha() puts these in.
  std::vector<std::string> cached_sha;
  std::shared_ptr<io::DigestCache> digest_cache;
  int64_t identities_taken_ns = 0;  // wall clock before the identities were taken
  std::vector<std::string> input_sha();
  // Remembers the digests computed by this run (input_sha()'s), once changed_input() has
  // found every input as it was; `later_ns` moves the racy check's clock on (tests only).
  void remember_digests(const std::vector<std::string>& sha, int64_t later_ns = 0);
  // Per source and file, the input file as it was before loading (runtime/fs/file_identity.h).
  std::vector<std::vector<fsafe::FileIdentity>> identities;
  struct Changed {
    std::string path, en, zh;  // the file and how it changed
  };
  // The first input that differs now from before loading, or that was truncated under its
  // mapping; nullopt when every input is as it was.
  std::optional<Changed> changed_input() const;
};

// Resolves files and params, loads the sources and executes. False (with diagnostics in
// `sink`) when something the user gave is wrong. `lang` is for the status line on a terminal
// and the engine's note.
// `physical` is the model's physical plan (compiler/plan/pipeline.h); the typed model gives
// the sources' schemas and the params, with the places diagnostics point at.
bool load_and_execute(const typed::Model& model, const plan::Plan& physical, const RunOptions& a, SourceManager& sm,
                      DiagnosticSink& sink, RunSession& s, Lang lang);

// One source's files, loaded (`loads`, one per part, in order), as the one table the model
// reads: each failed file reported (E0501/E0507), files whose headers hold different columns
// reported (E0525), else `joined` is the table (a single file's load as it is, several joined
// with rt::merge_loads, their own loads kept in `part_loads`). False when reported.
bool join_source_files(const typed::Source& source, const std::vector<DataPart>& parts,
                       std::vector<rt::LoadResult>& loads, SourceManager& sm, DiagnosticSink& sink,
                       rt::LoadResult& joined, std::vector<rt::LoadResult>& part_loads);

}  // namespace clue::session
