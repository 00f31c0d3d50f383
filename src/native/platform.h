// The operating-system primitives behind MappedFile, implemented once per platform
// (mapping_posix.cc, mapping_win.cc). Everything above this header is platform-neutral.
#pragma once

#include <cstdint>
#include <string>

#include "mapping.h"

namespace arrayscope::platform {

/// An open file and its view. `base` is null exactly when `size` is 0 (nothing is mapped).
struct FileView {
  intptr_t file = -1;     // fd, or HANDLE on Windows
  intptr_t mapping = 0;   // the file-mapping HANDLE on Windows; unused on POSIX
  uint8_t* base = nullptr;
  uint64_t size = 0;
};

/// Opens `path` and maps all of it (`createSize` bytes for kCreate). Throws NativeError.
FileView OpenView(const std::string& path, MapMode mode, uint64_t createSize);
/// Unmaps and closes; never throws (called from destructors).
void CloseView(FileView& view) noexcept;
/// The file's current size on disk. Throws NativeError.
uint64_t CurrentSize(const FileView& view);
/// Writes dirty shared pages back to the file and waits (msync MS_SYNC). Throws NativeError.
void Flush(const FileView& view);
/// Passes an access-pattern hint for the page-aligned byte range [offset, offset + length).
void Advise(const FileView& view, Advice advice, uint64_t offset, uint64_t length);
/// Populates the page tables of a page-aligned range ahead of a scan; best effort.
void Prefault(const FileView& view, uint64_t offset, uint64_t length);
/// Drops the private copies of the page-aligned range so it shows the file again ('c' mode).
void DiscardPrivate(const FileView& view, uint64_t offset, uint64_t length);
/// Asks the OS to drop clean cached pages of the file range from memory.
void EvictCache(const FileView& view, uint64_t offset, uint64_t length);
/// Fills out[i] with 1 when page firstPage + i is resident. False when unsupported.
bool ResidentPages(const FileView& view, uint64_t firstPage, uint64_t count, uint8_t* out);
uint64_t PageSize();
/// Keeps this library loaded for the life of the process. Node unloads an addon when the
/// worker thread that loaded it ends; our scan threads and our SIGBUS handler would then point
/// into unmapped code. Idempotent.
void PinLibrary();
/// Lowers the calling thread's scheduling priority (scan threads): when cores are busy, the JS
/// thread and the UI win over background scans.
void LowerThreadPriority();

}  // namespace arrayscope::platform
