// Normalising views (normalise_views.h): the C++ normalisers of runtime/values written again as
// plain SQL. Each column goes through five nested SELECTs (s1..s5), each stage naming its
// results _c<i>_<x> so the next one reads them once: writing a stage's input again in every
// place it is used would make the statements grow exponentially.
//
// What every dialect must be told apart on (docs/scale-out.md, "normalising views"):
//  - string literals: PostgreSQL and Trino take backslashes as they are; ClickHouse and Spark read
//    escapes in literals, so a regular expression's backslash is doubled there ('\b' would be a
//    backspace in ClickHouse 18.16);
//  - regular expressions: RE2 (ClickHouse), Java (Spark, Trino) and PostgreSQL's ARE share the
//    subset used here: [0-9], (?:...), {m,n}, anchors; no backreferences inside a pattern, no
//    (?i) (ClickHouse 18.16 matches nothing with it), no lookahead;
//  - replacement groups: \1 (PostgreSQL, ClickHouse) or $1 (Trino, Spark); at most 9 groups;
//  - ClickHouse 18.16 has no translate(): character folding is nested replaceAll();
//  - substring and length count bytes in ClickHouse: they are used only on ASCII digits here;
//  - ClickHouse turns CASE x WHEN 'a' THEN e ... into transform(), which needs constant results:
//    CASE WHEN x = 'a' THEN e is written instead; and it evaluates every branch of a CASE for
//    every row, so conversions are the kind that cannot throw (toInt64OrZero).
#include "compiler/sql/normalise_views.h"

#include <utility>

#include "compiler/sema/types.h"
#include "runtime/values/boolean.h"
#include "runtime/values/unicode_fold.h"

namespace clue::sql {
namespace {

constexpr int kStages = 5;

class Sql {
 public:
  explicit Sql(Dialect d) : d_(d) {}

  std::string lit(std::string_view s) const {
    const bool backslash = d_ == Dialect::ClickHouse || d_ == Dialect::Spark;
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') out += backslash ? "\\'" : "''";
      else if (c == '\\' && backslash) out += "\\\\";
      else out += c;
    }
    return out + "'";
  }
  std::string ident(std::string_view s) const {
    const char q = (d_ == Dialect::ClickHouse || d_ == Dialect::Spark) ? '`' : '"';
    std::string out(1, q);
    for (char c : s) {
      if (c == q) out += q;
      out += c;
    }
    return out + q;
  }
  std::string matches(const std::string& x, std::string_view re) const {
    switch (d_) {
      case Dialect::Postgres: return "(" + x + " ~ " + lit(re) + ")";
      case Dialect::ClickHouse: return "match(" + x + ", " + lit(re) + ")";
      case Dialect::Trino: return "regexp_like(" + x + ", " + lit(re) + ")";
      case Dialect::Spark: return "(" + x + " RLIKE " + lit(re) + ")";
    }
    return "";
  }
  // Replacement text written with \1 .. \9.
  std::string replace_all(const std::string& x, std::string_view re, std::string_view with) const {
    switch (d_) {
      case Dialect::Postgres: return "regexp_replace(" + x + ", " + lit(re) + ", " + lit(with) + ", 'g')";
      case Dialect::ClickHouse: return "replaceRegexpAll(" + x + ", " + lit(re) + ", " + lit(with) + ")";
      default: return "regexp_replace(" + x + ", " + lit(re) + ", " + lit(dollars(with)) + ")";
    }
  }
  // For a pattern anchored at both ends: one replacement.
  std::string replace_one(const std::string& x, std::string_view re, std::string_view with) const {
    switch (d_) {
      case Dialect::Postgres: return "regexp_replace(" + x + ", " + lit(re) + ", " + lit(with) + ")";
      case Dialect::ClickHouse: return "replaceRegexpOne(" + x + ", " + lit(re) + ", " + lit(with) + ")";
      default: return "regexp_replace(" + x + ", " + lit(re) + ", " + lit(dollars(with)) + ")";
    }
  }
  // The first capture group of a pattern that matches (the caller has checked it does).
  std::string group1(const std::string& x, std::string_view re) const {
    switch (d_) {
      case Dialect::Postgres: return "(regexp_match(" + x + ", " + lit(re) + "))[1]";
      case Dialect::ClickHouse: return "extract(" + x + ", " + lit(re) + ")";
      default: return "regexp_extract(" + x + ", " + lit(re) + ", 1)";
    }
  }
  std::string replace_text(const std::string& x, std::string_view from, std::string_view to) const {
    return std::string(d_ == Dialect::ClickHouse ? "replaceAll(" : "replace(") + x + ", " + lit(from) + ", " +
           lit(to) + ")";
  }
  // Character by character: from[i] -> to[i] (code points, UTF-8).
  std::string fold(const std::string& x, const std::vector<std::pair<std::string, std::string>>& pairs) const {
    if (d_ == Dialect::ClickHouse) {
      std::string out = x;
      for (const auto& [f, t] : pairs) out = "replaceAll(" + out + ", " + lit(f) + ", " + lit(t) + ")";
      return out;
    }
    std::string from, to;
    for (const auto& [f, t] : pairs) {
      from += f;
      to += t;
    }
    return "translate(" + x + ", " + lit(from) + ", " + lit(to) + ")";
  }
  std::string to_int(const std::string& x) const {
    // ClickHouse computes every branch of a CASE for every row, guarded or not: a conversion
    // that throws on '' would fail the whole query, so it is the one that yields 0.
    return d_ == Dialect::ClickHouse ? "toInt64OrZero(" + x + ")" : "CAST(" + x + " AS BIGINT)";
  }
  std::string div(const std::string& a, const std::string& b) const {
    if (d_ == Dialect::ClickHouse) return "intDiv(" + a + ", " + b + ")";
    // Spark's / is a double division (its `div` operator is not in every Spark grammar): the
    // operands here are below 2^53, so the floor of the double is exact.
    if (d_ == Dialect::Spark) return "CAST(FLOOR((" + a + ") / (" + b + ")) AS BIGINT)";
    return "((" + a + ") / (" + b + "))";
  }
  std::string concat(const std::vector<std::string>& parts) const {
    std::string out = "concat(";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out + ")";
  }
  std::string substr(const std::string& x, int start, int len) const {
    return std::string(d_ == Dialect::ClickHouse ? "substring(" : "substr(") + x + ", " + std::to_string(start) +
           ", " + std::to_string(len) + ")";
  }
  std::string substr_at(const std::string& x, const std::string& start, int len) const {
    // PostgreSQL has substr(text, integer, integer) only: a bigint position must be cast.
    const std::string at = d_ == Dialect::Postgres ? "CAST(" + start + " AS INTEGER)" : start;
    return std::string(d_ == Dialect::ClickHouse ? "substring(" : "substr(") + x + ", " + at + ", " +
           std::to_string(len) + ")";
  }
  // 1-based place of `needle` in `hay`, 0 when absent (ASCII here: ClickHouse counts bytes).
  std::string position(const std::string& hay, const std::string& needle) const {
    switch (d_) {
      case Dialect::Postgres: return "strpos(" + hay + ", " + needle + ")";
      case Dialect::ClickHouse: return "position(" + hay + ", " + needle + ")";
      case Dialect::Trino: return "strpos(" + hay + ", " + needle + ")";
      case Dialect::Spark: return "instr(" + hay + ", " + needle + ")";
    }
    return "";
  }
  std::string length(const std::string& x) const { return "length(" + x + ")"; }
  // A character class of the CJK ideographs text.h's is_cjk() lists.
  std::string cjk_class() const {
    if (d_ == Dialect::Postgres) return "[\\u4E00-\\u9FFF\\u3400-\\u4DBF\\uF900-\\uFAFF\\U00020000-\\U0003134F]";
    return "[\\x{4E00}-\\x{9FFF}\\x{3400}-\\x{4DBF}\\x{F900}-\\x{FAFF}\\x{20000}-\\x{3134F}]";
  }
  Dialect dialect() const { return d_; }

 private:
  static std::string dollars(std::string_view with) {
    std::string out;
    for (size_t i = 0; i < with.size(); ++i) {
      if (with[i] == '\\' && i + 1 < with.size() && with[i + 1] >= '0' && with[i + 1] <= '9') out += '$';
      else out += with[i];
    }
    return out;
  }
  Dialect d_;
};

// values::is_trim_space, at both ends.
constexpr std::string_view kTrim =
    "^(?: |\\t|\\r|\\n|\xC2\xA0|\xE3\x80\x80|\xEF\xBB\xBF)+|(?: |\\t|\\r|\\n|\xC2\xA0|\xE3\x80\x80|\xEF\xBB\xBF)+$";

std::string trimmed(const Sql& q, const std::string& x) { return q.replace_all(x, kTrim, ""); }

// Full-width -> ASCII (values::fold_width) for the characters listed, U+3000 -> space.
std::vector<std::pair<std::string, std::string>> fullwidth(std::string_view ascii) {
  std::vector<std::pair<std::string, std::string>> out;
  for (char c : ascii) {
    const char32_t w = static_cast<char32_t>(c) - 0x21 + 0xFF01;
    std::string u8 = {static_cast<char>(0xE0 | (w >> 12)), static_cast<char>(0x80 | ((w >> 6) & 0x3F)),
                      static_cast<char>(0x80 | (w & 0x3F))};
    out.emplace_back(u8, std::string(1, c));
  }
  return out;
}

std::string nullif_empty(const std::string& x) { return "CASE WHEN " + x + " = '' THEN NULL ELSE " + x + " END"; }

// The stages of one column: kStages lists of (name suffix, expression over the previous stage's
// columns, named by `col`), and the final expression.
struct Plan {
  std::vector<std::vector<std::pair<std::string, std::string>>> stages{kStages};
  std::string final;
  std::string bad_check;  // ID numbers: true when a well-formed number fails only its check
};

struct Names {
  int index;
  std::string prefix = "";  // tells two plans of one column apart (party IDs)
  std::string col(std::string_view x) const {
    return "_c" + std::to_string(index) + "_" + prefix + std::string(x);
  }
};

// ---- dates: values::parse_date ----------------------------------------------------------------

// The Chinese numerals of datetime.cpp's tokenizer: digit by digit (二〇二二) and the tens form
// (十, 十一, 二十, 二十三); what the tokenizer refuses is refused first.
constexpr std::string_view kCjkDigit = "(?:〇|○|零|一|二|三|四|五|六|七|八|九)";
constexpr std::string_view kCjkNonZero = "(?:一|二|三|四|五|六|七|八|九)";
constexpr std::string_view kCjkZero = "(?:〇|○|零)";

std::string date_time_tail() {
  // match_time(): H:M[:S[.frac]] or H时|点 [M分 [S秒]]; six groups, one alternative matches.
  return "(?:(?: |T)(?:([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\\.[0-9]{1,18})?)?|"
         "([0-9]{1,2})(?:时|点)(?:([0-9]{1,2})分(?:([0-9]{1,2})秒)?)?))?";
}

// parse_date, parse_month and parse_datetime share datetime.cpp's shapes: `form` says which
// result, and whether the month-only shapes (2024-03, 2024年3月, 202403) are accepted.
Plan date_plan(const Sql& q, const Names& n, const std::string& raw, NormalForm form) {
  Plan p;
  // s1: trimmed, the full-width characters a date can hold folded.
  auto folds = fullwidth("0123456789-/.:T");
  folds.emplace_back("\xE3\x80\x80", " ");
  p.stages[0] = {{"a", nullif_empty(q.fold(trimmed(q, raw), folds))}};
  // s2: Chinese numerals to digits; spaces kept only between two numbers (the date/time
  // boundary), as one space.
  const std::string a = n.col("a");
  const std::string d = std::string(kCjkDigit), nz = std::string(kCjkNonZero), z = std::string(kCjkZero);
  const std::string refused = "(?:" + d + d + "十|十" + d + d + "|" + z + "十|十" + z + "|十" + d + "?十|[0-9]" + d +
                              "|" + d + "[0-9]|" + d + "{5,}|" + d + "十" + d + "十)";
  std::string conv = a;
  conv = q.replace_all(conv, "(" + nz + ")十(" + nz + ")", "\\1\\2");
  conv = q.replace_all(conv, "(" + nz + ")十", "\\1〇");
  conv = q.replace_all(conv, "十(" + nz + ")", "一\\1");
  conv = q.replace_text(conv, "十", "一〇");
  conv = q.fold(conv, {{"〇", "0"}, {"○", "0"}, {"零", "0"}, {"一", "1"}, {"二", "2"}, {"三", "3"}, {"四", "4"},
                       {"五", "5"}, {"六", "6"}, {"七", "7"}, {"八", "8"}, {"九", "9"}});
  conv = q.replace_all(conv, "(?: |\\t|\xC2\xA0)+", " ");
  conv = q.replace_all(conv, "([^0-9]) ", "\\1");
  conv = q.replace_all(conv, " ([^0-9])", "\\1");
  p.stages[1] = {{"b", "CASE WHEN " + q.matches(a, refused) + " THEN NULL ELSE " + conv + " END"}};
  // s3: one canonical form "Y,M,D,h,m,s," from each accepted shape. 年月日 becomes Y-M-D first.
  const std::string b = n.col("b");
  std::string cn = b;
  const std::string ymd = "^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})";
  cn = q.replace_one(cn, ymd + "(?:日|号)$", "\\1-\\2-\\3");
  cn = q.replace_one(cn, ymd + "(?:日|号)T?([0-9])", "\\1-\\2-\\3T\\4");
  cn = q.replace_one(cn, ymd + "( |T)([0-9])", "\\1-\\2-\\3\\4\\5");
  cn = q.replace_one(cn, ymd + "$", "\\1-\\2-\\3");
  const std::string sep = "^([0-9]{4})(?:-|/|\\.)([0-9]{1,2})(?:-|/|\\.)([0-9]{1,2})" + date_time_tail() + "$";
  const std::string same_sep = "^[0-9]{4}(?:-[0-9]{1,2}-|/[0-9]{1,2}/|\\.[0-9]{1,2}\\.)";
  const std::string compact8 = "^([0-9]{4})([0-9]{2})([0-9]{2})" + date_time_tail() + "$";
  const std::string compact12 = "^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})?$";
  const std::string canon = "\\1,\\2,\\3,0\\4\\7,0\\5\\8,0\\6\\9,";
  p.stages[2] = {{"b2", cn}};
  const std::string b2 = n.col("b2");
  // A month alone (parse_month only): 2024-03, 2024/3, 2024.03, 2024年3月, 202403; its day is 1.
  std::string month_only;
  if (form == NormalForm::Month) {
    for (const char* re : {"^([0-9]{4})(?:-|/|\\.)([0-9]{1,2})$", "^([0-9]{4})年([0-9]{1,2})月$", "^([0-9]{4})([0-9]{2})$"}) {
      month_only += " WHEN " + q.matches(b2, re) + " THEN " + q.replace_one(b2, re, "\\1,\\2,1,0,0,0,");
    }
  }
  p.stages[3] = {{"c", "CASE WHEN " + q.matches(b2, sep) + " AND " + q.matches(b2, same_sep) + " THEN " +
                            q.replace_one(b2, sep, canon) + " WHEN " + q.matches(b2, compact8) + " THEN " +
                            q.replace_one(b2, compact8, canon) + " WHEN " + q.matches(b2, compact12) + " THEN " +
                            q.replace_one(b2, compact12, "\\1,\\2,\\3,0\\4,0\\5,0\\6,") + month_only + " END"}};
  // final: the numbers, checked (is_valid_date, 1800..2200, the time of day), as days since
  // 1970-01-01 (datetime.h's make_date, all operands positive).
  const std::string c = n.col("c");
  auto field = [&](int i) {
    std::string re = "^";
    for (int k = 0; k < i; ++k) re += "[0-9]+,";
    return q.to_int(q.group1(c, re + "([0-9]+),"));
  };
  p.stages[4] = {{"c", c},        {"y", field(0)},  {"m", field(1)}, {"d", field(2)},
                 {"hh", field(3)}, {"mi", field(4)}, {"ss", field(5)}};
  const std::string y = n.col("y"), m = n.col("m"), dd = n.col("d"), hh = n.col("hh"), mi = n.col("mi"),
                    ss = n.col("ss");
  const std::string leap = "((" + y + " % 4 = 0 AND " + y + " % 100 <> 0) OR " + y + " % 400 = 0)";
  const std::string dim = "(CASE WHEN " + m + " = 2 THEN (CASE WHEN " + leap + " THEN 29 ELSE 28 END) WHEN " + m +
                          " IN (4, 6, 9, 11) THEN 30 ELSE 31 END)";
  const std::string valid = c + " IS NOT NULL AND " + m + " BETWEEN 1 AND 12 AND " + dd + " BETWEEN 1 AND " + dim +
                            " AND " + y + " BETWEEN 1800 AND 2200 AND " + hh + " <= 23 AND " + mi + " <= 59 AND " +
                            ss + " <= 59";
  // A CASE as an operand is parenthesised: Spark's grammar (dt-sql-parser's) wants it so.
  const std::string y2 = "(" + y + " - (CASE WHEN " + m + " <= 2 THEN 1 ELSE 0 END))";
  const std::string era = q.div(y2, "400");
  const std::string yoe = "(" + y2 + " - " + era + " * 400)";
  const std::string doy = "(" + q.div("153 * (" + m + " + (CASE WHEN " + m + " > 2 THEN -3 ELSE 9 END)) + 2", "5") +
                          " + " + dd + " - 1)";
  const std::string doe = "(" + yoe + " * 365 + " + q.div(yoe, "4") + " - " + q.div(yoe, "100") + " + " + doy + ")";
  const std::string days = era + " * 146097 + " + doe + " - 719468";
  if (form == NormalForm::Month) {
    p.final = "CASE WHEN " + valid + " THEN " + y + " * 12 + " + m + " - 1 END";  // make_month
  } else if (form == NormalForm::DateTime) {
    p.final = "CASE WHEN " + valid + " THEN (" + days + ") * 86400 + " + hh + " * 3600 + " + mi + " * 60 + " + ss + " END";
  } else {
    p.final = "CASE WHEN " + valid + " THEN " + days + " END";
  }
  return p;
}

// ---- ID numbers: values::parse_idcard ---------------------------------------------------------

Plan idcard_plan(const Sql& q, const Names& n, const std::string& raw) {
  Plan p;
  auto folds = fullwidth("0123456789Xx");
  folds.emplace_back("\xE3\x80\x80", " ");
  // Trimmed, full-width folded, inner spaces dropped, x upper-cased (collect_slow).
  const std::string a = q.replace_text(q.replace_text(q.fold(trimmed(q, raw), folds), " ", ""), "x", "X");
  p.stages[0] = {{"a", a}};
  // The 17-digit body: as written (18 characters) or upgraded (15 digits: "19" after the region).
  const std::string t = n.col("a");
  const std::string is18 = q.matches(t, "^[0-9]{17}[0-9X]$"), is15 = q.matches(t, "^[0-9]{15}$");
  p.stages[1] = {{"body", "CASE WHEN " + is18 + " THEN " + q.substr(t, 1, 17) + " WHEN " + is15 + " THEN " +
                              q.concat({q.substr(t, 1, 6), "'19'", q.substr(t, 7, 9)}) + " END"},
                 {"given", "CASE WHEN " + is18 + " THEN " + q.substr(t, 18, 1) + " END"}};
  // The check character: sum of digit * 2^(17-i) mod 11, "10X98765432".
  const std::string body = n.col("body"), given = n.col("given");
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  std::string sum;
  for (int i = 0; i < 17; ++i) {
    sum += (i ? " + " : "") + q.to_int(q.substr(body, i + 1, 1)) + " * " + std::to_string(kWeights[i]);
  }
  p.stages[2] = {{"body", body},
                 {"given", given},
                 {"check", q.substr_at("'10X98765432'", "(" + sum + ") % 11 + 1", 1)},
                 {"y", q.to_int(q.substr(body, 7, 4))},
                 {"m", q.to_int(q.substr(body, 11, 2))},
                 {"d", q.to_int(q.substr(body, 13, 2))}};
  const std::string y = n.col("y"), m = n.col("m"), d = n.col("d");
  const std::string leap = "((" + y + " % 4 = 0 AND " + y + " % 100 <> 0) OR " + y + " % 400 = 0)";
  const std::string dim = "(CASE WHEN " + m + " = 2 THEN (CASE WHEN " + leap + " THEN 29 ELSE 28 END) WHEN " + m +
                          " IN (4, 6, 9, 11) THEN 30 ELSE 31 END)";
  const std::string well_formed = n.col("body") + " IS NOT NULL AND " + m + " BETWEEN 1 AND 12 AND " + d +
                                 " BETWEEN 1 AND " + dim + " AND " + y + " BETWEEN 1800 AND 2200";
  p.final = "CASE WHEN " + well_formed + " AND (" + n.col("given") + " IS NULL OR " + n.col("given") + " = " +
            n.col("check") + ") THEN " + q.concat({n.col("body"), n.col("check")}) + " END";
  p.bad_check = "(" + well_formed + " AND " + n.col("given") + " IS NOT NULL AND " + n.col("given") + " <> " +
                n.col("check") + ")";
  return p;
}

// ---- unified social credit codes: values::parse_uscc -------------------------------------------

Plan uscc_plan(const Sql& q, const Names& n, const std::string& raw) {
  Plan p;
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 symbols, uscc.cpp's
  std::string all_ascii;
  for (int c = 0x21; c <= 0x7E; ++c) all_ascii += static_cast<char>(c);
  auto folds = fullwidth(all_ascii);
  folds.emplace_back("\xE3\x80\x80", " ");
  std::vector<std::pair<std::string, std::string>> upper;
  for (char c = 'a'; c <= 'z'; ++c) upper.emplace_back(std::string(1, c), std::string(1, static_cast<char>(c - 32)));
  // Trimmed, full-width folded, upper-cased, inner spaces dropped.
  p.stages[0] = {{"a", q.replace_text(q.fold(q.fold(trimmed(q, raw), folds), upper), " ", "")}};
  const std::string a = n.col("a");
  p.stages[1] = {{"a", "CASE WHEN " + q.matches(a, "^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$") + " THEN " + a + " END"}};
  // W_i = 3^(i-1) mod 31; the check character is the alphabet's (31 - sum mod 31) mod 31.
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  const std::string v = n.col("a");
  std::string sum;
  for (int i = 0; i < 17; ++i) {
    sum += (i ? " + " : "") + std::string("(") + q.position(q.lit(kAlphabet), q.substr(v, i + 1, 1)) + " - 1) * " +
           std::to_string(kWeights[i]);
  }
  p.stages[2] = {{"a", v}, {"check", q.substr_at(q.lit(kAlphabet), "(31 - (" + sum + ") % 31) % 31 + 1", 1)}};
  p.final = "CASE WHEN " + n.col("a") + " IS NOT NULL AND " + q.substr(n.col("a"), 18, 1) + " = " + n.col("check") +
            " THEN " + n.col("a") + " END";
  return p;
}

// ---- party IDs: values::parse_party_id ---------------------------------------------------------

// An ID number when the text is one; NULL when it is a well-formed ID number whose check fails
// (a person's typo must not become an organisation); else a USCC. Both readings run side by
// side in the same stages.
Plan party_plan(const Sql& q, const Names& n, const std::string& raw) {
  const Names ni{n.index, "i"}, nu{n.index, "u"};
  const Plan person = idcard_plan(q, ni, raw), org = uscc_plan(q, nu, raw);
  Plan p;
  std::vector<std::string> carried[2];
  for (int s = 0; s < kStages; ++s) {
    int k = 0;
    for (const auto* part : {&person, &org}) {
      const Names& pn = k == 0 ? ni : nu;
      if (part->stages[s].empty()) {  // nothing to do here: its columns pass on
        for (const auto& name : carried[k]) p.stages[s].emplace_back(pn.prefix + name, pn.col(name));
      } else {
        carried[k].clear();
        for (const auto& [name, expr] : part->stages[s]) {
          p.stages[s].emplace_back(pn.prefix + name, expr);
          carried[k].push_back(name);
        }
      }
      ++k;
    }
  }
  p.final = "CASE WHEN (" + person.final + ") IS NOT NULL THEN " + person.final + " WHEN " + person.bad_check +
            " THEN NULL ELSE " + org.final + " END";
  return p;
}

// ---- amounts: values::parse_decimal -----------------------------------------------------------

Plan decimal_plan(const Sql& q, const Names& n, const std::string& raw, bool allow_wan) {
  Plan p;
  auto folds = fullwidth("0123456789,.+-()RMBCNYrmbcny");
  folds.emplace_back("\xE3\x80\x80", " ");
  p.stages[0] = {{"a", nullif_empty(q.fold(trimmed(q, raw), folds))}};
  // One pattern for the whole text: the prefix (one sign, one currency, one "(" in any order,
  // sign and "(" exclusive), the digits (groups of three after commas), [万|亿] [元 [整]], ")".
  const std::string sign = "(?:-|\\+|\xE2\x88\x92)";
  const std::string cur = "(?:\xC2\xA5|\xEF\xBF\xA5|[Rr][Mm][Bb]|[Cc][Nn][Yy]|人民币)";
  const std::string prefix = "( *(?:" + sign + " *(?:" + cur + " *)?|" + cur + " *(?:" + sign + " *)?|\\( *(?:" +
                             cur + " *)?|" + cur + " *(?:\\( *)?)?)";
  const std::string whole = "^" + prefix + "([0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\\.([0-9]*))? *(万|亿)?(?:元(?:整)?)? *(\\))? *$";
  const std::string a = n.col("a");
  p.stages[1] = {{"c", "CASE WHEN " + q.matches(a, whole) + " THEN " + q.replace_one(a, whole, "\\1;\\2;\\3;\\4;\\5;") +
                           " END"}};
  const std::string c = n.col("c");
  p.stages[2] = {{"pre", q.group1(c, "^([^;]*);")},
                 {"int", q.replace_text(q.group1(c, "^[^;]*;([^;]*);"), ",", "")},
                 {"frac", q.group1(c, "^[^;]*;[^;]*;([^;]*);")},
                 {"unit", q.group1(c, "^[^;]*;[^;]*;[^;]*;([^;]*);")},
                 {"close", q.group1(c, "^[^;]*;[^;]*;[^;]*;[^;]*;([^;]*);")},
                 {"c", c}};
  // The scale: 10^4, times 10^4 (万) or 10^8 (亿). Fraction digits past it must be zeros
  // (DecimalTooPrecise otherwise), as must those past the 12 the parser keeps.
  const std::string pre = n.col("pre"), in = n.col("int"), frac = n.col("frac"), unit = n.col("unit"),
                    close = n.col("close");
  auto scaled_digits = [&](int s) {
    return q.concat({in, q.substr(q.concat({frac, "'000000000000'"}), 1, s)});
  };
  const std::string digits =
      "CASE WHEN " + unit + " = '万' THEN " + scaled_digits(8) + " WHEN " + unit + " = '亿' THEN " + scaled_digits(12) + " ELSE " +
      scaled_digits(4) + " END";
  const std::string kept = q.concat({in, q.substr(frac, 1, 12)});  // what the parser accumulates
  auto no_zeros = [&](const std::string& x) { return q.replace_one(x, "^0+", ""); };
  p.stages[3] = {{"neg", "CASE WHEN " + q.matches(pre, "\\(|-|\xE2\x88\x92") + " THEN 1 ELSE 0 END"},
                 {"ok", "CASE WHEN " + c + " IS NULL THEN 0 WHEN " + q.length(in) + " + " + q.length(frac) +
                            " = 0 THEN 0 WHEN (" + q.matches(pre, "\\(") + ") <> (" + close + " = ')') THEN 0 WHEN " +
                            unit + " <> '' AND " + (allow_wan ? "1 = 0" : "1 = 1") + " THEN 0 WHEN NOT " +
                            q.matches(frac, "^[0-9]{0,12}0*$") + " THEN 0 ELSE 1 END"},
                 {"exact", "CASE WHEN " + unit + " = '万' THEN " + q.matches(frac, "^[0-9]{0,8}0*$") + " WHEN " + unit + " = '亿' THEN " +
                               q.matches(frac, "^[0-9]{0,12}0*$") + " ELSE " + q.matches(frac, "^[0-9]{0,4}0*$") + " END"},
                 {"digits", no_zeros(digits)},
                 {"kept", no_zeros(kept)}};
  const std::string fits_digits = "(" + q.length(n.col("digits")) + " < 19 OR (" + q.length(n.col("digits")) +
                                  " = 19 AND " + n.col("digits") + " <= '9223372036854775807'))";
  const std::string fits_kept = "(" + q.length(n.col("kept")) + " < 19 OR (" + q.length(n.col("kept")) +
                                " = 19 AND " + n.col("kept") + " <= '9223372036854775807'))";
  const std::string value = "(CASE WHEN " + n.col("digits") + " = '' THEN 0 ELSE " + q.to_int(n.col("digits")) + " END)";
  p.final = "CASE WHEN " + n.col("ok") + " = 1 AND " + n.col("exact") + " AND " + fits_digits + " AND " + fits_kept +
            " THEN CASE WHEN " + n.col("neg") + " = 1 THEN -" + value + " ELSE " + value + " END END";
  return p;
}

// ---- integers: values::parse_int --------------------------------------------------------------

Plan int_plan(const Sql& q, const Names& n, const std::string& raw) {
  Plan p;
  auto folds = fullwidth("0123456789,.+-");
  p.stages[0] = {{"a", nullif_empty(q.fold(trimmed(q, raw), folds))}};
  // One sign, digits (groups of three after commas), a fraction of zeros only (IntHasFraction
  // otherwise).
  const std::string whole = "^(-|\\+|\xE2\x88\x92)?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.0*)?$";
  const std::string a = n.col("a");
  p.stages[1] = {{"c", "CASE WHEN " + q.matches(a, whole) + " THEN " + q.replace_one(a, whole, "\\1;\\2;") + " END"}};
  const std::string c = n.col("c");
  p.stages[2] = {{"c", c},
                 {"neg", "CASE WHEN " + q.matches(c, "^(?:-|\xE2\x88\x92);") + " THEN 1 ELSE 0 END"},
                 {"d", q.replace_one(q.replace_text(q.group1(c, "^[^;]*;([^;]*);"), ",", ""), "^0+", "")}};
  const std::string d = n.col("d"), neg = n.col("neg");
  // INT64_MIN has no positive twin: written as an expression, as the parser accumulates it.
  const std::string fits = "(" + q.length(d) + " < 19 OR (" + q.length(d) + " = 19 AND (" + d +
                           " <= '9223372036854775807' OR (" + neg + " = 1 AND " + d + " = '9223372036854775808'))))";
  const std::string value = "(CASE WHEN " + d + " = '' THEN 0 ELSE " + q.to_int(d) + " END)";
  p.final = "CASE WHEN " + c + " IS NOT NULL AND " + fits + " THEN (CASE WHEN " + neg + " = 1 AND " + d +
            " = '9223372036854775808' THEN -9223372036854775807 - 1 WHEN " + neg + " = 1 THEN -" + value + " ELSE " +
            value + " END) END";
  return p;
}

// ---- booleans: values::parse_bool --------------------------------------------------------------

// values::fold_width and ASCII lower case, as equals_folded(..., ascii_case_insensitive) compares.
std::string folded_lower(std::string_view word) {
  std::string out;
  const char* p = word.data();
  const char* end = p + word.size();
  while (p < end) {
    char32_t c = values::fold_width(values::decode_utf8(p, end));
    if (c >= U'A' && c <= U'Z') c += 32;
    values::append_utf8(out, c);
  }
  return out;
}

Plan bool_plan(const Sql& q, const Names& n, const std::string& raw, const RawColumn& col) {
  Plan p;
  const values::BoolSpec& def = values::BoolSpec::defaults();
  const auto& yes = col.true_words.empty() ? def.true_words : col.true_words;
  const auto& no = col.false_words.empty() ? def.false_words : col.false_words;
  std::string all_ascii;
  for (int c = 0x21; c <= 0x7E; ++c) all_ascii += static_cast<char>(c);
  auto folds = fullwidth(all_ascii);
  folds.emplace_back("\xE3\x80\x80", " ");
  std::vector<std::pair<std::string, std::string>> lower;
  for (char c = 'A'; c <= 'Z'; ++c) lower.emplace_back(std::string(1, c), std::string(1, static_cast<char>(c + 32)));
  p.stages[0] = {{"a", nullif_empty(trimmed(q, raw))}};
  const std::string a = n.col("a");
  p.stages[1] = {{"a", a}, {"f", q.fold(q.fold(a, folds), lower)}};
  auto in = [&](const std::string& x, const std::vector<std::string>& words, bool fold) {
    std::string list;
    for (const auto& w : words) list += (list.empty() ? "" : ", ") + q.lit(fold ? folded_lower(w) : w);
    return x + " IN (" + list + ")";
  };
  // Exact words first, then folded ones, each list in the parser's order (true before false).
  const std::string f = n.col("f");
  p.final = "CASE WHEN " + in(a, yes, false) + " THEN 1 WHEN " + in(a, no, false) + " THEN 0 WHEN " + in(f, yes, true) +
            " THEN 1 WHEN " + in(f, no, true) + " THEN 0 END";
  return p;
}

// ---- text: values::normalize_text -------------------------------------------------------------

Plan text_plan(const Sql& q, const Names& n, const std::string& raw) {
  Plan p;
  p.stages[0] = {{"a", nullif_empty(trimmed(q, raw))}};
  const std::string a = n.col("a");
  auto folds = fullwidth("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  // fold_middle_dot: • ・ ･ ‧ ∙ -> ·
  for (const char* dot : {"\xE2\x80\xA2", "\xE3\x83\xBB", "\xEF\xBD\xA5", "\xE2\x80\xA7", "\xE2\x88\x99"}) {
    folds.emplace_back(dot, "\xC2\xB7");
  }
  p.stages[1] = {{"b", q.fold(a, folds)}};
  // U+FF0E between two CJK ideographs is a name dot; twice, since one replacement consumes the
  // ideograph the next one needs (中．中．中).
  const std::string b = n.col("b");
  const std::string between = "(" + q.cjk_class() + ")\xEF\xBC\x8E(" + q.cjk_class() + ")";
  p.stages[2] = {{"c", q.replace_all(q.replace_all(b, between, "\\1\xC2\xB7\\2"), between, "\\1\xC2\xB7\\2")}};
  p.final = n.col("c");
  return p;
}

}  // namespace

std::optional<NormalForm> normal_form_of(TypeKind type) {
  switch (type) {
    case TypeKind::Text: return NormalForm::Text;
    case TypeKind::IdCard: return NormalForm::IdCard;
    case TypeKind::Uscc: return NormalForm::Uscc;
    case TypeKind::PartyId: return NormalForm::PartyId;
    case TypeKind::Int: return NormalForm::Int;
    case TypeKind::Bool: return NormalForm::Bool;
    case TypeKind::Date: return NormalForm::Date;
    case TypeKind::Month: return NormalForm::Month;
    case TypeKind::DateTime: return NormalForm::DateTime;
    case TypeKind::Decimal:
    case TypeKind::Money: return NormalForm::Decimal;
    default: return std::nullopt;
  }
}

ViewError::ViewError(DiagId id_, std::vector<std::string> args_)
    : std::runtime_error(std::string(diag_info(id_).code) + ": " + format_template(diag_info(id_).en, args_, Lang::En)),
      id(id_),
      args(std::move(args_)) {}

std::vector<RawColumn> view_columns(Dialect dialect, std::string_view schema, const std::vector<ViewField>& fields) {
  std::vector<RawColumn> out;
  for (const ViewField& f : fields) {
    const auto form = normal_form_of(f.type);
    if (!form) {
      throw ViewError(DiagId::NoNormalisingView,
                      {f.name, std::string(schema), type_name(Type::of(f.type)), std::string(dialect_name(dialect))});
    }
    out.push_back(RawColumn{f.name, *form, f.allow_wan_units, f.true_words, f.false_words});
  }
  return out;
}

std::string normalising_view(Dialect dialect, std::string_view view, std::string_view raw_table,
                             const std::vector<RawColumn>& columns) {
  const Sql q(dialect);
  std::vector<Plan> plans;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Names n{static_cast<int>(i)};
    const std::string raw = q.ident(columns[i].name);
    switch (columns[i].form) {
      case NormalForm::Text: plans.push_back(text_plan(q, n, raw)); break;
      case NormalForm::Int: plans.push_back(int_plan(q, n, raw)); break;
      case NormalForm::Bool: plans.push_back(bool_plan(q, n, raw, columns[i])); break;
      case NormalForm::IdCard: plans.push_back(idcard_plan(q, n, raw)); break;
      case NormalForm::Uscc: plans.push_back(uscc_plan(q, n, raw)); break;
      case NormalForm::PartyId: plans.push_back(party_plan(q, n, raw)); break;
      case NormalForm::Date:
      case NormalForm::Month:
      case NormalForm::DateTime: plans.push_back(date_plan(q, n, raw, columns[i].form)); break;
      case NormalForm::Decimal: plans.push_back(decimal_plan(q, n, raw, columns[i].allow_wan_units)); break;
    }
  }
  // Innermost first: stage 1 reads the raw table; each stage passes the raw text on as _r<i>,
  // and a stage a column has nothing to do in passes its columns on unchanged.
  std::string from = q.ident(raw_table);
  std::vector<std::vector<std::string>> names(columns.size());
  for (int s = 0; s < kStages; ++s) {
    std::string select = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
      const Names n{static_cast<int>(i)};
      const std::string r = "_r" + std::to_string(i);
      select += (i ? ",\n    " : "") + (s == 0 ? q.ident(columns[i].name) : r) + " AS " + r;
      if (plans[i].stages[s].empty()) {
        for (const auto& name : names[i]) select += ",\n    " + n.col(name) + " AS " + n.col(name);
        continue;
      }
      names[i].clear();
      for (const auto& [name, expr] : plans[i].stages[s]) {
        select += ",\n    " + expr + " AS " + n.col(name);
        names[i].push_back(name);
      }
    }
    from = "(" + select + "\n  FROM " + from + ") AS _s" + std::to_string(s + 1);
  }
  std::string out = "CREATE VIEW " + q.ident(view) + " AS\nSELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    out += (i ? ",\n  " : "") + plans[i].final + " AS " + q.ident(columns[i].name);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    out += ",\n  _r" + std::to_string(i) + " AS " + q.ident("_clue_raw_" + columns[i].name);
  }
  return out + "\nFROM " + from + ";\n";
}

}  // namespace clue::sql
