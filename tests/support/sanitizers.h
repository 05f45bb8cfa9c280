// Whether this test build is the sanitizer build (-DCLUE_SANITIZE=address,undefined, which
// tools/test runs the whole suite under). The few tests that set an address-space limit
// (--max-memory, `ulimit -v`) skip themselves there: AddressSanitizer reserves terabytes of
// shadow memory at start, so any such limit makes the instrumented binary fail to start or
// fail its first allocation, which says nothing about Clue (docs/testing.md).
#pragma once

namespace clue::test {

inline constexpr bool kAddressSanitizer =
#ifdef CLUE_TEST_ASAN
    true;
#else
    false;
#endif

inline constexpr const char* kNoAddressLimitUnderAsan =
    "an address-space limit cannot run under AddressSanitizer (its shadow memory is terabytes of address "
    "space); this test runs in the plain build";

}  // namespace clue::test
