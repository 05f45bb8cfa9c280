#include "compiler/share/semver.h"

#include <vector>

namespace clue::share {
namespace {

// A numeric identifier: digits, no leading zero unless it is "0".
bool number(std::string_view s, unsigned long& out) {
  if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + unsigned(c - '0');
  }
  return true;
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty.
bool identifiers(std::string_view s) {
  if (s.empty()) return false;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (i == start) return false;
      start = i + 1;
      continue;
    }
    const char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '.') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

}  // namespace

std::optional<SemVer> parse_semver(std::string_view s) {
  if (const size_t plus = s.find('+'); plus != std::string_view::npos) {
    if (!identifiers(s.substr(plus + 1))) return std::nullopt;
    s = s.substr(0, plus);
  }
  SemVer v;
  if (const size_t dash = s.find('-'); dash != std::string_view::npos) {
    if (!identifiers(s.substr(dash + 1))) return std::nullopt;
    v.pre = std::string(s.substr(dash + 1));
    s = s.substr(0, dash);
  }
  const auto parts = split(s);
  if (parts.size() != 3 || !number(parts[0], v.major) || !number(parts[1], v.minor) || !number(parts[2], v.patch))
    return std::nullopt;
  return v;
}

int compare(const SemVer& a, const SemVer& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.pre == b.pre) return 0;
  if (a.pre.empty()) return 1;
  if (b.pre.empty()) return -1;
  const auto x = split(a.pre), y = split(b.pre);
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    unsigned long m = 0, n = 0;
    const bool xn = number(x[i], m), yn = number(y[i], n);
    if (xn && yn && m != n) return m < n ? -1 : 1;
    if (xn != yn) return xn ? -1 : 1;
    if (!xn && x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
}

}  // namespace clue::share
