#include "scan_methods.h"

#include <cstring>
#include <functional>

#include "jobs.h"
#include "js_args.h"
#include "kernels.h"

namespace arrayscope {

namespace {

Napi::Float64Array ToFloat64Array(Napi::Env env, const std::vector<double>& values) {
  Napi::Float64Array out = Napi::Float64Array::New(env, values.size());
  if (!values.empty()) std::memcpy(out.Data(), values.data(), values.size() * sizeof(double));
  return out;
}

Napi::Value StatsToJs(Napi::Env env, const StatsResult& r) {
  Napi::Object out = Napi::Object::New(env);
  auto number = [&](double v) { return Napi::Number::New(env, v); };
  auto exact = [&](const std::string& s) -> Napi::Value {
    return r.hasExact && !s.empty() ? Napi::String::New(env, s) : env.Null();
  };
  out.Set("count", number(static_cast<double>(r.count)));
  out.Set("nanCount", number(static_cast<double>(r.nanCount)));
  out.Set("infCount", number(static_cast<double>(r.infCount)));
  out.Set("zeroCount", number(static_cast<double>(r.zeroCount)));
  out.Set("min", number(r.min));
  out.Set("max", number(r.max));
  out.Set("minExact", exact(r.minExact));
  out.Set("maxExact", exact(r.maxExact));
  out.Set("mean", number(r.mean));
  out.Set("std", number(r.std));
  out.Set("sum", number(r.sum));
  return out;
}

// Validates a region whose order matters (minmax: 1-D, blockReduce: 2-D) without reordering it.
ScanInput PrepareOrdered(const MappedFile& file, const Region& region, ElementType type) {
  ScanInput in;
  RegionExtent extent = CheckRegion(region, ItemSize(type.kind), file.size());
  in.base = file.data();
  in.region = region;
  in.type = type;
  in.count = extent.count;
  in.requiredBytes = extent.high;
  return in;
}

template <class K>
Napi::Value Launch(Napi::Env env, const std::shared_ptr<MappedFile>& file, std::shared_ptr<K> kernel,
                   const Napi::Value& onProgress, std::function<Napi::Value(Napi::Env, const K&)> toJs) {
  const ScanInput& in = kernel->input();
  K* raw = kernel.get();  // kept alive by the job, which owns `kernel`
  return StartScan(env, file, kernel, [raw, toJs](Napi::Env e) { return toJs(e, *raw); }, in.count,
                   in.requiredBytes, onProgress);
}

}  // namespace

Napi::Value StartStatsScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file) {
  auto kernel = std::make_shared<StatsKernel>(PrepareUnordered(*file, ToRegion(info[0]), ToElementType(info[1])));
  return Launch<StatsKernel>(info.Env(), file, kernel, info[2],
                             [](Napi::Env env, const StatsKernel& k) { return StatsToJs(env, k.Result()); });
}

Napi::Value StartHistogramScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file) {
  ScanInput in = PrepareUnordered(*file, ToRegion(info[0]), ToElementType(info[1]));
  uint64_t bins = ToIndex(info[2], "bins");
  if (bins == 0 || bins > (uint64_t{1} << 24)) throw RangeError("bins must be between 1 and 2^24");
  auto kernel = std::make_shared<HistogramKernel>(std::move(in), static_cast<uint32_t>(bins), ToNumber(info[3], "lo"),
                                                  ToNumber(info[4], "hi"));
  return Launch<HistogramKernel>(info.Env(), file, kernel, info[5], [](Napi::Env env, const HistogramKernel& k) -> Napi::Value {
    return ToFloat64Array(env, k.Counts());
  });
}

Napi::Value StartMinMaxScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file) {
  ScanInput in = PrepareOrdered(*file, ToRegion(info[0]), ToElementType(info[1]));
  uint64_t buckets = ToIndex(info[2], "buckets");
  if (buckets == 0 || buckets > (uint64_t{1} << 22)) throw RangeError("buckets must be between 1 and 2^22");
  auto kernel = std::make_shared<MinMaxKernel>(std::move(in), static_cast<uint32_t>(buckets));
  return Launch<MinMaxKernel>(info.Env(), file, kernel, info[3], [](Napi::Env env, const MinMaxKernel& k) -> Napi::Value {
    std::vector<double> min, max;
    k.Result(&min, &max);
    Napi::Object out = Napi::Object::New(env);
    out.Set("min", ToFloat64Array(env, min));
    out.Set("max", ToFloat64Array(env, max));
    return out;
  });
}

Napi::Value StartBlockReduceScan(const Napi::CallbackInfo& info, const std::shared_ptr<MappedFile>& file) {
  ScanInput in = PrepareOrdered(*file, ToRegion(info[0]), ToElementType(info[1]));
  auto kernel =
      std::make_shared<BlockReduceKernel>(std::move(in), ToIndex(info[2], "blockRows"), ToIndex(info[3], "blockCols"));
  return Launch<BlockReduceKernel>(info.Env(), file, kernel, info[4],
                                   [](Napi::Env env, const BlockReduceKernel& k) -> Napi::Value {
                                     std::vector<double> min, max, mean, count, sum;
                                     k.Result(&min, &max, &mean, &count, &sum);
                                     Napi::Object out = Napi::Object::New(env);
                                     out.Set("rows", Napi::Number::New(env, static_cast<double>(k.outRows())));
                                     out.Set("cols", Napi::Number::New(env, static_cast<double>(k.outCols())));
                                     out.Set("min", ToFloat64Array(env, min));
                                     out.Set("max", ToFloat64Array(env, max));
                                     out.Set("mean", ToFloat64Array(env, mean));
                                     out.Set("count", ToFloat64Array(env, count));
                                     out.Set("sum", ToFloat64Array(env, sum));
                                     return out;
                                   });
}

}  // namespace arrayscope
