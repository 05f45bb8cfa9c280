// Writes syntaxes/clue-model.tmLanguage.json, the TextMate grammar of .model files, from the
// compiler's own lists: the keywords (English and Chinese) from grammar/ClueLexer.g4, the
// type names from compiler/sema/types.cpp, the builtins from runtime/plan/builtins.def
// (scripts/grammar-source.mjs reads them). A keyword, type or builtin added there is
// highlighted without touching this file.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { here, keywords, types, builtins, groups } from "./grammar-source.mjs";

// Longest first, so 不存在关联 wins over 关联 and 不为空 over 为空.
const alt = (words) => [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b))
  .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
// Names are letters of any script: a keyword inside a longer name (计算年龄) is not a keyword.
const B = "(?<![\\p{L}\\p{N}_·])", E = "(?![\\p{L}\\p{N}_·])";
const NAME = "[\\p{L}_][\\p{L}\\p{N}_·]*";
const kw = (tokens) => alt(tokens.flatMap((t) => keywords[t] || []));

const scope = (s) => `${s}.clue-model`;
const grammar = {
  $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
  name: "Clue model",
  scopeName: "source.clue-model",
  fileTypes: ["model"],
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    { include: "#declarations" },
    { include: "#literals" },
    { include: "#keywords" },
    { include: "#types" },
    { include: "#calls" },
    { include: "#members" },
    { include: "#operators" },
  ],
  repository: {
    comments: {
      patterns: [
        { match: "(#|//)\\s*(lint:allow)\\(([^)]*)\\)(.*)$", name: scope("comment.line"),
          captures: { 2: { name: scope("keyword.other.suppression") }, 3: { name: scope("constant.other.code") } } },
        { match: "(#|//).*$", name: scope("comment.line") },
        { begin: "/\\*", end: "\\*/", name: scope("comment.block") },
      ],
    },
    strings: {
      patterns: [
        { begin: "\"", end: "\"|$", name: scope("string.quoted.double"),
          patterns: [{ match: "\\\\.", name: scope("constant.character.escape") }] },
        { begin: "\u201C", end: "\u201D|$", name: scope("string.quoted.other") },
        { match: "`[^`\\r\\n]+`", name: scope("variable.other.quoted") },
      ],
    },
    declarations: {
      patterns: [
        { match: `${B}(${kw(["SCHEMA"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("entity.name.type.schema") } } },
        { match: `${B}(${kw(["PARAM"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("variable.parameter") } } },
        { match: `${B}(${kw(["CONST"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("variable.other.constant") } } },
        { match: `${B}(${kw(["FUNC"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("entity.name.function") } } },
        { match: `${B}(${kw(["SOURCE", "TABLE"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("variable.other.source") } } },
        { match: `${B}(${kw(["OUTPUT", "MODEL"])})\\s+(${NAME})`,
          captures: { 1: { name: scope("keyword.declaration") }, 2: { name: scope("entity.name.section") } } },
        // a relation: `leads = zb` at the start of a line
        { match: `^\\s*(${NAME})\\s*(=)(?!=)`,
          captures: { 1: { name: scope("entity.name.type.relation") }, 2: { name: scope("keyword.operator.assignment") } } },
      ],
    },
    literals: {
      patterns: [
        { match: `${B}\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?${E}`, name: scope("constant.numeric.datetime") },
        { match: `${B}\\d{4}-\\d{2}-\\d{2}${E}`, name: scope("constant.numeric.date") },
        { match: `${B}\\d{4}-\\d{2}${E}`, name: scope("constant.numeric.month") },
        { match: `${B}\\d+(\\.\\d+)?(m|km)?${E}`, name: scope("constant.numeric") },
      ],
    },
    keywords: {
      patterns: Object.entries(groups).map(([s, tokens]) => ({ match: `${B}(${kw(tokens)})${E}`, name: scope(s) })),
    },
    types: {
      patterns: [
        { match: `([:：])\\s*(${alt(types)})${E}`,
          captures: { 1: { name: scope("punctuation.separator.type") }, 2: { name: scope("support.type") } } },
        { match: `${B}(${alt(types)})(?=\\s*<)`, name: scope("support.type") },
        { match: `(?<=<)\\s*(${alt(types)})${E}`, captures: { 1: { name: scope("support.type") } } },
      ],
    },
    calls: {
      patterns: [
        { match: `${B}(${alt(builtins)})(?=\\s*\\()`, name: scope("support.function.builtin") },
        { match: `${B}(${NAME})(?=\\s*\\()`, name: scope("entity.name.function.call") },
      ],
    },
    members: {
      patterns: [
        { match: `${B}(${NAME})(\\.)(${NAME})`,
          captures: { 1: { name: scope("variable.other.object") }, 2: { name: scope("punctuation.accessor") },
                      3: { name: scope("variable.other.property") } } },
      ],
    },
    operators: {
      patterns: [
        { match: "==|!=|<>|<=|>=|<|>", name: scope("keyword.operator.comparison") },
        { match: "[+\\-*/%]", name: scope("keyword.operator.arithmetic") },
        { match: "=", name: scope("keyword.operator.assignment") },
        { match: "[,，]", name: scope("punctuation.separator") },
        { match: "[?？]", name: scope("keyword.operator.optional") },
      ],
    },
  },
};

const out = resolve(here, "../syntaxes/clue-model.tmLanguage.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(grammar, null, 2) + "\n");
console.log(`grammar: ${Object.keys(keywords).length} keywords, ${types.length / 2} types, ${builtins.length / 2} builtins -> ${out}`);
