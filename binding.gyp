{
  # The Arrayscope memory-mapping addon. Node-API only (NAPI_VERSION 8), so one build loads in
  # Node and in Electron. Build with `node scripts/build-addon.mjs` (run by `npm install`).
  "targets": [
    {
      "target_name": "arrayscope",
      "sources": [
        "src/native/addon.cc",
        "src/native/common.cc",
        "src/native/dirty_pages.cc",
        "src/native/element.cc",
        "src/native/gather.cc",
        "src/native/jobs.cc",
        "src/native/js_args.cc",
        "src/native/kernel_blocks.cc",
        "src/native/kernel_histogram.cc",
        "src/native/kernel_minmax.cc",
        "src/native/kernel_stats.cc",
        "src/native/mapping.cc",
        "src/native/region.cc",
        "src/native/scan.cc",
        "src/native/scan_job.cc",
        "src/native/scan_methods.cc",
        "src/native/simd.cc"
      ],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      # -fno-trapping-math lets the compiler vectorise NaN tests (our code never reads FP flags);
      # -ffp-contract=off keeps a*b+c unfused so histogram edges match numpy bit for bit.
      # No -march: AVX2/AVX-512 versions of the hot loops are chosen at load time (simd.h).
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O3", "-fno-trapping-math", "-ffp-contract=off", "-fvisibility=hidden"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-fno-trapping-math", "-ffp-contract=off", "-fvisibility=hidden"],
      "conditions": [
        ["OS=='win'", {
          "sources": ["src/native/mapping_win.cc", "src/native/fault_guard_win.cc"],
          "msvs_settings": {
            "VCCLCompilerTool": {
              "ExceptionHandling": 1,
              "AdditionalOptions": ["/std:c++17", "/O2", "/fp:precise"]
            }
          }
        }, {
          "sources": ["src/native/mapping_posix.cc", "src/native/fault_guard_posix.cc"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "GCC_OPTIMIZATION_LEVEL": "3",
            "OTHER_CPLUSPLUSFLAGS": ["-fno-trapping-math", "-ffp-contract=off"]
          }
        }]
      ]
    }
  ]
}
