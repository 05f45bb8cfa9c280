// A scripted LSP client for tests and benchmarks: starts `clue lsp`, frames JSON-RPC
// messages, and waits for responses and notifications. Node's standard library only.
import { spawn } from "node:child_process";

export class LspClient {
  constructor(clue, args = []) {
    this.proc = spawn(clue, ["lsp", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.buf = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();   // id -> resolve
    this.notes = [];            // notifications received, in order
    this.waiters = [];          // {pred, resolve}
    this.stderr = "";
    this.exited = new Promise((resolve) => this.proc.on("exit", (code) => resolve(code)));
    this.proc.stderr.on("data", (d) => (this.stderr += d.toString()));
    this.proc.stdout.on("data", (d) => this.#receive(d));
  }

  #receive(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const header = this.buf.subarray(0, end).toString("ascii");
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error("bad header from server: " + header);
      const len = Number(m[1]);
      if (this.buf.length < end + 4 + len) return;
      const body = JSON.parse(this.buf.subarray(end + 4, end + 4 + len).toString("utf8"));
      this.buf = this.buf.subarray(end + 4 + len);
      if (body.id !== undefined && !body.method && this.pending.has(body.id)) {
        this.pending.get(body.id)(body);
        this.pending.delete(body.id);
      } else {
        this.notes.push(body);
        this.waiters = this.waiters.filter((w) => !(w.pred(body) && (w.resolve(body), true)));
      }
    }
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }
  // The whole response (result or error).
  request(method, params) {
    const id = this.nextId++;
    const p = new Promise((resolve) => this.pending.set(id, resolve));
    this.send({ id, method, params });
    return withTimeout(p, `${method} got no answer`);
  }
  notify(method, params) {
    this.send({ method, params });
  }
  // The first notification (already received or still to come) that satisfies pred.
  waitFor(pred, what = "a notification") {
    const seen = this.notes.find(pred);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.waiters.push({ pred, resolve })), `waited for ${what}`);
  }
  diagnostics(uri, version) {
    return this.waitFor(
      (n) => n.method === "textDocument/publishDiagnostics" && n.params.uri === uri && n.params.version === version,
      `diagnostics of ${uri} version ${version}`);
  }
  async close() {
    await this.request("shutdown", null);
    this.notify("exit", null);
    this.proc.stdin.end();
    return this.exited;
  }
}

// A test must never hang: 30 s is far beyond any answer (they take milliseconds).
function withTimeout(p, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(what)), 30000))),
  ]);
}

export function fileUri(path) {
  return "file://" + path.split("/").map((s) => encodeURIComponent(s)).join("/");
}
