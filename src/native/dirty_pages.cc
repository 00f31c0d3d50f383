#include "dirty_pages.h"

#include <algorithm>

namespace arrayscope {

void DirtyPages::Add(PageRange range) {
  if (range.first >= range.end) return;
  uint64_t first = range.first, end = range.end;
  // Absorb every interval that overlaps or touches [first, end).
  auto it = ranges_.upper_bound(first);
  if (it != ranges_.begin()) {
    auto previous = std::prev(it);
    if (previous->second >= first) it = previous;
  }
  while (it != ranges_.end() && it->first <= end) {
    first = std::min(first, it->first);
    end = std::max(end, it->second);
    it = ranges_.erase(it);
  }
  ranges_.emplace(first, end);
}

uint64_t DirtyPages::Count() const {
  uint64_t total = 0;
  for (const auto& [first, end] : ranges_) total += end - first;
  return total;
}

std::vector<PageRange> DirtyPages::All() const {
  std::vector<PageRange> out;
  out.reserve(ranges_.size());
  for (const auto& [first, end] : ranges_) out.push_back({first, end});
  return out;
}

std::vector<PageRange> DirtyPages::CleanParts(PageRange range) const {
  std::vector<PageRange> out;
  uint64_t cursor = range.first;
  auto it = ranges_.upper_bound(range.first);
  if (it != ranges_.begin()) --it;
  for (; it != ranges_.end() && it->first < range.end; ++it) {
    if (it->second <= cursor) continue;
    if (it->first > cursor) out.push_back({cursor, it->first});
    cursor = std::max(cursor, it->second);
  }
  if (cursor < range.end) out.push_back({cursor, range.end});
  return out;
}

}  // namespace arrayscope
