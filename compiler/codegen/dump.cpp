// `clue explain --emit=llvm`: the IR of every filter condition, projection and of the probe
// loop, before and after O3.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <sstream>

#include "compiler/codegen/llvm_memory.h"
#include "compiler/codegen/jit.h"
#include "compiler/codegen/lower.h"

namespace clue::codegen {
namespace {

using Clock = std::chrono::steady_clock;

struct Compiled {
  bool ok = false;
  std::string why, before, after;
  double gen_ms = 0, opt_ms = 0;
};

Compiled compile_ir(llvm::TargetMachine& tm, const plan::Plan& physical, const plan::Layout& layout,
                    const plan::Expr& cond, const std::string& name, bool keep_before, bool projection = false,
                    bool allow_plain = false) {
  Compiled c;
  llvm::LLVMContext ctx;
  llvm::Module mod(name, ctx);
  prepare_module(mod, tm);
  auto t0 = Clock::now();
  Lowered l = projection ? lower_projection(physical, layout, cond, mod, name, &tm, kGather | kDirect, allow_plain)
                         : lower_condition(physical, layout, cond, mod, name, &tm);
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

// An expression in the model's spelling (aliases, field, column and param names), for the
// comment above its IR.
std::string expr_text(const plan::Plan& p, const plan::Layout& layout, const plan::Expr& e) {
  auto arg = [&](size_t i) { return expr_text(p, layout, *e.args.at(i)); };
  auto args = [&] {
    std::string s;
    for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + arg(i);
    return s;
  };
  switch (e.kind) {
    case plan::ExprKind::Literal:
      if (e.literal.kind == plan::LiteralKind::Text) return "\"" + e.literal.text + "\"";
      return e.literal.kind == plan::LiteralKind::Null ? "null" : e.literal.text;
    case plan::ExprKind::List: return "[" + args() + "]";
    case plan::ExprKind::Param: return p.params.at(size_t(e.param)).name;
    case plan::ExprKind::Column: {
      const plan::Binding& b = layout.bindings.at(size_t(e.binding));
      return b.alias + "." + p.sources.at(size_t(b.source)).fields.at(size_t(e.field)).name;
    }
    case plan::ExprKind::Derived: return layout.derived.at(size_t(e.derived)).name;
    case plan::ExprKind::Call:
    case plan::ExprKind::Aggregate: return std::string(plan::fn_name(e.fn)) + "(" + args() + ")";
    case plan::ExprKind::Unary: return e.op == plan::Op::Not ? "(not " + arg(0) + ")" : "(-" + arg(0) + ")";
    case plan::ExprKind::Binary: return "(" + arg(0) + " " + plan::op_text(e.op) + " " + arg(1) + ")";
    case plan::ExprKind::In: return "(" + arg(0) + (e.negated ? " not in " : " in ") + arg(1) + ")";
    case plan::ExprKind::Between:
      return "(" + arg(0) + (e.negated ? " not between " : " between ") + arg(1) + " and " + arg(2) + ")";
    case plan::ExprKind::IsNull: return "(" + arg(0) + (e.negated ? " is not null)" : " is null)");
    case plan::ExprKind::If: return "(if " + arg(0) + " then " + arg(1) + " else " + arg(2) + ")";
  }
  return "?";
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

std::string dump_llvm(const plan::Plan& physical) {
  LlvmScope in_llvm;
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
  // One condition or projection of `node`: its header, its text, its IR.
  struct Unit {
    const plan::Node* node;
    const plan::Expr* e;
    std::string what;
  };
  auto header = [&](const Unit& u) {
    const plan::Node& n = *u.node;
    os << "\n; ==== node #" << n.id << " ";
    if (n.kind == plan::NodeKind::Project || n.kind == plan::NodeKind::Sort)
      os << "output " << n.name << ", " << u.what << "\n";
    else
      os << plan::node_kind_name(n.kind) << " (relation " << n.relation << "): " << u.what << "\n";
    comment_lines(os, expr_text(physical, physical.layouts.at(size_t(n.layout)), *u.e));
  };
  std::vector<Unit> conds, projs;
  bool hash_join = false;
  for (const plan::Node& n : physical.nodes) {
    const plan::Layout& layout = physical.layouts.at(size_t(n.layout));
    switch (n.kind) {
      case plan::NodeKind::Filter:
        if (n.condition) conds.push_back({&n, n.condition.get(), n.having ? "having" : "where"});
        break;
      case plan::NodeKind::Join: {
        const std::string alias = n.alias.empty() ? layout.bindings.at(size_t(n.binding)).alias : n.alias;
        for (const auto& p : n.pushed)
          conds.push_back({&n, p.get(), "join " + alias + " (filter pushed down to " + alias + ")"});
        if (n.condition) conds.push_back({&n, n.condition.get(), "join " + alias + " (residual condition)"});
        if (n.algo != plan::JoinAlgo::Hash) break;
        for (size_t k = 0; k < n.keys.size(); ++k) {
          projs.push_back({&n, n.keys[k].left.get(), "join key " + std::to_string(k + 1) + " (left)"});
          projs.push_back({&n, n.keys[k].right.get(), "join key " + std::to_string(k + 1) + " (right)"});
        }
        hash_join |= n.keys.size() == 1;
        break;
      }
      case plan::NodeKind::Derive:
      case plan::NodeKind::Aggregate:
        for (size_t k = 0; k < n.values.size(); ++k) {
          const char* what = n.kind == plan::NodeKind::Derive ? "derive " : k < n.key_count ? "group key " : "compute ";
          projs.push_back({&n, n.values[k].get(), what + layout.derived.at(size_t(n.slots.at(k))).name});
        }
        break;
      case plan::NodeKind::Project:
        for (const auto& c : n.columns) projs.push_back({&n, c.value.get(), "column " + c.name});
        break;
      case plan::NodeKind::Sort:
        for (size_t k = 0; k < n.order.size(); ++k)
          projs.push_back({&n, n.order[k].value.get(), "order key " + std::to_string(k + 1)});
        break;
      default: break;
    }
  }
  int compiled = 0, interpreted = 0;
  for (size_t i = 0; i < conds.size(); ++i) {
    const Unit& u = conds[i];
    std::string name = "clue_pred" + std::to_string(i);
    header(u);
    print_unit(os, compile_ir(*tm, physical, physical.layouts.at(size_t(u.node->layout)), *u.e, name, true), name,
               compiled, interpreted);
  }
  int pcompiled = 0, pinterpreted = 0;
  for (size_t i = 0; i < projs.size(); ++i) {
    const Unit& u = projs[i];
    std::string name = "clue_proj" + std::to_string(i);
    header(u);
    print_unit(os, compile_ir(*tm, physical, physical.layouts.at(size_t(u.node->layout)), *u.e, name, true, true),
               name, pcompiled, pinterpreted);
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

std::string optimized_ir(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& cond,
                         std::string* why) {
  LlvmScope in_llvm;
  std::string err;
  auto tm = host_target_machine(&err);
  if (!tm) {
    if (why) *why = err;
    return "";
  }
  Compiled c = compile_ir(*tm, physical, layout, cond, "clue_pred", false);
  if (!c.ok) {
    if (why) *why = c.why;
    return "";
  }
  return c.after;
}

std::string optimized_projection_ir(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& e,
                                    std::string* why) {
  LlvmScope in_llvm;
  std::string err;
  auto tm = host_target_machine(&err);
  if (!tm) {
    if (why) *why = err;
    return "";
  }
  Compiled c = compile_ir(*tm, physical, layout, e, "clue_proj", false, true, true);
  if (!c.ok) {
    if (why) *why = c.why;
    return "";
  }
  return c.after;
}

}  // namespace clue::codegen
