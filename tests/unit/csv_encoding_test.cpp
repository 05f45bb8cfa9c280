// Encoding detection, UTF-8 validation and GB18030/UTF-16 transcoding.
#include <gtest/gtest.h>

#include <string>

#include "runtime/csv/encoding.h"

namespace clue::csv {
namespace {

std::string decode(std::string_view in, Encoding e) {
  TextBuffer out;
  std::string err;
  EXPECT_TRUE(decode_to_utf8(in, e, out, &err)) << err;
  return std::string(out.view());
}

TEST(CsvEncoding, Utf8ValidationAcceptsWellFormed) {
  EXPECT_EQ(find_invalid_utf8(""), kNoInvalid);
  EXPECT_EQ(find_invalid_utf8("plain ascii, 123"), kNoInvalid);
  EXPECT_EQ(find_invalid_utf8("被执行人·阿依古丽 𠮷 €"), kNoInvalid);
}

TEST(CsvEncoding, Utf8ValidationFindsFirstBadByte) {
  EXPECT_EQ(find_invalid_utf8("ab\xFFz"), 2u);
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);            // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);          // overlong 3-byte
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);         // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);      // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("张\x80"), 3u);                // stray continuation
  EXPECT_EQ(find_invalid_utf8("张\xE5\xBC"), 3u);            // truncated at end
  EXPECT_EQ(find_invalid_utf8("张\xE5\xBC", true), kNoInvalid);  // ... allowed for windows
  EXPECT_EQ(find_invalid_utf8("\xCD\xF5\xCE\xE5"), 0u);      // GBK 王五
}

TEST(CsvEncoding, DetectsBomsAndWorkbooks) {
  Detection d = detect_encoding("\xEF\xBB\xBF" "a,b", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_EQ(d.bom_size, 3u);
  d = detect_encoding("\xFF\xFE" "a\0", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf16Le);
  EXPECT_EQ(d.bom_size, 2u);
  d = detect_encoding("\xFE\xFF", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf16Be);
  d = detect_encoding("\x84\x31\x95\x33" "a", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
  EXPECT_EQ(d.bom_size, 4u);
  d = detect_encoding(std::string_view("PK\x03\x04rest", 8), Encoding::Auto);
  EXPECT_TRUE(d.not_text);
  d = detect_encoding("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Encoding::Auto);
  EXPECT_TRUE(d.not_text);
}

TEST(CsvEncoding, AutoDetectsUtf8AndGb18030) {
  EXPECT_EQ(detect_encoding("a,b\n1,2\n", Encoding::Auto).encoding, Encoding::Utf8);
  EXPECT_EQ(detect_encoding("案号,被执行人\n", Encoding::Auto).encoding, Encoding::Utf8);
  EXPECT_EQ(detect_encoding("\xB0\xB8\xBA\xC5,a\n", Encoding::Auto).encoding, Encoding::Gb18030);  // 案号
}

TEST(CsvEncoding, AutoSniffStartsAtFirstNonAsciiByte) {
  // 10 KB of ASCII, then GBK: a window over the first bytes alone would
  // say "UTF-8".
  std::string text(10000, 'a');
  text += "\n\xB0\xB8\xBA\xC5\n";
  EXPECT_EQ(detect_encoding(text, Encoding::Auto, 16).encoding, Encoding::Gb18030);
}

TEST(CsvEncoding, AutoSniffWindowCutMidCharacterIsNotInvalid) {
  // The 4-byte window cuts 被 (3 bytes) after its first byte.
  EXPECT_EQ(detect_encoding("案被执行", Encoding::Auto, 4).encoding, Encoding::Utf8);
}

TEST(CsvEncoding, AutoSniffLongWindowsTakeTheSimdPathOrCount) {
  // Clean UTF-8 over many lines, the window cut inside a character: UTF-8 (one SIMD pass).
  std::string utf8;
  for (int i = 0; i < 2000; ++i) utf8 += "（2020）浙0102执105号,张三\n";
  EXPECT_EQ(detect_encoding(utf8, Encoding::Auto, 4001).encoding, Encoding::Utf8);
  // One GBK row pasted into a UTF-8 export: not clean, so counted; still UTF-8 (per-row fallback).
  std::string mixed = utf8.substr(0, 20000) + "\xD5\xC5\xC8\xFD,1\n" + utf8.substr(0, 20000);
  EXPECT_EQ(detect_encoding(mixed, Encoding::Auto, 30000).encoding, Encoding::Utf8);
  // A GBK export: counted, GB18030.
  std::string gbk;
  for (int i = 0; i < 2000; ++i) gbk += "\xB0\xB8\xBA\xC5,\xD5\xC5\xC8\xFD\n";
  EXPECT_EQ(detect_encoding(gbk, Encoding::Auto, 4001).encoding, Encoding::Gb18030);
}

TEST(CsvEncoding, ExplicitRequestWins) {
  Detection d = detect_encoding("\xEF\xBB\xBF" "a", Encoding::Gb18030);
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
  EXPECT_EQ(d.bom_size, 0u);  // not its BOM
  d = detect_encoding("\xEF\xBB\xBF" "a", Encoding::Utf8);
  EXPECT_EQ(d.bom_size, 3u);
}

TEST(CsvEncoding, Gb18030TwoByteFourByteAndAscii) {
  // 案号 (GBK), · U+00B7 (A1A4), • U+2022 (GB18030 4-byte 81 36 A6 31),
  // 𠮷 U+20BB7 (4-byte 95 34 B2 35, outside the BMP), ASCII untouched.
  EXPECT_EQ(decode("\xB0\xB8\xBA\xC5,(2023)\xA1\xA4\x81\x36\xA6\x31\x95\x34\xB2\x35\n", Encoding::Gb18030),
            "案号,(2023)·•𠮷\n");
}

TEST(CsvEncoding, Gb18030TrailBytePipeIsNotADelimiter) {
  // 亅 = 81 7C: its second byte is '|', which decoding must consume.
  EXPECT_EQ(decode("\x81\x7C|a", Encoding::Gb18030), "亅|a");
}

TEST(CsvEncoding, Gb18030InvalidBytesPassThroughAndStayInvalid) {
  // 0xFF is never valid; 0x81 followed by '"' is a broken pair: the quote
  // must survive for the tokenizer.
  std::string out = decode("a\xFF" "b\x81\"c\n", Encoding::Gb18030);
  EXPECT_EQ(out, "a\xFF" "b\x81\"c\n");
  EXPECT_EQ(find_invalid_utf8(out), 1u);
  // Lead byte at the very end.
  EXPECT_EQ(decode("x\x81", Encoding::Gb18030), "x\x81");
}

TEST(CsvEncoding, Gb18030RoundTripsWholeGbkRange) {
  // Every GBK-range pair glibc accepts decodes through the table to valid
  // UTF-8 of one character.
  std::string in;
  for (int lead = 0xB0; lead <= 0xF7; ++lead)
    for (int trail = 0xA1; trail <= 0xFE; ++trail) in += {static_cast<char>(lead), static_cast<char>(trail)};
  std::string out = decode(in, Encoding::Gb18030);
  EXPECT_EQ(find_invalid_utf8(out), kNoInvalid);
  EXPECT_EQ(out.size(), in.size() / 2 * 3);
}

TEST(CsvEncoding, Utf16) {
  EXPECT_EQ(decode(std::string_view("a\0\x48\x68\x3D\xD8\x1E\xDE", 8), Encoding::Utf16Le), "a案😞");
  EXPECT_EQ(decode(std::string_view("\0a\x68\x48", 4), Encoding::Utf16Be), "a案");
  EXPECT_EQ(decode(std::string_view("\x00\xD8" "a\0", 4), Encoding::Utf16Le), "\xFF" "a");  // lone surrogate
}

TEST(CsvEncoding, Gb18030AppendHelper) {
  std::string s = "x";
  gb18030_to_utf8("\xCD\xF5\xCE\xE5", s);
  EXPECT_EQ(s, "x王五");
}

}  // namespace
}  // namespace clue::csv
