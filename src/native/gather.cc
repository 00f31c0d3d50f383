#include "gather.h"

#include <cstring>
#include <string>

#include "fault_guard.h"

namespace arrayscope {

namespace {

template <size_t N>
void CopyStrided(const uint8_t* src, int64_t stride, uint64_t n, uint8_t* dst) {
  for (uint64_t i = 0; i < n; ++i) std::memcpy(dst + i * N, src + static_cast<int64_t>(i) * stride, N);
}

void CopyRun(const uint8_t* src, int64_t stride, uint64_t n, uint64_t itemsize, uint8_t* dst) {
  if (stride == static_cast<int64_t>(itemsize)) {
    std::memcpy(dst, src, n * itemsize);
    return;
  }
  switch (itemsize) {
    case 1: return CopyStrided<1>(src, stride, n, dst);
    case 2: return CopyStrided<2>(src, stride, n, dst);
    case 4: return CopyStrided<4>(src, stride, n, dst);
    case 8: return CopyStrided<8>(src, stride, n, dst);
    case 16: return CopyStrided<16>(src, stride, n, dst);
    default:
      for (uint64_t i = 0; i < n; ++i) std::memcpy(dst + i * itemsize, src + static_cast<int64_t>(i) * stride, itemsize);
  }
}

}  // namespace

void CheckCopySize(uint64_t bytes) {
  if (bytes > kMaxCopyBytes) {
    throw NativeError(ErrorCode::kTooLarge, std::to_string(bytes) + " bytes exceed the 2 GiB limit of one copy");
  }
}

GatherPlan PlanGather(const MappedFile& file, const Region& region, uint64_t itemsize) {
  file.ThrowIfClosed();
  RegionExtent extent = CheckRegion(region, itemsize, file.size());
  if (extent.count > kMaxCopyBytes / itemsize) CheckCopySize(kMaxCopyBytes + 1);
  GatherPlan plan;
  plan.region = MergeDims(region);
  plan.itemsize = itemsize;
  plan.bytes = extent.count * itemsize;
  plan.requiredBytes = extent.high;
  return plan;
}

void Gather(const MappedFile& file, const GatherPlan& plan, uint8_t* out) {
  file.ThrowIfClosed();
  if (plan.bytes == 0) return;
  file.RequireFileCovers(plan.requiredBytes);
  const uint8_t* base = file.data();
  auto body = [&] {
    RunCursor cursor(plan.region, 0);
    uint64_t remaining = plan.bytes / plan.itemsize;
    uint8_t* dst = out;
    while (remaining > 0) {
      Run run = cursor.Next(remaining);
      CopyRun(base + run.offset, run.stride, run.count, plan.itemsize, dst);
      dst += run.count * plan.itemsize;
      remaining -= run.count;
    }
  };
  if (!Guarded(file.data(), file.size(), body)) throw file.FaultError(plan.requiredBytes);
}

}  // namespace arrayscope
