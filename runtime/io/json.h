// A small strict JSON parser: reads run manifests (clue why), and lets tests check that the
// JSON and SARIF Clue writes are valid JSON (RFC 8259).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clue::io {

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double n = 0;
  std::string s;
  std::vector<Json> items;
  std::map<std::string, Json> fields;

  const Json* get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
  }
};

// The text of a JSON string literal's contents (quotes, backslashes, control characters escaped).
std::string json_escape(std::string_view s);

// Parses one JSON value filling the whole text (surrounding white space allowed).
// On failure returns nullopt and sets `error` to where and why.
std::optional<Json> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace clue::io
