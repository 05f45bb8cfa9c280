// Imports of installed packages (import "NAME@RANGE", compiler/share/library.h): version
// ranges as npm reads them, the highest installed version a range accepts, and what a run
// records of it (package, version, SHA-256, trust, and the fingerprint over them); a model
// that imports a package packs without it (package.json `requires`), and the whole way from
// keygen to a run of the installed model works.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "compiler/share/library.h"
#include "compiler/share/package.h"
#include "compiler/share/semver.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;
using clue::test::write_file;

namespace {

const char* kLibraryHome = "tests/golden/diagnostics/data";  // holds library/court_schemas/...
const char* kData = "tests/golden/run/due_claims_dirty/data";

std::string clue_cmd() { return std::string("'") + CLUE_BINARY + "'"; }

bool in_range(const std::string& range, const std::string& version) {
  std::string why;
  auto r = clue::share::parse_range(range, &why);
  EXPECT_TRUE(r.has_value()) << range << ": " << why;
  auto v = clue::share::parse_semver(version);
  EXPECT_TRUE(v.has_value()) << version;
  return r && v && clue::share::satisfies(*v, *r);
}

clue::test::Json manifest_of(const fs::path& out) {
  std::string err;
  auto j = clue::test::parse_json(read_file((out / "manifest.json").string()), &err);
  EXPECT_TRUE(j.has_value()) << err;
  return j ? *j : clue::test::Json{};
}

// The manifest's one import entry (the model imports one package with one file).
const clue::test::Json* only_import(const clue::test::Json& m) {
  const auto* model = m.get("model");
  const auto* imports = model ? model->get("imports") : nullptr;
  EXPECT_TRUE(imports && imports->items.size() == 1);
  return imports && imports->items.size() == 1 ? &imports->items[0] : nullptr;
}

std::string text_at(const clue::test::Json* j, const char* key) {
  const auto* v = j ? j->get(key) : nullptr;
  return v ? v->s : std::string("<missing " + std::string(key) + ">");
}

// due_claims with its schemas imported from a package instead of a path.
std::string due_claims_importing(const std::string& import) {
  std::string text = read_file("models/due_claims.model");
  const std::string from = "import \"schemas/court.model\"";
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) text.replace(at, from.size(), "import \"" + import + "\"");
  return text;
}

}  // namespace

TEST(PackageImport, RangesFollowNpmSemver) {
  struct Case {
    const char* range;
    const char* version;
    bool in;
  };
  const Case cases[] = {
      {"^1.2", "1.2.0", true},         {"^1.2", "1.9.9", true},          {"^1.2", "2.0.0", false},
      {"^1.2", "1.1.9", false},        {"^0.2.3", "0.2.9", true},        {"^0.2.3", "0.3.0", false},
      {"^0.0.3", "0.0.3", true},       {"^0.0.3", "0.0.4", false},       {"~1.2", "1.2.7", true},
      {"~1.2", "1.3.0", false},        {"~1.2.3", "1.2.2", false},       {"~1", "1.9.0", true},
      {"1.2.x", "1.2.5", true},        {"1.2.x", "1.3.0", false},        {"1", "1.4.0", true},
      {"*", "3.1.4", true},            {"1.2.3", "1.2.3", true},         {"=1.2.3", "1.2.4", false},
      {">=1.2 <2", "1.2.0", true},     {">=1.2 <2", "2.0.0", false},     {">= 1.2 < 2", "1.5.0", true},
      {">1.2", "1.2.9", false},        {">1.2", "1.3.0", true},          {"<=1.2", "1.2.9", true},
      {"<=1.2", "1.3.0", false},       {"1.2 - 2.3.4", "2.3.4", true},   {"1.2 - 2.3", "2.3.9", true},
      {"1.2 - 2.3", "2.4.0", false},   {"^1 || ^3", "3.0.1", true},      {"^1 || ^3", "2.0.0", false},
      // Pre-releases only when the range names one of the same MAJOR.MINOR.PATCH.
      {"^2", "2.1.0-rc.1", false},     {"*", "1.0.0-rc.1", false},       {">=2.1.0-rc.0", "2.1.0-rc.1", true},
      {">=2.1.0-rc.0", "2.2.0-rc.1", false}, {"^1.2.3-beta.2", "1.2.3-beta.4", true}, {"^1.2.3-beta.2", "1.2.4", true},
      {"<2", "2.0.0-rc.1", false},
  };
  for (const Case& c : cases) EXPECT_EQ(in_range(c.range, c.version), c.in) << c.range << " " << c.version;
  for (const char* bad : {"1.x.3", "^", ">*", "1.2-rc", "latest", "^1.2.3.4", ">=1.2 <"}) {
    std::string why;
    EXPECT_FALSE(clue::share::parse_range(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(PackageImport, WhichImportsNameAPackage) {
  using clue::share::package_import;
  ASSERT_TRUE(package_import("court_schemas@^1.2"));
  EXPECT_EQ(package_import("court_schemas@^1.2")->name, "court_schemas");
  EXPECT_EQ(package_import("court_schemas@^1.2")->range, "^1.2");
  EXPECT_EQ(package_import("法院模式@1")->name, "法院模式");
  for (const char* path : {"schemas/court.model", "lib/a@b.model", "a@b.model", "@1.2", "../x@1"})
    EXPECT_FALSE(package_import(path)) << path;
}

TEST(PackageImport, ResolvesTheHighestInstalledVersionInRange) {
  const std::string lib = std::string(kLibraryHome) + "/library";
  using clue::share::Resolution;
  auto pick = [&](const std::string& range) { return clue::share::resolve(lib, {"court_schemas", range}); };
  EXPECT_EQ(pick("^1.2").package.version, "1.2.5");
  EXPECT_TRUE(pick("^1.2").package.trusted);
  EXPECT_EQ(pick("^1").package.version, "1.2.5");
  EXPECT_EQ(pick("~1.1").package.version, "1.1.0");
  EXPECT_FALSE(pick("~1.1").package.trusted);  // installed unsigned
  EXPECT_EQ(pick("*").package.version, "2.0.3");  // not the pre-release 2.1.0-rc.1
  EXPECT_EQ(pick(">=2.1.0-rc.0").package.version, "2.1.0-rc.1");
  EXPECT_EQ(pick("1.2.5").package.version, "1.2.5");
  EXPECT_EQ(pick("^1.2").package.package_sha256.size(), 64u);
  EXPECT_EQ(pick("^3").how, Resolution::NoMatch);
  EXPECT_EQ(pick("^3").detail, "1.1.0, 1.2.5, 2.0.3, 2.1.0-rc.1");
  EXPECT_EQ(pick("1.x.3").how, Resolution::BadRange);
  EXPECT_EQ(clue::share::resolve(lib, {"nothing_here", "^1"}).how, Resolution::NotInstalled);
  EXPECT_EQ(clue::share::resolve(lib, {"broken_pkg", "^1"}).how, Resolution::Broken);
}

// A run records the version a range resolved to, the package's SHA-256 and its trust; the
// fingerprint changes with the version and when an installed schema's bytes change.
TEST(PackageImport, RunRecordsThePackageAndItsFingerprint) {
  const fs::path w = fs::temp_directory_path() / ("clue_pkgimport_" + std::to_string(::getpid()));
  fs::remove_all(w);
  fs::create_directories(w / "app");
  fs::copy(fs::path(kLibraryHome) / "library", w / "library", fs::copy_options::recursive);
  const std::string env = "CLUE_HOME='" + w.string() + "' ";
  auto run = [&](const std::string& import, const std::string& out) {
    write_file((w / "app/dc.model").string(), due_claims_importing(import));
    return run_command(env + clue_cmd() + " run '" + (w / "app/dc.model").string() + "' --data-dir " + kData + " --out '" +
                       (w / out).string() + "' --lang en");
  };
  auto a = run("court_schemas@^1.2", "a");
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(a.output.find("W0603"), std::string::npos) << a.output;
  const auto ma = manifest_of(w / "a");
  const auto* ia = only_import(ma);
  EXPECT_EQ(text_at(ia, "path"), "court_schemas@1.2.5/court_schemas.model");
  const auto* pa = ia ? ia->get("package") : nullptr;
  ASSERT_TRUE(pa);
  EXPECT_EQ(text_at(pa, "name"), "court_schemas");
  EXPECT_EQ(text_at(pa, "version"), "1.2.5");
  EXPECT_EQ(text_at(pa, "sha256").size(), 64u);
  ASSERT_TRUE(pa->get("trusted"));
  EXPECT_TRUE(pa->get("trusted")->b);
  const std::string fa = text_at(ma.get("model"), "fingerprint");

  // Another range, another version (installed unsigned): W0603, "trusted": false, another fingerprint.
  auto b = run("court_schemas@~1.1", "b");
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(b.output.find("warning[W0603]: the model imports package court_schemas 1.1.0"), std::string::npos) << b.output;
  const auto mb = manifest_of(w / "b");
  const auto* pb = only_import(mb) ? only_import(mb)->get("package") : nullptr;
  ASSERT_TRUE(pb && pb->get("trusted"));
  EXPECT_FALSE(pb->get("trusted")->b);
  EXPECT_EQ(text_at(pb, "version"), "1.1.0");
  EXPECT_NE(text_at(mb.get("model"), "fingerprint"), fa);

  // The installed schema edited (a comment added): same model bytes, another fingerprint,
  // and `clue why` on the first run refuses (U0340).
  const fs::path schema = w / "library/court_schemas/1.2.5/court_schemas.model";
  write_file(schema.string(), read_file(schema.string()) + "# edited\n");
  auto c = run("court_schemas@^1.2", "c");
  ASSERT_EQ(c.exit_code, 0) << c.output;
  const auto mc = manifest_of(w / "c");
  EXPECT_EQ(text_at(mc.get("model"), "sha256"), text_at(ma.get("model"), "sha256"));
  EXPECT_NE(text_at(mc.get("model"), "fingerprint"), fa);
  auto why = run_command(env + clue_cmd() + " why '" + (w / "a").string() + "' leads:1 --lang en");
  EXPECT_EQ(why.exit_code, 2) << why.output;
  EXPECT_NE(why.output.find("U0340"), std::string::npos) << why.output;
  fs::remove_all(w);
}

// keygen → pack a schema library → install it → pack a model importing it by range → verify →
// install → run the installed model: each office's library resolves the import.
TEST(PackageImport, PackVerifyInstallRunWithAPackageImport) {
  const fs::path w = fs::temp_directory_path() / ("clue_pkgflow_" + std::to_string(::getpid()));
  fs::remove_all(w);
  fs::create_directories(w / "home/trust");
  fs::create_directories(w / "schemas_src");
  fs::create_directories(w / "app");
  const std::string c = clue_cmd(), W = "'" + w.string() + "'";
  const std::string env = "CLUE_HOME=" + W + "/home ";
  ASSERT_EQ(run_command(c + " keygen --out " + W + "/office --owner 示例县院").exit_code, 0);
  fs::copy_file(w / "office.pub", w / "home/trust/office.pub");
  std::string schemas = read_file("models/schemas/court.model");
  write_file((w / "schemas_src/court_schemas.model").string(),
             "model court_schemas {\n  title \"法院导出数据结构\"\n  version \"1.3.0\"\n  jurisdiction \"浙江省\"\n"
             "  basis \"执行案件信息导出格式\"\n  author \"示例县院\"\n}\n\n" + schemas);
  auto p1 = run_command(env + c + " pack " + W + "/schemas_src/court_schemas.model --key " + W + "/office.key --out " + W +
                        "/s.cluepkg --lang en");
  ASSERT_EQ(p1.exit_code, 0) << p1.output;
  auto i1 = run_command(env + c + " install " + W + "/s.cluepkg --lang en");
  ASSERT_EQ(i1.exit_code, 0) << i1.output;
  ASSERT_TRUE(fs::exists(w / "home/library/court_schemas/1.3.0/court_schemas.model"));

  write_file((w / "app/due_claims.model").string(), due_claims_importing("court_schemas@^1.2"));
  fs::create_directories(w / "app/tests");
  fs::copy(fs::path("models/tests/due_claims"), w / "app/tests/due_claims", fs::copy_options::recursive);
  auto p2 = run_command(env + c + " pack " + W + "/app/due_claims.model --key " + W + "/office.key --out " + W +
                        "/dc.cluepkg --lang en");
  ASSERT_EQ(p2.exit_code, 0) << p2.output;
  clue::share::Package pkg;
  ASSERT_EQ(clue::share::read_archive(read_file((w / "dc.cluepkg").string()), pkg), "");
  for (const auto& f : pkg.files) EXPECT_EQ(f.path.find("court_schemas"), std::string::npos) << f.path;
  EXPECT_NE(pkg.meta.find("\"requires\""), std::string::npos) << pkg.meta;
  EXPECT_NE(pkg.meta.find("\"range\": \"^1.2\""), std::string::npos) << pkg.meta;

  auto v = run_command(env + c + " verify " + W + "/dc.cluepkg --lang en");
  EXPECT_EQ(v.exit_code, 0) << v.output;
  auto i2 = run_command(env + c + " install " + W + "/dc.cluepkg --lang en");
  ASSERT_EQ(i2.exit_code, 0) << i2.output;
  const fs::path installed = w / "home/library/due_claims/1.0.0/due_claims.model";
  auto r = run_command(env + c + " run '" + installed.string() + "' --data-dir " + kData + " --out " + W + "/out --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string manifest = read_file((w / "out/manifest.json").string());
  EXPECT_NE(manifest.find("\"path\": \"court_schemas@1.3.0/court_schemas.model\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"trusted\": true"), std::string::npos) << manifest;
  // The library says what the installed model requires and which versions this office has.
  auto show = run_command(env + c + " library show due_claims --lang en");
  EXPECT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("requires: court_schemas ^1.2 (packed with 1.3.0; installed here: 1.3.0)"), std::string::npos)
      << show.output;
  // Without the schema library in this office's library, the installed model cannot check.
  fs::remove_all(w / "home/library/court_schemas");
  auto missing = run_command(env + c + " run '" + installed.string() + "' --data-dir " + kData + " --out " + W + "/out2 --lang en");
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("error[E0642]"), std::string::npos) << missing.output;
  fs::remove_all(w);
}

// Every shipped model passes `clue lint --profile share` (docs/sharing.md), fixtures included.
TEST(ShareProfile, ShippedModelsPass) {
  auto r = run_command(clue_cmd() + " lint --profile share models/ --lang en");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no errors, no warnings"), std::string::npos) << r.output;
}

// A finding of the profile is silenced like any warning, with a reason on the line.
TEST(ShareProfile, LintAllowWithAReasonSilencesIt) {
  const fs::path w = fs::temp_directory_path() / ("clue_shareprofile_" + std::to_string(::getpid()));
  fs::remove_all(w);
  fs::create_directories(w);
  std::string text = read_file("tests/golden/diagnostics/W0609_share_id_column_unmasked.model");
  const std::string out = "output leads {";
  text.replace(text.find(out), out.size(), "# lint:allow(W0609) 本名单须由承办人逐一核对证件号\noutput leads {");
  write_file((w / "m.model").string(), text);
  auto r = run_command(clue_cmd() + " lint --profile share '" + (w / "m.model").string() + "' --lang en");
  EXPECT_EQ(r.output.find("W0609"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("W0607"), std::string::npos) << r.output;  // the rest still reported
  fs::remove_all(w);
}
