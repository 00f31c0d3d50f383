// stats: count / NaN / inf / zero counts, min, max, mean, population std and sum in one pass.
//
// Accuracy: each kBlock block is reduced with two passes while in L1 (sum, then squared
// deviations from the block mean); blocks and chunks are combined with Chan et al.'s parallel
// formula in a pairwise (binary-counter) order, so rounding error grows with log(blocks) as in
// numpy's pairwise summation. Chunk results are folded in chunk order: results do not depend on
// thread timing.
#include <cmath>
#include <limits>

#include "kernel_common.h"

namespace arrayscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

StatsPartial Merge(const StatsPartial& a, const StatsPartial& b) {
  StatsPartial out;
  out.count = a.count + b.count;
  out.nanCount = a.nanCount + b.nanCount;
  out.infCount = a.infCount + b.infCount;
  out.zeroCount = a.zeroCount + b.zeroCount;
  out.sum = a.sum + b.sum;
  if (a.count == 0 || b.count == 0) {
    const StatsPartial& only = a.count == 0 ? b : a;
    out.m2 = only.m2;
    out.min = only.min;
    out.max = only.max;
  } else {
    double na = static_cast<double>(a.count), nb = static_cast<double>(b.count);
    double delta = b.sum / nb - a.sum / na;
    out.m2 = a.m2 + b.m2 + delta * delta * (na * nb / (na + nb));
    out.min = b.min < a.min ? b.min : a.min;
    out.max = b.max > a.max ? b.max : a.max;
  }
  out.exact = a.exact;
  MergeExactRange(b.exact, &out.exact);
  return out;
}

// Pairwise combination without recursion or allocation: slot k holds the merge of 2^k pushes.
class PairwiseStats {
 public:
  void Push(StatsPartial p) {
    int level = 0;
    while (used_[level]) {
      p = Merge(slots_[level], p);
      used_[level] = false;
      ++level;
    }
    slots_[level] = p;
    used_[level] = true;
  }
  StatsPartial Fold() const {
    StatsPartial out;
    for (int level = 0; level < kLevels; ++level) {
      if (used_[level]) out = Merge(slots_[level], out);
    }
    return out;
  }

 private:
  static constexpr int kLevels = 64;
  StatsPartial slots_[kLevels];
  bool used_[kLevels] = {};
};

StatsPartial FromBlock(const BlockStats& b, size_t n) {
  StatsPartial p;
  p.count = static_cast<uint64_t>(b.count);
  p.nanCount = n - p.count;
  p.infCount = static_cast<uint64_t>(b.infCount);
  p.zeroCount = static_cast<uint64_t>(b.zeroCount);
  p.sum = b.sum;
  p.m2 = b.m2;
  p.min = b.min;
  p.max = b.max;
  return p;
}

}  // namespace

ScanInput PrepareUnordered(const MappedFile& file, const Region& region, ElementType type) {
  ScanInput in;
  RegionExtent extent = CheckRegion(region, ItemSize(type.kind), file.size());
  in.base = file.data();
  in.region = CanonicalForScan(region);
  in.type = type;
  in.count = extent.count;
  in.requiredBytes = extent.high;
  return in;
}

bool DenseSpan(const ScanInput& in, uint64_t first, uint64_t count, uint64_t* offset, uint64_t* length) {
  if (in.region.shape.size() != 1 || count == 0) return false;
  int64_t stride = in.region.strides[0];
  if (stride < 0 || static_cast<uint64_t>(stride) > PageSize()) return false;
  *offset = static_cast<uint64_t>(in.region.offset) + first * static_cast<uint64_t>(stride);
  *length = (count - 1) * static_cast<uint64_t>(stride) + ItemSize(in.type.kind);
  return true;
}

StatsKernel::StatsKernel(ScanInput input) : input_(std::move(input)), decode_(DecoderFor(input_.type)) {
  chunkLength_ = ChunkLength(input_.count, ItemSize(input_.type.kind), input_.region.strides.back());
  chunks_ = (input_.count + chunkLength_ - 1) / chunkLength_;
  partials_.resize(chunks_);
}

uint64_t StatsKernel::ChunkElements(uint64_t chunk) const {
  return std::min(chunkLength_, input_.count - chunk * chunkLength_);
}

void StatsKernel::PrepareWorkers(unsigned workers) {
  buffers_.assign(workers, std::vector<double>(kBlock));
}

void StatsKernel::RunChunk(uint64_t chunk, unsigned worker) {
  PairwiseStats acc;
  const bool exact = HasExactRange(input_.type.kind);
  ForEachPiece(input_, decode_, chunk * chunkLength_, ChunkElements(chunk), buffers_[worker].data(),
               [&](const double* values, size_t n, const uint8_t* raw, int64_t stride) {
                 BlockStats block;
                 StatsBlock(values, n, &block);
                 StatsPartial p = FromBlock(block, n);
                 if (exact) UpdateExactRange(input_.type, raw, stride, n, &p.exact);
                 acc.Push(p);
               });
  partials_[chunk] = acc.Fold();
}

StatsResult StatsKernel::Result() const {
  PairwiseStats acc;
  for (const StatsPartial& p : partials_) acc.Push(p);
  StatsPartial total = acc.Fold();
  StatsResult r;
  r.count = total.count;
  r.nanCount = total.nanCount;
  r.infCount = total.infCount;
  r.zeroCount = total.zeroCount;
  r.sum = total.sum;
  r.hasExact = HasExactRange(input_.type.kind);
  if (total.count == 0) {
    r.min = r.max = r.mean = r.std = kNaN;
  } else {
    double n = static_cast<double>(total.count);
    r.min = total.min;
    r.max = total.max;
    r.mean = total.sum / n;
    // Any infinity makes numpy's x - mean NaN somewhere, so its std is NaN.
    r.std = total.infCount > 0 ? kNaN : std::sqrt(total.m2 / n);
  }
  if (r.hasExact) {
    r.minExact = ExactText(input_.type.kind, total.exact, false);
    r.maxExact = ExactText(input_.type.kind, total.exact, true);
  }
  return r;
}

}  // namespace arrayscope
