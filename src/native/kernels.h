// The scan kernels: stats, histogram, min/max decimation and 2-D block reduction. Each is a
// ScanKernel (scan.h) built on the JS thread from validated arguments; RunScan executes it on
// worker threads; the result accessors are read afterwards.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "element.h"
#include "region.h"
#include "scan.h"

namespace arrayscope {

/// What every kernel needs to walk its region: validated, laid out, chunked.
struct ScanInput {
  const uint8_t* base = nullptr;  // the mapping's first byte
  Region region;                  // CanonicalForScan / MergeDims output, or the caller's 1-D/2-D region
  ElementType type{};
  uint64_t count = 0;             // elements in the region
  uint64_t requiredBytes = 0;     // the region's end: the file must stay at least this long
};

/// The bytes holding elements [first, first + count) when the region is one dimension with a
/// stride of at most a page (so every page of the span is touched); false otherwise.
bool DenseSpan(const ScanInput& in, uint64_t first, uint64_t count, uint64_t* offset, uint64_t* length);

/// Validates `region` against `file` and prepares it for an order-insensitive scan.
ScanInput PrepareUnordered(const MappedFile& file, const Region& region, ElementType type);

struct StatsPartial {
  uint64_t count = 0, nanCount = 0, infCount = 0, zeroCount = 0;
  double sum = 0, m2 = 0;
  double min = 0, max = 0;  // meaningful only when count > 0
  ExactRange exact;
};

struct StatsResult {
  uint64_t count, nanCount, infCount, zeroCount;
  double min, max, mean, std, sum;
  std::string minExact, maxExact;  // "" unless the type is a 64-bit integer and count > 0
  bool hasExact;
};

class StatsKernel : public ScanKernel {
 public:
  explicit StatsKernel(ScanInput input);
  uint64_t ChunkCount() const override { return chunks_; }
  uint64_t ChunkElements(uint64_t chunk) const override;
  void PrepareWorkers(unsigned workers) override;
  void RunChunk(uint64_t chunk, unsigned worker) override;
  bool ChunkSpan(uint64_t chunk, uint64_t* offset, uint64_t* length) const override {
    return DenseSpan(input_, chunk * chunkLength_, ChunkElements(chunk), offset, length);
  }
  StatsResult Result() const;
  const ScanInput& input() const { return input_; }

 private:
  ScanInput input_;
  uint64_t chunkLength_, chunks_;
  DecodeFn decode_;
  std::vector<StatsPartial> partials_;       // one per chunk: the final fold is deterministic
  std::vector<std::vector<double>> buffers_;  // one kBlock decode buffer per worker
};

class HistogramKernel : public ScanKernel {
 public:
  /// Throws kRange for numpy's ValueErrors: lo > hi, non-finite range, edges not increasing.
  HistogramKernel(ScanInput input, uint32_t bins, double lo, double hi);
  uint64_t ChunkCount() const override { return chunks_; }
  uint64_t ChunkElements(uint64_t chunk) const override;
  void PrepareWorkers(unsigned workers) override;
  void RunChunk(uint64_t chunk, unsigned worker) override;
  bool ChunkSpan(uint64_t chunk, uint64_t* offset, uint64_t* length) const override {
    return DenseSpan(input_, chunk * chunkLength_, ChunkElements(chunk), offset, length);
  }
  std::vector<double> Counts() const;
  const ScanInput& input() const { return input_; }

 private:
  template <Precision P> void Count(const double* values, size_t n, uint64_t* counts) const;
  ScanInput input_;
  uint32_t bins_;
  double lo_, hi_;          // the range as numpy uses it (widened by 0.5 when lo == hi)
  double loCast_, hiCast_;  // the range cast to the data's precision, for the keep test
  Precision precision_;
  std::vector<double> edges_;  // bins + 1 edges, each exactly representable in precision_
  uint64_t chunkLength_, chunks_;
  DecodeFn decode_;
  std::vector<std::vector<uint64_t>> counts_;  // per worker
  std::vector<std::vector<double>> buffers_;
};

class MinMaxKernel : public ScanKernel {
 public:
  /// `input.region` must be 1-D (order matters: bucket b covers [floor(b*n/B), floor((b+1)*n/B))).
  MinMaxKernel(ScanInput input, uint32_t buckets);
  uint64_t ChunkCount() const override { return chunks_; }
  uint64_t ChunkElements(uint64_t chunk) const override;
  void PrepareWorkers(unsigned workers) override;
  void RunChunk(uint64_t chunk, unsigned worker) override;
  bool ChunkSpan(uint64_t chunk, uint64_t* offset, uint64_t* length) const override {
    return DenseSpan(input_, chunk * chunkLength_, ChunkElements(chunk), offset, length);
  }
  void Result(std::vector<double>* min, std::vector<double>* max) const;
  const ScanInput& input() const { return input_; }

 private:
  uint64_t BucketStart(uint64_t bucket) const;
  ScanInput input_;
  uint32_t buckets_;
  uint64_t chunkLength_, chunks_;
  DecodeFn decode_;
  std::vector<std::vector<double>> mins_, maxs_, buffers_;  // per worker
};

class BlockReduceKernel : public ScanKernel {
 public:
  /// `input.region` must be 2-D. Output cells are ceil(rows/blockRows) x ceil(cols/blockCols).
  BlockReduceKernel(ScanInput input, uint64_t blockRows, uint64_t blockCols);
  uint64_t ChunkCount() const override { return chunks_; }
  uint64_t ChunkElements(uint64_t chunk) const override;
  void PrepareWorkers(unsigned workers) override;
  void RunChunk(uint64_t chunk, unsigned worker) override;
  void AfterChunk(uint64_t chunk, unsigned worker) override;
  uint64_t outRows() const { return outRows_; }
  uint64_t outCols() const { return outCols_; }
  /// Per block: min, max, mean of the non-NaN values, and how many there were (exact below 2^53)
  /// and their sum, so callers can combine blocks exactly (image pyramids).
  void Result(std::vector<double>* min, std::vector<double>* max, std::vector<double>* mean, std::vector<double>* count,
              std::vector<double>* sum) const;
  const ScanInput& input() const { return input_; }

  struct Cell {
    double count, sum, min, max;
  };

 private:
  struct ChunkRows {
    uint64_t begin, end;  // rows
    bool shared;          // true: part of one block-row, accumulated in scratch and merged
  };
  ChunkRows RowsOf(uint64_t chunk) const;
  void AccumulateRows(uint64_t begin, uint64_t end, Cell* cells, uint64_t firstBlockRow, double* buffer) const;
  void AccumulateNarrow(const double* values, size_t n, uint64_t firstCol, Cell* row) const;
  /// Column blocks at most this wide are accumulated value by value (see AccumulateNarrow).
  static constexpr uint64_t kNarrowBlock = 8;
  ScanInput input_;
  uint64_t rows_, cols_, blockRows_, blockCols_, outRows_, outCols_;
  uint64_t blockRowsPerChunk_;  // > 0: chunks own whole block-rows
  uint64_t rowsPerChunk_ = 0, chunksPerBlockRow_ = 0;  // otherwise: chunks split one block-row
  uint64_t chunks_;
  DecodeFn decode_;
  std::vector<Cell> cells_;
  std::vector<std::vector<Cell>> scratch_;
  std::vector<std::vector<double>> buffers_;
  std::mutex mergeMutex_;
};

}  // namespace arrayscope
