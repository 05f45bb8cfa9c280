// Grammar tests with vscode-tmgrammar-test over every shipped model (models/, the Chinese
// fixture of clue lsp's test, test/cases/): each model becomes a syntax test whose assertions
// come from the compiler's own lexer (`clue explain --emit=tokens`): every keyword the lexer
// sees must be highlighted as that keyword's scope, every string as a string, every comment
// as a comment, every number and date as a number, every builtin call, `alias.field` and
// declared param by their scopes. So the TextMate grammar and the compiler cannot drift apart.
// Usage: node scripts/test-grammar.mjs   (CLUE_BINARY: the clue executable; default the build's)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { here, root, keywordScope, builtins } from "./grammar-source.mjs";

const clue = process.env.CLUE_BINARY || resolve(root, "build/compiler/clue");
const S = (s) => `${s}.clue-model`;

function models(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...models(p));
    else if (name.endsWith(".model")) out.push(p);
  }
  return out;
}
const files = [
  ...models(resolve(root, "models")),
  ...models(resolve(root, "tests/lsp/zh")),
  ...models(resolve(here, "../test/cases")),
].sort();

// One assertion line under source line `text` for the characters [col, col+len) (0-based).
function assertion(col, len, scope) {
  if (col === 0) return `# <${"-".repeat(len)} ${scope}`;
  if (col === 1) return null;  // under the '#' itself: no room for a caret
  return "#" + " ".repeat(col - 1) + "^".repeat(len) + " " + scope;
}

const builtinNames = new Set(builtins);
const dir = mkdtempSync(join(tmpdir(), "clue-grammar-"));
let assertions = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8").replace(/\r/g, "");
  const lines = text.split("\n");
  const tokens = execFileSync(clue, ["explain", "--emit=tokens", file], { encoding: "utf8" })
    .split("\n").filter(Boolean).map((l) => {
      const [at, kind, ...rest] = l.split("\t");
      const [line, col] = at.split(":").map(Number);
      return { line: line - 1, col: col - 1, kind, text: rest.join("\t") };
    });
  const byLine = new Map();
  const expect = (t, scope) => {
    if (!scope || [...t.text].length === 0 || t.text.includes("\n")) return;
    if (!byLine.has(t.line)) byLine.set(t.line, []);
    byLine.get(t.line).push({ col: t.col, len: t.text.length, scope });
  };
  tokens.forEach((t, i) => {
    const next = tokens[i + 1] || {}, prev = tokens[i - 1] || {};
    if (keywordScope(t.kind)) expect(t, keywordScope(t.kind));
    else if (t.kind === "STRING") expect(t, S(t.text.startsWith("\u201C") ? "string.quoted.other" : "string.quoted.double"));
    else if (t.kind === "LINE_COMMENT") expect(t, S("comment.line"));
    else if (["INT", "DECIMAL"].includes(t.kind)) expect(t, S("constant.numeric"));
    else if (t.kind === "DATE") expect(t, S("constant.numeric.date"));
    else if (t.kind === "IDENT" && next.kind === "LPAREN" && builtinNames.has(t.text) && prev.kind !== "DOT") expect(t, S("support.function.builtin"));
    else if (t.kind === "IDENT" && next.kind === "DOT" && tokens[i + 2]?.kind === "IDENT" && next.line === t.line && prev.kind !== "DOT") {
      expect(t, S("variable.other.object"));
      expect(tokens[i + 2], S("variable.other.property"));
    } else if (t.kind === "IDENT" && prev.kind === "PARAM") expect(t, S("variable.parameter"));
  });
  const out = [`# SYNTAX TEST "source.clue-model" "${relative(root, file)}"`];
  lines.forEach((l, n) => {
    out.push(l);
    for (const a of byLine.get(n) || []) {
      const line = assertion(a.col, a.len, a.scope);
      if (line) { out.push(line); assertions++; }
    }
  });
  writeFileSync(join(dir, relative(root, file).replace(/[\/]/g, "__")), out.join("\n") + "\n");
}
console.log(`grammar tests: ${files.length} models, ${assertions} assertions from the lexer`);
try {
  execFileSync(resolve(here, "../node_modules/.bin/vscode-tmgrammar-test"), [join(dir, "*.model")],
               { cwd: resolve(here, ".."), stdio: "inherit" });
} catch (e) {
  console.error(`grammar tests FAILED (the generated tests are kept in ${dir})`);
  process.exit(1);
}
rmSync(dir, { recursive: true, force: true });
