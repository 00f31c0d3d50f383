// minmax: min/max decimation of a 1-D strided series for plotting. Bucket b of B covers the
// elements [floor(b*n/B), floor((b+1)*n/B)); each gets the min and max of its non-missing
// elements (NaN when it has none). Chunks cut across buckets freely; every worker keeps its own
// min/max per bucket and they are combined at the end (min/max are order-independent).
#include <limits>

#include "kernel_common.h"

namespace arrayscope {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint32_t kMaxBuckets = 1u << 22;
}  // namespace

MinMaxKernel::MinMaxKernel(ScanInput input, uint32_t buckets)
    : input_(std::move(input)), buckets_(buckets), decode_(DecoderFor(input_.type)) {
  if (input_.region.shape.size() != 1) throw RangeError("minmax needs a 1-D region");
  if (buckets == 0 || buckets > kMaxBuckets) throw RangeError("buckets must be between 1 and 2^22");
  chunkLength_ = ChunkLength(input_.count, ItemSize(input_.type.kind), input_.region.strides[0]);
  chunks_ = (input_.count + chunkLength_ - 1) / chunkLength_;
}

uint64_t MinMaxKernel::ChunkElements(uint64_t chunk) const {
  return std::min(chunkLength_, input_.count - chunk * chunkLength_);
}

uint64_t MinMaxKernel::BucketStart(uint64_t bucket) const { return MulDiv(bucket, input_.count, buckets_); }

void MinMaxKernel::PrepareWorkers(unsigned workers) {
  mins_.assign(workers, std::vector<double>(buckets_, kInf));
  maxs_.assign(workers, std::vector<double>(buckets_, -kInf));
  buffers_.assign(workers, std::vector<double>(kBlock));
}

void MinMaxKernel::RunChunk(uint64_t chunk, unsigned worker) {
  double* mins = mins_[worker].data();
  double* maxs = maxs_[worker].data();
  double* buffer = buffers_[worker].data();
  uint64_t position = chunk * chunkLength_;
  const uint64_t end = position + ChunkElements(chunk);
  // The bucket holding `position`: floor(position*B/n) is within one of it.
  uint64_t bucket = std::min<uint64_t>(MulDiv(position, buckets_, input_.count), buckets_ - 1);
  while (bucket > 0 && BucketStart(bucket) > position) --bucket;
  while (position < end) {
    while (bucket + 1 < buckets_ && BucketStart(bucket + 1) <= position) ++bucket;
    uint64_t stop = bucket + 1 < buckets_ ? std::min(end, BucketStart(bucket + 1)) : end;
    ForEachPiece(input_, decode_, position, stop - position, buffer,
                 [&](const double* values, size_t n, const uint8_t*, int64_t) {
                   MinMaxRun(values, n, &mins[bucket], &maxs[bucket]);
                 });
    position = stop;
  }
}

void MinMaxKernel::Result(std::vector<double>* min, std::vector<double>* max) const {
  min->assign(buckets_, kInf);
  max->assign(buckets_, -kInf);
  for (size_t w = 0; w < mins_.size(); ++w) {
    for (uint32_t b = 0; b < buckets_; ++b) {
      (*min)[b] = std::min((*min)[b], mins_[w][b]);
      (*max)[b] = std::max((*max)[b], maxs_[w][b]);
    }
  }
  for (uint32_t b = 0; b < buckets_; ++b) {
    if ((*min)[b] > (*max)[b]) (*min)[b] = (*max)[b] = kNaN;  // only missing values (or none)
  }
}

}  // namespace arrayscope
