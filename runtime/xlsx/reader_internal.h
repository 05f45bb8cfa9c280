// Hooks into the xlsx reader for its own tests and the fuzz entry (private).
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "runtime/xlsx/xlsx_reader.h"
#include "runtime/xlsx/xml_pull.h"

namespace clue::xlsx::detail {

struct OpenOptions {
  size_t chunk = XmlPull::kDefaultChunk;  // bytes per zip_fread / parser refill
};

OpenResult open_sheet_with(const std::string& path, const std::string& sheet, const OpenOptions& opt);
OpenResult open_sheet_bytes_with(std::string bytes, const std::string& sheet, const std::string& display_name,
                                 const OpenOptions& opt);

// Largest parser buffer the reader's sheet stream has allocated (constant-memory check).
size_t sheet_peak_buffer(const SheetReader& r);
// Bytes held by the shared strings table.
size_t shared_strings_bytes(const SheetReader& r);

}  // namespace clue::xlsx::detail
