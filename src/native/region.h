// Strided N-D regions of a mapping (numpy's offset/shape/strides, all in bytes) and the cursor
// that walks them as 1-D runs.
#pragma once

#include <cstdint>
#include <vector>

namespace arrayscope {

/// numpy allows at most 64 dimensions; the cursor keeps its index in a fixed array so it can be
/// used inside fault guards (no allocation, trivially destructible).
constexpr int kMaxDims = 64;

struct Region {
  int64_t offset = 0;            // byte offset of the element at index (0, ..., 0)
  std::vector<int64_t> shape;    // elements per dimension
  std::vector<int64_t> strides;  // bytes between neighbours per dimension; may be negative or 0
};

/// [low, high) bytes a region touches, and how many elements it has.
struct RegionExtent {
  uint64_t low = 0;
  uint64_t high = 0;
  uint64_t count = 0;
};

/// Validates `region` against a mapping of `mapSize` bytes (integer ranges, element count below
/// 2^53, every touched byte inside the mapping) and returns what it touches. Throws kRange.
/// An empty region touches nothing and only needs 0 <= offset <= mapSize.
RegionExtent CheckRegion(const Region& region, uint64_t itemsize, uint64_t mapSize);

/// The same elements in C order with size-1 dimensions dropped and dimensions that step
/// contiguously into each other merged. Always has at least one dimension.
Region MergeDims(const Region& region);

/// The same multiset of elements reordered for order-insensitive scans: negative strides flipped,
/// dimensions sorted so the smallest stride is innermost (zero strides outermost), then merged.
Region CanonicalForScan(const Region& region);

struct Run {
  int64_t offset;  // byte offset of the run's first element
  int64_t stride;  // bytes between its elements
  uint64_t count;  // elements in the run (along the innermost dimension)
};

/// Walks the elements of a region in C order as runs along the innermost dimension.
class RunCursor {
 public:
  /// Positions the cursor at flat element index `first` of `region` (from MergeDims/CanonicalForScan).
  RunCursor(const Region& region, uint64_t first);
  /// The next run of at most `limit` elements (limit > 0; the caller tracks how many remain).
  Run Next(uint64_t limit);

 private:
  int dims_;
  int64_t shape_[kMaxDims];
  int64_t strides_[kMaxDims];
  int64_t index_[kMaxDims];
  int64_t offset_;
};

}  // namespace arrayscope
