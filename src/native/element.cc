#include "element.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>  // _byteswap_* on MSVC
#include <cstring>
#include <limits>

#include "common.h"
#include "half.h"
#include "simd.h"

namespace arrayscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline uint8_t ByteSwap(uint8_t v) { return v; }
#if defined(_MSC_VER) && !defined(__clang__)
inline uint16_t ByteSwap(uint16_t v) { return _byteswap_ushort(v); }
inline uint32_t ByteSwap(uint32_t v) { return _byteswap_ulong(v); }
inline uint64_t ByteSwap(uint64_t v) { return _byteswap_uint64(v); }
#else
inline uint16_t ByteSwap(uint16_t v) { return __builtin_bswap16(v); }
inline uint32_t ByteSwap(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t ByteSwap(uint64_t v) { return __builtin_bswap64(v); }
#endif

template <size_t N> struct UnsignedOf;
template <> struct UnsignedOf<1> { using type = uint8_t; };
template <> struct UnsignedOf<2> { using type = uint16_t; };
template <> struct UnsignedOf<4> { using type = uint32_t; };
template <> struct UnsignedOf<8> { using type = uint64_t; };

/// Loads a T from possibly unaligned memory, reversing its bytes when Swap.
template <class T, bool Swap>
inline T Load(const uint8_t* p) {
  using U = typename UnsignedOf<sizeof(T)>::type;
  U bits;
  std::memcpy(&bits, p, sizeof bits);
  if (Swap) bits = ByteSwap(bits);
  T value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

/// |re + i·im| exactly as numpy's np.abs computes it (its SIMD loop, used for every array whose
/// strides are multiples of the part size): larger · sqrt(fma(r, r, 1)) with r = smaller/larger,
/// in the part's own precision; infinite if either part is, else NaN if either part is.
/// (glibc's hypot can differ in the last bit; numpy's answer is the one users compare with.)
template <class T>
double Magnitude(T re, T im) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  re = std::fabs(re);
  im = std::fabs(im);
  const bool reInf = std::isinf(re), imInf = std::isinf(im);
  if (reInf) im = inf;
  if (imInf) re = inf;
  const bool reNaN = std::isnan(re), imNaN = std::isnan(im);
  if (reNaN) im = nan;
  if (imNaN) re = nan;
  const T larger = re > im ? re : im, smaller = re > im ? im : re;
  const bool divide = !(larger == 0) && !std::isinf(smaller);
  const T ratio = divide ? smaller / larger : T(0);
  return static_cast<T>(std::sqrt(std::fma(ratio, ratio, T(1))) * larger);
}

// Per-kind conversion of one element at p to float64.
template <bool Swap> struct ToDouble {
  static double B1(const uint8_t* p) { return *p != 0 ? 1.0 : 0.0; }  // numpy: any non-zero byte is True
  template <class T> static double Int(const uint8_t* p) { return static_cast<double>(Load<T, Swap>(p)); }
  static double Time(const uint8_t* p) {
    int64_t v = Load<int64_t, Swap>(p);
    return v == std::numeric_limits<int64_t>::min() ? kNaN : static_cast<double>(v);
  }
  static double F2(const uint8_t* p) { return HalfToFloat(Load<uint16_t, Swap>(p)); }
  static double F4(const uint8_t* p) { return Load<float, Swap>(p); }
  static double F8(const uint8_t* p) { return Load<double, Swap>(p); }
  static double C8(const uint8_t* p) { return Magnitude<float>(Load<float, Swap>(p), Load<float, Swap>(p + 4)); }
  static double C16(const uint8_t* p) { return Magnitude<double>(Load<double, Swap>(p), Load<double, Swap>(p + 8)); }
};

template <double (*Convert)(const uint8_t*), size_t Size>
void Decode(const uint8_t* src, int64_t stride, size_t n, double* dst) {
  if (stride == static_cast<int64_t>(Size)) {
    for (size_t i = 0; i < n; ++i) dst[i] = Convert(src + i * Size);  // contiguous: vectorisable
  } else {
    for (size_t i = 0; i < n; ++i) dst[i] = Convert(src + static_cast<int64_t>(i) * stride);
  }
}

// The two decoders worth an AVX2 build: native float32 and float16 runs.
AS_MULTIVERSION void DecodeF4Contiguous(const uint8_t* src, size_t n, double* dst) {
  for (size_t i = 0; i < n; ++i) dst[i] = Load<float, false>(src + 4 * i);
}
AS_MULTIVERSION void DecodeF2Contiguous(const uint8_t* src, size_t n, double* dst) {
  for (size_t i = 0; i < n; ++i) dst[i] = HalfToFloat(Load<uint16_t, false>(src + 2 * i));
}
void DecodeF4Native(const uint8_t* src, int64_t stride, size_t n, double* dst) {
  if (stride == 4) return DecodeF4Contiguous(src, n, dst);
  Decode<ToDouble<false>::F4, 4>(src, stride, n, dst);
}
void DecodeF2Native(const uint8_t* src, int64_t stride, size_t n, double* dst) {
  if (stride == 2) return DecodeF2Contiguous(src, n, dst);
  Decode<ToDouble<false>::F2, 2>(src, stride, n, dst);
}

template <bool Swap>
DecodeFn DecoderOf(Kind kind) {
  using C = ToDouble<Swap>;
  switch (kind) {
    case Kind::kB1: return Decode<C::B1, 1>;
    case Kind::kI1: return Decode<C::template Int<int8_t>, 1>;
    case Kind::kU1: return Decode<C::template Int<uint8_t>, 1>;
    case Kind::kI2: return Decode<C::template Int<int16_t>, 2>;
    case Kind::kU2: return Decode<C::template Int<uint16_t>, 2>;
    case Kind::kI4: return Decode<C::template Int<int32_t>, 4>;
    case Kind::kU4: return Decode<C::template Int<uint32_t>, 4>;
    case Kind::kI8: return Decode<C::template Int<int64_t>, 8>;
    case Kind::kU8: return Decode<C::template Int<uint64_t>, 8>;
    case Kind::kF2: return Swap ? Decode<C::F2, 2> : DecodeF2Native;
    case Kind::kF4: return Swap ? Decode<C::F4, 4> : DecodeF4Native;
    case Kind::kF8: return Decode<C::F8, 8>;
    case Kind::kC8: return Decode<C::C8, 8>;
    case Kind::kC16: return Decode<C::C16, 16>;
    case Kind::kM8:
    case Kind::kTimedelta: return Decode<C::Time, 8>;
  }
  return nullptr;
}

template <class T, bool Swap>
void UpdateRange(const uint8_t* src, int64_t stride, size_t n, bool skipNaT, T* lo, T* hi, bool* any) {
  T mn = *lo, mx = *hi;
  bool seen = *any;
  for (size_t i = 0; i < n; ++i) {
    T v = Load<T, Swap>(src + static_cast<int64_t>(i) * stride);
    if (skipNaT && v == std::numeric_limits<T>::min()) continue;
    if (!seen) {
      mn = mx = v;
      seen = true;
    }
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  *lo = mn;
  *hi = mx;
  *any = seen;
}

}  // namespace

ElementType ParseElementType(const std::string& name, bool swap) {
  static const struct {
    const char* name;
    Kind kind;
  } kNames[] = {{"b1", Kind::kB1},  {"i1", Kind::kI1}, {"u1", Kind::kU1}, {"i2", Kind::kI2},   {"u2", Kind::kU2},
                {"i4", Kind::kI4},  {"u4", Kind::kU4}, {"i8", Kind::kI8}, {"u8", Kind::kU8},   {"f2", Kind::kF2},
                {"f4", Kind::kF4},  {"f8", Kind::kF8}, {"c8", Kind::kC8}, {"c16", Kind::kC16}, {"M8", Kind::kM8},
                {"m8", Kind::kTimedelta}};
  for (const auto& entry : kNames) {
    if (name == entry.name) return {entry.kind, swap && ItemSize(entry.kind) > 1};
  }
  throw RangeError("unknown element type '" + name + "'");
}

uint32_t ItemSize(Kind kind) {
  switch (kind) {
    case Kind::kB1: case Kind::kI1: case Kind::kU1: return 1;
    case Kind::kI2: case Kind::kU2: case Kind::kF2: return 2;
    case Kind::kI4: case Kind::kU4: case Kind::kF4: return 4;
    case Kind::kC16: return 16;
    default: return 8;
  }
}

Precision HistogramPrecision(Kind kind) {
  if (kind == Kind::kF4 || kind == Kind::kC8) return Precision::kSingle;
  if (kind == Kind::kF2) return Precision::kHalf;
  return Precision::kDouble;
}

DecodeFn DecoderFor(ElementType type) { return type.swap ? DecoderOf<true>(type.kind) : DecoderOf<false>(type.kind); }

bool ReadableInPlace(ElementType type, const uint8_t* address, int64_t stride) {
  return type.kind == Kind::kF8 && !type.swap && stride == 8 && reinterpret_cast<uintptr_t>(address) % 8 == 0;
}

bool HasExactRange(Kind kind) {
  return kind == Kind::kI8 || kind == Kind::kU8 || kind == Kind::kM8 || kind == Kind::kTimedelta;
}

void UpdateExactRange(ElementType type, const uint8_t* src, int64_t stride, size_t n, ExactRange* r) {
  if (type.kind == Kind::kU8) {
    if (type.swap) UpdateRange<uint64_t, true>(src, stride, n, false, &r->unsignedMin, &r->unsignedMax, &r->any);
    else UpdateRange<uint64_t, false>(src, stride, n, false, &r->unsignedMin, &r->unsignedMax, &r->any);
    return;
  }
  bool skipNaT = type.kind != Kind::kI8;
  if (type.swap) UpdateRange<int64_t, true>(src, stride, n, skipNaT, &r->signedMin, &r->signedMax, &r->any);
  else UpdateRange<int64_t, false>(src, stride, n, skipNaT, &r->signedMin, &r->signedMax, &r->any);
}

void MergeExactRange(const ExactRange& from, ExactRange* into) {
  if (!from.any) return;
  if (!into->any) {
    *into = from;
    return;
  }
  into->signedMin = std::min(into->signedMin, from.signedMin);
  into->signedMax = std::max(into->signedMax, from.signedMax);
  into->unsignedMin = std::min(into->unsignedMin, from.unsignedMin);
  into->unsignedMax = std::max(into->unsignedMax, from.unsignedMax);
}

std::string ExactText(Kind kind, const ExactRange& range, bool max) {
  if (!range.any) return "";
  if (kind == Kind::kU8) return std::to_string(max ? range.unsignedMax : range.unsignedMin);
  return std::to_string(max ? range.signedMax : range.signedMin);
}

}  // namespace arrayscope
