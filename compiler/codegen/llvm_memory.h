// Running out of memory inside LLVM ends the process in one controlled step.
//
// LLVM is built without exceptions: a std::bad_alloc thrown through its frames
// (operator new failing under --max-memory) leaves half-built modules and an
// ORC session half-updated, and destroying them on the way out crashed (SIGSEGV
// in Module::~Module), while LLVM's own allocation failures (safe_malloc) abort
// ("LLVM ERROR: out of memory"). Neither may end a run. So every call into LLVM
// runs inside an LlvmScope, and a failed allocation there, or one LLVM reports,
// calls the exit function the driver installed (which reports E0514 and exits):
// nothing unwinds through LLVM. Outside a scope, operator new throws
// std::bad_alloc as always.
#pragma once

namespace clue::codegen {

// Called with where the allocation failed; must not return.
using OutOfMemoryExit = void (*)(const char *where);

// Installs `exit_fn` for both paths (LLVM's bad-alloc handler and the process's
// new-handler). Call once, before any LLVM work; later calls replace the
// function.
void set_llvm_out_of_memory_exit(OutOfMemoryExit exit_fn);

// Marks the current thread as inside LLVM for its lifetime (nests).
class LlvmScope {
 public:
  LlvmScope();
  ~LlvmScope();
  LlvmScope(const LlvmScope &) = delete;
  LlvmScope &operator=(const LlvmScope &) = delete;
};

// Whether the current thread is inside an LlvmScope (for tests).
bool in_llvm_scope();

// Reports an allocation failure the way LLVM's own allocators do
// (llvm::report_bad_alloc_error), for tests of the handler.
[[noreturn]] void llvm_report_bad_alloc_for_test();

}  // namespace clue::codegen
