// The memory budget (--max-memory; runtime/exec/memory_budget.h): the big consumers are
// accounted where they are allocated, and a run that cannot stay inside its budget stops with
// E0580, naming what needed the memory, instead of a partial result or the OOM killer. Run in
// process (no address-space limit), so that a budget of a few KB is reached by the accounting
// itself and not by the process's own start.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/session/run.h"
#include "compiler/session/session.h"
#include "runtime/exec/grace_join.h"
#include "runtime/exec/memory_budget.h"
#include "runtime/table/memory.h"

namespace clue {
namespace {

const std::string kCase = std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/join_kinds";

bool run_with(uint64_t budget, session::Compiled& cm, session::RunSession& s, bool stream = false) {
  EXPECT_EQ(session::compile(kCase + "/model.model", {}, cm), session::CompileStatus::Ok);
  session::RunOptions ro;
  ro.data = {"p=" + kCase + "/data/人员.csv", "r=" + kCase + "/data/记录.csv"};
  ro.engine = "interp";
  ro.threads = 1;
  ro.input_hash = "none";
  ro.memory_budget = budget;
  ro.stream_always = stream;
  ro.stream_piece_bytes = stream ? 64 : 0;
  return session::load_and_execute(*cm.fe.model, cm.plans.physical, ro, cm.sm, cm.sink, s, Lang::En);
}

const Diagnostic* find_code(const DiagnosticSink& sink, const char* code) {
  for (const Diagnostic& d : sink.all())
    if (diag_info(d.id).code == std::string(code)) return &d;
  return nullptr;
}

TEST(MemoryBudget, ABudgetTooSmallForTheLoadedColumnsIsE0580InBothLanguages) {
  session::Compiled cm;
  session::RunSession s;
  EXPECT_FALSE(run_with(100, cm, s));
  const Diagnostic* d = find_code(cm.sink, "E0580");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(std::regex_match(message(*d, Lang::En),
                               std::regex("the run needs more memory than its budget of 100 B allows: [0-9.]+ (B|KiB) "
                                          "more for the loaded columns, with [0-9.]+ (B|KiB) already in use")))
      << message(*d, Lang::En);
  EXPECT_TRUE(std::regex_match(message(*d, Lang::Zh),
                               std::regex("运行所需内存超过预算 100 B：已读取的列还需 [0-9.]+ (B|KiB)，而已占用 [0-9.]+ (B|KiB)")))
      << message(*d, Lang::Zh);
  EXPECT_TRUE(s.result.outputs.empty()) << "no result past the budget";
}

// A generated sample (realistic density, 20 k 终本 rows), made once for the tests below.
const std::string& sample_dir() {
  static const std::string dir = [] {
    const std::string d = ::testing::TempDir() + "clue_budget_sample_" + std::to_string(::getpid());
    const std::string gen = std::string("'") + CLUE_GEN_BINARY + "' --out '" + d + "' --scale 20000 >/dev/null";
    EXPECT_EQ(std::system(gen.c_str()), 0);
    return d;
  }();
  return dir;
}

bool run_sample(const char* model, uint64_t budget, session::Compiled& cm, session::RunSession& s, bool stream) {
  EXPECT_EQ(session::compile(std::string(CLUE_SOURCE_DIR) + "/models/" + model + ".model", {}, cm),
            session::CompileStatus::Ok);
  session::RunOptions ro;
  ro.data_dir = sample_dir();
  ro.engine = "interp";
  ro.threads = 1;
  ro.input_hash = "none";
  ro.memory_budget = budget;
  ro.stream_always = stream;
  ro.stream_piece_bytes = stream ? 4096 : 0;
  ro.stream_never = !stream;  // a budget smaller than the inputs would stream them otherwise
  ro.spill_dir = sample_dir() + "/spill";
  return session::load_and_execute(*cm.fe.model, cm.plans.physical, ro, cm.sm, cm.sink, s, Lang::En);
}

TEST(MemoryBudget, AStreamedSourcesPiecesAreAccountedToo) {
  // The budget the whole run needs, measured; then the same run with a byte less, and with it.
  for (const char* model : {"due_claims", "provident_fund"}) {
    session::Compiled cm;
    session::RunSession s;
    ASSERT_TRUE(run_sample(model, uint64_t{1} << 30, cm, s, true)) << model;
    ASSERT_FALSE(s.result.streamed.empty()) << model << ": nothing streamed, the test proves nothing";
    const uint64_t peak = s.budget->peak();
    EXPECT_GT(peak, 0u);
    session::Compiled cm2;
    session::RunSession s2;
    EXPECT_FALSE(run_sample(model, peak - 1, cm2, s2, true)) << model;
    EXPECT_NE(find_code(cm2.sink, "E0580"), nullptr) << model;
    session::Compiled cm3;
    session::RunSession s3;
    EXPECT_TRUE(run_sample(model, peak, cm3, s3, true)) << model << ": the peak itself must be enough";
    EXPECT_EQ(s.result.outputs[0].rows, s3.result.outputs[0].rows) << model;
  }
}

}  // namespace
}  // namespace clue

namespace clue {
namespace {

// Spilling (runtime/exec/grace_join.h), on the join alone: both sides' keys through partition
// files give hash_join_int64's pairs in (left, right) order.
TEST(MemoryBudget, AGraceJoinGivesTheHashJoinsPairs) {
  std::vector<int64_t> lk, rk;
  std::vector<uint8_t> lv, rv;
  for (int i = 0; i < 5000; ++i) {
    lk.push_back(i % 1700);
    lv.push_back(i % 13 != 0);
    rk.push_back((i * 7) % 2300);
    rv.push_back(i % 11 != 0);
  }
  const exec::Int64Keys l{lk.data(), lv.data(), lk.size()}, r{rk.data(), rv.data(), rk.size()};
  for (bool build_left : {false, true}) {
    std::vector<uint32_t> want_l, got_l;
    std::vector<int64_t> want_r, got_r;
    exec::HashJoinStats hs, gs;
    exec::hash_join_int64(l, r, build_left, want_l, want_r, hs);
    std::vector<std::pair<uint32_t, int64_t>> want;
    for (size_t k = 0; k < want_l.size(); ++k) want.emplace_back(want_l[k], want_r[k]);
    std::sort(want.begin(), want.end());
    exec::SpillStats spill;
    const std::string dir = ::testing::TempDir() + "clue_grace_" + std::to_string(::getpid()) + "/join-1";
    exec::grace_join_int64(l, r, build_left, got_l, got_r, gs, dir, 8, nullptr, spill);
    std::vector<std::pair<uint32_t, int64_t>> got;
    for (size_t k = 0; k < got_l.size(); ++k) got.emplace_back(got_l[k], got_r[k]);
    EXPECT_EQ(want, got) << "build_left " << build_left;
    EXPECT_GT(want.size(), 1000u);
    EXPECT_EQ(spill.partitions, 8u);
    EXPECT_FALSE(std::filesystem::exists(dir)) << "the partition files stay behind";
  }
}

TEST(MemoryBudget, ASpillFolderThatCannotBeMadeIsE0581) {
  std::vector<int64_t> k{1, 2, 3};
  std::vector<uint8_t> v{1, 1, 1};
  const exec::Int64Keys keys{k.data(), v.data(), k.size()};
  std::vector<uint32_t> l;
  std::vector<int64_t> r;
  exec::HashJoinStats hs;
  exec::SpillStats spill;
  // Where the spill folder should be, a file.
  const std::string file = ::testing::TempDir() + "clue_e0581_" + std::to_string(::getpid());
  { std::ofstream(file) << "x"; }
  try {
    exec::grace_join_int64(keys, keys, false, l, r, hs, file + "/spill/join-4", 2, nullptr, spill);
    ADD_FAILURE() << "no error";
  } catch (const exec::SpillError& e) {
    EXPECT_EQ(e.code, "E0581");
    DiagnosticSink sink;
    sink.report(DiagId::SpillFailed, Span{}, {e.path, e.detail});
    EXPECT_EQ(message(sink.all()[0], Lang::En),
              "a join spilling to disk cannot write or read '" + file + "/spill': Not a directory");
    EXPECT_EQ(message(sink.all()[0], Lang::Zh), "溢写到磁盘的连接无法写入或读取“" + file + "/spill”：Not a directory");
  }
  std::filesystem::remove(file);
}

TEST(MemoryBudget, APartitionThatStillDoesNotFitIsE0582) {
  std::vector<int64_t> k(12, 42);  // one key: every row in one partition
  std::vector<uint8_t> v(12, 1);
  const exec::Int64Keys keys{k.data(), v.data(), k.size()};
  std::vector<uint32_t> l;
  std::vector<int64_t> r;
  exec::HashJoinStats hs;
  exec::SpillStats spill;
  exec::MemoryBudget budget(512);  // a partition's table of 32 slots and its records: 720 bytes
  try {
    exec::grace_join_int64(keys, keys, false, l, r, hs,
                           ::testing::TempDir() + "clue_e0582_" + std::to_string(::getpid()) + "/join-1", 2, &budget,
                           spill);
    ADD_FAILURE() << "no error";
  } catch (const exec::SpillError& e) {
    EXPECT_EQ(e.code, "E0582");
    DiagnosticSink sink;
    sink.report(DiagId::SpillPartitionTooLarge, Span{},
                {session::bytes_text(budget.limit()), e.path, bilingual(e.detail + " build rows", e.detail + " 个构建行")});
    const std::string en = message(sink.all()[0], Lang::En), zh = message(sink.all()[0], Lang::Zh);
    EXPECT_TRUE(en == "a join spilled to disk still does not fit the memory budget of 512 B: partition 1/2 (12 build rows)" ||
                en == "a join spilled to disk still does not fit the memory budget of 512 B: partition 2/2 (12 build rows)")
        << en;
    EXPECT_NE(zh.find("溢写到磁盘的连接仍超出内存预算 512 B：分区 "), std::string::npos) << zh;
    EXPECT_NE(zh.find("（12 个构建行）"), std::string::npos) << zh;
  }
}

// A budget the loaded columns fit but the join's table does not: the join spills, in as many
// partitions as make each fit, and the leads are those of the run in memory. On a generated
// sample, where the build side has thousands of rows.
TEST(MemoryBudget, AJoinWhoseTableDoesNotFitSpillsAndFindsTheSameLeads) {
  session::Compiled cm;
  session::RunSession s;
  ASSERT_TRUE(run_sample("due_claims", uint64_t{1} << 30, cm, s, false));
  ASSERT_TRUE(s.result.spilled.empty());
  uint64_t loaded = 0;
  for (const rt::Table* t : s.tables)
    if (t) loaded += rt::table_bytes(*t);
  // The loaded columns and 200 KB: the 终本 side's table (about 14 k rows: 32 k slots, some
  // 450 KB) does not fit.
  session::Compiled cm2;
  session::RunSession s2;
  const bool ran = run_sample("due_claims", loaded + (200 << 10), cm2, s2, false);
  std::string said;
  for (const Diagnostic& d : cm2.sink.all()) said += message(d, Lang::En) + "\n";
  ASSERT_TRUE(ran) << "an error instead of a spill: " << said;
  ASSERT_EQ(s2.result.spilled.size(), 1u);
  EXPECT_GE(s2.result.spilled[0].partitions, 4u);
  ASSERT_EQ(s.result.outputs.size(), s2.result.outputs.size());
  EXPECT_EQ(s.result.outputs[0].rows, s2.result.outputs[0].rows);
  EXPECT_GT(s.result.outputs[0].rows.size(), 100u);
  EXPECT_FALSE(std::filesystem::exists(sample_dir() + "/spill/join-" + std::to_string(s2.result.spilled[0].join)));
}

}  // namespace
}  // namespace clue
