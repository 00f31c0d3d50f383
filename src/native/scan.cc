#include "scan.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "fault_guard.h"
#include "platform.h"

namespace arrayscope {

namespace {

constexpr unsigned kMaxThreads = 16;
constexpr auto kProgressInterval = std::chrono::milliseconds(50);

using Clock = std::chrono::steady_clock;

class ScanRun {
 public:
  ScanRun(const MappedFile& file, ScanKernel& kernel, const ScanControl& control)
      : file_(file), kernel_(kernel), control_(control), start_(Clock::now()) {}

  void Work(unsigned worker) {
    for (;;) {
      if (failed_.load(std::memory_order_relaxed)) return;
      uint64_t chunk = next_.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= kernel_.ChunkCount()) return;
      try {
        RunOne(chunk, worker);
      } catch (const NativeError& e) {
        Fail(e);
      } catch (const std::exception& e) {
        Fail(NativeError(ErrorCode::kInternal, e.what()));
      }
    }
  }

  void Fail(const NativeError& e) {
    std::lock_guard<std::mutex> lock(errorMutex_);
    if (!error_) error_ = e;
    failed_.store(true, std::memory_order_relaxed);
  }

  const std::optional<NativeError>& error() const { return error_; }

 private:
  void RunOne(uint64_t chunk, unsigned worker) {
    if (control_.cancel && control_.cancel->load(std::memory_order_relaxed)) {
      throw NativeError(ErrorCode::kCancelled, "the scan was cancelled");
    }
    file_.ThrowIfClosed();
    file_.RequireFileCovers(control_.requiredBytes);
    uint64_t spanOffset, spanLength;
    if (kernel_.ChunkSpan(chunk, &spanOffset, &spanLength)) file_.Prefault(spanOffset, spanLength);
    auto body = [&] { kernel_.RunChunk(chunk, worker); };
    if (!Guarded(file_.data(), file_.size(), body)) throw file_.FaultError(control_.requiredBytes);
    kernel_.AfterChunk(chunk, worker);
    done_.fetch_add(kernel_.ChunkElements(chunk), std::memory_order_relaxed);
    MaybeReport();
  }

  // At most one report per interval, whichever worker gets there first. The count is read and
  // sent under a lock so reports stay monotone even when workers race.
  void MaybeReport() {
    if (!control_.progress) return;
    const int64_t interval = std::chrono::duration_cast<std::chrono::microseconds>(kProgressInterval).count();
    if (Elapsed() - lastReport_.load(std::memory_order_relaxed) < interval) return;  // cheap pre-check
    std::lock_guard<std::mutex> lock(progressMutex_);
    int64_t now = Elapsed();
    if (now - lastReport_.load(std::memory_order_relaxed) < interval) return;
    lastReport_.store(now, std::memory_order_relaxed);
    control_.progress(done_.load(std::memory_order_relaxed), control_.totalElements);
  }

  int64_t Elapsed() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_).count();
  }

  const MappedFile& file_;
  ScanKernel& kernel_;
  const ScanControl& control_;
  Clock::time_point start_;
  std::atomic<uint64_t> next_{0};
  std::atomic<uint64_t> done_{0};
  std::atomic<int64_t> lastReport_{0};
  std::atomic<bool> failed_{false};
  std::mutex errorMutex_;
  std::mutex progressMutex_;
  std::optional<NativeError> error_;
};

// All cores by default; ARRAYSCOPE_SCAN_THREADS=n overrides (benchmarks, shared machines).
unsigned ScanThreads() {
  static const unsigned threads = [] {
    const char* text = std::getenv("ARRAYSCOPE_SCAN_THREADS");
    long n = text != nullptr ? std::strtol(text, nullptr, 10) : 0;
    if (n > 0) return static_cast<unsigned>(std::min<long>(n, kMaxThreads));
    return std::max(1u, std::thread::hardware_concurrency());
  }();
  return threads;
}

}  // namespace

uint64_t ChunkLength(uint64_t count, uint64_t itemsize, int64_t stride) {
  constexpr uint64_t kChunkBytes = uint64_t{4} << 20;
  constexpr uint64_t kMaxChunks = 65536;
  // A strided element costs about one cache line; a contiguous one its own size.
  const uint64_t distance = static_cast<uint64_t>(stride < 0 ? -stride : stride);
  const uint64_t step = stride == 0 ? itemsize : std::max<uint64_t>(itemsize, std::min<uint64_t>(64, distance));
  uint64_t length = std::max<uint64_t>(4096, kChunkBytes / step);
  return std::max(length, (count + kMaxChunks - 1) / kMaxChunks);
}

void RunScan(const MappedFile& file, ScanKernel& kernel, const ScanControl& control) {
  const uint64_t chunks = kernel.ChunkCount();
  unsigned threads = ScanThreads();
  threads = static_cast<unsigned>(std::min<uint64_t>({threads, kMaxThreads, std::max<uint64_t>(chunks, 1)}));
  kernel.PrepareWorkers(threads);
  ScanRun run(file, kernel, control);
  std::vector<std::thread> helpers;
  for (unsigned w = 1; w < threads; ++w) {
    try {
      helpers.emplace_back([&run, w] {
        platform::LowerThreadPriority();
        run.Work(w);
      });
    } catch (const std::system_error&) {
      break;  // fewer threads than hoped: the others share the chunks
    }
  }
  run.Work(0);
  for (std::thread& t : helpers) t.join();
  if (run.error()) throw *run.error();
  if (control.progress) control.progress(control.totalElements, control.totalElements);
}

}  // namespace arrayscope
