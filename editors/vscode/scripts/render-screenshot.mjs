// Renders the extension's highlighting of a model to HTML (for docs/editor.md's screenshot):
// the TextMate grammar applied with vscode-textmate and VS Code's own regex engine
// (vscode-oniguruma), coloured with Dark+ colours. Draw it to PNG with headless Chromium:
//   node scripts/render-screenshot.mjs ../../tests/lsp/zh/到期债权.model > /tmp/model.html
//   chromium --headless --screenshot=docs/editor-highlighting.png --window-size=900,640 /tmp/model.html
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { here } from "./grammar-source.mjs";

const require = createRequire(import.meta.url);
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
await oniguruma.loadWASM(wasm);
const registry = new textmate.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async () => textmate.parseRawGrammar(readFileSync(resolve(here, "../syntaxes/clue-model.tmLanguage.json"), "utf8"), "x.json"),
});
const grammar = await registry.loadGrammar("source.clue-model");

// Dark+ colours, by scope prefix (the longest matching prefix wins).
const colours = [
  ["comment", "#6A9955"], ["keyword.other.suppression", "#C586C0"], ["constant.other.code", "#4FC1FF"],
  ["string", "#CE9178"], ["constant.numeric", "#B5CEA8"], ["constant.language", "#569CD6"],
  ["keyword.declaration", "#569CD6"], ["keyword.control", "#C586C0"], ["keyword.operator.word", "#569CD6"],
  ["keyword.operator", "#D4D4D4"], ["support.type", "#4EC9B0"], ["entity.name.type", "#4EC9B0"],
  ["support.function", "#DCDCAA"], ["entity.name.function", "#DCDCAA"], ["entity.name.section", "#DCDCAA"],
  ["variable.parameter", "#9CDCFE"], ["variable.other.property", "#9CDCFE"], ["variable.other.object", "#4FC1FF"],
  ["variable.other.source", "#4FC1FF"], ["variable", "#9CDCFE"],
];
const colourOf = (scopes) => {
  let best = null, len = -1;
  for (const s of scopes) for (const [p, c] of colours) if (s.startsWith(p) && p.length > len) { best = c; len = p.length; }
  return best || "#D4D4D4";
};
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const file = process.argv[2];
const lines = readFileSync(file, "utf8").replace(/\n$/, "").split("\n");
let state = textmate.INITIAL, body = "";
lines.forEach((line, n) => {
  const r = grammar.tokenizeLine(line, state);
  state = r.ruleStack;
  let html = "";
  for (const t of r.tokens) html += `<span style="color:${colourOf(t.scopes)}">${esc(line.slice(t.startIndex, t.endIndex))}</span>`;
  body += `<div><span class="n">${n + 1}</span>${html || " "}</div>\n`;
});
process.stdout.write(`<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#1E1E1E;color:#D4D4D4;font:15px/1.55 "Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace;padding:14px 10px}
div{white-space:pre} .n{display:inline-block;width:2.2em;color:#858585;text-align:right;margin-right:1.2em}
</style>
${body}`);
