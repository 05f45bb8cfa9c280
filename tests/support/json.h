// Tests read JSON with nlohmann-json, strictly (RFC 8259: one value filling the text, valid
// UTF-8, no comments or trailing commas) and rejecting an object with a key twice, into a plain
// tree that is quick to walk in an assertion: `j->get("diagnostics")->items.at(0).get("code")->s`.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clue::test {

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double n = 0;  // every number, integer or not
  std::string s;
  std::vector<Json> items;
  std::map<std::string, Json> fields;

  const Json* get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
  }
};

// Parses one JSON document. On failure returns nullopt and sets `error` to where and why.
std::optional<Json> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace clue::test
