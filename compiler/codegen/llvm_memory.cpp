#include "compiler/codegen/llvm_memory.h"

#include <llvm/Support/ErrorHandling.h>

#include <atomic>
#include <new>

namespace clue::codegen {
namespace {

thread_local int t_depth = 0;
std::atomic<OutOfMemoryExit> g_exit{nullptr};

void on_new_failure() {
  if (t_depth > 0)
    if (OutOfMemoryExit fn = g_exit.load()) fn("LLVM (operator new)");
  throw std::bad_alloc();  // what operator new does without a handler
}

void on_llvm_bad_alloc(void *, const char *reason, bool) {
  if (OutOfMemoryExit fn = g_exit.load()) fn(reason ? reason : "LLVM");
  // No exit function: LLVM's default behaviour (it aborts after the handler
  // returns).
}

}  // namespace

void set_llvm_out_of_memory_exit(OutOfMemoryExit exit_fn) {
  static bool installed = false;
  g_exit = exit_fn;
  if (installed) return;
  installed = true;
  std::set_new_handler(on_new_failure);
  llvm::install_bad_alloc_error_handler(on_llvm_bad_alloc, nullptr);
}

LlvmScope::LlvmScope() { ++t_depth; }
LlvmScope::~LlvmScope() { --t_depth; }
bool in_llvm_scope() { return t_depth > 0; }

void llvm_report_bad_alloc_for_test() { llvm::report_bad_alloc_error("test", true); }

}  // namespace clue::codegen
