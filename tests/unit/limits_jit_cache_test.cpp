// The JIT's object cache holds machine code that clue executes. Before the keyed hash
// (compiler/codegen/object_cache.h) an object altered on disk was linked and run as it was;
// now every object carries an HMAC-SHA256 under a per-user key (.key, 0600) and one that does
// not verify is discarded, compiled again and reported — never executed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/hostile_model.h"

namespace clue {
namespace {

namespace fs = std::filesystem;

class JitCache : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string csv = "a,b,m\n";
    for (int i = 0; i < 50; ++i) csv += std::to_string(i) + ",n" + std::to_string(i) + "," + std::to_string(i) + ".5\n";
    data_ = dir_.write("s.csv", csv);
    model_ = dir_.write("m.model", test::hostile_head() + "leads = s\n  where s.a % 7 == 3 and s.m > 10\noutput leads { s.a, s.b }\n");
  }
  // One run with the JIT forced; its leads and the manifest's jit_cache.
  test::CommandResult run(const std::string& out, nlohmann::json* cache = nullptr) {
    auto r = test::clue("run " + model_ + " --data s=" + data_ + " --out " + dir_.file(out) + " --jit-threshold 0 --jit-cache " +
                        cache_ + " --input-hash none --lang en");
    if (cache) *cache = nlohmann::json::parse(test::read_file(dir_.file(out) + "/manifest.json"))["jit_cache"];
    return r;
  }
  std::vector<fs::path> objects() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(cache_))
      if (e.path().extension() == ".o") out.push_back(e.path());
    return out;
  }
  test::ScratchDir dir_{"jit_cache"};
  std::string cache_ = dir_.file("cache"), data_, model_;
};

TEST_F(JitCache, TheKeyIsTheUsersOnly) {
  nlohmann::json c;
  ASSERT_EQ(run("o1", &c).exit_code, 0);
  struct stat st {};
  ASSERT_EQ(::stat((cache_ + "/.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
}

TEST_F(JitCache, AnAlteredObjectIsDiscardedAndRecompiledNeverRun) {
  nlohmann::json c;
  auto first = run("o1", &c);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_GT(c["misses"].get<int>(), 0);
  ASSERT_EQ(run("o2", &c).exit_code, 0);
  EXPECT_GT(c["hits"].get<int>(), 0) << "the second run must use the cache, or the test proves nothing";
  EXPECT_EQ(c["rejected"].get<int>(), 0);
  const std::string leads = test::read_file(dir_.file("o1") + "/leads.csv");

  // Alter every object's machine code: a byte in the middle (a patched instruction).
  const auto objs = objects();
  ASSERT_FALSE(objs.empty());
  for (const auto& p : objs) {
    std::string bytes = test::read_file(p.string());
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5A);
    test::write_file(p.string(), bytes);
  }
  auto r = run("o3", &c);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(c["hits"].get<int>(), 0);
  EXPECT_EQ(c["rejected"].get<size_t>(), objs.size());
  EXPECT_NE(r.output.find("failed its integrity check"), std::string::npos) << r.output;
  EXPECT_EQ(test::read_file(dir_.file("o3") + "/leads.csv"), leads);

  // Recompiled and stored again with a good hash: the next run uses it.
  ASSERT_EQ(run("o4", &c).exit_code, 0);
  EXPECT_GT(c["hits"].get<int>(), 0);
  EXPECT_EQ(c["rejected"].get<int>(), 0);
}

TEST_F(JitCache, AnObjectWithoutTheKeyIsRejected) {
  nlohmann::json c;
  ASSERT_EQ(run("o1", &c).exit_code, 0);
  // Another key: as if the objects had been made (or planted) by someone without this one.
  fs::remove(cache_ + "/.key");
  test::write_file(cache_ + "/.key", std::string(32, 'k'));
  fs::permissions(cache_ + "/.key", fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  const size_t n = objects().size();
  auto r = run("o2", &c);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(c["hits"].get<int>(), 0);
  EXPECT_EQ(c["rejected"].get<size_t>(), n);
}

TEST_F(JitCache, AKeyOthersCanReadSwitchesTheCacheOff) {
  nlohmann::json c;
  ASSERT_EQ(run("o1", &c).exit_code, 0);
  fs::permissions(cache_ + "/.key", fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  ASSERT_EQ(run("o2", &c).exit_code, 0);
  EXPECT_EQ(c["hits"].get<int>(), 0);
  EXPECT_EQ(c["misses"].get<int>(), 0) << "no cache at all";
}

}  // namespace
}  // namespace clue
