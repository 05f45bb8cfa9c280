#include "runtime/xlsx/xlsx_builder.h"

#include <zip.h>

#include <cstdio>

namespace clue::xlsx::build {

namespace {

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships";

}  // namespace

std::string escape(std::string_view text) {
  std::string r;
  r.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': r += "&amp;"; break;
      case '<': r += "&lt;"; break;
      case '>': r += "&gt;"; break;
      case '"': r += "&quot;"; break;
      case '\'': r += "&apos;"; break;
      default: r += c;
    }
  }
  return r;
}

std::string worksheet(std::string_view rows) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") + kMain +
         "\" xmlns:r=\"" + kRel + "\"><sheetData>" + std::string(rows) + "</sheetData></worksheet>";
}

std::string shared_strings(std::string_view items) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"") + kMain + "\">" +
         std::string(items) + "</sst>";
}

std::string styles(std::string_view num_fmts, const std::vector<int>& ids) {
  std::string s = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"") +
                  kMain + "\">";
  if (!num_fmts.empty()) s += "<numFmts>" + std::string(num_fmts) + "</numFmts>";
  s += "<cellXfs count=\"" + std::to_string(ids.size()) + "\">";
  for (int id : ids) s += "<xf numFmtId=\"" + std::to_string(id) + "\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>";
  s += "</cellXfs></styleSheet>";
  return s;
}

std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& entries, bool compress) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &ze);
  zip_error_fini(&ze);
  if (!out) return {};
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, nullptr);
  if (!z) {
    zip_source_free(out);
    return {};
  }
  bool ok = true;
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t i = s ? zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) : -1;
    if (i < 0) {
      if (s) zip_source_free(s);
      ok = false;
      break;
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i), compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  if (!ok || zip_close(z) != 0) {
    zip_discard(z);  // after a failed zip_close the archive is still open
    zip_source_free(out);
    return {};
  }
  std::string bytes;
  zip_stat_t st;
  if (zip_source_stat(out, &st) == 0 && zip_source_open(out) == 0) {
    bytes.resize(st.size);
    zip_int64_t n = zip_source_read(out, bytes.data(), st.size);
    bytes.resize(n < 0 ? 0 : static_cast<size_t>(n));
    zip_source_close(out);
  }
  zip_source_free(out);
  return bytes;
}

std::string xlsx_bytes(const Workbook& wb) {
  const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  std::string types = decl +
                      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                      "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  std::string rels = decl + "<Relationships xmlns=\"" + kPkgRel + "\"><Relationship Id=\"rId1\" Type=\"" + kRel +
                     "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  std::string book = decl + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel + "\">";
  if (wb.date1904) book += "<workbookPr date1904=\"1\"/>";
  book += "<sheets>";
  std::string book_rels = decl + "<Relationships xmlns=\"" + kPkgRel + "\">";
  std::vector<std::pair<std::string, std::string>> entries;
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    book += "<sheet name=\"" + escape(wb.sheets[i].first) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    book_rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel + "/worksheet\" Target=\"worksheets/sheet" + n +
                 ".xml\"/>";
    types += "<Override PartName=\"/xl/worksheets/sheet" + n +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  }
  book += "</sheets></workbook>";
  if (!wb.styles.empty())
    book_rels += "<Relationship Id=\"rIdS\" Type=\"" + std::string(kRel) + "/styles\" Target=\"styles.xml\"/>";
  if (!wb.shared_strings.empty())
    book_rels += "<Relationship Id=\"rIdT\" Type=\"" + std::string(kRel) +
                 "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  book_rels += "</Relationships>";
  types += "</Types>";
  entries.emplace_back("[Content_Types].xml", types);
  entries.emplace_back("_rels/.rels", rels);
  entries.emplace_back("xl/workbook.xml", book);
  entries.emplace_back("xl/_rels/workbook.xml.rels", book_rels);
  if (!wb.styles.empty()) entries.emplace_back("xl/styles.xml", wb.styles);
  if (!wb.shared_strings.empty()) entries.emplace_back("xl/sharedStrings.xml", wb.shared_strings);
  for (size_t i = 0; i < wb.sheets.size(); ++i)
    entries.emplace_back("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", wb.sheets[i].second);
  return zip_bytes(entries, wb.compress);
}

bool write_file(const std::string& path, std::string_view bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace clue::xlsx::build
