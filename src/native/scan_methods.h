// The four scan methods of the JS `Mapping` class: argument parsing, kernel construction and the
// conversion of each kernel's result to JS. Each returns { promise, cancel } (jobs.h StartScan).
#pragma once

#include <napi.h>

#include <memory>

#include "mapping.h"

namespace arrayscope {

/// stats(region, elem, onProgress?)
Napi::Value StartStatsScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file);
/// histogram(region, elem, bins, lo, hi, onProgress?)
Napi::Value StartHistogramScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file);
/// minmax(region1d, elem, buckets, onProgress?)
Napi::Value StartMinMaxScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file);
/// blockReduce(region2d, elem, blockRows, blockCols, onProgress?)
Napi::Value StartBlockReduceScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file);

}  // namespace arrayscope
