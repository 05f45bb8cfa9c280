#include "compiler/session/run.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <chrono>
#include <iostream>
#include <thread>

#include "compiler/codegen/jit.h"
#include "compiler/codegen/object_cache.h"
#include "compiler/data/data_check.h"
#include "compiler/session/inputs.h"
#include "runtime/fs/mapping_guard.h"
#include "runtime/io/files.h"
#include "runtime/table/parallel.h"

namespace clue::session {
namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

std::optional<RunSession::Changed> RunSession::changed_input() const {
  for (size_t i = 0; i < identities.size() && i < files.size(); ++i) {
    if (files[i].empty()) continue;
    const fsafe::FileIdentity now = fsafe::identity_of_path(files[i]);
    std::string en = fsafe::identity_change_en(identities[i], now);
    if (!en.empty()) return Changed{files[i], std::move(en), fsafe::identity_change_zh(identities[i], now)};
  }
  // A fault under a mapping without a visible change (the file truncated and grown back).
  if (fsafe::any_mapping_faulted())
    for (size_t i = 0; i < files.size(); ++i)
      if (!files[i].empty())
        return Changed{files[i], "an input was truncated while it was read", "读取期间有输入文件被截短"};
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

  // What each input is before anything reads it: compared again before the run writes
  // (changed_input), so leads and SHA-256 cannot come from two versions of a file.
  s.identities.resize(s.files.size());
  for (size_t i = 0; i < s.files.size(); ++i)
    if (!s.files[i].empty()) s.identities[i] = fsafe::identity_of_path(s.files[i]);

  s.threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));

  // Sources to load, and whether side by side (with as many threads as files, each file on
  // its own thread, its parse one sequential pass) or one after the other, each with every
  // thread.
  std::vector<size_t> to_load;
  for (size_t i = 0; i < model.sources.size(); ++i)
    if (used[i] && !s.files[i].empty()) to_load.push_back(i);
  const bool side_by_side = to_load.size() > 1 && size_t(s.threads) >= to_load.size();
  const int threads_per_file = side_by_side ? std::max(1, s.threads / int(to_load.size())) : s.threads;

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
  std::vector<std::string> to_hash(model.sources.size());
  for (size_t i = 0; i < model.sources.size(); ++i)
    if (used[i] && hash) to_hash[i] = s.files[i];
  const bool along = hash && s.threads == 1;
  const bool streamed = hash && !along && side_by_side && threads_per_file == 1;
  if (along) {
    s.along = std::make_shared<io::InputHasher>(to_hash);
  } else if (streamed) {
    std::vector<bool> on(model.sources.size(), false);
    for (size_t i : to_load) on[i] = !to_hash[i].empty();
    s.hash_thread = std::make_shared<io::HashThread>(std::make_shared<io::InputHasher>(to_hash), on);
  } else if (hash) {
    s.hashing = std::async(std::launch::async, [to_hash] { return io::sha256_files(to_hash); });
  }

  // With a thread to spare, the JIT compiles the model's conditions while the files load,
  // unless the files are clearly too small for it (the rows estimated from their sizes, below
  // half --jit-threshold): then the compilation would only take CPU from the loaders (due_claims
  // at 100 k rows with 2 threads: 0.105 s against the interpreter's 0.086). If the inputs turn
  // out too small after all, its result is not used.
  uint64_t estimated_rows = 0;
  bool unknown_size = false;
  for (size_t i = 0; i < model.sources.size(); ++i)
    if (used[i] && !s.files[i].empty()) {
      const uint64_t n = rt::estimate_file_rows(s.files[i]);
      unknown_size |= n == 0;
      estimated_rows = std::max(estimated_rows, n);
    }
  codegen::JitOptions jit_options;
  jit_options.cache_dir = a.jit_cache == "none" ? std::string()
                          : a.jit_cache.empty() ? codegen::ObjectCache::default_dir()
                                                : a.jit_cache;
  std::shared_ptr<codegen::JitFilterBackend> early_jit;
  std::future<double> early_compile;
  if (a.engine == "jit" && s.threads >= 2 && (unknown_size || estimated_rows >= a.jit_threshold / 2)) {
    early_jit = std::make_shared<codegen::JitFilterBackend>(jit_options);
    if (early_jit->available())
      early_compile = std::async(std::launch::async, [j = early_jit, &physical] { return j->precompile(physical); });
  }

  // Load every source the outputs read.
  auto t_read = Clock::now();
  s.loaded.resize(model.sources.size());
  s.tables.assign(model.sources.size(), nullptr);
  // Only the fields the model reads are parsed (column pruning); the table keeps one slot per
  // schema field so that expressions index it by field.
  std::vector<std::vector<rt::ColumnSpec>> all(model.sources.size());
  std::vector<std::vector<size_t>> kept(model.sources.size());
  std::vector<rt::LoadSpec> specs(model.sources.size());
  for (size_t i : to_load) {
    all[i] = column_specs(*model.sources[i].schema);
    specs[i].source = model.sources[i].name;
    specs[i].path = s.files[i];
    for (size_t f = 0; f < all[i].size(); ++f)
      if (s.fields[i][f]) {
        kept[i].push_back(f);
        specs[i].columns.push_back(all[i][f]);
        specs[i].columns.back().deferred = !late.empty() && late[i][f];
      }
    specs[i].threads = threads_per_file;
    if (along) specs[i].file_bytes = [h = s.along.get(), i](std::string_view b) { h->feed(i, b); };
    if (streamed && !to_hash[i].empty()) {
      io::HashThread* h = s.hash_thread.get();
      specs[i].file_bytes = [h, i](std::string_view b) { h->offer(i, b); };
      specs[i].bytes_taken = [h, i] { return h->taken(i); };
      specs[i].wait_taken = [h, i](uint64_t n) { h->wait_taken(i, n); };
    }
  }
  // On a terminal, a status line: rows parsed so far per source, refreshed four times a second.
  std::vector<std::atomic<uint64_t>> progress(model.sources.size());
  for (size_t i : to_load) specs[i].progress_rows = &progress[i];
  std::atomic<bool> loading{true};
  std::thread status;
  if (isatty(STDERR_FILENO)) {
    status = std::thread([&] {
      while (loading.load()) {
        std::string line = ui_text(TextId::ProgressReading, lang);
        for (size_t i : to_load)
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
  auto load = [&](size_t i) {
    struct Done {
      io::HashThread* h;
      size_t i;
      ~Done() {
        if (h) h->done(i);
      }
    } done{s.hash_thread.get(), i};
    s.loaded[i] = rt::load_table(specs[i]);
  };
  if (side_by_side) {
    rt::parallel_for_each(to_load.size(), [&](size_t k) { load(to_load[k]); });
  } else {
    for (size_t i : to_load) load(i);
  }
  for (size_t i : to_load) {
    if (!s.loaded[i].ok) {
      FileId f = sm.add_external(s.files[i]);
      // E0501/E0507 carrying the reader's own code (C…/L…) as its data code.
      report_data_file_error(sink, f, s.files[i], s.loaded[i].error_line, s.loaded[i].error_code,
                             s.loaded[i].error_en, s.loaded[i].error_zh);
      continue;
    }
    rt::Table& t = s.loaded[i].table;
    std::vector<rt::Column> by_field(all[i].size());
    std::vector<std::string> names(all[i].size());
    for (size_t f = 0; f < all[i].size(); ++f) {
      by_field[f] = rt::Column::make(all[i][f].type);
      names[f] = all[i][f].name;
    }
    for (size_t k = 0; k < kept[i].size() && k < t.columns.size(); ++k) by_field[kept[i][k]] = std::move(t.columns[k]);
    if (t.deferred) rt::reorder_deferred(t, kept[i], all[i].size());
    t.columns = std::move(by_field);
    t.column_names = std::move(names);
    s.tables[i] = &t;
  }
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
  // The execute timer starts after the JIT's compilation, which jit_compile reports.
  auto t_exec = Clock::now();
  s.result = exec::execute(physical, s.tables, s.params, opt);
  s.exec_s = since(t_exec);
  if (auto* j = static_cast<codegen::JitFilterBackend*>(s.jit.get())) {
    const codegen::JitStats st = j->stats();
    s.jit_cache_hits = st.cache_hits;
    s.jit_cache_misses = st.cache_misses;
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

std::vector<std::string> RunSession::input_sha() {
  if (hashing.valid()) return hashing.get();
  if (hash_thread) return std::exchange(hash_thread, nullptr)->finish();
  if (along) return std::exchange(along, nullptr)->finish();
  return {};
}

}  // namespace clue::session
