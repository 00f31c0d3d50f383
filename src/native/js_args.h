// Conversions between JS values and the addon's C++ types, validating everything that arrives
// from JS (a bad argument is a kRange error, never undefined behaviour).
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

#include "common.h"
#include "element.h"
#include "mapping.h"
#include "region.h"

namespace arrayscope {

/// A JS error carrying `code` (ERR_AS_*), plus errno/syscall or needed/actual when known.
Napi::Error ToJsError(Napi::Env env, const NativeError& error);

/// Runs `body`, rethrowing a NativeError as the matching JS error.
template <class F>
auto TranslateErrors(Napi::Env env, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const NativeError& e) {
    throw ToJsError(env, e);
  }
}

/// An integer in [0, 2^53). `what` names the argument in the message.
uint64_t ToIndex(const Napi::Value& value, const char* what);
/// An integer in (-2^53, 2^53).
int64_t ToSignedInteger(const Napi::Value& value, const char* what);
/// An optional index: `fallback` when undefined.
uint64_t ToIndexOr(const Napi::Value& value, const char* what, uint64_t fallback);
double ToNumber(const Napi::Value& value, const char* what);
std::string ToString(const Napi::Value& value, const char* what);

/// { offset, shape: number[], strides: number[] }.
Region ToRegion(const Napi::Value& value);
/// { type: 'f8' | ..., swap: boolean }.
ElementType ToElementType(const Napi::Value& value);
MapMode ToMapMode(const Napi::Value& value);
Advice ToAdvice(const Napi::Value& value);

}  // namespace arrayscope
