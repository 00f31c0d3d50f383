#include "js_args.h"

#include <cmath>

namespace arrayscope {

Napi::Error ToJsError(Napi::Env env, const NativeError& error) {
  Napi::Error js = Napi::Error::New(env, error.what());
  js.Set("code", Napi::String::New(env, ErrorCodeName(error.code)));
  if (!error.errnoName.empty()) js.Set("errno", Napi::String::New(env, error.errnoName));
  if (!error.syscall.empty()) js.Set("syscall", Napi::String::New(env, error.syscall));
  if (error.code == ErrorCode::kTruncated) {
    js.Set("needed", Napi::Number::New(env, static_cast<double>(error.needed)));
    js.Set("actual", Napi::Number::New(env, static_cast<double>(error.actual)));
  }
  return js;
}

namespace {

double IntegerOf(const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) throw RangeError(std::string(what) + " must be a number");
  double v = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(v) || std::trunc(v) != v) throw RangeError(std::string(what) + " must be an integer");
  if (std::fabs(v) > static_cast<double>(kMaxSafeInteger)) {
    throw RangeError(std::string(what) + " must be below 2^53 in magnitude");
  }
  return v;
}

Napi::Array ArrayProperty(const Napi::Object& object, const char* name) {
  Napi::Value v = object.Get(name);
  if (!v.IsArray()) throw RangeError(std::string("region.") + name + " must be an array");
  return v.As<Napi::Array>();
}

}  // namespace

uint64_t ToIndex(const Napi::Value& value, const char* what) {
  double v = IntegerOf(value, what);
  if (v < 0) throw RangeError(std::string(what) + " must not be negative");
  return static_cast<uint64_t>(v);
}

int64_t ToSignedInteger(const Napi::Value& value, const char* what) {
  return static_cast<int64_t>(IntegerOf(value, what));
}

uint64_t ToIndexOr(const Napi::Value& value, const char* what, uint64_t fallback) {
  return value.IsUndefined() ? fallback : ToIndex(value, what);
}

double ToNumber(const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) throw RangeError(std::string(what) + " must be a number");
  return value.As<Napi::Number>().DoubleValue();
}

std::string ToString(const Napi::Value& value, const char* what) {
  if (!value.IsString()) throw RangeError(std::string(what) + " must be a string");
  return value.As<Napi::String>().Utf8Value();
}

Region ToRegion(const Napi::Value& value) {
  if (!value.IsObject()) throw RangeError("region must be an object");
  Napi::Object object = value.As<Napi::Object>();
  Region region;
  region.offset = static_cast<int64_t>(ToIndex(object.Get("offset"), "region.offset"));
  Napi::Array shape = ArrayProperty(object, "shape");
  Napi::Array strides = ArrayProperty(object, "strides");
  if (shape.Length() != strides.Length()) throw RangeError("region.shape and region.strides differ in length");
  if (shape.Length() > static_cast<uint32_t>(kMaxDims)) throw RangeError("a region has at most 64 dimensions");
  for (uint32_t d = 0; d < shape.Length(); ++d) {
    region.shape.push_back(static_cast<int64_t>(ToIndex(shape.Get(d), "region.shape[i]")));
    region.strides.push_back(ToSignedInteger(strides.Get(d), "region.strides[i]"));
  }
  return region;
}

ElementType ToElementType(const Napi::Value& value) {
  if (!value.IsObject()) throw RangeError("the element type must be an object { type, swap }");
  Napi::Object object = value.As<Napi::Object>();
  Napi::Value swap = object.Get("swap");
  if (!swap.IsBoolean()) throw RangeError("elem.swap must be a boolean");
  return ParseElementType(ToString(object.Get("type"), "elem.type"), swap.As<Napi::Boolean>().Value());
}

MapMode ToMapMode(const Napi::Value& value) {
  std::string mode = ToString(value, "mode");
  if (mode == "r") return MapMode::kRead;
  if (mode == "c") return MapMode::kCopyOnWrite;
  if (mode == "r+") return MapMode::kReadWrite;
  if (mode == "w+") return MapMode::kCreate;
  throw RangeError("mode must be 'r', 'c', 'r+' or 'w+'");
}

Advice ToAdvice(const Napi::Value& value) {
  std::string advice = ToString(value, "advice");
  if (advice == "normal") return Advice::kNormal;
  if (advice == "random") return Advice::kRandom;
  if (advice == "sequential") return Advice::kSequential;
  if (advice == "willneed") return Advice::kWillNeed;
  if (advice == "dontneed") return Advice::kDontNeed;
  throw RangeError("advice must be normal, random, sequential, willneed or dontneed");
}

}  // namespace arrayscope
