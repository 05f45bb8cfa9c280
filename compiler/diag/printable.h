// Text from a model or a data file, made safe to print on a terminal. A value may hold ESC
// (a terminal escape sequence can rewrite the screen or the window title), other control
// characters, or the invisible bidirectional controls that reorder a line ("Trojan Source");
// and it may be megabytes long (a 10^6-digit number). Diagnostics print such text only
// through these functions.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace clue {

// True for the characters never printed raw: C0 controls but tab and newline, DEL, the C1
// controls, and the bidirectional controls U+202A-U+202E and U+2066-U+2069.
bool is_unprintable(char32_t cp);

// `s` with each unprintable character written as \u{1B} (visible, and unambiguous), and cut
// after `max_chars` characters with "…" and the full length in bytes.
std::string printable(std::string_view s, size_t max_chars = 200);

// `s` with each unprintable character replaced by U+FFFD, one character for one: a source line
// in a snippet keeps its columns, so the carets under it stay in place.
std::string printable_same_width(std::string_view s);

}  // namespace clue
