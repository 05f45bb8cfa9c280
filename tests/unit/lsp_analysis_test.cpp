// clue lsp's pieces below the protocol: positions in UTF-16 and UTF-32, edits applied to a
// buffer, the overlay of unsaved buffers that imports read first, the index of declarations
// and resolved uses (Usage::refs), and the features that read it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"

namespace clue::lsp {
namespace {
namespace fs = std::filesystem;

TEST(LspPositions, Utf16CountsSurrogatePairs) {
  // 𠮷 (U+20BB7) is one character, two UTF-16 units; 案 is one of each.
  const std::string line = "a𠮷案b";
  EXPECT_EQ(lsp_column(line, 2, Encoding::Utf16), 3u);
  EXPECT_EQ(lsp_column(line, 2, Encoding::Utf32), 2u);
  EXPECT_EQ(char_column(line, 4, Encoding::Utf16), 3u);  // after 案
  EXPECT_EQ(char_column(line, 3, Encoding::Utf32), 3u);
  std::string text = "x\na𠮷案b\n";
  json change = {{"range", {{"start", {{"line", 1}, {"character", 3}}}, {"end", {{"line", 1}, {"character", 4}}}}}, {"text", "号"}};
  Documents::apply_change(text, change, Encoding::Utf16);
  EXPECT_EQ(text, "x\na𠮷号b\n");
}

TEST(LspPositions, UrisRoundTripChinesePaths) {
  const std::string uri = path_to_uri("/tmp/模型 目录/到期债权.model");
  EXPECT_EQ(uri.rfind("file:///tmp/", 0), 0u);
  EXPECT_EQ(uri.find(' '), std::string::npos);
  EXPECT_EQ(uri_to_path(uri), "/tmp/模型 目录/到期债权.model");
  EXPECT_FALSE(uri_to_path("untitled:Untitled-1").has_value());
}

// A folder with a model importing a schema file, written for one test.
struct Library {
  fs::path dir = fs::temp_directory_path() / ("clue_lsp_" + std::to_string(::getpid()) + "_" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  Library() {
    fs::create_directories(dir / "schemas");
    write("schemas/s.model", "# the exports\nschema S {\n  # the case number\n  案号: case_no\n  d: date from \"日期\"\n}\n");
  }
  ~Library() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
  std::string path(const std::string& name) const { return canonical_path((dir / name).string()); }
};

const char* kModel =
    "model m {\n  title \"t\"\n}\nimport \"schemas/s.model\"\n# the cut-off\nparam cutoff: date = 2022-01-01\n"
    "source zb: S\nleads = zb\n  where zb.d < cutoff\noutput leads { zb.案号 }\n";

TEST(LspAnalysis, ImportsReadOpenBuffersFirst) {
  Library lib;
  SourceOverlay overlay;
  {
    Analysis a(lib.path("m.model"), kModel, overlay);
    EXPECT_EQ(a.sink.error_count(), 0u);
  }
  // The schema's unsaved buffer renames d: the model's use of it is now an error, though the
  // file on disk is unchanged.
  overlay[lib.path("schemas/s.model")] = "schema S {\n  案号: case_no\n  day: date\n}\n";
  Analysis b(lib.path("m.model"), kModel, overlay);
  ASSERT_EQ(b.sink.error_count(), 1u);
  bool unknown_field = false;
  for (const auto& d : b.sink.all()) unknown_field |= std::string(d.code()) == "E0202";
  EXPECT_TRUE(unknown_field);
}

TEST(LspAnalysis, UsesResolveToDeclarationsAcrossImports) {
  Library lib;
  Analysis a(lib.path("m.model"), kModel, {});
  Context ctx;
  // line 10 (0-based 9): "output leads { zb.案号 }": 案号 at character 18
  json def = definition(a, ctx, {{"line", 9}, {"character", 19}});
  ASSERT_TRUE(def.is_array());
  EXPECT_EQ(def[0]["uri"], path_to_uri(lib.path("schemas/s.model")));
  EXPECT_EQ(def[0]["range"]["start"], json({{"line", 3}, {"character", 2}}));
  // Hover: type, schema, doc comment.
  json h = hover(a, ctx, {{"line", 9}, {"character", 19}});
  const std::string md = h["contents"]["value"];
  EXPECT_NE(md.find("case_no"), std::string::npos) << md;
  EXPECT_NE(md.find("the case number"), std::string::npos) << md;
  // The param: its declaration and its use.
  json refs = references(a, {}, ctx, {{"line", 5}, {"character", 7}}, true);
  EXPECT_EQ(refs.size(), 2u) << refs.dump();
  json hp = hover(a, ctx, {{"line", 8}, {"character", 16}});
  EXPECT_NE(std::string(hp["contents"]["value"]).find("the cut-off"), std::string::npos) << hp.dump();
}

TEST(LspAnalysis, RenamingARelationKeepsItsOutputFileName) {
  Library lib;
  Analysis a(lib.path("m.model"), kModel, {});
  Context ctx;
  RequestError err{DiagId::NothingToRename, {}};
  json edit = rename(a, {}, ctx, {{"line", 7}, {"character", 1}}, "线索", err);
  ASSERT_TRUE(edit.is_object()) << message(Diagnostic{err.id, {}, err.args, {}}, Lang::En);
  const json& changes = edit["changes"].begin().value();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["newText"], "线索");
  // `output leads { … }` becomes `output leads from 线索 { … }`: leads.csv stays leads.csv.
  EXPECT_EQ(changes[1]["newText"], "leads from 线索");
}

TEST(LspAnalysis, CompletionAfterAliasListsFieldsWithTypes) {
  Library lib;
  Analysis a(lib.path("m.model"), kModel, {});
  Context ctx;
  const std::string text = std::string(kModel) + "x = zb\n  where zb.";
  json c = completion(a, nullptr, ctx, text, {{"line", 11}, {"character", 11}});
  ASSERT_EQ(c["items"].size(), 2u) << c.dump();
  EXPECT_EQ(c["items"][0]["label"], "案号");
  EXPECT_EQ(c["items"][0]["detail"], "case_no");
  EXPECT_EQ(c["items"][1]["documentation"], "export header \"日期\"");
  // Elsewhere, keywords in the file's language: English here.
  json k = completion(a, nullptr, ctx, text, {{"line", 6}, {"character", 0}});
  bool where = false, zh_where = false;
  for (const auto& i : k["items"]) {
    where |= i["label"] == "where";
    zh_where |= i["label"] == "筛选";
  }
  EXPECT_TRUE(where);
  EXPECT_FALSE(zh_where);
}

TEST(LspAnalysis, ChineseKeywordsAreDetected) {
  EXPECT_TRUE(uses_chinese_keywords("导入 \"a.model\"\n参数 x: 日期 = 2022-01-01\n数据源 zb: S\n"));
  EXPECT_FALSE(uses_chinese_keywords("import \"a.model\"\nparam 分界: date = 2022-01-01\nsource 终本: S\n"));
}

}  // namespace
}  // namespace clue::lsp
