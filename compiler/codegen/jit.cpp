#include "compiler/codegen/jit.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <set>
#include <unordered_map>

#include "compiler/codegen/llvm_memory.h"
#include "compiler/codegen/lower.h"
#include "compiler/codegen/object_cache.h"

namespace clue::codegen {

namespace {

// 128-bit division for money × money and for `/` (the JIT's __divti3/__modti3): compiled by
// the host compiler, which calls its own runtime.
__int128 jit_divti3(__int128 a, __int128 b) { return a / b; }
__int128 jit_modti3(__int128 a, __int128 b) { return a % b; }
unsigned __int128 jit_udivti3(unsigned __int128 a, unsigned __int128 b) { return a / b; }
unsigned __int128 jit_umodti3(unsigned __int128 a, unsigned __int128 b) { return a % b; }

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread: compile time that does not depend on the machine's load.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// One condition: its signature (or why it is declined), then each variant compiled on first need.
struct Entry {
  std::once_flag decided;
  PredicateInfo info;
  Signature sig;
  // The plan and the frame layout the expression was first met with (its references' meaning).
  const plan::Plan* physical = nullptr;
  const plan::Layout* layout = nullptr;
  bool projection = false;           // a projection (ProjFn) rather than a predicate (PredFn)
  std::once_flag once[2];            // [0] gather, [1] direct
  std::atomic<void*> fn[2] = {nullptr, nullptr};
  llvm::orc::ResourceTrackerSP tracker[2];
};

// Read for rows of an empty table (every frame row is -1 there, hence null): also the
// offsets {0, 0} of an empty text column, whose bytes are kNoText.
const int64_t kZero[2] = {0, 0};
const uint8_t kNoValue[8] = {0};
const char kNoText[8] = {0};

int64_t pow10(int k) {
  int64_t p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

}  // namespace

struct JitFilterBackend::Impl {
  JitOptions opt;
  std::string error;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> tm;  // costs and runs the O3 pipeline
  std::mutex llvm_mu;                       // one compilation at a time (tm is not thread-safe)
  mutable std::mutex mu;                    // cache and compile statistics
  std::unordered_map<const plan::Expr*, std::shared_ptr<Entry>> cache, pcache;  // predicates, projections
  std::vector<std::shared_ptr<Entry>> order, porder;
  uint64_t next_id = 0, next_pid = 0;
  uint64_t declined = 0, variants = 0, pdeclined = 0, pvariants = 0;
  std::atomic<uint64_t> batches_projected{0}, probes{0};
  // The int64-key probe loop: one function for every join.
  std::once_flag probe_once;
  std::atomic<exec::Int64ProbeFn> probe_fn{nullptr};
  llvm::orc::ResourceTrackerSP probe_tracker;
  double compile_seconds = 0, compile_cpu_seconds = 0, max_compile_seconds = 0;
  std::atomic<uint64_t> batches_direct{0}, batches_gather{0}, batches_guarded{0}, batches_overflowed{0};
  // Machine code of earlier runs (JitOptions::cache_dir; not with keep_ir, whose dumps need
  // the optimised IR).
  std::unique_ptr<ObjectCache> objects;
  std::atomic<uint64_t> cache_hits{0}, cache_misses{0};

  bool setup() {
    tm = host_target_machine(&error);
    if (!tm) return false;
    objects = std::make_unique<ObjectCache>(opt.keep_ir ? std::string() : opt.cache_dir);
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb) {
      error = llvm::toString(jtmb.takeError());
      return false;
    }
    jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    auto j = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*jtmb)).create();
    if (!j) {
      error = llvm::toString(j.takeError());
      return false;
    }
    jit = std::move(*j);
    auto& jd = jit->getMainJITDylib();
    llvm::orc::SymbolMap syms;
    auto def = [&](const char* name, void* addr) {
      syms[jit->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
          llvm::orc::ExecutorAddr::fromPtr(addr), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
    };
    def("__divti3", reinterpret_cast<void*>(&jit_divti3));
    def("__modti3", reinterpret_cast<void*>(&jit_modti3));
    def("__udivti3", reinterpret_cast<void*>(&jit_udivti3));
    def("__umodti3", reinterpret_cast<void*>(&jit_umodti3));
    if (auto err = jd.define(llvm::orc::absoluteSymbols(std::move(syms)))) {
      error = llvm::toString(std::move(err));
      return false;
    }
    // Anything else the backend may call (memset, memcpy): the process's own symbols.
    auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit->getDataLayout().getGlobalPrefix());
    if (!gen) {
      error = llvm::toString(gen.takeError());
      return false;
    }
    jd.addGenerator(std::move(*gen));
    return true;
  }

  // The cache entry of `cond`, decided (the decision to compile or decline is made once).
  std::shared_ptr<Entry> entry(const plan::Expr& cond, const plan::Plan& physical, const plan::Layout& layout,
                               bool projection = false) {
    std::shared_ptr<Entry> e;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto& slot = (projection ? pcache : cache)[&cond];
      // The same expression over the same layout at another address (a filter the push-down
      // pass copied to a join, and the where it came from) shares one entry: one compilation.
      if (!slot)
        for (const auto& other : projection ? porder : order)
          if (other->layout == &layout && plan::same(*other->info.expr, cond)) {
            slot = other;
            break;
          }
      if (!slot) {
        slot = std::make_shared<Entry>();
        slot->info.expr = &cond;
        slot->info.name = projection ? "clue_proj" + std::to_string(next_pid++) : "clue_pred" + std::to_string(next_id++);
        slot->physical = &physical;
        slot->layout = &layout;
        slot->projection = projection;
        (projection ? porder : order).push_back(slot);
      }
      e = slot;
    }
    std::call_once(e->decided, [&] { decide(*e); });
    return e;
  }

  // The compiled variant (0 gather, 1 direct), compiling it on first use; null if that failed.
  void* variant(Entry& e, int v) {
    std::call_once(e.once[v], [&] { compile(e, v); });
    return e.fn[v].load(std::memory_order_acquire);
  }

  void decide(Entry& e) {
    auto t0 = Clock::now();
    double c0 = thread_cpu_seconds();
    if (!jit) {
      e.info.why = "JIT unavailable: " + error;
    } else {
      llvm::LLVMContext ctx;
      llvm::Module mod(e.info.name, ctx);
      Lowered l = e.projection ? lower_projection(*e.physical, *e.layout, *e.info.expr, mod, e.info.name, nullptr, 0,
                                                  opt.plain_projections)
                               : lower_condition(*e.physical, *e.layout, *e.info.expr, mod, e.info.name, nullptr, 0);
      e.info.compiled = l.ok;
      e.info.why = l.why;
      e.sig = std::move(l.sig);
    }
    std::lock_guard<std::mutex> lock(mu);
    add_time(e, std::chrono::duration<double>(Clock::now() - t0).count(), thread_cpu_seconds() - c0);
    if (!e.info.compiled) ++(e.projection ? pdeclined : declined);
  }

  void add_time(Entry& e, double wall, double cpu) {  // with mu held
    e.info.compile_seconds += wall;
    compile_seconds += wall;
    compile_cpu_seconds += cpu;
    max_compile_seconds = std::max(max_compile_seconds, e.info.compile_seconds);
  }

  // Adds `mod` (not yet optimised) to the JIT under a new tracker: the object an earlier run
  // made from the same IR when the cache has it, else the module optimised (O3) and compiled
  // here. `name` is one of its functions: looking it up links the object, so a cached
  // object that does not link is dropped and the module compiled after all. Under llvm_mu.
  llvm::Expected<llvm::orc::ResourceTrackerSP> add_module(std::unique_ptr<llvm::Module> mod,
                                                          std::unique_ptr<llvm::LLVMContext> ctx,
                                                          const std::string& name) {
    auto& jd = jit->getMainJITDylib();
    if (!objects->enabled()) {
      optimize_module(*mod, *tm);
      auto tracker = jd.createResourceTracker();
      if (auto err = jit->addIRModule(tracker, llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx))))
        return std::move(err);
      return tracker;
    }
    const std::string key = objects->key(*mod, *tm);
    if (auto cached = objects->load(key)) {
      auto tracker = jd.createResourceTracker();
      llvm::Error err = jit->addObjectFile(tracker, std::move(cached));
      if (!err) {
        auto f = jit->lookup(name);
        if (f) {
          ++cache_hits;
          return tracker;
        }
        err = f.takeError();
      }
      llvm::consumeError(std::move(err));
      llvm::consumeError(tracker->remove());
    }
    ++cache_misses;
    optimize_module(*mod, *tm);
    llvm::SmallVector<char, 0> object;
    {
      llvm::raw_svector_ostream os(object);
      llvm::legacy::PassManager pm;
      if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile))
        return llvm::createStringError(llvm::inconvertibleErrorCode(), "the target cannot emit an object file");
      pm.run(*mod);
    }
    objects->store(key, llvm::StringRef(object.data(), object.size()));
    auto tracker = jd.createResourceTracker();
    if (auto err = jit->addObjectFile(
            tracker, llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object.data(), object.size()), name)))
      return std::move(err);
    return tracker;
  }

  void compile(Entry& e, int v) {
    auto t0 = Clock::now();
    double c0 = thread_cpu_seconds();
    std::string why;
    {
      std::lock_guard<std::mutex> lock(llvm_mu);
      why = compile_locked(e, v);
    }
    std::lock_guard<std::mutex> lock(mu);
    if (!why.empty()) e.info.why = why;
    add_time(e, std::chrono::duration<double>(Clock::now() - t0).count(), thread_cpu_seconds() - c0);
    if (why.empty()) ++(e.projection ? pvariants : variants);
  }

  std::string compile_locked(Entry& e, int v) {
    std::string name = e.info.name + (v ? "_direct" : "_gather");
    auto ctx = std::make_unique<llvm::LLVMContext>();
    auto mod = std::make_unique<llvm::Module>(name, *ctx);
    prepare_module(*mod, *tm);
    Lowered l = e.projection ? lower_projection(*e.physical, *e.layout, *e.info.expr, *mod, e.info.name, tm.get(),
                                                v ? kDirect : kGather, opt.plain_projections)
                             : lower_condition(*e.physical, *e.layout, *e.info.expr, *mod, e.info.name, tm.get(),
                                               v ? kDirect : kGather);
    if (!l.ok) return "internal: " + l.why;
    if (opt.keep_ir) e.info.ir_before += module_text(*mod);
    llvm::orc::ResourceTrackerSP tracker;
    if (opt.keep_ir) {
      optimize_module(*mod, *tm);
      e.info.ir_after += module_text(*mod);
      tracker = jit->getMainJITDylib().createResourceTracker();
      if (auto err = jit->addIRModule(tracker, llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx))))
        return "internal: " + llvm::toString(std::move(err));
    } else {
      auto added = add_module(std::move(mod), std::move(ctx), name);
      if (!added) return "internal: " + llvm::toString(added.takeError());
      tracker = *added;
    }
    auto f = jit->lookup(name);
    if (!f) return "internal: " + llvm::toString(f.takeError());
    e.tracker[v] = tracker;
    e.fn[v].store(f->toPtr<void*>(), std::memory_order_release);
    return "";
  }

  // Compiles several variants (and the probe loop) as one module: one O3 run and one
  // machine-code emission instead of one per function. LLVM's fixed cost per module (pass
  // pipelines, object file, linking) was about a third of a model's compile time. Each entry
  // is lowered into a module of its own first and linked in only if that worked, so a
  // variant that fails to lower costs nothing to the others (it is reported as before, and
  // compiled on its own if a batch ever needs it).
  void compile_batch(const std::vector<std::pair<std::shared_ptr<Entry>, int>>& want, bool with_probe) {
    if (!jit) return;
    if (opt.keep_ir) {  // the per-function IR dumps need a module per function
      for (const auto& [e, v] : want) variant(*e, v);
      if (with_probe) probe();
      return;
    }
    auto t0 = Clock::now();
    double c0 = thread_cpu_seconds();
    struct Item {
      Entry* e;
      int v;
      std::string name, why;
      void* fn = nullptr;
    };
    std::vector<Item> items;
    for (const auto& [e, v] : want) {
      bool seen = false;
      for (const Item& it : items) seen |= it.e == e.get() && it.v == v;
      if (!seen && !e->fn[v].load()) items.push_back({e.get(), v, e->info.name + (v ? "_direct" : "_gather"), "", nullptr});
    }
    with_probe = with_probe && !probe_fn.load();
    if (items.empty() && !with_probe) return;
    const std::string probe_name = "clue_probe_i64";
    void* probe_ptr = nullptr;
    llvm::orc::ResourceTrackerSP tracker;
    {
      std::lock_guard<std::mutex> lock(llvm_mu);
      auto ctx = std::make_unique<llvm::LLVMContext>();
      auto all = std::make_unique<llvm::Module>("clue_batch", *ctx);
      prepare_module(*all, *tm);
      size_t linked = 0;
      for (Item& it : items) {
        auto mod = std::make_unique<llvm::Module>(it.name, *ctx);
        prepare_module(*mod, *tm);
        Entry& e = *it.e;
        Lowered l = e.projection ? lower_projection(*e.physical, *e.layout, *e.info.expr, *mod, e.info.name,
                                                    tm.get(), it.v ? kDirect : kGather, opt.plain_projections)
                                 : lower_condition(*e.physical, *e.layout, *e.info.expr, *mod, e.info.name, tm.get(),
                                                   it.v ? kDirect : kGather);
        if (!l.ok) {
          it.why = "internal: " + l.why;
          continue;
        }
        if (llvm::Linker::linkModules(*all, std::move(mod))) {
          it.why = "internal: linking the batch module failed";
          continue;
        }
        ++linked;
      }
      if (with_probe) {
        lower_int64_probe(*all, probe_name, tm.get());
        ++linked;
      }
      if (linked) {
        std::string first = with_probe ? probe_name : std::string();
        for (const Item& it : items)
          if (it.why.empty() && first.empty()) first = it.name;
        auto added = add_module(std::move(all), std::move(ctx), first);
        if (!added) {
          const std::string why = "internal: " + llvm::toString(added.takeError());
          for (Item& it : items)
            if (it.why.empty()) it.why = why;
          with_probe = false;
        } else {
          tracker = *added;
          for (Item& it : items) {
            if (!it.why.empty()) continue;
            if (auto f = jit->lookup(it.name)) it.fn = f->toPtr<void*>();
            else it.why = "internal: " + llvm::toString(f.takeError());
          }
          if (with_probe) {
            if (auto f = jit->lookup(probe_name)) probe_ptr = f->toPtr<void*>();
            else llvm::consumeError(f.takeError());
          }
        }
      }
    }
    // Publish: each variant's once-flag is set here, so it is never compiled again (a variant
    // that failed stays unset and is tried on its own when first needed).
    size_t done = 0;
    for (Item& it : items) {
      if (!it.fn) continue;
      std::call_once(it.e->once[it.v], [&] {
        it.e->tracker[it.v] = tracker;
        it.e->fn[it.v].store(it.fn, std::memory_order_release);
        ++done;
      });
    }
    if (probe_ptr)
      std::call_once(probe_once, [&] {
        probe_tracker = tracker;
        probe_fn.store(reinterpret_cast<exec::Int64ProbeFn>(probe_ptr), std::memory_order_release);
      });
    // The batch's time, shared equally by what it compiled (per-function times are not
    // separable inside one module).
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = thread_cpu_seconds() - c0;
    std::lock_guard<std::mutex> lock(mu);
    const size_t parts = std::max<size_t>(1, done + (probe_ptr ? 1 : 0));
    for (Item& it : items) {
      if (!it.fn) continue;
      it.e->info.compile_seconds += wall / double(parts);
      max_compile_seconds = std::max(max_compile_seconds, it.e->info.compile_seconds);
      ++(it.e->projection ? pvariants : variants);
    }
    compile_seconds += wall;
    compile_cpu_seconds += cpu;
  }

  // The probe loop, compiled on first use (counted in the compile times).
  exec::Int64ProbeFn probe() {
    std::call_once(probe_once, [&] {
      auto t0 = Clock::now();
      double c0 = thread_cpu_seconds();
      {
        std::lock_guard<std::mutex> lock(llvm_mu);
        const std::string name = "clue_probe_i64";
        auto ctx = std::make_unique<llvm::LLVMContext>();
        auto mod = std::make_unique<llvm::Module>(name, *ctx);
        prepare_module(*mod, *tm);
        lower_int64_probe(*mod, name, tm.get());
        auto added = add_module(std::move(mod), std::move(ctx), name);
        if (!added) {
          llvm::consumeError(added.takeError());  // the C++ loop runs
        } else if (auto f = jit->lookup(name)) {
          probe_tracker = *added;
          probe_fn.store(f->toPtr<exec::Int64ProbeFn>(), std::memory_order_release);
        } else {
          llvm::consumeError(f.takeError());
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      double wall = std::chrono::duration<double>(Clock::now() - t0).count();
      compile_seconds += wall;
      compile_cpu_seconds += thread_cpu_seconds() - c0;
      max_compile_seconds = std::max(max_compile_seconds, wall);
    });
    return probe_fn.load(std::memory_order_acquire);
  }

  // Fills the input arrays for one batch; false when the inputs are not what the code was
  // compiled for (the interpreter then runs the batch).
  bool bind(const Signature& p, const exec::EvalContext& ctx, size_t begin, size_t end,
            std::vector<const void*>& ptrs, std::vector<int64_t>& scal, bool& contiguous) const {
    ptrs.assign(p.ptr_count(), nullptr);
    scal.assign(p.scal_count(), 0);
    const exec::Frame& f = ctx.frame;
    size_t n = end - begin;
    contiguous = opt.direct_fast_path;
    for (size_t k = 0; k < p.bindings.size(); ++k) {
      size_t b = size_t(p.bindings[k]);
      if (b >= f.rows.size() || b >= f.tables.size() || !f.tables[b] || f.rows[b].size() < end) return false;
      const int64_t* r = f.rows[b].data() + begin;
      ptrs[p.ptr_binding(k)] = f.rows[b].data();
      if (!contiguous) continue;
      // A contiguous run of source rows: the direct variant reads row i + offset.
      uint64_t first = uint64_t(r[0]), diff = 0;
      for (size_t q = 0; q < n; ++q) diff |= uint64_t(r[q]) - first - q;
      contiguous = diff == 0 && r[0] >= 0 && first + n <= f.tables[b]->rows();
      scal[p.scal_offset(k)] = r[0] - int64_t(begin);
    }
    for (size_t k = 0; k < p.columns.size(); ++k) {
      const Signature::Column& pc = p.columns[k];
      const rt::Table* t = f.tables[size_t(pc.binding)];
      if (size_t(pc.field) >= t->columns.size()) return false;
      const rt::Column& c = t->columns[size_t(pc.field)];
      if (c.phys != pc.phys) return false;
      ptrs[p.ptr_column(k) + 2] = kNoText;
      if (c.size() == 0) {
        ptrs[p.ptr_column(k)] = kZero;
        ptrs[p.ptr_column(k) + 1] = kNoValue;
        continue;
      }
      switch (c.phys) {
        case rt::Phys::I64: ptrs[p.ptr_column(k)] = c.i64.data(); break;
        case rt::Phys::I32: ptrs[p.ptr_column(k)] = c.i32.data(); break;
        case rt::Phys::U8: ptrs[p.ptr_column(k)] = c.u8.data(); break;
        case rt::Phys::Str:
          if (pc.valid_only) {
            ptrs[p.ptr_column(k)] = kZero;
            break;
          }
          // Every row's [offsets[r], offsets[r + 1]) must lie in the bytes (rows are read
          // before their valid byte is looked at); a dictionary's codes are its entries'
          // numbers by construction (rt::StringData).
          // Fixed-width text (party IDs, USCCs) is only ever tested for null here.
          if (c.deferred || c.str.width || c.str.size() != c.size() || c.str.offsets.empty() ||
              c.str.offsets.back() > c.str.bytes.size())
            return false;
          ptrs[p.ptr_column(k)] = c.str.offsets.data();
          if (!c.str.bytes.empty()) ptrs[p.ptr_column(k) + 2] = c.str.bytes.data();
          if (c.str.dict) ptrs[p.ptr_column(k) + 3] = c.str.codes.data();
          break;
        default:
          if (!pc.valid_only) return false;
          ptrs[p.ptr_column(k)] = kZero;
      }
      ptrs[p.ptr_column(k) + 1] = c.valid.data();
    }
    for (size_t k = 0; k < p.derived.size(); ++k) {
      const Signature::Derived& pd = p.derived[k];
      size_t d = size_t(pd.derived);
      if (d >= f.derived.size() || (d < f.has_derived.size() && !f.has_derived[d])) return false;
      const exec::Vec& v = f.derived[d];
      if (v.lane != exec::Vec::I || v.is_null_type || v.type != pd.type || v.scale != pd.scale || v.valid.size() < end ||
          v.i.size() < end)
        return false;
      ptrs[p.ptr_derived(k)] = v.i.data();
      ptrs[p.ptr_derived(k) + 1] = v.valid.data();
    }
    for (size_t k = 0; k < p.params.size(); ++k) {
      const Signature::Param& pp = p.params[k];
      if (size_t(pp.param) >= ctx.params.size()) return false;
      const exec::Vec& v = ctx.params[size_t(pp.param)];
      if (v.lane != exec::Vec::I || v.is_null_type || v.size() != 1 || v.i.size() != 1 || v.type != pp.type ||
          v.scale != pp.scale)
        return false;
      scal[p.scal_param(k)] = v.i[0];
      scal[p.scal_param(k) + 1] = v.valid[0] ? 1 : 0;
    }
    // A list<text> param use: (length, pointer) pairs of its present elements, rebuilt for each
    // batch (a few words a list element: cheap next to the batch).
    thread_local std::vector<std::vector<uint64_t>> text_lists;
    if (text_lists.size() < p.lists.size()) text_lists.resize(p.lists.size());
    for (size_t k = 0; k < p.lists.size(); ++k) {
      const Signature::List& pl = p.lists[k];
      if (size_t(pl.param) >= ctx.params.size()) return false;
      const exec::Vec& v = ctx.params[size_t(pl.param)];
      if (pl.text) {
        if (v.lane != exec::Vec::S || v.is_null_type || v.type != rt::Logical::Text || v.s.size() != v.valid.size())
          return false;
        std::vector<uint64_t>& pairs = text_lists[k];
        pairs.clear();
        bool has_null = false;
        for (size_t q = 0; q < v.s.size(); ++q) {
          if (!v.valid[q]) {
            has_null = true;
            continue;
          }
          pairs.push_back(uint64_t(v.s[q].size()));
          pairs.push_back(uint64_t(reinterpret_cast<uintptr_t>(v.s[q].empty() ? kNoText : v.s[q].data())));
        }
        ptrs[p.ptr_list(k)] = pairs.empty() ? static_cast<const void*>(kZero) : pairs.data();
        ptrs[p.ptr_list(k) + 1] = kNoValue;
        scal[p.scal_list(k)] = int64_t(pairs.size() / 2);
        scal[p.scal_list(k) + 1] = has_null;
        continue;
      }
      if (v.lane != exec::Vec::I || v.is_null_type || v.i.size() != v.valid.size()) return false;
      bool has_null = false;
      for (uint8_t x : v.valid) has_null |= !x;
      int hi = std::max(pl.value_scale, v.scale);
      ptrs[p.ptr_list(k)] = v.i.empty() ? kZero : v.i.data();
      ptrs[p.ptr_list(k) + 1] = v.valid.empty() ? kNoValue : v.valid.data();
      scal[p.scal_list(k)] = int64_t(v.i.size());
      scal[p.scal_list(k) + 1] = has_null;
      scal[p.scal_list(k) + 2] = pow10(hi - pl.value_scale);
      scal[p.scal_list(k) + 3] = pow10(hi - v.scale);
    }
    for (size_t k = 0; k < p.texts.size(); ++k) {
      const Signature::Text& pt = p.texts[k];
      if (size_t(pt.param) >= ctx.params.size()) return false;
      const exec::Vec& v = ctx.params[size_t(pt.param)];
      if (v.lane != exec::Vec::S || v.is_null_type || v.type != rt::Logical::Text || v.size() != 1 || v.s.size() != 1)
        return false;
      ptrs[p.ptr_text(k)] = v.s[0].empty() ? kNoText : v.s[0].data();
      scal[p.scal_text(k)] = int64_t(v.s[0].size());
      scal[p.scal_text(k) + 1] = v.valid[0] ? 1 : 0;
    }
    return true;
  }
};

JitFilterBackend::JitFilterBackend(JitOptions options) {
  LlvmScope in_llvm;
  impl_ = std::make_unique<Impl>();
  impl_->opt = options;
  if (!impl_->setup()) impl_->jit.reset();
}

JitFilterBackend::~JitFilterBackend() {
  LlvmScope in_llvm;
  impl_.reset();
}

bool JitFilterBackend::available() const { return impl_->jit != nullptr; }
std::string JitFilterBackend::error() const { return impl_->error; }

bool JitFilterBackend::filter(const plan::Expr& cond, const exec::EvalContext& ctx, size_t begin, size_t end,
                              std::vector<uint32_t>& out) {
  Impl& im = *impl_;
  LlvmScope in_llvm;
  if (!im.jit) return false;
  if (im.opt.min_rows && ctx.frame.size < im.opt.min_rows) return false;
  std::shared_ptr<Entry> e = im.entry(cond, ctx.plan, ctx.layout);
  if (!e->info.compiled) return false;
  if (end <= begin) return true;
  thread_local std::vector<const void*> ptrs;
  thread_local std::vector<int64_t> scal;
  bool contiguous = false;
  if (!im.bind(e->sig, ctx, begin, end, ptrs, scal, contiguous)) {
    ++im.batches_guarded;
    return false;
  }
  bool direct = contiguous && !e->sig.scalar;
  auto fn = reinterpret_cast<PredFn>(im.variant(*e, direct ? 1 : 0));
  if (!fn) return false;
  size_t old = out.size();
  out.resize(old + (end - begin));
  uint64_t n = fn(ptrs.data(), scal.data(), begin, end, out.data() + old);
  if (n == kOverflowed) {  // the interpreter evaluates the batch and reports the row (E0560)
    out.resize(old);
    ++im.batches_overflowed;
    return false;
  }
  out.resize(old + n);
  ++(direct ? im.batches_direct : im.batches_gather);
  return true;
}

bool JitFilterBackend::project(const plan::Expr& e, const exec::EvalContext& ctx, size_t begin, size_t end,
                               exec::Vec& out) {
  Impl& im = *impl_;
  LlvmScope in_llvm;
  if (!im.jit || !im.opt.projections) return false;
  if (im.opt.min_rows && ctx.frame.size < im.opt.min_rows) return false;
  std::shared_ptr<Entry> en = im.entry(e, ctx.plan, ctx.layout, true);
  if (!en->info.compiled) return false;
  thread_local std::vector<const void*> ptrs;
  thread_local std::vector<int64_t> scal;
  bool contiguous = false;
  if (end > begin && !im.bind(en->sig, ctx, begin, end, ptrs, scal, contiguous)) {
    ++im.batches_guarded;
    return false;
  }
  ProjFn fn = nullptr;
  if (end > begin) {
    fn = reinterpret_cast<ProjFn>(im.variant(*en, contiguous && !en->sig.scalar ? 1 : 0));
    if (!fn) return false;
  }
  out = exec::Vec();
  out.lane = exec::Vec::I;
  out.type = en->sig.result_type;
  out.scale = en->sig.result_scale;
  out.i.resize(end - begin);
  out.valid.resize(end - begin);
  if (fn) {
    if (fn(ptrs.data(), scal.data(), begin, end, out.i.data(), out.valid.data()) == kOverflowed) {
      out = exec::Vec();  // the interpreter evaluates the batch and reports the row (E0560)
      ++im.batches_overflowed;
      return false;
    }
    ++im.batches_projected;
  }
  return true;
}

exec::Int64ProbeFn JitFilterBackend::int64_probe() {
  Impl& im = *impl_;
  LlvmScope in_llvm;
  if (!im.jit || !im.opt.probes) return nullptr;
  exec::Int64ProbeFn f = im.probe();
  if (f) ++im.probes;
  return f;
}

double JitFilterBackend::precompile(const plan::Plan& physical) {
  LlvmScope in_llvm;
  auto t0 = Clock::now();
  // Each condition with the variant its first batches will most likely need: direct for
  // conditions that see a source's rows in order (the first filter after a scan, filters pushed
  // down to a join's joined source) and for conditions that read no source column (having);
  // gather after joins and earlier filters. The other variant is compiled if a batch needs it.
  // Conditions over text have only the gather variant (Signature::scalar).
  std::vector<std::pair<std::shared_ptr<Entry>, int>> batch;
  auto want = [&](const plan::Layout& layout, const plan::Expr& cond, bool in_order) {
    auto e = impl_->entry(cond, physical, layout);
    if (!e->info.compiled) return;
    batch.emplace_back(e, !e->sig.scalar && (in_order || e->sig.bindings.empty()) ? 1 : 0);
  };
  // Projections likewise: direct where the frame's rows are still a source's rows in order.
  auto want_proj = [&](const plan::Layout& layout, const plan::Expr& e, bool in_order) {
    if (!impl_->opt.projections) return;
    auto en = impl_->entry(e, physical, layout, true);
    if (!en->info.compiled) return;
    batch.emplace_back(en, !en->sig.scalar && (in_order || en->sig.bindings.empty()) ? 1 : 0);
  };
  // Whether the rows a node reads are still its scan's rows in order: no filter, join or
  // group on its input chain down to the scan.
  auto in_order = [&](const plan::Node& node) {
    for (int i = node.inputs.empty() ? -1 : node.inputs[0]; i >= 0;) {
      const plan::Node& below = physical.nodes.at(size_t(i));
      switch (below.kind) {
        case plan::NodeKind::Scan: return true;
        case plan::NodeKind::Filter:
        case plan::NodeKind::Join:
        case plan::NodeKind::Union:  // rows of several parts: no one scan's order
        case plan::NodeKind::Aggregate: return false;
        default: i = below.inputs.empty() ? -1 : below.inputs[0];
      }
    }
    return false;
  };
  bool hash_join = false;
  for (const plan::Node& node : physical.nodes) {
    const plan::Layout& layout = physical.layouts.at(size_t(node.layout));
    switch (node.kind) {
      case plan::NodeKind::Filter:
        if (node.condition) want(layout, *node.condition, in_order(node));
        // Run over the same rows when the filter drops some, to count those dropped for a null.
        if (node.null_check) want(layout, *node.null_check, in_order(node));
        break;
      case plan::NodeKind::Join:
        for (const auto& p : node.pushed) want(layout, *p, true);
        for (const auto& p : node.pushed_null_checks) want(layout, *p, true);
        if (node.algo == plan::JoinAlgo::Hash) {
          bool left_in_order = in_order(node);
          // The joined source's keys are computed over its own rows, in order unless filters
          // were pushed down to it.
          for (const auto& k : node.keys) {
            want_proj(layout, *k.left, left_in_order);
            want_proj(layout, *k.right, node.pushed.empty());
          }
          hash_join |= node.keys.size() == 1;
        }
        if (node.condition) want(layout, *node.condition, false);
        if (node.null_check) want(layout, *node.null_check, false);
        break;
      case plan::NodeKind::Derive:
        for (const auto& v : node.values) want_proj(layout, *v, in_order(node));
        break;
      case plan::NodeKind::Union:  // each part's columns, over the part's rows in its frame
        for (const auto& v : node.values) want_proj(layout, *v, false);
        break;
      case plan::NodeKind::Aggregate:
        for (size_t k = 0; k < node.values.size(); ++k)
          want_proj(layout, *node.values[k], k < node.key_count && in_order(node));
        break;
      case plan::NodeKind::Project:
        for (const auto& c : node.columns) want_proj(layout, *c.value, false);
        break;
      case plan::NodeKind::Sort:
        for (const auto& k : node.order) want_proj(layout, *k.value, false);
        break;
      default: break;
    }
  }
  impl_->compile_batch(batch, hash_join && impl_->jit && impl_->opt.probes);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

JitStats JitFilterBackend::stats() const {
  JitStats s;
  std::lock_guard<std::mutex> lock(impl_->mu);
  s.compiled = impl_->order.size() - impl_->declined;
  s.cache_hits = impl_->cache_hits.load();
  s.cache_misses = impl_->cache_misses.load();
  s.cache_rejected = impl_->objects ? impl_->objects->rejected() : 0;
  s.declined = impl_->declined;
  s.variants = impl_->variants;
  s.compile_seconds = impl_->compile_seconds;
  s.compile_cpu_seconds = impl_->compile_cpu_seconds;
  s.max_compile_seconds = impl_->max_compile_seconds;
  s.batches_direct = impl_->batches_direct;
  s.batches_gather = impl_->batches_gather;
  s.batches_guarded = impl_->batches_guarded;
  s.batches_overflowed = impl_->batches_overflowed;
  s.projections = impl_->porder.size() - impl_->pdeclined;
  s.projections_declined = impl_->pdeclined;
  s.projection_variants = impl_->pvariants;
  s.batches_projected = impl_->batches_projected;
  s.probe_compiled = impl_->probe_fn.load() != nullptr;
  s.probes = impl_->probes;
  return s;
}

std::vector<PredicateInfo> JitFilterBackend::predicates() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<PredicateInfo> out;
  for (const auto& e : impl_->order) out.push_back(e->info);
  return out;
}

std::vector<PredicateInfo> JitFilterBackend::projections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<PredicateInfo> out;
  for (const auto& e : impl_->porder) out.push_back(e->info);
  return out;
}

void JitFilterBackend::clear() {
  LlvmScope in_llvm;
  std::lock_guard<std::mutex> l1(impl_->llvm_mu);
  std::lock_guard<std::mutex> l2(impl_->mu);
  // A batch's tracker is shared by its functions (and maybe the probe loop, which stays).
  std::set<llvm::orc::ResourceTracker*> removed;
  for (auto* list : {&impl_->order, &impl_->porder})
    for (auto& e : *list)
      for (auto& t : e->tracker)
        if (t && t != impl_->probe_tracker && removed.insert(t.get()).second) llvm::cantFail(t->remove());
  impl_->order.clear();
  impl_->cache.clear();
  impl_->porder.clear();
  impl_->pcache.clear();
  impl_->declined = impl_->variants = impl_->pdeclined = impl_->pvariants = 0;
  impl_->compile_seconds = impl_->compile_cpu_seconds = impl_->max_compile_seconds = 0;
}

}  // namespace clue::codegen
