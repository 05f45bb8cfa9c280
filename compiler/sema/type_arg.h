// A type as a diagnostic argument: English or Chinese name by the message's language.
#pragma once
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/types.h"

namespace clue {
inline std::string type_arg(Type t) { return bilingual(type_name(t), type_name_zh(t)); }
}  // namespace clue
