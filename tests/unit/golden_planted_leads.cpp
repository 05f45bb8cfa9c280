// The model library against the generator: on a 100,000-row sample, each of models 1–11 must
// find exactly the leads the generator planted (expected.json, computed by construction, not
// by running Clue), compared on the key columns the generator names; for models 7–11 every
// output listed under models.<name>.outputs is compared.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "runtime/csv/reader.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

const fs::path& sample_dir() {
  static fs::path dir = [] {
    // One sample per test process: ctest runs the cases in parallel processes.
    fs::path d = fs::temp_directory_path() / ("clue_planted_100k_" + std::to_string(::getpid()));
    fs::remove_all(d);
    auto r = clue::test::run_command(std::string("'") + CLUE_GEN_BINARY + "' --out '" + d.string() + "' --scale 100000");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::atexit([] { std::error_code ec; fs::remove_all(fs::temp_directory_path() / ("clue_planted_100k_" + std::to_string(::getpid())), ec); });
    return d;
  }();
  return dir;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& p, std::vector<std::string>& header) {
  clue::csv::ReadOptions opt;
  opt.header_line = 1;
  auto r = clue::csv::CsvFile::open(p.string(), opt);
  std::vector<std::vector<std::string>> rows;
  if (!r.ok()) return rows;
  header = r.file->header().names;
  clue::csv::Record rec;
  while (r.file->next(rec)) {
    std::vector<std::string> cells;
    for (auto f : rec.fields) cells.emplace_back(f);
    rows.push_back(cells);
  }
  return rows;
}

std::string cell_text(const clue::test::Json& j) {
  if (j.kind == clue::test::Json::String) return j.s;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", j.n);
  return buf;
}

// Compares one lead file with one expected.json entry ({count, columns, keys}).
void compare_output(const fs::path& leads, const clue::test::Json& m, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(fs::exists(leads)) << leads;
  std::vector<std::string> header;
  auto rows = read_csv(leads, header);
  std::vector<size_t> cols;
  std::vector<bool> numeric;
  for (const auto& c : m.get("columns")->items) {
    auto it = std::find(header.begin(), header.end(), c.s);
    ASSERT_NE(it, header.end()) << "output has no column " << c.s;
    cols.push_back(size_t(it - header.begin()));
  }
  ASSERT_FALSE(m.get("keys")->items.empty()) << "nothing planted";
  for (const auto& c : m.get("keys")->items.at(0).items) numeric.push_back(c.kind == clue::test::Json::Number);
  std::multiset<std::vector<std::string>> got, want;
  for (const auto& row : rows) {
    std::vector<std::string> k;
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string v = row[cols[i]];
      if (numeric[i]) {  // distances and counts: compared to the generator's 0.1 precision
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", std::round(std::stod(v) * 10) / 10);
        v = buf;
      }
      k.push_back(v);
    }
    got.insert(k);
  }
  for (const auto& key : m.get("keys")->items) {
    std::vector<std::string> k;
    for (const auto& c : key.items) k.push_back(cell_text(c));
    want.insert(k);
  }
  EXPECT_EQ(size_t(m.get("count")->n), rows.size());
  EXPECT_EQ(got, want);
}

class PlantedLeads : public ::testing::TestWithParam<std::string> {};

TEST_P(PlantedLeads, ModelFindsExactlyThePlantedLeads) {
  const std::string model = GetParam();
  std::string err;
  auto expected = clue::test::parse_json(clue::test::read_file((sample_dir() / "expected.json").string()), &err);
  ASSERT_TRUE(expected) << err;
  const auto* m = expected->get("models")->get(model);
  ASSERT_TRUE(m) << model;
  fs::path out = fs::temp_directory_path() / ("clue_planted_out_" + model + "_" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' run models/" + model + ".model --data-dir '" +
                                   sample_dir().string() + "' --out '" + out.string() + "' --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  if (const auto* outs = m->get("outputs")) {
    // Models 7-11: every output listed in expected.json is written as <output>.csv.
    ASSERT_FALSE(outs->fields.empty());
    for (const auto& [name, e] : outs->fields) compare_output(out / (name + ".csv"), e, model + "/" + name);
  } else {
    // Models 1-6: the model's one lead file (everything but rejects.csv and manifest.json).
    fs::path leads;
    for (const auto& e : fs::directory_iterator(out))
      if (e.path().extension() == ".csv" && e.path().filename() != "rejects.csv") leads = e.path();
    ASSERT_FALSE(leads.empty());
    compare_output(leads, *m, model);
  }
  fs::remove_all(out);
}

// The shipped sample (tools/demo's: clue-gen --scale 2000) with each plan pass switched off:
// every lead file must be byte-identical to the run with the whole pipeline (the passes decide
// how a model runs, never what it finds). Without join-keys every join is a nested loop over
// all pairs, which this sample's size keeps cheap.
const fs::path& demo_sample() {
  static fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("clue_demo_sample_" + std::to_string(::getpid()));
    fs::remove_all(d);
    auto r = clue::test::run_command(std::string("'") + CLUE_GEN_BINARY + "' --out '" + d.string() + "' --scale 2000");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::atexit([] { std::error_code ec; fs::remove_all(fs::temp_directory_path() / ("clue_demo_sample_" + std::to_string(::getpid())), ec); });
    return d;
  }();
  return dir;
}

class ShippedSample : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedSample, EachPassOffGivesTheSameLeads) {
  const std::string model = GetParam();
  auto run = [&](const std::string& extra, const std::string& tag) {
    fs::path out = fs::temp_directory_path() / ("clue_pass_off_" + model + "_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(out);
    std::string cmd = std::string("'") + CLUE_BINARY + "' run models/" + model + ".model --data-dir '" +
                      demo_sample().string() + "' --out '" + out.string() + "' --lang en --threads 1 " + extra;
    auto r = clue::test::run_command(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    std::map<std::string, std::string> leads;
    if (fs::exists(out))
      for (const auto& e : fs::directory_iterator(out))
        if (e.path().extension() == ".csv" && e.path().filename() != "rejects.csv")
          leads[e.path().filename().string()] = clue::test::read_file(e.path().string());
    fs::remove_all(out);
    return leads;
  };
  const auto reference = run("", "all");
  ASSERT_FALSE(reference.empty());
  auto list = clue::test::run_command(std::string("'") + CLUE_BINARY + "' explain --list-passes");
  std::istringstream names(list.output);
  size_t passes = 0;
  for (std::string pass; std::getline(names, pass);) {
    if (pass.empty()) continue;
    ++passes;
    for (const char* engine : {"interp", "jit"}) {
      auto got = run(std::string("--jit-threshold 0 --engine ") + engine + " --disable-pass " + pass, pass + engine);
      EXPECT_EQ(got.size(), reference.size()) << pass;
      for (const auto& [file, text] : reference)
        EXPECT_TRUE(got.count(file) && got.at(file) == text) << file << " differs with --disable-pass " << pass << " ("
                                                             << engine << ")";
    }
  }
  EXPECT_GE(passes, 5u);
}

// `explain --emit=physical` with data runs the plan and shows, under every node, the rows it
// took and gave (a sub-plan printed a second time refers to the first).
TEST_P(ShippedSample, ExplainPhysicalShowsEveryNodeAsItRan) {
  const std::string model = GetParam();
  std::string cmd = std::string("'") + CLUE_BINARY + "' explain models/" + model + ".model --emit=physical --data-dir '" +
                    demo_sample().string() + "' --lang en";
  auto r = clue::test::run_command(cmd);
  ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  std::istringstream in(r.output);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  size_t nodes = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    size_t hash = l.find_first_not_of(' ');
    if (hash == std::string::npos || l[hash] != '#' || l.find("(shared: shown above)") != std::string::npos) continue;
    ++nodes;
    ASSERT_LT(i + 1, lines.size()) << l;
    EXPECT_EQ(lines[i + 1].find_first_not_of(' '), hash + 3) << "no stats under: " << l;
    EXPECT_EQ(lines[i + 1].compare(hash + 3, 5, "rows "), 0) << "no stats under: " << l;
  }
  EXPECT_GE(nodes, 5u) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Models, ShippedSample,
                         ::testing::Values("due_claims", "provident_fund", "pension", "lowincome_power",
                                           "bars_near_schools", "professional_lenders", "restricted_consumption",
                                           "judicial_auctions", "repealed_statutes", "credit_card_lending",
                                           "detention_deadlines"));

INSTANTIATE_TEST_SUITE_P(Models, PlantedLeads,
                         ::testing::Values("due_claims", "provident_fund", "pension", "lowincome_power",
                                           "bars_near_schools", "professional_lenders", "restricted_consumption",
                                           "judicial_auctions", "repealed_statutes", "credit_card_lending",
                                           "detention_deadlines"));

}  // namespace
