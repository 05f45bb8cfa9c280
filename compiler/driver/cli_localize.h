// `clue --help`, every subcommand's help and CLI11's parse errors in the user's language
// (--lang, else LANG), like every other message of Clue. The texts are codes.def's CLUE_TEXT
// rows Help* and Cli*; CLI11's parse errors are the usage codes U0350-U0354.
#pragma once
#include <CLI/CLI.hpp>

#include "compiler/diag/diagnostic.h"

namespace clue::cli {

// --lang zh / --lang=zh anywhere in the arguments, else LANG (resolve_lang): read before
// CLI11 parses them, since it prints the help and its errors while parsing.
Lang lang_of_arguments(int argc, char** argv);
// CLI11's labels (Usage, OPTIONS, REQUIRED ...), the help flag's text, the option and
// subcommand groups' titles in `lang`. Call before adding subcommands
// and options: they inherit these settings.
void localize_cli(CLI::App& app, Lang lang);
// After the subcommands are added: their help flags (made before the option defaults reach
// them) under the same group title as their other options.
// Also puts every subcommand (at any depth) in the localized "Subcommands" group.
void localize_subcommands(CLI::App& app, Lang lang);
// A parse error other than --help/--version: its U035x code in `lang`, on stderr, naming the
// help of the subcommand being read. Returns the exit code (2).
int report_cli_error(const CLI::App& app, const CLI::ParseError& e, Lang lang);

}  // namespace clue::cli
