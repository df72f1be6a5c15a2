// The gpu_build benches' "L/P/R/F" flag: the approximate kNN graph with lists of ~L rows, P
// probes and R refinement rounds of fanout F, for a set of n rows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "gpu/knn_graph.h"

namespace bench_data {

inline std::optional<pharos::gpu::ApproximateGraphParams> parse_graph_params(const std::string& text,
                                                                             uint32_t n) {
  uint32_t list_size = 0;
  pharos::gpu::ApproximateGraphParams params;
  if (std::sscanf(text.c_str(), "%u/%u/%u/%u", &list_size, &params.nprobe, &params.refine_rounds,
                  &params.refine_fanout) != 4 ||
      list_size == 0 || params.nprobe == 0) {
    return std::nullopt;
  }
  params.nlist = std::max(1u, n / list_size);
  return params;
}

}  // namespace bench_data
