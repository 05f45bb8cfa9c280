#include "compiler/driver/cli_localize.h"

#include <memory>
#include <string>

#include "compiler/driver/cli_common.h"

namespace clue::cli {

Lang lang_of_arguments(int argc, char** argv) {
  std::string flag;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--lang" && i + 1 < argc) flag = argv[i + 1];
    else if (a.rfind("--lang=", 0) == 0) flag = a.substr(7);
  }
  return resolve_lang(flag == "zh" || flag == "en" ? flag : std::string());
}

void localize_cli(CLI::App& app, Lang lang) {
  auto T = [lang](TextId id) { return ui_text(id, lang); };
  auto fmt = std::make_shared<CLI::Formatter>();
  fmt->label("Usage", T(TextId::CliUsage));
  fmt->label("OPTIONS", T(TextId::CliOptions));
  fmt->label("Positionals", T(TextId::CliPositionals));
  fmt->label("SUBCOMMAND", T(TextId::CliSubcommand));
  fmt->label("REQUIRED", T(TextId::CliRequired));
  fmt->label("TEXT", T(TextId::CliText));
  fmt->label("INT", T(TextId::CliInt));
  app.formatter(fmt);
  // The usage line says `clue`, not the path the binary was started by.
  app.name("clue");
  app.set_help_flag("-h,--help", T(TextId::HelpHelp));
  app.get_help_ptr()->group(T(TextId::CliOptionsGroup));
  app.option_defaults()->group(T(TextId::CliOptionsGroup));
  if (lang == Lang::En) return;  // CLI11's own error texts are English
  app.failure_message([lang](const CLI::App*, const CLI::Error& e) {
    const std::string kind = e.get_name();
    TextId id = kind == "RequiredError"      ? TextId::CliErrorRequired
                : kind == "ExtrasError"      ? TextId::CliErrorExtras
                : kind == "ValidationError"  ? TextId::CliErrorValidation
                : kind == "ConversionError"  ? TextId::CliErrorConversion
                : kind == "ArgumentMismatch" ? TextId::CliErrorArgumentMismatch
                                             : TextId::CliErrorOther;
    // The detail is CLI11's (English): it names the option and the value as given.
    return ui_text(id, lang) + "：" + e.what() + "\n" + ui_text(TextId::CliRunHelp, lang, {"--help"}) + "\n";
  });
}

void localize_subcommands(CLI::App& app, Lang lang) {
  for (CLI::App* sub : app.get_subcommands({}))
    if (CLI::Option* help = sub->get_help_ptr()) help->group(ui_text(TextId::CliOptionsGroup, lang));
}

}  // namespace clue::cli
