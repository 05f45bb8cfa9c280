// What the highlighting is made from: the compiler's own lists (see build-grammar.mjs), and
// which TextMate scope each keyword token gets (test-grammar.mjs checks the lexer agrees).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../../..");
const read = (p) => readFileSync(resolve(root, p), "utf8");

// `WHERE : 'where' | '筛选' ;` -> WHERE: [where, 筛选] (the same rule as compiler/lsp/keywords.cmake)
export const keywords = {};
for (const line of read("grammar/ClueLexer.g4").split("\n")) {
  const m = /^([A-Z_]+) *: *('[^']+'(?: *\| *'[^']+')*) *; *$/.exec(line);
  if (!m) continue;
  const words = [...m[2].matchAll(/'([^']+)'/g)].map((x) => x[1]).filter((w) => /^[a-z_]+$/.test(w) || /[^\x00-\x7f]/.test(w));
  if (words.length) keywords[m[1]] = words;
}
export const types = [...read("compiler/sema/types.cpp").matchAll(/\{TypeKind::\w+, "(\w+)", "([^"]+)"\}/g)].flatMap((m) => [m[1], m[2]]);
export const builtins = [...read("runtime/plan/builtins.def").matchAll(/^CLUE_BUILTIN\(\w+, "(\w+)", "([^"]+)"/gm)].flatMap((m) => [m[1], m[2]]);
if (Object.keys(keywords).length < 40 || types.length < 20 || builtins.length < 20)
  throw new Error("could not read the keywords, types or builtins: did their files change shape?");

export const groups = {
  "keyword.declaration": ["MODEL", "IMPORT", "SCHEMA", "PARAM", "CONST", "FUNC", "SOURCE", "TABLE", "ROWS", "LET", "OUTPUT"],
  "keyword.operator.word": ["AND", "OR", "NOT", "IN", "BETWEEN", "IS", "IS_NULL_ZH", "NOT_NULL_ZH"],
  "constant.language": ["NULL_LIT", "TRUE_LIT", "FALSE_LIT"],
};
const grouped = new Set(Object.values(groups).flat());
groups["keyword.control"] = Object.keys(keywords).filter((k) => !grouped.has(k));


// The scope of a keyword token (WHERE -> keyword.control.clue-model).
export function keywordScope(token) {
  for (const [s, tokens] of Object.entries(groups)) if (tokens.includes(token)) return `${s}.clue-model`;
  return null;
}
