// Helpers shared by the kernel implementations (not part of the kernel API).
#pragma once

#include <algorithm>

#include "kernels.h"
#include "simd.h"

namespace arrayscope {

/// Calls visit(values, n, raw, stride) for the elements [first, first + count) of `in.region`
/// in C order, as float64 pieces of at most kBlock: read in place when the data is native
/// float64, otherwise decoded into `buffer` (kBlock doubles). Safe inside a fault guard.
template <class Visit>
inline void ForEachPiece(const ScanInput& in, DecodeFn decode, uint64_t first, uint64_t count, double* buffer,
                         Visit&& visit) {
  RunCursor cursor(in.region, first);
  while (count > 0) {
    Run run = cursor.Next(count);
    count -= run.count;
    const uint8_t* p = in.base + run.offset;
    for (uint64_t done = 0; done < run.count;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, run.count - done));
      const uint8_t* raw = p + static_cast<int64_t>(done) * run.stride;
      const double* values = buffer;
      if (ReadableInPlace(in.type, raw, run.stride)) {
        values = reinterpret_cast<const double*>(raw);
      } else {
        decode(raw, run.stride, n, buffer);
      }
      visit(values, n, raw, run.stride);
      done += n;
    }
  }
}

}  // namespace arrayscope
