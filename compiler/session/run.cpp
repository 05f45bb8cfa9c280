#include "compiler/session/run.h"


#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <thread>

#include "compiler/codegen/jit.h"
#include "compiler/codegen/object_cache.h"
#include "compiler/data/data_check.h"
#include "compiler/session/inline_table.h"
#include "compiler/session/inputs.h"
#include "runtime/exec/grace_join.h"
#include "runtime/exec/overflow.h"
#include "runtime/exec/value_range.h"
#include "compiler/share/apply.h"
#include "runtime/fs/mapping_guard.h"
#include "runtime/io/files.h"
#include "runtime/load/schedule.h"
#include "runtime/table/memory.h"
#include "runtime/table/parallel.h"

namespace clue::session {
namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

// "1.5 GiB", "512 MiB": a byte count for messages.
std::string bytes_text(uint64_t n) {
  const char* unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = double(n);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
  return buf;
}

uint64_t default_memory_budget() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return uint64_t{8} << 30;
  return uint64_t(pages) * uint64_t(page) / 4 * 3;
}

std::optional<RunSession::Changed> RunSession::changed_input() const {
  for (size_t i = 0; i < identities.size() && i < files.size(); ++i)
    for (size_t k = 0; k < identities[i].size() && k < files[i].size(); ++k) {
      const std::string& path = files[i][k].path;
      const fsafe::FileIdentity now = fsafe::identity_of_path(path);
      std::string en = fsafe::identity_change_en(identities[i][k], now);
      if (!en.empty()) return Changed{path, std::move(en), fsafe::identity_change_zh(identities[i][k], now)};
    }
  // A fault under a mapping without a visible change (the file truncated and grown back).
  if (fsafe::any_mapping_faulted())
    for (size_t i = 0; i < files.size(); ++i)
      if (!files[i].empty())
        return Changed{files[i][0].path, "an input was truncated while it was read", "读取期间有输入文件被截短"};
  return std::nullopt;
}

bool load_and_execute(const typed::Model& model, const plan::Plan& physical, const RunOptions& a, SourceManager& sm,
                      DiagnosticSink& sink, RunSession& s, Lang lang) {
  // What to read comes from the plan: the sources its outputs read, the fields its
  // expressions read and, of those, the ones parsed late (the prune-columns pass).
  std::vector<bool> used = plan::sources_read(physical);
  s.fields = plan::fields_read(physical);
  const std::vector<std::vector<bool>> late = a.eager ? std::vector<std::vector<bool>>() : plan::fields_late(physical);
  s.files = resolve_data_files(model, a.data, a.data_dir, used, sink);
  resolve_params(model, a.params, s.params, s.params_shown, sink);
  if (sink.has_errors()) return false;
  // The local mapping, checked against the model before any file is read.
  share::Mapping mapping;
  if (!share::load_mapping(share::find_mapping(a.mapping, a.data_dir), model, sm, sink, mapping)) return false;
  s.mapping_path = mapping.path;
  s.mapping_sha = mapping.sha256;

  // What each input is before anything reads it: compared again before the run writes
  // (changed_input), so leads and SHA-256 cannot come from two versions of a file.
  s.identities.assign(s.files.size(), {});
  s.identities_taken_ns = io::DigestCache::now_ns();
  for (size_t i = 0; i < s.files.size(); ++i)
    for (const DataPart& p : s.files[i]) s.identities[i].push_back(fsafe::identity_of_path(p.path));

  s.threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));

  // Files to load (a source may have several: each is loaded on its own, then joined), and
  // whether side by side (with as many threads as files, each file on its own thread, its
  // parse one sequential pass) or one after the other, each with every thread. A file's
  // `slot` numbers it among all the files (for hashing).
  struct Job {
    size_t source, part, slot;
  };
  std::vector<Job> to_load;
  std::vector<size_t> sources_loaded;
  s.hash_slot.assign(model.sources.size(), {});
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!used[i] || s.files[i].empty()) continue;
    sources_loaded.push_back(i);
    for (size_t k = 0; k < s.files[i].size(); ++k) {
      s.hash_slot[i].push_back(to_load.size());
      to_load.push_back({i, k, to_load.size()});
    }
  }
  // Side by side or one after another in chunks: whichever the files' sizes say ends first
  // (runtime/load/schedule.h). An xlsx workbook's size says nothing about its parse.
  std::vector<uint64_t> file_bytes(to_load.size(), 0);
  for (const Job& j : to_load) {
    const DataPart& p = s.files[j.source][j.part];
    std::error_code ec;
    const uintmax_t n = std::filesystem::file_size(p.path, ec);
    const bool xlsx = !p.sheet.empty() || rt::is_xlsx_file(p.path);
    file_bytes[j.slot] = ec || xlsx ? 0 : uint64_t(n);
  }
  const rt::LoadSchedule schedule = rt::plan_loads(file_bytes, s.threads);
  const bool side_by_side = schedule.side_by_side;
  const int threads_per_file = schedule.threads_per_file;

  // The memory budget, and the probe sides streamed (runtime/exec/stream_plan.h): decided from
  // the files' sizes before any is read. A source streams when its join allows it and the
  // inputs are larger than half the budget — only then: at 5 M 终本 rows with 2 threads,
  // streaming 民事 took due_claims from 8.4 to 17-18 s of CPU and its peak RSS from 1.27 to
  // 2.1 GB (provident_fund 5.1 -> 5.2 s, 603 -> 710-785 MB), for reasons not found yet.
  const uint64_t budget_bytes = a.memory_budget ? a.memory_budget : default_memory_budget();
  s.budget = std::make_shared<exec::MemoryBudget>(budget_bytes);
  s.budget_given = a.memory_budget != 0;
  size_t piece_bytes = a.stream_piece_bytes;
  bool stream_always = a.stream_always;
  if (const char* e = std::getenv("CLUE_STREAM_PIECE_BYTES"); e && *e) {
    const long long v = std::atoll(e);
    if (v > 0) piece_bytes = size_t(v), stream_always = true;
  }
  if (!piece_bytes) piece_bytes = size_t{64} << 20;
  exec::StreamInputs stream_in;
  stream_in.rows.assign(model.sources.size(), 0);
  stream_in.streamable.assign(model.sources.size(), false);
  uint64_t input_total = 0;
  for (uint64_t b : file_bytes) input_total += b;
  for (size_t i : sources_loaded) {
    const DataPart& p = s.files[i][0];
    // One CSV file, read whole as one table (not a workbook, not a source declared distinct,
    // whose repeats leave the table: they are counted over every row of a streamed source).
    stream_in.streamable[i] = s.files[i].size() == 1 && p.sheet.empty() && !rt::is_xlsx_file(p.path) &&
                              !model.sources[i].distinct && !model.sources[i].is_table;
    stream_in.rows[i] = rt::estimate_file_rows(p.path);
  }
  stream_in.always = stream_always;
  stream_in.min_rows = input_total > budget_bytes / 2 ? 1 : 0;
  if (!a.stream_never) s.streams = exec::plan_streams(physical, stream_in);
  std::vector<bool> stream_src(model.sources.size(), false);
  for (const exec::StreamChoice& c : s.streams) stream_src[size_t(c.source)] = true;
  const bool any_streamed = !s.streams.empty();

  // The inputs' SHA-256 (runtime/io/input_hashes.h), two files at a time where the CPU can,
  // from the bytes the parse has just read wherever a file is read by one cursor:
  //  - one thread: each stretch of a file is hashed right after it is parsed, while it is in
  //    cache, beside the same length of a file not yet parsed (read ahead), instead of
  //    reading each file a second time;
  //  - side by side, one thread per file: the parses hand their stretches to a hashing
  //    thread, which takes two files' stretches at a time, without copying them;
  //  - otherwise (files parsed in chunks): on a thread of its own reading the files.
  // (due_claims 1 M, 2 threads: the thread reading the files itself spent 0.29 s of CPU,
  // 0.05 s of it copying; see the commits for the measurements.)
  const bool hash = a.input_hash == "sha256";
  std::vector<std::string> to_hash(to_load.size());
  if (hash)
    for (const Job& j : to_load) to_hash[j.slot] = s.files[j.source][j.part].path;
  // A file whose identity has not changed since a run hashed it is not hashed again
  // (runtime/io/digest_cache.h): its digest is taken from the cache.
  s.cached_sha.assign(to_load.size(), "");
  if (hash && a.hash_cache != "none") {
    s.digest_cache = std::make_shared<io::DigestCache>(a.hash_cache.empty() ? io::DigestCache::default_dir() : a.hash_cache);
    if (!a.rehash)
      for (const Job& j : to_load) {
        s.cached_sha[j.slot] = s.digest_cache->find(s.identities[j.source][j.part]);
        if (!s.cached_sha[j.slot].empty()) to_hash[j.slot].clear();
      }
  }
  // (A streamed source is parsed during execution: its file is hashed by a thread of its own.)
  const bool along = hash && s.threads == 1 && !any_streamed;
  const bool streamed = hash && !along && !any_streamed && side_by_side && threads_per_file == 1;
  if (along) {
    s.along = std::make_shared<io::InputHasher>(to_hash);
  } else if (streamed) {
    std::vector<bool> on(to_load.size(), false);
    for (const Job& j : to_load) on[j.slot] = !to_hash[j.slot].empty();
    s.hash_thread = std::make_shared<io::HashThread>(std::make_shared<io::InputHasher>(to_hash), on);
  } else if (hash) {
    // async|deferred: where no thread can be started (under --max-memory), libstdc++ runs the
    // task at get() instead of throwing.
    s.hashing = std::async(std::launch::async | std::launch::deferred, [to_hash] { return io::sha256_files(to_hash); });
  }

  // With a thread to spare, the JIT compiles the model's conditions while the files load,
  // unless the files are clearly too small for it (the rows estimated from their sizes, below
  // half --jit-threshold): then the compilation would only take CPU from the loaders (due_claims
  // at 100 k rows with 2 threads: 0.105 s against the interpreter's 0.086). If the inputs turn
  // out too small after all, its result is not used.
  uint64_t estimated_rows = 0;
  bool unknown_size = false;
  for (size_t i : sources_loaded) {
    uint64_t n = 0;
    for (const DataPart& p : s.files[i]) {
      const uint64_t r = rt::estimate_file_rows(p.path);
      unknown_size |= r == 0;
      n += r;
    }
    estimated_rows = std::max(estimated_rows, n);
  }
  codegen::JitOptions jit_options;
  jit_options.cache_dir = a.jit_cache == "none" ? std::string()
                          : a.jit_cache.empty() ? codegen::ObjectCache::default_dir()
                                                : a.jit_cache;
  std::shared_ptr<codegen::JitFilterBackend> early_jit;
  std::future<double> early_compile;
  // Past an out-of-memory exception the JIT is never destroyed: LLVM is built without
  // exceptions, so a std::bad_alloc thrown through it leaves its ORC session half-updated, and
  // ~LLJIT then crashed (SIGSEGV instead of E0514 under --max-memory). The process reports the
  // error and exits right after; keeping the JIT costs nothing. Declared after early_jit and
  // early_compile, so it runs first; copying a shared_ptr into slots made beforehand does not
  // allocate, and the slots are never destroyed (not even at exit).
  static std::shared_ptr<void>* const kept_jits = new std::shared_ptr<void>[2];
  struct KeepJitOnThrow {
    std::shared_ptr<codegen::JitFilterBackend>& early;
    std::shared_ptr<void>& session;
    int uncaught = std::uncaught_exceptions();
    ~KeepJitOnThrow() {
      if (std::uncaught_exceptions() <= uncaught) return;
      kept_jits[0] = early;
      kept_jits[1] = session;
    }
  } keep_jit_on_throw{early_jit, s.jit};
  if (a.engine == "jit" && s.threads >= 2 && (unknown_size || estimated_rows >= a.jit_threshold / 2)) {
    early_jit = std::make_shared<codegen::JitFilterBackend>(jit_options);
    if (early_jit->available())
      early_compile = std::async(std::launch::async | std::launch::deferred, [j = early_jit, &physical] { return j->precompile(physical); });
  }

  // Load every source the outputs read.
  auto t_read = Clock::now();
  s.loaded.resize(model.sources.size());
  s.tables.assign(model.sources.size(), nullptr);
  // Only the fields the model reads are parsed (column pruning); the table keeps one slot per
  // schema field so that expressions index it by field.
  std::vector<std::vector<rt::ColumnSpec>> all(model.sources.size());
  std::vector<std::vector<size_t>> kept(model.sources.size());
  std::vector<rt::LoadSpec> specs(to_load.size());
  // Inline tables (written in the model) are read from the model, beside the files.
  std::vector<size_t> tables_loaded;
  for (size_t i = 0; i < model.sources.size(); ++i)
    if (used[i] && model.sources[i].is_table && model.sources[i].schema) tables_loaded.push_back(i);
  for (size_t i : tables_loaded) {
    all[i] = column_specs(*model.sources[i].schema);
    for (size_t f = 0; f < all[i].size(); ++f)
      if (s.fields[i][f]) kept[i].push_back(f);
  }
  for (size_t i : sources_loaded) {
    all[i] = column_specs(*model.sources[i].schema);
    for (size_t f = 0; f < all[i].size(); ++f)
      if (s.fields[i][f]) kept[i].push_back(f);
  }
  for (const Job& j : to_load) {
    const size_t i = j.source, slot = j.slot;
    rt::LoadSpec& spec = specs[slot];
    spec.source = model.sources[i].name;
    spec.path = s.files[i][j.part].path;
    spec.sheet = s.files[i][j.part].sheet;
    // A column is deferred (re-read from its file for the leads' rows) only in a source of
    // one file: merge_loads joins complete tables.
    const bool one_file = s.files[i].size() == 1;
    // With a mapping for the source's schema, each file's fields are bound to its own headers.
    std::vector<rt::ColumnSpec> mapped;
    const bool is_mapped = mapping.schemas.count(model.sources[i].schema->name) > 0;
    if (is_mapped && !share::specs_for_file(*model.sources[i].schema, mapping, spec.path, spec.sheet, sink, mapped,
                                            spec.encoding))
      return false;
    const std::vector<rt::ColumnSpec>& cols = is_mapped ? mapped : all[i];
    for (size_t f : kept[i]) {
      spec.columns.push_back(cols[f]);
      // A column the mapping rewrites is parsed at load (mapped_column_specs).
      spec.columns.back().deferred =
          one_file && !late.empty() && late[i][f] && cols[f].value_map.empty() && cols[f].date_order.empty();
    }
    // The raw text of key fields, read from the same header (ingest only): after the fields.
    if (a.raw_key_text)
      for (size_t f : kept[i]) {
        const rt::Logical t = cols[f].type;
        if (t != rt::Logical::IdCard && t != rt::Logical::PartyId && t != rt::Logical::Uscc && t != rt::Logical::CaseNo)
          continue;
        rt::ColumnSpec raw;
        raw.name = "_clue_raw_" + cols[f].name;
        raw.type = rt::Logical::Text;
        raw.headers = cols[f].headers.empty() ? std::vector<std::string>{cols[f].name} : cols[f].headers;
        raw.verbatim = true;
        spec.columns.push_back(std::move(raw));
      }
    spec.threads = threads_per_file;
    if (along && !to_hash[slot].empty()) spec.file_bytes = [h = s.along.get(), slot](std::string_view b) { h->feed(slot, b); };
    if (streamed && !to_hash[slot].empty()) {
      io::HashThread* h = s.hash_thread.get();
      spec.file_bytes = [h, slot](std::string_view b) { h->offer(slot, b); };
      spec.bytes_taken = [h, slot] { return h->taken(slot); };
      spec.wait_taken = [h, slot](uint64_t n) { h->wait_taken(slot, n); };
    }
  }
  // On a terminal, a status line: rows parsed so far per source, refreshed four times a second.
  std::vector<std::atomic<uint64_t>> progress(model.sources.size());
  for (const Job& j : to_load) specs[j.slot].progress_rows = &progress[j.source];
  std::atomic<bool> loading{true};
  std::thread status;
  if (isatty(STDERR_FILENO)) {
    status = std::thread([&] {
      while (loading.load()) {
        std::string line = ui_text(TextId::ProgressReading, lang);
        for (size_t i : sources_loaded)
          line += "  " + ui_text(TextId::ProgressSourceRows, lang,
                                 {model.sources[i].name, std::to_string(progress[i].load())});
        std::cerr << "\r" << line << "   " << std::flush;
        for (int k = 0; k < 5 && loading.load(); ++k) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  struct StopStatus {  // ends the status line however loading ends
    std::atomic<bool>& flag;
    std::thread& t;
    ~StopStatus() {
      flag = false;
      if (t.joinable()) {
        t.join();
        std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
      }
    }
  } stop_status{loading, status};
  // A file's reader is done with the hashing thread when its load returns, however it ends.
  std::vector<rt::LoadResult> part_results(to_load.size());
  auto load = [&](const Job& j) {
    struct Done {
      io::HashThread* h;
      size_t slot;
      ~Done() {
        if (h) h->done(slot);
      }
    } done{s.hash_thread.get(), j.slot};
    if (stream_src[j.source]) return;  // loaded by its join (opt.load_streamed)
    part_results[j.slot] = rt::load_table(specs[j.slot]);
    // A source of one file counts its repeats now, which frees its rows' hashes (16 bytes a
    // row) before the next source loads, not after them all; several files count them merged.
    rt::LoadResult& r = part_results[j.slot];
    if (r.ok && s.hash_slot[j.source].size() == 1) rt::find_duplicate_rows(r, model.sources[j.source].distinct);
  };
  if (side_by_side) {
    rt::parallel_for_each(to_load.size(), [&](size_t k) { load(to_load[k]); });
  } else {
    for (const Job& j : to_load) load(j);
  }
  s.part_loads.assign(model.sources.size(), {});
  std::vector<size_t> joined;
  for (size_t i : sources_loaded) {
    if (stream_src[i]) continue;
    std::vector<rt::LoadResult> mine;
    for (size_t slot : s.hash_slot[i]) mine.push_back(std::move(part_results[slot]));
    if (join_source_files(model.sources[i], s.files[i], mine, sm, sink, s.loaded[i], s.part_loads[i]))
      joined.push_back(i);
  }
  for (size_t i : tables_loaded) {
    std::vector<rt::ColumnSpec> cols;
    for (size_t f : kept[i]) cols.push_back(all[i][f]);
    s.loaded[i] = load_inline_table(model.sources[i], cols);
    if (s.loaded[i].ok) {
      joined.push_back(i);
      continue;
    }
    const FileId f = sm.add_external(model.sources[i].table_path);
    report_data_file_error(sink, f, model.sources[i].table_path, s.loaded[i].error_line, s.loaded[i].error_code,
                           s.loaded[i].error_en, s.loaded[i].error_zh);
  }
  // Rows the exports repeat: counted, and read once where the source is declared distinct;
  // each source on a thread of its own when there are threads to spare.
  auto dedupe = [&](size_t k) { rt::find_duplicate_rows(s.loaded[joined[k]], model.sources[joined[k]].distinct); };
  if (s.threads >= 2 && joined.size() >= 2) rt::parallel_for_each(joined.size(), dedupe);
  else for (size_t k = 0; k < joined.size(); ++k) dedupe(k);
  // A source's table with one column per schema field, as the plan indexes them.
  auto place = [&](size_t i) {
    rt::Table& t = s.loaded[i].table;
    std::vector<rt::Column> by_field(all[i].size());
    std::vector<std::string> names(all[i].size());
    for (size_t f = 0; f < all[i].size(); ++f) {
      by_field[f] = rt::Column::make(all[i][f].type);
      names[f] = all[i][f].name;
    }
    for (size_t k = 0; k < kept[i].size() && k < t.columns.size(); ++k) by_field[kept[i][k]] = std::move(t.columns[k]);
    // Columns beyond the fields (raw_key_text) stay, after them.
    for (size_t k = kept[i].size(); k < t.columns.size(); ++k) {
      by_field.push_back(std::move(t.columns[k]));
      names.push_back(k < t.column_names.size() ? t.column_names[k] : std::string());
    }
    if (t.deferred) rt::reorder_deferred(t, kept[i], all[i].size());
    t.columns = std::move(by_field);
    t.column_names = std::move(names);
    s.tables[i] = &t;
  };
  for (size_t i : joined) place(i);
  s.read_s = since(t_read);
  if (sink.has_errors()) return false;

  loading = false;
  if (status.joinable()) {
    status.join();
    std::cerr << "\r" << std::string(100, ' ') << "\r" << ui_text(TextId::ProgressExecuting, lang) << "\r" << std::flush;
  }
  exec::RunOptions opt;
  opt.threads = s.threads;
  opt.provenance = a.provenance;
  uint64_t largest = 0;
  for (const auto* t : s.tables)
    if (t) largest = std::max<uint64_t>(largest, t->rows());
  if (a.engine == "jit" && largest < a.jit_threshold) {
    s.engine_note =
        ui_text(TextId::EngineSmallInputs, lang, {std::to_string(largest), std::to_string(a.jit_threshold)});
  } else if (a.engine == "jit") {
    // Conditions are compiled before execution so their cost is reported on its own.
    auto jit = early_jit ? early_jit : std::make_shared<codegen::JitFilterBackend>(jit_options);
    if (jit->available()) {
      s.jit_compile_s = early_compile.valid() ? early_compile.get() : jit->precompile(physical);
      codegen::JitStats st = jit->stats();
      s.engine_note = ui_text(st.probe_compiled ? TextId::EngineCompiledWithProbe : TextId::EngineCompiled, lang,
                              {std::to_string(st.compiled), std::to_string(st.declined), std::to_string(st.projections)});
      opt.filters = jit.get();
    } else {
      s.engine_note = ui_text(TextId::EngineJitUnavailable, lang, {jit->error()});
    }
    s.jit = jit;
  }
  // A streamed source is loaded by its join, once the build side's keys are known: each piece
  // handed to `keep` (the engine's), only the rows kept staying in the table.
  opt.budget = s.budget.get();
  opt.streams = s.streams;
  opt.spill_dir = !a.spill_dir.empty() ? a.spill_dir
                                       : (std::filesystem::temp_directory_path() /
                                          ("clue-spill-" + std::to_string(::getpid()))).string();
  if (const char* e = std::getenv("CLUE_SPILL_PARTITIONS"); e && *e && std::atoll(e) > 0)
    opt.force_spill_partitions = size_t(std::atoll(e));
  opt.load_streamed = [&](int source, const exec::RunOptions::KeepRows& keep) -> const rt::Table* {
    const size_t i = size_t(source);
    rt::LoadSpec spec = specs[s.hash_slot[i][0]];
    // The loader's piece holds the fields read, in load order; the plan indexes every field of
    // the schema (as place() lays the table out): the piece is seen that way, then put back.
    std::vector<std::string> names(all[i].size());
    for (size_t f = 0; f < all[i].size(); ++f) names[f] = all[i][f].name;
    spec.keep_rows = [&, i, names](rt::Table& piece, size_t index) {
      rt::Table view;
      view.name = piece.name;
      view.path = piece.path;
      view.column_names = names;
      view.columns.resize(all[i].size());
      for (size_t f = 0; f < all[i].size(); ++f) view.columns[f] = rt::Column::make(all[i][f].type);
      for (size_t k = 0; k < kept[i].size() && k < piece.columns.size(); ++k)
        view.columns[kept[i][k]] = std::move(piece.columns[k]);
      view.line = std::move(piece.line);
      view.offset = std::move(piece.offset);
      std::vector<uint32_t> out = keep(view, index);
      for (size_t k = 0; k < kept[i].size() && k < piece.columns.size(); ++k)
        piece.columns[k] = std::move(view.columns[kept[i][k]]);
      piece.line = std::move(view.line);
      piece.offset = std::move(view.offset);
      return out;
    };
    spec.piece_bytes = piece_bytes;
    spec.threads = s.threads;
    spec.progress_rows = nullptr;
    spec.file_bytes = nullptr;
    exec::MemoryBudget* budget = s.budget.get();
    spec.account = [budget](int64_t n) {
      if (n >= 0) budget->take(uint64_t(n), "a piece of a streamed source", "流式数据源的一块");
      else budget->give(uint64_t(-n));
    };
    std::vector<rt::LoadResult> mine(1);
    mine[0] = rt::load_table(spec);
    if (!join_source_files(model.sources[i], s.files[i], mine, sm, sink, s.loaded[i], s.part_loads[i])) return nullptr;
    {
      // Repeats are counted over every used row: 16 bytes of hash and 8 of line a row, and
      // 4 more while they are sorted (duplicates.cpp: a quarter of the rows at a time).
      const exec::Held counting(budget, s.loaded[i].stats.rows_used * 28, "counting a streamed source's repeated rows",
                                "统计流式数据源的重复行");
      rt::find_duplicate_rows(s.loaded[i], false);
    }
    place(i);
    budget->take(rt::table_bytes(s.loaded[i].table), "the rows kept of a streamed source", "流式数据源保留的行");
    return s.tables[i];
  };
  // The execute timer starts after the JIT's compilation, which jit_compile reports.
  auto t_exec = Clock::now();
  try {
    // The loaded columns first: a budget they already pass stops the run before it executes.
    for (const rt::Table* t : s.tables)
      if (t) s.budget->take(rt::table_bytes(*t), "the loaded columns", "已读取的列");
    s.result = exec::execute(physical, s.tables, s.params, opt);
  } catch (const exec::StreamLoadFailed&) {
    return false;  // reported by load_streamed
  } catch (const exec::SpillError& e) {
    std::error_code ec;
    std::filesystem::remove_all(opt.spill_dir, ec);
    if (e.code == "E0582")
      sink.report(DiagId::SpillPartitionTooLarge, Span{},
                  {bytes_text(s.budget->limit()), e.path, bilingual(e.detail + " build rows", e.detail + " 个构建行")});
    else
      sink.report(DiagId::SpillFailed, Span{}, {e.path, e.detail});
    return false;
  } catch (const exec::BudgetExceeded& b) {
    sink.report(DiagId::MemoryBudgetExceeded, Span{},
                {s.budget_given ? bytes_text(b.limit)
                                : bilingual(bytes_text(b.limit) + " (the default: 3/4 of the machine's memory)",
                                            bytes_text(b.limit) + "（默认：本机内存的 3/4）"),
                 bilingual(b.en, b.zh), bytes_text(b.bytes), bytes_text(b.held)});
    return false;
  } catch (const exec::ArithmeticOverflow& o) {
    // E0560 at the operation's place in the model, with the row it failed on.
    Span at;
    if (o.expr && o.expr->loc.valid())
      at = Span{FileId(o.expr->loc.file), o.expr->loc.line, o.expr->loc.col, o.expr->loc.end_line, o.expr->loc.end_col};
    std::string rows;
    for (const std::string& r : o.rows) rows += (rows.empty() ? "" : "; ") + r;
    sink.report(DiagId::ArithmeticOverflow, at,
                {o.values, rows.empty() ? bilingual("a constant", "常量") : rows});
    return false;
  } catch (const exec::ValueOutOfRange& x) {
    // A builtin's result that does not exist (runtime/exec/value_range.h): no leads rather
    // than leads computed from a wrapped or invented value.
    const Span at{x.loc.file, x.loc.line, x.loc.col, x.loc.end_line, x.loc.end_col};
    sink.report(DiagId::ValueOutOfRange, at, {x.function + "()", x.value});
    return false;
  }
  s.exec_s = since(t_exec);
  if (!s.result.spilled.empty()) {
    std::error_code ec;
    std::filesystem::remove(opt.spill_dir, ec);  // the joins' folders are gone; this one too, if empty
  }
  if (auto* j = static_cast<codegen::JitFilterBackend*>(s.jit.get())) {
    const codegen::JitStats st = j->stats();
    s.jit_cache_hits = st.cache_hits;
    s.jit_cache_misses = st.cache_misses;
    s.jit_cache_rejected = st.cache_rejected;
  }

  // Deferred fields were parsed for the leads' rows during execution; their bad values join
  // the rejects (in file order) and the null counts like any other.
  s.late_fields.assign(model.sources.size(), {});
  s.late_rows.assign(model.sources.size(), 0);
  for (size_t i = 0; i < s.loaded.size(); ++i) {
    rt::LoadResult& l = s.loaded[i];
    if (!l.table.deferred) continue;
    for (size_t f = 0; f < l.table.columns.size(); ++f)
      if (l.table.columns[f].deferred) s.late_fields[i].push_back(l.table.column_names[f]);
    rt::DeferredReport d = rt::take_deferred_report(l.table);
    s.late_rows[i] = d.rows_parsed;
    for (auto& [col, codes] : d.nulls)
      for (auto& [code, n] : codes) l.stats.nulls[col][code] += n;
    if (d.rejects.empty()) continue;
    std::vector<rt::RejectRecord> merged;
    merged.reserve(l.rejects.size() + d.rejects.size());
    std::merge(std::make_move_iterator(l.rejects.begin()), std::make_move_iterator(l.rejects.end()),
               std::make_move_iterator(d.rejects.begin()), std::make_move_iterator(d.rejects.end()),
               std::back_inserter(merged),
               [](const rt::RejectRecord& x, const rt::RejectRecord& y) { return x.line < y.line; });
    l.rejects = std::move(merged);
  }
  return true;

}

bool join_source_files(const typed::Source& source, const std::vector<DataPart>& parts,
                       std::vector<rt::LoadResult>& loads, SourceManager& sm, DiagnosticSink& sink,
                       rt::LoadResult& joined, std::vector<rt::LoadResult>& part_loads) {
  bool ok = true;
  for (size_t k = 0; k < parts.size(); ++k) {
    const rt::LoadResult& r = loads[k];
    if (r.ok) continue;
    ok = false;
    FileId f = sm.add_external(parts[k].path);
    // E0501/E0507 carrying the reader's own code (C…/L…) as its data code.
    report_data_file_error(sink, f, parts[k].path, r.error_line, r.error_code, r.error_en, r.error_zh);
  }
  if (!ok) return false;
  if (parts.size() == 1) {
    joined = std::move(loads[0]);
    return true;
  }
  // The files of one source must hold the same columns: a column missing from one file would
  // be null for all its rows without a word.
  for (size_t k = 1; k < parts.size(); ++k) {
    const rt::HeaderDifference d = rt::compare_headers(loads[0].header, loads[k].header);
    if (!d.any()) continue;
    const std::string& with = d.only_in_a ? parts[0].path : parts[k].path;
    const std::string& without = d.only_in_a ? parts[k].path : parts[0].path;
    sink.report(DiagId::PartHeadersDisagree, source.span, {source.name, d.name, with, without});
    return false;
  }
  std::vector<std::string> paths, labels;
  for (const DataPart& p : parts) {
    paths.push_back(p.path);
    labels.push_back(p.label);
  }
  part_loads = std::move(loads);
  joined = rt::merge_loads(part_loads, paths, labels);
  return true;
}

std::vector<std::string> RunSession::input_sha() {
  std::vector<std::string> sha;
  if (hashing.valid()) sha = hashing.get();
  else if (hash_thread) sha = std::exchange(hash_thread, nullptr)->finish();
  else if (along) sha = std::exchange(along, nullptr)->finish();
  if (sha.size() < cached_sha.size()) sha.resize(cached_sha.size());
  for (size_t k = 0; k < cached_sha.size(); ++k)
    if (!cached_sha[k].empty()) sha[k] = cached_sha[k];
  return sha;
}

void RunSession::remember_digests(const std::vector<std::string>& sha, int64_t later_ns) {
  if (!digest_cache) return;
  std::vector<io::DigestCache::Entry> fresh;
  for (size_t i = 0; i < hash_slot.size() && i < identities.size(); ++i)
    for (size_t k = 0; k < hash_slot[i].size() && k < identities[i].size(); ++k) {
      const size_t slot = hash_slot[i][k];
      if (slot < sha.size() && !sha[slot].empty() && (slot >= cached_sha.size() || cached_sha[slot].empty()))
        fresh.push_back({identities[i][k], sha[slot]});
    }
  digest_cache->remember(fresh, identities_taken_ns + later_ns);
}

}  // namespace clue::session
