// kNN graphs on the GPU: cuBLAS GEMM tiles of dot products, a fused warp top-k that merges each
// tile into the rows' running lists, exact fp32 re-ranking after TF32, and the approximate graph
// for large segments (IVF candidate lists + neighbour-of-neighbour refinement).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "gpu/cuda_support.cuh"
#include "gpu/device_api.h"
#include "gpu/kmeans.h"
#include "gpu/warp_top_k.cuh"

namespace pharos::gpu::device {
namespace {

enum class TileMetric : int { l2 = 0, inner_product = 1, raw = 2 };
constexpr uint32_t kWarpsPerBlock = 4;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

__global__ void row_norms_kernel(const float* rows, uint32_t n, uint32_t d, float* norms) {
  uint32_t warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
  if (warp >= n) return;
  float acc = 0;
  for (uint32_t j = lane; j < d; j += 32) {
    float v = rows[static_cast<size_t>(warp) * d + j];
    acc += v * v;
  }
  for (int offset = 16; offset > 0; offset /= 2) acc += __shfl_down_sync(kFullMask, acc, offset);
  if (lane == 0) norms[warp] = acc;
}

__global__ void fill_state_kernel(float* d, uint32_t* ids, size_t count) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < count) d[i] = __int_as_float(0x7f800000), ids[i] = kInvalidId;
}

struct TileArgs {
  const float* scores;  // rows × cols dot products (or distances for raw)
  uint32_t rows, cols;
  const uint32_t* row_ids;  // global id of each tile row; null = row_base + r
  uint32_t row_base;
  const uint32_t* col_ids;  // global id of each tile column; null = col_base + c
  uint32_t col_base;
  const float* row_norms;  // squared norms by global row id (l2; null = 0, ranking only)
  const float* col_norms;  // squared norms by global column id (l2 only)
  bool exclude_self;
  bool state_by_id;  // state row = global id (IVF) rather than tile row
  float* state_d;
  uint32_t* state_i;
  uint32_t k;
  TileMetric metric;
};

// One warp per tile row: scan the row's scores, keep the best k in registers.
__global__ void merge_tile_top_k_kernel(TileArgs a) {
  uint32_t r = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
  if (r >= a.rows) return;
  uint32_t self = a.row_ids ? a.row_ids[r] : a.row_base + r;
  size_t state_row = a.state_by_id ? self : r;
  WarpTopK top;
  top.load(a.state_d + state_row * a.k, a.state_i + state_row * a.k, a.k);
  float self_norm = a.metric == TileMetric::l2 && a.row_norms ? a.row_norms[self] : 0.f;
  const float* row = a.scores + static_cast<size_t>(r) * a.cols;
  for (uint32_t base = 0; base < a.cols; base += 32) {
    uint32_t c = base + top.lane;
    bool valid = c < a.cols;
    uint32_t id = kInvalidId;
    float dist = 0;
    if (valid) {
      id = a.col_ids ? a.col_ids[c] : a.col_base + c;
      float s = row[c];
      if (a.metric == TileMetric::l2) {
        // Without row norms (ranking centroids) |c|² - 2x·c is |x-c|² - |x|², negative for every
        // centroid nearer than the origin: clamping it would tie them all at 0. col_norms is
        // read only here: the other metrics pass none (select_top_k's raw tiles).
        float l2 = self_norm + a.col_norms[id] - 2.f * s;
        dist = a.row_norms ? fmaxf(l2, 0.f) : l2;
      } else {
        dist = a.metric == TileMetric::inner_product ? -s : s;
      }
      valid = !(a.exclude_self && id == self);
    }
    top.offer(dist, id, valid);
  }
  top.store(a.state_d + state_row * a.k, a.state_i + state_row * a.k);
}

void merge_tile(const TileArgs& args, cudaStream_t stream) {
  merge_tile_top_k_kernel<<<blocks_for(args.rows, kWarpsPerBlock), 32 * kWarpsPerBlock, 0, stream>>>(args);
  PHAROS_CUDA(cudaGetLastError());
}

// TF32 candidates re-ranked with exact fp32 distances into the final k (one warp per row).
__global__ void rerank_kernel(const float* rows, uint32_t d, uint32_t row_base, uint32_t tile_rows,
                              const uint32_t* candidates, uint32_t k_candidates, int metric, float* out_d,
                              uint32_t* out_i, uint32_t k) {
  uint32_t r = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
  if (r >= tile_rows) return;
  const float* x = rows + static_cast<size_t>(row_base + r) * d;
  WarpTopK top;
  top.lane = threadIdx.x % 32;
  top.k = k;
#pragma unroll
  for (uint32_t j = 0; j < kTopKRegs; ++j) top.dist[j] = __int_as_float(0x7f800000), top.id[j] = kInvalidId;
  for (uint32_t base = 0; base < k_candidates; base += 32) {
    uint32_t c = base + top.lane;
    uint32_t id = c < k_candidates ? candidates[static_cast<size_t>(r) * k_candidates + c] : kInvalidId;
    float dist = 0;
    if (id != kInvalidId) {
      const float* y = rows + static_cast<size_t>(id) * d;
      for (uint32_t j = 0; j < d; ++j) dist += metric == 0 ? (x[j] - y[j]) * (x[j] - y[j]) : -x[j] * y[j];
    }
    top.offer(dist, id, id != kInvalidId);
  }
  top.store(out_d + static_cast<size_t>(r) * k, out_i + static_cast<size_t>(r) * k);
}

// One refinement round (refine_knn_graph_cpu), one warp per row u: the row's current list plus
// the first `fanout` neighbours of each of its first `fanout` neighbours; the k nearest stay,
// each id once. Reads `in_*`, writes `out_*`, so no row sees another's update within a round.
__global__ void refine_round_kernel(const float* rows, uint32_t n, uint32_t d, int metric,
                                    const uint32_t* in_i, const float* in_d, uint32_t k, uint32_t fanout,
                                    uint32_t* out_i, float* out_d) {
  uint32_t u = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32;
  if (u >= n) return;
  WarpTopK top;
  top.load(in_d + static_cast<size_t>(u) * k, in_i + static_cast<size_t>(u) * k, k);
  const float* x = rows + static_cast<size_t>(u) * d;
  for (uint32_t a = 0; a < fanout; ++a) {
    uint32_t v = in_i[static_cast<size_t>(u) * k + a];  // the same for every lane
    if (v == kInvalidId) break;
    const uint32_t* second = in_i + static_cast<size_t>(v) * k;
    for (uint32_t base = 0; base < fanout; base += 32) {
      uint32_t b = base + top.lane;
      uint32_t w = b < fanout ? second[b] : kInvalidId;
      int valid = w != kInvalidId && w != u;
      float mine = 0;
      // The warp computes its 32 candidates' distances together, one candidate at a time, so
      // every row read is coalesced across the lanes.
      for (uint32_t s = 0; s < 32; ++s) {
        uint32_t ws = __shfl_sync(kFullMask, w, s);
        if (!__shfl_sync(kFullMask, valid, s)) continue;  // warp-uniform
        const float* y = rows + static_cast<size_t>(ws) * d;
        float acc = 0;
        for (uint32_t j = top.lane; j < d; j += 32) {
          float xv = x[j], yv = y[j];
          acc += metric == 0 ? (xv - yv) * (xv - yv) : xv * yv;
        }
        for (int offset = 16; offset > 0; offset /= 2) acc += __shfl_xor_sync(kFullMask, acc, offset);
        if (top.lane == s) mine = metric == 0 ? acc : -acc;
      }
      top.offer(mine, w, valid != 0, /*unique=*/true);
    }
  }
  top.store(out_d + static_cast<size_t>(u) * k, out_i + static_cast<size_t>(u) * k);
}

// `rounds` refinement rounds over the graph in (ids, dist) on the device; the result is left there.
void refine_on_device(const float* device_rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                      uint32_t fanout, uint32_t rounds, DeviceBuffer<uint32_t>& ids,
                      DeviceBuffer<float>& dist, cudaStream_t stream) {
  if (rounds == 0 || n == 0) return;
  fanout = std::min(fanout, k);
  DeviceBuffer<uint32_t> next_ids(static_cast<size_t>(n) * k);
  DeviceBuffer<float> next_dist(static_cast<size_t>(n) * k);
  for (uint32_t round = 0; round < rounds; ++round) {
    refine_round_kernel<<<blocks_for(n, kWarpsPerBlock), 32 * kWarpsPerBlock, 0, stream>>>(
        device_rows, n, d, metric == GraphMetric::l2 ? 0 : 1, ids.get(), dist.get(), k, fanout,
        next_ids.get(), next_dist.get());
    PHAROS_CUDA(cudaGetLastError());
    std::swap(ids, next_ids);
    std::swap(dist, next_dist);
  }
  // After an odd number of rounds next_* hold the last kernel's inputs: let it finish before
  // their destructors free them (not left to cudaFree's implicit device sync).
  PHAROS_CUDA(cudaStreamSynchronize(stream));
}

// Rows on the device: resident when they fit half the budget, else uploaded tile by tile.
struct DeviceRows {
  const float* host;
  uint32_t n, d;
  bool resident;
  DeviceBuffer<float> all;
  DeviceBuffer<float> scratch[2];
  std::unique_ptr<StagedUploader> uploader;  // streaming only: one set of pinned buffers throughout

  DeviceRows(const float* rows, uint32_t n_in, uint32_t d_in, size_t budget, size_t tile_rows,
             cudaStream_t stream)
      : host(rows), n(n_in), d(d_in) {
    size_t bytes = static_cast<size_t>(n) * d * sizeof(float);
    resident = bytes <= budget / 2;
    if (resident) {
      all = DeviceBuffer<float>(static_cast<size_t>(n) * d);
      staged_upload(rows, static_cast<size_t>(n) * d, all.get(), stream);
    } else {
      scratch[0] = DeviceBuffer<float>(tile_rows * d);
      scratch[1] = DeviceBuffer<float>(tile_rows * d);
      uploader = std::make_unique<StagedUploader>(tile_rows * d);
    }
  }
  // Pointer to rows [begin, begin+count) on the device; `slot` picks the scratch buffer.
  const float* rows(uint32_t begin, uint32_t count, int slot, cudaStream_t stream) {
    if (resident) return all.get() + static_cast<size_t>(begin) * d;
    // Stream order keeps this safe without a wait: the GEMM that read scratch[slot] last was
    // enqueued before this copy.
    uploader->upload(host + static_cast<size_t>(begin) * d, static_cast<size_t>(count) * d, scratch[slot].get(),
                     stream);
    return scratch[slot].get();
  }
};

size_t budget_of(const Options& options) {
  size_t free_bytes = free_device_memory();
  return options.memory_budget ? std::min<size_t>(options.memory_budget, free_bytes) : free_bytes / 10 * 8;
}

KnnGraph exact_graph(const float* host_rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                     const Options& options, Timings* timings) {
  Timings t;
  auto start = std::chrono::steady_clock::now();
  Stream stream;
  // TF32 keeps k + 32 candidates for the exact re-rank; where that passes the warp top-k's 128
  // (k > 96: the HNSW default k is 128) there would be no slack to correct TF32's order at the
  // list's edge, so such a graph is computed in fp32.
  const bool tf32 = options.tf32 && k + 32 <= kMaxTopK;
  const uint32_t k_select = tf32 ? k + 32 : k;
  const uint32_t query_tile = std::min<uint32_t>(n, 8192), column_tile = std::min<uint32_t>(n, 16384);
  DeviceRows rows(host_rows, n, d, budget_of(options), std::max(query_tile, column_tile), stream.get());
  if (!rows.resident && tf32) throw CudaError("tf32 re-rank needs resident rows", true);
  DeviceBuffer<float> norms(n);
  for (uint32_t begin = 0; begin < n; begin += column_tile) {
    uint32_t count = std::min(column_tile, n - begin);
    const float* tile = rows.rows(begin, count, 0, stream.get());
    row_norms_kernel<<<blocks_for(static_cast<size_t>(count) * 32, 256), 256, 0, stream.get()>>>(
        tile, count, d, norms.get() + begin);
    PHAROS_CUDA(cudaGetLastError());
  }
  stream.sync();
  t.upload = seconds_since(start);

  start = std::chrono::steady_clock::now();
  Blas blas(stream.get(), tf32);
  DeviceBuffer<float> scores(static_cast<size_t>(query_tile) * column_tile);
  DeviceBuffer<float> state_d(static_cast<size_t>(query_tile) * k_select),
      final_d(static_cast<size_t>(query_tile) * k);
  DeviceBuffer<uint32_t> state_i(static_cast<size_t>(query_tile) * k_select),
      final_i(static_cast<size_t>(query_tile) * k);
  KnnGraph graph;
  graph.n = n;
  graph.k = k;
  graph.ids.resize(static_cast<size_t>(n) * k);
  graph.distances.resize(static_cast<size_t>(n) * k);
  TileMetric tile_metric = metric == GraphMetric::l2 ? TileMetric::l2 : TileMetric::inner_product;
  for (uint32_t q = 0; q < n; q += query_tile) {
    uint32_t q_count = std::min(query_tile, n - q);
    fill_state_kernel<<<blocks_for(static_cast<size_t>(q_count) * k_select, 256), 256, 0, stream.get()>>>(
        state_d.get(), state_i.get(), static_cast<size_t>(q_count) * k_select);
    const float* queries = rows.rows(q, q_count, 0, stream.get());
    for (uint32_t c = 0; c < n; c += column_tile) {
      uint32_t c_count = std::min(column_tile, n - c);
      const float* columns = rows.rows(c, c_count, 1, stream.get());
      blas.dot_products(queries, q_count, columns, c_count, d, scores.get());
      merge_tile({scores.get(), q_count, c_count, nullptr, q, nullptr, c, norms.get(), norms.get(), true,
                  false, state_d.get(), state_i.get(), k_select, tile_metric},
                 stream.get());
    }
    float* out_d = state_d.get();
    uint32_t* out_i = state_i.get();
    if (tf32) {
      rerank_kernel<<<blocks_for(q_count, kWarpsPerBlock), 32 * kWarpsPerBlock, 0, stream.get()>>>(
          rows.all.get(), d, q, q_count, state_i.get(), k_select, static_cast<int>(tile_metric),
          final_d.get(), final_i.get(), k);
      PHAROS_CUDA(cudaGetLastError());
      out_d = final_d.get();
      out_i = final_i.get();
    }
    PHAROS_CUDA(cudaMemcpyAsync(graph.ids.data() + static_cast<size_t>(q) * k, out_i,
                                static_cast<size_t>(q_count) * k * sizeof(uint32_t), cudaMemcpyDeviceToHost,
                                stream.get()));
    PHAROS_CUDA(cudaMemcpyAsync(graph.distances.data() + static_cast<size_t>(q) * k, out_d,
                                static_cast<size_t>(q_count) * k * sizeof(float), cudaMemcpyDeviceToHost,
                                stream.get()));
  }
  stream.sync();
  t.knn = seconds_since(start);
  if (timings) *timings = t;
  return graph;
}

__global__ void gather_rows_kernel(const float* rows, uint32_t d, const uint32_t* ids, uint32_t count,
                                   float* out) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<size_t>(count) * d) return;
  out[i] = rows[static_cast<size_t>(ids[i / d]) * d + i % d];
}

// Host-side CSR of "rows whose primary list is c" and "rows that probe c".
struct ProbeLists {
  std::vector<uint32_t> member_offsets, members, query_offsets, queries;
};

ProbeLists bucket_probes(const std::vector<uint32_t>& probes, uint32_t n, uint32_t nlist, uint32_t nprobe) {
  ProbeLists lists;
  lists.member_offsets.assign(nlist + 1, 0);
  lists.query_offsets.assign(nlist + 1, 0);
  for (uint32_t i = 0; i < n; ++i) {
    ++lists.member_offsets[probes[static_cast<size_t>(i) * nprobe] + 1];
    for (uint32_t p = 0; p < nprobe; ++p)
      ++lists.query_offsets[probes[static_cast<size_t>(i) * nprobe + p] + 1];
  }
  for (uint32_t c = 0; c < nlist; ++c) {
    lists.member_offsets[c + 1] += lists.member_offsets[c];
    lists.query_offsets[c + 1] += lists.query_offsets[c];
  }
  lists.members.resize(n);
  lists.queries.resize(static_cast<size_t>(n) * nprobe);
  std::vector<uint32_t> member_fill(lists.member_offsets.begin(), lists.member_offsets.end() - 1);
  std::vector<uint32_t> query_fill(lists.query_offsets.begin(), lists.query_offsets.end() - 1);
  for (uint32_t i = 0; i < n; ++i) {
    lists.members[member_fill[probes[static_cast<size_t>(i) * nprobe]]++] = i;
    for (uint32_t p = 0; p < nprobe; ++p)
      lists.queries[query_fill[probes[static_cast<size_t>(i) * nprobe + p]]++] = i;
  }
  return lists;
}

// The lists of the approximate graph: k-means on the same sample from the same start as the CPU
// reference (knn_graph_ivf_cpu).
std::vector<float> train_graph_lists(const float* host_rows, uint32_t n, uint32_t d, uint32_t nlist) {
  std::vector<uint32_t> sample = kmeans_training_sample(n, nlist, 64, 1234);
  std::vector<float> training(sample.size() * d);
  for (size_t i = 0; i < sample.size(); ++i) {
    std::copy_n(host_rows + static_cast<size_t>(sample[i]) * d, d, &training[i * d]);
  }
  std::vector<float> centroids =
      kmeans_initial_centroids(training.data(), static_cast<uint32_t>(sample.size()), d, nlist, 1234);
  Status trained = kmeans(training.data(), static_cast<uint32_t>(sample.size()), d, nlist, 10, centroids);
  if (!trained.is_ok()) throw CudaError(trained.message(), trained.kind() == ErrorKind::resource_exhausted);
  return centroids;
}

// The nprobe nearest centroids of every row (top-k over the centroid columns), on the host.
std::vector<uint32_t> nearest_lists(const Blas& blas, const float* device_rows, uint32_t n, uint32_t d,
                                    const std::vector<float>& centroids, uint32_t nlist, uint32_t nprobe,
                                    DeviceBuffer<float>& scores, uint32_t tile, cudaStream_t stream) {
  DeviceBuffer<float> centroid_rows(static_cast<size_t>(nlist) * d), centroid_norms(nlist);
  centroid_rows.upload(centroids.data(), centroids.size(), stream);
  row_norms_kernel<<<blocks_for(static_cast<size_t>(nlist) * 32, 256), 256, 0, stream>>>(
      centroid_rows.get(), nlist, d, centroid_norms.get());
  DeviceBuffer<float> probe_d(static_cast<size_t>(n) * nprobe);
  DeviceBuffer<uint32_t> probe_i(static_cast<size_t>(n) * nprobe);
  fill_state_kernel<<<blocks_for(static_cast<size_t>(n) * nprobe, 256), 256, 0, stream>>>(
      probe_d.get(), probe_i.get(), static_cast<size_t>(n) * nprobe);
  PHAROS_CUDA(cudaGetLastError());
  for (uint32_t q = 0; q < n; q += tile) {
    uint32_t count = std::min(tile, n - q);
    blas.dot_products(device_rows + static_cast<size_t>(q) * d, count, centroid_rows.get(), nlist, d,
                      scores.get());
    // Rank centroids by |c|² - 2x·c (no row norms, no clamp): the row's own norm does not change
    // the order.
    merge_tile({scores.get(), count, nlist, nullptr, 0, nullptr, 0, nullptr, centroid_norms.get(), false,
                false, probe_d.get() + static_cast<size_t>(q) * nprobe,
                probe_i.get() + static_cast<size_t>(q) * nprobe, nprobe, TileMetric::l2},
               stream);
  }
  std::vector<uint32_t> probes(static_cast<size_t>(n) * nprobe);
  probe_i.download(probes.data(), probes.size(), stream);
  return probes;
}

KnnGraph approximate_graph(const float* host_rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                           const ApproximateGraphParams& params, const Options& options, Timings* timings) {
  Timings t;
  auto start = std::chrono::steady_clock::now();
  uint32_t nlist = std::max(1u, std::min(params.nlist, n));
  uint32_t nprobe = std::max(1u, std::min({params.nprobe, nlist, kMaxTopK}));
  std::vector<float> centroids = train_graph_lists(host_rows, n, d, nlist);

  Stream stream;
  size_t budget = budget_of(options);
  const uint32_t tile = 8192, column_tile = 16384;
  // Per row: the row, its norm, the graph (ids + distances) and, while refining, its next version,
  // its list membership and its nprobe list queries. Fixed: the score tile and the gathered rows.
  const size_t per_row = d + 4 * static_cast<size_t>(k) + 2 + nprobe;
  const size_t fixed = static_cast<size_t>(tile) * std::max(column_tile, nlist) +
                       static_cast<size_t>(tile + column_tile) * d;
  if ((static_cast<size_t>(n) * per_row + fixed) * sizeof(float) > budget) {
    throw CudaError("approximate graph: rows exceed the device budget", true);
  }
  DeviceRows rows(host_rows, n, d, budget * 4, 0, stream.get());
  DeviceBuffer<float> norms(n);
  row_norms_kernel<<<blocks_for(static_cast<size_t>(n) * 32, 256), 256, 0, stream.get()>>>(rows.all.get(), n,
                                                                                           d, norms.get());
  PHAROS_CUDA(cudaGetLastError());
  stream.sync();
  t.upload = seconds_since(start);

  start = std::chrono::steady_clock::now();
  // fp32 even with options.tf32: there is no re-rank here, and refinement compares these
  // distances with ones it recomputes in fp32.
  Blas blas(stream.get(), false);
  DeviceBuffer<float> scores(static_cast<size_t>(tile) * std::max(column_tile, nlist));
  std::vector<uint32_t> probes =
      nearest_lists(blas, rows.all.get(), n, d, centroids, nlist, nprobe, scores, tile, stream.get());
  ProbeLists lists = bucket_probes(probes, n, nlist, nprobe);
  DeviceBuffer<uint32_t> members(n), queries(lists.queries.size());
  members.upload(lists.members.data(), n, stream.get());
  queries.upload(lists.queries.data(), lists.queries.size(), stream.get());

  DeviceBuffer<float> state_d(static_cast<size_t>(n) * k), query_rows(static_cast<size_t>(tile) * d),
      member_rows(static_cast<size_t>(column_tile) * d);
  DeviceBuffer<uint32_t> state_i(static_cast<size_t>(n) * k);
  fill_state_kernel<<<blocks_for(static_cast<size_t>(n) * k, 256), 256, 0, stream.get()>>>(
      state_d.get(), state_i.get(), static_cast<size_t>(n) * k);
  TileMetric tile_metric = metric == GraphMetric::l2 ? TileMetric::l2 : TileMetric::inner_product;
  for (uint32_t c = 0; c < nlist; ++c) {
    for (uint32_t mb = lists.member_offsets[c]; mb < lists.member_offsets[c + 1]; mb += column_tile) {
      uint32_t m_count = std::min(column_tile, lists.member_offsets[c + 1] - mb);
      gather_rows_kernel<<<blocks_for(static_cast<size_t>(m_count) * d, 256), 256, 0, stream.get()>>>(
          rows.all.get(), d, members.get() + mb, m_count, member_rows.get());
      for (uint32_t qb = lists.query_offsets[c]; qb < lists.query_offsets[c + 1]; qb += tile) {
        uint32_t q_count = std::min(tile, lists.query_offsets[c + 1] - qb);
        gather_rows_kernel<<<blocks_for(static_cast<size_t>(q_count) * d, 256), 256, 0, stream.get()>>>(
            rows.all.get(), d, queries.get() + qb, q_count, query_rows.get());
        blas.dot_products(query_rows.get(), q_count, member_rows.get(), m_count, d, scores.get());
        merge_tile({scores.get(), q_count, m_count, queries.get() + qb, 0, members.get() + mb, 0, norms.get(),
                    norms.get(), true, true, state_d.get(), state_i.get(), k, tile_metric},
                   stream.get());
      }
    }
  }
  stream.sync();
  t.knn = seconds_since(start);

  start = std::chrono::steady_clock::now();
  refine_on_device(rows.all.get(), n, d, metric, k, params.refine_fanout, params.refine_rounds, state_i,
                   state_d, stream.get());
  stream.sync();
  t.refine = seconds_since(start);
  KnnGraph graph;
  graph.n = n;
  graph.k = k;
  graph.ids.resize(static_cast<size_t>(n) * k);
  graph.distances.resize(static_cast<size_t>(n) * k);
  state_i.download(graph.ids.data(), graph.ids.size(), stream.get());
  state_d.download(graph.distances.data(), graph.distances.size(), stream.get());
  if (timings) *timings = t;
  return graph;
}

// No rows: nothing to launch (a grid of zero blocks is a CUDA error).
KnnGraph empty_graph(uint32_t k) {
  KnnGraph graph;
  graph.k = k;
  return graph;
}

}  // namespace

Result<KnnGraph> knn_graph_exact(const float* rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                                 const Options& options, Timings* timings) {
  if (k == 0 || k > kMaxTopK) return Status(ErrorKind::invalid_argument, "kNN degree must be in [1, 128]");
  if (n == 0) return empty_graph(k);
  return guarded<KnnGraph>("gpu exact kNN graph",
                           [&] { return exact_graph(rows, n, d, metric, k, options, timings); });
}

Result<KnnGraph> knn_graph_approximate(const float* rows, uint32_t n, uint32_t d, GraphMetric metric,
                                       uint32_t k, const ApproximateGraphParams& params,
                                       const Options& options, Timings* timings) {
  if (k == 0 || k > kMaxTopK) return Status(ErrorKind::invalid_argument, "kNN degree must be in [1, 128]");
  if (n == 0) return empty_graph(k);
  return guarded<KnnGraph>("gpu approximate kNN graph", [&] {
    return approximate_graph(rows, n, d, metric, k, params, options, timings);
  });
}

Result<KnnGraph> refine_knn_graph(const float* rows, uint32_t d, GraphMetric metric, const KnnGraph& graph,
                                  uint32_t fanout) {
  if (graph.k == 0 || graph.k > kMaxTopK) return Status(ErrorKind::invalid_argument, "k must be in [1, 128]");
  if (graph.n == 0) return empty_graph(graph.k);
  return guarded<KnnGraph>("gpu kNN graph refinement", [&] {
    Stream stream;
    const size_t cells = static_cast<size_t>(graph.n) * graph.k;
    DeviceBuffer<float> device_rows(static_cast<size_t>(graph.n) * d), dist(cells);
    DeviceBuffer<uint32_t> ids(cells);
    device_rows.upload(rows, device_rows.size(), stream.get());
    ids.upload(graph.ids.data(), cells, stream.get());
    dist.upload(graph.distances.data(), cells, stream.get());
    refine_on_device(device_rows.get(), graph.n, d, metric, graph.k, fanout, 1, ids, dist, stream.get());
    KnnGraph out;
    out.n = graph.n;
    out.k = graph.k;
    out.ids.resize(cells);
    out.distances.resize(cells);
    ids.download(out.ids.data(), cells, stream.get());
    dist.download(out.distances.data(), cells, stream.get());
    return out;
  });
}

Result<KnnGraph> select_top_k(const float* distances, uint32_t rows, uint32_t cols, uint32_t k) {
  if (k == 0 || k > kMaxTopK) return Status(ErrorKind::invalid_argument, "k must be in [1, 128]");
  if (rows == 0 || cols == 0) return empty_graph(k);
  return guarded<KnnGraph>("gpu top-k", [&] {
    Stream stream;
    DeviceBuffer<float> scores(static_cast<size_t>(rows) * cols), state_d(static_cast<size_t>(rows) * k);
    DeviceBuffer<uint32_t> state_i(static_cast<size_t>(rows) * k);
    scores.upload(distances, scores.size(), stream.get());
    fill_state_kernel<<<blocks_for(state_d.size(), 256), 256, 0, stream.get()>>>(state_d.get(), state_i.get(),
                                                                                 state_d.size());
    merge_tile({scores.get(), rows, cols, nullptr, 0, nullptr, 0, nullptr, nullptr, false, false,
                state_d.get(), state_i.get(), k, TileMetric::raw},
               stream.get());
    KnnGraph graph;
    graph.n = rows;
    graph.k = k;
    graph.ids.resize(state_i.size());
    graph.distances.resize(state_d.size());
    state_i.download(graph.ids.data(), graph.ids.size(), stream.get());
    state_d.download(graph.distances.data(), graph.distances.size(), stream.get());
    return graph;
  });
}

}  // namespace pharos::gpu::device
