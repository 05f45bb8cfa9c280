// The JIT's object cache (JitOptions::cache_dir): a second backend compiling the same model
// takes every module's machine code from the cache and gives the interpreter's results; a
// different model misses; a damaged cached object is compiled afresh, not trusted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/codegen/jit.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
namespace fs = std::filesystem;

const std::string kModel = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { k: int?  a: int?  b: money? }
schema R { k: int?  x: int? }
param lim: int = 50
source s: S
source r: R
leads = s where s.a > lim and s.b is not null join r on s.k == r.k where r.x < 70
output leads { s.k, s.a, r.x }
)";

void push(rt::Column& c, int64_t v, bool null) {
  if (null) return c.push_null();
  c.valid.push_back(1);
  c.i64.push_back(v);
}

std::vector<rt::Table> tables() {
  std::vector<rt::Table> t(2);
  t[0].name = "s";
  t[0].column_names = {"k", "a", "b"};
  t[1].name = "r";
  t[1].column_names = {"k", "x"};
  for (auto* c : {&t[0], &t[1]})
    for (size_t j = 0; j < c->column_names.size(); ++j)
      c->columns.push_back(rt::Column::make(j == 2 ? rt::Logical::Money : rt::Logical::Int));
  for (int64_t i = 0; i < 3000; ++i) {
    push(t[0].columns[0], i % 700, i % 13 == 0);
    push(t[0].columns[1], (i * 37) % 100, i % 11 == 0);
    push(t[0].columns[2], i * 10000, i % 7 == 0);
    t[0].line.push_back(uint64_t(i + 2));
  }
  for (int64_t i = 0; i < 900; ++i) {
    push(t[1].columns[0], (i * 3) % 800, i % 17 == 0);
    push(t[1].columns[1], (i * 53) % 100, false);
    t[1].line.push_back(uint64_t(i + 2));
  }
  return t;
}

struct CacheDir {
  std::string path = ::testing::TempDir() + "clue_object_cache_" + std::to_string(::getpid());
  CacheDir() { fs::remove_all(path); }
  ~CacheDir() { fs::remove_all(path); }
};

codegen::JitStats run(const cgtest::Checked& m, const std::string& dir, std::string* diff) {
  codegen::JitOptions o;
  o.cache_dir = dir;
  codegen::JitFilterBackend jit(o);
  EXPECT_TRUE(jit.available()) << jit.error();
  jit.precompile(m.plans.physical);
  uint64_t batches = 0;
  *diff = cgtest::run_both(m.plans.physical, tables(), cgtest::default_params(m), jit, 512, &batches);
  EXPECT_GT(batches, 0u);
  return jit.stats();
}

TEST(JitObjectCache, SecondCompileComesFromTheCache) {
  CacheDir dir;
  std::string errors, diff;
  auto m = cgtest::check_model(kModel, &errors);
  ASSERT_TRUE(m) << errors;
  const codegen::JitStats first = run(*m, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(first.cache_hits, 0u);
  EXPECT_GE(first.cache_misses, 1u);
  const codegen::JitStats second = run(*m, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(second.cache_misses, 0u);
  EXPECT_EQ(second.cache_hits, first.cache_misses);
  // Another model (a different parameter default changes no IR: params are read at run time,
  // so change a condition instead) misses.
  std::string other = kModel;
  other.replace(other.find("r.x < 70"), 8, "r.x < 71");
  auto m2 = cgtest::check_model(other, &errors);
  ASSERT_TRUE(m2) << errors;
  const codegen::JitStats third = run(*m2, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_GE(third.cache_misses, 1u);
}

TEST(JitObjectCache, DamagedObjectsAreCompiledAfresh) {
  CacheDir dir;
  std::string errors, diff;
  auto m = cgtest::check_model(kModel, &errors);
  ASSERT_TRUE(m) << errors;
  const codegen::JitStats first = run(*m, dir.path, &diff);
  ASSERT_GE(first.cache_misses, 1u);
  size_t damaged = 0;
  for (const auto& de : fs::directory_iterator(dir.path)) {
    if (de.path().extension() != ".o") continue;  // .key: the objects' hash key
    std::ofstream(de.path(), std::ios::binary | std::ios::trunc) << "not an object file";
    ++damaged;
  }
  ASSERT_EQ(damaged, first.cache_misses);
  const codegen::JitStats second = run(*m, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(second.cache_hits, 0u);
  EXPECT_EQ(second.cache_misses, first.cache_misses);
  // ... and stored again, good this time.
  const codegen::JitStats third = run(*m, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(third.cache_hits, first.cache_misses);
}

TEST(JitObjectCache, NoDirectoryMeansNoCache) {
  std::string errors, diff;
  auto m = cgtest::check_model(kModel, &errors);
  ASSERT_TRUE(m) << errors;
  const codegen::JitStats s = run(*m, "", &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(s.cache_hits + s.cache_misses, 0u);
}

// A cache directory others may write to is not used (its objects would be executed), and it
// is left as it was: the cache changes the permissions only of a directory it makes.
TEST(JitObjectCache, DirectoryOthersCanWriteIsNotUsedNorChanged) {
  CacheDir dir;
  fs::create_directories(dir.path);
  fs::permissions(dir.path, fs::perms::all, fs::perm_options::replace);
  std::string errors, diff;
  auto m = cgtest::check_model(kModel, &errors);
  ASSERT_TRUE(m) << errors;
  const codegen::JitStats s = run(*m, dir.path, &diff);
  EXPECT_EQ(diff, "");
  EXPECT_EQ(s.cache_hits + s.cache_misses, 0u) << "a world-writable directory was used as the cache";
  EXPECT_EQ(fs::status(dir.path).permissions() & fs::perms::all, fs::perms::all);
  EXPECT_TRUE(fs::is_empty(dir.path));
}

TEST(JitObjectCache, DirectoryItMakesIsTheOwnersOnly) {
  CacheDir dir;
  std::string errors, diff;
  auto m = cgtest::check_model(kModel, &errors);
  ASSERT_TRUE(m) << errors;
  run(*m, dir.path + "/jit", &diff);
  EXPECT_EQ(fs::status(dir.path + "/jit").permissions() & fs::perms::all, fs::perms::owner_all);
}

}  // namespace
