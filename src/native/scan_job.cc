// StartScan (jobs.h): a scan on a thread of its own, reporting back through a thread-safe
// function. Messages arrive in order, so every progress call precedes the promise settling.
#include <mutex>
#include <system_error>
#include <thread>

#include "jobs.h"
#include "js_args.h"
#include "platform.h"

namespace arrayscope {

namespace {

struct ScanMessage {
  bool finished;
  uint64_t done, total;
};

class ScanJob;
void Deliver(Napi::Env env, Napi::Function, ScanJob* job, ScanMessage* message);
using Channel = Napi::TypedThreadSafeFunction<ScanJob, ScanMessage, Deliver>;

// Lifetime: owned by a shared_ptr held by the scan thread and by the thread-safe function's
// context holder; whichever lets go last deletes it. JS handles (deferred, progress callback)
// are only touched on the JS thread.
class ScanJob {
 public:
  ScanJob(Napi::Env env, std::shared_ptr<MappedFile> file, std::shared_ptr<ScanKernel> kernel, ScanResultFn result)
      : deferred_(Napi::Promise::Deferred::New(env)), file_(std::move(file)), kernel_(std::move(kernel)),
        result_(std::move(result)), cancel_(std::make_shared<std::atomic<bool>>(false)) {}

  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference onProgress_;
  Channel channel_;
  std::shared_ptr<MappedFile> file_;
  std::shared_ptr<ScanKernel> kernel_;
  ScanResultFn result_;
  ScanControl control_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::optional<NativeError> error_;

  void Run() {
    try {
      RunScan(*file_, *kernel_, control_);
    } catch (const NativeError& e) {
      error_ = e;
    } catch (const std::exception& e) {
      error_ = NativeError(ErrorCode::kInternal, e.what());
    }
    file_.reset();  // a deferred munmap (handle closed meanwhile) happens here, off the JS thread
    Send(ScanMessage{true, 0, 0});
    ReleaseChannel();
  }

  // The channel may be finalized before this thread is done with it (the environment is torn
  // down while the scan runs; Node then deletes it): Send and Release check under a lock.
  void Send(const ScanMessage& message) {
    std::lock_guard<std::mutex> lock(channelMutex_);
    if (!channelOpen_) return;
    auto* copy = new ScanMessage(message);
    if (channel_.NonBlockingCall(copy) != napi_ok) delete copy;  // environment shutting down
  }

  void ReleaseChannel() {
    std::lock_guard<std::mutex> lock(channelMutex_);
    if (channelOpen_) channel_.Release();
  }

  void ChannelFinalized() {
    std::lock_guard<std::mutex> lock(channelMutex_);
    channelOpen_ = false;
    onProgress_.Reset();
  }

  std::mutex channelMutex_;
  bool channelOpen_ = true;

  // Failures to settle (the environment cannot run JS any more) are dropped: see PromiseJob::OnOK.
  void Settle(Napi::Env env) {
    try {
      if (error_) {
        deferred_.Reject(ToJsError(env, *error_).Value());
        return;
      }
      try {
        deferred_.Resolve(result_(env));
      } catch (const Napi::Error& e) {
        deferred_.Reject(e.Value());
      }
    } catch (const Napi::Error&) {
    }
  }

  void Progress(uint64_t done, uint64_t total) {
    if (onProgress_.IsEmpty()) return;
    Napi::Env env = onProgress_.Env();
    try {
      onProgress_.Call({Napi::Number::New(env, static_cast<double>(done)), Napi::Number::New(env, static_cast<double>(total))});
    } catch (const Napi::Error&) {
      // A throwing progress callback must not break the scan; the TS wrapper reports it.
    }
  }
};

// Registered for the scan's lifetime: when the environment is torn down (worker thread exit,
// process exit) running scans stop at their next chunk instead of running to completion.
void CancelOnTeardown(void* flag) { static_cast<std::atomic<bool>*>(flag)->store(true); }

void Deliver(Napi::Env env, Napi::Function, ScanJob* job, ScanMessage* message) {
  if (env != nullptr && job != nullptr) {
    if (message->finished) job->Settle(env);
    else job->Progress(message->done, message->total);
  }
  delete message;
}

}  // namespace

Napi::Object StartScan(Napi::Env env, std::shared_ptr<MappedFile> file, std::shared_ptr<ScanKernel> kernel,
                       ScanResultFn result, uint64_t totalElements, uint64_t requiredBytes,
                       const Napi::Value& onProgress) {
  auto job = std::make_shared<ScanJob>(env, std::move(file), std::move(kernel), std::move(result));
  if (onProgress.IsFunction()) job->onProgress_ = Napi::Persistent(onProgress.As<Napi::Function>());
  job->control_.cancel = job->cancel_;
  job->control_.totalElements = totalElements;
  job->control_.requiredBytes = requiredBytes;
  if (!job->onProgress_.IsEmpty()) {
    ScanJob* raw = job.get();
    job->control_.progress = [raw](uint64_t done, uint64_t total) { raw->Send(ScanMessage{false, done, total}); };
  }
  // The channel's context holds one reference; its finalizer (JS thread) drops it and releases
  // the JS handles there.
  auto* holder = new std::shared_ptr<ScanJob>(job);
  std::atomic<bool>* flag = job->cancel_.get();
  napi_add_env_cleanup_hook(env, CancelOnTeardown, flag);
  job->channel_ = Channel::New(env, "arrayscope-scan", 0, 1, job.get(), [holder, flag](Napi::Env finalEnv, void*, ScanJob*) {
    napi_remove_env_cleanup_hook(finalEnv, CancelOnTeardown, flag);
    (*holder)->ChannelFinalized();
    delete holder;
  });
  Napi::Promise promise = job->deferred_.Promise();
  try {
    std::thread([job] {
      platform::LowerThreadPriority();
      job->Run();
    }).detach();
  } catch (const std::system_error& e) {
    job->error_ = NativeError(ErrorCode::kInternal, std::string("cannot start a scan thread: ") + e.what());
    job->Settle(env);
    job->ReleaseChannel();
  }
  auto cancel = job->cancel_;
  Napi::Object out = Napi::Object::New(env);
  out.Set("promise", promise);
  out.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
  return out;
}

}  // namespace arrayscope
