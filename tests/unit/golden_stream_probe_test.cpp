// Issue 19, a streamed probe side: a source that a hash join probes is parsed in pieces when
// the join runs, each piece filtered and looked up in the build side's keys, and only the rows
// that can still matter are kept (docs/engine.md, "A streamed probe side"). Nothing about the
// results may change. On a sample of the realistic generator, every model's output CSV files
// and rejects.csv, and the manifest's row accounting and per-node rows, are compared between
// a whole load (1 thread) and streamed loads in small pieces (CLUE_STREAM_PIECE_BYTES) on 1, 2
// and 4 threads with both engines. The manifest must say that the streaming happened, or the
// comparison would prove nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

// What must not change in the manifest: each input's row accounting and each plan node's rows
// in and out and null drops (its `taken` text says how, which streaming changes).
std::string accounting(const clue::test::Json& m) {
  std::string s;
  auto num = [](const clue::test::Json* j) { return j ? std::to_string(static_cast<long long>(j->n)) : "-"; };
  if (const auto* inputs = m.get("inputs"))
    for (const auto& in : inputs->items)
      for (const char* k : {"rows_read", "rows_used", "rows_rejected", "late_rows"})
        s += std::string(k) + "=" + num(in.get(k)) + " ";
  s += "\n";
  if (const auto* sources = m.get("sources"))
    for (const auto& src : sources->items) {
      s += num(src.get("duplicate_rows")) + " ";
      if (const auto* first = src.get("first_duplicate"))
        s += first->get("at")->s + "~" + first->get("repeats")->s + " ";
    }
  s += "\n";
  if (const auto* plan = m.get("plan"))
    if (const auto* nodes = plan->get("nodes"))
      for (const auto& n : nodes->items)
        s += num(n.get("id")) + ":" + num(n.get("rows_in")) + ">" + num(n.get("rows_out")) + "/" + num(n.get("null_dropped")) +
             " ";
  return s;
}

size_t streamed_joins(const clue::test::Json& m) {
  const auto* mem = m.get("memory");
  const auto* st = mem ? mem->get("streamed") : nullptr;
  return st ? st->items.size() : 0;
}

TEST(StreamProbe, StreamedInSmallPiecesEveryModelWritesTheSameFiles) {
  const fs::path base = fs::temp_directory_path() / ("clue_stream_probe_" + std::to_string(::getpid()));
  fs::remove_all(base);
  const fs::path data = base / "data";
  auto g = clue::test::run_command(std::string("'") + CLUE_GEN_BINARY + "' --out '" + data.string() + "' --scale 20000");
  ASSERT_EQ(g.exit_code, 0) << g.output;
  size_t models_streamed = 0;
  for (const char* model : {"due_claims", "provident_fund", "pension", "lowincome_power", "bars_near_schools",
                            "professional_lenders", "restricted_consumption", "judicial_auctions", "repealed_statutes",
                            "credit_card_lending", "detention_deadlines"}) {
    auto run = [&](const std::string& env, const std::string& engine, int threads, const fs::path& out) {
      return clue::test::run_command(env + "'" + CLUE_BINARY + "' run models/" + model + ".model --data-dir '" +
                                     data.string() + "' --out '" + out.string() + "' --lang en --jit-threshold 0 --engine " +
                                     engine + " --threads " + std::to_string(threads));
    };
    const fs::path whole = base / (std::string(model) + "_whole");
    auto r = run("", "interp", 1, whole);
    ASSERT_EQ(r.exit_code, 0) << model << "\n" << r.output;
    const auto want = clue::test::csv_files(whole.string());
    const auto want_manifest = clue::test::parse_json(clue::test::read_file((whole / "manifest.json").string()));
    ASSERT_TRUE(want_manifest) << model;
    EXPECT_EQ(streamed_joins(*want_manifest), 0u) << model << ": streamed without being asked to at 20 k rows";
    bool streamed = false;
    struct Variant {
      const char* engine;
      int threads;
      const char* piece_bytes;
    };
    // 4 KB: dozens of pieces in a 2-7 MB file, every wave of threads full; 300 bytes: about a
    // row a piece (rows whose record straddles a cut, empty pieces).
    for (const Variant& v : {Variant{"interp", 1, "4096"}, Variant{"jit", 1, "4096"}, Variant{"jit", 2, "4096"},
                             Variant{"interp", 4, "4096"}, Variant{"jit", 2, "300"}}) {
      const fs::path out = base / (std::string(model) + "_" + v.engine + std::to_string(v.threads) + "_" + v.piece_bytes);
      auto s = run(std::string("CLUE_STREAM_PIECE_BYTES=") + v.piece_bytes + " ", v.engine, v.threads, out);
      ASSERT_EQ(s.exit_code, 0) << model << " " << v.engine << " " << v.threads << "\n" << s.output;
      const auto got = clue::test::csv_files(out.string());
      ASSERT_EQ(got.size(), want.size()) << model;
      for (const auto& [name, bytes] : want)
        EXPECT_TRUE(got.at(name) == bytes) << model << ": " << name << " differs when streamed (" << v.engine << ", "
                                           << v.threads << " threads, pieces of " << v.piece_bytes << " bytes)";
      const auto m = clue::test::parse_json(clue::test::read_file((out / "manifest.json").string()));
      ASSERT_TRUE(m) << model;
      EXPECT_EQ(accounting(*want_manifest), accounting(*m)) << model << " (" << v.engine << ", " << v.threads << ")";
      if (streamed_joins(*m) > 0) {
        streamed = true;
        EXPECT_NE(s.output.find("streamed in"), std::string::npos) << model << ": the summary does not say so\n"
                                                                   << s.output;
      }
    }
    models_streamed += streamed;
    if (std::string(model) == "due_claims" || std::string(model) == "provident_fund")
      EXPECT_TRUE(streamed) << model << ": no probe side was streamed";
  }
  EXPECT_GE(models_streamed, 2u);
  fs::remove_all(base);
}

}  // namespace
