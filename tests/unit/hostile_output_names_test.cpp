// Hostile models: output names that are paths or reserved names are refused at lint time
// (E0111, E0112), and the run's writer refuses them again (runtime/io/run_dir.h).
#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/fs/file_names.h"
#include "runtime/io/run_dir.h"
#include "tests/unit/hostile_support.h"

namespace clue {
namespace {

namespace stdfs = std::filesystem;
using fsafe::NameProblem;

TEST(HostileOutputNames, PathsControlCharactersAndWindowsNamesAreNotPlain) {
  for (const char* bad : {"", "../x", "a/b", "/etc/passwd", "..", ".", ".hidden", "a\\b", "a:b", "a*", "a?", "trailing.",
                          "trailing ", "a\x01" "b", "a\x1b[31m", "\xE2\x80\xAE" "evil"})
    EXPECT_EQ(fsafe::check_output_name(bad).kind, NameProblem::NotPlain) << bad;
  EXPECT_EQ(fsafe::check_output_name(std::string("a\0b", 3)).kind, NameProblem::NotPlain);
  EXPECT_EQ(fsafe::check_output_name(std::string(201, 'a')).kind, NameProblem::NotPlain);
  for (const char* reserved : {"rejects", "REJECTS", "manifest", "Manifest", "con", "NUL", "com1", "LPT9", "aux.leads"})
    EXPECT_EQ(fsafe::check_output_name(reserved).kind, NameProblem::Reserved) << reserved;
  for (const char* fine : {"leads", "线索", "距离(米)", "leads_2024", "a.b", "console", "com10", "rejects2"})
    EXPECT_EQ(fsafe::check_output_name(fine).kind, NameProblem::None) << fine;
}

TEST(HostileOutputNames, LintRejectsAnEscapingOutputName) {
  test::TempDir dir("hostile_names");
  std::filesystem::copy_file(test::kCourtSchemas, dir / "court.model");
  const std::string model = dir.write("m.model", test::small_model("`../../escaped`"));
  auto r = test::clue("lint --lang en " + model);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("[E0111]"), std::string::npos) << r.output;
  // And `clue run` stops before writing anything anywhere.
  r = test::clue("run " + model + " " + test::small_data_args() + " --out " + (dir / "out"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_FALSE(stdfs::exists(dir.path().parent_path() / "escaped.csv"));
  EXPECT_FALSE(stdfs::exists(dir / "out"));
}

TEST(HostileOutputNames, AnOutputNamedRejectsIsReserved) {
  test::TempDir dir("hostile_rejects");
  std::filesystem::copy_file(test::kCourtSchemas, dir / "court.model");
  const std::string model = dir.write("m.model", test::small_model("Rejects"));
  auto r = test::clue("lint --lang en " + model);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("[E0112]"), std::string::npos) << r.output;
}

// Defence in depth: whatever reaches the writer, it writes only plain names in its folder.
TEST(HostileOutputNames, TheRunFolderRefusesANameThatIsNotPlain) {
  test::TempDir dir("hostile_rundir_names");
  io::RunDir run;
  ASSERT_FALSE(run.open(dir / "out"));
  EXPECT_EQ(run.staged("../x.csv"), "");
  EXPECT_EQ(run.staged("/etc/x.csv"), "");
  EXPECT_EQ(run.staged(".."), "");
  EXPECT_EQ(run.staged(std::string("a\nb.csv")), "");
  EXPECT_NE(run.staged("leads.csv"), "");
  EXPECT_EQ(stdfs::path(run.staged("leads.csv")).parent_path(), stdfs::path(run.staging()));
}

}  // namespace
}  // namespace clue
