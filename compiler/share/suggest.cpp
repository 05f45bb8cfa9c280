#include "compiler/share/suggest.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/data/field_values.h"
#include "runtime/csv/header.h"
#include "runtime/csv/header_meaning.h"
#include "runtime/csv/reader.h"
#include "runtime/values/cell_rewrite.h"
#include "runtime/load/header_peek.h"
#include "runtime/values/unicode_fold.h"

namespace clue::share {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kSampleRows = 500;
constexpr size_t kMaxDistinct = 50;

// Bool words whose meaning is not in doubt. A word not here is left to the reviewer.
const std::map<std::string, bool>& bool_words() {
  static const std::map<std::string, bool> words = {
      {"Y", true},   {"N", false},  {"y", true},     {"n", false},     {"T", true},      {"F", false},
      {"已", true},  {"未", false}, {"有", true},    {"无", false},    {"已履行", true}, {"未履行", false},
      {"完毕", true}, {"未完毕", false}, {"对", true}, {"错", false}, {"√", true}, {"×", false}};
  return words;
}

// Distinct trimmed values of one column in the first rows of a CSV file (none for xlsx).
std::vector<std::string> sample_values(const std::string& path, const std::string& header) {
  csv::ReadOptions opt;
  opt.expected_headers = {header};
  csv::OpenResult r = csv::CsvFile::open(path, opt);
  std::vector<std::string> out;
  if (!r.ok()) return out;
  std::set<std::string> seen;
  csv::Record rec;
  for (size_t n = 0; n < kSampleRows && seen.size() < kMaxDistinct && r.file->next(rec); ++n) {
    if (rec.fields.empty()) continue;
    const std::string v(values::trim(rec.fields[0]));
    if (!v.empty() && seen.insert(v).second) out.push_back(v);
  }
  return out;
}

}  // namespace

Suggestion suggest_mapping(const std::vector<SuggestInput>& inputs) {
  Suggestion s;
  Json doc;
  doc["clue_mapping"] = 1;
  doc["note"] = "Draft written by `clue map suggest`: review every line, then save it as clue-mapping.json beside the "
                "data. 草稿：请逐项核对后另存为数据目录中的 clue-mapping.json。";
  doc["schemas"] = Json::object();
  std::set<std::string> done;
  for (const SuggestInput& in : inputs) {
    const typed::Schema& schema = *in.source->schema;
    if (!done.insert(schema.name).second) continue;
    std::vector<std::string> wanted;
    for (const auto& f : schema.fields)
      for (const auto& h : f.headers) wanted.push_back(h);
    const rt::PeekedHeader head = rt::peek_header(in.path, "", "auto", wanted);
    if (!head.ok) continue;
    std::map<std::string, size_t> by_norm;
    for (size_t i = 0; i < head.cells.size(); ++i)
      if (!head.cells[i].empty()) by_norm.emplace(csv::normalize_header(head.cells[i]), i);
    std::vector<bool> claimed(head.cells.size(), false);
    // First the fields whose own header is there: their columns are not free for the others.
    std::vector<int> column(schema.fields.size(), -1);
    for (size_t k = 0; k < schema.fields.size(); ++k) {
      const auto& f = schema.fields[k];
      if (f.headers.size() != 1) continue;
      if (auto it = by_norm.find(csv::normalize_header(f.headers[0])); it != by_norm.end()) {
        column[k] = int(it->second);
        claimed[it->second] = true;
      }
    }
    Json fields = Json::object();
    std::vector<std::string> unbound;
    for (size_t k = 0; k < schema.fields.size(); ++k) {
      const auto& f = schema.fields[k];
      if (f.headers.size() != 1) continue;
      Json entry = Json::object();
      if (column[k] < 0) {
        // The free column meaning the same thing, nearest first; never another party's role.
        size_t best = csv::kIncompatible;
        int pick = -1;
        for (size_t i = 0; i < head.cells.size(); ++i) {
          if (claimed[i] || head.cells[i].empty() || !csv::plausible_binding(f.headers[0], head.cells[i])) continue;
          const size_t d = csv::meaning_distance(f.headers[0], head.cells[i]);
          if (d < best) {
            best = d;
            pick = int(i);
          }
        }
        if (pick < 0) {
          if (!f.optional) unbound.push_back(f.name);
          continue;
        }
        column[k] = pick;
        claimed[size_t(pick)] = true;
        entry["header"] = head.cells[size_t(pick)];
        ++s.bound;
      }
      const std::string header = head.cells[size_t(column[k])];
      // Values the field's type does not read: a bool vocabulary when its words are plain, a
      // date order when the dates decide it.
      const TypeKind kind = f.type.kind;
      if (kind == TypeKind::Bool || kind == TypeKind::Date || kind == TypeKind::DateTime) {
        bool day_first = false, month_first = false;
        Json vocab = Json::object();
        for (const std::string& v : sample_values(in.path, header)) {
          if (check_cell(f, v).status != CellStatus::Invalid) continue;
          if (kind == TypeKind::Bool) {
            if (auto it = bool_words().find(v); it != bool_words().end()) vocab[v] = it->second;
            continue;
          }
          std::string buf;
          int a = 0, b = 0;
          if (values::reorder_year_last_date(v, true, buf) && std::sscanf(v.c_str(), "%d%*c%d", &a, &b) == 2) {
            day_first |= a > 12;
            month_first |= b > 12;
          }
        }
        if (!vocab.empty()) entry["values"] = vocab;
        if (day_first != month_first) entry["date_order"] = day_first ? "DMY" : "MDY";
      }
      if (!entry.empty()) {
        // One header alone is written the short way.
        if (entry.size() == 1 && entry.contains("header")) fields[f.name] = entry["header"];
        else fields[f.name] = entry;
      }
    }
    Json sj = Json::object();
    if (!unbound.empty()) {
      std::string list;
      for (const auto& u : unbound) list += (list.empty() ? "" : ", ") + u;
      sj["note"] = "No header found for: " + list + ". 未找到表头：" + list + "。";
      s.unbound += unbound.size();
    }
    sj["fields"] = fields;
    doc["schemas"][schema.name] = sj;
  }
  s.json = doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  return s;
}

}  // namespace clue::share
