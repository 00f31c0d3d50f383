// Turns memory faults on mapped file pages into ordinary failures.
//
// Touching a page of a mapping whose file was truncated by another process (or a hole in a
// sparse file when the disk is full) raises SIGBUS (EXCEPTION_IN_PAGE_ERROR on Windows). Every
// access to mapped memory in this addon runs inside RunGuarded, which reports such a fault as
// `false` instead of letting it kill the process. Faults outside a guarded call, or at addresses
// outside the guarded range, are passed on to whatever handler was installed before ours.
#pragma once

#include <cstddef>

namespace arrayscope {

/// Installs the process-wide fault handler. Idempotent and thread-safe.
void InstallFaultHandler();

/// Runs `fn(context)`; returns false if it faulted on an address in [low, low + length).
///
/// INVARIANT for `fn`: on a fault the stack is abandoned with siglongjmp, so `fn` and everything
/// it calls must not construct objects with destructors, allocate, or take locks. Put buffers and
/// cursors outside, write results through pointers. `fn` must not throw.
bool RunGuarded(const void* low, size_t length, void (*fn)(void*), void* context);

/// Convenience wrapper for a callable (a lambda capturing by reference).
template <class F>
bool Guarded(const void* low, size_t length, F& body) {
  return RunGuarded(low, length, [](void* ctx) { (*static_cast<F*>(ctx))(); }, &body);
}

}  // namespace arrayscope
