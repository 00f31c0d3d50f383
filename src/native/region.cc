#include "region.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "common.h"

namespace arrayscope {

RegionExtent CheckRegion(const Region& region, uint64_t itemsize, uint64_t mapSize) {
  const size_t ndim = region.shape.size();
  if (ndim != region.strides.size()) throw RangeError("shape and strides must have the same length");
  if (ndim > static_cast<size_t>(kMaxDims)) throw RangeError("a region has at most 64 dimensions");
  if (itemsize == 0 || itemsize > static_cast<uint64_t>(kMaxSafeInteger)) throw RangeError("itemsize must be positive");
  RegionExtent extent;
  int64_t count = 1;
  for (size_t d = 0; d < ndim; ++d) {
    if (region.shape[d] < 0) throw RangeError("shape entries must be non-negative");
    if (!CheckedMul(count, region.shape[d], &count) || count > kMaxSafeInteger) {
      throw RangeError("the region has more than 2^53 elements");
    }
  }
  if (region.offset < 0 || static_cast<uint64_t>(region.offset) > mapSize) {
    throw RangeError("region offset " + std::to_string(region.offset) + " is outside the mapping");
  }
  extent.count = static_cast<uint64_t>(count);
  if (count == 0) return extent;
  // Lowest and highest element start, accumulated per dimension with overflow checks: any
  // overflow means the region reaches far beyond any mapping.
  int64_t low = region.offset, high = region.offset;
  for (size_t d = 0; d < ndim; ++d) {
    int64_t reach;
    if (!CheckedMul(region.shape[d] - 1, region.strides[d], &reach) ||
        !CheckedAdd(reach < 0 ? low : high, reach, reach < 0 ? &low : &high)) {
      throw RangeError("the region reaches outside the mapping");
    }
  }
  int64_t end;
  if (low < 0 || !CheckedAdd(high, static_cast<int64_t>(itemsize), &end) || static_cast<uint64_t>(end) > mapSize) {
    throw RangeError("the region (bytes " + std::to_string(low) + ".." + std::to_string(high) + "+" +
                     std::to_string(itemsize) + ") reaches outside the mapping of " + std::to_string(mapSize) + " bytes");
  }
  extent.low = static_cast<uint64_t>(low);
  extent.high = static_cast<uint64_t>(end);
  return extent;
}

namespace {

// Drops size-1 dimensions, then merges dimension d into d+1 when d steps over exactly one
// full run of d+1 (strides[d] == shape[d+1] * strides[d+1]). Order is preserved.
Region DropAndMerge(const Region& region) {
  Region out;
  out.offset = region.offset;
  for (size_t d = 0; d < region.shape.size(); ++d) {
    if (region.shape[d] == 1) continue;
    out.shape.push_back(region.shape[d]);
    out.strides.push_back(region.strides[d]);
  }
  for (size_t d = out.shape.size(); d-- > 1;) {
    if (out.shape[d - 1] > 0 && out.shape[d] > 0 && out.strides[d - 1] == out.shape[d] * out.strides[d]) {
      out.shape[d] *= out.shape[d - 1];
      out.shape.erase(out.shape.begin() + static_cast<long>(d - 1));
      out.strides.erase(out.strides.begin() + static_cast<long>(d - 1));
    }
  }
  if (out.shape.empty()) {
    bool empty = std::find(region.shape.begin(), region.shape.end(), 0) != region.shape.end();
    out.shape.push_back(empty ? 0 : 1);
    out.strides.push_back(0);
  }
  return out;
}

}  // namespace

Region MergeDims(const Region& region) { return DropAndMerge(region); }

Region CanonicalForScan(const Region& region) {
  Region flipped;
  flipped.offset = region.offset;
  for (size_t d = 0; d < region.shape.size(); ++d) {
    int64_t n = region.shape[d], s = region.strides[d];
    if (n == 0) return DropAndMerge(region);  // empty: nothing to reorder
    if (s < 0) {
      flipped.offset += (n - 1) * s;  // cannot overflow: CheckRegion bounded it
      s = -s;
    }
    flipped.shape.push_back(n);
    flipped.strides.push_back(s);
  }
  std::vector<size_t> order(flipped.shape.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest stride outermost, smallest innermost; a zero stride (a repeated element) outermost.
  auto key = [&](size_t d) { return flipped.strides[d] == 0 ? INT64_MAX : flipped.strides[d]; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) > key(b); });
  Region sorted;
  sorted.offset = flipped.offset;
  for (size_t d : order) {
    sorted.shape.push_back(flipped.shape[d]);
    sorted.strides.push_back(flipped.strides[d]);
  }
  return DropAndMerge(sorted);
}

RunCursor::RunCursor(const Region& region, uint64_t first) : dims_(static_cast<int>(region.shape.size())) {
  offset_ = region.offset;
  uint64_t rest = first;
  for (int d = dims_ - 1; d >= 0; --d) {
    shape_[d] = region.shape[d];
    strides_[d] = region.strides[d];
    int64_t n = shape_[d] > 0 ? shape_[d] : 1;
    index_[d] = static_cast<int64_t>(rest % static_cast<uint64_t>(n));
    rest /= static_cast<uint64_t>(n);
    offset_ += index_[d] * strides_[d];
  }
}

Run RunCursor::Next(uint64_t limit) {
  const int inner = dims_ - 1;
  uint64_t available = static_cast<uint64_t>(shape_[inner] - index_[inner]);
  Run run{offset_, strides_[inner], std::min(available, limit)};
  index_[inner] += static_cast<int64_t>(run.count);
  offset_ += static_cast<int64_t>(run.count) * strides_[inner];
  // Carry into outer dimensions when the innermost one is exhausted.
  for (int d = inner; d > 0 && index_[d] == shape_[d]; --d) {
    offset_ -= shape_[d] * strides_[d];
    index_[d] = 0;
    ++index_[d - 1];
    offset_ += strides_[d - 1];
  }
  return run;
}

}  // namespace arrayscope
