// blockReduce: per-block min, max and mean of a 2-D strided region (NaN-aware), for image tiles
// of huge 2-D slices. Output is row-major ceil(rows/blockRows) x ceil(cols/blockCols).
//
// Chunking keeps writes race-free: when a block-row is small, a chunk owns whole block-rows and
// writes their cells directly; when it is large, a chunk covers some rows of one block-row,
// accumulates into per-worker scratch and merges under a mutex after the guarded part.
#include <limits>

#include "kernel_common.h"

namespace arrayscope {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kMaxCells = uint64_t{1} << 24;

void ResetCells(BlockReduceKernel::Cell* cells, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) cells[i] = {0, 0, kInf, -kInf};
}
}  // namespace

BlockReduceKernel::BlockReduceKernel(ScanInput input, uint64_t blockRows, uint64_t blockCols)
    : input_(std::move(input)), blockRows_(blockRows), blockCols_(blockCols), decode_(DecoderFor(input_.type)) {
  if (input_.region.shape.size() != 2) throw RangeError("blockReduce needs a 2-D region");
  if (blockRows == 0 || blockCols == 0) throw RangeError("block sizes must be positive");
  rows_ = static_cast<uint64_t>(input_.region.shape[0]);
  cols_ = static_cast<uint64_t>(input_.region.shape[1]);
  outRows_ = (rows_ + blockRows - 1) / blockRows;
  outCols_ = (cols_ + blockCols - 1) / blockCols;
  if (outRows_ != 0 && outCols_ > kMaxCells / outRows_) {
    throw NativeError(ErrorCode::kTooLarge, "blockReduce would produce more than 2^24 blocks");
  }
  cells_.resize(outRows_ * outCols_);
  ResetCells(cells_.data(), cells_.size());
  uint64_t chunkLength = ChunkLength(input_.count, ItemSize(input_.type.kind), input_.region.strides[1]);
  uint64_t rowsPerChunk = std::max<uint64_t>(1, chunkLength / std::max<uint64_t>(cols_, 1));
  if (rowsPerChunk >= blockRows) {
    blockRowsPerChunk_ = rowsPerChunk / blockRows;
    chunks_ = (outRows_ + blockRowsPerChunk_ - 1) / blockRowsPerChunk_;
  } else {
    blockRowsPerChunk_ = 0;
    rowsPerChunk_ = rowsPerChunk;
    chunksPerBlockRow_ = (blockRows + rowsPerChunk - 1) / rowsPerChunk;
    chunks_ = outRows_ * chunksPerBlockRow_;
  }
  if (cols_ == 0) chunks_ = 0;
}

BlockReduceKernel::ChunkRows BlockReduceKernel::RowsOf(uint64_t chunk) const {
  if (blockRowsPerChunk_ > 0) {
    uint64_t begin = chunk * blockRowsPerChunk_ * blockRows_;
    return {begin, std::min(rows_, begin + blockRowsPerChunk_ * blockRows_), false};
  }
  uint64_t blockRow = chunk / chunksPerBlockRow_, part = chunk % chunksPerBlockRow_;
  uint64_t blockEnd = std::min(rows_, (blockRow + 1) * blockRows_);
  uint64_t begin = std::min(blockEnd, blockRow * blockRows_ + part * rowsPerChunk_);
  return {begin, std::min(blockEnd, begin + rowsPerChunk_), true};
}

uint64_t BlockReduceKernel::ChunkElements(uint64_t chunk) const {
  ChunkRows r = RowsOf(chunk);
  return (r.end - r.begin) * cols_;
}

void BlockReduceKernel::PrepareWorkers(unsigned workers) {
  scratch_.assign(workers, std::vector<Cell>(blockRowsPerChunk_ > 0 ? 0 : outCols_));
  buffers_.assign(workers, std::vector<double>(kBlock));
}

// Narrow blocks (image tiles at 1-8 columns per block): one cell update per value is cheaper than
// a vectorised summary call per run of a few values. Same NaN rule: NaN is neither counted nor
// summed, and compares false so it never becomes a min or max.
void BlockReduceKernel::AccumulateNarrow(const double* values, size_t n, uint64_t firstCol, Cell* row) const {
  uint64_t block = firstCol / blockCols_;
  uint64_t left = (block + 1) * blockCols_ - firstCol;
  for (size_t i = 0; i < n; ++i) {
    const double v = values[i];
    Cell& cell = row[block];
    const bool present = v == v;
    cell.count += present ? 1.0 : 0.0;
    cell.sum += present ? v : 0.0;
    cell.min = v < cell.min ? v : cell.min;
    cell.max = v > cell.max ? v : cell.max;
    if (--left == 0) {
      ++block;
      left = blockCols_;
    }
  }
}

// Accumulates rows [begin, end) into `cells`, indexed [(row / blockRows) - firstBlockRow][column block].
void BlockReduceKernel::AccumulateRows(uint64_t begin, uint64_t end, Cell* cells, uint64_t firstBlockRow,
                                       double* buffer) const {
  const int64_t rowStride = input_.region.strides[0], colStride = input_.region.strides[1];
  const uint8_t* origin = input_.base + input_.region.offset;
  for (uint64_t r = begin; r < end; ++r) {
    Cell* row = cells + (r / blockRows_ - firstBlockRow) * outCols_;
    const uint8_t* rowStart = origin + static_cast<int64_t>(r) * rowStride;
    for (uint64_t c = 0; c < cols_;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, cols_ - c));
      const uint8_t* raw = rowStart + static_cast<int64_t>(c) * colStride;
      const double* values = buffer;
      if (ReadableInPlace(input_.type, raw, colStride)) values = reinterpret_cast<const double*>(raw);
      else decode_(raw, colStride, n, buffer);
      if (blockCols_ <= kNarrowBlock) {
        AccumulateNarrow(values, n, c, row);
        c += n;
        continue;
      }
      // Split the decoded piece at column-block boundaries.
      for (size_t i = 0; i < n;) {
        uint64_t block = (c + i) / blockCols_;
        size_t take = static_cast<size_t>(std::min<uint64_t>(n - i, (block + 1) * blockCols_ - (c + i)));
        Cell& cell = row[block];
        SummariseRun(values + i, take, &cell.count, &cell.sum, &cell.min, &cell.max);
        i += take;
      }
      c += n;
    }
  }
}

void BlockReduceKernel::RunChunk(uint64_t chunk, unsigned worker) {
  ChunkRows rows = RowsOf(chunk);
  if (rows.begin >= rows.end) return;
  uint64_t firstBlockRow = rows.begin / blockRows_;
  if (!rows.shared) {
    AccumulateRows(rows.begin, rows.end, cells_.data() + firstBlockRow * outCols_, firstBlockRow,
                   buffers_[worker].data());
    return;
  }
  Cell* scratch = scratch_[worker].data();
  ResetCells(scratch, outCols_);
  AccumulateRows(rows.begin, rows.end, scratch, firstBlockRow, buffers_[worker].data());
}

void BlockReduceKernel::AfterChunk(uint64_t chunk, unsigned worker) {
  ChunkRows rows = RowsOf(chunk);
  if (!rows.shared || rows.begin >= rows.end) return;
  const Cell* scratch = scratch_[worker].data();
  std::lock_guard<std::mutex> lock(mergeMutex_);
  Cell* target = cells_.data() + (rows.begin / blockRows_) * outCols_;
  for (uint64_t c = 0; c < outCols_; ++c) {
    target[c].count += scratch[c].count;
    target[c].sum += scratch[c].sum;
    target[c].min = std::min(target[c].min, scratch[c].min);
    target[c].max = std::max(target[c].max, scratch[c].max);
  }
}

void BlockReduceKernel::Result(std::vector<double>* min, std::vector<double>* max, std::vector<double>* mean,
                               std::vector<double>* count, std::vector<double>* sum) const {
  for (auto* v : {min, max, mean, count, sum}) v->resize(cells_.size());
  for (size_t i = 0; i < cells_.size(); ++i) {
    const Cell& cell = cells_[i];
    bool any = cell.count > 0;
    (*min)[i] = any ? cell.min : kNaN;
    (*max)[i] = any ? cell.max : kNaN;
    (*mean)[i] = any ? cell.sum / cell.count : kNaN;
    (*count)[i] = cell.count;
    (*sum)[i] = cell.sum;
  }
}

}  // namespace arrayscope
