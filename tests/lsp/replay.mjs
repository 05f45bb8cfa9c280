// Replays a scripted LSP session against `clue lsp` for the golden tests
// (tests/golden/diagnostics/*_lsp_*.model): node tests/lsp/replay.mjs CLUE MODEL SCRIPT [clue lsp flags...]
// SCRIPT has one message a line: a JSON object is sent framed (a string "{model}" anywhere in
// it becomes MODEL's text); a JSON string is sent framed as the raw body (not JSON, on
// purpose); {"$raw": "..."} is written as is, without framing. Prints each message the
// server sends as one JSON line (its version as <version>), then its stderr, and exits with its
// exit code.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const [clue, model, script, ...flags] = process.argv.slice(2);
const modelText = readFileSync(model, "utf8");
const proc = spawn(clue, ["lsp", ...flags], { stdio: ["pipe", "pipe", "pipe"] });
let out = Buffer.alloc(0), err = "";
proc.stdout.on("data", (d) => (out = Buffer.concat([out, d])));
proc.stderr.on("data", (d) => (err += d));
const fill = (v) => (typeof v === "string" ? (v === "{model}" ? modelText : v)
  : Array.isArray(v) ? v.map(fill)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v);
for (const line of readFileSync(script, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const m = JSON.parse(line);
  if (m && typeof m === "object" && "$raw" in m) { proc.stdin.write(m.$raw); continue; }
  const body = Buffer.from(typeof m === "string" ? m : JSON.stringify({ jsonrpc: "2.0", ...fill(m) }), "utf8");
  proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  proc.stdin.write(body);
}
proc.stdin.end();
proc.on("exit", (code) => {
  for (;;) {
    const end = out.indexOf("\r\n\r\n");
    if (end < 0) break;
    const len = Number(/Content-Length: (\d+)/.exec(out.subarray(0, end).toString())[1]);
    // The version changes with every release: not part of what the golden files pin down.
    const text = out.subarray(end + 4, end + 4 + len).toString("utf8").replace(/"version":"[0-9][^"]*"/g, '"version":"<version>"');
    process.stdout.write(text + "\n");
    out = out.subarray(end + 4 + len);
  }
  process.stdout.write(err);
  process.exit(code ?? 3);
});
