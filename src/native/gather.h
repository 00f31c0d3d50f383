// gather: copies the elements of a strided N-D region into a contiguous buffer in the region's
// C order (numpy's np.ascontiguousarray(view).tobytes()). This is how pages of Fortran-order or
// sliced views and single columns are extracted.
#pragma once

#include <cstdint>

#include "mapping.h"
#include "region.h"

namespace arrayscope {

/// Largest single copy handed to JS (read, gather): 2 GiB.
constexpr uint64_t kMaxCopyBytes = uint64_t{1} << 31;

struct GatherPlan {
  Region region;           // dimensions merged, C order kept
  uint64_t itemsize = 0;
  uint64_t bytes = 0;      // output size
  uint64_t requiredBytes = 0;  // the region's end: the file must be at least this long
};

/// Validates the region against the mapping (kRange) and the output size (kTooLarge).
GatherPlan PlanGather(const MappedFile& file, const Region& region, uint64_t itemsize);
/// Copies into `out` (plan.bytes long). Throws kClosed, kTruncated, kIo.
void Gather(const MappedFile& file, const GatherPlan& plan, uint8_t* out);
/// Throws kTooLarge when `bytes` cannot be one buffer.
void CheckCopySize(uint64_t bytes);

}  // namespace arrayscope
