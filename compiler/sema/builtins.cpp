#include "compiler/sema/builtins.h"

#include <array>
#include <stdexcept>
#include <string>

namespace clue {
namespace {
using A = ArgRule;
using K = TypeKind;
using F = plan::Fn;

const std::vector<Builtin>& table() {
  static const std::vector<Builtin> kTable = {
      // text
      {F::Contains, {A::Text, A::Text}, K::Bool, false, "text contains a substring"},
      {F::StartsWith, {A::Text, A::Text}, K::Bool, false, "text starts with a prefix"},
      {F::EndsWith, {A::Text, A::Text}, K::Bool, false, "text ends with a suffix"},
      {F::Matches, {A::Text, A::StringLiteral}, K::Bool, false, "text matches an RE2 regular expression"},
      {F::Length, {A::Text}, K::Int, false, "number of characters"},
      {F::ToText, {A::Any}, K::Text, false, "the value's normal form as text"},
      {F::NormalizePunct, {A::Text}, K::Text, false,
       "full-width letters, digits, punctuation and brackets as half-width (（速裁） -> (速裁)), trimmed"},
      {F::Coalesce, {A::Any, A::SameAsFirst}, K::Error, true, "the first argument unless it is null"},
      {F::Substr, {A::Text, A::Int, A::Int}, K::Text, false,
       "part of a text: from character `start` (1 is the first), `count` characters"},
      {F::Replace, {A::Text, A::Text, A::Text}, K::Text, false, "every occurrence of the second text replaced by the third"},
      {F::RegexExtract, {A::Text, A::StringLiteral}, K::Text, false,
       "the first match of an RE2 regular expression (its first group if it has one); null when none"},
      {F::Lower, {A::Text}, K::Text, false, "Latin letters (half- and full-width) in lower case"},
      {F::Upper, {A::Text}, K::Text, false, "Latin letters (half- and full-width) in upper case"},
      {F::Trim, {A::Text}, K::Text, false, "spaces (also full-width), tabs and line breaks removed from both ends"},
      {F::ConcatWs, {A::Text, A::Any}, K::Text, false,
       "the values after the separator as text, joined by it; nulls are left out", true},
      // numbers
      {F::Round, {A::Numeric, A::DigitsLiteral}, K::Error, true, "rounded to n (0-4) decimal places, halves away from zero"},
      {F::Abs, {A::Numeric}, K::Error, true, "absolute value"},
      {F::Floor, {A::Numeric}, K::Int, false, "largest whole number not above the value"},
      {F::Ceil, {A::Numeric}, K::Int, false, "smallest whole number not below the value"},
      // dates
      {F::AddDays, {A::Date, A::Int}, K::Date, false, "date plus a number of days"},
      {F::AddMonths, {A::DateLike, A::Int}, K::Error, true, "date or month plus months (clamped to month end)"},
      {F::DaysBetween, {A::Date, A::Date}, K::Int, false, "days from the first date to the second"},
      {F::Year, {A::DateLike}, K::Int, false, "calendar year"},
      {F::MonthOf, {A::DateLike}, K::Int, false, "month number 1-12"},
      {F::ToMonth, {A::DateLike}, K::Month, false, "the month a date falls in"},
      {F::ToDate, {A::DateOrDateTime}, K::Date, false, "the date part of a datetime"},
      {F::MonthsBetween, {A::DateLike, A::DateLike}, K::Int, false,
       "whole months from the first date (or month) to the second; negative when the second is earlier"},
      {F::FromExcelSerial, {A::NumericOrText}, K::Date, false,
       "the date an Excel serial number (45292 = 2024-01-01) stands for"},
      // ID numbers and case numbers
      {F::BirthDate, {A::IdCard}, K::Date, false, "birth date encoded in an ID number"},
      {F::Age, {A::IdCard, A::Date}, K::Int, false, "age in whole years at a date"},
      {F::Gender, {A::IdCard}, K::Text, false, "男 or 女, from the ID's sequence digit"},
      {F::Region, {A::IdCard}, K::Text, false, "6-digit region code"},
      {F::CaseYear, {A::CaseNo}, K::Int, false, "year of a case number"},
      {F::CourtCode, {A::CaseNo}, K::Text, false, "court code of a case number, e.g. 浙0803"},
      {F::CaseType, {A::CaseNo}, K::Text, false, "type word of a case number, e.g. 执, 民初"},
      {F::Mask, {A::IdCardOrPartyId}, K::Text, false,
       "ID number with the birth date and sequence hidden (an organisation's USCC is shown whole)"},
      // party IDs: a person's ID card number or an organisation's USCC
      {F::IsPerson, {A::PartyId}, K::Bool, false, "the party ID is a person's ID card number"},
      {F::IsOrg, {A::PartyId}, K::Bool, false, "the party ID is an organisation's USCC"},
      {F::PersonId, {A::PartyId}, K::IdCard, false, "the person's ID card number; null for an organisation"},
      {F::OrgId, {A::PartyId}, K::Uscc, false, "the organisation's USCC; null for a person"},
      // geo
      {F::Distance, {A::Geo, A::Geo}, K::Decimal, false, "great-circle distance in metres (WGS-84)"},
      // aggregates
      {F::Count, {}, K::Int, false, "number of rows (or of non-null values)"},
      {F::Sum, {A::Numeric}, K::Error, true, "sum of non-null values"},
      {F::Min, {A::Orderable}, K::Error, true, "smallest non-null value"},
      {F::Max, {A::Orderable}, K::Error, true, "largest non-null value"},
      {F::StringAgg, {A::Any, A::TextConstant}, K::Text, false,
       "the group's non-null values as text, in their order, joined by the separator"},
      {F::MinBy, {A::Any, A::Orderable}, K::Error, true, "the first argument on the row where the second is smallest"},
      {F::MaxBy, {A::Any, A::Orderable}, K::Error, true, "the first argument on the row where the second is largest"},
  };
  return kTable;
}

// table() indexed by plan::Fn (null where a builtin has no signature: count_distinct).
const std::array<const Builtin*, plan::kFnCount>& by_fn() {
  static const auto kIndex = [] {
    std::array<const Builtin*, plan::kFnCount> index{};
    for (const auto& b : table()) {
      if (b.fn == F::None || b.fn == F::CountDistinct || b.fn == F::SumDistinct || index[size_t(b.fn)])
        throw std::logic_error(std::string("builtins: bad or duplicate signature for '") + b.name() + "'");
      index[size_t(b.fn)] = &b;
    }
    return index;
  }();
  return kIndex;
}
}  // namespace

const std::vector<Builtin>& all_builtins() { return table(); }

const Builtin* find_builtin(plan::Fn fn) { return fn < F::None ? by_fn()[size_t(fn)] : nullptr; }

const Builtin* find_builtin(std::string_view name) {
  // `len` is what spreadsheets and Python call it: the same builtin as `length`.
  if (name == "len") return find_builtin(F::Length);
  for (const auto& b : table())
    if (name == b.name() || name == b.name_zh()) return &b;
  return nullptr;
}

bool arg_accepts(ArgRule rule, Type t, Type first) {
  if (t.is_error() || t.is(TypeKind::Null)) return true;
  switch (rule) {
    case A::Text: case A::StringLiteral: case A::TextConstant: return t.is(K::Text);
    case A::Int: case A::DigitsLiteral: return t.is(K::Int);
    case A::NumericOrText: return is_numeric(t.kind) || t.is(K::Text);
    case A::Numeric: return is_numeric(t.kind);
    case A::Bool: return t.is(K::Bool);
    case A::Date: return t.is(K::Date);
    case A::DateOrDateTime: return t.is(K::Date) || t.is(K::DateTime);
    case A::DateLike: return t.is(K::Date) || t.is(K::Month) || t.is(K::DateTime);
    case A::IdCard: return t.is(K::IdCard);
    case A::CaseNo: return t.is(K::CaseNo);
    case A::PartyId: return t.is(K::PartyId);
    case A::IdCardOrPartyId: return t.is(K::IdCard) || t.is(K::PartyId);
    case A::Geo: return t.is(K::Geo);
    case A::Any: return !t.is(K::List);
    case A::Orderable: return is_orderable(t.kind);
    case A::SameAsFirst: return first.is_error() || t == first || (is_numeric(t.kind) && is_numeric(first.kind));
  }
  return false;
}

std::string arg_rule_name(ArgRule rule) {
  switch (rule) {
    case A::Text: return "text";
    case A::StringLiteral: return "a text literal";
    case A::Int: return "int";
    case A::DigitsLiteral: return "a whole number 0-4";
    case A::TextConstant: return "a text literal";
    case A::NumericOrText: return "int, decimal, money or text";
    case A::Numeric: return "int, decimal or money";
    case A::Bool: return "bool";
    case A::Date: return "date";
    case A::DateOrDateTime: return "date or datetime";
    case A::DateLike: return "date, month or datetime";
    case A::IdCard: return "idcard";
    case A::CaseNo: return "case_no";
    case A::PartyId: return "partyid";
    case A::IdCardOrPartyId: return "idcard or partyid";
    case A::Geo: return "geo";
    case A::Any: return "a single value";
    case A::Orderable: return "an orderable value";
    case A::SameAsFirst: return "the first argument's type";
  }
  return "?";
}

}  // namespace clue
