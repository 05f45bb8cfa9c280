// The CSV layer's codes (the CLUE_CSV rows of runtime/diag/codes.def): stable, unique codes,
// both languages, severities from the code range.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/csv/errors.h"

namespace clue::csv {
namespace {

TEST(CsvErrors, CodesAreUniqueWellFormedAndBilingual) {
  std::set<std::string_view> ids, names;
  for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
    const auto c = static_cast<ErrorCode>(i);
    std::string_view id = code_id(c);
    ASSERT_EQ(id.size(), 5u) << id;
    EXPECT_EQ(id[0], 'C');
    EXPECT_TRUE(ids.insert(id).second) << "duplicate code " << id;
    EXPECT_TRUE(names.insert(code_name(c)).second) << "duplicate name " << code_name(c);
    EXPECT_FALSE(message_template(c, Lang::En).empty());
    EXPECT_FALSE(message_template(c, Lang::Zh).empty());
    // same number of placeholders in both languages
    auto count = [](std::string_view t) {
      std::size_t n = 0;
      for (std::size_t p = t.find("{}"); p != std::string_view::npos; p = t.find("{}", p + 2)) ++n;
      return n;
    };
    EXPECT_EQ(count(message_template(c, Lang::En)), count(message_template(c, Lang::Zh))) << id;
  }
}

TEST(CsvErrors, StableCodesAndSeverities) {
  EXPECT_EQ(code_id(ErrorCode::FieldCountMismatch), "C0101");
  EXPECT_EQ(code_id(ErrorCode::TrailerRow), "C0102");
  EXPECT_EQ(code_id(ErrorCode::InvalidEncodingRow), "C0103");
  EXPECT_EQ(code_id(ErrorCode::EmptyFile), "C0202");
  EXPECT_EQ(code_id(ErrorCode::UnterminatedQuote), "C0205");
  EXPECT_EQ(code_id(ErrorCode::EncodingFallback), "C0302");
  EXPECT_EQ(severity(ErrorCode::FieldCountMismatch), Severity::RowReject);
  EXPECT_EQ(severity(ErrorCode::MissingColumn), Severity::FileError);
  EXPECT_EQ(severity(ErrorCode::DuplicateHeader), Severity::Warning);
}

TEST(CsvErrors, FormatFillsPlaceholdersInOrder) {
  EXPECT_EQ(format_message(ErrorCode::FieldCountMismatch, Lang::Zh, {"12", "5", "4"}),
            "第12行：应有5列，实际4列；整行拒收（不做错位修补）");
  EXPECT_EQ(format_message(ErrorCode::FieldCountMismatch, Lang::En, {"12"}),
            "line 12: expected {} fields but found {}; the row is rejected whole (never shifted)");
  Diagnostic d = make_diagnostic(ErrorCode::RecordTooLong, 7, -1, {"7", "100"});
  EXPECT_EQ(d.line, 7u);
  EXPECT_EQ(d.message_en, "the record starting at line 7 is longer than 100 bytes; reading stops");
}

TEST(CsvErrors, TruncateRawKeepsCharactersWhole) {
  std::string s(199, 'a');
  s += "张三";  // 张 straddles byte 200
  std::string t = truncate_raw(s);
  EXPECT_EQ(t, std::string(199, 'a'));
  EXPECT_EQ(truncate_raw("short"), "short");
  EXPECT_EQ(truncate_raw(std::string(500, 'x')).size(), kRejectRawMax);
}

}  // namespace
}  // namespace clue::csv
