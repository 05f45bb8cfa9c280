// The editor features, one file each (compiler/lsp/*.cpp), over a checked document
// (Analysis). Each takes the document's place in LSP's terms and returns LSP's JSON result.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/transport.h"

namespace clue::lsp {

struct Context {
  Lang lang = Lang::En;               // the client's locale (initialize's `locale`), or --lang
  Encoding enc = Encoding::Utf16;     // agreed at initialize
  // Open documents: canonical path -> the URI the client uses for it (answers name them so).
  const std::map<std::string, std::string>* open_uris = nullptr;
  const SourceOverlay* overlay = nullptr;  // their text, by canonical path
};
// The URI of a file of the check: the client's own when it is open.
std::string uri_for(const Analysis& a, const Context& ctx, FileId file);

// A place in the document as the compiler counts it (1-based line, 1-based character column).
struct Place {
  FileId file = kNoFile;
  uint32_t line = 1;
  uint32_t col = 1;
};
Place place_of(const Analysis& a, const json& position, const Context& ctx);

// A request the server cannot carry out: a registered E07xx code, sent as the response's error.
struct RequestError {
  DiagId id;
  std::vector<std::string> args;
};

// diagnostics.cpp: what `clue lint` reports on the document, as LSP diagnostics (the code,
// severity, message in ctx.lang, notes with places as related information, the fix hint;
// `data` carries what code actions need: the "did you mean" word, the code).
json diagnostics(const Analysis& a, const Context& ctx, const std::string& uri);

// hover.cpp
json hover(const Analysis& a, const Context& ctx, const json& position);

// completion.cpp: `text` is the document's current text (it may not have been checked yet:
// a caret after `zb.` is typed, then completion is asked at once); `last_good` the last
// check of the document whose model had sources (its aliases stay usable while the current
// text does not parse).
json completion(const Analysis& a, const Analysis* last_good, const Context& ctx, const std::string& text,
                const json& position);

// navigation.cpp: definition, references (over every open document's check), rename.
json definition(const Analysis& a, const Context& ctx, const json& position);
json references(const Analysis& a, const std::vector<const Analysis*>& open, const Context& ctx,
                const json& position, bool include_declaration);
// The range and current name of what can be renamed at `position` (prepareRename).
json prepare_rename(const Analysis& a, const Context& ctx, const json& position, RequestError& error);
json rename(const Analysis& a, const std::vector<const Analysis*>& open, const Context& ctx, const json& position,
            const std::string& new_name, RequestError& error);

// outline.cpp
json document_symbols(const Analysis& a, const Context& ctx);
json folding_ranges(const Analysis& a);

// code_actions.cpp: "did you mean" fixes, the missing import, `# lint:allow(CODE) 理由`.
json code_actions(const Analysis& a, const Context& ctx, const std::string& uri, const json& range);

// semantic_tokens.cpp
json semantic_tokens_legend();
json semantic_tokens(const Analysis& a, const Context& ctx);

// formatting.cpp: the one place `clue fmt` is wired in when it exists (E0704 until then).
json format_document(const Analysis& a, const Context& ctx, RequestError& error);

// Whether the document is written with Chinese keywords (completion offers those, code
// actions write `导入`): judged by the keywords that start its declarations.
bool uses_chinese_keywords(const std::string& text);

}  // namespace clue::lsp
