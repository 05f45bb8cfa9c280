#include "runtime/xlsx/parts.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>

namespace clue::xlsx::detail {

namespace {

std::string_view local_name(const char* qname) {
  const char* colon = std::strrchr(qname, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(qname);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c : parent.children())
    if (c.type() == pugi::node_element && local_name(c.name()) == local) return c;
  return {};
}

// The attribute with this local name ("id" finds r:id whatever the prefix).
const char* attr(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_attribute a : n.attributes())
    if (local_name(a.name()) == local) return a.value();
  return nullptr;
}

bool parse_u32(std::string_view s, uint32_t& v) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool load(pugi::xml_document& doc, const std::string& xml, std::string& detail) {
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!r) {
    detail = std::string(r.description()) + " at byte " + std::to_string(r.offset);
    return false;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string fault_en(const StreamFault& f) {
  switch (f.fault) {
    case XmlPull::Fault::Truncated:
      return "is cut off (" + f.detail + ", byte " + std::to_string(f.offset) + "): the file is truncated or damaged";
    case XmlPull::Fault::Read:
      return "cannot be decompressed (" + f.detail + "): the file is damaged";
    case XmlPull::Fault::TooLong:
      return "is not valid (" + f.detail + " at byte " + std::to_string(f.offset) + ")";
    default:
      return "is not well-formed XML (" + f.detail + " at byte " + std::to_string(f.offset) + ")";
  }
}

std::string fault_zh(const StreamFault& f) {
  switch (f.fault) {
    case XmlPull::Fault::Truncated:
      return "在第 " + std::to_string(f.offset) + " 字节处意外结束，文件被截断或已损坏";
    case XmlPull::Fault::Read:
      return "无法解压（" + f.detail + "），文件已损坏";
    case XmlPull::Fault::TooLong:
      return "内容无效（第 " + std::to_string(f.offset) + " 字节处：" + f.detail + "）";
    default:
      return "不是格式正确的 XML（第 " + std::to_string(f.offset) + " 字节处：" + f.detail + "）";
  }
}

bool read_shared_strings(ByteSource& src, size_t chunk, SharedStrings& out, StreamFault& fault) {
  XmlPull x(src, chunk);
  bool in_si = false, capture = false;
  int rph = 0;
  size_t start = 0;
  std::string scratch;
  for (;;) {
    switch (x.next()) {
      case XmlPull::Event::Start: {
        std::string_view n = x.name();
        if (n == "sst") {
          std::string_view v;
          uint32_t count = 0;
          if (x.attr("uniqueCount", v, scratch) && parse_u32(v, count))
            out.offsets_.reserve(std::min<uint32_t>(count, 1u << 20) + 1);
        } else if (n == "si") {
          in_si = true;
          rph = 0;
          start = out.arena_.size();
        } else if (in_si && n == "rPh") {
          ++rph;
          capture = false;
        } else if (in_si && rph == 0 && n == "t") {
          capture = true;
        }
        x.want_text(capture);
        break;
      }
      case XmlPull::Event::Text: {
        std::string_view t = x.text();
        if (out.arena_.size() - start + t.size() > kMaxTextBytes) {
          fault = {XmlPull::Fault::TooLong, "a shared string longer than 16 MiB", x.offset()};
          return false;
        }
        out.arena_.append(t);
        break;
      }
      case XmlPull::Event::End: {
        std::string_view n = x.name();
        if (n == "t") {
          capture = false;
        } else if (n == "rPh") {
          rph = std::max(rph - 1, 0);
        } else if (n == "si" && in_si) {
          if (std::string_view(out.arena_).substr(start).find("_x") != std::string_view::npos) {
            std::string tail = out.arena_.substr(start);
            decode_ooxml_escapes(tail);
            out.arena_.resize(start);
            out.arena_ += tail;
          }
          out.offsets_.push_back(out.arena_.size());
          in_si = false;
          capture = false;
        } else if (n == "sst") {
          if (x.drain()) return true;  // to the end, so that the CRC is checked
          fault = {x.fault(), x.detail(), x.offset()};
          return false;
        }
        x.want_text(capture);
        break;
      }
      case XmlPull::Event::Eof:
        fault = {XmlPull::Fault::Truncated, "the shared strings end before </sst>", x.offset()};
        return false;
      case XmlPull::Event::Error:
        fault = {x.fault(), x.detail(), x.offset()};
        return false;
    }
  }
}

bool is_builtin_date_format(uint32_t id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    switch (c) {
      case '"': {
        size_t close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '[': {
        size_t close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;  // the next character is literal (or a width/fill character)
        break;
      case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
      case 'h': case 'H': case 's': case 'S':
        return true;
      default:
        break;
    }
  }
  return false;
}

bool parse_styles(const std::string& xml, Styles& out, std::string& detail) {
  pugi::xml_document doc;
  if (!load(doc, xml, detail)) return false;
  pugi::xml_node root = doc.document_element();
  std::map<uint32_t, bool> custom;  // numFmtId -> is a date format
  for (pugi::xml_node f : child(root, "numFmts").children()) {
    if (f.type() != pugi::node_element || local_name(f.name()) != "numFmt") continue;
    uint32_t id = 0;
    const char* ids = attr(f, "numFmtId");
    const char* code = attr(f, "formatCode");
    if (ids && code && parse_u32(ids, id)) custom[id] = is_date_format_code(code);
  }
  out.date_xf.clear();
  for (pugi::xml_node xf : child(root, "cellXfs").children()) {
    if (xf.type() != pugi::node_element || local_name(xf.name()) != "xf") continue;
    uint32_t id = 0;
    const char* ids = attr(xf, "numFmtId");
    bool date = false;
    if (ids && parse_u32(ids, id)) {
      auto it = custom.find(id);  // a custom format may also redefine a built-in id
      date = it != custom.end() ? it->second : is_builtin_date_format(id);
    }
    out.date_xf.push_back(date);
  }
  return true;
}

std::string resolve_target(std::string_view base_dir, std::string_view target) {
  std::string decoded;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size() && hex_digit(target[i + 1]) >= 0 && hex_digit(target[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(hex_digit(target[i + 1]) * 16 + hex_digit(target[i + 2])));
      i += 2;
    } else {
      decoded.push_back(target[i] == '\\' ? '/' : target[i]);
    }
  }
  std::string path = !decoded.empty() && decoded[0] == '/' ? decoded.substr(1) : std::string(base_dir) + decoded;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string r;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) r += '/';
    r += parts[k];
  }
  return r;
}

bool parse_rels(const std::string& xml, std::string_view base_dir, std::vector<Relationship>& out,
                std::string& detail) {
  pugi::xml_document doc;
  if (!load(doc, xml, detail)) return false;
  out.clear();
  for (pugi::xml_node r : doc.document_element().children()) {
    if (r.type() != pugi::node_element || local_name(r.name()) != "Relationship") continue;
    Relationship rel;
    const char* id = attr(r, "Id");
    const char* type = attr(r, "Type");
    const char* target = attr(r, "Target");
    const char* mode = attr(r, "TargetMode");
    rel.id = id ? id : "";
    rel.type = type ? type : "";
    rel.external = mode && std::string_view(mode) == "External";
    rel.target = target ? (rel.external ? std::string(target) : resolve_target(base_dir, target)) : "";
    out.push_back(std::move(rel));
  }
  return true;
}

const Relationship* find_rel_by_type(const std::vector<Relationship>& rels, std::string_view suffix) {
  for (const Relationship& r : rels) {
    std::string_view t = r.type;
    if (t.size() > suffix.size() && t.substr(t.size() - suffix.size()) == suffix &&
        t[t.size() - suffix.size() - 1] == '/')
      return &r;
  }
  return nullptr;
}

bool parse_workbook(const std::string& xml, WorkbookInfo& out, std::string& detail) {
  pugi::xml_document doc;
  if (!load(doc, xml, detail)) return false;
  pugi::xml_node root = doc.document_element();
  if (local_name(root.name()) != "workbook") {
    detail = "the root element is <" + std::string(root.name()) + ">, not <workbook>";
    return false;
  }
  out = WorkbookInfo{};
  if (const char* d = attr(child(root, "workbookPr"), "date1904")) {
    std::string_view v = d;
    out.date1904 = v == "1" || v == "true" || v == "on";
  }
  for (pugi::xml_node s : child(root, "sheets").children()) {
    if (s.type() != pugi::node_element || local_name(s.name()) != "sheet") continue;
    SheetEntry e;
    const char* name = attr(s, "name");
    const char* id = attr(s, "id");
    const char* state = attr(s, "state");
    e.name = name ? name : "";
    e.rel_id = id ? id : "";
    e.hidden = state && std::string_view(state) != "visible";
    out.sheets.push_back(std::move(e));
  }
  return true;
}

}  // namespace clue::xlsx::detail
