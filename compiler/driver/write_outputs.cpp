#include "compiler/driver/write_outputs.h"

#include <algorithm>
#include <atomic>

#include "runtime/io/files.h"
#include "runtime/table/parallel.h"

namespace clue::cli {

WriteResult write_outputs(const std::vector<exec::OutputTable>& outputs, io::RunDir& run_dir, const std::string& format,
                          bool xlsx_beside, int threads, const std::vector<ExtraFile>& extra) {
  const std::string ext = format == "json" ? ".jsonl" : format == "xlsx" ? ".xlsx" : ".csv";
  xlsx_beside = xlsx_beside && format == "csv";
  const size_t outs = outputs.size();
  WriteResult r;
  r.written.resize(outs);
  std::vector<std::string> main_err(outs), xlsx_err(outs), extra_err(extra.size());
  // Every file is its own task. An xlsx, which deflates its XML, takes several times as long
  // as the CSV of the same leads, so those start first. The files do not depend on one
  // another or on the thread count. With 2 threads or more an xlsx also produces its sheet's
  // XML on a thread of its own while it deflates (io::ChunkPipe): at the end of a run the
  // xlsx of the largest output is often the only task left, and it then uses two cores.
  std::vector<std::function<void()>> tasks;
  for (size_t i = 0; i < outs && xlsx_beside; ++i)
    tasks.push_back([&, i] {
      const auto& t = outputs[i];
      const std::string staged = run_dir.staged(t.name + ".xlsx");
      r.written[i].xlsx = run_dir.final_path(t.name + ".xlsx");
      xlsx_err[i] = staged.empty() ? "the output's name is not a plain file name"
                                   : io::write_xlsx_atomic(staged, t.name, t.columns, t.rows, t.types,
                                                           &r.written[i].xlsx_stats, 0, threads);
    });
  for (size_t i = 0; i < outs; ++i)
    tasks.push_back([&, i] {
      // Written into the staging folder; the manifest and the summary name its final place.
      const auto& t = outputs[i];
      WrittenOutput& w = r.written[i];
      const std::string staged = run_dir.staged(t.name + ext);
      w.path = run_dir.final_path(t.name + ext);
      std::string& err = main_err[i];
      if (staged.empty()) {
        err = "the output's name is not a plain file name";
      } else if (format == "xlsx") {
        w.xlsx = w.path;
        err = io::write_xlsx_atomic(staged, t.name, t.columns, t.rows, t.types, &w.xlsx_stats, 0, threads);
      } else {
        err = format == "json" ? io::write_atomic(staged, exec::to_jsonl(t))
                               : io::write_atomic(staged, exec::to_csv(t, &w.guarded));
      }
    });
  for (size_t k = 0; k < extra.size(); ++k) tasks.push_back([&, k] { extra_err[k] = extra[k].write(); });
  {
    std::atomic<size_t> next{0};
    const size_t workers = std::min(tasks.size(), size_t(std::max(1, threads)));
    rt::parallel_for_each(workers, [&](size_t) {
      for (size_t k; (k = next.fetch_add(1)) < tasks.size();) tasks[k]();
    });
  }
  for (size_t i = 0; i < outs && r.failed_path.empty(); ++i) {
    if (!main_err[i].empty()) r.failed_path = r.written[i].path, r.error = main_err[i];
    else if (!xlsx_err[i].empty()) r.failed_path = r.written[i].xlsx, r.error = xlsx_err[i];
  }
  for (size_t k = 0; k < extra.size() && r.failed_path.empty(); ++k)
    if (!extra_err[k].empty()) r.failed_path = extra[k].path, r.error = extra_err[k];
  return r;
}

nlohmann::ordered_json output_entry(const exec::OutputTable& t, const WrittenOutput& w, const std::string& format) {
  nlohmann::ordered_json o = {{"name", t.name}, {"path", w.path}, {"rows", t.rows.size()}};
  // What the files for people changed, since it changes their bytes: CSV cells given the
  // formula guard, xlsx cells that could not go in as they are.
  if (format == "csv") o["formula_guarded_cells"] = w.guarded;
  if (!w.xlsx.empty())
    o["xlsx"] = {{"path", w.xlsx},
                 {"replaced_char_cells", w.xlsx_stats.replaced_cells},
                 {"truncated_cells", w.xlsx_stats.truncated_cells},
                 {"numbers_as_text", w.xlsx_stats.numbers_as_text}};
  return o;
}

}  // namespace clue::cli
