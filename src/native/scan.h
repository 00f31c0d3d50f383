// The parallel scan driver: splits a kernel's work into chunks, runs them on a few threads off the
// JS thread, checks cancellation and the file's size before every chunk, guards every chunk
// against faults, and reports progress at most ~20 times per second.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "mapping.h"

namespace arrayscope {

/// One scan's work. Chunks may run in any order and on any thread.
class ScanKernel {
 public:
  virtual ~ScanKernel() = default;
  virtual uint64_t ChunkCount() const = 0;
  /// Elements in `chunk`, for progress.
  virtual uint64_t ChunkElements(uint64_t chunk) const = 0;
  /// Allocates the per-worker scratch of worker `worker` (< workers). Runs outside any guard.
  virtual void PrepareWorkers(unsigned workers) = 0;
  /// Processes one chunk. Runs inside a fault guard: no allocation, no locks, no throwing.
  virtual void RunChunk(uint64_t chunk, unsigned worker) = 0;
  /// Runs after a successful RunChunk, outside the guard (may lock and merge).
  virtual void AfterChunk(uint64_t /*chunk*/, unsigned /*worker*/) {}
  /// The byte range a chunk reads when it is dense enough to be worth pre-faulting in one
  /// call (every page touched); false otherwise.
  virtual bool ChunkSpan(uint64_t /*chunk*/, uint64_t* /*offset*/, uint64_t* /*length*/) const { return false; }
};

struct ScanControl {
  std::shared_ptr<std::atomic<bool>> cancel;  // may be null
  /// Called from worker threads with (elements done, total); at most every 50 ms, plus once
  /// with done == total when the scan succeeds.
  std::function<void(uint64_t, uint64_t)> progress;
  uint64_t totalElements = 0;
  /// The file must still cover this many bytes (the region's end) before each chunk.
  uint64_t requiredBytes = 0;
};

/// Runs the kernel to completion. Throws NativeError: kCancelled, kClosed, kTruncated, kIo.
void RunScan(const MappedFile& file, ScanKernel& kernel, const ScanControl& control);

/// Chunk length in elements for a region of `count` elements with innermost stride `stride`:
/// about 4 MiB of touched memory, and at most 65536 chunks in all.
uint64_t ChunkLength(uint64_t count, uint64_t itemsize, int64_t stride);

}  // namespace arrayscope
