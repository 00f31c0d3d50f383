#include "simd.h"

#include <cmath>
#include <limits>

namespace arrayscope {

namespace {
constexpr int kLanes = 8;
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

AS_MULTIVERSION
void StatsBlock(const double* x, size_t n, BlockStats* out) {
  double count[kLanes], inf[kLanes], zero[kLanes], sum[kLanes], lo[kLanes], hi[kLanes];
  for (int j = 0; j < kLanes; ++j) {
    count[j] = inf[j] = zero[j] = sum[j] = 0;
    lo[j] = kInf;
    hi[j] = -kInf;
  }
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      double v = x[i + j];
      bool present = v == v;
      count[j] += present ? 1.0 : 0.0;
      sum[j] += present ? v : 0.0;
      lo[j] = v < lo[j] ? v : lo[j];  // false for NaN: a missing value never wins
      hi[j] = v > hi[j] ? v : hi[j];
      inf[j] += std::fabs(v) == kInf ? 1.0 : 0.0;
      zero[j] += v == 0.0 ? 1.0 : 0.0;
    }
  }
  for (; i < n; ++i) {
    double v = x[i];
    bool present = v == v;
    count[0] += present ? 1.0 : 0.0;
    sum[0] += present ? v : 0.0;
    lo[0] = v < lo[0] ? v : lo[0];
    hi[0] = v > hi[0] ? v : hi[0];
    inf[0] += std::fabs(v) == kInf ? 1.0 : 0.0;
    zero[0] += v == 0.0 ? 1.0 : 0.0;
  }
  BlockStats s;
  s.min = kInf;
  s.max = -kInf;
  for (int j = 0; j < kLanes; ++j) {
    s.count += count[j];
    s.infCount += inf[j];
    s.zeroCount += zero[j];
    s.sum += sum[j];
    s.min = lo[j] < s.min ? lo[j] : s.min;
    s.max = hi[j] > s.max ? hi[j] : s.max;
  }
  if (s.count > 0) {
    // Second pass while the block is in L1: deviations from the block's own mean.
    const double mean = s.sum / s.count;
    double m2[kLanes] = {};
    i = 0;
    for (; i + kLanes <= n; i += kLanes) {
      for (int j = 0; j < kLanes; ++j) {
        double v = x[i + j];
        double d = v == v ? v - mean : 0.0;
        m2[j] += d * d;
      }
    }
    for (; i < n; ++i) {
      double d = x[i] == x[i] ? x[i] - mean : 0.0;
      m2[0] += d * d;
    }
    for (int j = 0; j < kLanes; ++j) s.m2 += m2[j];
  }
  *out = s;
}

AS_MULTIVERSION
void SummariseRun(const double* x, size_t n, double* countOut, double* sumOut, double* minOut, double* maxOut) {
  double count[kLanes], sum[kLanes], lo[kLanes], hi[kLanes];
  for (int j = 0; j < kLanes; ++j) {
    count[j] = sum[j] = 0;
    lo[j] = kInf;
    hi[j] = -kInf;
  }
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      double v = x[i + j];
      bool present = v == v;
      count[j] += present ? 1.0 : 0.0;
      sum[j] += present ? v : 0.0;
      lo[j] = v < lo[j] ? v : lo[j];
      hi[j] = v > hi[j] ? v : hi[j];
    }
  }
  for (; i < n; ++i) {
    double v = x[i];
    bool present = v == v;
    count[0] += present ? 1.0 : 0.0;
    sum[0] += present ? v : 0.0;
    lo[0] = v < lo[0] ? v : lo[0];
    hi[0] = v > hi[0] ? v : hi[0];
  }
  for (int j = 0; j < kLanes; ++j) {
    *countOut += count[j];
    *sumOut += sum[j];
    *minOut = lo[j] < *minOut ? lo[j] : *minOut;
    *maxOut = hi[j] > *maxOut ? hi[j] : *maxOut;
  }
}

AS_MULTIVERSION
void MinMaxRun(const double* x, size_t n, double* minOut, double* maxOut) {
  double lo[kLanes], hi[kLanes];
  for (int j = 0; j < kLanes; ++j) {
    lo[j] = kInf;
    hi[j] = -kInf;
  }
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      double v = x[i + j];
      lo[j] = v < lo[j] ? v : lo[j];
      hi[j] = v > hi[j] ? v : hi[j];
    }
  }
  for (; i < n; ++i) {
    lo[0] = x[i] < lo[0] ? x[i] : lo[0];
    hi[0] = x[i] > hi[0] ? x[i] : hi[0];
  }
  for (int j = 0; j < kLanes; ++j) {
    *minOut = lo[j] < *minOut ? lo[j] : *minOut;
    *maxOut = hi[j] > *maxOut ? hi[j] : *maxOut;
  }
}

}  // namespace arrayscope
