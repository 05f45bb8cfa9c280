#include "runtime/xlsx/xml_pull.h"

#include <algorithm>
#include <cstring>

namespace clue::xlsx::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// memchr for the short distances between markup characters: a plain loop for the first
// bytes (no call), memchr beyond.
inline const char* find_char(const char* p, const char* e, char c) {
  const char* lim = e - p > 24 ? p + 24 : e;
  for (; p < lim; ++p)
    if (*p == c) return p;
  if (p == e) return nullptr;
  return static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(e - p)));
}

inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

std::string_view local_part(const char* b, const char* e) {
  const char* colon = b;
  for (const char* p = b; p < e; ++p)
    if (*p == ':') colon = p + 1;
  return std::string_view(colon, static_cast<size_t>(e - colon));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// &#...; body (after '#'): the code point, or -1 when the digits are not a number,
// or 0xFFFD when the number is no valid character.
long parse_char_ref(std::string_view s) {
  if (s.empty()) return -1;
  uint32_t cp = 0;
  bool big = false;
  if (s[0] == 'x' || s[0] == 'X') {
    if (s.size() == 1) return -1;
    for (char c : s.substr(1)) {
      int h = hex_value(c);
      if (h < 0) return -1;
      cp = cp * 16 + static_cast<uint32_t>(h);
      if (cp > 0x10FFFF) big = true, cp = 0x110000;
    }
  } else {
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      cp = cp * 10 + static_cast<uint32_t>(c - '0');
      if (cp > 0x10FFFF) big = true, cp = 0x110000;
    }
  }
  if (big || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  return static_cast<long>(cp);
}

}  // namespace

long long MemorySource::read(char* buf, size_t n) {
  size_t k = std::min({n, max_, data_.size() - pos_});
  if (k) std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return static_cast<long long>(k);
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_xml_decoded(const char* p, const char* e, std::string& out) {
  while (p < e) {
    const char* amp = static_cast<const char*>(std::memchr(p, '&', static_cast<size_t>(e - p)));
    if (!amp) {
      out.append(p, e);
      return;
    }
    out.append(p, amp);
    // The reference ends at ';' within 16 bytes, before any other '&' (the streaming parser
    // holds back a trailing '&' on the same rule, so chunking never changes the result).
    const char* lim = amp + std::min<size_t>(static_cast<size_t>(e - amp), 16);
    const char* semi = nullptr;
    for (const char* q = amp + 1; q < lim && *q != '&'; ++q)
      if (*q == ';') {
        semi = q;
        break;
      }
    if (!semi) {  // a bare '&' (not well-formed, kept as written)
      out.push_back('&');
      p = amp + 1;
      continue;
    }
    std::string_view ent(amp + 1, static_cast<size_t>(semi - amp - 1));
    if (ent == "amp") out.push_back('&');
    else if (ent == "lt") out.push_back('<');
    else if (ent == "gt") out.push_back('>');
    else if (ent == "quot") out.push_back('"');
    else if (ent == "apos") out.push_back('\'');
    else if (!ent.empty() && ent[0] == '#') {
      long cp = parse_char_ref(ent.substr(1));
      if (cp < 0) out.append(amp, semi + 1);
      else append_utf8(static_cast<uint32_t>(cp), out);
    } else {
      out.append(amp, semi + 1);  // unknown entity: kept literally (DTD entities are not expanded)
    }
    p = semi + 1;
  }
}

void decode_ooxml_escapes(std::string& s) {
  size_t first = s.find("_x");
  if (first == std::string::npos) return;
  auto escape_at = [&](size_t i, uint32_t& cp) {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return false;
    cp = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
      int h = hex_value(s[k]);
      if (h < 0) return false;
      cp = cp * 16 + static_cast<uint32_t>(h);
    }
    return true;
  };
  std::string out;
  out.reserve(s.size());
  out.append(s, 0, first);
  size_t i = first;
  while (i < s.size()) {
    uint32_t cp = 0;
    if (s[i] == '_' && escape_at(i, cp)) {
      i += 7;
      uint32_t lo = 0;
      if (cp >= 0xD800 && cp <= 0xDBFF && escape_at(i, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 7;
      }
      if (cp == 0) cp = 0xFFFD;
      append_utf8(cp, out);
    } else {
      out.push_back(s[i++]);
    }
  }
  s.swap(out);
}

XmlPull::XmlPull(ByteSource& src, size_t chunk) : src_(src), chunk_(std::max<size_t>(chunk, 1)) {}

XmlPull::Event XmlPull::fail(Fault f, std::string detail) {
  if (fault_ == Fault::None) {
    fault_ = f;
    detail_ = std::move(detail);
  }
  return Event::Error;
}

bool XmlPull::fill() {
  if (eof_ || fault_ != Fault::None) return false;
  if (pos_ > 0) {
    size_t keep = end_ - pos_;
    if (keep) std::memmove(buf_.get(), buf_.get() + pos_, keep);
    base_ += pos_;
    end_ = keep;
    pos_ = 0;
  }
  if (cap_ - end_ < chunk_) {
    size_t ncap = std::max(cap_ * 2, end_ + chunk_);
    std::unique_ptr<char[]> nb(new char[ncap]);
    if (end_) std::memcpy(nb.get(), buf_.get(), end_);
    buf_ = std::move(nb);
    cap_ = ncap;
  }
  long long n = src_.read(buf_.get() + end_, chunk_);
  if (n < 0) {
    fail(Fault::Read, src_.error());
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(n);
  return true;
}

bool XmlPull::drain() {
  if (fault_ != Fault::None) return false;
  pending_end_ = false;
  do pos_ = end_;
  while (fill());
  return fault_ == Fault::None;
}

bool XmlPull::ensure(size_t n) {
  while (end_ - pos_ < n)
    if (!fill()) return false;
  return true;
}

bool XmlPull::skip_past(std::string_view term) {
  for (;;) {
    std::string_view hay(buf_.get() + pos_, end_ - pos_);
    size_t hit = hay.find(term);
    if (hit != std::string_view::npos) {
      pos_ += hit + term.size();
      return true;
    }
    if (hay.size() >= term.size()) pos_ = end_ - (term.size() - 1);
    if (!fill()) return false;
  }
}

int XmlPull::try_start_tag() {
  const char* b = buf_.get();
  const char* s = b + pos_;
  const char* e = b + end_;
  const char* p = s + 1;
  while (p < e && !is_space(*p) && *p != '>' && *p != '/') ++p;
  if (p == e) return 0;
  if (p == s + 1) {
    fail(Fault::Malformed, "a tag without a name");
    return -1;
  }
  name_ = local_part(s + 1, p);
  attrs_.clear();
  bool self = false;
  for (;;) {
    while (p < e && is_space(*p)) ++p;
    if (p == e) return 0;
    if (*p == '>') {
      ++p;
      break;
    }
    if (*p == '/') {
      if (p + 1 == e) return 0;
      if (p[1] != '>') {
        fail(Fault::Malformed, "a stray '/' in <" + std::string(name_) + ">");
        return -1;
      }
      self = true;
      p += 2;
      break;
    }
    const char* a0 = p;
    while (p < e && *p != '=' && *p != '>' && *p != '/' && !is_space(*p)) ++p;
    const char* a1 = p;
    while (p < e && is_space(*p)) ++p;
    if (p == e) return 0;
    if (*p != '=') {
      fail(Fault::Malformed, "an attribute without a value in <" + std::string(name_) + ">");
      return -1;
    }
    ++p;
    while (p < e && is_space(*p)) ++p;
    if (p == e) return 0;
    if (*p != '"' && *p != '\'') {
      fail(Fault::Malformed, "an unquoted attribute value in <" + std::string(name_) + ">");
      return -1;
    }
    char q = *p++;
    const char* v1 = find_char(p, e, q);
    if (!v1) return 0;
    attrs_.push_back({local_part(a0, a1), std::string_view(p, static_cast<size_t>(v1 - p))});
    p = v1 + 1;
  }
  if (static_cast<size_t>(p - s) > kMaxTag) {
    fail(Fault::TooLong, "a tag longer than 1 MiB");
    return -1;
  }
  pending_end_ = self;
  pos_ = static_cast<size_t>(p - b);
  return 1;
}

bool XmlPull::more_for_tag() {
  if (end_ - pos_ > kMaxTag) {
    fail(Fault::TooLong, "a tag longer than 1 MiB");
    return false;
  }
  if (!fill()) {
    fail(Fault::Truncated, "the input ends inside a tag");
    return false;
  }
  return true;
}

bool XmlPull::attr(std::string_view local, std::string_view& value, std::string& scratch) const {
  for (const Attr& a : attrs_) {
    if (!same(a.name, local)) continue;
    if (a.raw.find('&') == std::string_view::npos) {
      value = a.raw;
    } else {
      scratch.clear();
      append_xml_decoded(a.raw.data(), a.raw.data() + a.raw.size(), scratch);
      value = scratch;
    }
    return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> XmlPull::attributes() const {
  std::vector<std::pair<std::string, std::string>> r;
  for (const Attr& a : attrs_) {
    std::string v;
    append_xml_decoded(a.raw.data(), a.raw.data() + a.raw.size(), v);
    r.emplace_back(std::string(a.name), std::move(v));
  }
  return r;
}

XmlPull::Event XmlPull::read_tag() {
  // pos_ is at '<'. Returns Text to mean "nothing to report, go on" (tags never yield Text).
  if (!ensure(2)) {
    if (fault_ != Fault::None) return Event::Error;
    return fail(Fault::Truncated, "the input ends inside a tag");
  }
  char c1 = buf_[pos_ + 1];
  if (c1 == '?') {
    pos_ += 2;
    if (!skip_past("?>")) return fail(Fault::Truncated, "an unterminated processing instruction");
    return Event::Text;
  }
  if (c1 == '!') {
    ensure(9);
    if (fault_ != Fault::None) return Event::Error;
    std::string_view head(buf_.get() + pos_, end_ - pos_);
    if (head.substr(0, 4) == "<!--") {
      pos_ += 4;
      if (!skip_past("-->")) return fail(Fault::Truncated, "an unterminated comment");
      return Event::Text;
    }
    if (head.substr(0, 9) == "<![CDATA[") {
      pos_ += 9;
      in_cdata_ = true;
      return Event::Text;
    }
    // <!DOCTYPE ...> (with an optional [internal subset]): skipped, nothing is expanded.
    size_t i = 2;
    int depth = 0;
    char quote = 0;
    for (;;) {
      for (; pos_ + i < end_; ++i) {
        char c = buf_[pos_ + i];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++depth;
        } else if (c == ']') {
          depth = std::max(depth - 1, 0);
        } else if (c == '>' && depth == 0) {
          pos_ += i + 1;
          return Event::Text;
        }
      }
      pos_ += i;
      i = 0;
      if (!fill()) {
        if (fault_ != Fault::None) return Event::Error;
        return fail(Fault::Truncated, "an unterminated <!DOCTYPE> declaration");
      }
    }
  }
  if (c1 == '/') {
    for (;;) {
      const char* b = buf_.get();
      const char* n0 = b + pos_ + 2;
      const char* gt = find_char(n0, b + end_, '>');
      if (gt) {
        if (static_cast<size_t>(gt - (b + pos_)) > kMaxTag) return fail(Fault::TooLong, "a tag longer than 1 MiB");
        const char* n1 = gt;
        while (n1 > n0 && is_space(n1[-1])) --n1;
        name_ = local_part(n0, n1);
        pos_ = static_cast<size_t>(gt + 1 - b);
        return Event::End;
      }
      if (!more_for_tag()) return Event::Error;
    }
  }
  for (;;) {
    int r = try_start_tag();
    if (r > 0) return Event::Start;
    if (r < 0 || !more_for_tag()) return Event::Error;
  }
}

XmlPull::Event XmlPull::next() {
  if (fault_ != Fault::None) return Event::Error;
  if (pending_end_) {
    pending_end_ = false;
    return Event::End;
  }
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (fault_ != Fault::None) return Event::Error;
      if (in_cdata_) return fail(Fault::Truncated, "an unterminated CDATA section");
      return Event::Eof;
    }
    const char* b = buf_.get();
    const char* p = b + pos_;
    const char* e = b + end_;
    if (in_cdata_) {
      std::string_view hay(p, static_cast<size_t>(e - p));
      size_t hit = hay.find("]]>");
      std::string_view piece;
      if (hit != std::string_view::npos) {
        piece = hay.substr(0, hit);
        pos_ += hit + 3;
        in_cdata_ = false;
      } else if (hay.size() > 2) {  // keep 2 bytes: the terminator may be split
        piece = hay.substr(0, hay.size() - 2);
        pos_ = end_ - 2;
      } else {
        if (!fill()) {
          if (fault_ != Fault::None) return Event::Error;
          return fail(Fault::Truncated, "an unterminated CDATA section");
        }
        continue;
      }
      if (want_text_ && !piece.empty()) {
        text_ = piece;
        return Event::Text;
      }
      continue;
    }
    if (*p == '<') {
      Event ev = read_tag();
      if (ev == Event::Text) continue;
      return ev;
    }
    const char* lt = find_char(p, e, '<');
    const char* stop = lt ? lt : e;
    if (!want_text_) {
      pos_ = static_cast<size_t>(stop - b);
      continue;
    }
    if (!lt && !eof_) {
      // Do not cut an entity reference in two: hold back a trailing '&' without its ';'.
      size_t look = std::min<size_t>(static_cast<size_t>(stop - p), 16);
      const char* amp = nullptr;
      for (const char* q = stop - look; q < stop; ++q)
        if (*q == '&') amp = q;
      if (amp && !std::memchr(amp, ';', static_cast<size_t>(stop - amp))) {
        if (amp == p) {
          if (!fill() && fault_ != Fault::None) return Event::Error;
          continue;  // more bytes, or at the end the '&' is taken literally
        }
        stop = amp;
      }
    }
    if (!find_char(p, stop, '&')) {
      text_ = std::string_view(p, static_cast<size_t>(stop - p));
    } else {
      text_buf_.clear();
      append_xml_decoded(p, stop, text_buf_);
      text_ = text_buf_;
    }
    pos_ = static_cast<size_t>(stop - b);
    return Event::Text;
  }
}

}  // namespace clue::xlsx::detail
