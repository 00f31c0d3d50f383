#include "common.h"

#include <cerrno>
#include <cstring>

namespace arrayscope {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kClosed: return "ERR_AS_CLOSED";
    case ErrorCode::kTruncated: return "ERR_AS_TRUNCATED";
    case ErrorCode::kReadOnly: return "ERR_AS_READ_ONLY";
    case ErrorCode::kRange: return "ERR_AS_RANGE";
    case ErrorCode::kCancelled: return "ERR_AS_CANCELLED";
    case ErrorCode::kIo: return "ERR_AS_IO";
    case ErrorCode::kTooLarge: return "ERR_AS_TOO_LARGE";
    case ErrorCode::kUnsupported: return "ERR_AS_UNSUPPORTED";
    case ErrorCode::kInternal: return "ERR_AS_INTERNAL";
  }
  return "ERR_AS_INTERNAL";
}

namespace {

// The symbolic names the TS wrapper and users care about; others are reported as E<number>.
const char* ErrnoName(int err) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case ENOSPC: return "ENOSPC";
    case EIO: return "EIO";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOMEM: return "ENOMEM";
    case EINVAL: return "EINVAL";
    case EROFS: return "EROFS";
    case EBUSY: return "EBUSY";
    case EFBIG: return "EFBIG";
    case ENODEV: return "ENODEV";
    case EAGAIN: return "EAGAIN";
    case EOVERFLOW: return "EOVERFLOW";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP";
    default: return nullptr;
  }
}

std::string ErrnoText(int err) {
#if defined(_WIN32)
  char buf[256];
  strerror_s(buf, sizeof buf, err);
  return buf;
#else
  return std::strerror(err);
#endif
}

}  // namespace

NativeError SystemError(const char* syscall, int err, const std::string& message) {
  NativeError e(ErrorCode::kIo, message.empty() ? ErrnoText(err) : message);
  e.sysErrno = err;
  const char* name = ErrnoName(err);
  e.errnoName = name ? name : "E" + std::to_string(err);
  e.syscall = syscall;
  return e;
}

NativeError RangeError(const std::string& message) { return NativeError(ErrorCode::kRange, message); }

NativeError TruncatedError(uint64_t needed, uint64_t actual) {
  NativeError e(ErrorCode::kTruncated, "the file is " + std::to_string(actual) + " bytes but " +
                                           std::to_string(needed) + " are needed");
  e.needed = needed;
  e.actual = actual;
  return e;
}

bool CheckedAdd(int64_t a, int64_t b, int64_t* out) {
#if defined(__GNUC__) || defined(__clang__)
  return !__builtin_add_overflow(a, b, out);
#else
  if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return false;
  *out = a + b;
  return true;
#endif
}

bool CheckedMul(int64_t a, int64_t b, int64_t* out) {
#if defined(__GNUC__) || defined(__clang__)
  return !__builtin_mul_overflow(a, b, out);
#else
  if (a == 0 || b == 0) {
    *out = 0;
    return true;
  }
  if (a == INT64_MIN || b == INT64_MIN) return false;
  int64_t ua = a < 0 ? -a : a;
  int64_t ub = b < 0 ? -b : b;
  if (ua > INT64_MAX / ub) return false;
  *out = a * b;
  return true;
#endif
}

uint64_t MulDiv(uint64_t a, uint64_t b, uint64_t c) {
#if defined(__SIZEOF_INT128__)
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b / c);
#else
  // Portable 64x64 -> 128-bit product, then restoring binary division. The remainder stays
  // below c < 2^63, so shifting it left never overflows.
  const uint64_t mask = 0xffffffffu;
  uint64_t p0 = (a & mask) * (b & mask), p1 = (a & mask) * (b >> 32);
  uint64_t p2 = (a >> 32) * (b & mask), p3 = (a >> 32) * (b >> 32);
  uint64_t mid = (p0 >> 32) + (p1 & mask) + (p2 & mask);
  uint64_t lo = (p0 & mask) | (mid << 32);
  uint64_t hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
  uint64_t quotient = 0, remainder = 0;
  for (int bit = 127; bit >= 0; --bit) {
    uint64_t next = bit >= 64 ? (hi >> (bit - 64)) & 1 : (lo >> bit) & 1;
    remainder = (remainder << 1) | next;
    quotient <<= 1;
    if (remainder >= c) {
      remainder -= c;
      quotient |= 1;
    }
  }
  return quotient;
#endif
}

}  // namespace arrayscope
