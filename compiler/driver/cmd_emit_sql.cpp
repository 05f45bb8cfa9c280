// `clue emit-sql --dialect D MODEL [--param …]` and `clue explain --emit=sql`: the SQL of every
// output of the model's logical plan (compiler/sql/emit.h), for a warehouse to run.
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/session/fingerprint.h"
#include "compiler/session/inputs.h"
#include "compiler/session/session.h"
#include "compiler/sql/emit.h"

namespace clue::cli {

int print_sql(const std::string& path, const std::string& dialect_name, const std::vector<std::string>& params,
              const std::vector<std::string>& disabled_passes, const Common& c, const char* command) {
  Common diag_c = c;
  diag_c.format = c.format.empty() ? "text" : c.format;
  if (path.empty()) return usage_error(diag_c, std::cerr, DiagId::SqlNoModel, {command});
  auto dialect = sql::parse_dialect(dialect_name);
  if (!dialect) return usage_error(diag_c, std::cerr, DiagId::SqlUnknownDialect, {dialect_name});
  session::Compiled cm;
  auto status = session::compile(path, plan_options(disabled_passes), cm);
  if (status == session::CompileStatus::Unreadable || status == session::CompileStatus::NotAFile)
    return model_unreadable(diag_c, std::cerr, path);
  if (status == session::CompileStatus::Ok) {
    exec::ParamValues values;
    std::vector<std::pair<std::string, std::string>> shown;
    if (session::resolve_params(*cm.fe.model, params, values, shown, cm.sink)) {
      auto statements = sql::emit_sql(cm.plans.logical, values, *dialect, cm.sink);
      if (!cm.sink.has_errors()) {
        sql::ModelInfo info;
        const auto& meta = cm.fe.model->meta;
        info.name = meta.id;
        if (auto v = meta.entries.find("version"); v != meta.entries.end() && !v->second.empty())
          info.version = v->second.front();
        info.fingerprint = session::fingerprint(cm.model_sha, cm.imports, "");
        std::cout << sql::render_script(info, *dialect, statements);
      }
    }
  }
  if (cm.sink.all().empty()) return kExitOk;
  cm.sink.sort_by_location();
  return finish(cm.sink, cm.sm, diag_c, false, std::cerr);
}

int cmd_emit_sql(const EmitSqlArgs& a, const Common& c) {
  return print_sql(a.path, a.dialect, a.params, a.disabled_passes, c, "clue emit-sql");
}

}  // namespace clue::cli
