// CAGRA-style optimisation on the GPU: rank-based pruning (one warp per row), reverse edges by a
// stable radix sort of (target, rank) keys, and the merge; identical to graph_optimize.cpp.
#include <chrono>
#include <cub/device/device_radix_sort.cuh>

#include "gpu/cuda_support.cuh"
#include "gpu/device_api.h"
#include "gpu/merge_row.h"
#include "gpu/warp_top_k.cuh"

namespace pharos::gpu::device {
namespace {

constexpr uint32_t kPruneWarps = 4;

__global__ void prune_kernel(const uint32_t* knn, uint32_t n, uint32_t k, uint32_t degree, uint32_t* out) {
  __shared__ uint32_t ids[kPruneWarps][kMaxTopK], sorted_ids[kPruneWarps][kMaxTopK],
      sorted_pos[kPruneWarps][kMaxTopK], detours[kPruneWarps][kMaxTopK];
  uint32_t w = threadIdx.x / 32, lane = threadIdx.x % 32;
  uint32_t x = blockIdx.x * kPruneWarps + w;
  if (x >= n) return;
  const uint32_t* list = knn + static_cast<size_t>(x) * k;
  for (uint32_t j = lane; j < k; j += 32) ids[w][j] = list[j], detours[w][j] = 0;
  for (uint32_t s = lane; s < degree; s += 32) out[static_cast<size_t>(x) * degree + s] = kInvalidId;
  __syncwarp();
  // Sort (id, rank) by id with counting ranks: k is at most 128.
  for (uint32_t j = lane; j < k; j += 32) {
    uint32_t rank = 0, v = ids[w][j];
    for (uint32_t q = 0; q < k; ++q) rank += (ids[w][q] < v || (ids[w][q] == v && q < j)) ? 1 : 0;
    sorted_ids[w][rank] = v;
    sorted_pos[w][rank] = j;
  }
  __syncwarp();
  uint32_t valid = 0;
  for (uint32_t j = 0; j < k; ++j) valid += ids[w][j] != kInvalidId ? 1 : 0;
  for (uint32_t i = 0; i < k; ++i) {
    uint32_t z = ids[w][i];
    if (z == kInvalidId) continue;
    for (uint32_t p = lane; p < k; p += 32) {
      uint32_t y = knn[static_cast<size_t>(z) * k + p];
      if (y == kInvalidId) continue;
      uint32_t lo = 0, hi = valid;
      while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (sorted_ids[w][mid] < y)
          lo = mid + 1;
        else
          hi = mid;
      }
      if (lo < valid && sorted_ids[w][lo] == y) {
        uint32_t j = sorted_pos[w][lo];
        if (j > i && j > p) atomicAdd(&detours[w][j], 1u);
      }
    }
  }
  __syncwarp();
  // Keep the `degree` edges with the fewest detours, ties by rank (keys are unique).
  for (uint32_t j = lane; j < k; j += 32) {
    if (ids[w][j] == kInvalidId) continue;
    uint64_t key = (static_cast<uint64_t>(detours[w][j]) << 8) | j;
    uint32_t rank = 0;
    for (uint32_t q = 0; q < k; ++q) {
      if (ids[w][q] == kInvalidId) continue;
      rank += ((static_cast<uint64_t>(detours[w][q]) << 8) | q) < key ? 1 : 0;
    }
    if (rank < degree) out[static_cast<size_t>(x) * degree + rank] = ids[w][j];
  }
}

__global__ void edge_keys_kernel(const uint32_t* pruned, uint32_t n, uint32_t degree, uint64_t* keys,
                                 uint32_t* sources) {
  size_t e = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<size_t>(n) * degree) return;
  uint32_t y = pruned[e];
  uint32_t x = static_cast<uint32_t>(e / degree), r = static_cast<uint32_t>(e % degree);
  // Padding sorts past every row.
  keys[e] = y == kInvalidId ? (static_cast<uint64_t>(n) << 8) : ((static_cast<uint64_t>(y) << 8) | r);
  sources[e] = x;
}

// Positions are 64-bit: n·degree edges pass 2^32 from 16.7M rows at degree 256.
__global__ void segment_bounds_kernel(const uint64_t* keys, size_t count, uint32_t n, uint64_t* start,
                                      uint64_t* end) {
  size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (p >= count) return;
  uint64_t y = keys[p] >> 8;
  if (y >= n) return;
  if (p == 0 || (keys[p - 1] >> 8) != y) start[y] = p;
  if (p + 1 == count || (keys[p + 1] >> 8) != y) end[y] = p + 1;
}

__global__ void merge_kernel(const uint32_t* pruned, const uint32_t* reverse_sources, const uint64_t* start,
                             const uint64_t* end, uint32_t n, uint32_t degree, uint32_t keep_forward,
                             uint32_t* out) {
  uint32_t x = blockIdx.x * blockDim.x + threadIdx.x;
  if (x >= n) return;
  merge_row(pruned + static_cast<size_t>(x) * degree, reverse_sources + start[x], end[x] - start[x], degree,
            keep_forward, out + static_cast<size_t>(x) * degree);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<FixedDegreeGraph> prune_rank_based(const KnnGraph& knn, uint32_t degree, Timings* timings) {
  if (knn.k > kMaxTopK || degree == 0 || degree > 256)
    return Status(ErrorKind::invalid_argument, "prune: bad degree");
  if (knn.n == 0) return FixedDegreeGraph{0, degree, {}};  // nothing to launch
  return guarded<FixedDegreeGraph>("gpu prune", [&] {
    auto begin = std::chrono::steady_clock::now();
    Stream stream;
    DeviceBuffer<uint32_t> input(knn.ids.size()), output(static_cast<size_t>(knn.n) * degree);
    input.upload(knn.ids.data(), knn.ids.size(), stream.get());
    prune_kernel<<<blocks_for(knn.n, kPruneWarps), 32 * kPruneWarps, 0, stream.get()>>>(
        input.get(), knn.n, knn.k, degree, output.get());
    PHAROS_CUDA(cudaGetLastError());
    FixedDegreeGraph graph;
    graph.n = knn.n;
    graph.degree = degree;
    graph.ids.resize(output.size());
    output.download(graph.ids.data(), graph.ids.size(), stream.get());
    if (timings) timings->prune += seconds_since(begin);
    return graph;
  });
}

Result<FixedDegreeGraph> merge_reverse_edges(const FixedDegreeGraph& pruned, Timings* timings) {
  if (pruned.degree == 0 || pruned.degree > 256)
    return Status(ErrorKind::invalid_argument, "reverse: bad degree");
  if (pruned.n == 0) return FixedDegreeGraph{0, pruned.degree, {}};  // nothing to launch
  return guarded<FixedDegreeGraph>("gpu reverse edges", [&] {
    auto begin = std::chrono::steady_clock::now();
    Stream stream;
    const uint32_t n = pruned.n, degree = pruned.degree;
    size_t edges = static_cast<size_t>(n) * degree;
    DeviceBuffer<uint32_t> forward(edges), sources(edges), sorted_sources(edges), out(edges);
    DeviceBuffer<uint64_t> keys(edges), sorted_keys(edges), start(n), end(n);
    forward.upload(pruned.ids.data(), edges, stream.get());
    edge_keys_kernel<<<blocks_for(edges, 256), 256, 0, stream.get()>>>(
        forward.get(), n, degree, keys.get(), sources.get());
    PHAROS_CUDA(cudaGetLastError());
    int end_bit = 8;
    while (end_bit < 64 && (static_cast<uint64_t>(n) << 8) >> end_bit) ++end_bit;
    // `edges` is a size_t: CUB picks its offset type from the item count's (choose_offset_t:
    // 64-bit above 4 bytes), so more than 2^31 edges sort in one call.
    static_assert(sizeof(edges) == 8);
    size_t temp_bytes = 0;
    PHAROS_CUDA(cub::DeviceRadixSort::SortPairs(nullptr, temp_bytes, keys.get(), sorted_keys.get(),
                                                sources.get(), sorted_sources.get(), edges, 0, end_bit,
                                                stream.get()));
    DeviceBuffer<uint8_t> temp(temp_bytes);
    PHAROS_CUDA(cub::DeviceRadixSort::SortPairs(temp.get(), temp_bytes, keys.get(), sorted_keys.get(),
                                                sources.get(), sorted_sources.get(), edges, 0, end_bit,
                                                stream.get()));
    PHAROS_CUDA(cudaMemsetAsync(start.get(), 0, n * sizeof(uint64_t), stream.get()));
    PHAROS_CUDA(cudaMemsetAsync(end.get(), 0, n * sizeof(uint64_t), stream.get()));
    segment_bounds_kernel<<<blocks_for(edges, 256), 256, 0, stream.get()>>>(sorted_keys.get(), edges, n,
                                                                            start.get(), end.get());
    merge_kernel<<<blocks_for(n, 128), 128, 0, stream.get()>>>(forward.get(), sorted_sources.get(),
                                                               start.get(), end.get(), n, degree,
                                                               forward_edges_first(degree), out.get());
    PHAROS_CUDA(cudaGetLastError());
    FixedDegreeGraph graph;
    graph.n = n;
    graph.degree = degree;
    graph.ids.resize(edges);
    out.download(graph.ids.data(), edges, stream.get());
    if (timings) timings->reverse += seconds_since(begin);
    return graph;
  });
}

}  // namespace pharos::gpu::device
