#include "compiler/syntax/parser.h"

#include <ClueLexer.h>
#include <ClueParser.h>
#include <antlr4-runtime.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "compiler/syntax/limits.h"
#include "compiler/syntax/syntax_errors.h"
#include "runtime/values/decimal.h"

namespace clue {
namespace {

using grammar::ClueLexer;
using grammar::ClueParser;

// Span of one token: ANTLR counts columns in code points from 0, we count from 1.
Span token_span(FileId file, const antlr4::Token* t) {
  Span s;
  s.file = file;
  s.line = uint32_t(t->getLine());
  s.col = uint32_t(t->getCharPositionInLine()) + 1;
  s.end_line = s.line;
  std::string text = t->getType() == antlr4::Token::EOF ? "" : t->getText();
  s.end_col = s.col + uint32_t(utf8_char_count(text));
  return s;
}

// Builds ast nodes from ANTLR contexts. Every ANTLR pointer may be null after error
// recovery, so every accessor is checked: a broken tree yields a partial AST, never a crash.
class Builder {
 public:
  Builder(FileId file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  ast::Module build(ClueParser::FileContext* ctx, const std::vector<size_t>& error_tokens) {
    ast::Module m;
    m.file = file_;
    m.has_syntax_errors = !error_tokens.empty();
    if (!ctx) return m;
    auto items = ctx->item();
    for (size_t i = 0; i < items.size(); ++i) {
      auto* item = items[i];
      // The declaration owns the tokens up to the next one: an error anywhere there breaks it.
      // An error found at the first token of the next declaration (where recovery stopped)
      // belongs to this one: a declaration's own first token always parses.
      size_t begin = item->getStart()->getTokenIndex();
      size_t end = i + 1 < items.size() ? items[i + 1]->getStart()->getTokenIndex() : SIZE_MAX;
      bool broken = std::any_of(error_tokens.begin(), error_tokens.end(),
                                [&](size_t t) { return t > begin && t <= end; });
      drop_declaration_ = false;
      if (!broken) {
        if (auto* x = item->modelDecl()) m.decls.emplace_back(model(x));
        else if (auto* x = item->importDecl()) m.decls.emplace_back(import(x));
        else if (auto* x = item->schemaDecl()) m.decls.emplace_back(schema(x));
        else if (auto* x = item->paramDecl()) m.decls.emplace_back(param(x));
        else if (auto* x = item->constDecl()) m.decls.emplace_back(constant(x));
        else if (auto* x = item->funcDecl()) m.decls.emplace_back(func(x));
        else if (auto* x = item->sourceDecl()) m.decls.emplace_back(source(x));
        else if (auto* x = item->tableDecl()) m.decls.emplace_back(table(x));
        else if (auto* x = item->relationDecl()) m.decls.emplace_back(relation(x));
        else if (auto* x = item->outputDecl()) m.decls.emplace_back(output(x));
        else continue;
        if (!drop_declaration_) continue;
        // A part of it was refused (a literal past its limit): the rest is not checked.
        m.decls.pop_back();
        m.has_syntax_errors = true;
      }
      {
        if (item->children.size() == 1)
          if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(item->children[0]))
            for (auto* child : rule->children)
              if (auto* n = dynamic_cast<ClueParser::NameContext*>(child)) {
                m.broken_names.push_back(name(n).text);
                break;
              }
      }
    }
    return m;
  }

 private:
  Span span(antlr4::ParserRuleContext* ctx) {
    if (!ctx || !ctx->getStart()) return {};
    Span a = token_span(file_, ctx->getStart());
    const antlr4::Token* stop = ctx->getStop();
    if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return a;
    return Span::cover(a, token_span(file_, stop));
  }
  Span span(antlr4::tree::TerminalNode* t) { return t ? token_span(file_, t->getSymbol()) : Span{}; }

  ast::Name name(ClueParser::NameContext* ctx) {
    ast::Name n;
    if (!ctx) return n;
    n.span = span(ctx);
    n.text = ctx->getText();
    if (ctx->QUOTED_IDENT() && n.text.size() >= 2) n.text = n.text.substr(1, n.text.size() - 2);
    return n;
  }

  std::string string_value(antlr4::tree::TerminalNode* t) { return t ? unquote(t->getText()) : std::string(); }

  static std::string unquote(const std::string& raw) {
    // "..." with backslash escapes, or “...” typed by a Chinese input method.
    static const std::string kOpenZh = "\u201C", kCloseZh = "\u201D";
    if (raw.rfind(kOpenZh, 0) == 0 && raw.size() >= 6) return raw.substr(3, raw.size() - 6);
    std::string out;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\\' && i + 2 < raw.size()) {
        // Only \" \\ \n \t are escapes; any other backslash is kept, so a regular
        // expression such as "\d{4}" means what it says.
        char e = raw[i + 1];
        if (e == '"' || e == '\\') { out += e; ++i; }
        else if (e == 'n') { out += '\n'; ++i; }
        else if (e == 't') { out += '\t'; ++i; }
        else out += c;
      } else {
        out += c;
      }
    }
    return out;
  }

  ast::QualifiedName qualified(ClueParser::QualifiedNameContext* ctx) {
    ast::QualifiedName q;
    if (!ctx) return q;
    for (auto* n : ctx->name()) q.parts.push_back(name(n));
    q.span = span(ctx);
    return q;
  }

  ast::TypeRef type_ref(ClueParser::TypeRefContext* ctx) {
    ast::TypeRef t;
    if (!ctx) return t;
    t.name = name(ctx->name());
    t.span = span(ctx);
    if (ctx->typeRef()) t.element = std::make_unique<ast::TypeRef>(type_ref(ctx->typeRef()));
    return t;
  }

  ast::ModelDecl model(ClueParser::ModelDeclContext* ctx) {
    ast::ModelDecl d;
    d.name = name(ctx->name());
    d.span = span(ctx);
    for (auto* e : ctx->metaEntry()) {
      ast::MetaEntry me;
      me.key = name(e->name());
      if (auto* v = e->metaValue()) {
        me.value_span = span(v);
        for (auto* s : v->STRING()) me.values.push_back(string_value(s));
      }
      d.entries.push_back(std::move(me));
    }
    return d;
  }

  ast::ImportDecl import(ClueParser::ImportDeclContext* ctx) {
    ast::ImportDecl d;
    d.path = string_value(ctx->STRING());
    d.path_span = span(ctx->STRING());
    if (ctx->name()) d.alias = name(ctx->name());
    d.span = span(ctx);
    return d;
  }

  ast::SchemaDecl schema(ClueParser::SchemaDeclContext* ctx) {
    ast::SchemaDecl d;
    d.name = name(ctx->name());
    d.span = span(ctx);
    if (ctx->STRING()) {
      d.file_name = string_value(ctx->STRING());
      d.file_span = span(ctx->STRING());
    }
    for (auto* f : ctx->fieldDecl()) {
      ast::FieldDecl fd;
      fd.name = name(f->name());
      fd.type = type_ref(f->typeRef());
      fd.optional = f->QMARK() != nullptr;
      if (auto* h = f->headerSpec()) {
        fd.header_span = span(h);
        for (auto* s : h->STRING()) fd.headers.push_back(string_value(s));
      }
      for (auto* o : f->fieldOption()) {
        ast::FieldOption fo;
        if (auto* k = o->optionKey(); k && k->name()) fo.key = name(k->name());
        else if (k) fo.key = {k->getText(), span(k)};
        if (o->expr()) fo.value = expr(o->expr());
        fd.options.push_back(std::move(fo));
      }
      fd.span = span(f);
      d.fields.push_back(std::move(fd));
    }
    return d;
  }

  ast::ParamDecl param(ClueParser::ParamDeclContext* ctx) {
    ast::ParamDecl d;
    d.name = name(ctx->name());
    d.type = type_ref(ctx->typeRef());
    if (ctx->expr()) d.default_value = expr(ctx->expr());
    d.span = span(ctx);
    return d;
  }

  ast::ConstDecl constant(ClueParser::ConstDeclContext* ctx) {
    ast::ConstDecl d;
    d.name = name(ctx->name());
    if (ctx->typeRef()) d.type = type_ref(ctx->typeRef());
    d.value = expr(ctx->expr());
    d.span = span(ctx);
    return d;
  }

  ast::FuncDecl func(ClueParser::FuncDeclContext* ctx) {
    ast::FuncDecl d;
    d.name = name(ctx->name());
    for (auto* p : ctx->funcParam()) d.params.push_back({name(p->name()), type_ref(p->typeRef())});
    if (ctx->typeRef()) d.result = type_ref(ctx->typeRef());
    d.body = expr(ctx->expr());
    d.span = span(ctx);
    return d;
  }

  ast::SourceDecl source(ClueParser::SourceDeclContext* ctx) {
    ast::SourceDecl d;
    d.name = name(ctx->name());
    d.schema = qualified(ctx->qualifiedName());
    d.distinct = ctx->DISTINCT() != nullptr;
    if (ctx->STRING()) {
      d.file = string_value(ctx->STRING());
      d.file_span = span(ctx->STRING());
    }
    d.span = span(ctx);
    return d;
  }

  ast::TableDecl table(ClueParser::TableDeclContext* ctx) {
    ast::TableDecl d;
    d.name = name(ctx->name());
    d.span = span(ctx);
    for (auto* c : ctx->tableColumn()) {
      ast::TableColumn col;
      col.name = name(c->name());
      col.type = type_ref(c->typeRef());
      col.optional = c->QMARK() != nullptr;
      col.span = span(c);
      d.columns.push_back(std::move(col));
    }
    if (ctx->ROWS()) {
      d.rows_span = span(ctx->ROWS());
      if (auto braces = ctx->RBRACE(); braces.size() == 2) d.rows_span = Span::cover(d.rows_span, span(braces[1]));
    }
    for (auto* r : ctx->tableRow()) {
      ast::TableRow row;
      row.span = span(r);
      for (auto* e : r->expr()) row.cells.push_back(expr(e));
      d.rows.push_back(std::move(row));
    }
    return d;
  }

  std::vector<ast::Derivation> derivations(const std::vector<ClueParser::DerivationContext*>& ds) {
    std::vector<ast::Derivation> out;
    for (auto* d : ds) out.push_back({name(d->name()), expr(d->expr())});
    return out;
  }

  ast::RelationDecl relation(ClueParser::RelationDeclContext* ctx) {
    ast::RelationDecl d;
    d.name = name(ctx->name());
    const auto inputs = ctx->qualifiedName();
    d.input = qualified(inputs[0]);
    for (size_t k = 1; k < inputs.size(); ++k) d.union_inputs.push_back(qualified(inputs[k]));
    d.span = span(ctx);
    for (auto* s : ctx->step()) {
      ast::Step st;
      st.span = span(s);
      st.keyword_span = token_span(file_, s->getStart());
      if (auto* w = dynamic_cast<ClueParser::WhereStepContext*>(s)) {
        st.kind = ast::StepKind::Where;
        st.condition = expr(w->expr());
      } else if (auto* j = dynamic_cast<ClueParser::JoinStepContext*>(s)) {
        st.kind = ast::StepKind::Join;
        st.join_kind = join_kind(j->joinKind());
        st.keyword_span = span(j->joinKind());
        st.join_target = qualified(j->qualifiedName());
        if (j->name()) st.join_alias = name(j->name());
        if (j->expr()) st.condition = expr(j->expr());
      } else if (auto* dv = dynamic_cast<ClueParser::DeriveStepContext*>(s)) {
        st.kind = ast::StepKind::Derive;
        st.derivations = derivations(dv->derivation());
      } else if (auto* g = dynamic_cast<ClueParser::GroupStepContext*>(s)) {
        st.kind = ast::StepKind::Group;
        st.keyword_span = span(g->groupBy());
        for (auto* k : g->groupKey()) {
          ast::GroupKey gk;
          gk.value = expr(k->expr());
          if (k->name()) gk.alias = name(k->name());
          st.group_keys.push_back(std::move(gk));
        }
        st.derivations = derivations(g->derivation());
      } else if (auto* h = dynamic_cast<ClueParser::HavingStepContext*>(s)) {
        st.kind = ast::StepKind::Having;
        st.condition = expr(h->expr());
      } else {
        continue;
      }
      d.steps.push_back(std::move(st));
    }
    return d;
  }

  static ast::JoinKind join_kind(ClueParser::JoinKindContext* k) {
    if (!k) return ast::JoinKind::Inner;
    if (k->LEFT() || k->LEFT_JOIN()) return ast::JoinKind::Left;
    if (k->SEMI() || k->SEMI_JOIN()) return ast::JoinKind::Semi;
    if (k->ANTI() || k->ANTI_JOIN()) return ast::JoinKind::Anti;
    if (k->CROSS() || k->CROSS_JOIN()) return ast::JoinKind::Cross;
    return ast::JoinKind::Inner;
  }

  ast::OutputDecl output(ClueParser::OutputDeclContext* ctx) {
    ast::OutputDecl d;
    d.name = name(ctx->name());
    if (ctx->qualifiedName()) d.from = qualified(ctx->qualifiedName());
    d.span = span(ctx);
    for (auto* c : ctx->outputColumn()) {
      ast::OutputColumn oc;
      oc.value = expr(c->expr());
      if (c->name()) oc.alias = name(c->name());
      oc.span = span(c);
      d.columns.push_back(std::move(oc));
    }
    for (auto* cl : ctx->outputClause()) {
      if (auto* o = dynamic_cast<ClueParser::OrderClauseContext*>(cl)) {
        for (auto* k : o->orderKey()) d.order.push_back({expr(k->expr()), k->DESC() != nullptr});
      } else if (dynamic_cast<ClueParser::DistinctClauseContext*>(cl)) {
        d.distinct = true;
      }
    }
    return d;
  }

  // ---- expressions ----------------------------------------------------------------------------
  ast::ExprPtr make(ast::ExprKind kind, Span s) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->span = s;
    return e;
  }

  ast::ExprPtr binary(std::string op, ast::ExprPtr l, ast::ExprPtr r) {
    if (!l || !r) return l ? std::move(l) : std::move(r);
    auto e = make(ast::ExprKind::Binary, Span::cover(l->span, r->span));
    e->op = std::move(op);
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  ast::ExprPtr expr(ClueParser::ExprContext* ctx) { return ctx ? or_expr(ctx->orExpr()) : nullptr; }

  ast::ExprPtr or_expr(ClueParser::OrExprContext* ctx) {
    if (!ctx) return nullptr;
    auto parts = ctx->andExpr();
    ast::ExprPtr e = parts.empty() ? nullptr : and_expr(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i) e = binary("or", std::move(e), and_expr(parts[i]));
    return e;
  }

  ast::ExprPtr and_expr(ClueParser::AndExprContext* ctx) {
    if (!ctx) return nullptr;
    auto parts = ctx->notExpr();
    ast::ExprPtr e = parts.empty() ? nullptr : not_expr(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i) e = binary("and", std::move(e), not_expr(parts[i]));
    return e;
  }

  ast::ExprPtr not_expr(ClueParser::NotExprContext* ctx) {
    if (!ctx) return nullptr;
    if (ctx->NOT()) {
      auto inner = not_expr(ctx->notExpr());
      if (!inner) return nullptr;
      auto e = make(ast::ExprKind::Unary, span(ctx));
      e->op = "not";
      e->args.push_back(std::move(inner));
      return e;
    }
    return predicate(ctx->predicate());
  }

  ast::ExprPtr predicate(ClueParser::PredicateContext* ctx) {
    if (!ctx) return nullptr;
    auto adds = ctx->additive();
    if (adds.empty()) return nullptr;
    ast::ExprPtr left = additive(adds[0]);
    if (!left) return nullptr;
    bool negated = ctx->NOT() != nullptr;
    if (ctx->compareOp() && adds.size() >= 2) {
      return binary(ctx->compareOp()->getText() == "<>" ? "!=" : ctx->compareOp()->getText(), std::move(left),
                    additive(adds[1]));
    }
    if (ctx->IN() && adds.size() >= 2) {
      auto e = make(ast::ExprKind::In, span(ctx));
      e->negated = negated;
      e->args.push_back(std::move(left));
      if (auto r = additive(adds[1])) e->args.push_back(std::move(r));
      else return nullptr;
      return e;
    }
    if (ctx->BETWEEN() && adds.size() >= 3) {
      auto e = make(ast::ExprKind::Between, span(ctx));
      e->negated = negated;
      e->args.push_back(std::move(left));
      auto lo = additive(adds[1]), hi = additive(adds[2]);
      if (!lo || !hi) return nullptr;
      e->args.push_back(std::move(lo));
      e->args.push_back(std::move(hi));
      return e;
    }
    if (ctx->IS() || ctx->IS_NULL_ZH() || ctx->NOT_NULL_ZH()) {
      auto e = make(ast::ExprKind::IsNull, span(ctx));
      e->negated = negated || ctx->NOT_NULL_ZH();
      e->args.push_back(std::move(left));
      return e;
    }
    return left;
  }

  // Left-associative chains whose operators sit between the operands in `children`.
  template <class Ctx, class Sub, class F>
  ast::ExprPtr chain(Ctx* ctx, F sub) {
    ast::ExprPtr e;
    std::string op;
    for (auto* child : ctx->children) {
      if (auto* c = dynamic_cast<Sub*>(child)) {
        auto rhs = sub(c);
        e = e ? binary(op, std::move(e), std::move(rhs)) : std::move(rhs);
      } else {
        op = child->getText();
      }
    }
    return e;
  }

  ast::ExprPtr additive(ClueParser::AdditiveContext* ctx) {
    if (!ctx) return nullptr;
    return chain<ClueParser::AdditiveContext, ClueParser::MultiplicativeContext>(
        ctx, [this](auto* c) { return multiplicative(c); });
  }

  ast::ExprPtr multiplicative(ClueParser::MultiplicativeContext* ctx) {
    if (!ctx) return nullptr;
    return chain<ClueParser::MultiplicativeContext, ClueParser::UnaryContext>(ctx,
                                                                              [this](auto* c) { return unary(c); });
  }

  ast::ExprPtr unary(ClueParser::UnaryContext* ctx) {
    if (!ctx) return nullptr;
    if (ctx->MINUS()) {
      auto inner = unary(ctx->unary());
      if (!inner) return nullptr;
      auto e = make(ast::ExprKind::Unary, span(ctx));
      e->op = "-";
      e->args.push_back(std::move(inner));
      return e;
    }
    return postfix(ctx->postfix());
  }

  ast::ExprPtr postfix(ClueParser::PostfixContext* ctx) {
    if (!ctx) return nullptr;
    ast::ExprPtr e = primary(ctx->primary());
    for (auto* n : ctx->name()) {
      if (!e) return nullptr;
      auto f = make(ast::ExprKind::Field, Span::cover(e->span, span(n)));
      ast::Name nm = name(n);
      f->text = nm.text;
      f->name_span = nm.span;
      f->args.push_back(std::move(e));
      e = std::move(f);
    }
    return e;
  }

  ast::ExprPtr primary(ClueParser::PrimaryContext* ctx) {
    if (!ctx) return nullptr;
    if (auto* l = dynamic_cast<ClueParser::LiteralPrimaryContext*>(ctx)) return literal(l->literal());
    if (auto* n = dynamic_cast<ClueParser::NamePrimaryContext*>(ctx)) {
      ast::Name nm = name(n->name());
      auto e = make(ast::ExprKind::Name, nm.span);
      e->text = nm.text;
      e->name_span = nm.span;
      return e;
    }
    if (auto* c = dynamic_cast<ClueParser::CallPrimaryContext*>(ctx)) {
      auto names = c->name();
      if (names.empty()) return nullptr;
      ast::Name nm = name(names.back());
      auto e = make(ast::ExprKind::Call, span(ctx));
      e->text = nm.text;
      e->name_span = nm.span;
      if (names.size() == 2) e->ns = name(names[0]).text;
      e->distinct = c->DISTINCT() != nullptr;
      for (auto* a : c->callArg()) {
        if (a->STAR()) e->args.push_back(make(ast::ExprKind::Star, span(a)));
        else if (auto x = expr(a->expr())) e->args.push_back(std::move(x));
        else return nullptr;
      }
      if (c->orderBy()) {  // string_agg(x, sep order by k [desc]): k is the last argument
        auto key = expr(c->expr());
        if (!key) return nullptr;
        e->args.push_back(std::move(key));
        e->ordered = true;
        e->negated = c->DESC() != nullptr;
      }
      return e;
    }
    if (auto* p = dynamic_cast<ClueParser::ParenPrimaryContext*>(ctx)) return expr(p->expr());
    if (auto* l = dynamic_cast<ClueParser::ListPrimaryContext*>(ctx)) {
      auto e = make(ast::ExprKind::List, span(ctx));
      for (auto* x : l->expr()) {
        if (auto v = expr(x)) e->args.push_back(std::move(v));
        else return nullptr;
      }
      return e;
    }
    if (auto* i = dynamic_cast<ClueParser::IfPrimaryContext*>(ctx)) {
      auto parts = i->expr();
      if (parts.size() != 3) return nullptr;
      auto e = make(ast::ExprKind::If, span(ctx));
      for (auto* x : parts) {
        if (auto v = expr(x)) e->args.push_back(std::move(v));
        else return nullptr;
      }
      return e;
    }
    if (auto* c = dynamic_cast<ClueParser::CasePrimaryContext*>(ctx)) {
      // case when c1 then v1 when c2 then v2 ... else d end is the `if` chain
      // if c1 then v1 else if c2 then v2 ... else d: one meaning, checked and run as `if` is
      // (both engines). No else: null.
      auto parts = c->expr();
      const bool has_else = c->ELSE() != nullptr;
      if (parts.size() < 2) return nullptr;
      ast::ExprPtr rest;
      if (has_else) {
        rest = expr(parts.back());
      } else {
        rest = make(ast::ExprKind::Null, span(c->END()));
      }
      if (!rest) return nullptr;
      const size_t branches = (parts.size() - (has_else ? 1 : 0)) / 2;
      for (size_t b = branches; b-- > 0;) {
        auto cond = expr(parts[2 * b]);
        auto value = expr(parts[2 * b + 1]);
        if (!cond || !value) return nullptr;
        auto e = make(ast::ExprKind::If, b == 0 ? span(ctx) : Span::cover(cond->span, rest->span));
        e->args.push_back(std::move(cond));
        e->args.push_back(std::move(value));
        e->args.push_back(std::move(rest));
        rest = std::move(e);
      }
      return rest;
    }
    return nullptr;
  }

  ast::ExprPtr literal(ClueParser::LiteralContext* ctx) {
    if (!ctx) return nullptr;
    Span s = span(ctx);
    if (ctx->INT() || ctx->DECIMAL()) {
      auto e = make(ctx->INT() ? ast::ExprKind::Int : ast::ExprKind::Decimal, s);
      e->text = (ctx->INT() ? ctx->INT() : ctx->DECIMAL())->getText();
      if (auto* u = ctx->name()) {
        ast::Name unit = name(u);
        if (unit.text == "m" || unit.text == "米") e->unit = "m";
        else if (unit.text == "km" || unit.text == "公里") e->unit = "km";
        else sink_.report(DiagId::UnknownUnit, unit.span, {unit.text});
      }
      if (ctx->INT()) {
        long long v = 0;
        auto [p, ec] = std::from_chars(e->text.data(), e->text.data() + e->text.size(), v);
        if (ec != std::errc()) sink_.report(DiagId::NumberOutOfRange, span(ctx->INT()), {short_number(e->text)});
      } else if (!values::parse_decimal(e->text).ok()) {
        // Decimals are exact (int64 with 4 fraction digits): a literal they cannot hold would
        // become null and silently match nothing.
        sink_.report(DiagId::DecimalLiteralInexact, span(ctx->DECIMAL()), {short_number(e->text), "922337203685477"});
      }
      return e;
    }
    if (ctx->STRING()) {
      auto e = make(ast::ExprKind::String, s);
      // ANTLR's indexes count characters (up to 4 bytes each): the text is copied out of its
      // buffer only when it may be past the limit, or to use it.
      const antlr4::Token* tok = ctx->STRING()->getSymbol();
      const size_t chars = tok->getStopIndex() - tok->getStartIndex() + 1;
      const size_t bytes = chars > limits::kMaxStringLiteral / 4 ? tok->getText().size() : chars;
      if (bytes > limits::kMaxStringLiteral) {
        sink_.report(DiagId::LiteralTooLarge, first_line(s),
                     {bilingual("this string", "此字符串"), std::to_string(bytes), std::to_string(limits::kMaxStringLiteral)});
        drop_declaration_ = true;
        return make(ast::ExprKind::Null, s);
      }
      e->text = string_value(ctx->STRING());
      return e;
    }
    if (ctx->DATE() || ctx->MONTH() || ctx->DATETIME()) {
      auto kind = ctx->DATE() ? ast::ExprKind::Date : ctx->MONTH() ? ast::ExprKind::Month : ast::ExprKind::DateTime;
      auto e = make(kind, s);
      e->text = ctx->getText();
      if (!valid_date_literal(e->text, kind)) sink_.report(DiagId::InvalidDateLiteral, s, {e->text});
      return e;
    }
    if (ctx->TRUE_LIT() || ctx->FALSE_LIT()) {
      auto e = make(ast::ExprKind::Bool, s);
      e->text = ctx->TRUE_LIT() ? "true" : "false";
      return e;
    }
    return make(ast::ExprKind::Null, s);
  }

  // A number as a message quotes it: its first digits and how many there are.
  static std::string short_number(const std::string& t) {
    if (t.size() <= limits::kMaxNumberDigits) return t;
    return t.substr(0, 20) + "\u2026 (" + std::to_string(t.size()) + " digits)";
  }
  static Span first_line(Span s) {
    if (s.end_line != s.line) { s.end_line = s.line; s.end_col = s.col + 1; }
    return s;
  }

  static bool valid_date_literal(const std::string& t, ast::ExprKind kind) {
    auto num = [&](size_t pos, size_t len) { return std::stoi(t.substr(pos, len)); };
    int y = num(0, 4), m = num(5, 2);
    if (y < 1800 || y > 2200 || m < 1 || m > 12) return false;
    if (kind == ast::ExprKind::Month) return true;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int d = num(8, 2), max_d = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d < 1 || d > max_d) return false;
    if (kind == ast::ExprKind::DateTime) {
      int hh = num(11, 2), mm = num(14, 2), ss = t.size() > 17 ? num(17, 2) : 0;
      if (hh > 23 || mm > 59 || ss > 59) return false;
    }
    return true;
  }

  FileId file_;
  DiagnosticSink& sink_;
  bool drop_declaration_ = false;  // set while building a declaration that must not be checked
};

// Comments of the form `lint:allow(W0401, W0201) reason`.
void collect_suppressions(antlr4::CommonTokenStream& tokens, FileId file, ast::Module& m) {
  const auto& all = tokens.getTokens();
  for (size_t i = 0; i < all.size(); ++i) {
    antlr4::Token* t = all[i];
    if (t->getType() != ClueLexer::LINE_COMMENT && t->getType() != ClueLexer::BLOCK_COMMENT) continue;
    std::string text = t->getText();
    size_t at = text.find("lint:allow(");
    if (at == std::string::npos) continue;
    size_t close = text.find(')', at);
    if (close == std::string::npos) continue;
    ast::Suppression s;
    s.span = token_span(file, t);
    std::string codes = text.substr(at + 11, close - at - 11);
    std::string cur;
    for (char c : codes + ",") {
      if (c == ',' || c == ' ') {
        if (!cur.empty()) s.codes.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    std::string reason = text.substr(close + 1);
    if (t->getType() == ClueLexer::BLOCK_COMMENT && reason.size() >= 2) reason.resize(reason.size() - 2);
    // Strip separators such as ':' '：' '-' and spaces around the reason.
    auto strip = [](std::string& r) {
      static const std::string kSeps[] = {" ", "\t", ":", "-", "\u3000", "\uFF1A"};
      bool changed = true;
      while (changed && !r.empty()) {
        changed = false;
        for (const auto& sep : kSeps) {
          if (r.rfind(sep, 0) == 0) { r.erase(0, sep.size()); changed = true; }
          if (r.size() >= sep.size() && r.compare(r.size() - sep.size(), sep.size(), sep) == 0) {
            r.erase(r.size() - sep.size());
            changed = true;
          }
        }
      }
    };
    strip(reason);
    s.reason = reason;
    // A comment after code on the same line silences that line; a comment alone on its line
    // silences the next line with code.
    bool code_before = false;
    for (size_t k = i; k-- > 0;) {
      if (all[k]->getLine() != t->getLine()) break;
      if (all[k]->getChannel() == antlr4::Token::DEFAULT_CHANNEL) code_before = true;
    }
    s.target_line = uint32_t(t->getLine());
    if (!code_before) {
      for (size_t k = i + 1; k < all.size(); ++k) {
        if (all[k]->getChannel() == antlr4::Token::DEFAULT_CHANNEL && all[k]->getType() != antlr4::Token::EOF &&
            all[k]->getLine() > t->getLine()) {
          s.target_line = uint32_t(all[k]->getLine());
          break;
        }
      }
    }
    m.suppressions.push_back(std::move(s));
  }
}

// ANTLR's generated parser recurses about a dozen C++ frames per level of nesting, so a model
// with ten thousand '(' overflows the stack inside ANTLR itself, before any AST exists. This
// parse listener counts the levels as the parser enters its rules and stops the parse with
// NestingTooDeep (a C++ exception, which ANTLR's generated code lets through: it catches only
// RecognitionException) at the first token past the limit.
struct NestingTooDeep {
  const antlr4::Token* at;
};

class NestingGuard : public antlr4::tree::ParseTreeListener {
 public:
  explicit NestingGuard(antlr4::Parser& parser) : parser_(parser) {}
  void enterEveryRule(antlr4::ParserRuleContext* ctx) override {
    const antlr4::Token* at = parser_.getCurrentToken();
    const bool level = counts_as_level(ctx->getRuleIndex(), at ? at->getType() : 0);
    if (depth_ + 1 > limits::kMaxParserDepth || (level && levels_ + 1 > limits::kMaxNesting)) throw NestingTooDeep{at};
    ++depth_;
    stack_.push_back(level);
    if (level) ++levels_;
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override {
    if (stack_.empty()) return;
    if (stack_.back()) --levels_;
    stack_.pop_back();
    --depth_;
  }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}
  void reset() { depth_ = levels_ = 0; stack_.clear(); }

 private:
  // A level as the user sees one: an expression inside brackets, a call, a list or an `if`
  // (each is an `expr`), a `not` or a unary `-`, a `list<...>` type.
  static bool counts_as_level(size_t rule, size_t token) {
    switch (rule) {
      case ClueParser::RuleExpr: return true;
      case ClueParser::RuleNotExpr: return token == ClueLexer::NOT;
      case ClueParser::RuleUnary: return token == ClueLexer::MINUS;
      case ClueParser::RuleTypeRef: return true;
      default: return false;
    }
  }
  antlr4::Parser& parser_;
  size_t depth_ = 0, levels_ = 0;
  std::vector<bool> stack_;
};

}  // namespace

namespace {
// ANTLR's input stream throws on invalid UTF-8; the loader reports such bytes (E0109), and
// here they are replaced so that parsing goes on.
std::string parse_text(const SourceManager& sm, FileId file) {
  const std::string& t = sm.text(file);
  return first_invalid_utf8(t) == std::string::npos ? t : sanitize_utf8(t);
}
}  // namespace

ast::Module parse_module(const SourceManager& sm, FileId file, DiagnosticSink& sink) {
  antlr4::ANTLRInputStream input(parse_text(sm, file));
  ClueLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  ClueParser parser(&tokens);
  SyntaxErrorReporter reporter(file, sink, tokens);
  reporter.report_lexical_errors();
  parser.removeErrorListeners();
  // Two stages, the usual ANTLR speed-up: the fast SLL prediction first, bailing out at the
  // first error; only a file that fails it (a syntax error, or a rare SLL-only ambiguity) is
  // parsed again with full LL prediction and error recovery, which reports the errors.
  ClueParser::FileContext* tree = nullptr;
  NestingGuard guard(parser);
  parser.addParseListener(&guard);
  try {
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (!tree) {
      tokens.seek(0);
      parser.reset();
      guard.reset();
      parser.addErrorListener(&reporter);
      parser.setErrorHandler(std::make_shared<DeclarationRecovery>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      tree = parser.file();
    }
  } catch (const NestingTooDeep& e) {
    // Nothing of the file is checked: its declarations are unknown, and so is how much of the
    // rest of the file the deep part spans.
    Span at = e.at ? token_span(file, e.at) : Span{file, 1, 1, 1, 2};
    sink.report(DiagId::NestingTooDeep, at, {std::to_string(limits::kMaxNesting)});
    ast::Module m;
    m.file = file;
    m.has_syntax_errors = true;
    return m;
  }
  parser.removeParseListener(&guard);

  Builder builder(file, sink);
  ast::Module m = builder.build(tree, reporter.error_token_indexes());
  limits::check_expression_depth(m, sink);
  collect_suppressions(tokens, file, m);
  return m;
}

std::vector<Token> tokenize(const SourceManager& sm, FileId file) {
  antlr4::ANTLRInputStream input(parse_text(sm, file));
  ClueLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  std::vector<Token> out;
  const auto& vocab = lexer.getVocabulary();
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL && t->getType() != ClueLexer::LINE_COMMENT &&
        t->getType() != ClueLexer::BLOCK_COMMENT)
      continue;
    out.push_back({t->getType() == antlr4::Token::EOF ? "EOF" : std::string(vocab.getSymbolicName(t->getType())),
                   t->getType() == antlr4::Token::EOF ? "" : t->getText(), token_span(file, t)});
  }
  return out;
}

}  // namespace clue
