#include "runtime/xlsx/sheet_parser.h"

#include <charconv>
#include <cmath>

namespace clue::xlsx::detail {

namespace {

// Days between the 1904 and the 1900 date systems' epochs (Excel's own constant).
constexpr double kDate1904Offset = 1462;

std::string_view trim_xml_space(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

bool parse_u64(std::string_view s, uint64_t& v) {
  s = trim_xml_space(s);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string col_name(uint32_t col) {
  std::string s;
  for (uint64_t c = uint64_t{col} + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  return s;
}

// The elements the sheet parser acts on, told apart without string compares.
enum class El { Other, Row, C, V, Is, T, RPh, SheetData };

El classify(std::string_view n) {
  switch (n.size()) {
    case 1:
      return n[0] == 'c' ? El::C : n[0] == 'v' ? El::V : n[0] == 't' ? El::T : El::Other;
    case 2:
      return n[0] == 'i' && n[1] == 's' ? El::Is : El::Other;
    case 3:
      if (n[0] == 'r' && n[1] == 'o' && n[2] == 'w') return El::Row;
      if (n[0] == 'r' && n[1] == 'P' && n[2] == 'h') return El::RPh;
      return El::Other;
    case 9:
      return n == "sheetData" ? El::SheetData : El::Other;
    default:
      return El::Other;
  }
}

}  // namespace

bool parse_cell_column(std::string_view ref, uint32_t& col) {
  uint32_t c = 0;
  size_t i = 0;
  for (; i < ref.size(); ++i) {
    char ch = ref[i];
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') break;
    if (i == 3) return false;
    c = c * 26 + static_cast<uint32_t>(ch - 'A' + 1);
  }
  if (i == 0 || c > 16384) return false;
  for (size_t k = i; k < ref.size(); ++k)
    if (ref[k] < '0' || ref[k] > '9') return false;
  col = c - 1;
  return true;
}

SheetParser::SheetParser(ByteSource& src, const SharedStrings& sst, const Styles& styles, bool date1904,
                         SheetPlace place, size_t chunk)
    : xml_(src, chunk), sst_(sst), styles_(styles), date1904_(date1904), place_(std::move(place)) {}

bool SheetParser::fail(std::string en, std::string zh) {
  state_ = State::Failed;
  error_ = std::move(en);
  error_zh_ = std::move(zh);
  return false;
}

bool SheetParser::fail_xml() {
  StreamFault f{xml_.fault(), xml_.detail(), xml_.offset()};
  std::string n = std::to_string(last_row_);
  std::string after = in_row_ ? " (in row " + n + ")" : last_row_ ? " (after row " + n + ")" : "";
  std::string after_zh = in_row_ ? "（第 " + n + " 行）" : last_row_ ? "（第 " + n + " 行之后）" : "";
  return fail(place_.file + ": sheet \"" + place_.sheet + "\" (" + place_.part + ") " + fault_en(f) + after,
              place_.file + "：工作表“" + place_.sheet + "”（" + place_.part + "）" + fault_zh(f) + after_zh);
}

bool SheetParser::start_row() {
  if (in_row_)
    return fail(place_.file + ": sheet \"" + place_.sheet + "\" is damaged: a row starts inside row " +
                    std::to_string(row_number_),
                place_.file + "：工作表“" + place_.sheet + "”已损坏：第 " + std::to_string(row_number_) +
                    " 行内又开始了一行");
  std::string_view r;
  uint64_t n = 0;
  if (xml_.attr("r", r, scratch_) && parse_u64(r, n) && n > 0) row_number_ = n;
  else row_number_ = last_row_ + 1;
  last_row_ = row_number_;
  in_row_ = true;
  used_ = 0;
  last_col_ = -1;
  return true;
}

bool SheetParser::start_cell() {
  in_cell_ = true;
  in_is_ = false;
  capture_ = false;
  have_value_ = false;
  rph_ = 0;
  value_.clear();
  std::string_view v;
  if (xml_.attr("r", v, scratch_)) {
    ref_.assign(v);
    if (!parse_cell_column(v, col_))
      return fail(place_.file + ": sheet \"" + place_.sheet + "\", row " + std::to_string(row_number_) +
                      ": the cell reference \"" + ref_ + "\" is not valid (columns go from A to XFD)",
                  place_.file + "：工作表“" + place_.sheet + "”第 " + std::to_string(row_number_) + " 行：单元格引用“" +
                      ref_ + "”无效（列只能从 A 到 XFD）");
  } else {
    if (last_col_ >= 16383)
      return fail(place_.file + ": sheet \"" + place_.sheet + "\", row " + std::to_string(row_number_) +
                      " has more than 16384 cells",
                  place_.file + "：工作表“" + place_.sheet + "”第 " + std::to_string(row_number_) +
                      " 行的单元格超过 16384 个");
    col_ = static_cast<uint32_t>(last_col_ + 1);
    ref_ = col_name(col_) + std::to_string(row_number_);
  }
  last_col_ = col_;
  type_ = Type::Number;
  if (xml_.attr("t", v, scratch_)) {
    type_ = Type::Other;
    if (v.size() == 1) {
      switch (v[0]) {
        case 'n': type_ = Type::Number; break;
        case 's': type_ = Type::Shared; break;
        case 'b': type_ = Type::Bool; break;
        case 'e': type_ = Type::Error; break;
        case 'd': type_ = Type::Date; break;
        default: break;
      }
    } else if (v == "inlineStr") {
      type_ = Type::Inline;
    } else if (v == "str") {
      type_ = Type::Str;
    }
  }
  style_ = 0;
  if (xml_.attr("s", v, scratch_) && !parse_u64(v, style_)) style_ = 0;
  return true;
}

Cell& SheetParser::slot(Row& row, uint32_t col) {
  if (col >= used_) {
    if (row.cells.size() <= col) row.cells.resize(size_t{col} + 1);
    for (uint32_t k = used_; k <= col; ++k) {
      Cell& c = row.cells[k];
      c.kind = CellKind::Empty;
      c.text.clear();
      c.number = 0;
      c.date_style = false;
    }
    used_ = col + 1;
  } else {  // the same column twice in a row: the last one wins
    Cell& c = row.cells[col];
    c.number = 0;
    c.date_style = false;
  }
  return row.cells[col];
}

bool SheetParser::finish_cell(Row& row) {
  in_cell_ = false;
  in_is_ = false;
  capture_ = false;
  if (!have_value_) return true;
  switch (type_) {
    case Type::Shared: {
      std::string_view v = trim_xml_space(value_);
      if (v.empty()) return true;
      uint64_t idx = 0;
      if (!parse_u64(v, idx) || idx >= sst_.size())
        return fail(place_.file + ": sheet \"" + place_.sheet + "\", cell " + ref_ + " refers to shared string \"" +
                        std::string(v) + "\", but the file has " + std::to_string(sst_.size()) +
                        " shared strings (the file is damaged)",
                    place_.file + "：工作表“" + place_.sheet + "”单元格 " + ref_ + " 引用了第 " + std::string(v) +
                        " 号共享字符串，但文件中只有 " + std::to_string(sst_.size()) + " 个（文件已损坏）");
      std::string_view s = sst_.get(idx);
      if (s.empty()) return true;
      Cell& c = slot(row, col_);
      c.kind = CellKind::String;
      c.text.assign(s);
      return true;
    }
    case Type::Inline:
    case Type::Str:
    case Type::Other:
    case Type::Date: {
      if (value_.empty()) return true;
      if (type_ != Type::Date) decode_ooxml_escapes(value_);
      Cell& c = slot(row, col_);
      c.kind = CellKind::String;
      c.text.assign(value_);
      return true;
    }
    case Type::Bool: {
      std::string_view v = trim_xml_space(value_);
      if (v.empty()) return true;
      Cell& c = slot(row, col_);
      if (v == "1" || v == "true") {
        c.kind = CellKind::Bool;
        c.text.assign("1");
      } else if (v == "0" || v == "false") {
        c.kind = CellKind::Bool;
        c.text.assign("0");
      } else {  // not a boolean after all: keep what is written
        c.kind = CellKind::String;
        c.text.assign(v);
      }
      return true;
    }
    case Type::Error: {
      std::string_view v = trim_xml_space(value_);
      if (v.empty()) return true;
      Cell& c = slot(row, col_);
      c.kind = CellKind::Error;
      c.text.assign(v);
      return true;
    }
    case Type::Number: {
      std::string_view v = trim_xml_space(value_);
      if (v.empty()) return true;
      double d = 0;
      auto r = std::from_chars(v.data(), v.data() + v.size(), d);
      Cell& c = slot(row, col_);
      c.text.assign(v);
      if (r.ec == std::errc() && r.ptr == v.data() + v.size() && std::isfinite(d)) {
        c.kind = CellKind::Number;
        c.date_style = styles_.is_date(style_);
        c.number = c.date_style && date1904_ ? d + kDate1904Offset : d;
      } else {  // a number cell whose text is no number: handed on as text, never guessed
        c.kind = CellKind::String;
      }
      return true;
    }
  }
  return true;
}

bool SheetParser::next(Row& row) {
  if (state_ == State::Done || state_ == State::Failed) return false;
  for (;;) {
    switch (xml_.next()) {
      case XmlPull::Event::Start: {
        El el = classify(xml_.name());
        if (state_ == State::Before) {
          if (el == El::SheetData) state_ = State::Data;
          break;
        }
        if (el == El::Row) {
          if (!start_row()) return false;
        } else if (el == El::C) {
          if (in_row_ && !start_cell()) return false;
        } else if (in_cell_) {
          if (el == El::V) {
            capture_ = true;
            have_value_ = true;
          } else if (el == El::Is) {
            in_is_ = true;
          } else if (in_is_ && el == El::RPh) {
            ++rph_;
            capture_ = false;
          } else if (in_is_ && rph_ == 0 && el == El::T) {
            capture_ = true;
            have_value_ = true;
          }
        }
        xml_.want_text(capture_);
        break;
      }
      case XmlPull::Event::Text: {
        if (!capture_) break;
        std::string_view t = xml_.text();
        if (value_.size() + t.size() > kMaxTextBytes)
          return fail(place_.file + ": sheet \"" + place_.sheet + "\", cell " + ref_ +
                          " holds more than 16 MiB of text (the file is damaged)",
                      place_.file + "：工作表“" + place_.sheet + "”单元格 " + ref_ + " 的内容超过 16 MiB（文件已损坏）");
        value_.append(t);
        break;
      }
      case XmlPull::Event::End: {
        El el = classify(xml_.name());
        if (state_ == State::Before) break;
        if (el == El::V || el == El::T) {
          capture_ = false;
        } else if (el == El::RPh) {
          if (rph_ > 0) --rph_;
        } else if (el == El::Is) {
          in_is_ = false;
        } else if (el == El::C) {
          if (in_cell_ && !finish_cell(row)) return false;
        } else if (el == El::Row) {
          if (in_row_) {
            in_row_ = false;
            in_cell_ = false;
            if (used_ > 0) {
              row.cells.resize(used_);
              row.number = row_number_;
              xml_.want_text(false);
              return true;
            }
          }
        } else if (el == El::SheetData) {
          // The rest of the sheet (merged cells, print settings...) is not needed, but it is
          // read through so that libzip checks the entry's CRC.
          if (!xml_.drain()) return fail_xml();
          state_ = State::Done;
          return false;
        }
        xml_.want_text(capture_);
        break;
      }
      case XmlPull::Event::Eof: {
        std::string n = std::to_string(last_row_);
        std::string after = in_row_ ? " in the middle of row " + n : last_row_ ? " after row " + n : "";
        std::string after_zh = in_row_ ? "在第 " + n + " 行中间" : last_row_ ? "在第 " + n + " 行之后" : "";
        return fail(place_.file + ": sheet \"" + place_.sheet + "\" (" + place_.part + ") ends" + after +
                        ", before its end: the file is truncated or damaged",
                    place_.file + "：工作表“" + place_.sheet + "”（" + place_.part + "）" + after_zh +
                        "意外结束：文件被截断或已损坏");
      }
      case XmlPull::Event::Error:
        return fail_xml();
    }
  }
}

}  // namespace clue::xlsx::detail
