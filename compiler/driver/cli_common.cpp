#include "compiler/driver/cli_common.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace clue::cli {

Lang resolve_lang(const std::string& flag) {
  if (flag == "zh") return Lang::Zh;
  if (flag == "en") return Lang::En;
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::string(v).rfind("zh", 0) == 0 ? Lang::Zh : Lang::En;
  }
  return Lang::En;
}

bool parse_format(const std::string& s, DiagFormat& out) {
  if (s == "text") out = DiagFormat::Text;
  else if (s == "json") out = DiagFormat::Json;
  else if (s == "sarif") out = DiagFormat::Sarif;
  else return false;
  return true;
}

bool read_text_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary) {
  Lang lang = resolve_lang(c.lang);
  DiagFormat f = DiagFormat::Text;
  parse_format(c.format, f);
  std::cout << render(f, sink.all(), sm, lang);
  size_t errors = sink.error_count(), warnings = sink.warning_count();
  if (print_summary && f == DiagFormat::Text && (errors || warnings))
    std::cout << summary_line(errors, warnings, lang) << "\n";
  bool deny_warnings = c.deny == "warnings";
  if (errors || (deny_warnings && warnings)) return kExitUserErrors;
  return kExitOk;
}

}  // namespace clue::cli
