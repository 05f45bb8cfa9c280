#include "runtime/exec/writers.h"

#include "runtime/io/json.h"

#include <cstdio>

namespace clue::exec {

std::string csv_cell(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos || (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

static std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    line += csv_cell(cells[i]);
  }
  return line + "\r\n";
}

std::string to_csv(const OutputTable& t) {
  std::string out = "\xEF\xBB\xBF";
  out += csv_line(t.columns);
  for (const auto& r : t.rows) out += csv_line(r);
  return out;
}

std::string json_string(const std::string& s) { return "\"" + io::json_escape(s) + "\""; }

std::string to_jsonl(const OutputTable& t) {
  std::string out;
  for (const auto& r : t.rows) {
    out += "{";
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ",";
      out += json_string(t.columns[c]) + ":" + json_string(r[c]);
    }
    out += "}\n";
  }
  return out;
}

std::string rejects_csv(const std::vector<const rt::RejectRecord*>& rejects) {
  OutputTable t;
  t.columns = {"数据源", "文件", "行号", "列", "原始值", "代码", "原因", "reason", "处理"};
  for (const auto* r : rejects)
    t.rows.push_back({r->source, r->path, std::to_string(r->line), r->column, r->raw, r->code, r->reason_zh, r->reason_en,
                      r->row_rejected ? "整行未使用" : "该值按空值处理"});
  return to_csv(t);
}

}  // namespace clue::exec
