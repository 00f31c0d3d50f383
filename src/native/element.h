// Element types of the scan kernels and their decoding into float64 blocks.
//
// Every kernel works on float64 with NaN meaning "missing": floats keep their NaNs, NaT
// (INT64_MIN) of datetime64/timedelta64 decodes to NaN, complex numbers decode to |z| (numpy's
// np.abs: hypotf for complex64, hypot for complex128), bool to 0/1, integers to the nearest
// float64 (as numpy converts them for mean/std). Exact 64-bit extremes are tracked separately.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace arrayscope {

enum class Kind : uint8_t { kB1, kI1, kU1, kI2, kU2, kI4, kU4, kI8, kU8, kF2, kF4, kF8, kC8, kC16, kM8, kTimedelta };

struct ElementType {
  Kind kind;
  bool swap;  // big-endian data: bytes are reversed before use
};

/// Parses the kernel type names of src/core/native.ts ('b1', 'i1', ..., 'M8', 'm8'). Throws kRange.
ElementType ParseElementType(const std::string& name, bool swap);
uint32_t ItemSize(Kind kind);

/// The float type numpy computes a histogram's bin edges in for this data (np.histogram's
/// bin_type): float32 for float32 and |complex64|, float16 for float16, float64 otherwise.
enum class Precision { kDouble, kSingle, kHalf };
Precision HistogramPrecision(Kind kind);

/// Decodes n elements starting at src, `stride` bytes apart, into dst[0..n).
using DecodeFn = void (*)(const uint8_t* src, int64_t stride, size_t n, double* dst);
DecodeFn DecoderFor(ElementType type);

/// True when elements at `address` with `stride` can be read in place as native float64.
bool ReadableInPlace(ElementType type, const uint8_t* address, int64_t stride);

/// Exact extremes of 64-bit integer data (i8, u8, M8, m8; NaT excluded).
struct ExactRange {
  bool any = false;
  int64_t signedMin = 0, signedMax = 0;
  uint64_t unsignedMin = 0, unsignedMax = 0;
};
bool HasExactRange(Kind kind);
void UpdateExactRange(ElementType type, const uint8_t* src, int64_t stride, size_t n, ExactRange* range);
void MergeExactRange(const ExactRange& from, ExactRange* into);
/// Decimal text of the extreme (`max` false: minimum), or "" when no element was present.
std::string ExactText(Kind kind, const ExactRange& range, bool max);

}  // namespace arrayscope
