// Asynchronous work behind the addon's promises.
//
// - Short I/O jobs (readAsync, gatherAsync, sync, residency) are Napi::AsyncWorkers on libuv's
//   thread pool, like Node's own fs calls.
// - Scans run on threads of their own (scan.h), not on libuv's pool, so that several long scans
//   can never starve fs calls; a thread-safe function brings progress and the result back.
// Every job owns a shared_ptr to the MappedFile: the memory stays mapped until it ends, and it
// lets go of it on its worker thread so a deferred munmap never runs on the JS thread.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>
#include <optional>

#include "gather.h"
#include "mapping.h"
#include "scan.h"

namespace arrayscope {

class PromiseJob : public Napi::AsyncWorker {
 public:
  PromiseJob(Napi::Env env, std::shared_ptr<MappedFile> file);
  /// Queues the job and returns its promise.
  Napi::Promise Start();

 protected:
  virtual void Run(MappedFile& file) = 0;           // worker thread
  virtual Napi::Value Result(Napi::Env env) = 0;    // JS thread, after Run succeeded

 private:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

  Napi::Promise::Deferred deferred_;
  std::shared_ptr<MappedFile> file_;
  std::optional<NativeError> error_;
};

/// Copies `length` bytes at `offset` into a new V8-owned ArrayBuffer; resolves to a Uint8Array.
Napi::Promise StartRead(Napi::Env env, std::shared_ptr<MappedFile> file, uint64_t offset, uint64_t length);
/// Gathers a region into a new V8-owned ArrayBuffer; resolves to a Uint8Array.
Napi::Promise StartGather(Napi::Env env, std::shared_ptr<MappedFile> file, GatherPlan plan);
Napi::Promise StartSync(Napi::Env env, std::shared_ptr<MappedFile> file);
/// Resolves to { fractions: Float64Array, sampled: boolean, pageSize: number }.
Napi::Promise StartResidency(Napi::Env env, std::shared_ptr<MappedFile> file, uint32_t buckets, uint64_t offset,
                             uint64_t length);

using ScanResultFn = std::function<Napi::Value(Napi::Env)>;

/// Runs `kernel` off the JS thread. Returns { promise, cancel }: cancel() makes the scan reject
/// with ERR_AS_CANCELLED at its next chunk. `onProgress(done, total)` (a function or undefined)
/// is called on the JS thread. `result` builds the resolved value from the finished kernel.
Napi::Object StartScan(Napi::Env env, std::shared_ptr<MappedFile> file, std::shared_ptr<ScanKernel> kernel,
                       ScanResultFn result, uint64_t totalElements, uint64_t requiredBytes,
                       const Napi::Value& onProgress);

}  // namespace arrayscope
