// The xlsx reader's building blocks: the streaming XML pull parser (every token across
// every chunk boundary), entity and _xHHHH_ decoding, date format detection, cell
// references, relationship targets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/xlsx/parts.h"
#include "runtime/xlsx/sheet_parser.h"
#include "runtime/xlsx/xml_pull.h"

namespace clue::xlsx::detail {
namespace {

// Event trace, text pieces merged: "<row r=1>" "[text]" "</row>" "!error".
std::string trace(std::string_view xml, size_t chunk, bool want_text = true) {
  MemorySource src(xml, chunk);
  XmlPull x(src, chunk);
  x.want_text(want_text);
  std::string out, text;
  auto flush = [&] {
    if (!text.empty()) out += "[" + text + "]";
    text.clear();
  };
  for (int guard = 0; guard < 100000; ++guard) {
    switch (x.next()) {
      case XmlPull::Event::Start:
        flush();
        out += "<" + std::string(x.name());
        for (auto& [k, v] : x.attributes()) out += " " + k + "=" + v;
        out += ">";
        break;
      case XmlPull::Event::End:
        flush();
        out += "</" + std::string(x.name()) + ">";
        break;
      case XmlPull::Event::Text:
        text += x.text();
        break;
      case XmlPull::Event::Eof:
        flush();
        return out;
      case XmlPull::Event::Error:
        flush();
        return out + "!" + x.detail();
    }
  }
  return out + "!hang";
}

// The same trace whatever the chunk size.
std::string trace_all_chunks(std::string_view xml) {
  std::string whole = trace(xml, XmlPull::kDefaultChunk);
  for (size_t chunk : {1, 2, 3, 5, 7, 13}) EXPECT_EQ(trace(xml, chunk), whole) << "chunk " << chunk;
  return whole;
}

TEST(XlsxPull, TagsAttributesPrefixesSelfClosing) {
  EXPECT_EQ(trace_all_chunks("<?xml version=\"1.0\"?>\n<x:row r=\"2\" spans='1:3'><x:c t=\"s\" r=\"B2\"/>"
                             "<c\n r = \"C2\"\t><v>7</v></c ></x:row>"),
            "[\n]<row r=2 spans=1:3><c t=s r=B2></c><c r=C2><v>[7]</v></c></row>");
}

TEST(XlsxPull, EntitiesAndCharacterReferences) {
  EXPECT_EQ(trace_all_chunks("<t a=\"&quot;x&amp;y&quot;\">&amp;&lt;&gt;&quot;&apos;&#20013;&#x6587;&#X4E2D;"
                             "&#128512;</t>"),
            "<t a=\"x&y\">[&<>\"'中文中😀]</t>");
  // Unknown entities and bare '&' are kept as written; invalid references become U+FFFD.
  EXPECT_EQ(trace_all_chunks("<t>&nbsp; a & b &#0; &#xD800; &#x110000; &#abc; &#; &amp</t>"),
            "<t>[&nbsp; a & b \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD &#abc; &#; &amp]</t>");
  // A reference cannot contain '&': "&#3&amp;" is a bare "&#3" then "&".
  EXPECT_EQ(trace_all_chunks("<t>&#3&amp;x</t>"), "<t>[&#3&x]</t>");
}

TEST(XlsxPull, CdataCommentsProcessingInstructionsDoctype) {
  EXPECT_EQ(trace_all_chunks("<!DOCTYPE x [ <!ENTITY e \"boom\"> ]><a><!-- <b> -> --><![CDATA[<b>&amp;]]]]>"
                             "<?pi ?> ?><![CDATA[]]>&e;</a>"),
            "<a>[<b>&amp;]] ?>&e;]</a>");
}

TEST(XlsxPull, TextSkippedUnlessWanted) {
  EXPECT_EQ(trace("<a> x &amp; <b/>y</a>", 3, false), "<a><b></b></a>");
}

TEST(XlsxPull, ErrorsNeverHang) {
  EXPECT_EQ(trace_all_chunks("<a><b c=\"1\""), "<a>!the input ends inside a tag");
  EXPECT_EQ(trace_all_chunks("<a><!-- never closed"), "<a>!an unterminated comment");
  // (the last two bytes, held back in case they start "]]>", are not delivered)
  EXPECT_EQ(trace_all_chunks("<a><![CDATA[abc"), "<a>[a]!an unterminated CDATA section");
  EXPECT_EQ(trace_all_chunks("<a><?pi"), "<a>!an unterminated processing instruction");
  EXPECT_EQ(trace_all_chunks("<!DOCTYPE a [ <"), "!an unterminated <!DOCTYPE> declaration");
  EXPECT_EQ(trace_all_chunks("<a b></a>"), "!an attribute without a value in <a>");
  EXPECT_EQ(trace_all_chunks("<a b=c></a>"), "!an unquoted attribute value in <a>");
  EXPECT_EQ(trace_all_chunks("< ></a>"), "!a tag without a name");
  EXPECT_EQ(trace_all_chunks("<a/ b=\"1\">"), "!a stray '/' in <a>");
  EXPECT_EQ(trace_all_chunks("<a>x</a"), "<a>[x]!the input ends inside a tag");
  EXPECT_EQ(trace_all_chunks("<"), "!the input ends inside a tag");
  EXPECT_EQ(trace_all_chunks("text only & more"), "[text only & more]");
  EXPECT_EQ(trace_all_chunks(""), "");
  std::string huge = "<a b=\"" + std::string(XmlPull::kMaxTag + 10, 'x') + "\">";
  EXPECT_EQ(trace(huge, 4096), "!a tag longer than 1 MiB");
}

TEST(XlsxPull, ReadFailureIsReported) {
  struct Failing : ByteSource {
    int calls = 0;
    long long read(char* buf, size_t) override {
      if (calls++) return -1;
      buf[0] = '<';
      return 1;
    }
    std::string error() const override { return "CRC error"; }
  } src;
  XmlPull x(src, 16);
  EXPECT_EQ(x.next(), XmlPull::Event::Error);
  EXPECT_EQ(x.fault(), XmlPull::Fault::Read);
  EXPECT_EQ(x.detail(), "CRC error");
  EXPECT_EQ(x.next(), XmlPull::Event::Error);  // stays failed
}

TEST(XlsxPull, BufferStaysAtOneChunkPlusATag) {
  std::string xml = "<sheetData>";
  for (int i = 0; i < 20000; ++i) xml += "<row r=\"" + std::to_string(i + 1) + "\"><c><v>12345</v></c></row>";
  xml += "</sheetData>";
  MemorySource src(xml);
  XmlPull x(src, 4096);
  x.want_text(true);
  size_t starts = 0;
  for (auto ev = x.next(); ev != XmlPull::Event::Eof; ev = x.next()) {
    ASSERT_NE(ev, XmlPull::Event::Error);
    starts += ev == XmlPull::Event::Start;
  }
  EXPECT_EQ(starts, 1u + 3 * 20000);
  EXPECT_EQ(x.offset(), xml.size());
  EXPECT_LE(x.peak_buffer(), 2u * 4096);
}

TEST(XlsxPull, OoxmlEscapes) {
  auto dec = [](std::string s) {
    decode_ooxml_escapes(s);
    return s;
  };
  EXPECT_EQ(dec("a_x000D__x000A_b"), "a\r\nb");
  EXPECT_EQ(dec("_x005F_x0041_"), "_x0041_");
  EXPECT_EQ(dec("_x0041_x"), "Ax");
  EXPECT_EQ(dec("_xD83D__xDE00_"), "😀");
  EXPECT_EQ(dec("_xD83D_"), "\xEF\xBF\xBD");
  EXPECT_EQ(dec("_x0000_"), "\xEF\xBF\xBD");
  EXPECT_EQ(dec("_x12G4_ _x12_ __x"), "_x12G4_ _x12_ __x");
  EXPECT_EQ(dec("无转义"), "无转义");
}

TEST(XlsxParts, DateFormats) {
  for (uint32_t id : {14u, 15u, 16u, 17u, 18u, 19u, 20u, 21u, 22u, 27u, 30u, 36u, 45u, 46u, 47u, 50u, 55u, 58u})
    EXPECT_TRUE(is_builtin_date_format(id)) << id;
  for (uint32_t id : {0u, 1u, 2u, 9u, 10u, 11u, 12u, 13u, 23u, 26u, 37u, 44u, 48u, 49u, 59u, 164u})
    EXPECT_FALSE(is_builtin_date_format(id)) << id;
  EXPECT_TRUE(is_date_format_code("yyyy\"年\"m\"月\"d\"日\""));
  EXPECT_TRUE(is_date_format_code("[$-804]yyyy/m/d h:mm"));
  EXPECT_TRUE(is_date_format_code("[DBNum1][$-804]yyyy\"年\"m\"月\""));
  EXPECT_TRUE(is_date_format_code("[h]:mm:ss"));
  EXPECT_TRUE(is_date_format_code("YYYY-MM-DD"));
  EXPECT_FALSE(is_date_format_code("General"));
  EXPECT_FALSE(is_date_format_code("#,##0.00\"元\""));
  EXPECT_FALSE(is_date_format_code("0.00\"days\""));
  EXPECT_FALSE(is_date_format_code("[Red]0.00;[Blue]-0.00"));
  EXPECT_FALSE(is_date_format_code("#,##0_);(#,##0)"));
  EXPECT_FALSE(is_date_format_code("0.00E+00"));
  EXPECT_FALSE(is_date_format_code("\\d0"));
  EXPECT_FALSE(is_date_format_code("*s0"));
  EXPECT_FALSE(is_date_format_code("@"));
  EXPECT_FALSE(is_date_format_code("[h]"));
}

TEST(XlsxParts, CellColumns) {
  uint32_t c = 99;
  EXPECT_TRUE(parse_cell_column("A1", c));
  EXPECT_EQ(c, 0u);
  EXPECT_TRUE(parse_cell_column("Z9", c));
  EXPECT_EQ(c, 25u);
  EXPECT_TRUE(parse_cell_column("AA10", c));
  EXPECT_EQ(c, 26u);
  EXPECT_TRUE(parse_cell_column("AZ1", c));
  EXPECT_EQ(c, 51u);
  EXPECT_TRUE(parse_cell_column("ba1", c));
  EXPECT_EQ(c, 52u);
  EXPECT_TRUE(parse_cell_column("XFD1048576", c));
  EXPECT_EQ(c, 16383u);
  EXPECT_TRUE(parse_cell_column("C", c));
  EXPECT_EQ(c, 2u);
  EXPECT_FALSE(parse_cell_column("XFE1", c));
  EXPECT_FALSE(parse_cell_column("AAAA1", c));
  EXPECT_FALSE(parse_cell_column("1A", c));
  EXPECT_FALSE(parse_cell_column("", c));
  EXPECT_FALSE(parse_cell_column("$A$1", c));
  EXPECT_FALSE(parse_cell_column("A1B", c));
}

TEST(XlsxParts, RelationshipTargets) {
  EXPECT_EQ(resolve_target("xl/", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/", "../xl/./strings.xml"), "xl/strings.xml");
  EXPECT_EQ(resolve_target("xl/", "worksheets/%E6%95%B0%20x.xml"), "xl/worksheets/数 x.xml");
  EXPECT_EQ(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
  EXPECT_EQ(resolve_target("xl/", "../../../etc"), "etc");
}

TEST(XlsxParts, SharedStringsStreamed) {
  std::string xml =
      "<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r><rPh><t>PH</t></rPh></si><si/>"
      "<si><t>x_x0009_y</t></si></sst>";
  for (size_t chunk : {1, 3, 64}) {
    MemorySource src(xml, chunk);
    SharedStrings sst;
    StreamFault f;
    ASSERT_TRUE(read_shared_strings(src, chunk, sst, f)) << f.detail;
    ASSERT_EQ(sst.size(), 4u);
    EXPECT_EQ(sst.get(0), "a");
    EXPECT_EQ(sst.get(1), "bc");
    EXPECT_EQ(sst.get(2), "");
    EXPECT_EQ(sst.get(3), "x\ty");
  }
  MemorySource cut("<sst><si><t>a</t></si><si><t>b");
  SharedStrings sst;
  StreamFault f;
  EXPECT_FALSE(read_shared_strings(cut, 64, sst, f));
  EXPECT_EQ(f.fault, XmlPull::Fault::Truncated);
  EXPECT_EQ(f.detail, "the shared strings end before </sst>");
}

}  // namespace
}  // namespace clue::xlsx::detail
