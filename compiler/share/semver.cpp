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

std::string to_string(const SemVer& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch) +
         (v.pre.empty() ? "" : "-" + v.pre);
}

namespace {

// A version as a range writes it: 1, 1.2, 1.2.x, *, v1.2.3-rc.1. `given` counts the numeric
// parts before the first wildcard or the end (0 for `*`); the rest read as 0.
struct Partial {
  SemVer v;
  int given = 0;
};

bool parse_partial(std::string_view s, Partial& out) {
  out = Partial{};
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  if (s.empty()) return false;
  std::string_view rest;
  if (const size_t at = s.find_first_of("-+"); at != std::string_view::npos) {
    rest = s.substr(at);
    s = s.substr(0, at);
  }
  const auto parts = split(s);
  if (parts.size() > 3) return false;
  unsigned long* slots[3] = {&out.v.major, &out.v.minor, &out.v.patch};
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string_view p = parts[i];
    if (p == "x" || p == "X" || p == "*") {
      wild = true;
      continue;
    }
    if (wild || !number(p, *slots[i])) return false;  // 1.x.3 is not a version
    out.given = int(i) + 1;
  }
  if (!rest.empty()) {
    // A pre-release or build only after a full version: 1.2-rc is not one.
    if (out.given != 3) return false;
    auto full = parse_semver(std::string(s) + std::string(rest));
    if (!full) return false;
    out.v = *full;
  }
  return true;
}

SemVer make(unsigned long major, unsigned long minor, unsigned long patch, std::string pre = {}) {
  SemVer v;
  v.major = major;
  v.minor = minor;
  v.patch = patch;
  v.pre = std::move(pre);
  return v;
}

// The first version above a partial's line: 1.2 → 1.3.0-0, 1 → 2.0.0-0 (the "-0" keeps that
// line's own pre-releases out, as node-semver does).
SemVer next_line(const Partial& p) {
  if (p.given <= 1) return make(p.v.major + 1, 0, 0, "0");
  if (p.given == 2) return make(p.v.major, p.v.minor + 1, 0, "0");
  return make(p.v.major, p.v.minor, p.v.patch + 1, "0");
}

// One comparator token (`^1.2`, `>=1.2.0`, `1.x`) as comparators; false when it is not one.
bool comparator(std::string_view t, std::vector<Comparator>& set, std::string& why) {
  std::string op;
  for (const char* o : {">=", "<=", "~>", ">", "<", "=", "~", "^"})
    if (t.substr(0, std::char_traits<char>::length(o)) == o) {
      op = o;
      break;
    }
  t.remove_prefix(op.size());
  Partial p;
  if (!parse_partial(t, p)) {
    why = "'" + std::string(t) + "' is not a version (1, 1.2, 1.2.3 or 1.2.x)";
    return false;
  }
  using C = Comparator;
  const SemVer& v = p.v;
  if (op == "^") {
    if (p.given == 0) return true;  // ^* is any version
    SemVer hi = v.major > 0 || p.given == 1     ? make(v.major + 1, 0, 0, "0")
                : v.minor > 0 || p.given == 2   ? make(0, v.minor + 1, 0, "0")
                                                : make(0, 0, v.patch + 1, "0");
    set.push_back({C::Ge, v});
    set.push_back({C::Lt, hi});
  } else if (op == "~" || op == "~>") {
    if (p.given == 0) return true;
    set.push_back({C::Ge, v});
    set.push_back({C::Lt, p.given == 1 ? make(v.major + 1, 0, 0, "0") : make(v.major, v.minor + 1, 0, "0")});
  } else if (op.empty() || op == "=") {
    if (p.given == 0) return true;
    if (p.given == 3) {
      set.push_back({C::Eq, v});
    } else {
      set.push_back({C::Ge, v});
      set.push_back({C::Lt, next_line(p)});
    }
  } else if (op == ">=") {
    if (p.given > 0) set.push_back({C::Ge, v});
  } else if (op == "<=") {
    if (p.given == 0) return true;
    if (p.given == 3) set.push_back({C::Le, v});
    else set.push_back({C::Lt, next_line(p)});
  } else if (op == ">") {
    if (p.given == 0) {
      why = "'>*' matches no version";
      return false;
    }
    if (p.given == 3) set.push_back({C::Gt, v});
    else set.push_back({C::Ge, next_line(p)});
  } else if (op == "<") {
    if (p.given == 0) {
      why = "'<*' matches no version";
      return false;
    }
    set.push_back({C::Lt, p.given == 3 ? v : make(v.major, v.minor, v.patch, "0")});
  }
  return true;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::optional<Range> parse_range(std::string_view text, std::string* why) {
  Range r;
  std::string problem;
  auto fail = [&](std::string w) -> std::optional<Range> {
    if (why) *why = std::move(w);
    return std::nullopt;
  };
  size_t start = 0;
  while (true) {
    const size_t bar = text.find("||", start);
    const std::string_view part = text.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    std::vector<std::string_view> ws = words(part);
    std::vector<Comparator> set;
    if (ws.size() == 3 && ws[1] == "-") {
      // A hyphen range: inclusive at both ends, a partial upper end meaning its whole line.
      Partial lo, hi;
      if (!parse_partial(ws[0], lo) || !parse_partial(ws[2], hi))
        return fail("'" + std::string(part) + "' is not a range (1.2.3 - 2.3.4)");
      if (lo.given > 0) set.push_back({Comparator::Ge, lo.v});
      if (hi.given == 3) set.push_back({Comparator::Le, hi.v});
      else if (hi.given > 0) set.push_back({Comparator::Lt, next_line(hi)});
    } else {
      for (size_t i = 0; i < ws.size(); ++i) {
        std::string token(ws[i]);
        // `>= 1.2`: an operator written apart from its version.
        if (token.find_first_not_of("<>=~^") == std::string::npos) {
          if (i + 1 == ws.size()) return fail("'" + token + "' has no version after it");
          token += std::string(ws[++i]);
        }
        if (!comparator(token, set, problem)) return fail(problem);
      }
    }
    r.sets.push_back(std::move(set));  // an empty set is `*`: any version
    if (bar == std::string_view::npos) break;
    start = bar + 2;
  }
  return r;
}

bool satisfies(const SemVer& v, const Range& r) {
  for (const auto& set : r.sets) {
    bool all = true;
    for (const auto& c : set) {
      const int k = compare(v, c.v);
      const bool ok = c.op == Comparator::Lt   ? k < 0
                      : c.op == Comparator::Le ? k <= 0
                      : c.op == Comparator::Gt ? k > 0
                      : c.op == Comparator::Ge ? k >= 0
                                               : k == 0;
      if (!ok) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    if (v.pre.empty()) return true;
    // A pre-release only when the set names a pre-release of the same MAJOR.MINOR.PATCH (not
    // the "<X.Y.Z-0" bounds this file adds: they exclude that line's pre-releases).
    for (const auto& c : set)
      if (!c.v.pre.empty() && !(c.op == Comparator::Lt && c.v.pre == "0") && c.v.major == v.major && c.v.minor == v.minor && c.v.patch == v.patch)
        return true;
  }
  return false;
}

}  // namespace clue::share
