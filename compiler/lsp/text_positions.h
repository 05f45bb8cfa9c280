// Places in a document as the compiler counts them (1-based lines, columns in Unicode
// characters: compiler/source) and as LSP counts them (0-based lines, columns in UTF-16 code
// units unless the client agreed to UTF-32). A Chinese character outside the Basic
// Multilingual Plane (𠮷) is one character but two UTF-16 units: converting per line keeps
// carets and edits on the right glyph.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace clue::lsp {

enum class Encoding { Utf16, Utf32 };

// The LSP column of the `chars`-th character (0-based) of `line`.
uint32_t lsp_column(std::string_view line, uint32_t chars, Encoding enc);
// The 0-based character index of LSP column `col` in `line` (clamped to the line's end).
uint32_t char_column(std::string_view line, uint32_t col, Encoding enc);
// The byte offset in `text` of LSP position (line, col); clamped to the text's end.
size_t byte_offset(const std::string& text, uint32_t line, uint32_t col, Encoding enc);
// The `line`-th line (0-based) of `text`, without its terminator.
std::string_view line_of(const std::string& text, uint32_t line);

}  // namespace clue::lsp
