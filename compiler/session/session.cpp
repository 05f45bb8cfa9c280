#include "compiler/session/session.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "runtime/io/files.h"

namespace clue::session {

CompileStatus compile_text(const std::string& path, std::string text, const planner::PlanOptions& options,
                           Compiled& out) {
  auto t0 = std::chrono::steady_clock::now();
  out.model_sha = io::sha256_text(text);
  out.fe = run_front_end_text(out.sm, path, std::move(text), out.sink);
  if (!out.ok()) return CompileStatus::Errors;
  out.plans = planner::plan_model(*out.fe.model, options);
  out.compile_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return CompileStatus::Ok;
}

CompileStatus compile(const std::string& path, const planner::PlanOptions& options, Compiled& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CompileStatus::Unreadable;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return CompileStatus::Unreadable;
  return compile_text(path, text.str(), options, out);
}

}  // namespace clue::session
