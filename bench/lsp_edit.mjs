// How fast an edit in a large model gets fresh diagnostics from clue lsp (docs/editor.md):
// opens a generated 2,000-line model (importing the library's court schemas), then makes 40
// edits, each adding or removing a typo in a field name in the middle of the file, and
// measures from sending didChange to receiving that version's diagnostics. Reported with the
// default 30 ms debounce and with none (the check alone). A measurement, not a test.
// Usage: node bench/lsp_edit.mjs [path/to/clue]
import { mkdtempSync, mkdirSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LspClient, fileUri } from "../tests/lsp/lsp_client.mjs";

const clue = resolve(process.argv[2] || "build/compiler/clue");
const dir = mkdtempSync(join(tmpdir(), "clue-lsp-bench-"));
mkdirSync(join(dir, "schemas"));
copyFileSync(resolve("models/schemas/court.model"), join(dir, "schemas/court.model"));

let lines = [
  "model bench {", '  title "2,000 lines"', '  version "1.0.0"', '  jurisdiction "test"', '  basis "test"', "}", "",
  'import "schemas/court.model"', "", 'param 结案方式白名单: list<text> = ["判决", "调解成功"]', "param 时段分界: date = 2022-01-01", "",
  "source zb: 终本案件", "source civil: 民事案件", "",
];
for (let i = 0; lines.length < 1990; i++) {
  lines.push(
    `# relation ${i}`,
    `r${i} = zb`,
    `  where zb.是否履行完毕 == false and zb.被执行人身份证号 is not null`,
    `  join civil on zb.被执行人身份证号 == civil.原告身份证号`,
    `  where civil.结案方式 in 结案方式白名单`,
    `  derive 时段${i} = if zb.终本日期 < 时段分界 then "前" else "后"`,
    `  derive 金额${i} = zb.未履行金额 + ${i}`,
    `  where 金额${i} > 1000 and length(zb.被执行人) > 1`,
    "",
    `output r${i} { zb.案号 as 终本案号, civil.案号 as 民事案号, 时段${i}, 金额${i} }`,
    "");
}
const text = lines.join("\n") + "\n";
const middle = lines.findIndex((l, n) => n > lines.length / 2 && l.includes("zb.是否履行完毕"));
const col = lines[middle].indexOf("是否履行完毕");

async function measure(debounce) {
  const path = join(dir, "bench.model"), uri = fileUri(path);
  const client = new LspClient(clue, ["--lang", "en", "--debounce-ms", String(debounce), "--trace-checks"]);
  await client.request("initialize", { capabilities: {} });
  let t = performance.now();
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "clue-model", version: 1, text } });
  const open = await client.diagnostics(uri, 1);
  const openMs = performance.now() - t;
  if (open.params.diagnostics.some((d) => d.severity === 1)) throw new Error("the generated model has errors: " + JSON.stringify(open.params.diagnostics[0]));
  const times = [];
  for (let v = 2; v < 42; v++) {
    const typo = v % 2 === 0;  // even versions misspell the field, odd ones put it back
    const range = { start: { line: middle, character: col + 5 }, end: { line: middle, character: col + 6 } };
    t = performance.now();
    client.notify("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ range, text: typo ? "比" : "毕" }] });
    const d = await client.diagnostics(uri, v);
    times.push(performance.now() - t);
    if (typo !== d.params.diagnostics.some((x) => x.code === "E0202")) throw new Error(`version ${v}: wrong diagnostics`);
  }
  await client.close();
  // The server's own account of each check (--trace-checks): the time without the pipe.
  const server = [...client.stderr.matchAll(/with index and diagnostics ([0-9.]+) ms/g)].map((m) => Number(m[1])).slice(1).sort((a, b) => a - b);
  const lint = [...client.stderr.matchAll(/lint ([0-9.]+) ms/g)].map((m) => Number(m[1])).slice(1).sort((a, b) => a - b);
  const cpu = [...client.stderr.matchAll(/cpu ([0-9.]+) ms/g)].map((m) => Number(m[1])).slice(1).sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`debounce ${String(debounce).padStart(2)} ms: open ${openMs.toFixed(1)} ms; edit -> fresh diagnostics: ` +
              `median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${times[times.length - 1].toFixed(1)} ms (${times.length} edits); ` +
              `in the server: check median ${server[server.length >> 1].toFixed(1)} ms (lint ${lint[lint.length >> 1].toFixed(1)} ms, of which CPU ${cpu[cpu.length >> 1].toFixed(1)} ms)`);
}

console.log(`model: ${lines.length} lines, ${text.length} bytes, edits at line ${middle + 1}`);
await measure(30);
await measure(0);
if (process.env.KEEP) console.log(dir); else rmSync(dir, { recursive: true, force: true });
