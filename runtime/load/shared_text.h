// SharedText: an immutable text that many records hold without each copying it.
//
// A run can report hundreds of thousands of value rejects, and all the rejects of one column
// and reason repeat the same source, path, header, code and messages; only the raw value
// differs. As std::strings those were about five heap allocations per reject. A SharedText
// instead either
//   - points at static storage (string literals, the registry's codes and texts behind
//     values::code, values::message_en/zh, csv::code_id, rt::load_error): no allocation, no
//     reference count; or
//   - shares one reference-counted std::string (made once, e.g. per load and column): a copy
//     costs one atomic increment.
// The count is std::shared_ptr's, atomic: copies may live and die on any thread.
// Header-only: the writers (clue_exec) use it without linking the loader.
#pragma once
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace clue::rt {

class SharedText {
 public:
  SharedText() = default;  // empty
  // An own copy of the text (one allocation, shared by every copy of this SharedText). Implicit,
  // so `rec.reason_en = d.message_en` and `rec.column = "x"` read as for a std::string.
  SharedText(std::string s) {
    if (s.empty()) return;  // nothing to allocate
    auto owner = std::make_shared<const std::string>(std::move(s));  // a heap text is moved, not copied
    const char* first = owner->data();
    size_ = owner->size();
    p_ = std::shared_ptr<const char>(std::move(owner), first);
  }
  SharedText(const char* s) : SharedText(std::string(s)) {}
  // Explicit: a string_view usually points at static storage, and then of_static is meant.
  explicit SharedText(std::string_view s) : SharedText(std::string(s)) {}

  SharedText(const SharedText&) = default;
  SharedText& operator=(const SharedText&) = default;
  // A moved-from text is empty (the defaults would leave its size beside a null pointer).
  SharedText(SharedText&& o) noexcept : p_(std::move(o.p_)), size_(std::exchange(o.size_, 0)) {}
  SharedText& operator=(SharedText&& o) noexcept {
    p_ = std::move(o.p_);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }

  // Text that outlives every copy (static storage): referred to, never copied or counted.
  static SharedText of_static(std::string_view s) noexcept {
    SharedText t;
    // The aliasing constructor with an empty owner: get() is s.data(), no control block.
    t.p_ = std::shared_ptr<const char>(std::shared_ptr<const char>(), s.data());
    t.size_ = s.size();
    return t;
  }
  // The same text in an allocation of its own (a static text stays as it is). A reader thread
  // takes its own copies of the texts it repeats, so that threads do not bump one count (its
  // cache line would move between cores on every copy).
  SharedText fresh_copy() const { return owned() ? SharedText(str()) : *this; }

  std::string_view view() const noexcept { return {p_.get(), size_}; }
  operator std::string_view() const noexcept { return view(); }
  std::string str() const { return std::string(view()); }
  explicit operator std::string() const { return str(); }
  const char* data() const noexcept { return p_.get(); }
  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  // True if the text is a counted allocation (not static storage, not empty).
  bool owned() const noexcept { return p_.use_count() > 0; }

  // Exact overloads for each type compared with: with only the string_view one, comparing with
  // a std::string or a literal would be ambiguous against the rewritten (reversed) forms.
  friend bool operator==(const SharedText& a, const SharedText& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) noexcept { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& o, const SharedText& s) { return o << s.view(); }

 private:
  // get() is the first byte; the control block, if any, is the owning std::string's.
  std::shared_ptr<const char> p_;
  size_t size_ = 0;
};

}  // namespace clue::rt
