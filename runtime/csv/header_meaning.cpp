#include "runtime/csv/header_meaning.h"

#include <algorithm>
#include <array>

#include "runtime/csv/header.h"

namespace clue::csv {
namespace {

// Party roles, longest first where one contains another (申请执行人 ⊃ 执行人 is not a role of
// its own; 被告人 is a criminal defendant, 被告 a civil one). Each entry is matched at its
// place, longest first, so 被申请人 is never read as 申请人.
constexpr std::array<std::string_view, 28> kRoles = {
    "被申请执行人", "申请执行人", "被执行人", "被申请人", "申请人", "被上诉人", "上诉人", "原审原告", "原审被告",
    "被告人",       "原告",       "被告",     "第三人",   "债权人", "债务人",   "出借人", "借款人",   "被害人",
    "犯罪嫌疑人",   "罪犯",       "买受人",   "出卖人",   "出租人", "承租人",   "委托人", "受托人",   "赔偿义务人",
    "赔偿权利人"};

// Words for one thing, reduced to the first of their group. Longer spellings first.
struct Synonym {
  std::string_view word, canonical;
};
constexpr std::array<Synonym, 16> kSynonyms = {{
    {"公民身份号码", "证件号"},
    {"身份证件号码", "证件号"},
    {"身份证号码", "证件号"},
    {"证件号码", "证件号"},
    {"身份证号", "证件号"},
    {"证照号码", "证件号"},
    {"身份证", "证件号"},
    {"统一社会信用代码", "信用代码"},
    {"社会信用代码", "信用代码"},
    {"案件编号", "案号"},
    {"案件号", "案号"},
    {"姓名", "名称"},
    {"名字", "名称"},
    {"金额(元)", "金额"},
    {"(元)", ""},
    {"时间", "日期"},
}};

std::string reduce_synonyms(std::string s) {
  for (const Synonym& syn : kSynonyms) {
    for (size_t p = 0; (p = s.find(syn.word, p)) != std::string::npos;) {
      s.replace(p, syn.word.size(), syn.canonical);
      p += syn.canonical.size();
    }
  }
  return s;
}

}  // namespace

HeaderMeaning header_meaning(std::string_view header) {
  HeaderMeaning m;
  const std::string h = normalize_header(header);
  std::string rest;
  for (size_t i = 0; i < h.size();) {
    bool found = false;
    for (std::string_view role : kRoles) {
      if (h.compare(i, role.size(), role) == 0) {
        m.roles.emplace_back(role);
        i += role.size();
        found = true;
        break;
      }
    }
    if (!found) rest += h[i++];
  }
  m.thing = reduce_synonyms(std::move(rest));
  return m;
}

std::size_t meaning_distance(std::string_view expected, std::string_view candidate) {
  const HeaderMeaning e = header_meaning(expected), c = header_meaning(candidate);
  if (!e.roles.empty() && !c.roles.empty() && e.roles != c.roles) return kIncompatible;
  std::size_t d = edit_distance(e.thing, c.thing);
  if (e.roles.empty() != c.roles.empty()) d += 1;
  return d;
}

bool plausible_binding(std::string_view expected, std::string_view candidate) {
  const HeaderMeaning e = header_meaning(expected), c = header_meaning(candidate);
  if (!e.roles.empty() && !c.roles.empty() && e.roles != c.roles) return false;
  if (e.thing.empty() || c.thing.empty()) return false;
  // A header with a role stands for a field without one only when the rest is the same thing,
  // and the reverse (身份证号码 for 被执行人身份证号 in an export of one party) the same.
  const std::size_t d = edit_distance(e.thing, c.thing);
  if (d == 0) return true;
  if (e.roles.empty() != c.roles.empty()) return false;
  const std::size_t chars = std::max<std::size_t>(1, edit_distance(e.thing, ""));
  return d * 3 <= chars;
}

}  // namespace clue::csv
