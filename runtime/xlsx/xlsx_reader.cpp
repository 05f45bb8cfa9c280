// open_sheet: finds the workbook, its sheets, styles and shared strings inside the zip, then
// hands the chosen sheet's entry to the streaming SheetParser.
#include "runtime/xlsx/xlsx_reader.h"

#include <algorithm>

#include "runtime/xlsx/parts.h"
#include "runtime/xlsx/reader_internal.h"
#include "runtime/xlsx/sheet_parser.h"
#include "runtime/xlsx/zip_io.h"

namespace clue::xlsx {

namespace detail {

namespace {

constexpr size_t kMaxSmallPart = 64u << 20;  // workbook, rels, styles: read whole

class Reader final : public SheetReader {
 public:
  bool next(Row& row) override {
    if (!parser_->next(row)) {
      if (parser_->failed() && error_.empty()) {
        error_ = parser_->error();
        error_zh_ = parser_->error_zh();
      }
      return false;
    }
    return true;
  }
  const std::string& error() const override { return error_; }
  const std::string& error_zh() const override { return error_zh_; }
  const std::vector<std::string>& sheet_names() const override { return names_; }
  const std::string& sheet_name() const override { return sheet_; }
  bool date1904() const override { return date1904_; }

  // Declared in dependency order: destroyed parser first, archive last.
  std::unique_ptr<ZipArchive> archive_;
  SharedStrings sst_;
  Styles styles_;
  std::unique_ptr<ZipEntrySource> src_;
  std::unique_ptr<SheetParser> parser_;
  std::vector<std::string> names_;
  std::string sheet_;
  bool date1904_ = false;
  std::string error_, error_zh_;
};

OpenResult failure(std::string en, std::string zh, std::vector<std::string> sheets = {}) {
  OpenResult r;
  r.error = std::move(en);
  r.error_zh = std::move(zh);
  r.sheets = std::move(sheets);
  return r;
}

OpenResult open_failure(const std::string& file, ZipArchive::OpenFailure f, const std::string& detail) {
  using F = ZipArchive::OpenFailure;
  switch (f) {
    case F::Missing:
      return failure("cannot open " + file + ": no such file", "无法打开 " + file + "：文件不存在");
    case F::Unreadable:
      return failure("cannot read " + file + ": " + detail, "无法读取 " + file + "：" + detail);
    case F::Directory:
      return failure("cannot read " + file + ": it is a directory, not a file", "无法读取 " + file + "：这是目录，不是文件");
    case F::Truncated:
      return failure(file +
                         " is cut off: it starts as a zip archive (.xlsx) but its end, with the zip directory, is "
                         "missing (an interrupted download or copy?)",
                     file + " 不完整：开头是 zip 压缩包（.xlsx），但缺少结尾的 zip 目录（可能下载或复制中断）");
    case F::Empty:
      return failure(file + " is empty (0 bytes), not an Excel workbook", file + " 是空文件（0 字节），不是 Excel 工作簿");
    case F::Ole:
      return failure(file +
                         " is an old-format Excel file (.xls, Excel 97-2003) or a password-protected workbook, "
                         "not an .xlsx workbook; open it in Excel or WPS and save it as an .xlsx workbook "
                         "without a password",
                     file + " 是旧版 Excel 文件（.xls，Excel 97-2003）或设有密码的工作簿，不是 .xlsx 工作簿；"
                            "请用 Excel 或 WPS 打开后另存为不加密的 .xlsx 工作簿");
    case F::Html:
      return failure(file +
                         " is a web page (HTML or XML) with a spreadsheet name, not an .xlsx workbook; open it "
                         "in Excel or WPS and save it as .xlsx, or export it as CSV",
                     file + " 实际是网页（HTML 或 XML）文件，不是 .xlsx 工作簿；请用 Excel 或 WPS 打开后另存为 "
                            ".xlsx，或导出为 CSV");
    case F::Text:
      return failure(file + " is a text file (CSV?) with an .xlsx name, not an .xlsx workbook; read it as CSV",
                     file + " 是文本文件（可能是 CSV），不是 .xlsx 工作簿；请按 CSV 读取");
    case F::Damaged:
      return failure(file + " is a damaged or truncated zip archive (" + detail +
                         "); it cannot be read as an .xlsx workbook",
                     file + " 是损坏或被截断的 zip 压缩包（" + detail + "），无法作为 .xlsx 工作簿读取");
    case F::NotZip:
    case F::None:
      break;
  }
  return failure(file + " is not an .xlsx workbook (it is not a zip archive)",
                 file + " 不是 .xlsx 工作簿（不是 zip 压缩包）");
}

OpenResult damaged(const std::string& file, const std::string& part, const std::string& detail_en,
                   const std::string& detail_zh, std::vector<std::string> sheets = {}) {
  return failure(file + " is damaged: its part " + part + " " + detail_en,
                 file + " 已损坏：其中的 " + part + " " + detail_zh, std::move(sheets));
}

std::string dir_of(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

std::string fold(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

void list_names(const std::vector<std::string>& names, std::string& en, std::string& zh) {
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) {
    en += (i ? ", \"" : "\"") + names[i] + "\"";
    zh += (i ? "、“" : "“") + names[i] + "”";
  }
  if (names.size() > kShown) {
    en += " and " + std::to_string(names.size() - kShown) + " more";
    zh += " 等共 " + std::to_string(names.size()) + " 个";
  }
}

// Reads a small part whole; a missing part gives `missing` (true) and no error.
bool read_part(const ZipArchive& z, const std::string& part, std::string& out, bool& missing, std::string& err) {
  int64_t idx = z.locate(part);
  missing = idx < 0;
  if (missing) return false;
  return z.read_all(idx, kMaxSmallPart, out, err);
}

OpenResult open_archive(std::unique_ptr<ZipArchive> z, const std::string& file, const std::string& want,
                        const OpenOptions& opt) {
  auto reader = std::make_unique<Reader>();
  std::string xml, err;
  bool missing = false;

  // The workbook part, from the package relationships (xl/workbook.xml when they are missing).
  std::string wb_part = "xl/workbook.xml";
  std::vector<Relationship> rels;
  if (read_part(*z, "_rels/.rels", xml, missing, err) && parse_rels(xml, "", rels, err)) {
    if (const Relationship* r = find_rel_by_type(rels, "officeDocument")) wb_part = r->target;
  }
  if (z->locate(wb_part) < 0)
    return failure(file + " is a zip archive but not an Excel workbook: it has no workbook part (" + wb_part + ")",
                   file + " 是 zip 压缩包，但不是 Excel 工作簿：其中没有工作簿部件（" + wb_part + "）");
  WorkbookInfo wb;
  if (!read_part(*z, wb_part, xml, missing, err))
    return damaged(file, wb_part, "cannot be read (" + err + ")", "无法读取（" + err + "）");
  if (!parse_workbook(xml, wb, err))
    return damaged(file, wb_part, "is not a valid workbook (" + err + ")", "不是有效的工作簿（" + err + "）");
  for (const SheetEntry& s : wb.sheets) reader->names_.push_back(s.name);

  // Sheet, styles and shared strings parts, from the workbook's relationships.
  std::string wb_dir = dir_of(wb_part);
  std::string wb_rels = wb_dir + "_rels/" + wb_part.substr(wb_dir.size()) + ".rels";
  rels.clear();
  bool have_rels = read_part(*z, wb_rels, xml, missing, err) && parse_rels(xml, wb_dir, rels, err);
  if (!have_rels && !missing)
    return damaged(file, wb_rels, "is not valid (" + err + ")", "无效（" + err + "）", reader->names_);
  std::string styles_part = wb_dir + "styles.xml", sst_part = wb_dir + "sharedStrings.xml";
  if (have_rels) {
    const Relationship* st = find_rel_by_type(rels, "styles");
    const Relationship* ss = find_rel_by_type(rels, "sharedStrings");
    styles_part = st ? st->target : "";
    sst_part = ss ? ss->target : "";
  }
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    SheetEntry& s = wb.sheets[i];
    if (!have_rels) {  // no relationships: the conventional names
      s.part = wb_dir + "worksheets/sheet" + std::to_string(i + 1) + ".xml";
      s.kind = "worksheet";
      continue;
    }
    for (const Relationship& r : rels) {
      if (r.id != s.rel_id || r.external) continue;
      s.part = r.target;
      size_t slash = r.type.rfind('/');
      s.kind = slash == std::string::npos ? r.type : r.type.substr(slash + 1);
      break;
    }
  }

  // The sheet asked for.
  if (wb.sheets.empty())
    return failure(file + " has no sheets", file + " 中没有任何工作表");
  const SheetEntry* chosen = nullptr;
  if (want.empty()) {
    chosen = &wb.sheets.front();
  } else {
    for (const SheetEntry& s : wb.sheets)
      if (s.name == want) chosen = &s;
    if (!chosen) {
      std::string key = fold(want);
      int hits = 0;
      for (const SheetEntry& s : wb.sheets)
        if (fold(s.name) == key) chosen = &s, ++hits;
      if (hits != 1) chosen = nullptr;
    }
    if (!chosen) {
      std::string en, zh;
      list_names(reader->names_, en, zh);
      return failure(file + " has no sheet named \"" + want + "\"; its sheets are: " + en,
                     file + " 中没有名为“" + want + "”的工作表；现有工作表：" + zh, reader->names_);
    }
  }
  if (chosen->kind != "worksheet") {
    std::string what = chosen->kind.empty() ? "an unknown kind of sheet" : "a " + chosen->kind;
    return failure(file + ": sheet \"" + chosen->name + "\" is " + what + ", not a worksheet with cells",
                   file + "：“" + chosen->name + "”不是含单元格的工作表（而是 " +
                       (chosen->kind.empty() ? std::string("未知类型") : chosen->kind) + "）",
                   reader->names_);
  }
  int64_t sheet_idx = chosen->part.empty() ? -1 : z->locate(chosen->part);
  if (sheet_idx < 0) {
    std::string part = chosen->part.empty() ? "(no relationship " + chosen->rel_id + ")" : chosen->part;
    return failure(file + " is damaged: the part of sheet \"" + chosen->name + "\" is missing: " + part,
                   file + " 已损坏：工作表“" + chosen->name + "”的部件缺失：" + part, reader->names_);
  }
  reader->sheet_ = chosen->name;
  reader->date1904_ = wb.date1904;

  if (!styles_part.empty()) {
    if (read_part(*z, styles_part, xml, missing, err)) {
      if (!parse_styles(xml, reader->styles_, err))
        return damaged(file, styles_part, "is not valid XML (" + err + ")", "不是有效的 XML（" + err + "）",
                       reader->names_);
    } else if (!missing) {
      return damaged(file, styles_part, "cannot be read (" + err + ")", "无法读取（" + err + "）", reader->names_);
    }
  }
  if (!sst_part.empty()) {
    int64_t idx = z->locate(sst_part);
    if (idx >= 0) {
      auto src = z->open_entry(idx, err);
      if (!src) return damaged(file, sst_part, "cannot be read (" + err + ")", "无法读取（" + err + "）", reader->names_);
      StreamFault f;
      if (!read_shared_strings(*src, opt.chunk, reader->sst_, f))
        return damaged(file, sst_part, fault_en(f), fault_zh(f), reader->names_);
    }
  }

  reader->src_ = z->open_entry(sheet_idx, err);
  if (!reader->src_)
    return damaged(file, chosen->part, "cannot be read (" + err + ")", "无法读取（" + err + "）", reader->names_);
  reader->parser_ = std::make_unique<SheetParser>(*reader->src_, reader->sst_, reader->styles_, wb.date1904,
                                                  SheetPlace{file, chosen->name, chosen->part}, opt.chunk);
  reader->archive_ = std::move(z);
  OpenResult ok;
  ok.sheets = reader->names_;
  ok.reader = std::move(reader);
  return ok;
}

}  // namespace

OpenResult open_sheet_with(const std::string& path, const std::string& sheet, const OpenOptions& opt) {
  ZipArchive::OpenFailure f{};
  std::string detail;
  auto z = ZipArchive::open_file(path, f, detail);
  if (!z) return open_failure(path, f, detail);
  return open_archive(std::move(z), path, sheet, opt);
}

OpenResult open_sheet_bytes_with(std::string bytes, const std::string& sheet, const std::string& display_name,
                                 const OpenOptions& opt) {
  ZipArchive::OpenFailure f{};
  std::string detail;
  auto z = ZipArchive::open_memory(std::make_shared<const std::string>(std::move(bytes)), f, detail);
  if (!z) return open_failure(display_name, f, detail);
  return open_archive(std::move(z), display_name, sheet, opt);
}

size_t sheet_peak_buffer(const SheetReader& r) {
  auto* x = dynamic_cast<const Reader*>(&r);
  return x && x->parser_ ? x->parser_->peak_buffer() : 0;
}

size_t shared_strings_bytes(const SheetReader& r) {
  auto* x = dynamic_cast<const Reader*>(&r);
  return x ? x->sst_.bytes() : 0;
}

}  // namespace detail

OpenResult open_sheet(const std::string& path, const std::string& sheet) {
  return detail::open_sheet_with(path, sheet, {});
}

OpenResult open_sheet_bytes(std::string bytes, const std::string& sheet, const std::string& display_name) {
  return detail::open_sheet_bytes_with(std::move(bytes), sheet, display_name, {});
}

namespace detail {
std::vector<std::string> list_sheets(const std::string& path) {
  // The workbook part only: no styles, shared strings or sheet data are read.
  ZipArchive::OpenFailure f{};
  std::string detail, xml, err;
  auto z = ZipArchive::open_file(path, f, detail);
  if (!z) return {};
  bool missing = false;
  std::string wb_part = "xl/workbook.xml";
  std::vector<Relationship> rels;
  if (read_part(*z, "_rels/.rels", xml, missing, err) && parse_rels(xml, "", rels, err))
    if (const Relationship* r = find_rel_by_type(rels, "officeDocument")) wb_part = r->target;
  WorkbookInfo wb;
  if (!read_part(*z, wb_part, xml, missing, err) || !parse_workbook(xml, wb, err)) return {};
  std::vector<std::string> names;
  for (const SheetEntry& s : wb.sheets) names.push_back(s.name);
  return names;
}

}  // namespace detail

std::vector<std::string> sheet_names(const std::string& path) { return detail::list_sheets(path); }

}  // namespace clue::xlsx
