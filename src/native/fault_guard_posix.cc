// POSIX implementation of the fault guard: a SIGBUS handler (plus SIGSEGV on macOS, which may
// report truncated mappings that way) and a fixed table of active guards.
//
// The table is keyed by pthread_self() rather than thread_local storage because reading the TLS
// of a dlopen()ed library from a signal handler can allocate; the table is plain static memory.
#include "fault_guard.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

namespace arrayscope {
namespace {

struct GuardSlot {
  std::atomic<uintptr_t> owner{0};  // pthread_self() of the guarding thread; 0 when free
  const char* low = nullptr;
  const char* high = nullptr;
  sigjmp_buf* jump = nullptr;
};

constexpr size_t kSlots = 256;
GuardSlot gSlots[kSlots];

struct sigaction gPreviousBus;
struct sigaction gPreviousSegv;
std::once_flag gInstallOnce;

uintptr_t Self() { return reinterpret_cast<uintptr_t>(reinterpret_cast<void*>(pthread_self())); }

// Hands a fault that is not ours to the handler that was installed before us (Electron's
// crashpad, a debugger's, or the default action, which terminates as if we were not there).
void Chain(int sig, siginfo_t* info, void* ucontext) {
  const struct sigaction& previous = sig == SIGBUS ? gPreviousBus : gPreviousSegv;
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction != nullptr) previous.sa_sigaction(sig, info, ucontext);
    return;
  }
  if (previous.sa_handler == SIG_IGN && info->si_code <= 0) return;  // sent by kill(): ignorable
  if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
    // Restore the default action; the signal is re-delivered when this handler returns (a real
    // fault re-executes the instruction), so the process ends exactly as without us.
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  previous.sa_handler(sig);
}

void OnFault(int sig, siginfo_t* info, void* ucontext) {
  const uintptr_t self = Self();
  const char* address = static_cast<const char*>(info->si_addr);
  for (GuardSlot& slot : gSlots) {
    if (slot.owner.load(std::memory_order_relaxed) != self) continue;
    if (address >= slot.low && address < slot.high) siglongjmp(*slot.jump, 1);
  }
  Chain(sig, info, ucontext);
}

void Install(int sig, struct sigaction* previous) {
  struct sigaction action = {};
  action.sa_sigaction = OnFault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(sig, &action, previous);
}

GuardSlot& ClaimSlot(uintptr_t self) {
  size_t start = (self >> 4) % kSlots;
  for (;;) {
    for (size_t i = 0; i < kSlots; ++i) {
      GuardSlot& slot = gSlots[(start + i) % kSlots];
      uintptr_t expected = 0;
      if (slot.owner.compare_exchange_strong(expected, self, std::memory_order_acquire)) return slot;
    }
    std::this_thread::yield();  // more than kSlots threads inside guards at once: wait for one
  }
}

}  // namespace

void InstallFaultHandler() {
  std::call_once(gInstallOnce, [] {
    Install(SIGBUS, &gPreviousBus);
#if defined(__APPLE__)
    Install(SIGSEGV, &gPreviousSegv);
#endif
  });
}

bool RunGuarded(const void* low, size_t length, void (*fn)(void*), void* context) {
  if (length == 0) {
    fn(context);
    return true;
  }
  InstallFaultHandler();
  GuardSlot& slot = ClaimSlot(Self());
  sigjmp_buf jump;
  // savemask = 1: the handler runs with SIGBUS blocked; siglongjmp must restore the mask.
  if (sigsetjmp(jump, 1) != 0) {
    slot.jump = nullptr;
    slot.owner.store(0, std::memory_order_release);
    return false;
  }
  slot.low = static_cast<const char*>(low);
  slot.high = static_cast<const char*>(low) + length;
  slot.jump = &jump;
  std::atomic_signal_fence(std::memory_order_seq_cst);  // slot fully set before any access
  fn(context);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  slot.jump = nullptr;
  slot.owner.store(0, std::memory_order_release);
  return true;
}

}  // namespace arrayscope
