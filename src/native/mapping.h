// MappedFile: one file mapped whole in one of numpy.memmap's modes. Platform-neutral; the OS
// calls live behind platform.h. Shared by the JS handle and every in-flight job through
// shared_ptr, so the memory stays mapped until the last job that uses it has finished even when
// the handle is closed meanwhile.
//
// INVARIANTS
// - Every byte read or written goes through a size check against fstat (RequireFileCovers) and
//   a fault guard (fault_guard.h): a file truncated under us gives kTruncated, never a crash.
// - In 'c' mode the pages this mapping has written are recorded before the write and are never
//   given to MADV_DONTNEED except by DiscardPrivate, which exists to drop them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common.h"
#include "dirty_pages.h"

namespace arrayscope {

enum class MapMode { kRead, kCopyOnWrite, kReadWrite, kCreate };
enum class Advice { kNormal, kRandom, kSequential, kWillNeed, kDontNeed };

struct Residency {
  std::vector<double> fractions;  // per bucket: resident pages / pages looked at
  bool sampled = false;           // true when only some pages of each bucket were looked at
};

namespace platform {
struct FileView;
}

class MappedFile {
 public:
  static std::shared_ptr<MappedFile> Open(const std::string& path, MapMode mode, uint64_t createSize);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  uint64_t size() const;
  MapMode mode() const { return mode_; }
  const uint8_t* data() const;
  bool writable() const { return mode_ != MapMode::kRead; }

  /// Marks the mapping closed: every later call (and every running scan, at its next chunk)
  /// fails with kClosed. The memory itself is released when the last owner lets go.
  void MarkClosed() { closed_.store(true, std::memory_order_release); }
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  void ThrowIfClosed() const;

  uint64_t CurrentFileSize() const;
  /// Throws kTruncated when the file is now shorter than `end` bytes.
  void RequireFileCovers(uint64_t end) const;
  /// The error for a fault while touching bytes below `end`: truncated, or an I/O failure.
  NativeError FaultError(uint64_t end) const;

  void CopyOut(uint64_t offset, uint64_t length, uint8_t* destination) const;
  void CopyIn(uint64_t offset, const uint8_t* source, uint64_t length);
  void Sync() const;
  void Advise(Advice advice, uint64_t offset, uint64_t length);
  /// Maps the pages of a range in one call before a scan touches them (a page fault per page
  /// costs more than the scan itself). Each granule is prefaulted once per mapping (walking
  /// already-mapped pages again is not free); advise('dontneed')/evict forget their granules.
  /// A hint: failures are ignored, nothing is read.
  void Prefault(uint64_t offset, uint64_t length) const;
  void Evict(uint64_t offset, uint64_t length);
  void DiscardPrivate();
  uint64_t DirtyPageCount() const;
  /// True when every page of [offset, offset + length) is in the page cache now, so copying it
  /// cannot wait on the disk. False for spans above kMaxQuickResidentBytes or where unsupported.
  bool AllResident(uint64_t offset, uint64_t length) const;
  Residency ResidencyOf(uint32_t buckets, uint64_t offset, uint64_t length) const;

 private:
  MappedFile(std::unique_ptr<platform::FileView> view, MapMode mode);
  PageRange PagesOf(uint64_t offset, uint64_t length) const;
  void AdviseClean(Advice advice, PageRange pages);
  uint64_t CountResident(uint64_t firstPage, uint64_t endPage, std::vector<uint8_t>& scratch) const;

  std::unique_ptr<platform::FileView> view_;
  MapMode mode_;
  std::atomic<bool> closed_{false};
  void ForgetPrefaulted(uint64_t offset, uint64_t length) const;

  uint64_t prefaultGranule_ = 0;
  std::unique_ptr<std::atomic<uint64_t>[]> prefaulted_;  // one bit per granule
  mutable std::mutex dirtyMutex_;
  DirtyPages dirty_;
};

/// Throws kRange unless [offset, offset + length) lies within [0, size).
void CheckByteRange(uint64_t offset, uint64_t length, uint64_t size);
uint64_t PageSize();

/// Drops `file` on a background thread when it holds a large mapping: munmap of a populated
/// multi-GB mapping takes tens of milliseconds, which must not block the JS thread.
void ReleaseInBackground(std::shared_ptr<MappedFile> file);

}  // namespace arrayscope
