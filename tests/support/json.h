// A small strict JSON parser for tests: checks that Clue's JSON and SARIF output is valid JSON
// (RFC 8259) and lets tests look inside it.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clue::test {

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

// Parses one JSON value filling the whole text (surrounding white space allowed).
// On failure returns nullopt and sets `error` to where and why.
std::optional<Json> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace clue::test
