#include "runtime/diag/registry.h"

namespace clue::diag {
namespace {

// The identifier is the row's Name with its family's prefix (none for E/W and U).
#define CLUE_ID_PREFIX_Diag ""
#define CLUE_ID_PREFIX_Usage ""
#define CLUE_ID_PREFIX_Csv "Csv"
#define CLUE_ID_PREFIX_Value "Value"
#define CLUE_ID_PREFIX_Load "Load"

constexpr CodeInfo kCodes[] = {
#define CLUE_CODE(code, family, name, severity, en, zh, hint_en, hint_zh) \
  {#code, CLUE_ID_PREFIX_##family #name, #name, Family::family, Severity::severity, en, zh, hint_en, hint_zh},
#include "runtime/diag/codes.def"
};
static_assert(sizeof(kCodes) / sizeof(kCodes[0]) == kCodeCount);

#undef CLUE_ID_PREFIX_Diag
#undef CLUE_ID_PREFIX_Usage
#undef CLUE_ID_PREFIX_Csv
#undef CLUE_ID_PREFIX_Value
#undef CLUE_ID_PREFIX_Load

constexpr NoteInfo kNotes[] = {
#define CLUE_NOTE(name, en, zh) {#name, en, zh},
#include "runtime/diag/codes.def"
};

constexpr TextInfo kTexts[] = {
#define CLUE_TEXT(name, en, zh) {#name, en, zh},
#include "runtime/diag/codes.def"
};

// A duplicated code does not compile (it is an enumerator of Code); a duplicated identifier
// fails Registry.CodesAreUniqueWellFormedAndBilingual (a compile-time check would exceed
// clang's constexpr step limit).

}  // namespace

const CodeInfo& info(Code c) noexcept { return kCodes[static_cast<std::size_t>(c)]; }
std::span<const CodeInfo> all() noexcept { return kCodes; }
std::span<const NoteInfo> notes() noexcept { return kNotes; }
std::span<const TextInfo> texts() noexcept { return kTexts; }

std::optional<Code> by_code(std::string_view code) noexcept {
  for (std::size_t i = 0; i < kCodeCount; ++i)
    if (code == kCodes[i].code) return static_cast<Code>(i);
  return std::nullopt;
}

std::optional<Code> by_id(std::string_view id) noexcept {
  for (std::size_t i = 0; i < kCodeCount; ++i)
    if (id == kCodes[i].id) return static_cast<Code>(i);
  return std::nullopt;
}

const char* family_name(Family f) noexcept {
  switch (f) {
    case Family::Diag: return "diag";
    case Family::Usage: return "usage";
    case Family::Csv: return "csv";
    case Family::Value: return "value";
    case Family::Load: return "load";
  }
  return "?";
}

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::FileError: return "file-error";
    case Severity::RowReject: return "row-reject";
    case Severity::ValueReject: return "value-reject";
    case Severity::DataWarning: return "data-warning";
  }
  return "?";
}

const char* severity_text(Severity s, Lang lang) noexcept {
  const bool zh = lang == Lang::Zh;
  switch (s) {
    case Severity::Error: return zh ? "错误" : "error";
    case Severity::Warning: return zh ? "警告" : "warning";
    case Severity::FileError: return zh ? "文件错误" : "file error";
    case Severity::RowReject: return zh ? "整行拒收" : "row reject";
    case Severity::ValueReject: return zh ? "取值拒收" : "value reject";
    case Severity::DataWarning: return zh ? "数据警告" : "data warning";
  }
  return "?";
}

const char* severity_level(Severity s) noexcept {
  switch (s) {
    case Severity::Error:
    case Severity::FileError: return "error";
    case Severity::Warning:
    case Severity::RowReject:
    case Severity::ValueReject: return "warning";
    case Severity::DataWarning: return "note";
  }
  return "none";
}

std::string format(std::string_view t, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(t.size() + 32);
  std::size_t next = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size()) {
      if (t[i + 1] == '}' && next < args.size()) {
        out += args.begin()[next++];
        ++i;
        continue;
      }
      if (t[i + 1] >= '0' && t[i + 1] <= '9' && i + 2 < t.size() && t[i + 2] == '}' &&
          std::size_t(t[i + 1] - '0') < args.size()) {
        out += args.begin()[t[i + 1] - '0'];
        i += 2;
        continue;
      }
    }
    out += t[i];
  }
  return out;
}

std::string format(Code c, Lang lang, std::initializer_list<std::string_view> args) {
  return format(info(c).text(lang), args);
}

}  // namespace clue::diag
