// histogram: exactly np.histogram(x, bins, range=(lo, hi)) for equal-width bins.
//
// numpy (lib/_histograms_impl.py) computes, for data whose bin_type is float64/float32/float16:
//   edges  = np.linspace(lo, hi, bins + 1) evaluated in float64 (i * step + lo, last = hi),
//            then cast to bin_type; a ValueError when they are not strictly increasing;
//   keep   = lo <= x <= hi, compared in x's own float type (the Python floats are cast to it);
//   f      = (np.subtract(x, lo, dtype=bin_type) / (hi - lo)) * bins, the division in float64;
//   index  = int(f), minus one when it equals bins, then corrected by one bin when x lies
//            below edges[index] or at/above edges[index + 1] (except in the last bin).
// Integer, bool and datetime data are converted to float64 first. float16 arithmetic is done
// as numpy does it: in float32, rounded to float16 after each operation.
#include <cmath>
#include <string>

#include "half.h"
#include "kernel_common.h"

namespace arrayscope {

namespace {

double CastTo(Precision p, double x) {
  switch (p) {
    case Precision::kDouble: return x;
    case Precision::kSingle: return static_cast<float>(x);
    case Precision::kHalf: return RoundToHalf(x);
  }
  return x;
}

}  // namespace

HistogramKernel::HistogramKernel(ScanInput input, uint32_t bins, double lo, double hi)
    : input_(std::move(input)), bins_(bins), precision_(HistogramPrecision(input_.type.kind)),
      decode_(DecoderFor(input_.type)) {
  if (bins == 0 || bins > (1u << 24)) throw RangeError("bins must be between 1 and 2^24");
  if (!std::isfinite(lo) || !std::isfinite(hi)) throw RangeError("the histogram range must be finite");
  if (lo > hi) throw RangeError("the histogram range must have lo <= hi");
  if (lo == hi) {  // numpy widens an empty range
    lo -= 0.5;
    hi += 0.5;
  }
  lo_ = lo;
  hi_ = hi;
  loCast_ = CastTo(precision_, lo);
  hiCast_ = CastTo(precision_, hi);
  const double delta = hi - lo, step = delta / bins;
  edges_.resize(bins + 1);
  for (uint32_t i = 0; i < bins; ++i) {
    double y = step == 0 ? static_cast<double>(i) / bins * delta : static_cast<double>(i) * step;
    edges_[i] = CastTo(precision_, y + lo);
  }
  edges_[bins] = CastTo(precision_, hi);
  for (uint32_t i = 0; i < bins; ++i) {
    if (!(edges_[i] < edges_[i + 1])) {
      throw RangeError("too many bins for the data range: cannot create " + std::to_string(bins) +
                       " finite-sized bins");
    }
  }
  chunkLength_ = ChunkLength(input_.count, ItemSize(input_.type.kind), input_.region.strides.back());
  chunks_ = (input_.count + chunkLength_ - 1) / chunkLength_;
}

uint64_t HistogramKernel::ChunkElements(uint64_t chunk) const {
  return std::min(chunkLength_, input_.count - chunk * chunkLength_);
}

void HistogramKernel::PrepareWorkers(unsigned workers) {
  counts_.assign(workers, std::vector<uint64_t>(bins_, 0));
  buffers_.assign(workers, std::vector<double>(kBlock));
}

template <Precision P>
void HistogramKernel::Count(const double* values, size_t n, uint64_t* counts) const {
  const double lo = loCast_, hi = hiCast_, denom = hi_ - lo_, bins = bins_;
  const int64_t last = static_cast<int64_t>(bins_) - 1;
  const double* edges = edges_.data();
  for (size_t i = 0; i < n; ++i) {
    const double x = values[i];
    if (!(x >= lo && x <= hi)) continue;  // also drops NaN
    double diff;
    if (P == Precision::kDouble) diff = x - lo_;
    if (P == Precision::kSingle) diff = static_cast<float>(static_cast<float>(x) - static_cast<float>(lo));
    if (P == Precision::kHalf) diff = RoundToHalf(static_cast<float>(x) - static_cast<float>(lo));
    int64_t index = static_cast<int64_t>(diff / denom * bins);
    if (index > last) index = last;  // numpy: indices == bins -> bins - 1
    if (x < edges[index]) {
      --index;
    } else if (index != last && x >= edges[index + 1]) {
      ++index;
    }
    if (index < 0) index = 0;  // unreachable for x >= edges[0]; keeps the write in bounds
    ++counts[index];
  }
}

void HistogramKernel::RunChunk(uint64_t chunk, unsigned worker) {
  uint64_t* counts = counts_[worker].data();
  ForEachPiece(input_, decode_, chunk * chunkLength_, ChunkElements(chunk), buffers_[worker].data(),
               [&](const double* values, size_t n, const uint8_t*, int64_t) {
                 switch (precision_) {
                   case Precision::kDouble: Count<Precision::kDouble>(values, n, counts); break;
                   case Precision::kSingle: Count<Precision::kSingle>(values, n, counts); break;
                   case Precision::kHalf: Count<Precision::kHalf>(values, n, counts); break;
                 }
               });
}

std::vector<double> HistogramKernel::Counts() const {
  std::vector<double> out(bins_, 0.0);
  for (const auto& perWorker : counts_) {
    for (uint32_t i = 0; i < bins_; ++i) out[i] += static_cast<double>(perWorker[i]);
  }
  return out;
}

}  // namespace arrayscope
