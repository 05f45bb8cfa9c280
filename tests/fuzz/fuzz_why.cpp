// Fuzzes `clue why` end to end from its untrusted inputs: one input is a run's manifest.json,
// its lead file and the LEAD argument, split at lines "%%" (manifest, then leads.csv, then
// OUTPUT:ROW). They are written into a scratch run folder beside a small model and its data
// (the fuzzer's working folder, so the seeds' relative paths find them), and `cmd_why` reads
// them as the command would: JSON parsing and the manifest's schema
// (compiler/driver/manifest_schema.h), the lead argument, the lead file, its provenance cells,
// the model's and inputs' SHA-256, reloading the rows and explaining them. Any input must end
// in an explanation or a coded error: never a crash, a leak, undefined behaviour or an
// internal error (which exits, and libFuzzer reports). Seeds: tests/fuzz/why_corpus/.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/driver/commands.h"

namespace {

namespace fs = std::filesystem;

// The model and data every seed's manifest names (relative to the working folder).
const char* const kModel =
    "model m { version \"1\"\n jurisdiction \"test\"\n basis \"test\" }\n"
    "schema S { a: int, b: text, m: money }\n"
    "source s: S\nsource t: S\n"
    "leads = s\n  join t on s.a == t.a\n  where s.m > 10 and t.b != \"x\"\n"
    "output leads { s.a, s.b, t.m }\n"
    "groups = s\n  group by s.a compute n = count(*), total = sum(s.m)\n  having n >= 1\n"
    "output groups { a, n, total }\n";
const char* const kData = "a,b,m\n1,x,12.5\n1,y,3\n2,z,40\n2,w,50\n";

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

std::string part(const std::string& input, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) {
    size_t at = input.find("\n%%\n", start);
    if (at == std::string::npos) return {};
    start = at + 4;
  }
  size_t end = input.find("\n%%\n", start);
  return input.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char tmpl[] = "/tmp/clue_fuzz_why_XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir || chdir(dir) != 0) std::abort();
  static const std::string scratch = dir;  // removed at exit (libFuzzer's corpus is elsewhere: absolute)
  std::atexit([] {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  });
  write("m.model", kModel);
  write("d.csv", kData);
  fs::create_directory("out");
  // The explanation is printed; only what it does to the process matters (libFuzzer reports on stderr).
  if (!std::freopen("/dev/null", "w", stdout)) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  write("out/manifest.json", part(input, 0));
  write("out/leads.csv", part(input, 1));
  std::string lead = part(input, 2);
  if (!lead.empty() && lead.back() == '\n') lead.pop_back();
  clue::cli::Common common;
  common.lang = "en";
  clue::cli::cmd_why({"out", lead}, common);
  return 0;
}
