// Hostile models and inputs: only regular files are read (models, imports, data files, `why`
// inputs); imports stay inside the model's folder tree and files that are not models are never
// quoted; `clue run` on something that is not a runnable model fails.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "runtime/csv/input.h"
#include "runtime/fs/regular_file.h"
#include "tests/unit/hostile_support.h"

namespace clue {
namespace {

namespace stdfs = std::filesystem;
using fsafe::PathKind;

TEST(HostileFiles, OnlyRegularFilesOpen) {
  test::TempDir dir("hostile_kinds");
  const std::string fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string file = dir.write("f.txt", "x");
  stdfs::create_symlink(file, dir / "link");
  PathKind kind;
  std::string err, text;
  // A FIFO without a writer: refused at once, not waited on (the test would hang otherwise).
  EXPECT_EQ(fsafe::open_regular(fifo, &kind, &err), -1);
  EXPECT_EQ(kind, PathKind::Fifo);
  EXPECT_FALSE(fsafe::read_regular("/dev/zero", text, &kind, &err));
  EXPECT_EQ(kind, PathKind::CharDevice);
  EXPECT_FALSE(fsafe::read_regular(dir.path().string(), text, &kind, &err));
  EXPECT_EQ(kind, PathKind::Directory);
  EXPECT_TRUE(fsafe::read_regular(dir / "link", text, &kind, &err)) << err;  // a link to a file is fine
  EXPECT_EQ(text, "x");
  // The CSV reader's input too (it read FIFOs and devices until they ended).
  csv::InputFile in;
  EXPECT_FALSE(in.open("/dev/zero", &err));
  EXPECT_FALSE(in.open(fifo, &err));
}

TEST(HostileFiles, RunRefusesADeviceOrFolderAsData) {
  test::TempDir dir("hostile_data_dev");
  auto r = test::clue("run tests/golden/diagnostics/lib/due_claims_small.model --data zb=/dev/zero --data civil=" +
                      dir.path().string() + " --out " + (dir / "out") + " --lang en");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("[E0550]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a device"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a folder"), std::string::npos) << r.output;
}

TEST(HostileFiles, ModelsThatAreNotFilesOrHaveNothingToRun) {
  test::TempDir dir("hostile_models");
  const std::string fifo = dir / "m.model";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& model : {fifo, std::string("/dev/zero"), dir.path().string()}) {
    auto r = test::clue("run " + model + " --out " + (dir / "out"));
    EXPECT_EQ(r.exit_code, 2) << model << r.output;
    EXPECT_NE(r.output.find("[U0311]"), std::string::npos) << r.output;
    r = test::clue("lint " + model + (model == dir.path().string() ? "/m.model" : ""));
    EXPECT_NE(r.exit_code, 0) << model << r.output;
  }
  // An empty file and a library of schemas check clean but have nothing to run.
  for (const std::string& model : {dir.write("empty.model", ""), std::string(test::kCourtSchemas)}) {
    auto r = test::clue("run " + model + " --out " + (dir / "out"));
    EXPECT_EQ(r.exit_code, 1) << model << r.output;
    EXPECT_NE(r.output.find("[E0552]"), std::string::npos) << r.output;
    EXPECT_FALSE(stdfs::exists(dir / "out"));
  }
}

TEST(HostileFiles, ImportsStayInTheModelsFolderTree) {
  test::TempDir dir("hostile_imports");
  test::TempDir outside("hostile_imports_outside");
  outside.write("secret.model", "schema 秘密 { 口令: text }\n# SECRET-CONTENT\n");
  stdfs::create_directories(dir / "m");
  stdfs::create_symlink(outside / "secret.model", dir / "m/link.model");
  for (const std::string& target : {std::string("/etc/passwd"), std::string("../../etc/passwd"), outside / "secret.model", std::string("link.model"),
                                    "../" + stdfs::path(dir.path()).filename().string() + "/../x.model"}) {
    const std::string model = dir.write("m/main.model", "import \"" + target + "\"\n");
    auto r = test::clue("lint --lang en " + model);
    EXPECT_EQ(r.exit_code, 1) << target << "\n" << r.output;
    EXPECT_NE(r.output.find("[E0214]"), std::string::npos) << target << "\n" << r.output;
    EXPECT_EQ(r.output.find("root:"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("SECRET-CONTENT"), std::string::npos) << r.output;
  }
  // Inside the tree is fine, through sub-folders and back up to the root.
  dir.write("m/lib/s.model", "schema S { x: text }\n");
  dir.write("m/sub/a.model", "import \"../lib/s.model\"\n");
  auto r = test::clue("lint --lang en " + dir.write("m/main.model", "import \"sub/../lib/s.model\"\n"));
  EXPECT_EQ(r.output.find("E0214"), std::string::npos) << r.output;
}

// A missing import inside the tree is still "not found" (E0206), also when the model is in the
// current folder and no part of the import's path exists.
TEST(HostileFiles, AMissingImportIsNotFoundNotOutside) {
  test::TempDir dir("hostile_missing_import");
  dir.write("m.model", "import \"missing/x.model\"\n");
  auto r = test::run_command("cd '" + dir.path().string() + "' && '" + CLUE_BINARY + "' lint --lang en m.model");
  EXPECT_NE(r.output.find("[E0206]"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("[E0214]"), std::string::npos) << r.output;
}

TEST(HostileFiles, AnImportThatIsNotAModelIsNeverQuoted) {
  test::TempDir dir("hostile_not_model");
  dir.write("data.csv", "身份证号,姓名\n110101199003077777,SECRET-NAME\n");
  dir.write("blob.model", std::string("\x7f" "ELF\0\0\0SECRET-BINARY", 15));
  dir.write("gbk.model", "\xd6\xd5\xb1\xbe SECRET-GBK\n");
  const std::string fifo = dir / "pipe.model";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string target : {"data.csv", "blob.model", "gbk.model"}) {
    auto r = test::clue("lint --lang en " + dir.write("main.model", "import \"" + target + "\"\n"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("[E0113]"), std::string::npos) << target << "\n" << r.output;
    EXPECT_EQ(r.output.find("SECRET"), std::string::npos) << r.output;
  }
  auto r = test::clue("lint --lang en " + dir.write("main.model", "import \"pipe.model\"\n"));
  EXPECT_NE(r.output.find("[E0215]"), std::string::npos) << r.output;
  // A binary model named on the command line: said so, not shown.
  r = test::clue("lint --lang en " + (dir / "blob.model"));
  EXPECT_NE(r.output.find("[E0113]"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("SECRET"), std::string::npos) << r.output;
}

TEST(HostileFiles, WhyRefusesAManifestThatIsADevice) {
  test::TempDir dir("hostile_why");
  stdfs::create_symlink("/dev/zero", dir / "manifest.json");
  auto r = test::clue("why " + dir.path().string() + " 1 --lang en");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("[U0301]"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace clue
