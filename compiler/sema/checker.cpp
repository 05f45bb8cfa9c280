#include "compiler/sema/checker.h"

#include "compiler/sema/schema_library.h"
#include "compiler/sema/type_arg.h"
#include "compiler/syntax/limits.h"
#include "runtime/fs/file_names.h"
#include "runtime/fs/regular_file.h"

#include <algorithm>
#include <filesystem>
#include <cctype>
#include <functional>
#include <map>
#include <utility>

namespace clue {
namespace {

// Canonical (English) metadata keys and their Chinese spellings.
struct MetaKey {
  const char* en;
  const char* zh;
};
constexpr MetaKey kMetaKeys[] = {
    {"title", "标题"},   {"version", "版本"}, {"jurisdiction", "辖区"}, {"basis", "依据"},
    {"author", "作者"},  {"description", "描述"}, {"limits", "局限"},   {"tags", "标签"},
};

const char* canonical_meta_key(const std::string& k) {
  for (const auto& m : kMetaKeys)
    if (k == m.en || k == m.zh) return m.en;
  return nullptr;
}

bool is_string_list(const ast::Expr* e) {
  if (!e || e->kind != ast::ExprKind::List) return false;
  for (const auto& a : e->args)
    if (a->kind != ast::ExprKind::String) return false;
  return true;
}

std::vector<std::string> string_list(const ast::Expr& e) {
  std::vector<std::string> out;
  for (const auto& a : e.args) out.push_back(a->text);
  return out;
}

std::string datum_canonical(const std::string& d) {
  if (d == "WGS-84" || d == "WGS84" || d == "wgs84" || d == "wgs-84") return "WGS-84";
  if (d == "GCJ-02" || d == "GCJ02" || d == "gcj02" || d == "gcj-02" || d == "高德" || d == "腾讯") return "GCJ-02";
  if (d == "BD-09" || d == "BD09" || d == "bd09" || d == "bd-09" || d == "百度") return "BD-09";
  return "";
}
}  // namespace

std::unique_ptr<typed::Model> Checker::run() {
  model_ = std::make_unique<typed::Model>();
  collect_symbols();
  check_metadata();
  check_schemas();
  check_params();
  check_sources();
  check_relations();
  check_outputs();
  return std::move(model_);
}

// ---- symbols --------------------------------------------------------------------------------

void Checker::add_symbol(std::map<std::string, Symbol>& table, const std::string& name, Symbol sym,
                         bool from_import) {
  if (name.empty()) return;
  auto it = table.find(name);
  if (it == table.end()) {
    table.emplace(name, sym);
    return;
  }
  if (it->second.decl == sym.decl) return;  // the same declaration reached twice (diamond import)
  bool clash_with_import = from_import || it->second.import_pos >= 0;
  if (clash_with_import) {
    // Report at the local definition when there is one, else at the second import.
    Span at = from_import ? sym.span : sym.span;
    auto& d = sink_.report(DiagId::ImportClash, at, {name});
    d.notes.push_back({NoteId::FirstDefinedHere, it->second.span, {name}});
  } else {
    auto& d = sink_.report(DiagId::DuplicateDefinition, sym.span, {name});
    d.notes.push_back({NoteId::FirstDefinedHere, it->second.span, {name}});
  }
}

void Checker::collect_symbols() {
  scopes_.assign(modules_.size(), {});
  namespaces_.assign(modules_.size(), {});
  // Own declarations first, so that a clash is reported at the imported name's use site.
  for (size_t m = 0; m < modules_.size(); ++m) {
    for (const auto& decl : modules_[m].ast.decls) {
      Symbol s{};
      s.module = int(m);
      std::visit(
          [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, ast::SchemaDecl>) s.kind = Symbol::Schema;
            else if constexpr (std::is_same_v<T, ast::ParamDecl>) s.kind = Symbol::Param;
            else if constexpr (std::is_same_v<T, ast::ConstDecl>) s.kind = Symbol::Const;
            else if constexpr (std::is_same_v<T, ast::FuncDecl>) s.kind = Symbol::Func;
            else if constexpr (std::is_same_v<T, ast::SourceDecl>) s.kind = Symbol::Source;
            else if constexpr (std::is_same_v<T, ast::TableDecl>) s.kind = Symbol::Source;  // used like one
            else if constexpr (std::is_same_v<T, ast::RelationDecl>) s.kind = Symbol::Relation;
            if constexpr (!std::is_same_v<T, ast::ImportDecl> && !std::is_same_v<T, ast::ModelDecl> &&
                          !std::is_same_v<T, ast::OutputDecl>) {
              // Outputs live in their own namespace: `output leads { ... }` names the relation.
              s.decl = &d;
              s.span = d.name.span;
              add_symbol(scopes_[m], d.name.text, s, false);
            }
          },
          decl);
    }
  }
  // Then what each module imports: schemas, params, consts and funcs of the imported file.
  for (size_t m = 0; m < modules_.size(); ++m) {
    size_t pos = 0;
    for (const auto& decl : modules_[m].ast.decls) {
      const auto* imp = std::get_if<ast::ImportDecl>(&decl);
      if (!imp) continue;
      size_t this_pos = pos++;
      int target = this_pos < modules_[m].imports.size() ? modules_[m].imports[this_pos] : -1;
      if (target < 0) continue;
      if (imp->alias) {
        namespaces_[m][imp->alias->text] = target;
        Symbol ns{};
        ns.kind = Symbol::Namespace;
        ns.decl = imp;
        ns.module = int(m);
        ns.span = imp->alias->span;
        ns.index = target;
        add_symbol(scopes_[m], imp->alias->text, ns, false);
        continue;
      }
      for (const auto& [name, sym] : scopes_[size_t(target)]) {
        if (sym.module != target) continue;  // not re-exported: imports are not transitive
        if (sym.kind != Symbol::Schema && sym.kind != Symbol::Param && sym.kind != Symbol::Const &&
            sym.kind != Symbol::Func)
          continue;
        Symbol s = sym;
        s.import_pos = int(this_pos);
        auto it = scopes_[m].find(name);
        if (it != scopes_[m].end() && it->second.decl != s.decl) {
          if (it->second.import_pos >= 0) {
            // Two imports define it: report at this (later) import, point at the first definition.
            auto& d = sink_.report(DiagId::ImportClash, imp->path_span, {name});
            d.notes.push_back({NoteId::FirstDefinedHere, it->second.span, {name}});
          } else {
            // Defined here and imported: report at the local definition, point at the import's.
            auto& d = sink_.report(DiagId::ImportClash, it->second.span, {name});
            d.notes.push_back({NoteId::DeclaredHere, s.span, {name}});
          }
          continue;
        }
        scopes_[m].emplace(name, s);
      }
    }
  }
}

const Checker::Symbol* Checker::lookup_global(const std::string& name, int module) {
  auto it = scopes_[size_t(module)].find(name);
  if (it == scopes_[size_t(module)].end()) return nullptr;
  return &it->second;
}

namespace {
struct KindName {
  const char* en;
  const char* zh;
};
constexpr KindName kKindNames[] = {{"schema", "结构"}, {"param", "参数"},   {"const", "常量"},
                                   {"func", "函数"},   {"source", "数据源"}, {"relation", "关系"},
                                   {"output", "输出"}, {"namespace", "导入命名空间"}};
}  // namespace

void Checker::report_chain_too_long(Span at, const std::string& relation, std::optional<size_t> length) {
  if (std::exchange(chain_reported_, true)) return;
  const std::string limit = std::to_string(limits::kMaxPipelineDepth);
  sink_.report(DiagId::PipelineTooLong, at,
               {relation, length ? std::to_string(*length) : bilingual("more than " + limit, "超过 " + limit), limit});
}

void Checker::report_wrong_kind(const std::string& name, Span span, const Symbol& found, const char* wanted_en,
                                const char* wanted_zh) {
  const KindName& k = kKindNames[found.kind];
  auto& d = sink_.report(DiagId::NotARelation, span, {name, bilingual(k.en, k.zh), bilingual(wanted_en, wanted_zh)});
  d.notes.push_back({NoteId::DeclaredHere, found.span, {name}});
}

bool Checker::poisoned(const std::string& name) const {
  for (const auto& m : modules_)
    if (std::find(m.ast.broken_names.begin(), m.ast.broken_names.end(), name) != m.ast.broken_names.end()) return true;
  return false;
}

void Checker::note_ref(Span use, Span target) {
  if (use.valid() && target.valid()) usage_.refs.push_back({use, target});
}

void Checker::mark_used(const Symbol& sym, Span use) {
  note_ref(use, sym.span);
  usage_.decls[sym.decl]++;
  if (sym.import_pos >= 0) usage_.imports[{0, size_t(sym.import_pos)}]++;
}

// ---- metadata -------------------------------------------------------------------------------

void Checker::check_metadata() {
  std::vector<const ast::ModelDecl*> blocks;
  for (const auto& decl : modules_[0].ast.decls)
    if (const auto* m = std::get_if<ast::ModelDecl>(&decl)) blocks.push_back(m);
  // A file without a model block is a library (schemas, constants, functions) unless it also
  // declares the parts of a model.
  bool has_model_parts = std::any_of(modules_[0].ast.decls.begin(), modules_[0].ast.decls.end(), [](const ast::Decl& d) {
    return std::holds_alternative<ast::SourceDecl>(d) || std::holds_alternative<ast::TableDecl>(d) ||
           std::holds_alternative<ast::RelationDecl>(d) || std::holds_alternative<ast::OutputDecl>(d);
  });
  if (blocks.size() > 1 || (blocks.empty() && has_model_parts && !modules_[0].ast.has_syntax_errors)) {
    Span at = blocks.size() > 1 ? blocks[1]->name.span : Span{};
    if (!at.valid())  // point at the first declaration that belongs to a model
      for (const auto& decl : modules_[0].ast.decls)
        if (!at.valid() && (std::holds_alternative<ast::SourceDecl>(decl) || std::holds_alternative<ast::TableDecl>(decl) ||
                            std::holds_alternative<ast::RelationDecl>(decl) || std::holds_alternative<ast::OutputDecl>(decl)))
          at = ast::decl_name(decl).span;
    sink_.report(DiagId::ModelBlockCount, at, {std::to_string(blocks.size())});
  }
  if (blocks.empty()) return;
  const ast::ModelDecl& m = *blocks[0];
  model_->meta.id = m.name.text;
  model_->meta.span = m.name.span;
  std::vector<std::string> known;
  for (const auto& k : kMetaKeys) known.push_back(k.en);
  for (const auto& e : m.entries) {
    const char* key = canonical_meta_key(e.key.text);
    if (!key) {
      auto& d = sink_.report(DiagId::UnknownMetadataKey, e.key.span, {e.key.text});
      if (auto s = closest_match(e.key.text, known)) d.notes.push_back({NoteId::DidYouMean, {}, {*s}});
      continue;
    }
    auto& values = model_->meta.entries[key];
    values.insert(values.end(), e.values.begin(), e.values.end());
  }
}

// ---- schemas --------------------------------------------------------------------------------

std::optional<Type> Checker::resolve_type(const ast::TypeRef& t) {
  auto kind = type_by_name(t.name.text);
  if (!kind) {
    auto& d = sink_.report(DiagId::UnknownType, t.name.span, {t.name.text});
    std::vector<std::string> names = {"text", "int", "decimal", "money", "bool", "date", "month",
                                      "datetime", "idcard", "uscc", "case_no", "geo", "partyid", "list"};
    // What other languages call these types: SQL, Python, Excel.
    static const std::map<std::string, std::string> kOtherNames = {
        {"string", "text"}, {"str", "text"}, {"varchar", "text"}, {"char", "text"}, {"文本", "text"},
        {"integer", "int"}, {"long", "int"}, {"bigint", "int"}, {"number", "decimal"}, {"float", "decimal"},
        {"double", "decimal"}, {"numeric", "decimal"}, {"real", "decimal"}, {"boolean", "bool"},
        {"timestamp", "datetime"}, {"time", "datetime"}, {"id", "idcard"}, {"日期", "date"}, {"金额", "money"}};
    std::string low;
    for (char c : t.name.text) low += char(std::tolower(static_cast<unsigned char>(c)));
    if (auto it = kOtherNames.find(low); it != kOtherNames.end())
      d.notes.push_back({NoteId::DidYouMean, {}, {it->second}});
    else if (auto s = closest_match(t.name.text, names))
      d.notes.push_back({NoteId::DidYouMean, {}, {*s}});
    return std::nullopt;
  }
  if (*kind == TypeKind::List) {
    if (!t.element) {
      sink_.report(DiagId::BadTypeArguments, t.span, {"list", bilingual("needs an element type: list<text>", "需要元素类型：list<text>")});
      return std::nullopt;
    }
    auto elem = resolve_type(*t.element);
    if (!elem) return std::nullopt;
    if (elem->is(TypeKind::List) || elem->is(TypeKind::Geo)) {
      sink_.report(DiagId::BadTypeArguments, t.span, {"list", bilingual("cannot hold lists or geo points", "不能包含列表或坐标")});
      return std::nullopt;
    }
    return Type::list(elem->kind);
  }
  if (t.element) {
    sink_.report(DiagId::BadTypeArguments, t.span, {t.name.text, bilingual("takes no element type", "不接受元素类型")});
    return std::nullopt;
  }
  return Type::of(*kind);
}

typed::Schema Checker::check_schema(const ast::SchemaDecl& d) {
  typed::Schema s;
  s.name = d.name.text;
  s.file_name = d.file_name.value_or(d.name.text);
  s.span = d.name.span;
  if (d.fields.empty()) sink_.report(DiagId::EmptySchema, d.name.span, {d.name.text});
  for (const auto& f : d.fields) {
    typed::Field tf;
    tf.name = f.name.text;
    tf.span = f.name.span;
    tf.optional = f.optional;
    auto t = resolve_type(f.type);
    tf.type = t.value_or(Type{});
    tf.headers = f.headers.empty() ? std::vector<std::string>{f.name.text} : f.headers;
    if (s.field_index(tf.name) >= 0) {
      auto& diag = sink_.report(DiagId::DuplicateDefinition, f.name.span, {tf.name});
      diag.notes.push_back({NoteId::FirstDefinedHere, s.fields[size_t(s.field_index(tf.name))].span, {tf.name}});
      continue;
    }
    if (t && t->is(TypeKind::List)) {
      sink_.report(DiagId::BadTypeArguments, f.type.span, {"list", bilingual("cannot be the type of a data column", "不能作为数据列的类型")});
    }
    bool is_geo = t && t->is(TypeKind::Geo);
    for (const auto& o : f.options) {
      const std::string& key = o.key.text;
      const ast::Expr* v = o.value.get();
      auto bad = [&] { sink_.report(DiagId::InvalidFieldOption, o.key.span, {key, t ? type_arg(*t) : "?"}); };
      if (key == "required" || key == "必填") {
        if (v) bad();
        tf.required = true;
      } else if (key == "datum" || key == "坐标系") {
        if (!is_geo || !v || v->kind != ast::ExprKind::String) { bad(); continue; }
        tf.datum = datum_canonical(v->text);
        if (tf.datum.empty()) sink_.report(DiagId::InvalidDatum, v->span, {v->text});
      } else if (key == "unit" || key == "单位") {
        bool numeric = t && (t->is(TypeKind::Money) || t->is(TypeKind::Decimal));
        if (!numeric || !v || v->kind != ast::ExprKind::String || (v->text != "万" && v->text != "元")) { bad(); continue; }
        tf.allow_wan = v->text == "万";
      } else if (key == "true" || key == "false" || key == "真值" || key == "假值") {
        if (!t || !t->is(TypeKind::Bool) || !is_string_list(v)) { bad(); continue; }
        (key == "true" || key == "真值" ? tf.true_words : tf.false_words) = string_list(*v);
      } else {
        bad();
      }
    }
    if (is_geo && (tf.headers.size() != 2 || tf.datum.empty())) {
      if (tf.headers.size() != 2 || std::none_of(f.options.begin(), f.options.end(), [](const ast::FieldOption& o) {
            return o.key.text == "datum" || o.key.text == "坐标系";
          }))
        sink_.report(DiagId::GeoFieldShape, f.name.span);
    } else if (!is_geo && f.headers.size() == 2) {
      sink_.report(DiagId::GeoFieldShape, f.header_span);
    }
    s.fields.push_back(std::move(tf));
  }
  return s;
}

void Checker::check_schemas() {
  for (size_t m = 0; m < modules_.size(); ++m) {
    for (const auto& decl : modules_[m].ast.decls) {
      if (const auto* d = std::get_if<ast::SchemaDecl>(&decl)) {
        schema_index_[d] = int(model_->schemas.size());
        model_->schemas.push_back(std::make_unique<typed::Schema>(check_schema(*d)));
      }
    }
  }
}

// ---- params and sources ---------------------------------------------------------------------

namespace {
bool is_constant(const typed::Expr& e) {
  if (e.kind == typed::ExprKind::Literal) return true;
  if (e.kind == typed::ExprKind::List) {
    for (const auto& a : e.args)
      if (!is_constant(*a)) return false;
    return true;
  }
  if (e.kind == typed::ExprKind::Unary && e.op == plan::Op::Neg) return is_constant(*e.args[0]);
  return false;
}

// The types a text literal may stand for (they have no literal syntax of their own).
bool text_domain(TypeKind k) {
  return k == TypeKind::IdCard || k == TypeKind::Uscc || k == TypeKind::CaseNo || k == TypeKind::PartyId;
}
}  // namespace

void Checker::check_params() {
  for (size_t m = 0; m < modules_.size(); ++m) {
    for (const auto& decl : modules_[m].ast.decls) {
      const auto* d = std::get_if<ast::ParamDecl>(&decl);
      if (!d) continue;
      typed::Param p;
      p.name = d->name.text;
      p.span = d->name.span;
      p.type = resolve_type(d->type).value_or(Type{});
      if (p.type.is(TypeKind::Geo)) {
        sink_.report(DiagId::BadTypeArguments, d->type.span, {"geo", bilingual("cannot be the type of a param", "不能作为参数类型")});
      }
      if (d->default_value) {
        Scope scope;
        scope.module = int(m);
        auto v = check_expr(*d->default_value, scope);
        if (!is_constant(*v)) {
          sink_.report(DiagId::NotConstant, d->default_value->span, {bilingual("a param's default", "参数的默认值")});
        } else if (!v->type.is_error() && !p.type.is_error()) {
          bool ok = v->type == p.type || v->type.is(TypeKind::Null) ||
                    (is_numeric(p.type.kind) && is_numeric(v->type.kind) &&
                     !(p.type.is(TypeKind::Int) && !v->type.is(TypeKind::Int))) ||
                    (p.type.is(TypeKind::List) && v->type.is(TypeKind::List) &&
                     (v->type.element == p.type.element || v->type.element == TypeKind::Null ||
                      (is_numeric(p.type.element) && v->type.element == TypeKind::Int))) ||
                    // A text literal stands for a value of a domain type: "(2023)浙0803执1号",
                    // and a list of them for a list of such values.
                    (v->type.is(TypeKind::Text) && v->kind == typed::ExprKind::Literal && text_domain(p.type.kind)) ||
                    (p.type.is(TypeKind::List) && text_domain(p.type.element) && v->kind == typed::ExprKind::List &&
                     v->type.element == TypeKind::Text);
          if (!ok) {
            auto& diag = sink_.report(DiagId::ValueTypeMismatch, d->default_value->span,
                                      {p.name, type_arg(p.type), type_arg(v->type)});
            if (v->kind == typed::ExprKind::Literal) {
              typed::Expr want;
              want.kind = typed::ExprKind::Param;
              want.type = p.type;
              note_unquoted(diag, *v, want);
            }
          } else {
            // Read each text literal with the parser of the param's type (the loader's): an
            // invalid default is an error now, a valid one is kept in its normal form.
            Type one = p.type.is(TypeKind::List) ? Type::of(p.type.element) : p.type;
            bool valid = true;
            if (v->kind == typed::ExprKind::List)
              for (auto& a : v->args) valid &= normalize_domain_literal(*a, one);
            else
              valid = normalize_domain_literal(*v, one);
            p.has_default = valid;
            if (v->kind == typed::ExprKind::List)
              for (const auto& a : v->args) p.default_list.push_back(a->literal);
            else if (v->kind == typed::ExprKind::Literal)
              p.default_value = v->literal;
            else  // negative number
              p.default_value = typed::Literal{v->args[0]->literal.kind, "-" + v->args[0]->literal.text};
          }
        }
      }
      typed_index_[d] = int(model_->params.size());
      model_->params.push_back(std::move(p));
    }
  }
}

// A lookup table shipped beside the model (`source t: S from "tables/t.csv"`): the path
// joined to the model's folder. Like an import, it must stay inside that folder's tree (E0216:
// a shared model must not read other files on the machine) and be a regular file (E0217).
std::string Checker::shipped_table(const ast::SourceDecl& d) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(modules_[0].path).parent_path();
  const fs::path given(*d.file);
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(base.empty() ? fs::path(".") : base, ec), ec);
  const fs::path canon = fs::weakly_canonical(fs::absolute(base / given, ec), ec);
  auto [r, q] = std::mismatch(root.begin(), root.end(), canon.begin(), canon.end());
  const bool within = r == root.end() || (std::next(r) == root.end() && r->empty());
  const std::string folder = base.empty() ? "." : base.string();
  if (d.file->empty() || given.is_absolute() || ec || !within) {
    sink_.report(DiagId::ShippedTableOutsideModel, d.file_span, {*d.file, folder});
    return "";
  }
  const fs::path path = (base / given).lexically_normal();
  const fsafe::PathKind kind = fsafe::path_kind(path.string());
  if (kind != fsafe::PathKind::Regular) {
    sink_.report(DiagId::ShippedTableNotAFile, d.file_span,
                 {*d.file, folder,
                  kind == fsafe::PathKind::Missing ? bilingual("it does not exist", "它不存在")
                                                   : bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
    return "";
  }
  return path.string();
}

void Checker::check_sources() {
  for (const auto& decl : modules_[0].ast.decls) {
    if (const auto* t = std::get_if<ast::TableDecl>(&decl)) {
      check_table(*t);
      continue;
    }
    const auto* d = std::get_if<ast::SourceDecl>(&decl);
    if (!d) continue;
    typed::Source s;
    s.name = d->name.text;
    s.span = d->name.span;
    s.distinct = d->distinct;
    if (d->file) s.shipped_file = shipped_table(*d);
    const Symbol* sym = nullptr;
    int module = 0;
    const auto& parts = d->schema.parts;
    if (parts.size() == 2) {
      auto ns = namespaces_[0].find(parts[0].text);
      if (ns != namespaces_[0].end()) {
        module = ns->second;
        sym = lookup_global(parts[1].text, module);
        if (sym && sym->module != module) sym = nullptr;
        // namespace use counts as a use of that import
        for (size_t pos = 0, k = 0; k < modules_[0].ast.decls.size(); ++k) {
          if (const auto* imp = std::get_if<ast::ImportDecl>(&modules_[0].ast.decls[k])) {
            if (imp->alias && imp->alias->text == parts[0].text) usage_.imports[{0, pos}]++;
            ++pos;
          }
        }
      }
    } else if (parts.size() == 1) {
      sym = lookup_global(parts[0].text, 0);
    }
    bool failed_import = std::find(modules_[0].imports.begin(), modules_[0].imports.end(), -1) != modules_[0].imports.end();
    if ((!sym || sym->kind != Symbol::Schema) && ((!parts.empty() && poisoned(parts.back().text)) || failed_import)) {
      // the schema had a syntax error, or may be in the import that failed: already reported
    } else if (!sym || sym->kind != Symbol::Schema) {
      const std::string shown = d->schema.joined();
      auto& diag = sink_.report(DiagId::UnknownSchema, d->schema.span, {shown});
      std::vector<std::string> names;
      for (const auto& [n, sy] : scopes_[size_t(module)])
        if (sy.kind == Symbol::Schema) names.push_back(n);
      if (auto sug = closest_match(parts.empty() ? "" : parts.back().text, names))
        diag.notes.push_back({NoteId::DidYouMean, {}, {*sug}});
      else if (auto file = parts.size() == 1 ? library_file_defining(modules_[0].path, parts[0].text) : std::nullopt)
        diag.notes.push_back({NoteId::SchemaDefinedIn, {}, {parts[0].text, *file}});
    } else {
      mark_used(*sym, parts.back().span);
      s.schema = model_->schemas[size_t(schema_index_.at(sym->decl))].get();
    }
    typed_index_[d] = int(model_->sources.size());
    model_->sources.push_back(std::move(s));
  }
}

// ---- relations ------------------------------------------------------------------------------

void Checker::check_relations() {
  for (const auto& decl : modules_[0].ast.decls)
    if (const auto* d = std::get_if<ast::RelationDecl>(&decl)) {
      typed_index_[d] = int(relation_decls_.size());
      relation_decls_.push_back(d);
    }
  model_->relations.resize(relation_decls_.size());
  relation_done_.assign(relation_decls_.size(), false);
  chain_length_.assign(relation_decls_.size(), 0);
  std::vector<int> visiting;
  for (size_t i = 0; i < relation_decls_.size(); ++i) check_relation(int(i), visiting);
}


// A union's inputs are placed one after the other in its frame, like a relation joined by
// name: each part's bindings and derived columns are appended (hidden), and the union's own
// columns come last, one per column of the first input. Each part's value of a column is a
// reference to its own column, moved to where the part was placed; rows keep their part's
// bindings, so provenance names each row's own file and line.
bool Checker::check_union(const ast::RelationDecl& d, typed::Relation& rel, std::vector<int>& visiting,
                          size_t& chain) {
  struct Col {
    std::string name;
    Type type;
    typed::ExprPtr value;
  };
  std::vector<const ast::QualifiedName*> inputs{&d.input};
  for (const auto& q : d.union_inputs) inputs.push_back(&q);
  std::vector<std::vector<Col>> cols;
  std::vector<std::string> part_names;
  bool ok = true;
  for (const ast::QualifiedName* q : inputs) {
    const std::string nm = q->joined();
    const Symbol* sym = q->parts.size() == 1 ? lookup_global(nm, 0) : nullptr;
    typed::UnionPart part;
    part.span = q->span;
    part.first_binding = int(rel.bindings.size());
    part.first_derived = int(rel.derived.size());
    std::vector<Col> mine;
    auto add = [&](const std::string& name, Type type, typed::ExprPtr value) {
      for (const Col& c : mine)
        if (c.name == name) return;  // the relation's own column shadows a field of that name
      mine.push_back({name, type, std::move(value)});
    };
    if (!sym) {
      if (!poisoned(nm)) {
        auto& diag = sink_.report(DiagId::UnknownName, q->span, {nm});
        std::vector<std::string> names;
        for (const auto& [n, sy] : scopes_[0])
          if (sy.kind == Symbol::Source || sy.kind == Symbol::Relation) names.push_back(n);
        if (auto s = closest_match(nm, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*s}});
      }
      ok = false;
      continue;
    }
    if (sym->kind == Symbol::Source) {
      mark_used(*sym, q->span);
      part.source = index_of(*sym);
      typed::Binding b;
      b.alias = nm;
      b.source = part.source;
      b.span = q->span;
      b.fields_visible = false;
      rel.bindings.push_back(b);
      const typed::Schema* sc = model_->sources[size_t(part.source)].schema;
      if (!sc) {
        ok = false;
        continue;
      }
      for (size_t f = 0; f < sc->fields.size(); ++f) {
        auto e = typed::make_expr(typed::ExprKind::Column, sc->fields[f].type, q->span);
        e->binding = part.first_binding;
        e->field = int(f);
        add(sc->fields[f].name, sc->fields[f].type, std::move(e));
      }
      chain = std::max<size_t>(chain, 1);
    } else if (sym->kind == Symbol::Relation) {
      mark_used(*sym, q->span);
      if (visiting.size() >= limits::kMaxPipelineDepth) {
        report_chain_too_long(d.name.span, d.name.text, std::nullopt);
        ok = false;
        continue;
      }
      const int r = index_of(*sym);
      check_relation(r, visiting);
      usage_.relations[r]++;
      if (broken_relations_.count(relation_decls_[size_t(r)]->name.text)) {
        ok = false;
        continue;
      }
      const typed::Relation& base = model_->relations[size_t(r)];
      part.relation = r;
      for (typed::Binding b : base.bindings) {
        b.fields_visible = false;
        b.via = -1;
        rel.bindings.push_back(b);
      }
      for (typed::Derived dv : base.derived) {
        dv.hidden = true;
        dv.via = -1;
        rel.derived.push_back(dv);
      }
      // Its columns as a bare name would find them: its own columns, then a joined relation's
      // (one of that name only), then fields of the sources still visible (one of that name).
      std::map<std::string, int> seen;
      for (int pass = 0; pass < 2; ++pass)
        for (size_t i = 0; i < base.derived.size(); ++i) {
          const typed::Derived& dv = base.derived[i];
          if (dv.hidden || (pass == 0) != (dv.via < 0)) continue;
          if (pass == 1 && seen.count(dv.name)) {
            if (seen[dv.name] == 1) seen[dv.name] = 2;  // a joined column in two relations: ambiguous
            continue;
          }
          seen[dv.name] = 1;
          usage_.derived[{r, int(i)}]++;
          auto e = typed::make_expr(typed::ExprKind::Derived, dv.type, q->span);
          e->derived = part.first_derived + int(i);
          add(dv.name, dv.type, std::move(e));
        }
      std::map<std::string, int> owners;
      for (const auto& b : base.bindings)
        if (b.fields_visible && b.source >= 0 && model_->sources[size_t(b.source)].schema)
          for (const auto& f : model_->sources[size_t(b.source)].schema->fields) owners[f.name]++;
      for (size_t bi = 0; bi < base.bindings.size(); ++bi) {
        const auto& b = base.bindings[bi];
        if (!b.fields_visible || b.source < 0 || !model_->sources[size_t(b.source)].schema) continue;
        const auto& fields = model_->sources[size_t(b.source)].schema->fields;
        for (size_t f = 0; f < fields.size(); ++f) {
          if (owners[fields[f].name] != 1 || seen.count(fields[f].name)) continue;
          auto e = typed::make_expr(typed::ExprKind::Column, fields[f].type, q->span);
          e->binding = part.first_binding + int(bi);
          e->field = int(f);
          add(fields[f].name, fields[f].type, std::move(e));
        }
      }
      // Ambiguous joined columns are left out: drop them from the list.
      mine.erase(std::remove_if(mine.begin(), mine.end(), [&](const Col& c) {
                   auto it = seen.find(c.name);
                   return it != seen.end() && it->second == 2;
                 }),
                 mine.end());
      chain = std::max(chain, chain_length_[size_t(r)]);
    } else {
      report_wrong_kind(nm, q->span, *sym, "source or relation", "数据源或关系");
      ok = false;
      continue;
    }
    part.binding_count = int(rel.bindings.size()) - part.first_binding;
    part.derived_count = int(rel.derived.size()) - part.first_derived;
    rel.union_parts.push_back(std::move(part));
    cols.push_back(std::move(mine));
    part_names.push_back(nm);
  }
  if (!ok || cols.empty()) return false;
  // The union's columns: the first input's, each found by name in every other input with the
  // same type. Another input's further columns are not part of the union.
  rel.union_first = int(rel.derived.size());
  rel.union_count = int(cols[0].size());
  for (size_t c = 0; c < cols[0].size(); ++c) {
    for (size_t k = 1; k < cols.size(); ++k) {
      auto it = std::find_if(cols[k].begin(), cols[k].end(), [&](const Col& x) { return x.name == cols[0][c].name; });
      if (it == cols[k].end()) {
        sink_.report(DiagId::UnionColumnMissing, rel.union_parts[k].span, {cols[0][c].name, part_names[k], part_names[0]});
        return false;
      }
      if (!(it->type == cols[0][c].type) && !it->type.is_error() && !cols[0][c].type.is_error()) {
        sink_.report(DiagId::UnionColumnTypeMismatch, rel.union_parts[k].span,
                     {cols[0][c].name, type_arg(cols[0][c].type), part_names[0], type_arg(it->type), part_names[k]});
        return false;
      }
    }
    rel.derived.push_back({cols[0][c].name, cols[0][c].type, d.name.span});
  }
  for (size_t k = 0; k < cols.size(); ++k)
    for (size_t c = 0; c < cols[0].size(); ++c) {
      auto it = std::find_if(cols[k].begin(), cols[k].end(), [&](const Col& x) { return x.name == cols[0][c].name; });
      rel.union_parts[k].columns.push_back(std::move(it->value));
    }
  return true;
}

namespace {
// The columns a binding exposes, whether it is a source or a relation joined by name.
struct ColumnInfo {
  std::string name;
  Type type;
  Span span;
};
}  // namespace

void Checker::check_relation(int index, std::vector<int>& visiting) {
  if (relation_done_[size_t(index)]) return;
  const ast::RelationDecl& d = *relation_decls_[size_t(index)];
  if (std::find(visiting.begin(), visiting.end(), index) != visiting.end()) {
    sink_.report(DiagId::RelationCycle, d.name.span, {d.name.text, bilingual("relation", "关系")});
    broken_relations_.insert(d.name.text);
    relation_done_[size_t(index)] = true;
    return;
  }
  visiting.push_back(index);
  typed::Relation rel;
  rel.name = d.name.text;
  rel.span = d.name.span;

  // The input: a source, or another relation whose scope this one continues; or a union.
  const std::string in_name = d.input.joined();
  const Symbol* sym = d.input.parts.size() == 1 ? lookup_global(in_name, 0) : nullptr;
  size_t union_chain = 0;
  bool union_ok = false;
  if (!d.union_inputs.empty()) {
    union_ok = check_union(d, rel, visiting, union_chain);
  } else if (!sym && poisoned(in_name)) {
    // the input had a syntax error, already reported
  } else if (!sym) {
    auto& diag = sink_.report(DiagId::UnknownName, d.input.span, {in_name});
    std::vector<std::string> names;
    for (const auto& [n, sy] : scopes_[0])
      if (sy.kind == Symbol::Source || sy.kind == Symbol::Relation) names.push_back(n);
    if (auto s = closest_match(in_name, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*s}});
  } else if (sym->kind == Symbol::Source) {
    mark_used(*sym, d.input.span);
    rel.input_source = index_of(*sym);
    typed::Binding b;
    b.alias = in_name;
    b.source = index_of(*sym);
    b.span = d.input.span;
    rel.bindings.push_back(b);
  } else if (sym->kind == Symbol::Relation) {
    mark_used(*sym, d.input.span);
    if (visiting.size() >= limits::kMaxPipelineDepth) {
      // Checking the input recurses (as do the planner and the engines over the plan built
      // from it): a chain this long is refused before it can overflow the stack.
      report_chain_too_long(d.name.span, d.name.text, std::nullopt);
      broken_relations_.insert(d.name.text);
      relation_done_[size_t(index)] = true;
      visiting.pop_back();
      return;
    }
    check_relation(index_of(*sym), visiting);
    usage_.relations[index_of(*sym)]++;
    const typed::Relation& base = model_->relations[size_t(index_of(*sym))];
    rel.input_relation = index_of(*sym);
    rel.bindings = base.bindings;
    rel.derived = base.derived;
    rel.joined = base.joined;
    rel.grouped = base.grouped;
  } else {
    report_wrong_kind(in_name, d.input.span, *sym, "source or relation", "数据源或关系");
  }

  // Without a usable input, every column reference below would be a false error.
  bool input_ok = rel.input_source >= 0 || rel.input_relation >= 0 || union_ok;
  if (rel.input_relation >= 0 && broken_relations_.count(relation_decls_[size_t(rel.input_relation)]->name.text))
    input_ok = false;
  chain_length_[size_t(index)] =
      (rel.input_relation >= 0 ? chain_length_[size_t(rel.input_relation)] : union_chain) + d.steps.size() + 1;
  if (input_ok && chain_length_[size_t(index)] > limits::kMaxPipelineDepth) {
    report_chain_too_long(d.name.span, d.name.text, chain_length_[size_t(index)]);
    input_ok = false;
  }
  if (!input_ok) {
    broken_relations_.insert(rel.name);
    model_->relations[size_t(index)] = std::move(rel);
    relation_done_[size_t(index)] = true;
    visiting.pop_back();
    return;
  }
  bool had_group = rel.grouped;
  for (const auto& step : d.steps) {
    typed::Step out;
    out.span = step.span;
    Scope scope;
    scope.relation = &rel;
    scope.relation_index = index;
    switch (step.kind) {
      case ast::StepKind::Where:
        out.kind = typed::StepKind::Where;
        if (step.condition) out.condition = check_condition(*step.condition, scope);
        break;
      case ast::StepKind::Having:
        out.kind = typed::StepKind::Having;
        if (!had_group) sink_.report(DiagId::HavingWithoutGroup, step.keyword_span);
        if (step.condition) out.condition = check_condition(*step.condition, scope);
        break;
      case ast::StepKind::Join:
        out.kind = typed::StepKind::Join;
        check_join(rel, index, step, out, visiting);
        break;
      case ast::StepKind::Derive:
        out.kind = typed::StepKind::Derive;
        for (const auto& dv : step.derivations) {
          if (!dv.value) continue;
          auto v = check_expr(*dv.value, scope);
          for (const auto& b : rel.bindings) {
            if (b.source < 0 || !model_->sources[size_t(b.source)].schema) continue;
            if (model_->sources[size_t(b.source)].schema->field_index(dv.name.text) >= 0 && b.fields_visible) {
              sink_.report(DiagId::ShadowedName, dv.name.span, {dv.name.text, bilingual("field of " + b.alias, b.alias + " 的字段")});
              break;
            }
          }
          if (const Symbol* g = lookup_global(dv.name.text, 0); g && g->kind == Symbol::Param)
            sink_.report(DiagId::ShadowedName, dv.name.span, {dv.name.text, bilingual("param", "参数")});
          for (size_t k = 0; k < rel.derived.size(); ++k) {
            // A union's inputs' own columns are hidden behind the union's: not a clash.
            if (rel.derived[k].name == dv.name.text && !(rel.derived[k].hidden && !rel.union_parts.empty())) {
              auto& diag = sink_.report(DiagId::DuplicateDefinition, dv.name.span, {dv.name.text});
              diag.notes.push_back({NoteId::FirstDefinedHere, rel.derived[k].span, {dv.name.text}});
            }
          }
          out.derived.push_back(int(rel.derived.size()));
          rel.derived.push_back({dv.name.text, v->type, dv.name.span});
          out.values.push_back(std::move(v));
        }
        break;
      case ast::StepKind::Group:
        out.kind = typed::StepKind::Group;
        check_group(rel, index, step, out);
        had_group = true;
        break;
    }
    rel.steps.push_back(std::move(out));
  }
  model_->relations[size_t(index)] = std::move(rel);
  relation_done_[size_t(index)] = true;
  visiting.pop_back();
}

namespace {
void split_conjuncts(typed::ExprPtr e, std::vector<typed::ExprPtr>& out) {
  if (e->kind == typed::ExprKind::Binary && e->op == plan::Op::And) {
    split_conjuncts(std::move(e->args[0]), out);
    split_conjuncts(std::move(e->args[1]), out);
  } else {
    out.push_back(std::move(e));
  }
}

typed::ExprPtr join_conjuncts(std::vector<typed::ExprPtr> parts) {
  typed::ExprPtr acc;
  for (auto& p : parts) {
    if (!acc) { acc = std::move(p); continue; }
    auto e = std::make_unique<typed::Expr>();
    e->kind = typed::ExprKind::Binary;
    e->op = plan::Op::And;
    e->type = Type::of(TypeKind::Bool);
    e->span = Span::cover(acc->span, p->span);
    e->args.push_back(std::move(acc));
    e->args.push_back(std::move(p));
    acc = std::move(e);
  }
  return acc;
}
}  // namespace

namespace {
// `key` (a partyid) as the kind of party `other` (an idcard or uscc) is: person_id(key) or
// org_id(key); any other key as it is.
typed::ExprPtr party_key_as(typed::ExprPtr key, Type other) {
  if (!key->type.is(TypeKind::PartyId) || !(other.is(TypeKind::IdCard) || other.is(TypeKind::Uscc))) return key;
  auto call = std::make_unique<typed::Expr>();
  call->kind = typed::ExprKind::Call;
  call->fn = other.is(TypeKind::IdCard) ? plan::Fn::PersonId : plan::Fn::OrgId;
  call->type = other;
  call->span = key->span;
  call->args.push_back(std::move(key));
  return call;
}
}  // namespace

bool Checker::join_relation(typed::Relation& rel, const Symbol& sym, const ast::Step& step, typed::Step& out,
                            std::vector<int>& visiting) {
  const int r = index_of(sym);
  mark_used(sym);
  // Checking, planning and running a joined relation recurse as for an input: the same limit
  // on the chain (E0331), counting the joined relation's chain into this one's.
  const std::string self = visiting.empty() ? std::string() : relation_decls_[size_t(visiting.back())]->name.text;
  if (visiting.size() >= limits::kMaxPipelineDepth) {
    report_chain_too_long(step.join_target.span, self, std::nullopt);
    return false;
  }
  check_relation(r, visiting);
  if (broken_relations_.count(relation_decls_[size_t(r)]->name.text)) return false;
  if (!visiting.empty()) {
    size_t& mine = chain_length_[size_t(visiting.back())];
    mine += chain_length_[size_t(r)];
    if (mine > limits::kMaxPipelineDepth) {
      report_chain_too_long(step.join_target.span, self, mine);
      return false;
    }
  }
  usage_.relations[r]++;
  const typed::Relation& joined = model_->relations[size_t(r)];
  typed::JoinedRelation jr;
  jr.alias = step.join_alias ? step.join_alias->text : step.join_target.joined();
  jr.relation = r;
  jr.how = step.join_kind;
  jr.span = step.join_alias ? step.join_alias->span : step.join_target.span;
  const bool filter_only = step.join_kind == ast::JoinKind::Semi || step.join_kind == ast::JoinKind::Anti;
  (void)filter_only;  // hidden after the `on` condition is checked (check_join)
  auto clash = [&](const std::string& alias) {
    for (const auto& other : rel.bindings)
      if (other.alias == alias) return other.span;
    for (const auto& other : rel.joined)
      if (other.alias == alias) return other.span;
    return Span{};
  };
  if (Span first = clash(jr.alias); first.valid()) {
    auto& diag = sink_.report(DiagId::DuplicateDefinition, jr.span, {jr.alias});
    diag.notes.push_back({NoteId::FirstDefinedHere, first, {jr.alias}});
  }
  const int via = int(rel.joined.size());
  jr.first_binding = int(rel.bindings.size());
  jr.binding_count = int(joined.bindings.size());
  jr.first_derived = int(rel.derived.size());
  jr.derived_count = int(joined.derived.size());
  for (const auto& jb : joined.bindings) {
    typed::Binding b = jb;
    // Named through the relation (g.zb): its rows keep their own source for provenance.
    b.alias = jr.alias + "." + jb.alias;
    b.span = jr.span;
    b.via = via;
    // Provenance follows how the rows came in: a semi/anti-joined relation only filters, a
    // left-joined one may be missing (its bindings are null then).
    if (filter_only || step.join_kind == ast::JoinKind::Left) b.how = step.join_kind;
    rel.bindings.push_back(std::move(b));
  }
  for (const auto& jd : joined.derived) {
    typed::Derived d = jd;
    d.via = via;
    d.hidden = jd.hidden;
    rel.derived.push_back(std::move(d));
  }
  rel.joined.push_back(jr);
  out.binding = jr.first_binding;
  out.joined = via;
  return true;
}

void Checker::check_join(typed::Relation& rel, int rel_index, const ast::Step& step, typed::Step& out,
                         std::vector<int>& visiting) {
  out.how = step.join_kind;
  const std::string target = step.join_target.joined();
  const Symbol* sym = step.join_target.parts.size() == 1 ? lookup_global(target, 0) : nullptr;
  if (!sym && poisoned(target)) return;
  if (sym && sym->kind == Symbol::Relation) {
    if (!join_relation(rel, *sym, step, out, visiting)) return;
  } else if (!sym || sym->kind != Symbol::Source) {
    if (sym && sym->kind != Symbol::Source) {
      report_wrong_kind(target, step.join_target.span, *sym, "source or relation", "数据源或关系");
    } else {
      auto& diag = sink_.report(DiagId::UnknownName, step.join_target.span, {target});
      std::vector<std::string> names;
      for (const auto& [n, sy] : scopes_[0])
        if (sy.kind == Symbol::Source || sy.kind == Symbol::Relation) names.push_back(n);
      if (auto s = closest_match(target, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*s}});
    }
    return;
  }
  typed::Binding b;
  if (out.joined < 0) {
    mark_used(*sym, step.join_target.span);
    b.alias = step.join_alias ? step.join_alias->text : target;
    b.source = index_of(*sym);
    b.how = step.join_kind;
    b.span = step.join_alias ? step.join_alias->span : step.join_target.span;
    for (const auto& other : rel.bindings) {
      if (other.alias == b.alias) {
        auto& diag = sink_.report(DiagId::DuplicateDefinition, b.span, {b.alias});
        diag.notes.push_back({NoteId::FirstDefinedHere, other.span, {b.alias}});
      }
    }
    for (const auto& other : rel.joined) {
      if (other.alias == b.alias) {
        auto& diag = sink_.report(DiagId::DuplicateDefinition, b.span, {b.alias});
        diag.notes.push_back({NoteId::FirstDefinedHere, other.span, {b.alias}});
      }
    }
    out.binding = int(rel.bindings.size());
    rel.bindings.push_back(b);
  } else {
    b = rel.bindings[size_t(out.binding)];
    b.alias = rel.joined[size_t(out.joined)].alias;
  }
  const int new_binding = out.binding;

  if (step.join_kind == ast::JoinKind::Cross) {
    if (step.condition) sink_.report(DiagId::CrossJoinWithCondition, step.condition->span);
    return;
  }
  if (!step.condition) {
    sink_.report(DiagId::JoinWithoutKey, step.keyword_span, {b.alias});
    hide_filter_join(rel, step, out);
    return;
  }
  Scope scope;
  scope.relation = &rel;
  scope.relation_index = rel_index;
  auto cond = check_condition(*step.condition, scope);
  // Which side of the join an expression reads: the relation so far (old) or the joined
  // source or relation (new: its bindings and, for a relation, its derived columns).
  const int new_count = out.joined >= 0 ? rel.joined[size_t(out.joined)].binding_count : 1;
  const int new_first_derived = out.joined >= 0 ? rel.joined[size_t(out.joined)].first_derived : int(rel.derived.size());
  const int new_derived_end = out.joined >= 0 ? new_first_derived + rel.joined[size_t(out.joined)].derived_count
                                              : new_first_derived;
  struct Reads {
    bool old_side = false, new_side = false;
  };
  std::function<void(const typed::Expr&, Reads&)> reads_of = [&](const typed::Expr& x, Reads& r) {
    if (x.kind == typed::ExprKind::Column && x.binding >= 0) {
      (x.binding >= new_binding && x.binding < new_binding + new_count ? r.new_side : r.old_side) = true;
    } else if (x.kind == typed::ExprKind::Derived && x.derived >= 0) {
      (x.derived >= new_first_derived && x.derived < new_derived_end ? r.new_side : r.old_side) = true;
    }
    for (const auto& a : x.args) reads_of(*a, r);
  };
  auto reads = [&](const typed::Expr& x) {
    Reads r;
    reads_of(x, r);
    return r;
  };
  auto only_old = [](Reads r) { return r.old_side && !r.new_side; };
  auto only_new = [](Reads r) { return r.new_side && !r.old_side; };
  std::vector<typed::ExprPtr> parts, residual;
  split_conjuncts(std::move(cond), parts);
  for (auto& p : parts) {
    if (p->kind == typed::ExprKind::Binary && p->op == plan::Op::Eq) {
      Reads l = reads(*p->args[0]), r = reads(*p->args[1]);
      bool left_old = only_old(l), right_new = only_new(r);
      bool left_new = only_new(l), right_old = only_old(r);
      if ((left_old && right_new) || (left_new && right_old)) {
        typed::ExprPtr old_side = std::move(left_old ? p->args[0] : p->args[1]);
        typed::ExprPtr new_side = std::move(left_old ? p->args[1] : p->args[0]);
        // partyid == idcard (or uscc): the key is the party's person ID (organisation code),
        // null for the other kind, which matches nothing: one representation on both sides.
        old_side = party_key_as(std::move(old_side), new_side->type);
        new_side = party_key_as(std::move(new_side), old_side->type);
        Type lt = old_side->type, rt = new_side->type;
        // Not comparable at all was reported as E0301 already; here: comparable but not
        // the same representation (e.g. int and money), which a hash join cannot match.
        if (!lt.is_error() && !rt.is_error() && !(lt == rt) && comparable(*old_side, *new_side) &&
            !lt.is(TypeKind::Null) && !rt.is(TypeKind::Null)) {
          auto& diag = sink_.report(DiagId::JoinKeyTypeMismatch, p->span, {type_arg(lt), type_arg(rt)});
          note_declared_type(diag, rel, *old_side);
          note_declared_type(diag, rel, *new_side);
        }
        out.keys.push_back({std::move(old_side), std::move(new_side)});
        continue;
      }
    }
    // distance(a, b) <= r  (or <) with a constant radius: a distance join.
    if (p->kind == typed::ExprKind::Binary && (p->op == plan::Op::Le || p->op == plan::Op::Lt) &&
        p->args[0]->kind == typed::ExprKind::Call && p->args[0]->fn == plan::Fn::Distance && !out.distance) {
      auto& call = *p->args[0];
      Reads a = reads(*call.args[0]), c = reads(*call.args[1]);
      bool ok_sides = (only_new(a) && only_old(c)) || (only_new(c) && only_old(a));
      Reads radius = reads(*p->args[1]);
      if (ok_sides && !radius.old_side && !radius.new_side) {
        typed::DistanceCondition dc;
        bool left_is_old = only_old(a);
        dc.left = std::move(left_is_old ? call.args[0] : call.args[1]);
        dc.right = std::move(left_is_old ? call.args[1] : call.args[0]);
        dc.radius_m = std::move(p->args[1]);
        dc.inclusive = p->op == plan::Op::Le;
        out.distance = std::move(dc);
        continue;
      }
    }
    residual.push_back(std::move(p));
  }
  bool had_errors = std::any_of(residual.begin(), residual.end(), [](const typed::ExprPtr& e) {
    std::function<bool(const typed::Expr&)> bad = [&](const typed::Expr& x) {
      if (x.type.is_error()) return true;
      for (const auto& a : x.args)
        if (bad(*a)) return true;
      return false;
    };
    return bad(*e);
  });
  if (out.keys.empty() && !out.distance && !had_errors) {
    sink_.report(DiagId::JoinWithoutKey, step.keyword_span, {b.alias});
  }
  out.condition = join_conjuncts(std::move(residual));
  hide_filter_join(rel, step, out);
}

// After a semi or anti join the joined side only filtered: its fields (and a joined
// relation's columns) are not visible any more (E0404).
void Checker::hide_filter_join(typed::Relation& rel, const ast::Step& step, const typed::Step& out) {
  if (step.join_kind != ast::JoinKind::Semi && step.join_kind != ast::JoinKind::Anti) return;
  if (out.joined < 0) {
    if (out.binding >= 0) rel.bindings[size_t(out.binding)].fields_visible = false;
    return;
  }
  auto& jr = rel.joined[size_t(out.joined)];
  jr.fields_visible = false;
  for (int b = jr.first_binding; b < jr.first_binding + jr.binding_count; ++b) rel.bindings[size_t(b)].fields_visible = false;
  for (int d = jr.first_derived; d < jr.first_derived + jr.derived_count; ++d) rel.derived[size_t(d)].hidden = true;
}

namespace {
bool same_expr(const typed::Expr& a, const typed::Expr& b) {
  if (a.kind != b.kind || a.binding != b.binding || a.field != b.field || a.derived != b.derived ||
      a.param != b.param || a.fn != b.fn || a.op != b.op || a.literal.text != b.literal.text ||
      a.args.size() != b.args.size())
    return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!same_expr(*a.args[i], *b.args[i])) return false;
  return true;
}

// Reports column references in an aggregate's compute expression that are outside any
// aggregate and are not group keys.
void find_ungrouped(const typed::Expr& e, const std::vector<const typed::Expr*>& keys, bool in_agg,
                    std::vector<const typed::Expr*>& out) {
  if (e.kind == typed::ExprKind::Aggregate) in_agg = true;
  if (!in_agg) {
    for (const auto* k : keys)
      if (same_expr(e, *k)) return;
    if (e.kind == typed::ExprKind::Column || e.kind == typed::ExprKind::Derived) {
      out.push_back(&e);
      return;
    }
  }
  for (const auto& a : e.args) find_ungrouped(*a, keys, in_agg, out);
}

std::string default_column_name(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Field || e.kind == ast::ExprKind::Name) return e.text;
  return "";
}
}  // namespace

void Checker::check_group(typed::Relation& rel, int rel_index, const ast::Step& step, typed::Step& out) {
  Scope scope;
  scope.relation = &rel;
  scope.relation_index = rel_index;
  std::vector<typed::Derived> new_cols;
  for (const auto& k : step.group_keys) {
    if (!k.value) continue;
    auto v = check_expr(*k.value, scope);
    std::string name = k.alias ? k.alias->text : default_column_name(*k.value);
    Span at = k.alias ? k.alias->span : k.value->span;
    if (name.empty()) sink_.report(DiagId::OutputColumnNeedsName, k.value->span, {bilingual("group key", "分组键")});
    new_cols.push_back({name, v->type, at});
    out.values.push_back(std::move(v));
  }
  out.group_key_count = out.values.size();
  std::vector<const typed::Expr*> keys;
  for (const auto& v : out.values) keys.push_back(v.get());
  Scope agg_scope = scope;
  agg_scope.allow_aggregates = true;
  for (const auto& dv : step.derivations) {
    if (!dv.value) continue;
    auto v = check_expr(*dv.value, agg_scope);
    std::vector<const typed::Expr*> bad;
    find_ungrouped(*v, keys, false, bad);
    for (const auto* b : bad) {
      std::string shown = b->kind == typed::ExprKind::Column
                              ? rel.bindings[size_t(b->binding)].alias + "." +
                                    (rel.bindings[size_t(b->binding)].source >= 0 &&
                                             model_->sources[size_t(rel.bindings[size_t(b->binding)].source)].schema
                                         ? model_->sources[size_t(rel.bindings[size_t(b->binding)].source)]
                                               .schema->fields[size_t(b->field)]
                                               .name
                                         : std::string("?"))
                              : rel.derived[size_t(b->derived)].name;
      sink_.report(DiagId::NotGrouped, b->span, {shown});
    }
    new_cols.push_back({dv.name.text, v->type, dv.name.span});
    out.values.push_back(std::move(v));
  }
  for (size_t i = 0; i < new_cols.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!new_cols[i].name.empty() && new_cols[i].name == new_cols[j].name) {
        auto& diag = sink_.report(DiagId::DuplicateDefinition, new_cols[i].span, {new_cols[i].name});
        diag.notes.push_back({NoteId::FirstDefinedHere, new_cols[j].span, {new_cols[j].name}});
      }
    }
  }
  // After grouping only the keys and aggregates are visible.
  for (auto& b : rel.bindings) b.fields_visible = false;
  for (auto& j : rel.joined) j.fields_visible = false;
  for (auto& d : rel.derived)
    if (d.via >= 0) d.hidden = true;
  rel.grouped = true;
  for (auto& c : new_cols) {
    out.derived.push_back(int(rel.derived.size()));
    rel.derived.push_back(std::move(c));
  }
}

// ---- outputs --------------------------------------------------------------------------------

// An output becomes a file in --out: its name must be a plain, portable file name that is
// not one Clue writes itself nor another output's with case ignored (runtime/fs/file_names.h).
void Checker::check_output_file_name(const ast::Name& name, std::map<std::string, ast::Name>& seen) {
  const fsafe::NameProblem p = fsafe::check_output_name(name.text);
  if (p.kind == fsafe::NameProblem::NotPlain) {
    sink_.report(DiagId::OutputNameNotPlain, name.span, {name.text, bilingual(p.en, p.zh)});
    return;
  }
  if (p.kind == fsafe::NameProblem::Reserved) {
    sink_.report(DiagId::OutputNameReserved, name.span, {name.text, bilingual(p.en, p.zh)});
    return;
  }
  auto [it, added] = seen.emplace(fsafe::fold_case(name.text), name);
  if (!added && it->second.text != name.text) {
    auto& diag = sink_.report(DiagId::OutputNameReserved, name.span,
                              {name.text, bilingual("output '" + it->second.text + "' has the same file name when case is ignored (as on Windows and macOS)",
                                                    "与输出“" + it->second.text + "”的文件名只有大小写不同（Windows 和 macOS 不区分大小写）")});
    diag.notes.push_back({NoteId::FirstDefinedHere, it->second.span, {it->second.text}});
  }
}

void Checker::check_outputs() {
  size_t count = 0;
  std::map<std::string, ast::Name> output_files;  // folded name -> the first output with it
  for (const auto& decl : modules_[0].ast.decls) {
    const auto* d = std::get_if<ast::OutputDecl>(&decl);
    if (!d) continue;
    ++count;
    typed::Output o;
    o.name = d->name.text;
    o.span = d->name.span;
    check_output_file_name(d->name, output_files);
    o.distinct = d->distinct;
    const ast::Name& rel_name = d->from && !d->from->parts.empty() ? d->from->parts.back() : d->name;
    const Symbol* sym = lookup_global(rel_name.text, 0);
    if (!sym && poisoned(rel_name.text)) {
      model_->outputs.push_back(std::move(o));
      continue;
    }
    if (!sym || sym->kind != Symbol::Relation) {
      if (sym && sym->kind != Symbol::Relation) {
        report_wrong_kind(rel_name.text, rel_name.span, *sym, "relation (define one: name = source ...)",
                          "关系（请先定义：名称 = 数据源 ...）");
      } else {
        auto& diag = sink_.report(DiagId::UnknownName, rel_name.span, {rel_name.text});
        std::vector<std::string> names;
        for (const auto& [n, sy] : scopes_[0])
          if (sy.kind == Symbol::Relation) names.push_back(n);
        if (auto s = closest_match(rel_name.text, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*s}});
      }
      model_->outputs.push_back(std::move(o));
      continue;
    }
    mark_used(*sym, rel_name.span);
    usage_.relations[index_of(*sym)]++;
    if (broken_relations_.count(rel_name.text)) {
      model_->outputs.push_back(std::move(o));
      continue;
    }
    o.relation = index_of(*sym);
    typed::Relation& rel = model_->relations[size_t(index_of(*sym))];
    Scope scope;
    scope.relation = &rel;
    scope.relation_index = index_of(*sym);
    for (const auto& c : d->columns) {
      if (!c.value) continue;
      typed::OutputColumn oc;
      oc.value = check_expr(*c.value, scope);
      oc.name = c.alias ? c.alias->text : default_column_name(*c.value);
      oc.span = c.alias ? c.alias->span : c.value->span;
      if (oc.name.empty()) {
        sink_.report(DiagId::OutputColumnNeedsName, c.value->span, {bilingual("output column", "输出列")});
      } else {
        for (const auto& prev : o.columns) {
          if (prev.name == oc.name) {
            auto& diag = sink_.report(DiagId::DuplicateOutputColumn, oc.span, {oc.name});
            diag.notes.push_back({NoteId::FirstDefinedHere, prev.span, {prev.name}});
            break;
          }
        }
      }
      o.columns.push_back(std::move(oc));
    }
    for (const auto& k : d->order) {
      if (!k.value) continue;
      // A bare name may denote an output column ("order by 终本案号").
      if (k.value->kind == ast::ExprKind::Name) {
        auto it = std::find_if(o.columns.begin(), o.columns.end(),
                               [&](const typed::OutputColumn& c) { return c.name == k.value->text; });
        if (it != o.columns.end()) {
          o.order.push_back({clone(*it->value), k.descending});
          continue;
        }
        bool visible = false;
        for (const auto& dv : rel.derived) visible |= dv.name == k.value->text;
        if (!visible) {
          auto& diag = sink_.report(DiagId::UnknownOrderColumn, k.value->span, {k.value->text});
          std::vector<std::string> names;
          for (const auto& c : o.columns) names.push_back(c.name);
          if (auto s = closest_match(k.value->text, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*s}});
          continue;
        }
      }
      o.order.push_back({check_expr(*k.value, scope), k.descending});
    }
    model_->outputs.push_back(std::move(o));
  }
  bool has_model = std::any_of(modules_[0].ast.decls.begin(), modules_[0].ast.decls.end(),
                               [](const ast::Decl& d) { return std::holds_alternative<ast::ModelDecl>(d); });
  // A schema library that a model block names and versions so that it can be packed and
  // imported as "NAME@RANGE" (docs/sharing.md) has schemas and nothing that reads data: it is
  // not a model that forgot its output. (`clue run` still refuses it: nothing to write.)
  const bool schema_library =
      std::any_of(modules_[0].ast.decls.begin(), modules_[0].ast.decls.end(),
                  [](const ast::Decl& d) { return std::holds_alternative<ast::SchemaDecl>(d); }) &&
      std::none_of(modules_[0].ast.decls.begin(), modules_[0].ast.decls.end(), [](const ast::Decl& d) {
        return std::holds_alternative<ast::SourceDecl>(d) || std::holds_alternative<ast::TableDecl>(d) ||
               std::holds_alternative<ast::RelationDecl>(d) || std::holds_alternative<ast::OutputDecl>(d);
      });
  if (count == 0 && has_model && !schema_library && !modules_[0].ast.has_syntax_errors)
    sink_.report(DiagId::NoOutputs, model_->meta.span);
}

int typed::Schema::field_index(const std::string& n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n) return int(i);
  return -1;
}

}  // namespace clue
