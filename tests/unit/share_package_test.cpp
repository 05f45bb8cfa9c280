// Packages: pack -> verify -> install -> run works; one byte changed in a packed file (E0632) or
// in the signed package.json (E0633), a key not in the trust store (E0634) and an unsigned
// package (E0635) make verify fail; an untrusted package installs only with --allow-untrusted
// and every run of it says so (W0602, "trusted": false in the manifest).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "compiler/share/package.h"
#include "runtime/io/files.h"
#include "compiler/share/semver.h"
#include "compiler/share/signing.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;
using clue::test::write_file;

namespace {
std::string clue_cmd() { return std::string("'") + CLUE_BINARY + "'"; }

// Replaces the first `from` after `after` in the file with `to` (same length: one byte changed).
void change_byte(const std::string& path, const std::string& after, const std::string& from, const std::string& to) {
  std::string s = read_file(path);
  const size_t start = s.find(after);
  ASSERT_NE(start, std::string::npos) << after;
  const size_t at = s.find(from, start);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  write_file(path, s);
}
}  // namespace

TEST(Package, PackVerifyInstallRunAndTampering) {
  const fs::path w = fs::temp_directory_path() / ("clue_pkg_" + std::to_string(::getpid()));
  fs::remove_all(w);
  fs::create_directories(w / "trust");
  const std::string c = clue_cmd(), W = "'" + w.string() + "'";
  ASSERT_EQ(run_command(c + " keygen --out " + W + "/office --owner 示例县院").exit_code, 0);
  ASSERT_EQ(run_command(c + " keygen --out " + W + "/stranger").exit_code, 0);
  fs::copy_file(w / "office.pub", w / "trust/office.pub");
  EXPECT_EQ(fs::status(w / "office.key").permissions() & fs::perms::group_read, fs::perms::none);

  auto pack = run_command(c + " pack models/due_claims.model --key " + W + "/office.key --out " + W + "/dc.cluepkg --lang en");
  ASSERT_EQ(pack.exit_code, 0) << pack.output;
  clue::share::Package pkg;
  ASSERT_EQ(clue::share::read_archive(read_file((w / "dc.cluepkg").string()), pkg), "");
  EXPECT_EQ(pkg.name, "due_claims");
  EXPECT_EQ(pkg.version, "1.0.0");
  EXPECT_EQ(pkg.model, "due_claims.model");
  bool has_schema = false, has_fixture = false;
  for (const auto& f : pkg.files) {
    has_schema |= f.path == "schemas/court.model";
    has_fixture |= f.path.rfind("tests/due_claims/", 0) == 0;
  }
  EXPECT_TRUE(has_schema);
  EXPECT_TRUE(has_fixture);
  EXPECT_NE(pkg.meta.find("\"jurisdiction\""), std::string::npos);
  EXPECT_NE(pkg.meta.find("\"结案方式白名单\""), std::string::npos);  // params with defaults

  const std::string trust = " --trust " + W + "/trust";
  auto ok = run_command(c + " verify " + W + "/dc.cluepkg" + trust + " --lang en");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("signed by trusted key"), std::string::npos) << ok.output;

  // Install, then run the installed model on data: the manifest names the package, trusted.
  auto inst = run_command(c + " install " + W + "/dc.cluepkg" + trust + " --library " + W + "/lib --lang en");
  ASSERT_EQ(inst.exit_code, 0) << inst.output;
  const fs::path installed = w / "lib/due_claims/1.0.0/due_claims.model";
  ASSERT_TRUE(fs::exists(installed));
  auto run = run_command(c + " run '" + installed.string() + "' --data-dir tests/golden/run/due_claims_dirty/data --out " + W +
                         "/out --lang en");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find("W0602"), std::string::npos) << run.output;
  EXPECT_NE(read_file((w / "out/manifest.json").string()).find("\"trusted\": true"), std::string::npos);
  // The library lists it, and shows its params and the exports it needs, in zh and en.
  auto list = run_command(c + " library list --library " + W + "/lib --lang en");
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("due_claims 1.0.0  涉诉到期债权民事执行监督"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("trusted]"), std::string::npos) << list.output;
  auto show = run_command(c + " library show due_claims --library " + W + "/lib --lang zh");
  EXPECT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("结案方式白名单: list<text> = 判决,调解成功"), std::string::npos) << show.output;
  // Each param with what it means: the comment beside its declaration, kept in package.json.
  EXPECT_NE(show.output.find("结案方式白名单: list<text> = 判决,调解成功  — 民事案件以这些方式结案才算原告胜诉"), std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("适用辖区：浙江省衢州市衢江区"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("所需导出文件"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("zb ← 终本案件"), std::string::npos) << show.output;
  // A version once installed is not replaced.
  auto twice = run_command(c + " install " + W + "/dc.cluepkg" + trust + " --library " + W + "/lib --lang en");
  EXPECT_EQ(twice.exit_code, 1) << twice.output;
  EXPECT_NE(twice.output.find("error[E0640]"), std::string::npos) << twice.output;

  // One byte of a packed file changed: its SHA-256 no longer matches (E0632).
  fs::copy_file(w / "dc.cluepkg", w / "file.cluepkg");
  change_byte((w / "file.cluepkg").string(), "entry", "被执行人: text", "被执行人: Text");
  auto file = run_command(c + " verify " + W + "/file.cluepkg" + trust + " --lang en");
  EXPECT_EQ(file.exit_code, 1) << file.output;
  EXPECT_NE(file.output.find("error[E0632]"), std::string::npos) << file.output;

  // One byte of the signed package.json changed: the signature fails (E0633).
  fs::copy_file(w / "dc.cluepkg", w / "meta.cluepkg");
  change_byte((w / "meta.cluepkg").string(), "\"version\"", "1.0.0", "1.0.1");
  auto meta = run_command(c + " verify " + W + "/meta.cluepkg" + trust + " --lang en");
  EXPECT_EQ(meta.exit_code, 1) << meta.output;
  EXPECT_NE(meta.output.find("error[E0633]"), std::string::npos) << meta.output;

  // Signed with a key the trust store does not hold (E0634).
  ASSERT_EQ(run_command(c + " pack models/due_claims.model --key " + W + "/stranger.key --out " + W + "/s.cluepkg").exit_code, 0);
  auto stranger = run_command(c + " verify " + W + "/s.cluepkg" + trust + " --lang en");
  EXPECT_EQ(stranger.exit_code, 1) << stranger.output;
  EXPECT_NE(stranger.output.find("error[E0634]"), std::string::npos) << stranger.output;

  // Unsigned (E0635): installs only with --allow-untrusted, and every run says so.
  ASSERT_EQ(run_command(c + " pack models/due_claims.model --out " + W + "/u.cluepkg").exit_code, 0);
  auto unsigned_ = run_command(c + " verify " + W + "/u.cluepkg" + trust + " --lang en");
  EXPECT_EQ(unsigned_.exit_code, 1) << unsigned_.output;
  EXPECT_NE(unsigned_.output.find("error[E0635]"), std::string::npos) << unsigned_.output;
  EXPECT_EQ(run_command(c + " install " + W + "/u.cluepkg" + trust + " --library " + W + "/lib2").exit_code, 1);
  auto forced = run_command(c + " install " + W + "/u.cluepkg" + trust + " --library " + W + "/lib2 --allow-untrusted --lang en");
  ASSERT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(forced.output.find("UNTRUSTED"), std::string::npos) << forced.output;
  auto urun = run_command(c + " run '" + (w / "lib2/due_claims/1.0.0/due_claims.model").string() +
                          "' --data-dir tests/golden/run/due_claims_dirty/data --out " + W + "/uout --lang en");
  ASSERT_EQ(urun.exit_code, 0) << urun.output;
  EXPECT_NE(urun.output.find("warning[W0602]"), std::string::npos) << urun.output;
  EXPECT_NE(read_file((w / "uout/manifest.json").string()).find("\"trusted\": false"), std::string::npos);
  fs::remove_all(w);
}

TEST(Package, ArchivePathsCannotEscape) {
  clue::share::Package p;
  for (const char* bad : {"../x", "/etc/passwd", "a/../../b", "a\\b", "a//b", "./a"}) {
    const std::string meta = "{\"clue_package\":1,\"name\":\"m\",\"version\":\"1.0.0\",\"model\":\"m.model\",\"files\":[]}";
    const std::string archive = "clue-package 1\nentry " + std::to_string(meta.size()) + " package.json\n" + meta +
                                "\nentry 1 " + bad + "\nx\n";
    EXPECT_NE(clue::share::read_archive(archive, p), "") << bad;
  }
}

TEST(Package, SemanticVersions) {
  using clue::share::parse_semver;
  EXPECT_TRUE(parse_semver("1.0.0"));
  EXPECT_TRUE(parse_semver("1.2.3-rc.1+build.5"));
  EXPECT_FALSE(parse_semver("最新版"));
  EXPECT_FALSE(parse_semver("1.0"));
  EXPECT_FALSE(parse_semver("01.0.0"));
  EXPECT_FALSE(parse_semver("1.0.0-"));
  EXPECT_LT(clue::share::compare(*parse_semver("1.2.0-rc.1"), *parse_semver("1.2.0")), 0);
  EXPECT_LT(clue::share::compare(*parse_semver("1.2.0"), *parse_semver("1.10.0")), 0);
}

// verify runs the packed model's checks and its fixtures: a signed package whose model has
// errors (E0636) or whose fixtures fail (E0637) is refused.
TEST(Package, VerifyRunsTheModelAndItsFixtures) {
  const fs::path w = fs::temp_directory_path() / ("clue_pkg_checks_" + std::to_string(::getpid()));
  fs::remove_all(w);
  fs::create_directories(w / "trust");
  const std::string c = clue_cmd(), W = "'" + w.string() + "'";
  ASSERT_EQ(clue::share::generate_key_pair((w / "k").string(), "test"), "");
  fs::copy_file(w / "k.pub", w / "trust/k.pub");
  // Fixtures that fail: due_claims with one case's expected leads taken away.
  fs::create_directories(w / "src/tests");
  fs::copy_file("models/due_claims.model", w / "src/due_claims.model");
  fs::copy("models/schemas", w / "src/schemas", fs::copy_options::recursive);
  fs::copy("models/tests/due_claims", w / "src/tests/due_claims", fs::copy_options::recursive);
  std::string expected_file;
  for (const auto& e : fs::recursive_directory_iterator(w / "src/tests/due_claims"))
    if (e.path().extension() == ".csv" && e.path().parent_path().filename() == "expected") expected_file = e.path().string();
  ASSERT_FALSE(expected_file.empty());
  // Only the header: the fixture now expects no leads, and the model finds some.
  const std::string expected_text = read_file(expected_file);
  write_file(expected_file, expected_text.substr(0, expected_text.find('\n') + 1));
  ASSERT_EQ(run_command(c + " pack " + W + "/src/due_claims.model --key " + W + "/k.key --out " + W + "/f.cluepkg").exit_code, 0);
  auto fixtures = run_command(c + " verify " + W + "/f.cluepkg --trust " + W + "/trust --lang en");
  EXPECT_EQ(fixtures.exit_code, 1) << fixtures.output;
  EXPECT_NE(fixtures.output.find("error[E0637]"), std::string::npos) << fixtures.output;

  // A model with an error, signed (pack itself refuses such a model, so it is built here).
  clue::share::Package p;
  p.files.push_back({"m.model", "source a: 不存在的结构\n"});
  p.model = "m.model";
  p.meta = "{\"clue_package\": 1, \"name\": \"m\", \"version\": \"1.0.0\", \"model\": \"m.model\", \"files\": "
           "[{\"path\": \"m.model\", \"sha256\": \"" + clue::io::sha256_text(p.files[0].bytes) + "\"}]}\n";
  ASSERT_EQ(clue::share::sign((w / "k.key").string(), p.meta, p.signature_hex, p.public_hex), "");
  write_file((w / "e.cluepkg").string(), clue::share::write_archive(p));
  auto errors = run_command(c + " verify " + W + "/e.cluepkg --trust " + W + "/trust --lang en");
  EXPECT_EQ(errors.exit_code, 1) << errors.output;
  EXPECT_NE(errors.output.find("error[E0636]"), std::string::npos) << errors.output;
  fs::remove_all(w);
}
