#include "runtime/io/json.h"

#include <cstdio>
#include <cstdlib>

namespace clue::io {
namespace {

struct Parser {
  const std::string& t;
  size_t i = 0;
  std::string err;

  void ws() {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) ++i;
  }
  bool fail(const std::string& why) {
    if (err.empty()) err = "at byte " + std::to_string(i) + ": " + why;
    return false;
  }
  bool lit(const char* w) {
    size_t n = std::string(w).size();
    if (t.compare(i, n, w) != 0) return fail(std::string("expected ") + w);
    i += n;
    return true;
  }
  bool str(std::string& out) {
    if (i >= t.size() || t[i] != '"') return fail("expected string");
    ++i;
    while (i < t.size() && t[i] != '"') {
      unsigned char c = static_cast<unsigned char>(t[i]);
      if (c < 0x20) return fail("control character in string");
      if (c == '\\') {
        if (++i >= t.size()) return fail("bad escape");
        char e = t[i];
        if (e == 'u') {
          if (i + 4 >= t.size()) return fail("bad \\u escape");
          for (int k = 1; k <= 4; ++k)
            if (!std::isxdigit(static_cast<unsigned char>(t[i + size_t(k)]))) return fail("bad \\u escape");
          i += 4;
          out += '?';
        } else if (std::string("\"\\/bfnrt").find(e) != std::string::npos) {
          out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          return fail("bad escape");
        }
        ++i;
      } else {
        out += char(c);
        ++i;
      }
    }
    if (i >= t.size()) return fail("unterminated string");
    ++i;
    return true;
  }
  bool value(Json& v) {
    ws();
    if (i >= t.size()) return fail("unexpected end");
    char c = t[i];
    if (c == '{') {
      v.kind = Json::Object;
      ++i;
      ws();
      if (i < t.size() && t[i] == '}') { ++i; return true; }
      while (true) {
        ws();
        std::string key;
        if (!str(key)) return false;
        ws();
        if (i >= t.size() || t[i] != ':') return fail("expected ':'");
        ++i;
        Json child;
        if (!value(child)) return false;
        if (v.fields.count(key)) return fail("duplicate key " + key);
        v.fields[key] = std::move(child);
        ws();
        if (i < t.size() && t[i] == ',') { ++i; continue; }
        if (i < t.size() && t[i] == '}') { ++i; return true; }
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.kind = Json::Array;
      ++i;
      ws();
      if (i < t.size() && t[i] == ']') { ++i; return true; }
      while (true) {
        Json child;
        if (!value(child)) return false;
        v.items.push_back(std::move(child));
        ws();
        if (i < t.size() && t[i] == ',') { ++i; continue; }
        if (i < t.size() && t[i] == ']') { ++i; return true; }
        return fail("expected ',' or ']'");
      }
    }
    if (c == '"') { v.kind = Json::String; return str(v.s); }
    if (c == 't') { v.kind = Json::Bool; v.b = true; return lit("true"); }
    if (c == 'f') { v.kind = Json::Bool; return lit("false"); }
    if (c == 'n') { v.kind = Json::Null; return lit("null"); }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      if (t[i] == '-') ++i;
      if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return fail("bad number");
      if (t[i] == '0' && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]))) return fail("leading zero");
      while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.' || t[i] == 'e' ||
                              t[i] == 'E' || t[i] == '+' || t[i] == '-'))
        ++i;
      v.kind = Json::Number;
      v.n = std::strtod(t.substr(start, i - start).c_str(), nullptr);
      return true;
    }
    return fail(std::string("unexpected character '") + c + "'");
  }
};
}  // namespace

std::string json_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out;
}

std::optional<Json> parse_json(const std::string& text, std::string* error) {
  Parser p{text};
  Json v;
  bool ok = p.value(v);
  p.ws();
  if (ok && p.i != text.size()) ok = p.fail("trailing characters");
  if (!ok) {
    if (error) *error = p.err;
    return std::nullopt;
  }
  return v;
}

}  // namespace clue::io
