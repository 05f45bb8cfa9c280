// The value types of the model language. Types are few and closed: each one has exactly one
// parser and one normal form in the runtime (docs/data.md), which is what makes matching on
// IDs and case numbers reliable. They live here, below both the front end and the engine,
// because the plan that every engine reads is typed: the front end adds names and rules
// around them (compiler/sema/types.h).
#pragma once

namespace clue {

enum class TypeKind {
  Error,  // an expression that already produced a diagnostic: never reported again
  Null,   // the literal null: fits any type
  Text, Int, Decimal, Money, Bool, Date, Month, DateTime, IdCard, Uscc, CaseNo, Geo, PartyId,
  List,
};

struct Type {
  TypeKind kind = TypeKind::Error;
  TypeKind element = TypeKind::Error;  // for List

  static Type of(TypeKind k) { return Type{k, TypeKind::Error}; }
  static Type list(TypeKind e) { return Type{TypeKind::List, e}; }
  bool is(TypeKind k) const { return kind == k; }
  bool is_error() const { return kind == TypeKind::Error; }
  bool operator==(const Type& o) const { return kind == o.kind && (kind != TypeKind::List || element == o.element); }
};

}  // namespace clue
