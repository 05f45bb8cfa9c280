#include "compiler/sema/schema_library.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace clue {
namespace {
namespace fs = std::filesystem;

// True when a line of `text` starts (after spaces) with `schema NAME` or `结构 NAME`, the name
// followed by a space or '{'.
bool declares(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t p = line.find_first_not_of(" \t");
    if (p == std::string::npos) continue;
    for (const std::string kw : {"schema ", "结构 "}) {
      if (line.compare(p, kw.size(), kw) != 0) continue;
      size_t n = line.find_first_not_of(" \t", p + kw.size());
      if (n == std::string::npos || line.compare(n, name.size(), name) != 0) continue;
      const size_t after = n + name.size();
      if (after == line.size() || line[after] == ' ' || line[after] == '\t' || line[after] == '{') return true;
    }
  }
  return false;
}
}  // namespace

std::optional<std::string> library_file_defining(const std::string& model_path, const std::string& schema) {
  std::error_code ec;
  const fs::path dir = fs::path(model_path).parent_path();
  std::vector<std::string> found;
  for (const fs::path sub : {fs::path("schemas"), fs::path("lib")}) {
    const fs::path folder = dir / sub;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".model" && it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (fs::equivalent(f, model_path, ec)) continue;
      if (fs::file_size(f, ec) > (1u << 20)) continue;  // a library file is small: skip anything else
      std::ifstream in(f, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      if (declares(text.str(), schema)) found.push_back((sub / f.filename()).generic_string());
    }
  }
  if (found.size() != 1) return std::nullopt;
  return found[0];
}

}  // namespace clue
