#include "runtime/load/deferred.h"

#include <algorithm>

namespace clue::rt {
namespace load_detail {

CsvDeferred::CsvDeferred(std::shared_ptr<csv::CsvFile> file, const Plan& plan)
    : file_(std::move(file)), plan_(plan) {
  specs_.reserve(plan_.cols.size());
  for (const ColumnPlan& p : plan_.cols) specs_.push_back(*p.spec);
  for (size_t j = 0; j < plan_.cols.size(); ++j) plan_.cols[j].spec = &specs_[j];
  plan_of_column_.resize(plan_.cols.size());
  for (size_t j = 0; j < plan_of_column_.size(); ++j) plan_of_column_[j] = int(j);
}

std::vector<Column> CsvDeferred::fetch(const Table& t, const std::vector<int64_t>& rows,
                                       const std::vector<int>& columns) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int> plan_cols;
  std::vector<Column> out;
  for (int c : columns) {
    const int j = c >= 0 && size_t(c) < plan_of_column_.size() ? plan_of_column_[size_t(c)] : -1;
    if (j < 0) throw std::logic_error("deferred fetch of a column the loader did not defer");
    plan_cols.push_back(j);
    out.push_back(Column::make(plan_.cols[size_t(j)].type));
    out.back().reserve(rows.size());
  }
  const std::string_view data = file_->data_text();
  csv::Record rec;
  for (int64_t row : rows) {
    const size_t r = size_t(row);
    // The record is read again exactly as the load read it: the same cursor (empty-row,
    // encoding fallback, trailer and field-count rules), which delivered it then.
    csv::RowCursor cur = file_->cursor(csv::Chunk{size_t(t.offset[r]), data.size(), t.line[r]});
    if (!cur.next(rec) || rec.line != t.line[r])
      throw std::logic_error("deferred fetch: the record of line " + std::to_string(t.line[r]) +
                             " cannot be read again");
    // A record is known by its offset: the engine may ask again through a compact copy of
    // the table, whose row numbers differ.
    const uint64_t id = t.offset[r];
    const bool first_time = rows_seen_.insert(id).second;
    if (first_time) ++report_.rows_parsed;
    for (size_t k = 0; k < plan_cols.size(); ++k) {
      const ColumnPlan& p = plan_.cols[size_t(plan_cols[k])];
      const std::string_view a = rec.fields[size_t(p.slot)];
      const std::string_view lat = p.slot2 >= 0 ? rec.fields[size_t(p.slot2)] : std::string_view();
      const CellResult res = push_cell(p, out[k], a, lat, true);
      if (res.state == CellResult::Ok) continue;
      if (!reported_.emplace(id, plan_cols[k]).second) continue;  // fetched before
      const char* key = res.state == CellResult::Empty ? "empty" : values::code(res.error);
      if (res.state == CellResult::Empty && p.spec->optional) continue;
      report_.nulls[p.spec->name][key] += 1;
      if (res.state == CellResult::Error)
        report_.rejects.push_back(make_value_reject(plan_, size_t(plan_cols[k]), res, a, lat, t.line[r], false));
    }
  }
  return out;
}

DeferredReport CsvDeferred::take_report() {
  std::lock_guard<std::mutex> lock(mu_);
  DeferredReport r = std::move(report_);
  report_ = DeferredReport();
  std::stable_sort(r.rejects.begin(), r.rejects.end(),
                   [](const RejectRecord& a, const RejectRecord& b) { return a.line < b.line; });
  return r;
}

}  // namespace load_detail

DeferredReport take_deferred_report(Table& t) {
  if (auto* d = dynamic_cast<load_detail::CsvDeferred*>(t.deferred.get())) return d->take_report();
  return {};
}

void reorder_deferred(Table& t, const std::vector<size_t>& field_of_plan, size_t width) {
  auto* d = dynamic_cast<load_detail::CsvDeferred*>(t.deferred.get());
  if (!d) return;
  std::vector<int> m(width, -1);
  for (size_t k = 0; k < field_of_plan.size(); ++k)
    if (field_of_plan[k] < width) m[field_of_plan[k]] = int(k);
  d->plan_of_column() = std::move(m);
}

}  // namespace clue::rt
