// Rows an export repeats byte for byte (loader.h, find_duplicate_rows).
//
// Exports repeat rows: a record exported twice, a file that overlaps the next year's. A
// repeated travel record makes one 违规消费 count twice in an aggregate. Every source's repeats
// are counted and shown; a source declared `distinct` reads each such row once.
//
// How: every kept row's bytes are hashed with XXH3-128 while they are parsed (the loaders'
// hot loops), then 32 bits of them are radix-sorted to find candidates, and only those are
// compared whole. Memory during the search: 16 bytes a row for the hashes (kept from the load)
// and 4 for the sort (a quarter of the rows at a time), once per source, freed after; at 10^8
// rows about 2 GB, past which the source belongs in a database (the SQL back ends), where
// DISTINCT does it.
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>

#include "runtime/load/builder.h"
#include "runtime/load/loader.h"

namespace clue::rt {

RowHash row_hash(std::string_view raw) {
  // The same record with or without its line end (the file's last line may have none).
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  const XXH128_hash_t h = XXH3_128bits(raw.data(), raw.size());
  return {h.low64, h.high64};
}

namespace {

std::string where(const Table& t, size_t r) {
  const std::string line = std::to_string(t.line[r]);
  return t.part.empty() ? "line " + line : t.file_label(r) + ":" + line;
}

std::string where_zh(const Table& t, size_t r) {
  const std::string line = std::to_string(t.line[r]);
  return t.part.empty() ? "第 " + line + " 行" : t.file_label(r) + " 第 " + line + " 行";
}

}  // namespace

void find_duplicate_rows(LoadResult& res, bool drop) {
  Table& t = res.table;
  // A streamed load (LoadSpec::keep_rows) kept only some rows in the table, but the hash and
  // line of every used row: repeats are counted over all of them (never dropped: the session
  // does not stream a source declared distinct).
  if (!res.row_hash_line.empty()) {
    if (drop) throw std::logic_error("find_duplicate_rows: a streamed source cannot drop its repeats");
    Table lines;
    lines.name = t.name;
    lines.path = t.path;
    lines.line = std::move(res.row_hash_line);
    res.row_hash_line = {};
    LoadResult all;
    all.table = std::move(lines);
    all.row_hash = std::move(res.row_hash);
    res.row_hash = {};
    find_duplicate_rows(all, false);
    res.stats.duplicate_rows = all.stats.duplicate_rows;
    res.stats.first_duplicate_line = std::move(all.stats.first_duplicate_line);
    res.stats.first_duplicate_of = std::move(all.stats.first_duplicate_of);
    return;
  }
  const size_t n = t.rows();
  std::vector<RowHash> hashes = std::move(res.row_hash);
  res.row_hash = {};
  if (hashes.size() != n || n < 2) return;
  // Most sources repeat no row. First, cheaply: radix-sort (32 bits of each hash, row) pairs on
  // the hash bits (3 passes of 11 bits, 8 bytes a row) and look for equal neighbours; only rows
  // whose 32 bits occur twice (every repeat, plus about n²/2³³ chance pairs: ~1,000 at 3 M rows)
  // are then compared by their full 128-bit hash. The rows go through in kBuckets groups by
  // two other bits of the hash (equal rows have equal hashes, so fall in one group): the sort's
  // two arrays hold a quarter of the rows at a time, 4 bytes a row instead of 16 (160 MB less
  // at 10 M rows, on top of the hashes), for three more reads of the hashes.
  // Within a group the three passes' counts are taken in the one pass that builds the keys.
  constexpr unsigned kBuckets = 4;
  auto bucket_of = [](const RowHash& h) { return unsigned(h.lo >> 32) & (kBuckets - 1); };
  std::vector<uint32_t> order;  // rows whose 32 bits another row shares
  {
    std::vector<size_t> sizes(kBuckets);
    for (const RowHash& h : hashes) ++sizes[bucket_of(h)];
    std::vector<uint64_t> keys, tmp;
    keys.reserve(*std::max_element(sizes.begin(), sizes.end()));
    tmp.reserve(keys.capacity());
    std::vector<uint32_t> counts(size_t{3} << 11);
    for (unsigned b = 0; b < kBuckets; ++b) {
      keys.clear();
      std::fill(counts.begin(), counts.end(), 0u);
      uint32_t* const c0 = counts.data();
      uint32_t* const c1 = c0 + (size_t{1} << 11);
      uint32_t* const c2 = c1 + (size_t{1} << 11);
      for (size_t r = 0; r < n; ++r) {
        if (bucket_of(hashes[r]) != b) continue;
        const uint64_t k = (hashes[r].lo << 32) | uint64_t(r);
        keys.push_back(k);
        ++c0[(k >> 32) & 0x7FF];
        ++c1[(k >> 43) & 0x7FF];
        ++c2[(k >> 54) & 0x7FF];
      }
      const size_t m = keys.size();
      tmp.resize(m);
      for (int pass = 0; pass < 3; ++pass) {
        const int shift = 32 + 11 * pass;
        uint32_t* const c = c0 + (size_t(pass) << 11);
        uint32_t sum = 0;
        for (size_t i = 0; i < (size_t{1} << 11); ++i) {
          const uint32_t here = c[i];
          c[i] = sum;
          sum += here;
        }
        for (uint64_t k : keys) tmp[c[(k >> shift) & 0x7FF]++] = k;
        keys.swap(tmp);
      }
      for (size_t k = 1; k < m; ++k) {
        if ((keys[k] >> 32) != (keys[k - 1] >> 32)) continue;
        if (order.empty() || order.back() != uint32_t(keys[k - 1])) order.push_back(uint32_t(keys[k - 1]));
        order.push_back(uint32_t(keys[k]));
      }
    }
  }
  if (order.empty()) return;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return hashes[a] == hashes[b] ? a < b : hashes[a] < hashes[b];
  });
  // (row, the earlier row it repeats), by row.
  std::vector<std::pair<uint32_t, uint32_t>> repeats_of;
  uint32_t first_of_run = order[0];
  for (size_t k = 1; k < order.size(); ++k) {
    if (hashes[order[k]] == hashes[order[k - 1]]) repeats_of.emplace_back(order[k], first_of_run);
    else first_of_run = order[k];
  }
  hashes = {};
  std::sort(repeats_of.begin(), repeats_of.end());
  const uint64_t count = repeats_of.size();
  res.stats.duplicate_rows = count;
  if (count == 0) return;
  res.stats.first_duplicate_line = where(t, repeats_of[0].first);
  res.stats.first_duplicate_of = where(t, repeats_of[0].second);
  if (!drop) return;

  // The repeats become rejects, in file order among the others.
  const diag::CodeInfo& info = load_error(LoadError::DuplicateRow);
  std::vector<int64_t> keep;
  keep.reserve(n - count);
  std::vector<RejectRecord> repeats;
  const SharedText source(t.name);
  size_t next = 0;
  for (size_t r = 0; r < n; ++r) {
    if (next == repeats_of.size() || repeats_of[next].first != r) {
      keep.push_back(int64_t(r));
      continue;
    }
    const size_t orig = repeats_of[next++].second;
    RejectRecord rec;
    rec.source = source;
    rec.path = t.part.empty() ? t.path : t.part_paths[t.part[r]];
    rec.line = t.line[r];
    rec.code = SharedText::of_static(info.code);
    rec.reason_en = load_detail::fill(info.en, {where(t, orig)});
    rec.reason_zh = load_detail::fill(info.zh, {where_zh(t, orig)});
    rec.row_rejected = true;
    repeats.push_back(std::move(rec));
  }
  for (Column& c : t.columns) {
    if (c.deferred || c.size() != n) {  // parsed later from the kept rows' offsets, or never loaded
      Column empty = Column::make(c.logical);
      empty.deferred = c.deferred;
      c = std::move(empty);
      continue;
    }
    c = c.gather(keep);
  }
  auto gather = [&](auto& v) {
    if (v.size() != n) return;
    std::decay_t<decltype(v)> out;
    out.reserve(keep.size());
    for (int64_t r : keep) out.push_back(v[size_t(r)]);
    v = std::move(out);
  };
  gather(t.line);
  gather(t.offset);
  gather(t.part);
  res.stats.rows_used -= count;
  res.stats.rows_rejected += count;

  // File order: by file (a source's files in reading order), then line.
  std::map<std::string, size_t> file_index;
  if (t.part_paths.empty()) file_index[t.path] = 0;
  for (size_t k = 0; k < t.part_paths.size(); ++k) file_index.emplace(t.part_paths[k], k);
  auto key = [&](const RejectRecord& x) {
    auto it = file_index.find(std::string(x.path.view()));
    return std::make_pair(it == file_index.end() ? size_t(0) : it->second, x.line);
  };
  res.rejects.insert(res.rejects.end(), std::make_move_iterator(repeats.begin()), std::make_move_iterator(repeats.end()));
  std::stable_sort(res.rejects.begin(), res.rejects.end(),
                   [&](const RejectRecord& a, const RejectRecord& b) { return key(a) < key(b); });
}

}  // namespace clue::rt
