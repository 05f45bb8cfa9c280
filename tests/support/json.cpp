#include "tests/support/json.h"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace clue::test {
namespace {

struct DuplicateKey : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Json convert(const nlohmann::json& j) {
  Json v;
  switch (j.type()) {
    case nlohmann::json::value_t::boolean:
      v.kind = Json::Bool;
      v.b = j.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      v.kind = Json::Number;
      v.n = j.get<double>();
      break;
    case nlohmann::json::value_t::string:
      v.kind = Json::String;
      v.s = j.get<std::string>();
      break;
    case nlohmann::json::value_t::array:
      v.kind = Json::Array;
      for (const auto& item : j) v.items.push_back(convert(item));
      break;
    case nlohmann::json::value_t::object:
      v.kind = Json::Object;
      for (const auto& [key, value] : j.items()) v.fields.emplace(key, convert(value));
      break;
    default:  // null (a document that parsed has no discarded or binary value)
      break;
  }
  return v;
}
}  // namespace

std::optional<Json> parse_json(const std::string& text, std::string* error) {
  // nlohmann keeps the last of two equal keys; the keys of each open object, to refuse that.
  std::vector<std::set<std::string>> open;
  auto check_keys = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) open.emplace_back();
    else if (event == E::object_end) open.pop_back();
    else if (event == E::key && !open.back().insert(parsed.get<std::string>()).second)
      throw DuplicateKey("duplicate key " + parsed.get<std::string>());
    return true;
  };
  try {
    return convert(nlohmann::json::parse(text, check_keys));
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = e.what();
  } catch (const DuplicateKey& e) {
    if (error) *error = e.what();
  }
  return std::nullopt;
}

}  // namespace clue::test
