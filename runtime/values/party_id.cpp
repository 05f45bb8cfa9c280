#include "runtime/values/party_id.h"

#include "runtime/values/uscc.h"

#include <algorithm>

namespace clue::values {
namespace {

// The person's normal form; `text`, when it already is one (the common case: 17 digits and a
// digit or X), is copied instead of spelling the key again (17 divisions).
PartyId person(IdCard id, std::string_view text) noexcept {
  PartyId p;
  p.kind = PartyKind::Person;
  bool canonical = text.size() == 18 && ((text[17] >= '0' && text[17] <= '9') || text[17] == 'X');
  for (size_t i = 0; canonical && i < 17; ++i) canonical = text[i] >= '0' && text[i] <= '9';
  if (canonical) std::copy(text.begin(), text.end(), p.chars.begin());
  else to_chars(id, p.chars.data());
  return p;
}

// The reason a text that is neither is rejected: the more specific of the two parsers'.
ValueError neither(ValueError as_idcard, ValueError as_uscc) noexcept {
  if (as_idcard == ValueError::Placeholder || as_uscc == ValueError::Placeholder) return ValueError::Placeholder;
  // Masks and Excel's lost digits are about ID numbers; the USCC reading is beside the point.
  if (as_idcard == ValueError::IdcardMasked || as_idcard == ValueError::IdcardExcelFloat) return as_idcard;
  if (as_uscc == ValueError::UsccBadLength) {
    // Not 18 characters: a 15-character text can only be an ID number, so its reason stands.
    return as_idcard == ValueError::IdcardBadLength ? ValueError::PartyIdBadLength : as_idcard;
  }
  return ValueError::PartyIdNeither;
}

}  // namespace

Parsed<PartyId> parse_party_id(std::string_view text) noexcept {
  const Parsed<IdCard> id = parse_idcard(text);
  if (id.ok()) return Parsed<PartyId>::success(person(id.value(), text));
  if (id.is_null()) return Parsed<PartyId>::null();
  // 17 digits whose birth date is real and whose check fails: a mistyped ID number, even when
  // the 18 digits pass the USCC check by chance (1 in 31). Read as a USCC, a person's typo
  // would silently become an organisation that matches the same typo elsewhere.
  if (id.error() == ValueError::IdcardBadCheckDigit || id.error() == ValueError::IdcardExcelFloat)
    return Parsed<PartyId>::failure(id.error());
  const Parsed<Uscc> org = parse_uscc(text);
  if (!org.ok()) return Parsed<PartyId>::failure(neither(id.error(), org.is_null() ? ValueError::None : org.error()));
  // Folded by the USCC parser's rules, the text may have become a valid ID number: then it is
  // the person's, which keeps "person exactly when the normal form parses as an idcard".
  if (auto as_person = person_of(org.value().view()))
    return Parsed<PartyId>::success(person(*as_person, org.value().view()));
  PartyId p;
  p.chars = org.value().chars;
  p.kind = PartyKind::Organisation;
  return Parsed<PartyId>::success(p);
}

std::optional<IdCard> person_of(std::string_view normal) noexcept {
  // Most codes end in a letter other than X: an organisation's without parsing.
  if (normal.size() != 18 || !((normal[17] >= '0' && normal[17] <= '9') || normal[17] == 'X')) return std::nullopt;
  const Parsed<IdCard> id = parse_idcard(normal);
  return id.ok() ? std::optional<IdCard>(id.value()) : std::nullopt;
}

std::string to_string(const PartyId& p) { return std::string(p.view()); }

}  // namespace clue::values
