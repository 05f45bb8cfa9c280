// Feeds arbitrary bytes to the .xlsx reader: zip handling, the streaming XML parser, shared
// strings and sheet rows. It must never crash, hang or leak.
#include <cstddef>
#include <cstdint>

#include "runtime/xlsx/fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clue::xlsx::fuzz_xlsx_bytes(data, size);
  return 0;
}
