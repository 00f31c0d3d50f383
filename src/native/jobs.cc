#include "jobs.h"

#include "js_args.h"

namespace arrayscope {

PromiseJob::PromiseJob(Napi::Env env, std::shared_ptr<MappedFile> file)
    : Napi::AsyncWorker(env, "arrayscope"), deferred_(Napi::Promise::Deferred::New(env)), file_(std::move(file)) {}

Napi::Promise PromiseJob::Start() {
  Napi::Promise promise = deferred_.Promise();
  Queue();
  return promise;
}

void PromiseJob::Execute() {
  try {
    file_->ThrowIfClosed();
    Run(*file_);
  } catch (const NativeError& e) {
    error_ = e;
  } catch (const std::exception& e) {
    error_ = NativeError(ErrorCode::kInternal, e.what());
  }
  file_.reset();  // if the handle was closed meanwhile, the munmap happens here, off the JS thread
  if (error_) SetError(error_->what());
}

// Settling runs JS. While the environment is being torn down (a worker thread ending) no JS can
// run and nobody awaits the promise: failures to settle are dropped instead of escaping into
// libuv, which would abort the process.
void PromiseJob::OnOK() {
  try {
    deferred_.Resolve(Result(Env()));
  } catch (const Napi::Error& e) {
    try {
      deferred_.Reject(e.Value());
    } catch (const Napi::Error&) {
    }
  }
}

void PromiseJob::OnError(const Napi::Error&) {
  NativeError e = error_ ? *error_ : NativeError(ErrorCode::kInternal, "unknown failure");
  try {
    deferred_.Reject(ToJsError(Env(), e).Value());
  } catch (const Napi::Error&) {
  }
}

namespace {

// The destination is allocated by V8 on the JS thread before the job is queued (never an
// external buffer over mapped memory: Electron's V8 memory cage forbids those). Its backing
// store does not move, and JS cannot see it until the promise resolves.
class CopyJob : public PromiseJob {
 public:
  CopyJob(Napi::Env env, std::shared_ptr<MappedFile> file, uint64_t bytes) : PromiseJob(env, std::move(file)) {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, static_cast<size_t>(bytes));
    destination_ = static_cast<uint8_t*>(buffer.Data());
    bytes_ = bytes;
    buffer_ = Napi::Persistent(buffer);
  }

 protected:
  Napi::Value Result(Napi::Env env) override {
    return Napi::Uint8Array::New(env, static_cast<size_t>(bytes_), buffer_.Value(), 0);
  }
  uint8_t* destination_ = nullptr;
  uint64_t bytes_ = 0;

 private:
  Napi::Reference<Napi::ArrayBuffer> buffer_;
};

class ReadJob : public CopyJob {
 public:
  ReadJob(Napi::Env env, std::shared_ptr<MappedFile> file, uint64_t offset, uint64_t length)
      : CopyJob(env, std::move(file), length), offset_(offset) {}

 protected:
  void Run(MappedFile& file) override { file.CopyOut(offset_, bytes_, destination_); }

 private:
  uint64_t offset_;
};

class GatherJob : public CopyJob {
 public:
  GatherJob(Napi::Env env, std::shared_ptr<MappedFile> file, GatherPlan plan)
      : CopyJob(env, std::move(file), plan.bytes), plan_(std::move(plan)) {}

 protected:
  void Run(MappedFile& file) override { Gather(file, plan_, destination_); }

 private:
  GatherPlan plan_;
};

class SyncJob : public PromiseJob {
 public:
  using PromiseJob::PromiseJob;

 protected:
  void Run(MappedFile& file) override { file.Sync(); }
  Napi::Value Result(Napi::Env env) override { return env.Undefined(); }
};

class ResidencyJob : public PromiseJob {
 public:
  ResidencyJob(Napi::Env env, std::shared_ptr<MappedFile> file, uint32_t buckets, uint64_t offset, uint64_t length)
      : PromiseJob(env, std::move(file)), buckets_(buckets), offset_(offset), length_(length) {}

 protected:
  void Run(MappedFile& file) override { result_ = file.ResidencyOf(buckets_, offset_, length_); }
  Napi::Value Result(Napi::Env env) override {
    Napi::Float64Array fractions = Napi::Float64Array::New(env, result_.fractions.size());
    for (size_t i = 0; i < result_.fractions.size(); ++i) fractions[i] = result_.fractions[i];
    Napi::Object out = Napi::Object::New(env);
    out.Set("fractions", fractions);
    out.Set("sampled", Napi::Boolean::New(env, result_.sampled));
    out.Set("pageSize", Napi::Number::New(env, static_cast<double>(PageSize())));
    return out;
  }

 private:
  uint32_t buckets_;
  uint64_t offset_, length_;
  Residency result_;
};

}  // namespace

Napi::Promise StartRead(Napi::Env env, std::shared_ptr<MappedFile> file, uint64_t offset, uint64_t length) {
  return (new ReadJob(env, std::move(file), offset, length))->Start();
}

Napi::Promise StartGather(Napi::Env env, std::shared_ptr<MappedFile> file, GatherPlan plan) {
  return (new GatherJob(env, std::move(file), std::move(plan)))->Start();
}

Napi::Promise StartSync(Napi::Env env, std::shared_ptr<MappedFile> file) {
  return (new SyncJob(env, std::move(file)))->Start();
}

Napi::Promise StartResidency(Napi::Env env, std::shared_ptr<MappedFile> file, uint32_t buckets, uint64_t offset,
                             uint64_t length) {
  return (new ResidencyJob(env, std::move(file), buckets, offset, length))->Start();
}

}  // namespace arrayscope
