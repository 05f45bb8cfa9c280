// 案号: court case numbers, e.g. （2023）浙0803执1234号.
//
// Layout (法〔2015〕137号, in force 2016-01-01): (年度) 法院代字 类型代字 编号 号.
// The legacy form (2011)嘉南民初字第3180号 adds 字 after the type and 第
// before the number. Sources disagree on brackets, digit width and spacing,
// so matching is done on a canonical string; the parts are exposed for rules
// that filter by court or case type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

struct CaseNo {
  int year = 0;           // 年度, 1949..2200
  std::string court;      // 法院代字: "浙0803", "京", "最高法", legacy "嘉南"
  std::string type;       // 类型代字 without a trailing 字: "执", "民初", "执恢"
  std::int64_t number = 0;  // 编号
  friend bool operator==(const CaseNo&, const CaseNo&) = default;
};

// Accepts the brackets () （） 〔〕 [] ［］ 【】 〖〗, full-width digits,
// spaces anywhere, optional 字 / 第, and a missing final 号; a trailing
// 之一 / 之二 ... (a follow-up document of the same case) is dropped.
//
// The court code is CJK characters followed by 2-4 digits (new form), or CJK
// only (high courts, 最高法, legacy courts). In the CJK-only case the type
// word is taken as the longest tail made of case-type characters (民刑行执
// 初终申再...), leaving at least one character for the court; this splits
// 京民终 and 嘉南民初 correctly but cannot split a court abbreviation that
// itself ends in such a character. The canonical string is unaffected.
Parsed<CaseNo> parse_case_no(std::string_view text);

// Canonical key: （2023）浙0803执1234号 - full-width parentheses, half-width
// digits, no spaces, no 字 / 第, no leading zeros in the number.
std::string canonical(const CaseNo& c);

}  // namespace clue::values
