// The first steps that `clue ingest` and `clue run --on` share: compile the model and read the
// server's URL, each failure reported the same way in both commands.
#pragma once

#include <optional>
#include <string>

#include "compiler/driver/commands.h"
#include "compiler/remote/client.h"
#include "compiler/session/session.h"

namespace clue::cli {

// Returns the exit code when the model does not compile or the URL is not one (the diagnostics
// are printed), else nothing, with `cm` and `url` filled in.
std::optional<int> compile_for_server(const std::string& model, const planner::PlanOptions& options,
                                      const std::string& url_text, const Common& c, session::Compiled& cm,
                                      remote::ServerUrl& url);

}  // namespace clue::cli
