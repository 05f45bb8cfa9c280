// Differential fuzzing of a whole run: one input is a small model and a CSV export, split at
// the first line "%%". Every source of the model reads that CSV. The model is compiled with
// the session API and run twice, interpreted and with the JIT (compiled whatever the input's
// size, no object cache, one thread); the two runs must agree: both refuse the input with the
// same diagnostics, or both give the same outputs, cell for cell. A difference, a crash, a
// leak or undefined behaviour is a finding. Seeds: tests/fuzz/run_corpus/.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/session/run.h"
#include "compiler/session/session.h"

namespace {

namespace fs = std::filesystem;
using namespace clue;

// One engine's run: its outputs, or the messages that refused the input.
struct Outcome {
  bool ran = false;
  std::vector<exec::OutputTable> outputs;
  std::vector<std::string> messages;
};

Outcome run(const session::Compiled& cm, const std::string& model_path, const std::string& csv_path,
            const char* engine) {
  session::RunOptions ra;
  ra.path = model_path;
  for (const auto& s : cm.fe.model->sources) ra.data.push_back(s.name + "=" + csv_path);
  ra.engine = engine;
  ra.jit_threshold = 0;  // compile even these few rows, so the JIT is what runs
  ra.jit_cache = "none";
  ra.threads = 1;
  ra.input_hash = "none";
  session::RunSession s;
  SourceManager sm;
  DiagnosticSink sink;
  Outcome o;
  o.ran = session::load_and_execute(*cm.fe.model, cm.plans.physical, ra, sm, sink, s, Lang::En);
  for (const auto& d : sink.all()) o.messages.push_back(message(d, Lang::En));
  if (o.ran) o.outputs = std::move(s.result.outputs);
  return o;
}

std::string describe(const Outcome& o) {
  std::string out = o.ran ? "ran\n" : "refused\n";
  for (const auto& m : o.messages) out += "  " + m + "\n";
  for (const auto& t : o.outputs) {
    out += "output " + t.name + " (" + std::to_string(t.rows.size()) + " rows)\n";
    for (const auto& r : t.rows) {
      out += " ";
      for (const auto& c : r) out += " [" + c + "]";
      out += "\n";
    }
  }
  return out;
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.ran != b.ran || a.messages != b.messages || a.outputs.size() != b.outputs.size()) return false;
  for (size_t i = 0; i < a.outputs.size(); ++i)
    if (a.outputs[i].name != b.outputs[i].name || a.outputs[i].columns != b.outputs[i].columns ||
        a.outputs[i].rows != b.outputs[i].rows)
      return false;
  return true;
}

const fs::path& scratch() {
  static const fs::path dir = [] {
    char tmpl[] = "/tmp/clue_fuzz_run_XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) std::abort();
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch(), ec);
    });
    return fs::path(made);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  size_t split = input.rfind("%%\n", 0) == 0 ? 0 : input.find("\n%%\n");
  std::string model = split == std::string::npos ? input : input.substr(0, split);
  std::string csv = split == std::string::npos ? std::string() : input.substr(split + (split == 0 ? 3 : 4));
  const std::string model_path = (scratch() / "fuzz.model").string();
  const std::string csv_path = (scratch() / "fuzz.csv").string();
  {
    std::ofstream f(csv_path, std::ios::binary | std::ios::trunc);
    f << csv;
  }
  session::Compiled cm;
  if (session::compile_text(model_path, std::move(model), {}, cm) != session::CompileStatus::Ok || !cm.ok()) return 0;
  if (cm.fe.model->sources.empty()) return 0;
  const Outcome interp = run(cm, model_path, csv_path, "interp");
  const Outcome jit = run(cm, model_path, csv_path, "jit");
  if (!same(interp, jit)) {
    std::fprintf(stderr, "the engines disagree\n--- interp: %s--- jit: %s", describe(interp).c_str(),
                 describe(jit).c_str());
    std::abort();
  }
  return 0;
}
