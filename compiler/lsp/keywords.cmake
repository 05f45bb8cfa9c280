# Writes keywords.inc from grammar/ClueLexer.g4: one CLUE_KEYWORD(TOKEN, "spelling") per
# keyword spelling, English and Chinese, so the editor's completion and semantic tokens use
# exactly the lexer's keywords (a keyword added to the grammar is offered without more code).
# Run at build time: cmake -DLEXER=... -DOUT=... -P keywords.cmake
file(STRINGS "${LEXER}" lines ENCODING UTF-8)
set(out "// Generated from grammar/ClueLexer.g4 by compiler/lsp/keywords.cmake: do not edit.\n")
foreach(line IN LISTS lines)
  # One rule on its own line whose alternatives are all literals: `WHERE : 'where' | '筛选' ;`
  if(line MATCHES "^([A-Z_]+) *: *('[^']+'( *\\| *'[^']+')*) *; *$")
    set(token "${CMAKE_MATCH_1}")
    string(REGEX MATCHALL "'[^']+'" spellings "${CMAKE_MATCH_2}")
    foreach(s IN LISTS spellings)
      string(REGEX REPLACE "^'(.*)'$" "\\1" word "${s}")
      # Words only: punctuation rules share lines and never match, but be sure.
      if(word MATCHES "^[a-z_]+$" OR NOT word MATCHES "^[ -~]+$")
        string(APPEND out "CLUE_KEYWORD(${token}, \"${word}\")\n")
      endif()
    endforeach()
  endif()
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
