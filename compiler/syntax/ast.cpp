#include "compiler/syntax/ast.h"

namespace clue::ast {

std::string QualifiedName::joined() const {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += '.';
    s += parts[i].text;
  }
  return s;
}

const char* decl_kind_name(const Decl& d) {
  struct V {
    const char* operator()(const ModelDecl&) const { return "model"; }
    const char* operator()(const ImportDecl&) const { return "import"; }
    const char* operator()(const SchemaDecl&) const { return "schema"; }
    const char* operator()(const ParamDecl&) const { return "param"; }
    const char* operator()(const ConstDecl&) const { return "const"; }
    const char* operator()(const FuncDecl&) const { return "func"; }
    const char* operator()(const SourceDecl&) const { return "source"; }
    const char* operator()(const RelationDecl&) const { return "relation"; }
    const char* operator()(const OutputDecl&) const { return "output"; }
    const char* operator()(const TableDecl&) const { return "table"; }
  };
  return std::visit(V{}, d);
}

const Name& decl_name(const Decl& d) {
  static const Name kEmpty;
  return std::visit(
      [](const auto& x) -> const Name& {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, ImportDecl>) return kEmpty;
        else return x.name;
      },
      d);
}

}  // namespace clue::ast
