// Shared by the codegen tests: check a model from text and plan it, run its physical plan over
// in-memory tables with the interpreter and with the JIT backend, compare the outputs.
#include <sstream>

#include "compiler/codegen/jit.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/overflow.h"
#include "runtime/exec/value_range.h"
#include "tests/unit/codegen_harness.h"

namespace clue::cgtest {

std::unique_ptr<Checked> check_model(const std::string& text, std::string* errors) {
  auto model = check_model_text("test.model", text, errors);
  if (!model) return nullptr;
  auto c = std::make_unique<Checked>();
  c->plans = planner::plan_model(*model);
  c->model = std::move(model);
  return c;
}

// A param default as a plan literal (the plan's literal kinds are the front end's, in order).

// Param values as `clue run` makes them from the defaults (lists with their scales aligned).
exec::ParamValues default_params(const Checked& c) {
  exec::ParamValues out;
  for (const auto& p : c.model->params) {
    exec::Vec v;
    if (p.type.is(TypeKind::List)) {
      bool money = p.type.element == TypeKind::Money || p.type.element == TypeKind::Decimal;
      v.type = exec::to_logical(p.type.element);
      v.lane = rt::phys_of(v.type) == rt::Phys::Str ? exec::Vec::S : exec::Vec::I;
      v.scale = money ? 4 : 0;
      for (const auto& lit : p.default_list) {
        exec::Vec e = exec::literal_vec(lit, p.type.element);
        if (v.lane == exec::Vec::S) {  // list<text>: the strings, kept by the Vec
          bool present = e.valid[0] && !e.is_null_type;
          v.valid.push_back(present);
          v.s.push_back(present ? v.keep(std::string(e.s[0])) : std::string_view());
          continue;
        }
        if (money && e.scale == 0) e.i[0] *= 10000;
        // A text literal of an ID list (list<idcard>): its key, as `--param` gives it.
        if (e.lane == exec::Vec::S) e = exec::coerce_text_to(e, v.type);
        v.valid.push_back(e.valid[0] && !e.is_null_type);
        v.i.push_back(e.i.empty() ? 0 : e.i[0]);
      }
    } else {
      v = exec::literal_vec(*p.default_value, p.type.kind);
      if ((p.type.kind == TypeKind::Money || p.type.kind == TypeKind::Decimal) && v.scale == 0) {
        for (auto& x : v.i) x *= 10000;
        v.scale = 4;
      }
      v.type = exec::to_logical(p.type.kind);
    }
    out.push_back(v);
  }
  return out;
}

std::string format_output(const exec::OutputTable& t) {
  std::ostringstream os;
  os << t.name << ":";
  for (const auto& c : t.columns) os << " " << c;
  os << "\n";
  for (const auto& r : t.rows) {
    for (size_t i = 0; i < r.size(); ++i) os << (i ? " | " : "  ") << r[i];
    os << "\n";
  }
  return os.str();
}

// Runs `physical` with both engines; "" when every output agrees, else both outputs.
// One engine's outputs, or the arithmetic overflow it stopped at (runtime/exec/overflow.h):
// where in the model, the operands and the row, which both engines must report alike.
std::string run_one(const plan::Plan& physical, const std::vector<const rt::Table*>& by_source,
                    const exec::ParamValues& params, const exec::RunOptions& o, uint64_t* jit_batches) {
  try {
    exec::RunResult r = exec::execute(physical, by_source, params, o);
    if (jit_batches) *jit_batches = r.jit_batches;
    std::string out;
    for (const auto& t : r.outputs) out += format_output(t);
    return out;
  } catch (const exec::ArithmeticOverflow& e) {
    std::string out = "overflow at " + std::to_string(e.expr ? e.expr->loc.line : 0) + ":" +
                      std::to_string(e.expr ? e.expr->loc.col : 0) + ": " + e.values + " on";
    for (const auto& r : e.rows) out += " " + r;
    return out + "\n";
  } catch (const exec::ValueOutOfRange& e) {  // a builtin's result out of range (E0422)
    return "out of range: " + e.function + "(" + e.value + ")\n";
  }
}

std::string run_both(const plan::Plan& physical, const std::vector<rt::Table>& tables, const exec::ParamValues& params,
                     exec::FilterBackend& jit, size_t batch_rows, uint64_t* jit_batches) {
  std::vector<const rt::Table*> by_source(physical.sources.size(), nullptr);
  for (size_t i = 0; i < physical.sources.size(); ++i)
    for (const auto& t : tables)
      if (t.name == physical.sources[i].name) by_source[i] = &t;
  exec::RunOptions o;
  o.batch_rows = batch_rows;
  std::string sa = run_one(physical, by_source, params, o, nullptr);
  o.filters = &jit;
  std::string sb = run_one(physical, by_source, params, o, jit_batches);
  if (sa == sb) return "";
  return "interpreter:\n" + sa + "jit:\n" + sb;
}

const plan::Node* find_node(const plan::Plan& p, plan::NodeKind kind, size_t k) {
  for (const plan::Node& n : p.nodes)
    if (n.kind == kind && k-- == 0) return &n;
  return nullptr;
}

}  // namespace clue::cgtest
