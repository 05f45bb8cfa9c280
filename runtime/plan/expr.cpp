#include "runtime/plan/expr.h"

#include <cstring>

namespace clue::plan {
namespace {

struct FnInfo {
  const char* name;
  const char* zh;
  bool aggregate;
};
constexpr FnInfo kFns[] = {
#define CLUE_BUILTIN(E, NAME, ZH, AGG) {NAME, ZH, AGG},
#include "runtime/plan/builtins.def"
#undef CLUE_BUILTIN
};
static_assert(sizeof kFns / sizeof kFns[0] == kFnCount);

constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "-", "+", "-", "*", "/", "%"};

}  // namespace

const char* op_text(Op op) { return kOps[size_t(op)]; }

std::optional<Op> op_from_text(std::string_view t, bool unary) {
  if (unary) {
    if (t == "not") return Op::Not;
    if (t == "-") return Op::Neg;
    return std::nullopt;
  }
  for (size_t i = 0; i < sizeof kOps / sizeof kOps[0]; ++i)
    if (Op(i) != Op::Not && Op(i) != Op::Neg && t == kOps[i]) return Op(i);
  return std::nullopt;
}

Op swap_comparison(Op op) {
  switch (op) {
    case Op::Lt: return Op::Gt;
    case Op::Le: return Op::Ge;
    case Op::Gt: return Op::Lt;
    case Op::Ge: return Op::Le;
    default: return op;
  }
}

const char* fn_name(Fn f) { return f == Fn::None ? "" : kFns[size_t(f)].name; }
const char* fn_name_zh(Fn f) { return f == Fn::None ? "" : kFns[size_t(f)].zh; }
bool fn_is_aggregate(Fn f) { return f != Fn::None && kFns[size_t(f)].aggregate; }
std::optional<Fn> fn_by_name(std::string_view name) {
  for (size_t i = 0; i < kFnCount; ++i)
    if (name == kFns[i].name) return Fn(i);
  return std::nullopt;
}

ExprPtr clone(const Expr& e) {
  auto c = std::make_unique<Expr>();
  c->kind = e.kind;
  c->type = e.type;
  c->loc = e.loc;
  c->literal = e.literal;
  c->param = e.param;
  c->binding = e.binding;
  c->field = e.field;
  c->derived = e.derived;
  c->fn = e.fn;
  c->op = e.op;
  c->negated = e.negated;
  for (const auto& a : e.args) c->args.push_back(clone(*a));
  return c;
}

bool same(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || !(a.type == b.type) || a.binding != b.binding || a.field != b.field ||
      a.derived != b.derived || a.param != b.param || a.fn != b.fn || a.op != b.op || a.negated != b.negated ||
      a.literal.kind != b.literal.kind || a.literal.text != b.literal.text || a.args.size() != b.args.size())
    return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!same(*a.args[i], *b.args[i])) return false;
  return true;
}

void conjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::Binary && e.op == Op::And) {
    conjuncts(*e.args[0], out);
    conjuncts(*e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

uint64_t bindings_read(const Expr& e) {
  uint64_t m = 0;
  visit(e, [&](const Expr& x) {
    if (x.kind == ExprKind::Column && x.binding >= 0) m |= uint64_t(1) << (x.binding < 63 ? x.binding : 63);
  });
  return m;
}

bool reads_only_binding(const Expr& e, int b) {
  bool reads_b = false, reads_other = false;
  visit(e, [&](const Expr& x) {
    if (x.kind == ExprKind::Derived || x.kind == ExprKind::Aggregate) reads_other = true;
    if (x.kind == ExprKind::Column) (x.binding == b ? reads_b : reads_other) = true;
  });
  return reads_b && !reads_other;
}

}  // namespace clue::plan
