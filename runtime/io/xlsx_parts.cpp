#include "runtime/io/xlsx_parts.h"

#include <algorithm>
#include <charconv>

#include "runtime/io/xlsx_cells.h"
#include "runtime/values/text.h"

namespace clue::io::xlsx_parts {
namespace {

constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

constexpr size_t kWidthSample = 1000;  // rows looked at for a column's width
constexpr double kMinWidth = 6, kMaxWidth = 50;

// Escapes text for element content and attribute values. A CR is written as a character
// reference: a literal one would be read back as LF (XML's end-of-line handling).
void append_escaped(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\r': rep = "&#13;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out.append(rep);
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

// Whether text goes into a cell exactly as it is, with nothing to escape, replace, cut or
// preserve (what xlsx_text and append_escaped would leave alone): no character XML must escape
// (& < > " and CR), no other control character, no white space at either end, nothing
// that looks like Excel's _xHHHH_ escape, valid UTF-8 without U+FFFE or U+FFFF, and at most
// kXlsxMaxChars bytes (so at most that many characters). Nearly every cell of leads; the
// others take the general path.
bool plain_text(std::string_view s) {
  if (s.empty() || s.size() > kXlsxMaxChars || s.front() == ' ' || s.back() == ' ') return false;
  bool high = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      high = true;
    } else if (c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"') {
      return false;
    } else if (c == '_' && i + 1 < s.size() && s[i + 1] == 'x') {
      return false;
    }
  }
  if (!high) return true;
  if (!values::utf8_valid(s)) return false;
  // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
  for (size_t i = s.find('\xEF'); i != std::string_view::npos; i = s.find('\xEF', i + 1))
    if (i + 2 < s.size() && s[i + 1] == '\xBF' && (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) return false;
  return true;
}

std::string escaped(std::string_view s) {
  std::string out;
  append_escaped(out, s);
  return out;
}

// Excel's stored column width for a width in characters of the default font (Calibri 11: a
// digit is 7 pixels, 5 pixels of padding), as Excel itself writes it.
double stored_width(double chars) {
  return double(uint32_t((uint32_t(chars * 7 + 0.5) + 5) / 7.0 * 256.0)) / 256.0;
}

void append_number(std::string& out, double v) {
  // The shortest digits that read back as v, never in exponent form ("0.0001", not "1e-04"):
  // what Excel itself writes, and what a reader of the XML expects.
  char big[400];
  auto [end, ec] = std::to_chars(big, big + sizeof big, v, std::chars_format::fixed);
  out.append(big, ec == std::errc() ? end : big);
}

Style column_style(TypeKind k) {
  switch (k) {
    case TypeKind::Int: return kStyleInt;
    case TypeKind::Money: return kStyleMoney;
    case TypeKind::Decimal: return kStyleDecimal0;
    case TypeKind::Date: return kStyleDate;
    case TypeKind::DateTime: return kStyleDateTime;
    default: return kStyleText;  // IDs, case numbers, months, geo, bool (是/否), text
  }
}

Style decimal_style(std::string_view s) {
  const size_t dot = s.find('.');
  const size_t digits = dot == std::string_view::npos ? 0 : s.size() - dot - 1;
  return Style(kStyleDecimal0 + std::min<size_t>(digits, kDecimalStyles - 1));
}

// 'name' as a formula writes a sheet's name: quoted, apostrophes doubled.
std::string quoted_sheet(std::string_view name) {
  std::string q = "'";
  for (char c : name) {
    q += c;
    if (c == '\'') q += '\'';
  }
  return q + "'";
}

// "K5293" -> "$K$5293".
std::string absolute(std::string_view cell) {
  size_t digits = cell.find_first_of("0123456789");
  return "$" + std::string(cell.substr(0, digits)) + "$" + std::string(cell.substr(digits));
}

}  // namespace

std::string column_name(size_t col) {
  std::string s;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

bool valid_sheet_name(std::string_view name) {
  size_t chars = 0;
  for (unsigned char c : name) chars += (c & 0xC0) != 0x80;
  if (chars == 0 || chars > 31) return false;
  if (name.find_first_of("[]:*?/\\") != std::string_view::npos) return false;
  if (name.front() == '\'' || name.back() == '\'') return false;
  std::string lower(name);
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  return lower != "history";
}

std::string content_types(size_t sheets) {
  std::string x(kXmlDecl);
  x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/xl/workbook.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
       "<Override PartName=\"/xl/styles.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  for (size_t i = 1; i <= sheets; ++i)
    x += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i) +
         ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  return x + "</Types>";
}

std::string package_rels() {
  std::string x(kXmlDecl);
  x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"xl/workbook.xml\"/></Relationships>";
  return x;
}

std::string workbook(const std::vector<std::string>& names, const std::vector<std::string>& last_cell) {
  std::string x(kXmlDecl);
  x += "<workbook xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + std::string(kRelNs) + "\"><sheets>";
  for (size_t i = 0; i < names.size(); ++i)
    x += "<sheet name=\"" + escaped(names[i]) + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
         std::to_string(i + 1) + "\"/>";
  x += "</sheets>";
  // Excel keeps an autofilter's range in this hidden name; without it the filter buttons work
  // but Excel rewrites the file on save.
  std::string names_xml;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i >= last_cell.size() || last_cell[i].empty()) continue;
    names_xml += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(i) +
                 "\" hidden=\"1\">" + escaped(quoted_sheet(names[i]) + "!$A$1:" + absolute(last_cell[i])) +
                 "</definedName>";
  }
  if (!names_xml.empty()) x += "<definedNames>" + names_xml + "</definedNames>";
  return x + "</workbook>";
}

std::string workbook_rels(size_t sheets) {
  std::string x(kXmlDecl);
  x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 1; i <= sheets; ++i)
    x += "<Relationship Id=\"rId" + std::to_string(i) +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
         "Target=\"worksheets/sheet" + std::to_string(i) + ".xml\"/>";
  x += "<Relationship Id=\"rId" + std::to_string(sheets + 1) +
       "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
       "Target=\"styles.xml\"/>";
  return x + "</Relationships>";
}

std::string styles() {
  // Custom number formats from id 164 (the first id Excel leaves to files), one per cellXfs
  // entry after the header's, in the order of `Style`.
  const char* formats[] = {"@", "0", "#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "0", "0.0", "0.00", "0.000",
                           "0.0000"};
  constexpr size_t n = sizeof formats / sizeof *formats;
  std::string x(kXmlDecl);
  x += "<styleSheet xmlns=\"" + std::string(kMainNs) + "\"><numFmts count=\"" + std::to_string(n) + "\">";
  for (size_t i = 0; i < n; ++i)
    x += "<numFmt numFmtId=\"" + std::to_string(164 + i) + "\" formatCode=\"" + escaped(formats[i]) + "\"/>";
  x += "</numFmts>"
       "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
       "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
       "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
       "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
       "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
       "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>";
  x += "<cellXfs count=\"" + std::to_string(n + 2) + "\">"
       "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
       "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>";
  for (size_t i = 0; i < n; ++i)
    x += "<xf numFmtId=\"" + std::to_string(164 + i) +
         "\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>";
  x += "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
       "</styleSheet>";
  return x;
}

SheetXml::SheetXml(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<TypeKind>& types, size_t first, size_t last, XlsxStats& stats)
    : header_(header), rows_(rows), types_(types), first_(first), last_(last), stats_(stats), next_row_(first) {
  columns_.reserve(header.size());
  styles_.reserve(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    columns_.push_back(column_name(c));
    styles_.push_back(c < types.size() ? column_style(types[c]) : kStyleText);
  }
}

std::string last_cell(size_t columns, size_t rows) {
  return columns == 0 ? "" : column_name(columns - 1) + std::to_string(rows + 1);
}

std::string SheetXml::last_cell() const { return xlsx_parts::last_cell(header_.size(), last_ - first_); }

void SheetXml::head(std::string& out) {
  out += kXmlDecl;
  out += "<worksheet xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + std::string(kRelNs) + "\">";
  out += "<dimension ref=\"A1" + (header_.empty() ? std::string() : ":" + last_cell()) + "\"/>";
  // The header row frozen: it stays in view while scrolling through the leads.
  out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
         "activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>"
         "<sheetFormatPr defaultRowHeight=\"15\"/>";
  if (!header_.empty()) {
    out += "<cols>";
    for (size_t c = 0; c < header_.size(); ++c) {
      // Room for the widest cell seen, the autofilter's button and a margin.
      size_t width = display_columns(header_[c]);
      for (size_t r = first_; r < last_ && r < first_ + kWidthSample; ++r)
        if (c < rows_[r].size()) width = std::max(width, display_columns(rows_[r][c]));
      const std::string n = std::to_string(c + 1);
      out += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"";
      append_number(out, stored_width(std::clamp(double(width) + 4, kMinWidth, kMaxWidth)));
      out += "\" customWidth=\"1\"/>";
    }
    out += "</cols>";
  }
  out += "<sheetData><row r=\"1\">";
  for (size_t c = 0; c < header_.size(); ++c)
    if (!header_[c].empty()) text_cell(out, columns_[c], "1", header_[c], kStyleHeader);
  out += "</row>";
}

void SheetXml::text_cell(std::string& out, std::string_view ref, std::string_view row, const std::string& s, Style style) {
  out += "<c r=\"";
  out += ref;
  out += row;
  out += "\" s=\"";
  out += char('0' + int(style));  // one digit: the styles are 0–11 but text is 1 or 2
  out += "\" t=\"inlineStr\"><is><t";
  if (plain_text(s)) {  // most cells: in as they are
    out += '>';
    out += s;
    out += "</t></is></c>";
    return;
  }
  XlsxText x = xlsx_text(s);
  stats_.replaced_cells += x.replaced;
  stats_.truncated_cells += x.truncated;
  // Leading or trailing white space is kept only when the element says so.
  const std::string& t = x.text;
  auto space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  if (!t.empty() && (space(t.front()) || space(t.back()))) out += " xml:space=\"preserve\"";
  out += '>';
  append_escaped(out, t);
  out += "</t></is></c>";
}

void SheetXml::number_cell(std::string& out, std::string_view ref, std::string_view row, double v, Style style) {
  out += "<c r=\"";
  out += ref;
  out += row;
  out += "\" s=\"";
  out += std::to_string(int(style));
  out += "\"><v>";
  append_number(out, v);
  out += "</v></c>";
}

void SheetXml::row(std::string& out, size_t r) {
  char digits[24];
  const std::string_view n(digits, size_t(std::to_chars(digits, digits + sizeof digits, r - first_ + 2).ptr - digits));
  out += "<row r=\"";
  out += n;
  out += "\">";
  const auto& cells = rows_[r];
  for (size_t c = 0; c < cells.size() && c < header_.size(); ++c) {
    const std::string& s = cells[c];
    if (s.empty()) continue;  // null: a blank cell
    const std::string& col = columns_[c];
    const Style style = styles_[c];
    switch (style) {
      case kStyleDate: case kStyleDateTime:
        if (auto serial = xlsx_date_serial(s)) number_cell(out, col, n, *serial, style);
        else text_cell(out, col, n, s, kStyleText);  // before 1900-03-01: exact as text
        break;
      case kStyleInt: case kStyleMoney: case kStyleDecimal0:
        if (auto v = xlsx_number(s)) {
          number_cell(out, col, n, *v, style == kStyleDecimal0 ? decimal_style(s) : style);
        } else {
          ++stats_.numbers_as_text;  // more digits than Excel keeps: exact as text
          text_cell(out, col, n, s, kStyleText);
        }
        break;
      default: text_cell(out, col, n, s, kStyleText);
    }
  }
  out += "</row>";
}

bool SheetXml::next(std::string& out, size_t want) {
  const size_t target = out.size() + want;
  while (out.size() < target) {
    switch (stage_) {
      case Stage::Head:
        head(out);
        stage_ = Stage::Rows;
        break;
      case Stage::Rows:
        if (next_row_ < last_) {
          row(out, next_row_++);
          break;
        }
        stage_ = Stage::Tail;
        break;
      case Stage::Tail:
        out += "</sheetData>";
        if (!header_.empty()) out += "<autoFilter ref=\"A1:" + last_cell() + "\"/>";
        out += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
               "</worksheet>";
        stage_ = Stage::Done;
        return true;
      case Stage::Done:
        return false;
    }
  }
  return true;
}

}  // namespace clue::io::xlsx_parts
