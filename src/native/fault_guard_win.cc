// Windows implementation of the fault guard (untested): structured exception handling catches
// EXCEPTION_IN_PAGE_ERROR, which Windows raises when a mapped view's backing file cannot supply
// a page (file truncated through another handle, network share gone, disk full).
#include "fault_guard.h"

#include <windows.h>

namespace arrayscope {
namespace {

int Filter(unsigned long code, EXCEPTION_POINTERS* info, const void* low, size_t length) {
  if (code != EXCEPTION_IN_PAGE_ERROR) return EXCEPTION_CONTINUE_SEARCH;
  // ExceptionInformation[1] is the faulting virtual address.
  const char* address = reinterpret_cast<const char*>(info->ExceptionRecord->ExceptionInformation[1]);
  const char* begin = static_cast<const char*>(low);
  if (address < begin || address >= begin + length) return EXCEPTION_CONTINUE_SEARCH;
  return EXCEPTION_EXECUTE_HANDLER;
}

}  // namespace

void InstallFaultHandler() {}

bool RunGuarded(const void* low, size_t length, void (*fn)(void*), void* context) {
  __try {
    fn(context);
  } __except (Filter(GetExceptionCode(), GetExceptionInformation(), low, length)) {
    return false;
  }
  return true;
}

}  // namespace arrayscope
