// 当事人证件号: a person's ID card number or an organisation's USCC in one column.
#include <gtest/gtest.h>

#include "runtime/values/party_id.h"
#include "runtime/values/uscc.h"

using namespace clue::values;

namespace {
// "P:normal" for a person, "O:normal" for an organisation, else the error code ("null").
std::string read(std::string_view s) {
  auto r = parse_party_id(s);
  if (r.is_null()) return "null";
  if (!r.ok()) return code(r.error());
  return std::string(r.value().kind == PartyKind::Person ? "P:" : "O:") + to_string(r.value());
}
}  // namespace

TEST(ValuesPartyId, PersonsInTheIdCardsNormalForm) {
  EXPECT_EQ(read("11010519491231002X"), "P:11010519491231002X");
  EXPECT_EQ(read("11010519491231002x"), "P:11010519491231002X");
  EXPECT_EQ(read("110105491231002"), "P:11010519491231002X");  // 15 digits upgraded
  EXPECT_EQ(read("１１０１０５１９４９１２３１００２Ｘ"), "P:11010519491231002X");
  EXPECT_EQ(read(" 110105 19491231 002X "), "P:11010519491231002X");
}

TEST(ValuesPartyId, OrganisationsInTheUsccsNormalForm) {
  EXPECT_EQ(read("91110000600037341L"), "O:91110000600037341L");
  EXPECT_EQ(read("91110000600037341l"), "O:91110000600037341L");
  EXPECT_EQ(read("９１１１００００６０００３７３４１Ｌ"), "O:91110000600037341L");
  // Eighteen digits, a valid USCC but no ID card (its "birth date" 0012-34-56 is none).
  EXPECT_EQ(read("913300001234567070"), "O:913300001234567070");
}

TEST(ValuesPartyId, ValidAsBothIsThePerson) {
  // The ID card is tried first: the invariant "a person exactly when the normal form parses
  // as an ID card" is what lets the kind be recovered from the stored characters.
  ASSERT_TRUE(parse_uscc("110105199001010299").ok());
  ASSERT_TRUE(parse_idcard("110105199001010299").ok());
  EXPECT_EQ(read("110105199001010299"), "P:110105199001010299");
}

TEST(ValuesPartyId, NeitherIsRejectedWithItsReason) {
  EXPECT_EQ(read("91110000600037341M"), "V0703");  // 18 characters, neither check matches
  EXPECT_EQ(read("11010519491231002Y"), "V0703");
  // An ID's shape (a real birth date) with a wrong check digit is a mistyped ID, although
  // these 18 digits pass the USCC check: as an "organisation" the typo would match itself.
  ASSERT_TRUE(parse_uscc("330803196207080020").ok());
  EXPECT_EQ(read("330803196207080020"), "V0103");
  EXPECT_EQ(read("110105194912310000"), "V0105");  // Excel's lost digits
  EXPECT_EQ(read("9111000060003734"), "V0702");    // 16 characters: fits neither length
  EXPECT_EQ(read("12345"), "V0702");
  EXPECT_EQ(read("110105491331002"), "V0104");     // 15 characters: only an ID card, bad date
  EXPECT_EQ(read("110105********002X"), "V0106");  // masked
  EXPECT_EQ(read("3.30802E+16"), "V0105");          // Excel float
  EXPECT_EQ(read("不详"), "V0002");
  EXPECT_EQ(read("#N/A"), "V0002");
  EXPECT_EQ(read(""), "null");
  EXPECT_EQ(read("   "), "null");
}

TEST(ValuesPartyId, KindAndPersonFromTheNormalForm) {
  EXPECT_TRUE(is_person("11010519491231002X"));
  EXPECT_FALSE(is_person("91110000600037341L"));
  EXPECT_FALSE(is_person("913300001234567070"));
  EXPECT_FALSE(is_person(""));
  auto p = person_of("11010519491231002X");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->key, parse_idcard("110105491231002").value().key);
  EXPECT_FALSE(person_of("91110000600037341L").has_value());
  // Every parsed value's kind is what its normal form says.
  for (const char* s : {"11010519491231002X", "110105491231002", "91110000600037341L", "913300001234567070",
                        "110105199001010299"}) {
    auto r = parse_party_id(s);
    ASSERT_TRUE(r.ok()) << s;
    EXPECT_EQ(is_person(r.value().view()), r.value().kind == PartyKind::Person) << s;
  }
}
