#include "runtime/exec/key_set.h"

#include "runtime/exec/hash_join.h"

namespace clue::exec {

void KeySet::build(const std::vector<Vec>& keys, bool may_overmatch) {
  const size_t n = keys.empty() ? 0 : keys[0].size();
  party_ = may_overmatch && keys.size() == 1 && keys[0].lane == Vec::S && keys[0].type == rt::Logical::PartyId;
  int64_ = party_ || (keys.size() == 1 && keys[0].lane == Vec::I);
  if (!int64_) {
    bytes_.reserve(n);
    for (size_t r = 0; r < n; ++r) {
      if (any_null_key(keys, r)) continue;
      auto [it, added] = bytes_.insert(serialise_key(keys, r));
      if (added) text_bytes_ += it->size() + 48;  // the node and the string's heap, roughly
    }
    count_ = bytes_.size();
    return;
  }
  size_t cap = 16;
  while (cap < n * 2) cap <<= 1;  // load factor at most 1/2
  slots_.assign(cap, 0);
  used_.assign(cap, 0);
  mask_ = cap - 1;
  const Vec& k = keys[0];
  for (size_t r = 0; r < n; ++r) {
    if (k.is_null_type || !k.valid[r]) continue;
    const int64_t key = party_ ? party_key(k.s[r]) : k.i[r];
    size_t s = key_hash(uint64_t(key)) & mask_;
    while (used_[s] && slots_[s] != key) s = (s + 1) & mask_;
    if (used_[s]) continue;
    used_[s] = 1;
    slots_[s] = key;
    ++count_;
  }
}

bool KeySet::contains(const std::vector<Vec>& keys, size_t r) const {
  if (any_null_key(keys, r)) return false;
  if (int64_) {
    // The other side's key in another lane serialises differently in the hash join too.
    if (keys.size() != 1 || keys[0].lane != (party_ ? Vec::S : Vec::I)) return false;
    const int64_t key = party_ ? party_key(keys[0].s[r]) : keys[0].i[r];
    for (size_t s = key_hash(uint64_t(key)) & mask_; used_[s]; s = (s + 1) & mask_)
      if (slots_[s] == key) return true;
    return false;
  }
  return bytes_.count(serialise_key(keys, r)) > 0;
}

size_t KeySet::bytes() const { return slots_.capacity() * 9 + text_bytes_ + bytes_.bucket_count() * 8; }

}  // namespace clue::exec
