// Orchestration of the graph build on either executor (see graph_index_build.h).
#include "gpu/graph_index_build.h"

#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

#include "gpu/device_api.h"
#include "gpu/kmeans.h"
#include "gpu/parallel_for.h"

namespace pharos::gpu {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Both pipelines rank by |x|² + |y|² - 2x·y in fp32. Ingest refuses NaN and infinity, but a row
// with components past ~1.8e19 still has an infinite squared norm, and inf - inf turns every
// distance of it into NaN: its nearest list would be "none" and the list bookkeeping would index
// with kNoNeighbor. Such a segment goes to the CPU builder (faiss) instead.
Status require_finite_norms(const float* rows, uint32_t n, uint32_t d) {
  std::atomic<bool> finite{true};
  parallel_for_rows(n, [&](uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end && finite.load(std::memory_order_relaxed); ++i) {
      const float* row = rows + static_cast<size_t>(i) * d;
      float norm = 0;
      for (uint32_t j = 0; j < d; ++j) norm += row[j] * row[j];
      if (!std::isfinite(norm)) finite = false;
    }
  });
  if (finite) return Status::ok();
  return Status(ErrorKind::invalid_argument, "a vector's squared norm overflows float: built on the CPU instead");
}

Result<KnnGraph> knn_graph(const float* rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                           Executor executor, const GraphBuildOptions& options, BuildReport& report) {
  uint32_t exact_max = options.exact_knn_max_rows ? options.exact_knn_max_rows
                                                  : (executor == Executor::gpu ? 262'144u : 20'000u);
  report.approximate_knn = n > exact_max;
  ApproximateGraphParams params = options.approximate.value_or(approximate_graph_params(n));
  if (executor == Executor::cpu_reference) {
    auto start = std::chrono::steady_clock::now();
    KnnGraph graph = report.approximate_knn ? knn_graph_approximate_cpu(rows, n, d, metric, k, params)
                                            : knn_graph_exact_cpu(rows, n, d, metric, k);
    report.knn_s = seconds_since(start);
    return graph;
  }
  device::Options device_options;
  device_options.tf32 = options.tf32;
  device::Timings timings;
  auto graph = report.approximate_knn
                   ? device::knn_graph_approximate(rows, n, d, metric, k, params, device_options, &timings)
                   : device::knn_graph_exact(rows, n, d, metric, k, device_options, &timings);
  report.upload_s = timings.upload;
  report.knn_s = timings.knn + timings.refine;
  return graph;
}

}  // namespace

Result<std::unique_ptr<faiss::IndexHNSWFlat>> build_hnsw_from_graph(const float* rows, uint32_t n, uint32_t d,
                                                                    const HnswShape& shape, Executor executor,
                                                                    const GraphBuildOptions& options,
                                                                    BuildReport* report_out) {
  auto total_start = std::chrono::steady_clock::now();
  BuildReport report;
  report.executor = executor;
  const uint32_t degree = 2 * shape.m;
  if (shape.m == 0 || degree > 256) return Status(ErrorKind::invalid_argument, "hnsw m must be in [1, 128]");
  PHAROS_RETURN_IF_ERROR(require_finite_norms(rows, n, d));
  uint32_t k = options.knn_degree ? options.knn_degree : default_knn_degree(degree);
  k = std::max(1u, std::min({k, 128u, n > 1 ? n - 1 : 1u}));
  report.knn_degree = k;

  PHAROS_ASSIGN_OR_RETURN(KnnGraph knn, knn_graph(rows, n, d, shape.metric, k, executor, options, report));
  FixedDegreeGraph merged;
  if (executor == Executor::gpu) {
    device::Timings timings;
    PHAROS_ASSIGN_OR_RETURN(FixedDegreeGraph pruned, device::prune_rank_based(knn, degree, &timings));
    knn = KnnGraph{};  // ~1 GB at 1M rows, k = 128: nothing after the pruning reads it
    PHAROS_ASSIGN_OR_RETURN(merged, device::merge_reverse_edges(pruned, &timings));
    report.prune_s = timings.prune;
    report.reverse_s = timings.reverse;
  } else {
    auto start = std::chrono::steady_clock::now();
    FixedDegreeGraph pruned = prune_rank_based_cpu(knn, degree);
    knn = KnnGraph{};
    report.prune_s = seconds_since(start);
    start = std::chrono::steady_clock::now();
    merged = merge_reverse_edges_cpu(pruned);
    report.reverse_s = seconds_since(start);
  }
  auto start = std::chrono::steady_clock::now();
  auto index = assemble_hnsw(rows, n, d, std::move(merged), shape, &report.assembly);
  report.upper_levels_s = report.assembly.upper_levels_seconds;
  report.assemble_s = seconds_since(start);
  report.total_s = seconds_since(total_start);
  if (report_out) *report_out = report;
  return index;
}

Result<std::unique_ptr<faiss::Index>> build_ivf_on_gpu(const float* rows, uint32_t n, uint32_t d,
                                                       const IvfShape& shape_in, BuildReport* report) {
  auto total_start = std::chrono::steady_clock::now();
  PHAROS_RETURN_IF_ERROR(require_finite_norms(rows, n, d));
  IvfShape shape = shape_in;
  shape.nlist = std::max(1u, std::min(shape.nlist, n));
  const uint64_t seed = 1234;
  std::vector<uint32_t> sample = kmeans_training_sample(n, shape.nlist, 256, seed);
  std::vector<float> training(sample.size() * d);
  for (size_t i = 0; i < sample.size(); ++i)
    std::copy_n(rows + static_cast<size_t>(sample[i]) * d, d, &training[i * d]);
  IvfTrained trained;
  trained.centroids =
      kmeans_initial_centroids(training.data(), static_cast<uint32_t>(sample.size()), d, shape.nlist, seed);
  PHAROS_RETURN_IF_ERROR(device::kmeans(training.data(), static_cast<uint32_t>(sample.size()), d, shape.nlist,
                                        20, trained.centroids));
  PHAROS_ASSIGN_OR_RETURN(trained.assignment,
                          device::assign_to_centroids(rows, n, d, trained.centroids.data(), shape.nlist,
                                                      shape.metric == GraphMetric::inner_product));
  if (shape.encoding == IvfEncoding::pq) {
    PHAROS_RETURN_IF_ERROR(train_pq_codebooks(
        rows, n, d, shape, seed, trained,
        [](const float* sub, uint32_t rows_n, uint32_t dim, uint32_t k, uint64_t s) -> Result<std::vector<float>> {
          std::vector<float> book = kmeans_initial_centroids(sub, rows_n, dim, k, s);
          PHAROS_RETURN_IF_ERROR(device::kmeans(sub, rows_n, dim, k, 15, book));
          return book;
        }));
    const uint32_t pq_m = resolve_pq_m(shape.pq_m, d), ksub = 1u << shape.pq_nbits;
    if (shape.pq_nbits == 8) {
      std::vector<uint32_t> all(n);
      for (uint32_t i = 0; i < n; ++i) all[i] = i;
      std::vector<float> all_residuals = ivf_residuals(rows, n, d, trained, all);
      PHAROS_ASSIGN_OR_RETURN(trained.codes, device::pq_encode(all_residuals.data(), n, d, pq_m, ksub,
                                                               trained.pq_codebooks.data()));
    }
  }
  auto index = assemble_ivf(rows, n, d, shape, trained);
  if (report) {
    report->executor = Executor::gpu;
    report->total_s = seconds_since(total_start);
  }
  return index;
}

}  // namespace pharos::gpu
