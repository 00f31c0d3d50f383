// IEEE 754 binary16 conversions, exact (subnormals, infinities and NaN payloads included).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace arrayscope {

inline float BitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline uint32_t FloatToBits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

/// Branch-free so loops over it vectorise. The exponent/mantissa field shifted into a float is
/// the half's value times 2^-112 for normal and subnormal halves alike; scaling by 2^112 is exact.
inline float HalfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  uint32_t magnitude = half & 0x7fffu;
  uint32_t bits = FloatToBits(BitsToFloat(magnitude << 13) * 0x1p112f);
  // Infinity and NaN (exponent all ones): float exponent all ones, mantissa (payload) kept.
  bits = magnitude >= 0x7c00u ? (0x7f800000u | (magnitude << 13)) : bits;
  return BitsToFloat(bits | sign);
}

/// Rounds a double to the nearest binary16 value (ties to even), returned as a double; values
/// whose magnitude rounds beyond 65504 become infinite, as numpy's float64 -> float16 cast does.
inline double RoundToHalf(double x) {
  if (!(std::fabs(x) < 65520.0)) return std::isnan(x) ? x : std::copysign(INFINITY, x);  // 65520 ties to inf
  if (x == 0) return x;
  int exponent;
  std::frexp(x, &exponent);                       // |x| in [2^(exponent-1), 2^exponent)
  int quantumExponent = exponent - 11;            // 11 significant bits
  if (quantumExponent < -24) quantumExponent = -24;  // subnormal spacing
  double scaled = std::ldexp(x, -quantumExponent);   // exact: a power-of-two scaling
  return std::ldexp(std::nearbyint(scaled), quantumExponent);  // nearbyint: ties to even
}

}  // namespace arrayscope
