#include "compiler/driver/server_command.h"

#include "compiler/driver/cli_common.h"

namespace clue::cli {

std::optional<int> compile_for_server(const std::string& model, const planner::PlanOptions& options,
                                      const std::string& url_text, const Common& c, session::Compiled& cm,
                                      remote::ServerUrl& url) {
  const auto status = session::compile(model, options, cm);
  if (status == session::CompileStatus::Unreadable || status == session::CompileStatus::NotAFile)
    return model_unreadable(c, model);
  if (status != session::CompileStatus::Ok) return finish(cm.sink, cm.sm, c, true);
  try {
    url = remote::parse_server_url(url_text);
  } catch (const remote::RemoteError& e) {
    return usage_error(c, e.id, e.args);
  }
  return std::nullopt;
}

}  // namespace clue::cli
