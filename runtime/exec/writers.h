// Serialises run results: leads as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or
// JSON lines, rejects as CSV, and the run's manifest as JSON.
#pragma once
#include <string>
#include <vector>

#include "runtime/exec/engine.h"
#include "runtime/load/loader.h"

namespace clue::exec {

std::string csv_cell(const std::string& s);
std::string to_csv(const OutputTable& t);
std::string to_jsonl(const OutputTable& t);
std::string rejects_csv(const std::vector<const rt::RejectRecord*>& rejects);
std::string json_string(const std::string& s);

}  // namespace clue::exec
