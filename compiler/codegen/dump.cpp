// `clue explain --emit=llvm`: the IR of every filter condition, projection and of the probe
// loop, before and after O3.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <sstream>

#include "compiler/codegen/jit.h"
#include "compiler/codegen/lower.h"
#include "compiler/sema/typed_dump.h"

namespace clue::codegen {
namespace {

using Clock = std::chrono::steady_clock;

struct Compiled {
  bool ok = false;
  std::string why, before, after;
  double gen_ms = 0, opt_ms = 0;
};

Compiled compile_ir(llvm::TargetMachine& tm, const typed::Model& model, const typed::Relation& rel,
                    const typed::Expr& cond, const std::string& name, bool keep_before, bool projection = false,
                    bool allow_plain = false) {
  Compiled c;
  llvm::LLVMContext ctx;
  llvm::Module mod(name, ctx);
  prepare_module(mod, tm);
  auto t0 = Clock::now();
  Lowered l = projection ? lower_projection(model, rel, cond, mod, name, &tm, kGather | kDirect, allow_plain)
                         : lower_condition(model, rel, cond, mod, name, &tm);
  auto t1 = Clock::now();
  if (!l.ok) {
    c.why = l.why;
    return c;
  }
  if (keep_before) c.before = module_text(mod);
  optimize_module(mod, tm);
  auto t2 = Clock::now();
  c.after = module_text(mod);
  c.ok = true;
  c.gen_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  c.opt_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
  return c;
}

std::string step_name(const typed::Relation& rel, const typed::Step& st) {
  switch (st.kind) {
    case typed::StepKind::Where: return "where";
    case typed::StepKind::Having: return "having";
    case typed::StepKind::Join: return "join " + rel.bindings.at(size_t(st.binding)).alias + " (residual condition)";
    default: return "step";
  }
}

void comment_lines(std::ostringstream& os, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) os << "; " << line << "\n";
}

// One condition or projection: its IR before and after O3, or why it stays interpreted.
void print_unit(std::ostringstream& os, const Compiled& c, const std::string& name, int& compiled,
                int& interpreted) {
  if (!c.ok) {
    ++interpreted;
    os << "; INTERPRETED: " << c.why << "\n";
    return;
  }
  ++compiled;
  char buf[128];
  std::snprintf(buf, sizeof buf, "; JIT: %s (IR %.2f ms, O3 %.2f ms; machine code not included)\n", name.c_str(),
                c.gen_ms, c.opt_ms);
  os << buf << "; ---- before optimisation ----\n" << c.before << "; ---- after O3 ----\n" << c.after;
}

}  // namespace

std::string dump_llvm(const typed::Model& model) {
  std::ostringstream os;
  std::string err;
  auto tm = host_target_machine(&err);
  if (!tm) return "; the JIT is unavailable on this host: " + err + "\n";
  os << "; Clue JIT filters: LLVM IR before and after the O3 pipeline\n"
     << "; target " << tm->getTargetTriple().str() << ", cpu " << tm->getTargetCPU().str() << "\n"
     << "; Each compiled condition has two functions:\n"
     << ";   <name>_gather reads columns through the frame's row indexes (after joins; row -1 = null);\n"
     << ";   <name>_direct reads them at frame row + offset, used when a batch's rows are contiguous (scans).\n"
     << "; Both compute a byte mask per chunk of " << kChunk << " rows, then write the selected row numbers.\n"
     << "; Conditions the JIT does not compile run in the interpreter, with the same results.\n";
  int id = 0, compiled = 0, interpreted = 0;
  for (const auto& rel : model.relations) {
    for (size_t si = 0; si < rel.steps.size(); ++si) {
      const typed::Step& st = rel.steps[si];
      if (!st.condition) continue;
      if (st.kind != typed::StepKind::Where && st.kind != typed::StepKind::Having && st.kind != typed::StepKind::Join)
        continue;
      std::string name = "clue_pred" + std::to_string(id++);
      os << "\n; ==== relation " << rel.name << ", step " << si + 1 << ": " << step_name(rel, st) << "\n";
      comment_lines(os, dump_typed_expr(model, &rel, *st.condition));
      print_unit(os, compile_ir(*tm, model, rel, *st.condition, name, true), name, compiled, interpreted);
    }
  }
  // Projections: derived columns, join keys, group keys and computed columns, output columns.
  struct Proj {
    const typed::Relation* rel;
    const typed::Expr* e;
    std::string what;
  };
  std::vector<Proj> projs;
  bool hash_join = false;
  for (const auto& rel : model.relations)
    for (size_t si = 0; si < rel.steps.size(); ++si) {
      const typed::Step& st = rel.steps[si];
      std::string at = "relation " + rel.name + ", step " + std::to_string(si + 1) + ": ";
      if (st.kind == typed::StepKind::Derive || st.kind == typed::StepKind::Group) {
        for (size_t k = 0; k < st.values.size(); ++k)
          projs.push_back({&rel, st.values[k].get(),
                           at + (st.kind == typed::StepKind::Derive ? "derive " : k < st.group_key_count ? "group key " : "compute ") +
                               rel.derived.at(size_t(st.derived[k])).name});
      } else if (st.kind == typed::StepKind::Join && st.how != ast::JoinKind::Cross && !st.distance) {
        for (size_t k = 0; k < st.keys.size(); ++k) {
          projs.push_back({&rel, st.keys[k].left.get(), at + "join key " + std::to_string(k + 1) + " (left)"});
          projs.push_back({&rel, st.keys[k].right.get(), at + "join key " + std::to_string(k + 1) + " (right)"});
        }
        hash_join |= st.keys.size() == 1;
      }
    }
  for (const auto& o : model.outputs) {
    if (o.relation < 0) continue;
    for (const auto& c : o.columns)
      projs.push_back({&model.relations[size_t(o.relation)], c.value.get(), "output " + o.name + ", column " + c.name});
  }
  int pid = 0, pcompiled = 0, pinterpreted = 0;
  for (const auto& pr : projs) {
    std::string name = "clue_proj" + std::to_string(pid++);
    os << "\n; ==== " << pr.what << "\n";
    comment_lines(os, dump_typed_expr(model, pr.rel, *pr.e));
    print_unit(os, compile_ir(*tm, model, *pr.rel, *pr.e, name, true, true), name, pcompiled, pinterpreted);
  }
  if (hash_join) {
    llvm::LLVMContext ctx;
    llvm::Module mod("clue_probe_i64", ctx);
    prepare_module(mod, *tm);
    lower_int64_probe(mod, "clue_probe_i64", tm.get());
    os << "\n; ==== hash-join probe loop (one int64 key; shared by every such join)\n"
       << "; ---- before optimisation ----\n" << module_text(mod);
    optimize_module(mod, *tm);
    os << "; ---- after O3 ----\n" << module_text(mod);
  }
  os << "\n; " << compiled << " condition" << (compiled == 1 ? "" : "s") << " compiled, " << interpreted
     << " interpreted\n";
  os << "; " << pcompiled << " projection" << (pcompiled == 1 ? "" : "s") << " compiled, " << pinterpreted
     << " interpreted; probe loop " << (hash_join ? "compiled (used when the key is an int64 value)" : "not needed") << "\n";
  return os.str();
}

std::string optimized_ir(const typed::Model& model, const typed::Relation& rel, const typed::Expr& cond,
                         std::string* why) {
  std::string err;
  auto tm = host_target_machine(&err);
  if (!tm) {
    if (why) *why = err;
    return "";
  }
  Compiled c = compile_ir(*tm, model, rel, cond, "clue_pred", false);
  if (!c.ok) {
    if (why) *why = c.why;
    return "";
  }
  return c.after;
}

std::string optimized_projection_ir(const typed::Model& model, const typed::Relation& rel, const typed::Expr& e,
                                    std::string* why) {
  std::string err;
  auto tm = host_target_machine(&err);
  if (!tm) {
    if (why) *why = err;
    return "";
  }
  Compiled c = compile_ir(*tm, model, rel, e, "clue_proj", false, true, true);
  if (!c.ok) {
    if (why) *why = c.why;
    return "";
  }
  return c.after;
}

}  // namespace clue::codegen
