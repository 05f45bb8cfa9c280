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
  fmt->label("UINT", T(TextId::CliUint));
}

int report_cli_error(const CLI::App& app, const CLI::ParseError& e, Lang lang) {
  // By exit code: CLI11 sets the name of some errors to the subcommand's (ExtrasError).
  using Codes = CLI::ExitCodes;
  const int code = e.get_exit_code();
  // An option another requires is missing (RequiresError) like a required one; anything else
  // (ExcludesError: options that exclude each other) is something not expected there.
  const DiagId id = code == int(Codes::RequiredError) || code == int(Codes::RequiresError) ? DiagId::CliMissingRequired
                    : code == int(Codes::ValidationError)  ? DiagId::CliValueNotAllowed
                    : code == int(Codes::ConversionError)  ? DiagId::CliValueWrongKind
                    : code == int(Codes::ArgumentMismatch) ? DiagId::CliWrongNumberOfValues
                                                           : DiagId::CliUnexpectedArguments;
  // The help to read: that of the deepest subcommand named on the command line.
  std::string help = "clue";
  for (const CLI::App* at = &app;;) {
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : at->get_subcommands())
      if (sub->parsed()) next = sub;
    if (!next) break;
    help += " " + next->get_name();
    at = next;
  }
  Common c;
  c.lang = lang == Lang::Zh ? "zh" : "en";
  return usage_error(c, std::cerr, id, {e.what(), help + " --help"});
}

void localize_subcommands(CLI::App& app, Lang lang) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->group(ui_text(TextId::CliSubcommandsGroup, lang));
    if (CLI::Option* help = sub->get_help_ptr()) help->group(ui_text(TextId::CliOptionsGroup, lang));
    localize_subcommands(*sub, lang);  // library list, map suggest ...
  }
}

}  // namespace clue::cli
