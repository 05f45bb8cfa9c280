// The distinct join keys of a build side, for a streamed probe side (docs/engine.md, "A
// streamed probe side"): each piece of the probe source keeps only the rows whose key is in
// the set, before the pieces are put together and joined. Key equality is exactly the hash
// join's (hash_join.h): one int64 key by value, anything else by its serialised bytes, so a
// row the set drops could never have found a pair.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "runtime/exec/frame.h"
#include "runtime/exec/hash_join.h"  // any_null_key, serialise_key

namespace clue::exec {

class KeySet {
 public:
  // The key tuples of the rows where every key is valid (one Vec per key column). With
  // `may_overmatch`, one party ID key is kept as the hash join keeps it (party_key: a person's
  // ID body, exact; an organisation's 62-bit hash, which two codes may share), so contains()
  // may say yes for a key that is not there — right for a join that keeps the rows that match
  // (inner, semi: the join itself then confirms), wrong for one that keeps those that do not.
  void build(const std::vector<Vec>& keys, bool may_overmatch = false);
  // Whether row `r` of `keys` (the same key columns, of the other side) has a key in the set.
  // A row with a null key is in no set.
  bool contains(const std::vector<Vec>& keys, size_t r) const;
  // What the set holds, for the memory budget.
  size_t bytes() const;
  size_t size() const { return count_; }

 private:
  bool int64_ = false;  // one int64 key: open addressing over the values
  bool party_ = false;  // one party ID key, as its int64 party_key (may overmatch)
  std::vector<int64_t> slots_;
  std::vector<uint8_t> used_;
  size_t mask_ = 0, count_ = 0;
  std::unordered_set<std::string> bytes_;  // any other key: serialised as the hash join does
  size_t text_bytes_ = 0;
};

}  // namespace clue::exec
