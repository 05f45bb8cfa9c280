// clue-gen output through Clue's own CSV reader and value parsers: the dirt
// the generator writes must stay inside the documented grammar (docs/data.md),
// and the reader's row accounting must match expected.json. (The expected
// leads themselves are cross-checked without Clue in gen_sample_data_test.cpp.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "runtime/csv/reader.h"
#include "runtime/values/boolean.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/geo.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/uscc.h"
#include "tests/support/json.h"
#include "tools/gen/gen.h"

namespace {

namespace fs = std::filesystem;
namespace v = clue::values;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

enum class Kind { Text, CaseNo, Id, IdOrCompany, IdOrEmpty, Date, DateOrEmpty, DateTime, Month, Money, Int, Bool, Lon, Lat, Uscc };

const std::map<std::string, Kind> kKinds = {
    {"案号", Kind::CaseNo},        {"被执行人身份证号", Kind::IdOrCompany}, {"原告身份证号", Kind::IdOrCompany},
    {"被告身份证号", Kind::IdOrCompany}, {"身份证号", Kind::Id},           {"执行标的金额(元)", Kind::Money},
    {"未履行金额(元)", Kind::Money}, {"判决金额(元)", Kind::Money},        {"余额(元)", Kind::Money},
    {"月发放金额(元)", Kind::Money}, {"月保障金额(元)", Kind::Money},      {"终本日期", Kind::Date},
    {"立案日期", Kind::Date},        {"结案日期", Kind::Date},             {"更新日期", Kind::Date},
    {"认定日期", Kind::Date},        {"建校日期", Kind::Date},             {"营业执照日期", Kind::Date},
    {"发放月份", Kind::Month},       {"减免月份", Kind::Month},            {"家庭人口数", Kind::Int},
    {"减免电量(度)", Kind::Int},     {"是否履行完毕", Kind::Bool},         {"经度", Kind::Lon},
    {"纬度", Kind::Lat},             {"统一社会信用代码", Kind::Uscc},
    // models 7-11
    {"执行案号", Kind::CaseNo},      {"证件号码", Kind::IdOrEmpty},        {"发布日期", Kind::Date},
    {"解除日期", Kind::DateOrEmpty}, {"日期", Kind::DateTime},             {"公告发布日期", Kind::Date},
    {"开拍时间", Kind::DateTime},    {"评估价(元)", Kind::Money},          {"起拍价(元)", Kind::Money},
    {"保证金(元)", Kind::Money},     {"裁判日期", Kind::Date},             {"法律事实日期", Kind::DateOrEmpty},
    {"阶段起算日期", Kind::Date},    {"已延长次数", Kind::Int},
};

TEST(GenReaderCompat, ClueReadsEveryFileAndParsesEveryTypedCell) {
  const fs::path dir = fs::temp_directory_path() / ("clue_gen_compat_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  clue::gen::Options o;
  o.out_dir = dir.string();
  o.scale = 3000;
  o.seed = 17;
  o.encoding = clue::gen::Encoding::Gb18030Some;
  clue::gen::generate(o);

  std::string err;
  const auto j = clue::test::parse_json(slurp(dir / "expected.json"), &err);
  ASSERT_TRUE(j) << err;
  std::set<std::string> invalid;
  for (const auto& s : j->get("invalid_ids")->items) invalid.insert(s.s);
  std::map<std::string, const clue::test::Json*> meta;
  for (const auto& f : j->get("files")->items) meta[f.get("name")->s] = &f;

  for (const auto& spec : clue::gen::file_specs()) {
    SCOPED_TRACE(spec.name);
    clue::csv::ReadOptions ro;
    ro.expected_headers = spec.header;
    auto res = clue::csv::CsvFile::open((dir / spec.name).string(), ro);
    ASSERT_TRUE(res.ok());
    clue::csv::CsvFile& f = *res.file;
    const auto& m = *meta.at(spec.name);
    EXPECT_EQ(f.encoding() == clue::csv::Encoding::Gb18030, m.get("encoding")->s == "gb18030");
    std::map<Kind, std::size_t> parsed;
    std::size_t invalid_seen = 0;
    f.for_each([&](const clue::csv::Record& r) {
      for (std::size_t c = 0; c < spec.header.size(); ++c) {
        const auto it = kKinds.find(spec.header[c]);
        if (it == kKinds.end()) continue;
        const std::string cell(r.fields[c]);
        bool ok = true;
        switch (it->second) {
          case Kind::CaseNo: {
            auto p = v::parse_case_no(cell);
            ok = p.ok();
            break;
          }
          case Kind::IdOrCompany:
            if (cell.empty() || v::parse_uscc(cell).ok()) break;
            [[fallthrough]];
          case Kind::IdOrEmpty:
            if (cell.empty()) break;
            [[fallthrough]];
          case Kind::Id:
            if (cell.empty() && std::string_view(spec.name) == "在押人员.csv") break;  // 身份证号 is optional there
            if (invalid.count(cell)) {
              ++invalid_seen;
              EXPECT_FALSE(v::parse_idcard(cell).ok()) << cell;
              break;
            }
            ok = v::parse_idcard(cell).ok();
            break;
          case Kind::Date: ok = v::parse_date(cell).ok(); break;
          case Kind::DateOrEmpty: ok = cell.empty() || v::parse_date(cell).ok(); break;
          case Kind::DateTime: ok = v::parse_date(cell).ok() || v::parse_datetime(cell).ok(); break;
          case Kind::Month: ok = v::parse_month(cell).ok(); break;
          case Kind::Money: ok = cell.empty() || v::parse_decimal(cell).ok(); break;
          case Kind::Int: ok = v::parse_int(cell).ok(); break;
          case Kind::Bool: ok = v::parse_bool(cell).ok(); break;
          case Kind::Lon:
            ok = v::parse_lonlat(cell, r.fields[c + 1]).ok() || (cell.empty() && r.fields[c + 1].empty());
            break;
          case Kind::Lat: break;
          case Kind::Uscc: ok = v::parse_uscc(cell).ok(); break;
          case Kind::Text: break;
        }
        EXPECT_TRUE(ok) << "line " << r.line << " " << spec.header[c] << ": '" << cell << "'";
        ++parsed[it->second];
      }
    });
    EXPECT_FALSE(f.error().has_value());
    const auto k = f.counters();
    EXPECT_TRUE(k.balanced());
    const auto malformed = static_cast<std::uint64_t>(m.get("malformed_rows")->n);
    EXPECT_EQ(k.rows_delivered, static_cast<std::uint64_t>(m.get("rows")->n) - malformed);
    EXPECT_EQ(k.rejected(clue::csv::ErrorCode::FieldCountMismatch), malformed);
    EXPECT_EQ(k.rejected(clue::csv::ErrorCode::TrailerRow), static_cast<std::uint64_t>(m.get("trailer_rows")->n));
    EXPECT_EQ(k.preamble_rows, static_cast<std::uint64_t>(m.get("title_rows")->n));
  }

  // Keys in expected.json are already Clue's canonical 案号 and 18-digit IDs.
  std::vector<const clue::test::Json*> entries;
  for (const auto& [model, mj] : j->get("models")->fields) {
    if (const auto* outs = mj.get("outputs"))
      for (const auto& [o, e] : outs->fields) entries.push_back(&e);
    else
      entries.push_back(&mj);
  }
  for (const auto* ej : entries) {
    const auto& mj = *ej;
    const auto& cols = mj.get("columns")->items;
    for (const auto& key : mj.get("keys")->items)
      for (std::size_t c = 0; c < cols.size(); ++c) {
        const std::string& col = cols[c].s;
        const std::string& val = key.items[c].s;
        if (col.find("案号") != std::string::npos && col != "案件编号") {
          auto p = v::parse_case_no(val);
          ASSERT_TRUE(p.ok()) << val;
          EXPECT_EQ(v::canonical(p.value()), val);
        } else if (col.find("身份证号") != std::string::npos) {
          auto p = v::parse_idcard(val);
          ASSERT_TRUE(p.ok()) << val;
          EXPECT_EQ(v::to_string(p.value()), val);
        }
      }
  }
  fs::remove_all(dir);
}

}  // namespace
