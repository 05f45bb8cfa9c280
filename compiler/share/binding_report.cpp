#include "compiler/share/binding_report.h"

namespace clue::share {

std::string render_bindings(const FileBindings& b, Lang lang) {
  std::string out = ui_text(TextId::BindingHeading, lang, {b.source, b.schema, b.path}) + "\n";
  for (const auto& f : b.fields) {
    std::string header;
    for (const auto& h : f.headers) header += (header.empty() ? "" : " / ") + h;
    if (header.empty()) header = "-";
    std::string how = ui_text(f.kind == BindKind::Exact        ? TextId::BindExact
                              : f.kind == BindKind::Normalised ? TextId::BindNormalised
                              : f.kind == BindKind::Mapped     ? TextId::BindMapped
                                                               : TextId::BindMissing,
                              lang);
    if (f.mapping && !f.mapping->values.empty())
      how += "; " + ui_text(TextId::BindValues, lang, {std::to_string(f.mapping->values.size())});
    if (f.mapping && !f.mapping->date_order.empty())
      how += "; " + ui_text(TextId::BindDateOrder, lang, {f.mapping->date_order});
    out += ui_text(TextId::BindingLine, lang, {f.field, header, how}) + "\n";
  }
  return out;
}

}  // namespace clue::share
