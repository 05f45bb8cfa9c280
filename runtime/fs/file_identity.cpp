#include "runtime/fs/file_identity.h"

namespace clue::fsafe {

FileIdentity identity_of(const struct stat& st) {
  FileIdentity id;
  id.exists = true;
  id.dev = uint64_t(st.st_dev);
  id.ino = uint64_t(st.st_ino);
  id.size = uint64_t(st.st_size);
  id.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  id.ctime_ns = int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  return id;
}

FileIdentity identity_of_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return identity_of(st);
}

namespace {
enum class Change { None, Removed, Replaced, Shrunk, Grew, Rewritten };
Change change(const FileIdentity& a, const FileIdentity& b) {
  if (!a.exists) return Change::None;  // nothing was known before: nothing to compare
  if (!b.exists) return Change::Removed;
  if (a.dev != b.dev || a.ino != b.ino) return Change::Replaced;
  if (b.size < a.size) return Change::Shrunk;
  if (b.size > a.size) return Change::Grew;
  if (a.mtime_ns != b.mtime_ns || a.ctime_ns != b.ctime_ns) return Change::Rewritten;
  return Change::None;
}
}  // namespace

std::string identity_change_en(const FileIdentity& a, const FileIdentity& b) {
  switch (change(a, b)) {
    case Change::None: return "";
    case Change::Removed: return "it was removed";
    case Change::Replaced: return "it was replaced by another file";
    case Change::Shrunk:
      return "it was truncated from " + std::to_string(a.size) + " to " + std::to_string(b.size) + " bytes";
    case Change::Grew: return "it grew from " + std::to_string(a.size) + " to " + std::to_string(b.size) + " bytes";
    case Change::Rewritten: return "it was written to";
  }
  return "";
}

std::string identity_change_zh(const FileIdentity& a, const FileIdentity& b) {
  switch (change(a, b)) {
    case Change::None: return "";
    case Change::Removed: return "文件已被删除";
    case Change::Replaced: return "已被另一个文件替换";
    case Change::Shrunk: return "从 " + std::to_string(a.size) + " 字节截短为 " + std::to_string(b.size) + " 字节";
    case Change::Grew: return "从 " + std::to_string(a.size) + " 字节增长为 " + std::to_string(b.size) + " 字节";
    case Change::Rewritten: return "内容被改写";
  }
  return "";
}

}  // namespace clue::fsafe
