// The N-API surface: a thin `Mapping` class over MappedFile plus pageSize(). Arguments are
// validated in js_args.cc, work is done by mapping/gather/kernels, async plumbing is in jobs.
// Every byte returned to JS is copied into memory V8 allocated itself.
#include <napi.h>

#include <cstring>

#include "fault_guard.h"
#include "gather.h"
#include "jobs.h"
#include "js_args.h"
#include "platform.h"
#include "scan_methods.h"

namespace arrayscope {

namespace {

class MappingHandle : public Napi::ObjectWrap<MappingHandle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Mapping",
                       {InstanceAccessor<&MappingHandle::Size>("size"),
                        InstanceMethod<&MappingHandle::FileSize>("fileSize"),
                        InstanceMethod<&MappingHandle::Read>("read"),
                        InstanceMethod<&MappingHandle::ReadAsync>("readAsync"),
                        InstanceMethod<&MappingHandle::GatherSync>("gather"),
                        InstanceMethod<&MappingHandle::GatherAsync>("gatherAsync"),
                        InstanceMethod<&MappingHandle::Write>("write"),
                        InstanceMethod<&MappingHandle::Sync>("sync"),
                        InstanceMethod<&MappingHandle::AdviseRange>("advise"),
                        InstanceMethod<&MappingHandle::Evict>("evict"),
                        InstanceMethod<&MappingHandle::DiscardPrivate>("discardPrivate"),
                        InstanceMethod<&MappingHandle::DirtyPageCount>("dirtyPageCount"),
                        InstanceMethod<&MappingHandle::ResidencyAsync>("residency"),
                        InstanceMethod<&MappingHandle::AllResident>("allResident"),
                        InstanceMethod<&MappingHandle::Stats>("stats"),
                        InstanceMethod<&MappingHandle::Histogram>("histogram"),
                        InstanceMethod<&MappingHandle::MinMax>("minmax"),
                        InstanceMethod<&MappingHandle::BlockReduce>("blockReduce"),
                        InstanceMethod<&MappingHandle::Close>("close"),
                        InstanceMethod<&MappingHandle::ReadWithoutSizeCheck>("testReadWithoutSizeCheck")});
  }

  // new Mapping(path, mode, size?): size is required for 'w+' and ignored otherwise.
  explicit MappingHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MappingHandle>(info) {
    TranslateErrors(info.Env(), [&] {
      std::string path = ToString(info[0], "path");
      MapMode mode = ToMapMode(info[1]);
      uint64_t size = 0;
      if (mode == MapMode::kCreate) size = ToIndex(info[2], "size");
      file_ = MappedFile::Open(path, mode, size);
    });
  }

  ~MappingHandle() override { ReleaseInBackground(std::move(file_)); }

 private:
  std::shared_ptr<MappedFile> File() const {
    if (!file_) throw NativeError(ErrorCode::kClosed, "the mapping is closed");
    return file_;
  }

  // (offset?, length?) defaulting to the whole mapping.
  void RangeArgs(const Napi::CallbackInfo& info, size_t first, uint64_t size, uint64_t* offset, uint64_t* length) {
    *offset = ToIndexOr(info[first], "offset", 0);
    *length = ToIndexOr(info[first + 1], "length", *offset <= size ? size - *offset : 0);
  }

  Napi::Value Size(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] { return Napi::Number::New(info.Env(), static_cast<double>(File()->size())); });
  }

  Napi::Value FileSize(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] {
      return Napi::Number::New(info.Env(), static_cast<double>(File()->CurrentFileSize()));
    });
  }

  Napi::Value Read(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset = ToIndex(info[0], "offset"), length = ToIndex(info[1], "length");
      CheckByteRange(offset, length, file->size());
      CheckCopySize(length);
      Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), static_cast<size_t>(length));
      file->CopyOut(offset, length, static_cast<uint8_t*>(buffer.Data()));
      return Napi::Uint8Array::New(info.Env(), static_cast<size_t>(length), buffer, 0);
    });
  }

  Napi::Value ReadAsync(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset = ToIndex(info[0], "offset"), length = ToIndex(info[1], "length");
      CheckByteRange(offset, length, file->size());
      CheckCopySize(length);
      return StartRead(info.Env(), file, offset, length);
    });
  }

  Napi::Value GatherSync(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      GatherPlan plan = PlanGather(*file, ToRegion(info[0]), ToIndex(info[1], "itemsize"));
      Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), static_cast<size_t>(plan.bytes));
      Gather(*file, plan, static_cast<uint8_t*>(buffer.Data()));
      return Napi::Uint8Array::New(info.Env(), static_cast<size_t>(plan.bytes), buffer, 0);
    });
  }

  Napi::Value GatherAsync(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      GatherPlan plan = PlanGather(*file, ToRegion(info[0]), ToIndex(info[1], "itemsize"));
      return StartGather(info.Env(), file, std::move(plan));
    });
  }

  Napi::Value Write(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset = ToIndex(info[0], "offset");
      if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throw RangeError("bytes must be a Uint8Array");
      }
      Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
      file->CopyIn(offset, bytes.Data(), bytes.ByteLength());
      return info.Env().Undefined();
    });
  }

  Napi::Value Sync(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value { return StartSync(info.Env(), File()); });
  }

  Napi::Value AdviseRange(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      Advice advice = ToAdvice(info[0]);
      uint64_t offset, length;
      RangeArgs(info, 1, file->size(), &offset, &length);
      file->Advise(advice, offset, length);
      return info.Env().Undefined();
    });
  }

  Napi::Value Evict(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset, length;
      RangeArgs(info, 0, file->size(), &offset, &length);
      file->Evict(offset, length);
      return info.Env().Undefined();
    });
  }

  Napi::Value DiscardPrivate(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      File()->DiscardPrivate();
      return info.Env().Undefined();
    });
  }

  Napi::Value DirtyPageCount(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      return Napi::Number::New(info.Env(), static_cast<double>(File()->DirtyPageCount()));
    });
  }

  // allResident(offset, length): a quick synchronous mincore check used to decide whether a small
  // page can be copied on the JS thread without waiting on the disk.
  Napi::Value AllResident(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset, length;
      RangeArgs(info, 0, file->size(), &offset, &length);
      return Napi::Boolean::New(info.Env(), file->AllResident(offset, length));
    });
  }

  Napi::Value ResidencyAsync(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t buckets = ToIndex(info[0], "buckets");
      if (buckets == 0 || buckets > 4096) throw RangeError("buckets must be between 1 and 4096");
      uint64_t offset, length;
      RangeArgs(info, 1, file->size(), &offset, &length);
      CheckByteRange(offset, length, file->size());
      return StartResidency(info.Env(), file, static_cast<uint32_t>(buckets), offset, length);
    });
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] { return StartStatsScan(info, File()); });
  }

  Napi::Value Histogram(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] { return StartHistogramScan(info, File()); });
  }

  Napi::Value MinMax(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] { return StartMinMaxScan(info, File()); });
  }

  Napi::Value BlockReduce(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&] { return StartBlockReduceScan(info, File()); });
  }

  // Idempotent. In-flight jobs keep their own reference; they see the closed flag and stop.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (file_) {
      file_->MarkClosed();
      ReleaseInBackground(std::move(file_));
      file_.reset();
    }
    return info.Env().Undefined();
  }

  // Test hook: a guarded read WITHOUT the fstat size check, so tests can provoke a real SIGBUS
  // on a truncated file and see the guard turn it into an error.
  Napi::Value ReadWithoutSizeCheck(const Napi::CallbackInfo& info) {
    return TranslateErrors(info.Env(), [&]() -> Napi::Value {
      auto file = File();
      uint64_t offset = ToIndex(info[0], "offset"), length = ToIndex(info[1], "length");
      CheckByteRange(offset, length, file->size());
      CheckCopySize(length);
      Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), static_cast<size_t>(length));
      uint8_t* destination = static_cast<uint8_t*>(buffer.Data());
      const uint8_t* source = file->data() + offset;
      auto copy = [&] { std::memcpy(destination, source, length); };
      if (length > 0 && !Guarded(file->data(), file->size(), copy)) throw file->FaultError(offset + length);
      return Napi::Uint8Array::New(info.Env(), static_cast<size_t>(length), buffer, 0);
    });
  }

  std::shared_ptr<MappedFile> file_;
};

Napi::Value PageSizeJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(PageSize()));
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  platform::PinLibrary();  // before any thread or signal handler can point into this library
  InstallFaultHandler();
  exports.Set("Mapping", MappingHandle::Define(env));
  exports.Set("pageSize", Napi::Function::New(env, PageSizeJs, "pageSize"));
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace arrayscope

static Napi::Object InitArrayscope(Napi::Env env, Napi::Object exports) { return arrayscope::Init(env, exports); }

NODE_API_MODULE(arrayscope, InitArrayscope)
