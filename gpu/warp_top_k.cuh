// A warp's running top-k (k <= 128), ascending, kept in registers: position j lives in lane
// j % 32, register j / 32. Candidates below the current k-th distance are inserted one at a time
// with a warp-wide shift; on typical data a row sees ~k·ln(n/k) insertions, so the scan of the
// distance tile dominates, as in faiss's warp-select.
#pragma once

#include <cstdint>

namespace pharos::gpu::device {

constexpr uint32_t kMaxTopK = 128;
constexpr uint32_t kTopKRegs = kMaxTopK / 32;
constexpr uint32_t kInvalidId = 0xffffffffu;
constexpr unsigned kFullMask = 0xffffffffu;

struct WarpTopK {
  float dist[kTopKRegs];
  uint32_t id[kTopKRegs];
  uint32_t k;
  uint32_t lane;

  __device__ void load(const float* d, const uint32_t* ids, uint32_t k_in) {
    k = k_in;
    lane = threadIdx.x % 32;
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) {
      uint32_t j = r * 32 + lane;
      dist[r] = j < k ? d[j] : __int_as_float(0x7f800000);
      id[r] = j < k ? ids[j] : kInvalidId;
    }
  }
  __device__ void store(float* d, uint32_t* ids) const {
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) {
      uint32_t j = r * 32 + lane;
      if (j < k) d[j] = dist[r], ids[j] = id[r];
    }
  }
  // A switch, not a loop over r == j / 32: the loop became a dynamically indexed dist[j / 32],
  // which put the whole list in local memory (ptxas: 40-byte stack frame in the tile kernel).
  __device__ float kth() const {
    static_assert(kTopKRegs == 4, "kth() selects among 4 registers");
    uint32_t j = k - 1;
    float v;
    switch (j / 32) {
      case 0: v = dist[0]; break;
      case 1: v = dist[1]; break;
      case 2: v = dist[2]; break;
      default: v = dist[3]; break;
    }
    return __shfl_sync(kFullMask, v, j % 32);
  }
  // Warp-uniform: every lane passes the same (d, i).
  __device__ void insert(float d, uint32_t i) {
    unsigned below = 0;
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) below += dist[r] <= d ? 1u : 0u;
    unsigned pos = __reduce_add_sync(kFullMask, below);
    float prev_d[kTopKRegs];
    uint32_t prev_i[kTopKRegs];
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) {
      float up_d = __shfl_up_sync(kFullMask, dist[r], 1);
      uint32_t up_i = __shfl_up_sync(kFullMask, id[r], 1);
      float wrap_d = __shfl_sync(kFullMask, dist[r == 0 ? 0 : r - 1], 31);
      uint32_t wrap_i = __shfl_sync(kFullMask, id[r == 0 ? 0 : r - 1], 31);
      prev_d[r] = lane == 0 ? wrap_d : up_d;
      prev_i[r] = lane == 0 ? wrap_i : up_i;
    }
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) {
      uint32_t j = r * 32 + lane;
      if (j > pos) {
        dist[r] = prev_d[r];
        id[r] = prev_i[r];
      } else if (j == pos) {
        dist[r] = d;
        id[r] = i;
      }
    }
  }
  // Warp-uniform: whether id `i` is in the list.
  __device__ bool contains(uint32_t i) const {
    bool hit = false;
#pragma unroll
    for (uint32_t r = 0; r < kTopKRegs; ++r) hit |= id[r] == i;
    return __any_sync(kFullMask, hit);
  }
  // Every lane offers one candidate (valid or not); those under the k-th distance go in. With
  // `unique`, an id already in the list is not inserted again (candidates that may repeat).
  __device__ void offer(float d, uint32_t i, bool valid, bool unique = false) {
    float threshold = kth();
    unsigned mask = __ballot_sync(kFullMask, valid && d < threshold);
    while (mask) {
      int src = __ffs(mask) - 1;
      mask &= mask - 1;
      float cd = __shfl_sync(kFullMask, d, src);
      uint32_t ci = __shfl_sync(kFullMask, i, src);
      if (cd < threshold && !(unique && contains(ci))) {
        insert(cd, ci);
        threshold = kth();
      }
    }
  }
};

}  // namespace pharos::gpu::device
