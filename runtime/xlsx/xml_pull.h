// A small streaming pull parser for the XML that spreadsheet writers produce (private to the
// xlsx reader). It reads its input in chunks from a ByteSource and never holds more than one
// chunk plus the current tag, so a sheet of any length is parsed in constant memory.
//
// What it handles: start/end/self-closing tags (a self-closing tag yields Start then End),
// attributes in any order with ' or " quotes, namespace prefixes (name() is the local name:
// <x:row> is "row"), the five predefined entities and &#NNN; / &#xHH; references (in text
// and attribute values), CDATA sections (as text), comments, processing instructions and a
// DOCTYPE (skipped; its entity declarations are NOT expanded). Unknown entities are kept
// literally. It does not check that end tags match start tags: the callers only rely on the
// element names they look for, and a missing end is caught as an early end of input.
//
// Errors (truncated input, a tag that never ends, a malformed tag, a read failure) stop the
// parser: next() returns Error from then on, fault()/detail()/offset() say what and where.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clue::xlsx::detail {

// Where the parser's bytes come from (a zip entry, memory in tests).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into buf: the count, 0 at the end, or -1 on a failure (then error()).
  virtual long long read(char* buf, size_t n) = 0;
  virtual std::string error() const { return "read error"; }
};

// A ByteSource over bytes in memory that hands out at most `max_chunk` bytes per read
// (tests use tiny chunks to put every token across a chunk boundary).
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data, size_t max_chunk = SIZE_MAX) : data_(data), max_(max_chunk) {}
  long long read(char* buf, size_t n) override;

 private:
  std::string_view data_;
  size_t pos_ = 0;
  size_t max_;
};

// Appends the XML character data [p, e) to out, replacing entity and character references.
void append_xml_decoded(const char* p, const char* e, std::string& out);

// Replaces the OOXML escapes _xHHHH_ (e.g. _x000D_ for a carriage return, _x005F_ for a
// literal underscore) that Excel writes in string values. In place.
void decode_ooxml_escapes(std::string& s);

// Appends the UTF-8 encoding of code point cp (U+FFFD for an invalid one).
void append_utf8(uint32_t cp, std::string& out);

class XmlPull {
 public:
  enum class Event : uint8_t { Start, End, Text, Eof, Error };
  enum class Fault : uint8_t { None, Truncated, Malformed, TooLong, Read };

  static constexpr size_t kDefaultChunk = 64 * 1024;
  static constexpr size_t kMaxTag = 1 << 20;  // a start tag with its attributes

  explicit XmlPull(ByteSource& src, size_t chunk = kDefaultChunk);

  Event next();

  // Reads the rest of the input without parsing it, so that the source sees its end (libzip
  // checks an entry's CRC only then). False, with fault(), on a read failure.
  bool drain();

  // Whether Text events are wanted. When off (the default), character data is skipped
  // without decoding. Takes effect from the next call to next().
  void want_text(bool on) { want_text_ = on; }

  // The views below stay valid until the next call to next().
  std::string_view name() const { return name_; }  // Start/End: local name (no prefix)
  std::string_view text() const { return text_; }  // Text: a piece of decoded character data;
                                                   // one text node may come as several pieces
  // Start: the decoded value of the attribute with this local name, or nullopt-like: returns
  // false when absent. `scratch` holds the value when it had to be decoded.
  bool attr(std::string_view local, std::string_view& value, std::string& scratch) const;

  // Start: all attributes as (local name, decoded value), in document order (for tests).
  std::vector<std::pair<std::string, std::string>> attributes() const;

  Fault fault() const { return fault_; }
  const std::string& detail() const { return detail_; }  // English, e.g. "unterminated comment"
  uint64_t offset() const { return base_ + pos_; }       // bytes consumed so far
  size_t peak_buffer() const { return cap_; }            // bytes of buffer ever allocated

 private:
  struct Attr {
    std::string_view name;  // local name
    std::string_view raw;   // as written, between the quotes
  };

  bool fill();  // compacts and reads one more chunk; false at the end or on a failure
  Event fail(Fault f, std::string detail);
  Event read_tag();
  bool skip_past(std::string_view terminator);
  bool ensure(size_t n);  // at least n bytes available from pos_, unless the input ends
  int try_start_tag();  // 1 parsed, 0 needs more input, -1 failed
  bool more_for_tag();  // fill() for a tag that is not complete yet

  ByteSource& src_;
  size_t chunk_;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0, pos_ = 0, end_ = 0;
  uint64_t base_ = 0;  // input offset of buf_[0]
  bool eof_ = false;
  bool want_text_ = false;
  bool pending_end_ = false;
  bool in_cdata_ = false;
  Fault fault_ = Fault::None;
  std::string detail_;
  std::string_view name_;
  std::string_view text_;
  std::string text_buf_;
  std::vector<Attr> attrs_;
};

}  // namespace clue::xlsx::detail
