#include "compiler/driver/cli_common.h"

#include "runtime/fs/regular_file.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
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
  // Regular files only: a folder, /dev/zero or a FIFO is refused, never read without end.
  fsafe::PathKind kind = fsafe::PathKind::Missing;
  std::string error;
  return fsafe::read_regular(path, out, &kind, &error);
}

int model_unreadable(const Common& c, std::ostream& out, const std::string& path) {
  const fsafe::PathKind kind = fsafe::path_kind(path);
  if (kind != fsafe::PathKind::Regular && kind != fsafe::PathKind::Missing)
    return usage_error(c, out, DiagId::ModelNotARegularFile,
                       {path, bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
  return usage_error(c, out, DiagId::ModelFileUnreadable, {path});
}

int model_unreadable(const Common& c, const std::string& path) { return model_unreadable(c, std::cout, path); }

std::vector<std::string> model_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".model") files.push_back(entry.path().string());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary) {
  return finish(sink, sm, c, print_summary, std::cout);
}

int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary,
           std::ostream& out) {
  Lang lang = resolve_lang(c.lang);
  DiagFormat f = DiagFormat::Text;
  parse_format(c.format, f);
  out << render(f, sink.all(), sm, lang);
  size_t errors = sink.error_count(), warnings = sink.warning_count();
  if (print_summary && f == DiagFormat::Text && (errors || warnings))
    out << summary_line(errors, warnings, lang) << "\n";
  if (sink.usage_error_count()) return kExitUsage;
  bool deny_warnings = c.deny == "warnings";
  if (errors || (deny_warnings && warnings)) return kExitUserErrors;
  return kExitOk;
}

int usage_error(const Common& c, DiagId id, std::vector<std::string> args, std::vector<Note> notes) {
  return usage_error(c, std::cout, id, std::move(args), std::move(notes));
}

int usage_error(const Common& c, std::ostream& out, DiagId id, std::vector<std::string> args,
                std::vector<Note> notes) {
  if (!diag_info(id).usage) internal_error(std::string(diag_info(id).code) + " is not a usage error");
  SourceManager sm;
  DiagnosticSink sink;
  sink.report(id, Span{}, std::move(args)).notes = std::move(notes);
  finish(sink, sm, c, false, out);
  return kExitUsage;
}

uint64_t parse_size(const std::string& s) {
  if (s.empty()) return 0;
  size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(s, &pos);
  } catch (...) {
    return 0;
  }
  std::string unit = s.substr(pos);
  double f = unit.empty() || unit == "B" ? 1 : (unit == "K" || unit == "KB") ? 1024.0
             : (unit == "M" || unit == "MB") ? 1048576.0 : (unit == "G" || unit == "GB") ? 1073741824.0 : 0;
  return v > 0 && f > 0 ? uint64_t(v * f) : 0;
}

}  // namespace clue::cli
