// clue-gen: the deterministic sample-data generator (issue 5).
//
// generate() writes the eight exports of issue 5 and the five exports of models
// 7-11 into a folder, with the dirt of the readers issue, planted leads for models
// 1-11 and expected.json listing,
// by construction, the exact leads each rule must find. Same options => the
// same bytes. Standard library only (plus glibc iconv for GB18030 output).
// The layout, ratios and every planted trap are documented in docs/sample-data.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue::gen {

enum class Encoding { Utf8, Gb18030Some };  // Gb18030Some: 终本案件.csv in GB18030, the rest UTF-8

// Lead density of due_claims and provident_fund (issue 19). Sparse: N/1000 planted debtors with one
// case each, background debtors ~1.1 终本 cases each (the generator before issue 19). Realistic: N/50
// planted debtors, each with 1-3 unpaid 终本 cases, sometimes a paid one, 1-2 won civil cases and
// sometimes a withdrawn one (tens of thousands of leads per million rows); background debtors with
// ~2.6 终本 cases each; and, with dirt, a few 民事 rows pasted in GB18030 into the UTF-8 file.
enum class Density { Sparse, Realistic };

struct Options {
  std::string out_dir;
  std::int64_t scale = 1000;  // N: 终本案件.csv has N data records
  std::uint64_t seed = 1;
  Encoding encoding = Encoding::Utf8;
  bool dirt = true;
  Density density = Density::Realistic;
};

struct FileSummary {
  std::string name;
  std::int64_t rows = 0;       // data records written (including malformed ones)
  std::int64_t malformed = 0;  // records with a wrong field count (readers reject them)
};

struct Summary {
  std::vector<FileSummary> files;
  std::vector<std::pair<std::string, std::int64_t>> leads;  // model name -> expected lead count
};

// Writes every file into options.out_dir (created if missing). Throws
// std::runtime_error on bad options or I/O errors.
Summary generate(const Options& options);

// The exact headers of issue 5, then those of models 7-11's schemas, in file order.
struct FileSpec {
  const char* name;
  std::vector<std::string> header;
};
const std::vector<FileSpec>& file_specs();

// Row counts for a scale before planted rows are taken into account (the
// file gets max(this, planted rows + required background rows)).
std::int64_t nominal_rows(std::string_view file, std::int64_t scale);

// GB 11643 check character for a 17-digit body; GB 32100 check character for
// a 17-character body ('\0' when a character is outside the alphabet).
char idcard_check(std::string_view body17);
char uscc_check(std::string_view body17);

}  // namespace clue::gen
