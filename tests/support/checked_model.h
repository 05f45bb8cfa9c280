// A model text run through the front end (and optionally lint) for checker tests: the model
// header, the given schemas, then the body under test.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/typed_dump.h"

namespace clue::test {

struct Checked {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe;
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : sink.all()) out.push_back(d.code());
    return out;
  }
  std::string typed() const { return fe.model ? dump_typed(*fe.model) : ""; }
};

inline std::unique_ptr<Checked> check_model(const char* schemas, const std::string& body, bool lint = false) {
  auto c = std::make_unique<Checked>();
  std::string text = std::string("model t { version \"1\" jurisdiction \"x\" basis \"y\" }\n") + schemas + body;
  c->fe = run_front_end_text(c->sm, "t.model", text, c->sink);
  if (lint) {
    run_lint(c->fe, c->sink);
    apply_suppressions(c->fe, c->sink);
  }
  return c;
}

}  // namespace clue::test
