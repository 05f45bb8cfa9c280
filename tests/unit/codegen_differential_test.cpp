// Randomised differential test: random small tables (int, money, date, datetime, month, bool,
// idcard, partyid and text columns, with nulls) and random models within the JIT's subset and around it
// (where / derive / joins with residual conditions / group by + having), each run by the
// interpreter and by the JIT backend; the outputs must be identical. Text values come from a
// small pool of strings that share prefixes and lengths (empty, ASCII, non-ASCII), compared
// with literals, columns and params, `in` literal lists (duplicates, nulls, empty) and
// list<text> params (duplicates, nulls, empty); `if` written as `if` or as `case when`. A failure is shrunk
// (fewer rows, smaller expressions, fewer steps) and printed as a reproducer.
//
// Fixed seed and a fixed number of models (CLUE_DIFF_MODELS, default 200, each run over
// several random datasets and param values), so a run checks the same cases on any machine,
// however loaded (about 15 s on an idle 2-core VM). CLUE_DIFF_SECONDS caps a long exploratory
// run (default: no cap).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/idcard.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::optional;

// ---- expressions --------------------------------------------------------------------------

enum class T { Int, Dec, Money, Date, DateTime, Month, Bool, Id, Text, Null };

bool numeric(T t) { return t == T::Int || t == T::Dec || t == T::Money; }
T num_result(T a, T b) {
  if (a == T::Money || b == T::Money) return T::Money;
  if (a == T::Dec || b == T::Dec) return T::Dec;
  return T::Int;
}

struct Node {
  std::string kind;  // leaf | bin | un | in | between | isnull | if | list
  std::string text;  // leaf text or operator
  T type = T::Bool;
  bool negated = false;
  std::vector<Node> kids;
};

Node leaf(std::string text, T t) { return Node{"leaf", std::move(text), t, false, {}}; }

std::string render(const Node& n) {
  if (n.kind == "leaf") return n.text;
  if (n.kind == "un") return "(" + n.text + (n.text == "not" ? " " : "") + render(n.kids[0]) + ")";
  if (n.kind == "bin") return "(" + render(n.kids[0]) + " " + n.text + " " + render(n.kids[1]) + ")";
  if (n.kind == "isnull") return "(" + render(n.kids[0]) + (n.negated ? " is not null)" : " is null)");
  if (n.kind == "between")
    return "(" + render(n.kids[0]) + (n.negated ? " not between " : " between ") + render(n.kids[1]) + " and " +
           render(n.kids[2]) + ")";
  if (n.kind == "if") {
    // Half of them (by the condition's length: no draw from the generator, so the cases stay
    // the same) as `case when … end`, which means the same `if`: both engines run it.
    const std::string c = render(n.kids[0]);
    if (c.size() % 2 == 1)
      return "(case when " + c + " then " + render(n.kids[1]) + " else " + render(n.kids[2]) + " end)";
    return "(if " + c + " then " + render(n.kids[1]) + " else " + render(n.kids[2]) + ")";
  }
  if (n.kind == "in") return "(" + render(n.kids[0]) + (n.negated ? " not in " : " in ") + render(n.kids[1]) + ")";
  if (n.kind == "list") {
    std::string s = "[";
    for (size_t i = 0; i < n.kids.size(); ++i) s += (i ? ", " : "") + render(n.kids[i]);
    return s + "]";
  }
  return "?";
}

std::string id_text(uint64_t body) { return values::to_string(values::IdCard{body}); }
// Text values of the data, params and literals: prefixes of each other, equal lengths with
// different bytes, the empty string, non-ASCII (3 bytes a character), a 16-byte pair.
const std::vector<std::string> kTexts = {"", "a", "ab", "b", "Ab", "中", "中文", "中文字", "文中",
                                         "abcdefghijklmnop", "abcdefghijklmnoP", "判决", "调解成功"};
const uint64_t kIds[] = {33080319800101001ull, 33080319900215002ull, 11010519751231003ull, 44030619881111004ull};
// Party IDs: the people above and two organisations (the second all digits, but no ID).
const std::vector<std::string> kParties = {id_text(kIds[0]), id_text(kIds[1]), id_text(kIds[2]), id_text(kIds[3]),
                                           "91110000600037341L", "913300001234567070"};

struct Scope {
  bool s = true, r = false;
  bool derived = false;  // dv (T dv_type), db (bool)
  T dv_type = T::Int;
  bool grouped = false;  // k, c (int), tot (money), mx (int), lo (date)
};

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  std::mt19937_64& rng() { return rng_; }
  int pick(int n) { return int(rng_() % uint64_t(n)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class V>
  const typename V::value_type& one(const V& v) {
    return v[size_t(pick(int(v.size())))];
  }

  Node literal(T t) {
    switch (t) {
      case T::Int: return leaf(one(std::vector<std::string>{"-5", "-1", "0", "1", "2", "3", "5", "10", "1000000"}), T::Int);
      case T::Dec: case T::Money:
        return leaf(one(std::vector<std::string>{"0.5", "1.5", "2.25", "(-3.5)", "0.0001", "10.0", "3.0"}), T::Dec);
      case T::Date: return leaf(one(std::vector<std::string>{"2021-12-31", "2022-01-01", "2022-01-02", "2020-02-29"}), T::Date);
      case T::DateTime:
        return leaf(one(std::vector<std::string>{"2022-01-01T00:00", "2022-01-01T12:00", "2021-12-31T23:59:59"}), T::DateTime);
      case T::Month: return leaf(one(std::vector<std::string>{"2021-12", "2022-01", "2022-02"}), T::Month);
      case T::Bool: return leaf(chance(0.5) ? "true" : "false", T::Bool);
      // An invalid ID literal is an error when the model is checked (E0319); the other
      // spelling is the 15-digit form, which the checker rewrites to the 18-digit one.
      case T::Id: {
        std::string id = id_text(kIds[pick(4)]);
        return leaf("\"" + (chance(0.85) ? id : id.substr(0, 6) + id.substr(8, 9)) + "\"", T::Id);
      }
      case T::Text: return leaf("\"" + one(kTexts) + "\"", T::Text);
      default: return leaf("null", T::Null);
    }
  }

  // A condition on s.pid (partyid, which the JIT declines): with s.id (only people can be
  // equal), with a literal of either kind, the kind builtins, or a null test.
  Node party_condition() {
    const char* op = chance(0.5) ? "==" : "!=";
    Node pid = leaf("s.pid", T::Text);
    switch (pick(5)) {
      case 0: return Node{"bin", op, T::Bool, false, {pid, leaf("s.id", T::Id)}};
      case 1: return Node{"bin", op, T::Bool, false, {leaf("s.id", T::Id), pid}};
      case 2: return Node{"bin", op, T::Bool, false, {pid, leaf("\"" + one(kParties) + "\"", T::Text)}};
      case 3: return leaf(chance(0.5) ? "is_person(s.pid)" : "is_org(s.pid)", T::Bool);
      default: return Node{"isnull", "", T::Bool, chance(0.5), {pid}};
    }
  }

  // A column, param or derived name of type t visible in `sc` (or a literal).
  Node atom(T t, const Scope& sc) {
    std::vector<Node> c;
    auto add = [&](const char* name, T ty, bool ok) {
      if (ok) c.push_back(leaf(name, ty));
    };
    bool s = sc.s && !sc.grouped, r = sc.r && !sc.grouped;
    switch (t) {
      case T::Int:
        add("s.a", T::Int, s), add("s.b", T::Int, s), add("s.k", T::Int, s), add("s.n", T::Int, s);
        add("r.x", T::Int, r), add("r.k", T::Int, r), add("pi", T::Int, true);
        add("c", T::Int, sc.grouped), add("mx", T::Int, sc.grouped), add("k", T::Int, sc.grouped);
        add("dv", T::Int, sc.derived && sc.dv_type == T::Int);
        break;
      case T::Dec: case T::Money:
        add("s.m", T::Money, s), add("r.y", T::Money, r), add("pm", T::Money, true), add("tot", T::Money, sc.grouped);
        add("dv", sc.dv_type, sc.derived && sc.dv_type != T::Int);
        break;
      case T::Date: add("s.d", T::Date, s), add("r.e", T::Date, r), add("pd", T::Date, true), add("lo", T::Date, sc.grouped); break;
      case T::DateTime: add("s.t", T::DateTime, s), add("pt", T::DateTime, true); break;
      case T::Month: add("s.mo", T::Month, s); break;
      case T::Bool: add("s.f", T::Bool, s), add("s.g", T::Bool, s), add("r.c", T::Bool, r), add("db", T::Bool, sc.derived); break;
      case T::Id: add("s.id", T::Id, s); break;
      case T::Text: add("s.tx", T::Text, s), add("s.tu", T::Text, s), add("r.w", T::Text, r), add("pts", T::Text, true); break;
      default: break;
    }
    if (c.empty() || chance(0.25)) return literal(t);
    return one(c);
  }

  Node num(int d, const Scope& sc) {
    if (d <= 0 || chance(0.4)) return atom(chance(0.6) ? T::Int : T::Money, sc);
    switch (pick(6)) {
      case 0: case 1: case 2: {
        static const char* ops[] = {"+", "-", "*", "/", "%"};
        std::string op = ops[pick(5)];
        Node a = num(d - 1, sc), b = num(d - 1, sc);
        if (op == "%") {
          a = intexpr(d - 1, sc);
          b = intexpr(d - 1, sc);
          return Node{"bin", op, T::Int, false, {a, b}};
        }
        T t = op == "/" && a.type == T::Int && b.type == T::Int ? T::Dec : num_result(a.type, b.type);
        return Node{"bin", op, t, false, {a, b}};
      }
      case 3: {
        Node a = num(d - 1, sc);
        T t = a.type;
        return Node{"un", "-", t, false, {a}};
      }
      case 4: {
        Node x = chance(0.15) ? literal(T::Null) : num(d - 1, sc), y = num(d - 1, sc);
        T t = x.type == T::Null ? y.type : x.type == y.type ? x.type : num_result(x.type, y.type);
        return Node{"if", "", t, false, {boolean(d - 1, sc), x, y}};
      }
      default: return atom(T::Int, sc);
    }
  }
  Node intexpr(int d, const Scope& sc) {
    if (d <= 0 || chance(0.5)) return atom(T::Int, sc);
    static const char* ops[] = {"+", "-", "*", "%"};
    return Node{"bin", ops[pick(4)], T::Int, false, {intexpr(d - 1, sc), intexpr(d - 1, sc)}};
  }

  Node datey(T t, int d, const Scope& sc) {
    if (d > 0 && chance(0.15)) return Node{"if", "", t, false, {boolean(d - 1, sc), atom(t, sc), atom(t, sc)}};
    return atom(t, sc);
  }

  Node boolean(int d, const Scope& sc) {
    static const char* cmp[] = {"==", "!=", "<", "<=", ">", ">="};
    if (d <= 0) {
      if (chance(0.5)) return atom(T::Bool, sc);
      return Node{"bin", cmp[pick(6)], T::Bool, false, {atom(T::Int, sc), atom(chance(0.5) ? T::Int : T::Money, sc)}};
    }
    if (chance(0.12)) return text_condition(d, sc);
    switch (pick(17)) {
      case 16:
        if (sc.s && !sc.grouped && chance(0.5)) return party_condition();
        [[fallthrough]];
      case 0: case 1: return Node{"bin", cmp[pick(6)], T::Bool, false, {num(d - 1, sc), num(d - 1, sc)}};
      case 2: {
        T a = chance(0.5) ? T::Date : T::DateTime, b = chance(0.5) ? T::Date : T::DateTime;
        return Node{"bin", cmp[pick(6)], T::Bool, false, {datey(a, d - 1, sc), datey(b, d - 1, sc)}};
      }
      case 3: return Node{"bin", cmp[pick(6)], T::Bool, false, {atom(T::Month, sc), atom(T::Month, sc)}};
      case 4: {
        if (sc.s && !sc.grouped && chance(0.3)) return party_condition();
        Node a = atom(T::Id, sc), b = atom(T::Id, sc);
        if (a.text[0] == '"' && b.text[0] == '"') b = leaf("s.id", T::Id);
        if (!sc.s || sc.grouped) return atom(T::Bool, sc);
        return Node{"bin", chance(0.5) ? "==" : "!=", T::Bool, false, {a, b}};
      }
      case 5: case 6: return Node{"bin", chance(0.5) ? "and" : "or", T::Bool, false, {boolean(d - 1, sc), boolean(d - 1, sc)}};
      case 7: return Node{"un", "not", T::Bool, false, {boolean(d - 1, sc)}};
      case 8: case 15: return in(d, sc);
      case 9: {
        if (chance(0.5)) return Node{"between", "", T::Bool, chance(0.3), {num(d - 1, sc), num(d - 1, sc), num(d - 1, sc)}};
        T a = chance(0.5) ? T::Date : T::DateTime;
        return Node{"between", "", T::Bool, chance(0.3), {atom(a, sc), atom(T::Date, sc), atom(chance(0.5) ? T::Date : T::DateTime, sc)}};
      }
      case 10: {
        static const T any[] = {T::Int, T::Money, T::Date, T::DateTime, T::Bool, T::Id, T::Text, T::Month};
        Node x = chance(0.5) ? num(d - 1, sc) : atom(any[pick(8)], sc);
        if (x.type == T::Id && x.text[0] == '"') x = literal(T::Int);
        if (x.type == T::Text && x.kind == "leaf" && x.text == "null") x = literal(T::Int);
        return Node{"isnull", "", T::Bool, chance(0.5), {x}};
      }
      case 11: return Node{"bin", chance(0.5) ? "==" : "!=", T::Bool, false, {atom(T::Bool, sc), boolean(d - 1, sc)}};
      case 12: return Node{"if", "", T::Bool, false, {boolean(d - 1, sc), boolean(d - 1, sc), boolean(d - 1, sc)}};
      case 13:
        // Around the subset: function calls (and text outside comparisons) stay interpreted.
        if (sc.s && !sc.grouped && chance(0.5))
          return Node{"bin", ">", T::Bool, false, {leaf(chance(0.5) ? "length(s.tx)" : "length(s.tx + s.tu)", T::Int),
                                                   leaf(chance(0.5) ? "1" : "0", T::Int)}};
        return Node{"bin", "==", T::Bool, false, {leaf("null", T::Null), num(d - 1, sc)}};
      default: return Node{"bin", cmp[pick(6)], T::Bool, false, {num(d - 1, sc), atom(T::Int, sc)}};  // 14
    }
  }

  // A condition over text values: a comparison, `in` a literal list or the list param, between.
  Node text_condition(int d, const Scope& sc) {
    if (sc.grouped) return atom(T::Bool, sc);
    Node x = atom(T::Text, sc);
    switch (pick(9)) {
      case 0: case 1: case 2: {
        Node y = atom(T::Text, sc);
        return Node{"bin", chance(0.6) ? "==" : "!=", T::Bool, false, {x, y}};
      }
      case 3: {
        static const char* cmp[] = {"<", "<=", ">", ">="};
        return Node{"bin", cmp[pick(4)], T::Bool, false, {x, atom(T::Text, sc)}};
      }
      case 4: case 5: {  // a literal list: duplicates, a null (never first), maybe empty
        Node list{"list", "", T::Text, false, {}};
        for (int i = 0, n = pick(5); i < n; ++i) {
          if (i > 0 && chance(0.15)) list.kids.push_back(leaf("null", T::Null));
          else if (i > 0 && chance(0.2)) list.kids.push_back(list.kids[0]);
          else list.kids.push_back(literal(T::Text));
        }
        return Node{"in", "", T::Bool, chance(0.3), {x, list}};
      }
      case 6: case 7: return Node{"in", "", T::Bool, chance(0.3), {x, leaf("ptl", T::Text)}};
      default:
        return Node{"between", "", T::Bool, chance(0.3), {x, atom(T::Text, sc), atom(T::Text, sc)}};
    }
  }

  Node in(int d, const Scope& sc) {
    bool neg = chance(0.3);
    int kind = pick(6);
    if (kind == 0 || kind == 1) {  // numeric literal list, maybe with a null (never first)
      Node list{"list", "", T::Int, false, {}};
      int n = pick(5);
      for (int i = 0; i < n; ++i) {
        if (i > 0 && chance(0.15)) list.kids.push_back(leaf("null", T::Null));
        else list.kids.push_back(chance(0.7) ? literal(T::Int) : literal(T::Dec));
      }
      return Node{"in", "", T::Bool, neg, {num(d - 1, sc), list}};
    }
    if (kind == 2 || kind == 5)
      return Node{"in", "", T::Bool, neg, {num(d - 1, sc), leaf(chance(0.5) ? "pl" : "pdl", T::Int)}};
    if (kind == 3) {
      Node list{"list", "", T::Date, false, {}};
      for (int i = 0, n = 1 + pick(3); i < n; ++i) list.kids.push_back(literal(T::Date));
      return Node{"in", "", T::Bool, neg, {atom(T::Date, sc), list}};
    }
    if (!sc.s || sc.grouped) return atom(T::Bool, sc);
    Node list{"list", "", T::Id, false, {}};
    for (int i = 0, n = 1 + pick(3); i < n; ++i) list.kids.push_back(literal(T::Id));
    return Node{"in", "", T::Bool, neg, {leaf("s.id", T::Id), list}};
  }

 private:
  std::mt19937_64 rng_;
};

// ---- models -------------------------------------------------------------------------------

struct Spec {
  int shape = 0;  // 0 where, 1 where+derive+where, 2 join, 3 group by + having
  std::string join = "join";
  optional<Node> c1, c2, res, dv, db, having;
};

std::string model_text(const Spec& sp) {
  std::ostringstream os;
  os << "model t { title \"t\" version \"1\" jurisdiction \"j\" basis \"b\" }\n"
     << "schema S { n: int  a: int?  b: int?  k: int?  m: money?  d: date?  t: datetime?  f: bool?  g: bool?  "
        "id: idcard?  mo: month?  tx: text?  tu: text?  pid: partyid? }\n"
     << "schema R { k: int?  x: int?  y: money?  e: date?  c: bool?  w: text? }\n"
     << "param pi: int = 2\nparam pm: money = 5\nparam pd: date = 2022-01-01\nparam pt: datetime = 2022-01-01T12:00\n"
     << "param pl: list<int> = [1, 3]\nparam pdl: list<decimal> = [1.5, 3]\n"
     << "param pts: text = \"a\"\nparam ptl: list<text> = [\"a\", \"中文\"]\n"
     << "source s: S\nsource r: R\n"
     << "q = s\n";
  if (sp.c1) os << "  where " << render(*sp.c1) << "\n";
  if (sp.shape == 1 && (sp.dv || sp.db)) {
    os << "  derive ";
    if (sp.dv) os << "dv = " << render(*sp.dv) << (sp.db ? ", " : "");
    if (sp.db) os << "db = " << render(*sp.db);
    os << "\n";
  }
  if (sp.shape == 2) os << "  " << sp.join << " r on r.k == s.k" << (sp.res ? " and " + render(*sp.res) : "") << "\n";
  if (sp.shape == 3) {
    os << "  group by s.k compute c = count(), tot = sum(s.m), mx = max(s.a), lo = min(s.d)\n";
    if (sp.having) os << "  having " << render(*sp.having) << "\n";
  }
  if (sp.c2 && sp.shape != 3) os << "  where " << render(*sp.c2) << "\n";
  os << "output q { ";
  if (sp.shape == 3) os << "k, c, tot, mx, lo";
  else if (sp.shape == 2 && (sp.join == "join" || sp.join == "left join")) os << "s.n, r.x, r.y, r.e, r.w";
  else os << "s.n, s.a, s.m";
  if (sp.shape == 1 && sp.dv) os << ", dv";
  if (sp.shape == 1 && sp.db) os << ", db";
  os << " }\n";
  return os.str();
}

Spec random_spec(Gen& g) {
  Spec sp;
  sp.shape = g.pick(4);
  int depth = 1 + g.pick(3);
  Scope s;
  if (g.chance(0.8) || sp.shape == 0) sp.c1 = g.boolean(depth, s);
  if (sp.shape == 1) {
    if (g.chance(0.8)) sp.dv = g.num(depth, s);
    if (g.chance(0.6)) sp.db = g.boolean(depth, s);
    Scope d = s;
    d.derived = sp.dv.has_value() && sp.db.has_value();
    if (d.derived) d.dv_type = sp.dv->type;
    sp.c2 = g.boolean(depth, d);
  } else if (sp.shape == 2) {
    static const char* kinds[] = {"join", "left join", "semi join", "anti join"};
    sp.join = kinds[g.pick(4)];
    Scope jr = s;
    jr.r = true;
    if (g.chance(0.7)) {
      sp.res = g.boolean(depth, jr);
      // A conjunct `x == y` could be read as another key (of another type): keep it residual.
      std::function<void(Node&)> protect = [&](Node& n) {
        if (n.kind == "bin" && n.text == "and") {
          for (auto& k : n.kids) protect(k);
        } else if (n.kind == "bin" && n.text == "==") {
          n = Node{"bin", "or", T::Bool, false, {n, leaf("false", T::Bool)}};
        }
      };
      protect(*sp.res);
    }
    Scope after = s;
    after.r = sp.join == "join" || sp.join == "left join";
    if (g.chance(0.7)) sp.c2 = g.boolean(depth, after);
  } else if (sp.shape == 3) {
    Scope gs;
    gs.grouped = true;
    sp.having = g.boolean(depth, gs);
  }
  return sp;
}

// ---- data ---------------------------------------------------------------------------------

struct Data {
  // S: n a b k m d t f g id mo (ints, optional), tx; R: k x y e c
  std::vector<std::array<optional<int64_t>, 11>> s;
  std::vector<optional<std::string>> tx, tu, pid;  // pid: partyid normal forms
  std::vector<std::array<optional<int64_t>, 5>> r;
  std::vector<optional<std::string>> w;  // R's text column
  optional<std::string> pts = std::string("a");
  std::vector<optional<std::string>> ptl;
  // Param values: pi, pm (raw ×10^4), pd, pt; pl, pdl (raw ×10^4) with validity.
  int64_t pi = 2, pm = 50000, pd = 0, pt = 0;
  std::vector<optional<int64_t>> pl, pdl;
  size_t batch = 2048;
};

int64_t date(const char* s) { return values::parse_date(s).value(); }

Data random_data(Gen& g) {
  Data d;
  double nulls = g.one(std::vector<double>{0.0, 0.1, 0.3});
  size_t ns = g.chance(0.1) ? size_t(1025 + g.pick(1200)) : size_t(g.pick(60));
  size_t nr = size_t(g.pick(12));
  int64_t d0 = date("2021-12-29");
  auto maybe = [&](int64_t v) -> optional<int64_t> {
    if (g.chance(nulls)) return std::nullopt;
    return v;
  };
  auto small = [&] { return g.chance(0.03) ? int64_t(g.pick(2000001)) - 1000000 : int64_t(g.pick(18)) - 5; };
  auto money = [&] { return g.chance(0.5) ? small() * 10000 : (int64_t(g.pick(81)) - 20) * 2500 + (g.chance(0.1) ? 1 : 0); };
  auto day = [&] { return g.chance(0.1) ? date("2020-02-29") : d0 + g.pick(7); };
  for (size_t i = 0; i < ns; ++i) {
    std::array<optional<int64_t>, 11> row;
    row[0] = int64_t(i + 1);
    row[1] = maybe(small());
    row[2] = maybe(small());
    row[3] = maybe(g.pick(5));
    row[4] = maybe(money());
    row[5] = maybe(day());
    row[6] = maybe(day() * 86400 + g.one(std::vector<int64_t>{0, 0, 1, 43200, 86399}));
    row[7] = maybe(g.pick(2));
    row[8] = maybe(g.pick(2));
    row[9] = maybe(int64_t(kIds[g.pick(4)]));
    row[10] = maybe(2021 * 12 + 10 + g.pick(5));  // 2021-11 .. 2022-03
    d.s.push_back(row);
    d.tx.push_back(g.chance(nulls) ? std::nullopt : optional<std::string>(g.one(kTexts)));
    d.tu.push_back(g.chance(nulls) ? std::nullopt : optional<std::string>(g.one(kTexts)));
    d.pid.push_back(g.chance(nulls) ? std::nullopt : optional<std::string>(g.one(kParties)));
  }
  for (size_t i = 0; i < nr; ++i) {
    d.r.push_back({maybe(g.pick(5)), maybe(small()), maybe(money()), maybe(day()), maybe(g.pick(2))});
    d.w.push_back(g.chance(nulls) ? std::nullopt : optional<std::string>(g.one(kTexts)));
  }
  d.pts = g.one(kTexts);
  for (int i = 0, n = g.pick(5); i < n; ++i) {
    if (g.chance(0.15)) d.ptl.push_back(std::nullopt);
    else if (i > 0 && g.chance(0.2)) d.ptl.push_back(d.ptl[0]);
    else d.ptl.push_back(g.one(kTexts));
  }
  d.pi = int64_t(g.pick(8)) - 2;
  d.pm = money();
  d.pd = day();
  d.pt = day() * 86400 + (g.chance(0.5) ? 0 : 43200);
  for (int i = 0, n = g.pick(4); i < n; ++i) d.pl.push_back(g.chance(0.25) ? std::nullopt : optional<int64_t>(small()));
  for (int i = 0, n = g.pick(4); i < n; ++i) d.pdl.push_back(g.chance(0.25) ? std::nullopt : optional<int64_t>(money()));
  d.batch = g.one(std::vector<size_t>{3, 7, 64, 1000, 2048, 2048});
  return d;
}

std::vector<rt::Table> tables_of(const Data& d) {
  using L = rt::Logical;
  auto fill = [](rt::Column& c, optional<int64_t> v) {
    if (!v) return c.push_null();
    c.valid.push_back(1);
    if (c.phys == rt::Phys::I64) c.i64.push_back(*v);
    else if (c.phys == rt::Phys::I32) c.i32.push_back(int32_t(*v));
    else c.u8.push_back(uint8_t(*v));
  };
  rt::Table s, r;
  s.name = "s";
  s.path = "s.csv";
  auto fill_text = [](rt::Column& c, const optional<std::string>& v) {
    if (!v) return c.push_null();
    c.valid.push_back(1);
    c.str.push(*v);
  };
  for (L t : {L::Int, L::Int, L::Int, L::Int, L::Money, L::Date, L::DateTime, L::Bool, L::Bool, L::IdCard, L::Month,
              L::Text, L::Text, L::PartyId})
    s.columns.push_back(rt::Column::make(t));
  for (size_t i = 0; i < d.s.size(); ++i) {
    for (size_t c = 0; c < 11; ++c) fill(s.columns[c], d.s[i][c]);
    fill_text(s.columns[11], d.tx[i]);
    fill_text(s.columns[12], d.tu[i]);
    fill_text(s.columns[13], d.pid[i]);
    s.line.push_back(i + 2);
  }
  r.name = "r";
  r.path = "r.csv";
  for (L t : {L::Int, L::Int, L::Money, L::Date, L::Bool, L::Text}) r.columns.push_back(rt::Column::make(t));
  for (size_t i = 0; i < d.r.size(); ++i) {
    for (size_t c = 0; c < 5; ++c) fill(r.columns[c], d.r[i][c]);
    fill_text(r.columns[5], d.w[i]);
    r.line.push_back(i + 2);
  }
  return {s, r};
}

exec::ParamValues params_of(const cgtest::Checked& m, const Data& d) {
  exec::ParamValues p = cgtest::default_params(m);  // pi pm pd pt pl pdl pts ptl
  p[0].i[0] = d.pi;
  p[1].i[0] = d.pm;
  p[2].i[0] = d.pd;
  p[3].i[0] = d.pt;
  for (auto [k, list] : {std::pair{4, &d.pl}, std::pair{5, &d.pdl}}) {
    p[size_t(k)].i.clear();
    p[size_t(k)].valid.clear();
    for (const auto& x : *list) {
      p[size_t(k)].i.push_back(x.value_or(0));
      p[size_t(k)].valid.push_back(x.has_value());
    }
  }
  exec::Vec& pts = p[6];  // a one-element text Vec; the views point into its owners
  pts.valid = {uint8_t(d.pts ? 1 : 0)};
  pts.s = {d.pts ? pts.keep(*d.pts) : std::string_view()};
  exec::Vec& ptl = p[7];
  ptl.valid.clear();
  ptl.s.clear();
  for (const auto& x : d.ptl) {
    ptl.valid.push_back(x.has_value());
    ptl.s.push_back(x ? ptl.keep(*x) : std::string_view());
  }
  return p;
}

std::string data_text(const Data& d) {
  std::ostringstream os;
  auto cell = [](const optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("null"); };
  auto text = [](const optional<std::string>& v) { return v ? "\"" + *v + "\"" : std::string("null"); };
  os << "s (n a b k m(raw) d(days) t(s) f g id mo(y*12+m-1) tx tu pid):\n";
  for (size_t i = 0; i < d.s.size(); ++i) {
    os << " ";
    for (const auto& v : d.s[i]) os << " " << cell(v);
    os << " " << text(d.tx[i]) << " " << text(d.tu[i]) << " " << text(d.pid[i]) << "\n";
  }
  os << "r (k x y e c w):\n";
  for (size_t i = 0; i < d.r.size(); ++i) {
    os << " ";
    for (const auto& v : d.r[i]) os << " " << cell(v);
    os << " " << text(d.w[i]) << "\n";
  }
  os << "params: pi=" << d.pi << " pm(raw)=" << d.pm << " pd=" << d.pd << " pt=" << d.pt << " pl=[";
  for (const auto& x : d.pl) os << cell(x) << " ";
  os << "] pdl(raw)=[";
  for (const auto& x : d.pdl) os << cell(x) << " ";
  os << "] pts=" << text(d.pts) << " ptl=[";
  for (const auto& x : d.ptl) os << text(x) << " ";
  os << "] batch=" << d.batch << "\n";
  return os.str();
}

using Fails = std::function<bool(const Spec&, const Data&)>;

// The JIT's options for the current model: every other model also compiles plain projections
// (join keys, group keys, output columns), so that both projection variants and the probe
// loop meet every shape.
codegen::JitOptions g_jit_options;

// "" when both engines agree (or the model does not check: not a failure), else the diff.
std::string failure(const Spec& sp, const Data& d, exec::FilterBackend* backend = nullptr) {
  std::string errors;
  auto model = cgtest::check_model(model_text(sp), &errors);
  if (!model) return "";
  codegen::JitFilterBackend jit(g_jit_options);
  auto tables = tables_of(d);
  return cgtest::run_both(model->plans.physical, tables, params_of(*model, d), backend ? *backend : jit, d.batch,
                          nullptr);
}

// ---- shrinking ----------------------------------------------------------------------------

std::vector<Node> replacements(const Node& n, Gen& g) {
  std::vector<Node> out;
  for (const auto& k : n.kids)
    if (k.type == n.type || (numeric(k.type) && numeric(n.type))) out.push_back(k);
  if (n.kind != "leaf" || n.text != g.literal(n.type).text) {
    if (n.type == T::Bool) {
      out.push_back(leaf("true", T::Bool));
      out.push_back(leaf("false", T::Bool));
    } else if (n.type != T::Null && n.type != T::Text) {
      out.push_back(g.literal(n.type));
    }
  }
  if (n.negated) {
    Node m = n;
    m.negated = false;
    out.push_back(m);
  }
  if (n.kind == "list")
    for (size_t i = 0; i < n.kids.size(); ++i) {
      Node m = n;
      m.kids.erase(m.kids.begin() + long(i));
      out.push_back(m);
    }
  return out;
}

void paths(const Node& n, std::vector<int>& cur, std::vector<std::vector<int>>& out) {
  out.push_back(cur);
  for (size_t i = 0; i < n.kids.size(); ++i) {
    cur.push_back(int(i));
    paths(n.kids[i], cur, out);
    cur.pop_back();
  }
}
Node& at(Node& n, const std::vector<int>& p) {
  Node* x = &n;
  for (int i : p) x = &x->kids[size_t(i)];
  return *x;
}

// Reduces a failing case while `fails` still holds: fewer rows, batch 2048, fewer steps,
// smaller expressions; at most `budget` attempts.
void shrink(Spec& sp, Data& d, size_t budget, const Fails& still_fails) {
  Gen g(1);
  auto fails = [&](const Spec& s2, const Data& d2) { return budget > 0 && (--budget, still_fails(s2, d2)); };
  bool progress = true;
  while (progress && budget > 0) {
    progress = false;
    // Rows of s: drop halves, quarters, ... single rows.
    for (size_t chunk = std::max<size_t>(1, d.s.size() / 2); !d.s.empty(); chunk /= 2) {
      for (size_t start = 0; start < d.s.size();) {
        Data t = d;
        size_t end = std::min(d.s.size(), start + chunk);
        t.s.erase(t.s.begin() + long(start), t.s.begin() + long(end));
        t.tx.erase(t.tx.begin() + long(start), t.tx.begin() + long(end));
        t.tu.erase(t.tu.begin() + long(start), t.tu.begin() + long(end));
        t.pid.erase(t.pid.begin() + long(start), t.pid.begin() + long(end));
        if (fails(sp, t)) {
          d = t;
          progress = true;
        } else {
          start += chunk;
        }
      }
      if (chunk <= 1) break;
    }
    for (size_t i = 0; i < d.r.size();) {
      Data t = d;
      t.r.erase(t.r.begin() + long(i));
      t.w.erase(t.w.begin() + long(i));
      if (fails(sp, t)) {
        d = t;
        progress = true;
      } else {
        ++i;
      }
    }
    if (d.batch != 2048) {
      Data t = d;
      t.batch = 2048;
      if (fails(sp, t)) d = t, progress = true;
    }
    // Steps, then expressions node by node.
    for (optional<Node>* slot : {&sp.c1, &sp.c2, &sp.res, &sp.dv, &sp.db, &sp.having}) {
      if (!*slot) continue;
      Spec t = sp;
      optional<Node>* ts = slot == &sp.c1 ? &t.c1 : slot == &sp.c2 ? &t.c2 : slot == &sp.res ? &t.res
                           : slot == &sp.dv ? &t.dv : slot == &sp.db ? &t.db : &t.having;
      ts->reset();
      if (fails(t, d)) {
        sp = t;
        progress = true;
        continue;
      }
      std::vector<std::vector<int>> ps;
      std::vector<int> cur;
      paths(**slot, cur, ps);
      for (const auto& p : ps) {
        bool replaced = false;
        for (const Node& rep : replacements(at(**slot, p), g)) {
          Spec t2 = sp;
          optional<Node>* s2 = slot == &sp.c1 ? &t2.c1 : slot == &sp.c2 ? &t2.c2 : slot == &sp.res ? &t2.res
                               : slot == &sp.dv ? &t2.dv : slot == &sp.db ? &t2.db : &t2.having;
          at(**s2, p) = rep;
          if (fails(t2, d)) {
            sp = t2;
            progress = replaced = true;
            break;
          }
        }
        if (replaced) break;  // paths changed: start over
      }
    }
  }
}

// Whether a condition reads a text value other than in `is [not] null` (which was compiled
// before the JIT compiled text).
bool reads_text(const plan::Expr& e) {
  if (e.kind == plan::ExprKind::IsNull) return false;
  if ((e.kind == plan::ExprKind::Column || e.kind == plan::ExprKind::Param) &&
      (e.type.kind == TypeKind::Text || (e.type.kind == TypeKind::List && e.type.element == TypeKind::Text)))
    return true;
  for (const auto& a : e.args)
    if (reads_text(*a)) return true;
  return false;
}

size_t env_or(const char* name, size_t dflt) {
  const char* v = std::getenv(name);
  return v && *v ? size_t(std::strtoull(v, nullptr, 10)) : dflt;
}

TEST(CodegenDifferential, RandomModelsAgreeWithTheInterpreter) {
  const uint64_t seed = env_or("CLUE_DIFF_SEED", 20240611);
  const double seconds = double(env_or("CLUE_DIFF_SECONDS", 0));
  const size_t max_models = env_or("CLUE_DIFF_MODELS", 200);
  const size_t datasets = 8;
  auto t0 = std::chrono::steady_clock::now();
  size_t models = 0, cases = 0, not_checked = 0, with_jit = 0, jit_batches_total = 0, failures = 0;
  size_t projected = 0, probed = 0, text_compiled = 0, party = 0;
  std::string first_error;
  for (size_t mi = 0; mi < max_models; ++mi) {
    if (seconds > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > seconds) break;
    Gen g(seed * 1000003 + mi);
    Spec sp = random_spec(g);
    std::string errors;
    auto model = cgtest::check_model(model_text(sp), &errors);
    if (!model) {
      if (first_error.empty()) first_error = model_text(sp) + errors;
      ++not_checked;
      continue;
    }
    ++models;
    party += model_text(sp).find("s.pid") != std::string::npos;
    g_jit_options = codegen::JitOptions();
    g_jit_options.plain_projections = mi % 2 == 1;
    codegen::JitFilterBackend jit(g_jit_options);  // one per model: compiled once, run over every dataset
    bool used_jit = false;
    for (size_t di = 0; di < datasets; ++di) {
      Data d = random_data(g);
      auto tables = tables_of(d);
      uint64_t jb = 0;
      std::string diff = cgtest::run_both(model->plans.physical, tables, params_of(*model, d), jit, d.batch, &jb);
      ++cases;
      jit_batches_total += jb;
      used_jit |= jb > 0;
      if (diff.empty()) continue;
      ++failures;
      Spec small = sp;
      Data dd = d;
      size_t before_rows = d.s.size();
      shrink(small, dd, 600, [](const Spec& a, const Data& b) { return !failure(a, b).empty(); });
      ADD_FAILURE() << "engines disagree (model " << mi << ", dataset " << di << ", seed " << seed << "); shrunk from "
                    << before_rows << " to " << dd.s.size() << " rows:\n"
                    << model_text(small) << data_text(dd) << failure(small, dd);
      break;
    }
    with_jit += used_jit;
    projected += jit.stats().batches_projected > 0;
    bool text = false;
    for (const auto& pr : jit.predicates()) text |= pr.compiled && reads_text(*pr.expr);
    text_compiled += text && used_jit;
    probed += jit.stats().probes > 0;
    if (failures >= 3) break;
  }
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ differential ] " << models << " models, " << cases << " cases (" << datasets
            << " datasets each), " << with_jit << " models ran JIT batches (" << jit_batches_total << " batches), "
            << not_checked << " generated models did not check, " << projected << " ran compiled projections, "
            << probed << " the compiled probe, " << text_compiled << " compiled text conditions, " << party
            << " read party IDs, " << took << " s\n";
  if (std::getenv("CLUE_DIFF_VERBOSE") && !first_error.empty()) std::cout << first_error;
  EXPECT_LE(not_checked * 100, models) << "generated models should check; the first that did not:\n" << first_error;
  EXPECT_GE(models, std::min<size_t>(max_models, 50)) << "too few models (CLUE_DIFF_SECONDS cut the run short)";
  EXPECT_GE(with_jit * 2, models) << "the JIT ran in too few models";
  EXPECT_GE(projected * 4, models) << "compiled projections ran in too few models";
  EXPECT_GE(probed * 8, models) << "the compiled probe ran in too few models";
  EXPECT_GE(text_compiled * 10, models) << "too few models compiled text conditions";
  EXPECT_GE(party * 20, models) << "too few models read party IDs";
}

// A backend with a planted bug: the JIT, but the last selected row of every batch is lost.
class DropsLastRow : public exec::FilterBackend {
 public:
  bool filter(const plan::Expr& cond, const exec::EvalContext& ctx, size_t begin, size_t end,
              std::vector<uint32_t>& out) override {
    size_t old = out.size();
    if (!jit_.filter(cond, ctx, begin, end, out)) return false;
    if (out.size() > old) out.pop_back();
    return true;
  }

 private:
  codegen::JitFilterBackend jit_;
};

size_t node_count(const Node& n) {
  size_t k = 1;
  for (const auto& c : n.kids) k += node_count(c);
  return k;
}

// The shrinker reduces the planted failure to one row and a single comparison (not to a
// constant: the plan folds a constant condition, so the JIT never runs it and the planted bug
// does not show).
TEST(CodegenDifferential, ShrinkerReducesAPlantedBug) {
  Gen g(7);
  Spec sp;
  sp.shape = 0;
  sp.c1 = Node{"bin", "or", T::Bool, false,
               {Node{"bin", ">", T::Bool, false, {leaf("s.a", T::Int), leaf("0", T::Int)}},
                Node{"bin", "and", T::Bool, false,
                     {leaf("s.f", T::Bool), Node{"isnull", "", T::Bool, true, {leaf("s.m", T::Money)}}}}}};
  Data d = random_data(g);
  while (d.s.size() < 30 || d.s.size() > 100) d = random_data(g);
  d.batch = 7;
  Fails planted = [](const Spec& a, const Data& b) {
    DropsLastRow bad;
    return !failure(a, b, &bad).empty();
  };
  ASSERT_TRUE(planted(sp, d));
  shrink(sp, d, 400, planted);
  EXPECT_EQ(d.s.size(), 1u) << data_text(d);
  EXPECT_EQ(d.batch, 2048u);
  ASSERT_TRUE(sp.c1);
  EXPECT_LE(node_count(*sp.c1), 3u) << model_text(sp);
}

}  // namespace
