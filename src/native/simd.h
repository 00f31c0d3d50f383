// The hot loops over decoded float64 blocks, written so GCC/Clang vectorise them (fixed-width
// lane arrays instead of reassociated reductions, which the compiler may not reorder without
// -ffast-math) and compiled in an AVX2 and a baseline version selected at load time
// (target_clones, Linux x86-64 only). Needs -fno-trapping-math: otherwise GCC will not
// if-convert the NaN tests (a comparison "may trap") and leaves the loops scalar. All functions are NaN-aware: NaN is a missing value.
#pragma once

#include <cstddef>

#if defined(__x86_64__) && defined(__ELF__) && defined(__has_attribute)
#if __has_attribute(target_clones) && defined(__clang__)
#define AS_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#elif __has_attribute(target_clones)
// x86-64-v4 (AVX-512) doubles the in-cache rate of StatsBlock over AVX2 on this class of CPU.
#define AS_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
#endif
#ifndef AS_MULTIVERSION
#define AS_MULTIVERSION
#endif

namespace arrayscope {

/// Elements per block: 16 KiB of float64 stays in L1 for the second pass of StatsBlock.
constexpr size_t kBlock = 2048;

struct BlockStats {
  double count = 0;      // non-NaN elements
  double infCount = 0;
  double zeroCount = 0;
  double sum = 0;        // of non-NaN elements
  double m2 = 0;         // sum of squared deviations from this block's mean
  double min = 0;        // +inf / -inf when count == 0
  double max = 0;
};

/// Two passes over x[0..n) (n <= kBlock): counts, sum, min, max, then m2 around the block mean.
void StatsBlock(const double* x, size_t n, BlockStats* out);

/// Count, sum, min and max of the non-NaN elements of x[0..n), folded into *count... in place.
void SummariseRun(const double* x, size_t n, double* count, double* sum, double* min, double* max);

/// Min and max of the non-NaN elements of x[0..n), folded into *min / *max in place.
void MinMaxRun(const double* x, size_t n, double* min, double* max);

}  // namespace arrayscope
