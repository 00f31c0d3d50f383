// The set of pages a copy-on-write ('c') mapping has written, as sorted disjoint page intervals.
// Edits are usually a handful of small writes, so an interval map stays tiny even for a 1 TB file.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace arrayscope {

struct PageRange {
  uint64_t first;  // first page index
  uint64_t end;    // one past the last page index
};

class DirtyPages {
 public:
  void Add(PageRange range);
  void Clear() { ranges_.clear(); }
  uint64_t Count() const;
  std::vector<PageRange> All() const;
  /// The parts of `range` that hold no dirty page, in order.
  std::vector<PageRange> CleanParts(PageRange range) const;

 private:
  std::map<uint64_t, uint64_t> ranges_;  // first -> end; disjoint and non-adjacent
};

}  // namespace arrayscope
