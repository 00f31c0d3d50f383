// Shared vocabulary of the addon: error codes (mirrored in src/core/native.ts), the error type
// every layer throws, and overflow-checked arithmetic for offsets that come from JS numbers.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace arrayscope {

/// JS numbers are exact integers only up to 2^53 - 1; every offset, length and count is kept below.
constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

/// One error code per ArrayscopeError kind the TS wrapper can produce. Names are the `code`
/// property of the JS error: keep them in sync with NATIVE_CODES in src/core/native.ts.
enum class ErrorCode {
  kClosed,       // ERR_AS_CLOSED: the mapping was closed
  kTruncated,    // ERR_AS_TRUNCATED: the file is now shorter than the bytes we need
  kReadOnly,     // ERR_AS_READ_ONLY: a write to a mapping opened with mode 'r'
  kRange,        // ERR_AS_RANGE: a bad argument (not an integer, negative, out of range)
  kCancelled,    // ERR_AS_CANCELLED: the caller cancelled the scan
  kIo,           // ERR_AS_IO: an operating-system error (errno and syscall attached)
  kTooLarge,     // ERR_AS_TOO_LARGE: a result would exceed what one buffer may hold
  kUnsupported,  // ERR_AS_UNSUPPORTED: the platform cannot do this (e.g. residency on Windows)
  kInternal,     // ERR_AS_INTERNAL: a bug
};

const char* ErrorCodeName(ErrorCode code);

class NativeError : public std::runtime_error {
 public:
  NativeError(ErrorCode code, const std::string& message) : std::runtime_error(message), code(code) {}

  ErrorCode code;
  /// For kIo: the errno value, its symbolic name ("ENOENT") and the failing call ("open").
  int sysErrno = 0;
  std::string errnoName;
  std::string syscall;
  /// For kTruncated: the byte count the operation needed and the file's size when it failed.
  uint64_t needed = 0;
  uint64_t actual = 0;
};

/// An errno-based failure of `syscall`, with strerror's text as the message unless given.
NativeError SystemError(const char* syscall, int err, const std::string& message = "");
NativeError RangeError(const std::string& message);
NativeError TruncatedError(uint64_t needed, uint64_t actual);

/// Overflow-checked arithmetic: false when the exact result does not fit in int64.
bool CheckedAdd(int64_t a, int64_t b, int64_t* out);
bool CheckedMul(int64_t a, int64_t b, int64_t* out);

/// floor(a * b / c) for a, b, c < 2^63 without intermediate overflow; c > 0.
uint64_t MulDiv(uint64_t a, uint64_t b, uint64_t c);

}  // namespace arrayscope
