// Platform-neutral half of MappedFile: argument checks, guarded copies, dirty-page bookkeeping
// for 'c' mode, and turning mincore-style page residency into per-bucket fractions.
#include "mapping.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <system_error>
#include <thread>

#include "fault_guard.h"
#include "platform.h"

namespace arrayscope {

namespace {

constexpr uint64_t kBackgroundReleaseBytes = uint64_t{64} << 20;
constexpr uint32_t kMaxResidencyBuckets = 4096;  // one mincore call per bucket at least
// mincore costs ~60 ns per page plus ~3 us per call here: exact up to 256 Ki pages (~15 ms),
// otherwise at most 8192 windows of 16 pages (~30 ms).
constexpr uint64_t kExactResidencyPages = uint64_t{1} << 18;
constexpr uint64_t kSampleWindows = 8192;
constexpr uint64_t kSampleWindowPages = 16;
constexpr uint64_t kResidencyPiecePages = uint64_t{1} << 16;

}  // namespace

void CheckByteRange(uint64_t offset, uint64_t length, uint64_t size) {
  if (offset > size || length > size - offset) {
    throw RangeError("bytes " + std::to_string(offset) + ".." + std::to_string(offset + length) +
                     " are outside the mapping of " + std::to_string(size) + " bytes");
  }
}

uint64_t PageSize() {
  static const uint64_t size = platform::PageSize();
  return size;
}

std::shared_ptr<MappedFile> MappedFile::Open(const std::string& path, MapMode mode, uint64_t createSize) {
  InstallFaultHandler();
  auto view = std::make_unique<platform::FileView>(platform::OpenView(path, mode, createSize));
  return std::shared_ptr<MappedFile>(new MappedFile(std::move(view), mode));
}

MappedFile::MappedFile(std::unique_ptr<platform::FileView> view, MapMode mode)
    : view_(std::move(view)), mode_(mode) {
  // 4 MiB granules, fewer (larger) for huge files: at most 2^24 bits (2 MiB) of bookkeeping.
  prefaultGranule_ = std::max<uint64_t>(uint64_t{4} << 20, (view_->size >> 24) + 1);
  uint64_t words = (view_->size / prefaultGranule_ + 64) / 64;
  prefaulted_.reset(new std::atomic<uint64_t>[words]);
  for (uint64_t i = 0; i < words; ++i) prefaulted_[i].store(0, std::memory_order_relaxed);
}

MappedFile::~MappedFile() { platform::CloseView(*view_); }

uint64_t MappedFile::size() const { return view_->size; }
const uint8_t* MappedFile::data() const { return view_->base; }

void MappedFile::ThrowIfClosed() const {
  if (closed()) throw NativeError(ErrorCode::kClosed, "the mapping is closed");
}

uint64_t MappedFile::CurrentFileSize() const {
  ThrowIfClosed();
  return platform::CurrentSize(*view_);
}

void MappedFile::RequireFileCovers(uint64_t end) const {
  uint64_t now = platform::CurrentSize(*view_);
  if (now < end) throw TruncatedError(end, now);
}

NativeError MappedFile::FaultError(uint64_t end) const {
  try {
    uint64_t now = platform::CurrentSize(*view_);
    if (now < end) return TruncatedError(end, now);
  } catch (const NativeError& e) {
    return e;
  }
  NativeError e(ErrorCode::kIo,
                "the operating system could not read or store a page of the mapped file "
                "(an I/O error, or the disk is full)");
  e.errnoName = "EIO";
  e.syscall = "memory access";
  return e;
}

void MappedFile::CopyOut(uint64_t offset, uint64_t length, uint8_t* destination) const {
  ThrowIfClosed();
  CheckByteRange(offset, length, size());
  if (length == 0) return;
  RequireFileCovers(offset + length);
  const uint8_t* source = data() + offset;
  auto copy = [&] { std::memcpy(destination, source, length); };
  if (!Guarded(data(), size(), copy)) throw FaultError(offset + length);
}

void MappedFile::CopyIn(uint64_t offset, const uint8_t* source, uint64_t length) {
  ThrowIfClosed();
  if (mode_ == MapMode::kRead) throw NativeError(ErrorCode::kReadOnly, "the mapping was opened read-only");
  CheckByteRange(offset, length, size());
  if (length == 0) return;
  RequireFileCovers(offset + length);
  if (mode_ == MapMode::kCopyOnWrite) {
    // Recorded before writing: a page marked but left unwritten (fault midway) is harmless,
    // a written page left unmarked could be discarded by advise('dontneed').
    std::lock_guard<std::mutex> lock(dirtyMutex_);
    dirty_.Add(PagesOf(offset, length));
  }
  uint8_t* target = view_->base + offset;
  auto copy = [&] { std::memcpy(target, source, length); };
  if (!Guarded(data(), size(), copy)) throw FaultError(offset + length);
}

void MappedFile::Sync() const {
  ThrowIfClosed();
  // 'r' never writes and 'c' writes never reach the file: nothing to flush.
  if (mode_ == MapMode::kRead || mode_ == MapMode::kCopyOnWrite || size() == 0) return;
  platform::Flush(*view_);
}

PageRange MappedFile::PagesOf(uint64_t offset, uint64_t length) const {
  const uint64_t page = PageSize();
  return {offset / page, (offset + length + page - 1) / page};
}

void MappedFile::AdviseClean(Advice advice, PageRange pages) {
  const uint64_t page = PageSize();
  std::vector<PageRange> parts{pages};
  if (mode_ == MapMode::kCopyOnWrite && advice == Advice::kDontNeed) {
    std::lock_guard<std::mutex> lock(dirtyMutex_);
    parts = dirty_.CleanParts(pages);  // INVARIANT: never discard this mapping's edits
  }
  for (const PageRange& part : parts) {
    platform::Advise(*view_, advice, part.first * page, (part.end - part.first) * page);
  }
  if (advice == Advice::kDontNeed) ForgetPrefaulted(pages.first * page, (pages.end - pages.first) * page);
}

void MappedFile::Advise(Advice advice, uint64_t offset, uint64_t length) {
  ThrowIfClosed();
  CheckByteRange(offset, length, size());
  if (length == 0) return;
  AdviseClean(advice, PagesOf(offset, length));
}

void MappedFile::Prefault(uint64_t offset, uint64_t length) const {
  if (offset >= size() || length == 0) return;
  const uint64_t end = std::min(size(), offset + length);
  for (uint64_t g = offset / prefaultGranule_; g * prefaultGranule_ < end; ++g) {
    const uint64_t bit = uint64_t{1} << (g % 64);
    if (prefaulted_[g / 64].fetch_or(bit, std::memory_order_relaxed) & bit) continue;  // done before
    const uint64_t first = g * prefaultGranule_;
    platform::Prefault(*view_, first, std::min(size(), first + prefaultGranule_) - first);
  }
}

void MappedFile::ForgetPrefaulted(uint64_t offset, uint64_t length) const {
  const uint64_t end = std::min(size(), offset + length);
  for (uint64_t g = offset / prefaultGranule_; g * prefaultGranule_ < end; ++g) {
    prefaulted_[g / 64].fetch_and(~(uint64_t{1} << (g % 64)), std::memory_order_relaxed);
  }
}

void MappedFile::Evict(uint64_t offset, uint64_t length) {
  ThrowIfClosed();
  CheckByteRange(offset, length, size());
  if (length == 0) return;
  PageRange pages = PagesOf(offset, length);
  AdviseClean(Advice::kDontNeed, pages);
  const uint64_t page = PageSize();
  platform::EvictCache(*view_, pages.first * page, (pages.end - pages.first) * page);
}

void MappedFile::DiscardPrivate() {
  ThrowIfClosed();
  if (mode_ == MapMode::kReadWrite || mode_ == MapMode::kCreate) {
    throw RangeError("writes in mode 'r+'/'w+' go straight to the file and cannot be discarded");
  }
  std::lock_guard<std::mutex> lock(dirtyMutex_);
  const uint64_t page = PageSize();
  for (const PageRange& range : dirty_.All()) {
    platform::DiscardPrivate(*view_, range.first * page, (range.end - range.first) * page);
    ForgetPrefaulted(range.first * page, (range.end - range.first) * page);
  }
  dirty_.Clear();
}

uint64_t MappedFile::DirtyPageCount() const {
  std::lock_guard<std::mutex> lock(dirtyMutex_);
  return dirty_.Count();
}

bool MappedFile::AllResident(uint64_t offset, uint64_t length) const {
  ThrowIfClosed();
  CheckByteRange(offset, length, size());
  constexpr uint64_t kMaxQuickResidentBytes = uint64_t{16} << 20;  // a cheap check: at most 4096 pages
  if (length == 0) return true;
  if (length > kMaxQuickResidentBytes) return false;
  const uint64_t page = platform::PageSize();
  const uint64_t first = offset / page;
  const uint64_t end = (offset + length + page - 1) / page;
  std::vector<uint8_t> scratch(static_cast<size_t>(end - first));
  if (!platform::ResidentPages(*view_, first, end - first, scratch.data())) return false;
  for (uint8_t r : scratch) {
    if ((r & 1) == 0) return false;
  }
  return true;
}

uint64_t MappedFile::CountResident(uint64_t firstPage, uint64_t endPage, std::vector<uint8_t>& scratch) const {
  uint64_t resident = 0;
  for (uint64_t page = firstPage; page < endPage; page += kResidencyPiecePages) {
    uint64_t count = std::min(kResidencyPiecePages, endPage - page);
    if (!platform::ResidentPages(*view_, page, count, scratch.data())) {
      throw NativeError(ErrorCode::kUnsupported, "page residency is not available on this platform");
    }
    for (uint64_t i = 0; i < count; ++i) resident += scratch[i] & 1;
  }
  return resident;
}

Residency MappedFile::ResidencyOf(uint32_t buckets, uint64_t offset, uint64_t length) const {
  ThrowIfClosed();
  if (buckets == 0 || buckets > kMaxResidencyBuckets) {
    throw RangeError("buckets must be between 1 and " + std::to_string(kMaxResidencyBuckets));
  }
  CheckByteRange(offset, length, size());
  Residency out;
  out.fractions.assign(buckets, std::numeric_limits<double>::quiet_NaN());
  if (length == 0) return out;
  const uint64_t page = PageSize();
  const uint64_t totalPages = (offset + length + page - 1) / page - offset / page;
  out.sampled = totalPages > kExactResidencyPages;
  const uint64_t windowsPerBucket = std::max<uint64_t>(1, kSampleWindows / buckets);
  std::vector<uint8_t> scratch(kResidencyPiecePages);
  for (uint32_t b = 0; b < buckets; ++b) {
    uint64_t start = offset + MulDiv(b, length, buckets);
    uint64_t end = offset + MulDiv(b + 1, length, buckets);
    uint64_t first = start / page;
    uint64_t last = std::max(first + 1, (end + page - 1) / page);  // a bucket sees >= 1 page
    uint64_t n = last - first;
    if (!out.sampled || n <= windowsPerBucket * kSampleWindowPages) {
      out.fractions[b] = static_cast<double>(CountResident(first, last, scratch)) / static_cast<double>(n);
      continue;
    }
    uint64_t resident = 0, seen = 0;
    for (uint64_t j = 0; j < windowsPerBucket; ++j) {  // evenly spaced windows across the bucket
      uint64_t center = first + MulDiv(2 * j + 1, n, 2 * windowsPerBucket);
      uint64_t begin = std::min(last - kSampleWindowPages, std::max(first, center - std::min(center, kSampleWindowPages / 2)));
      resident += CountResident(begin, begin + kSampleWindowPages, scratch);
      seen += kSampleWindowPages;
    }
    out.fractions[b] = static_cast<double>(resident) / static_cast<double>(seen);
  }
  return out;
}

void ReleaseInBackground(std::shared_ptr<MappedFile> file) {
  if (!file || file.use_count() > 1 || file->size() < kBackgroundReleaseBytes) return;
  try {
    std::thread([owned = std::move(file)]() mutable { owned.reset(); }).detach();
  } catch (const std::system_error&) {
    // No thread available: `file` (if not moved) is released here, on the caller's thread.
  }
}

}  // namespace arrayscope
