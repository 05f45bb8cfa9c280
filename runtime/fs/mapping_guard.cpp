#include "runtime/fs/mapping_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace clue::fsafe {
namespace {

// A fixed table: the handler must neither lock nor allocate. A run maps a few files at once.
constexpr int kSlots = 256;
struct Slot {
  std::atomic<uintptr_t> base{0};
  std::atomic<size_t> size{0};
};
Slot g_slots[kSlots];
std::atomic<bool> g_faulted{false};
struct sigaction g_previous {};

void on_sigbus(int sig, siginfo_t* info, void* ctx) {
  const auto addr = reinterpret_cast<uintptr_t>(info ? info->si_addr : nullptr);
  for (auto& s : g_slots) {
    const uintptr_t base = s.base.load(std::memory_order_acquire);
    const size_t size = s.size.load(std::memory_order_acquire);
    if (base == 0 || addr < base || addr >= base + size) continue;
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    void* at = reinterpret_cast<void*>(addr & ~(page - 1));
    // Zeros where the file's bytes were: the faulting read is retried and succeeds.
    if (::mmap(at, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      g_faulted.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not ours (or the page could not be replaced): what would have happened without us.
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction) return g_previous.sa_sigaction(sig, info, ctx);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN && g_previous.sa_handler) {
    return g_previous.sa_handler(sig);
  }
  ::signal(SIGBUS, SIG_DFL);  // the faulting access is retried and ends the process
}

void install() {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGBUS, &sa, &g_previous);
}

}  // namespace

int guard_mapping(const void* base, size_t size) {
  static std::once_flag once;
  std::call_once(once, install);
  if (!base || size == 0) return -1;
  for (int i = 0; i < kSlots; ++i) {
    uintptr_t expected = 0;
    // Claim the slot with its base; the size follows before the mapping is read.
    if (g_slots[i].base.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
      g_slots[i].size.store(size, std::memory_order_release);
      g_slots[i].base.store(reinterpret_cast<uintptr_t>(base), std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void unguard_mapping(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  g_slots[slot].size.store(0, std::memory_order_release);
  g_slots[slot].base.store(0, std::memory_order_release);
}

bool any_mapping_faulted() { return g_faulted.load(std::memory_order_acquire); }

}  // namespace clue::fsafe
