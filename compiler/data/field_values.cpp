#include "compiler/data/field_values.h"

#include "runtime/values/boolean.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/geo.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/text.h"
#include "runtime/values/party_id.h"
#include "runtime/values/uscc.h"

namespace clue {
namespace {
template <class P>
CellCheck from(const P& p) {
  if (p.ok()) return {CellStatus::Value, values::ValueError::None};
  if (p.is_null()) return {CellStatus::Empty, values::ValueError::None};
  return {CellStatus::Invalid, p.error()};
}
}  // namespace

CellCheck check_cell(const typed::Field& field, std::string_view cell, std::string_view second_cell) {
  switch (field.type.kind) {
    case TypeKind::Text: {
      std::string t = values::normalize_text(cell);
      return {t.empty() ? CellStatus::Empty : CellStatus::Value, values::ValueError::None};
    }
    case TypeKind::Int: return from(values::parse_int(cell));
    case TypeKind::Decimal:
    case TypeKind::Money: {
      values::DecimalOptions o;
      o.allow_wan_units = field.allow_wan;
      return from(values::parse_decimal(cell, o));
    }
    case TypeKind::Bool: {
      if (field.true_words.empty() && field.false_words.empty()) return from(values::parse_bool(cell));
      values::BoolSpec spec = values::BoolSpec::defaults();
      if (!field.true_words.empty()) spec.true_words = field.true_words;
      if (!field.false_words.empty()) spec.false_words = field.false_words;
      return from(values::parse_bool(cell, spec));
    }
    case TypeKind::Date: return from(values::parse_date(cell));
    case TypeKind::Month: return from(values::parse_month(cell));
    case TypeKind::DateTime: return from(values::parse_datetime(cell));
    case TypeKind::IdCard: return from(values::parse_idcard(cell));
    case TypeKind::Uscc: return from(values::parse_uscc(cell));
    case TypeKind::PartyId: return from(values::parse_party_id(cell));
    case TypeKind::CaseNo: return from(values::parse_case_no(cell));
    case TypeKind::Geo: return from(values::parse_lonlat(cell, second_cell));
    default: return {CellStatus::Value, values::ValueError::None};
  }
}

}  // namespace clue
