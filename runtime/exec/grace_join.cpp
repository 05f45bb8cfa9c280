#include "runtime/exec/grace_join.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <numeric>

namespace clue::exec {
namespace {

// One record of a side: the key and the row it belongs to (12 bytes on disk).
struct Record {
  int64_t key;
  uint32_t row;
};
constexpr size_t kRecordBytes = 12;
constexpr size_t kBufferBytes = size_t{1} << 16;  // per partition file, while writing

std::string errno_text() { return std::strerror(errno); }

// The partition files of one side: appended to through a buffer each, read back whole.
class SideFiles {
 public:
  SideFiles(const std::string& dir, const char* side, size_t partitions) : bufs_(partitions), written_(partitions, 0) {
    for (size_t p = 0; p < partitions; ++p) {
      paths_.push_back(dir + "/" + side + "-" + std::to_string(p) + ".keys");
      const int fd = ::open(paths_.back().c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) throw SpillError("E0581", paths_.back(), errno_text());
      fds_.push_back(fd);
      bufs_[p].reserve(kBufferBytes);
    }
  }
  ~SideFiles() {
    for (size_t p = 0; p < fds_.size(); ++p) {
      ::close(fds_[p]);
      ::unlink(paths_[p].c_str());
    }
  }
  SideFiles(const SideFiles&) = delete;
  SideFiles& operator=(const SideFiles&) = delete;

  void add(size_t p, int64_t key, uint32_t row) {
    std::string& b = bufs_[p];
    b.append(reinterpret_cast<const char*>(&key), 8);
    b.append(reinterpret_cast<const char*>(&row), 4);
    if (b.size() >= kBufferBytes) flush(p);
  }
  void flush_all() {
    for (size_t p = 0; p < bufs_.size(); ++p) flush(p);
  }
  uint64_t records(size_t p) const { return written_[p] / kRecordBytes; }
  uint64_t bytes() const { return std::accumulate(written_.begin(), written_.end(), uint64_t(0)); }
  // Partition p's records, in the order written (ascending rows).
  void read(size_t p, std::vector<int64_t>& keys, std::vector<uint32_t>& rows) const {
    const uint64_t n = records(p);
    keys.resize(n);
    rows.resize(n);
    std::string chunk;
    uint64_t at = 0, done = 0;
    while (done < n) {
      const uint64_t take = std::min<uint64_t>(n - done, kBufferBytes / kRecordBytes);
      chunk.resize(take * kRecordBytes);
      size_t got = 0;
      while (got < chunk.size()) {
        const ssize_t r = ::pread(fds_[p], chunk.data() + got, chunk.size() - got, off_t(at + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throw SpillError("E0581", paths_[p], r < 0 ? errno_text() : "the file is shorter than written");
        got += size_t(r);
      }
      for (uint64_t k = 0; k < take; ++k) {
        std::memcpy(&keys[done + k], chunk.data() + k * kRecordBytes, 8);
        std::memcpy(&rows[done + k], chunk.data() + k * kRecordBytes + 8, 4);
      }
      at += chunk.size();
      done += take;
    }
  }

 private:
  void flush(size_t p) {
    std::string& b = bufs_[p];
    size_t off = 0;
    while (off < b.size()) {
      const ssize_t w = ::pwrite(fds_[p], b.data() + off, b.size() - off, off_t(written_[p] + off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw SpillError("E0581", paths_[p], w < 0 ? errno_text() : "nothing written");
      off += size_t(w);
    }
    written_[p] += b.size();
    b.clear();
  }
  std::vector<std::string> paths_;
  std::vector<int> fds_;
  std::vector<std::string> bufs_;
  std::vector<uint64_t> written_;
};

// The partition of a key: the top bits of its hash (the table inside a partition uses the low
// bits, so the partitions do not cluster its slots).
inline size_t partition_of(int64_t key, int bits) { return bits == 0 ? 0 : size_t(key_hash(uint64_t(key)) >> (64 - bits)); }

void write_side(SideFiles& files, Int64Keys keys, int bits) {
  for (size_t r = 0; r < keys.rows; ++r)
    if (keys.valid[r]) files.add(partition_of(keys.values[r], bits), keys.values[r], uint32_t(r));
  files.flush_all();
}

}  // namespace

size_t spill_partitions(uint64_t table_bytes, uint64_t available) {
  size_t p = 2;
  const uint64_t share = std::max<uint64_t>(available / 4, 1);
  while (p < (size_t{1} << 16) && table_bytes / p > share) p <<= 1;
  return p;
}

void grace_join_int64(Int64Keys left_keys, Int64Keys right_keys, bool build_left, std::vector<uint32_t>& left_out,
                      std::vector<int64_t>& right_out, HashJoinStats& stats, const std::string& dir,
                      size_t partitions, MemoryBudget* budget, SpillStats& spill, int threads) {
  int bits = 0;
  while ((size_t{1} << bits) < partitions) ++bits;
  partitions = size_t{1} << bits;
  // The run's spill folder, then the join's own in it.
  const std::string parent = dir.substr(0, dir.rfind('/'));
  if (!parent.empty() && ::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST) throw SpillError("E0581", parent, errno_text());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw SpillError("E0581", dir, errno_text());
  struct RemoveDir {
    const std::string& d;
    ~RemoveDir() { ::rmdir(d.c_str()); }  // only when empty: a folder that was there stays
  } remove_dir{dir};
  SideFiles left_files(dir, "left", partitions), right_files(dir, "right", partitions);
  write_side(left_files, left_keys, bits);
  write_side(right_files, right_keys, bits);
  spill.partitions = partitions;
  spill.bytes_written = left_files.bytes() + right_files.bytes();
  stats.build_rows = build_left ? left_keys.rows : right_keys.rows;
  stats.probe_rows = build_left ? right_keys.rows : left_keys.rows;

  std::vector<std::pair<uint32_t, int64_t>> pairs;
  std::vector<int64_t> lk, rk;
  std::vector<uint32_t> lrow, rrow;
  for (size_t p = 0; p < partitions; ++p) {
    const uint64_t build_rows = build_left ? left_files.records(p) : right_files.records(p);
    spill.largest_partition = std::max(spill.largest_partition, build_rows);
    size_t slots = 16;
    while (slots < build_rows + build_rows / 2) slots <<= 1;
    const uint64_t need = slots * 12 + build_rows * 4 + (left_files.records(p) + right_files.records(p)) * kRecordBytes;
    if (budget && !budget->fits(need))
      throw SpillError("E0582", std::to_string(p + 1) + "/" + std::to_string(partitions), std::to_string(build_rows));
    const Held held(budget, need, "a partition of a spilled join", "溢写连接的一个分区");
    left_files.read(p, lk, lrow);
    right_files.read(p, rk, rrow);
    const std::vector<uint8_t> lvalid(lk.size(), 1), rvalid(rk.size(), 1);
    std::vector<uint32_t> pl;
    std::vector<int64_t> pr;
    HashJoinStats ps;
    hash_join_int64(Int64Keys{lk.data(), lvalid.data(), lk.size()}, Int64Keys{rk.data(), rvalid.data(), rk.size()},
                    build_left, pl, pr, ps, nullptr, threads);
    stats.range_skipped += ps.range_skipped;
    for (size_t k = 0; k < pl.size(); ++k) pairs.emplace_back(lrow[pl[k]], int64_t(rrow[size_t(pr[k])]));
  }
  // Back into (left row, right row) order, which the engine gives every join's pairs.
  std::sort(pairs.begin(), pairs.end());
  stats.pairs = pairs.size();
  left_out.reserve(left_out.size() + pairs.size());
  right_out.reserve(right_out.size() + pairs.size());
  for (const auto& [l, r] : pairs) {
    left_out.push_back(l);
    right_out.push_back(r);
  }
}

}  // namespace clue::exec
