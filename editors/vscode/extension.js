// The VS Code side of Clue: starts `clue lsp` (the path is the setting clue.path) and hands
// it the .model documents. Everything the extension shows comes from the server, so the
// editor says exactly what `clue lint` says.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function start() {
  const config = vscode.workspace.getConfiguration("clue");
  const command = config.get("path") || "clue";
  const args = ["lsp"];
  const lang = config.get("lang");
  if (lang) args.push("--lang", lang);
  args.push("--debounce-ms", String(config.get("debounceMs") ?? 30));
  client = new LanguageClient(
    "clue",
    "Clue",
    { run: { command, args, transport: TransportKind.stdio }, debug: { command, args, transport: TransportKind.stdio } },
    { documentSelector: [{ language: "clue-model" }] });
  return client.start().catch((e) =>
    vscode.window.showErrorMessage(
      `Clue: cannot start '${command} lsp' (${e.message}). Set clue.path to the clue executable.`));
}

async function activate(context) {
  await start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("clue")) return;
      if (client) await client.stop();
      await start();
    }),
    { dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
