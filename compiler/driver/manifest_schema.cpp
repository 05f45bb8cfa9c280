#include "compiler/driver/manifest_schema.h"

#include <utility>
#include <vector>

namespace clue {
namespace {

using Json = nlohmann::json;

size_t depth_of(const Json& root) {
  size_t deepest = 0;
  std::vector<std::pair<const Json*, size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    auto [j, d] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, d);
    if (d > kMaxManifestDepth) break;  // enough to refuse it
    if (j->is_structured())
      for (const auto& child : *j) todo.push_back({&child, d + 1});
  }
  return deepest;
}

// Checks `key` of object `j` (at `where`): present when `required`, and of the kind `is` says.
template <class Is>
std::string check(const Json& j, const std::string& where, const char* key, bool required, Is is, const char* kind) {
  auto it = j.find(key);
  if (it == j.end()) return required ? where + key + ": missing" : std::string();
  if (!is(*it)) return where + key + ": not " + kind;
  return {};
}

const auto kString = [](const Json& j) { return j.is_string(); };
const auto kObject = [](const Json& j) { return j.is_object(); };
const auto kArray = [](const Json& j) { return j.is_array(); };
const auto kStringOrNull = [](const Json& j) { return j.is_string() || j.is_null(); };  // null: --input-hash none

}  // namespace

std::string manifest_schema_error(const Json& m) {
  if (depth_of(m) > kMaxManifestDepth) return "nested more than " + std::to_string(kMaxManifestDepth) + " levels deep";
  if (!m.is_object()) return "(the whole file): not an object";
  std::string e;
  if (!(e = check(m, "", "model", true, kObject, "an object")).empty()) return e;
  if (!(e = check(m["model"], "model.", "path", true, kString, "a string")).empty()) return e;
  if (!(e = check(m["model"], "model.", "sha256", false, kStringOrNull, "a string or null")).empty()) return e;
  if (!(e = check(m["model"], "model.", "fingerprint", false, kString, "a string")).empty()) return e;
  if (!(e = check(m["model"], "model.", "imports", false, kArray, "an array")).empty()) return e;
  if (m["model"].contains("imports")) {
    const Json& items = m["model"]["imports"];
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string where = "model.imports[" + std::to_string(i) + "]";
      if (!items[i].is_object()) return where + ": not an object";
      if (!(e = check(items[i], where + ".", "path", true, kString, "a string")).empty()) return e;
      if (!(e = check(items[i], where + ".", "sha256", true, kString, "a string")).empty()) return e;
    }
  }
  if (m.contains("mapping") && !m["mapping"].is_null()) {
    if (!m["mapping"].is_object()) return "mapping: not an object or null";
    if (!(e = check(m["mapping"], "mapping.", "path", true, kString, "a string")).empty()) return e;
    if (!(e = check(m["mapping"], "mapping.", "sha256", true, kString, "a string")).empty()) return e;
  }
  for (const char* list : {"inputs", "outputs"}) {
    if (!(e = check(m, "", list, true, kArray, "an array")).empty()) return e;
    const Json& items = m[list];
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string where = std::string(list) + "[" + std::to_string(i) + "]";
      if (!items[i].is_object()) return where + ": not an object";
      const bool inputs = std::string(list) == "inputs";
      if (!(e = check(items[i], where + ".", inputs ? "source" : "name", true, kString, "a string")).empty()) return e;
      if (!(e = check(items[i], where + ".", "path", true, kString, "a string")).empty()) return e;
      if (inputs && !(e = check(items[i], where + ".", "sha256", false, kStringOrNull, "a string or null")).empty()) return e;
    }
  }
  if (m.contains("params")) {
    if (!m["params"].is_object()) return "params: not an object";
    for (const auto& [k, v] : m["params"].items())
      if (!v.is_string()) return "params." + k + ": not a string";
  }
  if (m.contains("plan")) {
    if (!m["plan"].is_object()) return "plan: not an object";
    if (m["plan"].contains("disabled_passes")) {
      const Json& d = m["plan"]["disabled_passes"];
      if (!d.is_array()) return "plan.disabled_passes: not an array";
      for (size_t i = 0; i < d.size(); ++i)
        if (!d[i].is_string()) return "plan.disabled_passes[" + std::to_string(i) + "]: not a string";
    }
  }
  return {};
}

}  // namespace clue
