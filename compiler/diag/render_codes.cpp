// `clue lint --list-rules`: the whole registry (runtime/diag/codes.def) for people and tools.
#include <algorithm>

#include "compiler/diag/render.h"

namespace clue {
namespace {

constexpr diag::Severity kSeverities[] = {diag::Severity::Error,     diag::Severity::Warning,
                                          diag::Severity::FileError, diag::Severity::RowReject,
                                          diag::Severity::ValueReject, diag::Severity::DataWarning};

// One line a code: code, severity, identifier, message template; a code with a fix hint gets a
// second, indented line. The severity column is as wide as the widest severity word.
std::string code_list_text(Lang lang) {
  const diag::Lang rl = registry_lang(lang);
  size_t width = 0;
  for (diag::Severity s : kSeverities) width = std::max(width, display_width(diag::severity_text(s, rl)));
  std::string out;
  for (const diag::CodeInfo& info : diag::all()) {
    const char* sev = diag::severity_text(info.severity, rl);
    out += std::string(info.code) + "  " + sev + std::string(width - display_width(sev), ' ') + "  " + info.id + "  " +
           info.text(rl) + "\n";
    if (info.has_hint()) out += std::string("       ") + (lang == Lang::Zh ? "提示：" : "hint: ") + info.hint(rl) + "\n";
  }
  return out;
}

// {"version":1,"codes":[{"code","name","family","severity","message","hint"},...]}: the texts in
// the chosen language, "hint" null where there is none.
std::string code_list_json(Lang lang) {
  const diag::Lang rl = registry_lang(lang);
  std::string items;
  for (const diag::CodeInfo& info : diag::all()) {
    if (!items.empty()) items += ",\n";
    items += "{\"code\":\"" + std::string(info.code) + "\",\"name\":\"" + info.id + "\",\"family\":\"" +
             diag::family_name(info.family) + "\",\"severity\":\"" + diag::severity_name(info.severity) +
             "\",\"message\":\"" + json_escape(info.text(rl)) + "\",\"hint\":" +
             (info.has_hint() ? "\"" + json_escape(info.hint(rl)) + "\"" : std::string("null")) + "}";
  }
  return "{\"version\":1,\"codes\":[\n" + items + "]}\n";
}
}  // namespace

std::string render_code_list(DiagFormat f, Lang lang) {
  switch (f) {
    case DiagFormat::Json: return code_list_json(lang);
    case DiagFormat::Sarif: return render_sarif({}, SourceManager{}, lang);  // the rules, no results
    default: return code_list_text(lang);
  }
}

}  // namespace clue
