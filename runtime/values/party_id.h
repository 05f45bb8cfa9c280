// 当事人证件号: the ID of a party to a case, who may be a person or an organisation. Court
// exports put both in one column (被执行人身份证号 holds companies' 统一社会信用代码), so the
// column's type must accept both rather than reject every company.
//
// A cell is read as an ID card number first (idcard.h) and, failing that, as a unified social
// credit code (uscc.h). The normal form is the 18 characters of whichever parsed: a person's
// 18-digit ID (15-digit numbers upgraded) or an organisation's USCC. A USCC whose 18
// characters are also a valid ID card number is read as the person (the idcard is tried
// first), so the invariant holds: a normal form is a person's exactly when it parses as an
// idcard. The kind is therefore a function of the 18 characters, and a column of party IDs
// is a plain string column (the engines store, hash and join it like a uscc column).
//
// Why not one int64 like idcard: an ID card body is 17 digits (< 2^57), but a USCC's 17
// characters over a 31-letter alphabet need 84 bits, so no lossless 64-bit key exists.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/values/idcard.h"
#include "runtime/values/parsed.h"

namespace clue::values {

enum class PartyKind : unsigned char { Person, Organisation };

struct PartyId {
  std::array<char, 18> chars{};
  PartyKind kind = PartyKind::Person;
  std::string_view view() const noexcept { return {chars.data(), chars.size()}; }
  friend bool operator==(const PartyId& a, const PartyId& b) noexcept { return a.chars == b.chars; }
};

// Reads `text` as an ID card number, else as a USCC. Errors: the shared ones (V0002
// placeholder), the ID card's when only an ID card fits the text (15 characters, masked with
// *, an Excel float) or when it has an ID card's shape — 17 digits with a real birth date —
// and only the check digit fails (V0103: a mistyped ID, not tried as a USCC, whose check it
// passes by chance once in 31), PartyIdBadLength when the length fits neither,
// PartyIdNeither when 18 characters fail both. Never allocates.
Parsed<PartyId> parse_party_id(std::string_view text) noexcept;

// The person's ID card of a normal form (18 characters as stored), or nullopt for an
// organisation. Cheap: the ID card parser's fast path on 18 bytes.
std::optional<IdCard> person_of(std::string_view normal) noexcept;
inline bool is_person(std::string_view normal) noexcept { return person_of(normal).has_value(); }

std::string to_string(const PartyId& p);

}  // namespace clue::values
