// `clue test`: runs each model's fixtures — small input files with expected leads written by
// hand from the rule — with both engines, and prints a summary ending in "N passed, N failed".
//
// Layout: for a model models/NAME.model, each folder models/tests/NAME/CASE/ holds data/ (the
// exports, named as --data-dir expects), optionally `params` (one NAME=VALUE a line) and
// expected/OUTPUT.csv. An expected file's header names the output columns it checks (any
// subset, any order); its rows must equal the output's rows projected on those columns, as a
// multiset. An output with no expected file must be empty.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/driver/commands.h"
#include "compiler/session/run.h"
#include "compiler/session/session.h"
#include "compiler/sema/frontend.h"
#include "runtime/csv/reader.h"

namespace clue::cli {
namespace fs = std::filesystem;
namespace {

struct Expected {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

bool read_expected(const std::string& path, Expected& out, std::string& err, Lang lang) {
  csv::ReadOptions opt;
  opt.header_line = 1;
  csv::OpenResult r = csv::CsvFile::open(path, opt);
  if (!r.ok()) {
    if (!r.diagnostics.empty()) err = lang == Lang::Zh ? r.diagnostics[0].message_zh : r.diagnostics[0].message_en;
    // An expected file with only a header (no leads) is fine.
    if (!r.header.names.empty()) {
      out.columns = r.header.names;
      return true;
    }
    return false;
  }
  out.columns = r.file->header().names;
  csv::Record row;
  while (r.file->next(row)) {
    std::vector<std::string> cells;
    for (auto f : row.fields) cells.emplace_back(f);
    out.rows.push_back(std::move(cells));
  }
  return true;
}

std::string show_row(const std::vector<std::string>& r) {
  std::string s;
  for (size_t i = 0; i < r.size(); ++i) s += (i ? " | " : "") + r[i];
  return s;
}

// Compares one output with its expected rows; returns the differences (empty when equal).
std::vector<std::string> compare(const exec::OutputTable& got, const Expected& want, Lang lang) {
  std::vector<std::string> problems;
  std::vector<size_t> cols;
  for (const auto& c : want.columns) {
    auto it = std::find(got.columns.begin(), got.columns.end(), c);
    if (it == got.columns.end()) {
      problems.push_back(ui_text(TextId::TestNoOutputColumn, lang, {got.name, c}));
      return problems;
    }
    cols.push_back(size_t(it - got.columns.begin()));
  }
  std::multiset<std::vector<std::string>> a, b(want.rows.begin(), want.rows.end());
  for (const auto& r : got.rows) {
    std::vector<std::string> p;
    for (size_t c : cols) p.push_back(r[c]);
    a.insert(p);
  }
  auto add = [&](TextId id, const std::vector<std::string>& r) {
    std::string p = ui_text(id, lang, {got.name, show_row(r)});
    if (std::find(problems.begin(), problems.end(), p) == problems.end()) problems.push_back(std::move(p));
  };
  for (const auto& r : b)
    if (a.count(r) < b.count(r)) add(TextId::TestMissingRow, r);
  for (const auto& r : a)
    if (b.count(r) < a.count(r)) add(TextId::TestUnexpectedRow, r);
  return problems;
}

std::vector<std::string> read_lines(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

}  // namespace

int cmd_test(const TestArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  std::vector<fs::path> models;
  std::vector<std::string> paths = a.paths.empty() ? std::vector<std::string>{"models"} : a.paths;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".model") models.push_back(e.path());
    } else {
      models.emplace_back(p);
    }
  }
  std::sort(models.begin(), models.end());
  size_t passed = 0, failed = 0;
  for (const auto& model_path : models) {
    fs::path cases_dir = model_path.parent_path() / "tests" / model_path.stem();
    if (!fs::is_directory(cases_dir)) continue;
    session::Compiled cm;
    const session::CompileStatus st = session::compile(model_path.string(), plan_options(a.disabled_passes), cm);
    if (st == session::CompileStatus::Unreadable || st == session::CompileStatus::NotAFile)
      continue;
    std::vector<fs::path> cases;
    for (const auto& e : fs::directory_iterator(cases_dir))
      if (e.is_directory()) cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    for (const auto& case_dir : cases) {
      for (const char* engine : {"interp", "jit"}) {
        std::string label = model_path.stem().string() + "/" + case_dir.filename().string() + " [" + engine + "]";
        std::vector<std::string> problems;
        if (!cm.ok()) {
          problems.push_back(ui_text(TextId::TestModelHasErrors, lang));
        } else {
          RunArgs ra;
          ra.path = model_path.string();
          ra.data_dir = (case_dir / "data").string();
          ra.engine = engine;
          ra.jit_threshold = 0;  // fixtures are tiny: compile anyway, so both engines are tested
          ra.threads = 1;
          ra.params = read_lines(case_dir / "params");
          RunSession session;
          DiagnosticSink run_sink;
          SourceManager run_sm;
          if (!load_and_execute(*cm.fe.model, cm.plans.physical, ra, run_sm, run_sink, session, lang)) {
            for (const auto& d : run_sink.all()) problems.push_back(message(d, lang));
          } else {
            for (const auto& out : session.result.outputs) {
              fs::path exp = case_dir / "expected" / (out.name + ".csv");
              if (!fs::exists(exp)) {
                if (!out.rows.empty())
                  problems.push_back(
                      ui_text(TextId::TestUnexpectedLeads, lang, {out.name, std::to_string(out.rows.size())}));
                continue;
              }
              Expected want;
              std::string err;
              if (!read_expected(exp.string(), want, err, lang)) {
                problems.push_back(exp.string() + ": " + err);
                continue;
              }
              for (auto& p : compare(out, want, lang)) problems.push_back(std::move(p));
            }
          }
        }
        if (problems.empty()) {
          ++passed;
          if (a.verbose) std::cout << ui_text(TextId::TestPass, lang, {label}) << "\n";
        } else {
          ++failed;
          std::cout << ui_text(TextId::TestFail, lang, {label}) << "\n";
          for (const auto& p : problems) std::cout << "  " << p << "\n";
        }
      }
    }
  }
  std::cout << ui_text(TextId::TestSummary, lang, {std::to_string(passed), std::to_string(failed)}) << "\n";
  return failed ? kExitUserErrors : kExitOk;
}

}  // namespace clue::cli
