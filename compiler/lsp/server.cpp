#include "compiler/lsp/server.h"

#include <iostream>

namespace clue::lsp {
namespace {
// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602,
              kServerNotInitialized = -32002, kRequestCancelled = -32800, kRequestFailed = -32803;

const json& field(const json& j, const char* key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}
std::string uri_of(const json& params) { return field(field(params, "textDocument"), "uri").is_string() ? params["textDocument"]["uri"].get<std::string>() : ""; }
}  // namespace

int Server::run() {
  for (;;) {
    if (queue_.empty()) {
      const int wait = next_due_ms();
      if (!transport_.wait_readable(wait)) {  // nothing to read before a check is due
        check_due();
        continue;
      }
    }
    // Everything waiting now, so a superseded change is never checked and a cancel is seen.
    bool eof = false;
    std::string bad_frame;  // the stream is not LSP's framing: what came before it is still answered
    do {
      json msg;
      std::string error;
      switch (transport_.read(msg, error)) {
        case Transport::Read::Message: queue_.push_back(std::move(msg)); break;
        case Transport::Read::Eof: eof = true; break;
        case Transport::Read::BadJson:
          // Answered in its turn, after the messages before it.
          queue_.push_back(json{{"$bad_json", error}});
          break;
        case Transport::Read::BadFrame:
          bad_frame = error;
          eof = true;
          break;
      }
    } while (!eof && transport_.wait_readable(0) && queue_.size() < 10000);
    // A cancel waiting behind the request it cancels wins: the request is not carried out.
    for (const auto& m : queue_)
      if (m.value("method", "") == "$/cancelRequest" && m.contains("params") && m["params"].contains("id"))
        for (const auto& r : queue_)
          if (r.contains("id") && r.contains("method") && r["id"] == m["params"]["id"]) cancelled_.insert(r["id"].dump());
    while (!queue_.empty() && !exit_) {
      json msg = std::move(queue_.front());
      queue_.pop_front();
      handle(msg);
    }
    if (exit_) return shutdown_ ? 0 : 1;
    if (!bad_frame.empty()) {
      std::cerr << "error[U0360]: " << message(Diagnostic{DiagId::LspBadMessage, {}, {bad_frame}, {}}, ctx_.lang) << "\n";
      return 2;
    }
    if (eof) {
      // The client has gone: check what changed last so nothing typed goes unreported.
      for (auto& [uri, s] : state_)
        if (s.dirty) s.due = Clock::now();
      check_due();
      return shutdown_ ? 0 : 1;
    }
    check_due();
  }
}

void Server::handle(const json& msg) {
  if (msg.contains("$bad_json"))
    return reply_error(nullptr, kParseError,
                       message(Diagnostic{DiagId::LspBadMessage, {}, {msg["$bad_json"].get<std::string>()}, {}}, ctx_.lang),
                       json{{"code", "U0360"}});
  const std::string method = msg.value("method", "");
  const json& params = field(msg, "params");
  if (msg.contains("id") && !method.empty()) {
    const json& id = msg["id"];
    if (cancelled_.erase(id.dump())) return reply_error(id, kRequestCancelled, "cancelled");
    try {
      request(id, method, params);
    } catch (const json::exception& e) {
      reply_error(id, kInvalidParams, e.what());
    }
  } else if (!method.empty()) {
    try {
      notification(method, params);
    } catch (const json::exception& e) {
      std::cerr << "clue lsp: " << method << ": " << e.what() << "\n";
    }
  } else if (!msg.contains("id")) {
    reply_error(nullptr, kInvalidRequest, "a message with neither method nor id");
  }
  // (responses to requests of ours: the server sends none that need an answer)
}

json Server::initialize(const json& params) {
  if (!options_.lang.empty()) {
    ctx_.lang = options_.lang == "zh" ? Lang::Zh : Lang::En;
  } else if (params.contains("locale") && params["locale"].is_string()) {
    ctx_.lang = params["locale"].get<std::string>().rfind("zh", 0) == 0 ? Lang::Zh : Lang::En;
  } else {
    const char* l = std::getenv("LANG");
    ctx_.lang = l && std::string(l).rfind("zh", 0) == 0 ? Lang::Zh : Lang::En;
  }
  const json& opts = field(params, "initializationOptions");
  if (field(opts, "lang").is_string()) ctx_.lang = opts["lang"] == "zh" ? Lang::Zh : Lang::En;
  if (field(opts, "debounceMs").is_number_integer()) options_.debounce_ms = std::max(0, opts["debounceMs"].get<int>());
  const json& encodings = field(field(field(params, "capabilities"), "general"), "positionEncodings");
  ctx_.enc = Encoding::Utf16;
  if (encodings.is_array())
    for (const auto& e : encodings)
      if (e == "utf-32") ctx_.enc = Encoding::Utf32;
  ctx_.open_uris = &open_uris_;
  ctx_.overlay = &docs_.overlay();
  return json{
      {"capabilities",
       {{"positionEncoding", ctx_.enc == Encoding::Utf32 ? "utf-32" : "utf-16"},
        {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
        {"hoverProvider", true},
        {"completionProvider", {{"triggerCharacters", {".", "\""}}}},
        {"definitionProvider", true},
        {"referencesProvider", true},
        {"renameProvider", {{"prepareProvider", true}}},
        {"documentSymbolProvider", true},
        {"foldingRangeProvider", true},
        {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
        {"documentFormattingProvider", true},
        {"semanticTokensProvider", {{"legend", semantic_tokens_legend()}, {"full", true}}}}},
      {"serverInfo", {{"name", "clue"}, {"version", CLUE_VERSION}}}};
}

void Server::request(const json& id, const std::string& method, const json& params) {
  if (method == "initialize") return reply(id, initialize(params));
  if (method == "shutdown") {
    shutdown_ = true;
    return reply(id, nullptr);
  }
  if (ctx_.open_uris == nullptr) return reply_error(id, kServerNotInitialized, "initialize first");
  const std::string uri = uri_of(params);
  std::shared_ptr<Analysis> a = uri.empty() ? nullptr : fresh(uri);
  if (!a) {
    if (method.rfind("textDocument/", 0) == 0) return reply(id, nullptr);  // not an open document
    return reply_error(id, kMethodNotFound, "unknown method " + method);
  }
  const json& pos = field(params, "position");
  RequestError err{DiagId::NothingToRename, {}};
  json result;
  if (method == "textDocument/hover") result = hover(*a, ctx_, pos);
  else if (method == "textDocument/completion") {
    const State& s = state_[uri];
    result = completion(*a, s.last_good.get(), ctx_, docs_.find(uri)->text, pos);
  } else if (method == "textDocument/definition") result = definition(*a, ctx_, pos);
  else if (method == "textDocument/references")
    result = references(*a, open_checks(), ctx_, pos, field(field(params, "context"), "includeDeclaration") == true);
  else if (method == "textDocument/prepareRename") {
    result = prepare_rename(*a, ctx_, pos, err);
    if (result.is_null()) return reply_error(id, err);
  } else if (method == "textDocument/rename") {
    result = rename(*a, open_checks(), ctx_, pos, params.value("newName", ""), err);
    if (result.is_null()) return reply_error(id, err);
  } else if (method == "textDocument/documentSymbol") result = document_symbols(*a, ctx_);
  else if (method == "textDocument/foldingRange") result = folding_ranges(*a);
  else if (method == "textDocument/codeAction") result = code_actions(*a, ctx_, uri, params["range"]);
  else if (method == "textDocument/semanticTokens/full") result = semantic_tokens(*a, ctx_);
  else if (method == "textDocument/formatting") {
    result = format_document(*a, ctx_, err);
    if (result.is_null()) return reply_error(id, err);
  } else return reply_error(id, kMethodNotFound, "unknown method " + method);
  reply(id, std::move(result));
}

void Server::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_ = true;
    return;
  }
  if (method == "$/cancelRequest") return;  // seen in run(): only a request still queued can be cancelled
  const std::string uri = uri_of(params);
  if (method == "textDocument/didOpen") {
    const json& td = params["textDocument"];
    Document& d = docs_.open(uri, td.value("text", ""), td.value("version", int64_t(0)));
    open_uris_[d.path] = uri;
    State& s = state_[uri];
    s.dirty = true;
    s.due = Clock::now();  // a document just opened is checked at once
  } else if (method == "textDocument/didChange") {
    Document* d = docs_.find(uri);
    if (!d) return;
    for (const auto& change : params["contentChanges"]) Documents::apply_change(d->text, change, ctx_.enc);
    d->version = params["textDocument"].value("version", d->version + 1);
    docs_.sync_overlay(*d);
    State& s = state_[uri];
    s.dirty = true;
    s.due = Clock::now() + std::chrono::milliseconds(options_.debounce_ms);
  } else if (method == "textDocument/didClose") {
    if (Document* d = docs_.find(uri)) open_uris_.erase(d->path);
    docs_.close(uri);
    state_.erase(uri);
    transport_.write(json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"},
                          {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  }
}

std::shared_ptr<Analysis> Server::fresh(const std::string& uri) {
  auto it = state_.find(uri);
  if (it == state_.end() || !docs_.find(uri)) return nullptr;
  if (it->second.dirty || !it->second.current) check(uri);
  return it->second.current;
}

void Server::check(const std::string& uri) {
  Document* d = docs_.find(uri);
  State& s = state_[uri];
  s.dirty = false;
  if (!d) return;
  const auto t0 = Clock::now();
  auto a = std::make_shared<Analysis>(d->path, d->text, docs_.overlay());
  s.current = a;
  s.checked_version = d->version;
  if (a->fe.model && !a->fe.model->sources.empty()) s.last_good = a;
  transport_.write(json{{"jsonrpc", "2.0"},
                        {"method", "textDocument/publishDiagnostics"},
                        {"params", {{"uri", uri}, {"version", d->version}, {"diagnostics", diagnostics(*a, ctx_, uri)}}}});
  if (options_.trace)
    std::cerr << "clue lsp: checked " << uri << " v" << d->version << " (" << a->sm.line_count(a->main_file())
              << " lines): lint " << a->check_ms << " ms (cpu " << a->check_cpu_ms << " ms), with index and diagnostics "
              << std::chrono::duration<double, std::milli>(Clock::now() - t0).count() << " ms\n";
  // Open documents that import this one see its new text: they are checked again (debounced).
  for (auto& [other, st] : state_) {
    if (other == uri || !st.current || st.dirty) continue;
    for (size_t m = 1; m < st.current->fe.modules.size(); ++m)
      if (canonical_path(st.current->sm.path(st.current->fe.modules[m].file)) == d->path) {
        st.dirty = true;
        st.due = Clock::now() + std::chrono::milliseconds(options_.debounce_ms);
        break;
      }
  }
}

void Server::check_due() {
  const auto now = Clock::now();
  std::vector<std::string> due;
  for (const auto& [uri, s] : state_)
    if (s.dirty && s.due <= now) due.push_back(uri);
  for (const auto& uri : due) check(uri);
}

int Server::next_due_ms() const {
  int best = -1;
  const auto now = Clock::now();
  for (const auto& [uri, s] : state_) {
    if (!s.dirty) continue;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.due - now).count();
    const int wait = ms < 0 ? 0 : int(ms) + 1;
    if (best < 0 || wait < best) best = wait;
  }
  return best;
}

std::vector<const Analysis*> Server::open_checks() {
  std::vector<const Analysis*> out;
  for (const auto& [uri, s] : state_) {
    auto a = fresh(uri);
    if (a) out.push_back(a.get());
  }
  return out;
}

void Server::reply(const json& id, json result) {
  transport_.write(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::reply_error(const json& id, int code, const std::string& message, json data) {
  json err{{"code", code}, {"message", message}};
  if (!data.is_null()) err["data"] = std::move(data);
  transport_.write(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", err}});
}

void Server::reply_error(const json& id, const RequestError& e) {
  const Diagnostic d{e.id, {}, e.args, {}};
  const diag::CodeInfo& info = diag::info(registry_code(e.id));
  json data{{"code", d.code()}};
  const std::string hint = info.hint(registry_lang(ctx_.lang));
  if (!hint.empty()) data["hint"] = hint;
  reply_error(id, kRequestFailed, message(d, ctx_.lang), data);
}

}  // namespace clue::lsp
