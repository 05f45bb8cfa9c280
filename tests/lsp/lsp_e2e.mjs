// End-to-end test of `clue lsp` (ctest: lsp_end_to_end): a scripted client speaks JSON-RPC to
// the real binary, in English and in Chinese (the client's locale), over a model written with
// English keywords (models/due_claims.model) and one written with Chinese keywords
// (tests/lsp/zh/到期债权.model), each importing its schemas. Covers initialize, didOpen and
// didChange with a typo (the diagnostic's code and range), the "did you mean" code action,
// hover on a field, completion after `zb.`, definition of a field in the imported schema,
// rename (and its refusal, E0701), formatting (E0704 until clue fmt), the missing-import and
// lint:allow code actions, document symbols, semantic tokens, a superseded change that is
// never checked, and a cancelled request.
// Usage: node tests/lsp/lsp_e2e.mjs path/to/clue   (from the source tree's root)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { LspClient, fileUri } from "./lsp_client.mjs";

const clue = process.argv[2];
if (!clue) throw new Error("usage: node tests/lsp/lsp_e2e.mjs CLUE_BINARY");

const cases = [
  {
    lang: "en", locale: "en-US", file: "models/due_claims.model", schema: "models/schemas/court.model",
    typoLine: "where zb.是否履行完毕", field: "是否履行完毕", typo: "是否履行完比",
    hoverLine: "zb.被执行人身份证号 is not null", hoverField: "被执行人身份证号",
    hoverWants: ["partyid", "schemas/court.model", "终本案件", "自然人的身份证号"],
    fieldType: "partyid", tail: "\nx = zb\n  where zb.", defLine: "zb.案号 as 终本案号", defField: "案号",
    param: "时段分界", paramLine: "param 时段分界", newName: "分界日期", paramUses: 4,
    importLine: 'import "schemas/court.model"', messageLang: /has no field/, fix: "Change to '是否履行完毕'",
  },
  {
    lang: "zh", locale: "zh-cn", file: "tests/lsp/zh/到期债权.model", schema: "tests/lsp/zh/结构/法院.model",
    typoLine: "筛选 zb.是否履行完毕", field: "是否履行完毕", typo: "是否履行完比",
    hoverLine: "zb.被执行人身份证号 不为空", hoverField: "被执行人身份证号",
    hoverWants: ["当事人证件号", "结构/法院.model", "终本案件", "表头", "自然人的身份证号"],
    fieldType: "当事人证件号", tail: "\n新 = zb\n  筛选 zb.", defLine: "zb.案号 作为 终本案号", defField: "案号",
    param: "时段分界", paramLine: "参数 时段分界", newName: "分界日期", paramUses: 2,
    importLine: '导入 "结构/法院.model"', messageLang: /没有字段|无字段|字段/, fix: "改为“是否履行完毕”",
    warning: "W0402",
  },
];

const lineOf = (text, needle) => {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
};
const pos = (text, needle, inner, offset = 1) => {
  const line = lineOf(text, needle);
  const l = text.split("\n")[line];
  return { line, character: l.indexOf(needle) + needle.indexOf(inner) + offset };
};
const endOf = (text) => {
  const lines = text.split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
};

async function run(c0) {
  const path = resolve(c0.file);
  const uri = fileUri(path);
  const text = readFileSync(path, "utf8");
  const client = new LspClient(clue);
  const init = await client.request("initialize", { processId: null, locale: c0.locale, rootUri: null, capabilities: {} });
  const caps = init.result.capabilities;
  assert.equal(caps.positionEncoding, "utf-16");
  for (const k of ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider"])
    assert.ok(caps[k], k);
  assert.deepEqual(caps.completionProvider.triggerCharacters, [".", '"']);
  client.notify("initialized", {});
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "clue-model", version: 1, text } });
  const open = await client.diagnostics(uri, 1);
  assert.ok(open.params.diagnostics.every((d) => d.severity !== 1), `no errors on open: ${JSON.stringify(open)}`);

  // A typo in a field name: E0202 on exactly the misspelt name, in the client's language.
  const at = pos(text, c0.typoLine, c0.field, 0);
  const typoRange = { start: at, end: { line: at.line, character: at.character + c0.field.length } };
  client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: typoRange, text: c0.typo }] });
  const typed = await client.diagnostics(uri, 2);
  const e = typed.params.diagnostics.find((d) => d.code === "E0202");
  assert.ok(e, JSON.stringify(typed));
  assert.equal(e.severity, 1);
  assert.deepEqual(e.range, typoRange);
  assert.match(e.message, c0.messageLang);
  assert.ok(e.message.includes(c0.typo));
  assert.ok(e.relatedInformation[0].location.uri.endsWith(fileUri(resolve(c0.schema)).split("/").pop()));
  // The code action puts the right name back.
  const actions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: e.range, context: { diagnostics: [e] } });
  const fix = actions.result.find((a) => a.title === c0.fix);
  assert.ok(fix, JSON.stringify(actions.result.map((a) => a.title)));
  assert.deepEqual(fix.edit.changes[uri], [{ range: typoRange, newText: c0.field }]);
  client.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
  assert.ok((await client.diagnostics(uri, 3)).params.diagnostics.every((d) => d.severity !== 1));

  // Hover on a field: its type, header, schema, file and doc comment.
  const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: pos(text, c0.hoverLine, c0.hoverField, 2) });
  for (const w of c0.hoverWants) assert.ok(hover.result.contents.value.includes(w), `hover lacks ${w}: ${hover.result.contents.value}`);

  // Completion after `zb.`: the schema's fields, with their types.
  const withTail = text + c0.tail;
  client.notify("textDocument/didChange", { textDocument: { uri, version: 4 }, contentChanges: [{ text: withTail }] });
  const completion = await client.request("textDocument/completion", { textDocument: { uri }, position: endOf(withTail) });
  const item = completion.result.items.find((i) => i.label === c0.hoverField);
  assert.ok(item, JSON.stringify(completion.result.items.map((i) => i.label)));
  assert.equal(item.detail, c0.fieldType);
  assert.ok(completion.result.items.every((i) => i.kind === 5), "only fields after zb.");
  client.notify("textDocument/didChange", { textDocument: { uri, version: 5 }, contentChanges: [{ text }] });

  // Definition of a field: its declaration in the imported schema file.
  const def = await client.request("textDocument/definition", { textDocument: { uri }, position: pos(text, c0.defLine, c0.defField, 1) });
  const schemaText = readFileSync(resolve(c0.schema), "utf8");
  assert.equal(def.result[0].uri, fileUri(resolve(c0.schema)));
  assert.deepEqual(def.result[0].range.start, pos(schemaText, "  案号:", "案号", 0));

  // Rename a param: its declaration and every use; a field cannot be renamed (E0701).
  const rename = await client.request("textDocument/rename", { textDocument: { uri }, position: pos(text, c0.paramLine, c0.param, 1), newName: c0.newName });
  const edits = rename.result.changes[uri];
  assert.equal(edits.length, c0.paramUses, JSON.stringify(edits));
  assert.ok(edits.every((x) => x.newText === c0.newName));
  const refused = await client.request("textDocument/rename", { textDocument: { uri }, position: pos(text, c0.hoverLine, c0.hoverField, 2), newName: "x" });
  assert.equal(refused.error.data.code, "E0701");
  assert.match(refused.error.message, c0.lang === "zh" ? /只能重命名/ : /only a relation/);
  const keyword = await client.request("textDocument/rename", { textDocument: { uri }, position: pos(text, c0.paramLine, c0.param, 1), newName: c0.lang === "zh" ? "筛选" : "where" });
  assert.equal(keyword.error.data.code, "E0702");

  // Formatting is clue fmt's: the shipped model is in its layout (no edit); with a step's
  // indentation spoilt, one edit gives back exactly the shipped text.
  const fmtOptions = { tabSize: 2, insertSpaces: true };
  const fmt = await client.request("textDocument/formatting", { textDocument: { uri }, options: fmtOptions });
  assert.deepEqual(fmt.result, [], JSON.stringify(fmt));
  const spoilt = text.replace("\n  where ", "\n        where ").replace("\n  筛选 ", "\n        筛选 ");
  assert.notEqual(spoilt, text);
  client.notify("textDocument/didChange", { textDocument: { uri, version: 6 }, contentChanges: [{ text: spoilt }] });
  await client.diagnostics(uri, 6);
  const refmt = await client.request("textDocument/formatting", { textDocument: { uri }, options: fmtOptions });
  assert.equal(refmt.result.length, 1, JSON.stringify(refmt));
  assert.equal(refmt.result[0].newText, text);
  client.notify("textDocument/didChange", { textDocument: { uri, version: 7 }, contentChanges: [{ text }] });
  await client.diagnostics(uri, 7);

  // Without its import the schema is unknown: the code action imports the file declaring it.
  const noImport = text.replace(c0.importLine + "\n", "");
  client.notify("textDocument/didChange", { textDocument: { uri, version: 8 }, contentChanges: [{ text: noImport }] });
  const missing = (await client.diagnostics(uri, 8)).params.diagnostics.find((d) => d.code === "E0203");
  assert.ok(missing, "unknown schema without the import");
  const importActions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
  const imp = importActions.result.find((a) => a.edit.changes[uri][0].newText === c0.importLine + "\n");
  assert.ok(imp, JSON.stringify(importActions.result));
  client.notify("textDocument/didChange", { textDocument: { uri, version: 9 }, contentChanges: [{ text }] });
  const back = await client.diagnostics(uri, 9);

  // A warning can be silenced with `# lint:allow(CODE) 理由`.
  if (c0.warning) {
    const w = back.params.diagnostics.find((d) => d.code === c0.warning);
    assert.ok(w);
    const allow = await client.request("textDocument/codeAction", { textDocument: { uri }, range: w.range, context: { diagnostics: [w] } });
    const a = allow.result.find((x) => x.title.includes("lint:allow"));
    assert.equal(a.edit.changes[uri][0].newText, `# lint:allow(${c0.warning}) 理由\n`);
  }

  // The outline and the semantic tokens.
  const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
  assert.ok(symbols.result.some((s) => s.name === c0.param));
  const tokens = await client.request("textDocument/semanticTokens/full", { textDocument: { uri } });
  assert.equal(tokens.result.data.length % 5, 0);
  assert.ok(tokens.result.data.length > 50);

  // A request cancelled while it still waits is answered with RequestCancelled (-32800): both
  // messages are written at once, so the server reads them together.
  const id = 9999;
  const frame = (m) => { const b = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...m })); return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]); };
  const cancelled = new Promise((res) => client.pending.set(id, res));
  client.proc.stdin.write(Buffer.concat([frame({ id, method: "textDocument/hover", params: { textDocument: { uri }, position: { line: 0, character: 0 } } }),
                                         frame({ method: "$/cancelRequest", params: { id } })]));
  assert.equal((await cancelled).error.code, -32800);

  assert.equal(await client.close(), 0, client.stderr);
  console.log(`lsp ${c0.lang}: ok`);
}

// A change superseded before its check is never checked: with a long debounce, two changes
// in a row produce diagnostics for the second only.
async function superseded() {
  const path = resolve("models/due_claims.model");
  const uri = fileUri(path);
  const text = readFileSync(path, "utf8");
  const client = new LspClient(clue, ["--debounce-ms", "1000", "--lang", "en"]);
  await client.request("initialize", { capabilities: {} });
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "clue-model", version: 1, text } });
  await client.diagnostics(uri, 1);
  client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + "\nbroken = \n" }] });
  client.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
  const third = await client.diagnostics(uri, 3);
  assert.ok(third.params.diagnostics.every((d) => d.severity !== 1));
  assert.ok(!client.notes.some((n) => n.params && n.params.version === 2), "version 2 was superseded: never checked");
  assert.equal(await client.close(), 0);
  console.log("lsp superseded change: ok");
}

for (const c of cases) await run(c);
await superseded();
