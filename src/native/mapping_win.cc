// Windows implementation of platform.h (compiled only under OS=="win"; untested). Maps with
// CreateFileMappingW/MapViewOfFile: FILE_MAP_READ for 'r', FILE_MAP_COPY for 'c' (private
// copy-on-write), FILE_MAP_WRITE for 'r+'/'w+'. Residency and eviction are not available.
#include <windows.h>

#include <cerrno>
#include <string>

#include "platform.h"

namespace arrayscope::platform {

namespace {

std::wstring Widen(const std::string& utf8) {
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, nullptr, 0);
  std::wstring out(n > 0 ? n - 1 : 0, L'\0');
  if (n > 1) MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, &out[0], n);
  return out;
}

// Windows error codes mapped to the errno values the TS wrapper understands.
NativeError LastError(const char* call) {
  DWORD code = GetLastError();
  int err = EIO;
  if (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND) err = ENOENT;
  if (code == ERROR_ACCESS_DENIED || code == ERROR_SHARING_VIOLATION) err = EACCES;
  if (code == ERROR_DISK_FULL) err = ENOSPC;
  if (code == ERROR_NOT_ENOUGH_MEMORY) err = ENOMEM;
  return SystemError(call, err, std::string(call) + " failed with Windows error " + std::to_string(code));
}

HANDLE Handle(intptr_t value) { return reinterpret_cast<HANDLE>(value); }

}  // namespace

FileView OpenView(const std::string& path, MapMode mode, uint64_t createSize) {
  bool write = mode == MapMode::kReadWrite || mode == MapMode::kCreate;
  HANDLE file = CreateFileW(Widen(path).c_str(), GENERIC_READ | (write ? GENERIC_WRITE : 0),
                            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            mode == MapMode::kCreate ? CREATE_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) throw LastError("CreateFileW");
  FileView view;
  view.file = reinterpret_cast<intptr_t>(file);
  LARGE_INTEGER size;
  if (mode == MapMode::kCreate) {
    size.QuadPart = static_cast<LONGLONG>(createSize);
    if (!SetFilePointerEx(file, size, nullptr, FILE_BEGIN) || !SetEndOfFile(file)) {
      NativeError e = LastError("SetEndOfFile");
      CloseHandle(file);
      throw e;
    }
  } else if (!GetFileSizeEx(file, &size)) {
    NativeError e = LastError("GetFileSizeEx");
    CloseHandle(file);
    throw e;
  }
  view.size = static_cast<uint64_t>(size.QuadPart);
  if (view.size == 0) return view;
  DWORD protect = mode == MapMode::kRead ? PAGE_READONLY : mode == MapMode::kCopyOnWrite ? PAGE_WRITECOPY : PAGE_READWRITE;
  HANDLE mapping = CreateFileMappingW(file, nullptr, protect, 0, 0, nullptr);
  if (mapping == nullptr) {
    NativeError e = LastError("CreateFileMappingW");
    CloseHandle(file);
    throw e;
  }
  DWORD access = mode == MapMode::kRead ? FILE_MAP_READ : mode == MapMode::kCopyOnWrite ? FILE_MAP_COPY : FILE_MAP_WRITE;
  void* base = MapViewOfFile(mapping, access, 0, 0, static_cast<SIZE_T>(view.size));
  if (base == nullptr) {
    NativeError e = LastError("MapViewOfFile");
    CloseHandle(mapping);
    CloseHandle(file);
    throw e;
  }
  view.mapping = reinterpret_cast<intptr_t>(mapping);
  view.base = static_cast<uint8_t*>(base);
  return view;
}

void CloseView(FileView& view) noexcept {
  if (view.base != nullptr) UnmapViewOfFile(view.base);
  if (view.mapping != 0) CloseHandle(Handle(view.mapping));
  if (view.file != -1) CloseHandle(Handle(view.file));
  view.base = nullptr;
  view.mapping = 0;
  view.file = -1;
}

uint64_t CurrentSize(const FileView& view) {
  LARGE_INTEGER size;
  if (!GetFileSizeEx(Handle(view.file), &size)) throw LastError("GetFileSizeEx");
  return static_cast<uint64_t>(size.QuadPart);
}

void Flush(const FileView& view) {
  if (view.base == nullptr) return;
  if (!FlushViewOfFile(view.base, 0) || !FlushFileBuffers(Handle(view.file))) throw LastError("FlushViewOfFile");
}

// Access-pattern hints have no Windows equivalent worth the code here; they change no data.
void Advise(const FileView&, Advice, uint64_t, uint64_t) {}

void Prefault(const FileView&, uint64_t, uint64_t) {}

void DiscardPrivate(const FileView&, uint64_t, uint64_t) {
  throw NativeError(ErrorCode::kUnsupported, "discarding private pages is not implemented on Windows");
}

void EvictCache(const FileView&, uint64_t, uint64_t) {}

bool ResidentPages(const FileView&, uint64_t, uint64_t, uint8_t*) { return false; }

void PinLibrary() {
  HMODULE self;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                     reinterpret_cast<LPCWSTR>(&PinLibrary), &self);
}

void LowerThreadPriority() { SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL); }

uint64_t PageSize() {
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  return info.dwPageSize;
}

}  // namespace arrayscope::platform
