// Memory running out inside LLVM never unwinds through it
// (compiler/codegen/llvm_memory.h): inside an LlvmScope a failed allocation
// calls the installed exit function; outside, operator new throws
// std::bad_alloc as usual. Each case runs in a child process (death tests).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstddef>
#include <new>

#include "compiler/codegen/jit.h"
#include "compiler/codegen/llvm_memory.h"
#include "tests/support/sanitizers.h"

namespace clue::codegen {
namespace {

[[noreturn]] void exit_seven(const char *) { _exit(7); }

// Larger than any address space: operator new fails at once. Volatile, and the
// result kept, so that the compiler cannot drop the allocation.
volatile size_t g_impossible = size_t(1) << 62;
char *volatile g_kept = nullptr;

void allocate_impossible() { g_kept = static_cast<char *>(::operator new(g_impossible)); }

// AddressSanitizer's operator new reports an impossible allocation and aborts: it never
// returns, throws or calls the new handler, so these run in the plain build only.
constexpr const char *kAsanNewNeverFails =
    "AddressSanitizer's operator new aborts on an impossible allocation instead of failing";

TEST(LlvmMemoryDeathTest, AFailedAllocationInsideLlvmCallsTheExitFunction) {
  if (test::kAddressSanitizer) GTEST_SKIP() << kAsanNewNeverFails;
  EXPECT_EXIT(
      {
        set_llvm_out_of_memory_exit(exit_seven);
        LlvmScope in_llvm;
        allocate_impossible();
        _exit(0);
      },
      ::testing::ExitedWithCode(7), "");
}

TEST(LlvmMemoryDeathTest, LlvmsOwnAllocationFailureCallsTheExitFunction) {
  EXPECT_EXIT(
      {
        set_llvm_out_of_memory_exit(exit_seven);
        // What LLVM's safe_malloc does when malloc fails.
        llvm_report_bad_alloc_for_test();
        _exit(0);
      },
      ::testing::ExitedWithCode(7), "");
}

TEST(LlvmMemory, OutsideAScopeOperatorNewStillThrows) {
  set_llvm_out_of_memory_exit(exit_seven);
  EXPECT_FALSE(in_llvm_scope());
  if (!test::kAddressSanitizer) EXPECT_THROW(allocate_impossible(), std::bad_alloc);  // kAsanNewNeverFails
  {
    LlvmScope a;
    {
      LlvmScope b;
      EXPECT_TRUE(in_llvm_scope());
    }
    EXPECT_TRUE(in_llvm_scope());  // scopes nest
  }
  EXPECT_FALSE(in_llvm_scope());
}

TEST(LlvmMemory, TheJitsEntryPointsRunInsideAScope) {
  // The backend's calls into LLVM are the ones that must not unwind: built and
  // destroyed here, each marks its thread while it runs and unmarks it after.
  {
    JitFilterBackend jit;
    EXPECT_FALSE(in_llvm_scope());
  }
  EXPECT_FALSE(in_llvm_scope());
}

}  // namespace
}  // namespace clue::codegen
